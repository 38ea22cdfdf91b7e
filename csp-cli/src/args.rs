//! The command line, as clap parses it. Values stay text here: the commands convert them with
//! csp-core's own parsers, so a bad date or currency is reported with the core's error code.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// `csp`: Microsoft Cloud Solution Provider (2015 program) agreements, price lists, charges and
/// the partner's monthly bills.
///
/// Dates are `YYYY-MM-DD` (UTC), months `YYYY-MM`. Errors go to stderr as
/// `error[<code>]: <message>`; the exit status is 2 for a refusal or bad argument,
/// 1 for a file that cannot be read.
#[derive(Debug, Parser)]
#[command(name = "csp", version)]
pub struct Cli {
    /// Output format: aligned table for people, csv or json for machines.
    #[arg(long, value_enum, default_value_t = Format::Table, global = true)]
    pub format: Format,

    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned plain-text columns, money right-aligned.
    Table,
    /// Comma-separated values with a header row.
    Csv,
    /// Pretty-printed JSON, in the core types' serde form.
    Json,
}

/// The top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show a reseller agreement's status on a date and its first terms.
    Agreement(AgreementArgs),
    /// Read, query and compare price lists.
    #[command(subcommand)]
    PriceList(PriceListCommand),
    /// Replay a scenario file and list the charge lines Microsoft bills the partner.
    ///
    /// The scenario is a JSON document, format version 1 (see testdata/scenarios/README.md):
    /// customers, offers, monthly price lists and dated subscription events. Unknown fields
    /// are refused, and money is a decimal string ("4.00"), never a JSON number.
    ///
    /// A price list may be given as `"csv_file": "PATH"` instead of `rows` or `csv`: the
    /// legacy CSV file at PATH, relative to the scenario file's directory. The command reads
    /// that file (reading files is this command's job) and the library parses it into the
    /// list's rows; a parse error names the list, the file, the line and the column.
    ///
    /// A refused event is reported as `error[<code>]: FILE: event <index> (<date>
    /// <subscription> <type>): <message>`, index counting from 0 in the file's `events`.
    /// A subscription whose renewal cannot be priced stops there (its later lines are not
    /// billed) and is named in a `warning[<code>]` on stderr. The table ends with the total
    /// of the lines per currency.
    ///
    /// csv and json rows are written as the replay produces them, so a distributor's book
    /// streams in memory bounded by its subscriptions. On a refusal, output still buffered
    /// (64 KiB) is dropped: a short output prints nothing, a long one stops where it is,
    /// incomplete (json unterminated), with the error on stderr and exit status 2. Use only
    /// the output of a run that exited 0.
    Charges(ChargesArgs),
    /// Who may do what to a customer's tenant and subscriptions (SPEC §7): deny by default,
    /// every decision names its rule.
    #[command(subcommand)]
    Access(AccessCommand),
    /// The partner's monthly bills (SPEC §8): each customer's invoice and the partner's
    /// statement, from a scenario file with `partner` settings.
    ///
    /// The bill of month M is issued on the partner's billing day of M and covers the charge
    /// lines dated from the previous billing day to the day before. Table: every invoice as
    /// a finance team would send it, then the statement (cost, revenue, margin and financed
    /// balance per customer, with totals) and the reseller agreement's status. json: the
    /// whole bill run (keep it: it is what `--issued` reads next month). csv: one row per
    /// invoice line, for a ledger; the statement is in the json and table forms only.
    Bill(BillArgs),
    /// The built-in demo partner (Contoso Cloud Partners Ltd, four customers, early 2016):
    /// `csp bill` on testdata/scenarios/demo-partner.json, first invoice number 1001.
    Demo(DemoArgs),
    /// Reconcile Microsoft's recon file of a month against the scenario's lines (SPEC-NCE
    /// §15), re-derived from the event history: every difference with its class (price,
    /// exchange rate, convention, rounding, amount, quantity, missing, unexpected, not
    /// modelled, out of scope), totals that add up to the cent, and audit coverage.
    ///
    /// An NCE scenario (version 2) reads Microsoft's NCE invoice recon file (the lines
    /// ordered in the month); a legacy scenario (version 1) reads the license-based recon
    /// file (the lines of the partner's bill window, or the calendar month without
    /// `partner`, in Microsoft's reconciliation form). Table: status, totals, coverage, then
    /// the differences grouped by class and customer, largest first. csv: one row per entry
    /// listed; json: the whole report (SPEC-NCE §15.12).
    ///
    /// Exit status: 0 when the reconciliation is clean, 3 (after the report) when
    /// differences remain or nothing was audited, 2 for a refusal, 1 for a file that cannot
    /// be read.
    Reconcile(ReconcileArgs),
    /// GDAP relationships (SPEC-NCE §18) from a GDAP document (JSON: users, DAP grants,
    /// relationships with their events): timelines and access decisions at an instant.
    #[command(subcommand)]
    Gdap(GdapCommand),
}

/// `csp gdap …` subcommands.
#[derive(Debug, Subcommand)]
pub enum GdapCommand {
    /// Every relationship's timeline as of an instant: status, roles, duration, auto-extend,
    /// request expiry, activation, end (with the auto-extensions so far), termination, the
    /// instants it auto-extended at, the expiry notices due, the active interval and the
    /// access assignments.
    Timeline(GdapTimelineArgs),
    /// May this partner user do this administrative action for the customer at this instant?
    /// GDAP roles first, then DAP (SPEC §7), else deny; prints the decision, its rule and
    /// reason. The exit status is 0 whether the action is allowed or not.
    Check(GdapCheckArgs),
}

/// Arguments of `csp gdap timeline`.
#[derive(Debug, Args)]
pub struct GdapTimelineArgs {
    /// The GDAP document (JSON).
    pub file: PathBuf,

    /// The instant: YYYY-MM-DDTHH:MM:SSZ (UTC) or a date YYYY-MM-DD (00:00:00Z). Default:
    /// today 00:00:00Z (UTC, from the system clock).
    #[arg(long, value_name = "INSTANT")]
    pub as_of: Option<String>,
}

/// Arguments of `csp gdap check`.
#[derive(Debug, Args)]
pub struct GdapCheckArgs {
    /// The GDAP document (JSON).
    pub file: PathBuf,

    /// The user's id (one of the document's `users`).
    #[arg(long, value_name = "ID")]
    pub user: String,

    /// The action (snake_case), e.g. reset_user_password, configure_exchange_online,
    /// read_directory.
    #[arg(long, value_name = "ACTION")]
    pub action: String,

    /// The customer (default: the document's only customer).
    #[arg(long, value_name = "ID")]
    pub customer: Option<String>,

    /// The instant: YYYY-MM-DDTHH:MM:SSZ (UTC) or a date YYYY-MM-DD (00:00:00Z).
    #[arg(long, value_name = "INSTANT")]
    pub at: String,
}

/// Arguments of `csp reconcile`.
#[derive(Debug, Args)]
pub struct ReconcileArgs {
    /// The scenario file (JSON, version 1 or 2).
    pub scenario: PathBuf,

    /// Microsoft's recon file (CSV) of the month.
    pub recon: PathBuf,

    /// The invoice month (YYYY-MM).
    #[arg(long, value_name = "YYYY-MM")]
    pub month: String,

    /// Also audit this customer's rows (the scenario's customers with lines in the month are
    /// always in scope); repeat for several. Rows of other customers are out of scope.
    #[arg(long = "customer", value_name = "ID")]
    pub customers: Vec<String>,

    /// Leave this product out (NCE ProductId, legacy DurableOfferId), e.g. an Azure plan;
    /// repeat for several.
    #[arg(long = "exclude-product", value_name = "ID")]
    pub excluded_products: Vec<String>,

    /// List the matched entries too.
    #[arg(long)]
    pub include_matched: bool,

    /// List the out-of-scope rows too.
    #[arg(long)]
    pub include_out_of_scope: bool,

    /// The invoice's total (NCE): the report checks Σ Total of the rows − credit notes
    /// against it.
    #[arg(long, value_name = "AMOUNT")]
    pub invoice_total: Option<String>,

    /// Also write the report as one self-contained HTML page (charts of the differences by
    /// class and customer) to PATH.
    #[arg(long, value_name = "PATH")]
    pub html: Option<std::path::PathBuf>,

    /// The credit notes of the month, for the invoice check (default 0).
    #[arg(long, value_name = "AMOUNT", requires = "invoice_total")]
    pub credit_notes: Option<String>,
}

/// What `csp bill` and `csp demo` print.
#[derive(Debug, Args)]
pub struct BillViewArgs {
    /// Print only this customer's bill (by customer id). Every bill is still computed, so
    /// invoice numbers do not depend on the filter; the totals are then this customer's, and
    /// the json is marked `filtered_to_customer` (`--issued` refuses it).
    #[arg(long, value_name = "ID")]
    pub customer: Option<String>,

    /// Also print the next N bills, projected: what they will be if nothing else happens, at
    /// the locked prices, until the terms end (renewals are not projected). Projected bills
    /// are marked as such (invoice number `projected`) and never mixed with the billed ones;
    /// the json is then an array of runs, the billed one first.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub project: u32,
}

/// Arguments of `csp bill`.
#[derive(Debug, Args)]
pub struct BillArgs {
    /// The scenario file (JSON, version 1) with the partner's settings in `partner`.
    pub scenario: PathBuf,

    /// The month to bill (YYYY-MM).
    #[arg(long, value_name = "YYYY-MM")]
    pub month: String,

    /// The bills issued before, for corrections: the JSON printed by an earlier `csp bill
    /// --format json` (a bill run, or an array of the runs of several months; a run's bare
    /// `bills` array also works, but only a run tells that a month was billed with no bill at
    /// all). Give runs printed without --customer: in a billed month, a customer without a
    /// bill counts as billed nothing. A back-dated change then appears as `Adjustment to
    /// <month>` lines on this bill; the issued bills never change.
    #[arg(long, value_name = "FILE")]
    pub issued: Option<PathBuf>,

    /// The first invoice number's sequence (numbers are the partner's prefix + N, N + 1, …
    /// in customer order, so reruns give the same numbers). By default, one after the highest
    /// number the --issued runs used with the partner's prefix (1 without them). A number an
    /// issued run already used is refused (duplicate_invoice_number).
    #[arg(long, value_name = "N")]
    pub first_number: Option<u64>,

    /// What to print.
    #[command(flatten)]
    pub view: BillViewArgs,

    /// For a two-tier book (an NCE scenario with a `channel`, SPEC-NCE §17): which tier's
    /// bills to print. `all` (the default): every tier and the margin statement (its json is
    /// what `--issued` reads for such a book); `provider`: the provider's bills to its own
    /// customers and to each reseller; `reseller:ID`: that reseller's bills to its customers;
    /// `margins`: the margin statement only.
    #[arg(long, value_name = "TIER")]
    pub tier: Option<String>,
}

/// Arguments of `csp demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The month to bill (YYYY-MM).
    #[arg(long, value_name = "YYYY-MM", default_value = "2016-03")]
    pub month: String,

    /// What to print.
    #[command(flatten)]
    pub view: BillViewArgs,
}

/// `csp access …` subcommands.
#[derive(Debug, Subcommand)]
pub enum AccessCommand {
    /// Every role profile's decision for every action: a matrix for a partner's support-model
    /// document (table: one row per action, one column per profile, then the profiles and the
    /// rules that decided; csv: one row per cell; json: the cells and the rules).
    Matrix(AccessMatrixArgs),
    /// May this actor do this action? Prints the decision, its rule and reason. The exit
    /// status is 0 whether the action is allowed or not (it is a query); bad arguments exit 2.
    Check(AccessCheckArgs),
}

/// The program the rules are read from.
#[derive(Debug, Args)]
pub struct ProgramArgs {
    /// The CSP program, by name.
    #[arg(long, value_name = "NAME", default_value = "legacy_2015")]
    pub program: String,

    /// Let a customer remove its CSP partner's delegated admin privileges (the 2015 program
    /// does not).
    #[arg(long)]
    pub customer_may_remove_csp_delegated_admin: bool,
}

/// Arguments of `csp access matrix`.
#[derive(Debug, Args)]
pub struct AccessMatrixArgs {
    /// The program.
    #[command(flatten)]
    pub program: ProgramArgs,

    /// Only the profiles of this kind of actor (SPEC-NCE §17.1): direct_bill (the `csp_…`
    /// profiles), indirect_provider, indirect_reseller, advisor or customer. Repeat for
    /// several; without it, every profile.
    #[arg(long = "kind", value_name = "KIND")]
    pub kinds: Vec<String>,
}

/// Arguments of `csp access check`.
#[derive(Debug, Args)]
pub struct AccessCheckArgs {
    /// Who acts: `KIND:ROLE[+ROLE…]` for a partner user, KIND one of `csp` (a direct-bill
    /// partner; `direct_bill` is read the same), `indirect_provider`, `indirect_reseller`,
    /// `advisor`; or `customer:ROLE`. E.g. `csp:admin_agent`, `csp:global_admin+admin_agent`,
    /// `indirect_reseller:admin_agent`, `customer:global_admin`. Partner roles: global_admin,
    /// admin_agent, sales_agent, helpdesk_agent, billing_admin; customer roles: global_admin,
    /// other_admin, user.
    #[arg(long, value_name = "ACTOR")]
    pub actor: String,

    /// The action (snake_case), e.g. configure_exchange_online, add_seats,
    /// remove_delegated_admin, change_subscription, attest_customer_agreement,
    /// set_reseller_of_record, link_reseller, view_reseller_bills.
    #[arg(long, value_name = "ACTION")]
    pub action: String,

    /// The partner does not hold delegated admin privileges for the customer.
    #[arg(long)]
    pub no_delegated_admin: bool,

    /// The partner is not the customer's CSP partner: it has no CustomerRelationship with the
    /// customer (e.g. an advisor; SPEC-NCE §17.1).
    #[arg(long)]
    pub not_csp_partner: bool,

    /// The program.
    #[command(flatten)]
    pub program: ProgramArgs,
}

/// Arguments of `csp charges`.
#[derive(Debug, Args)]
pub struct ChargesArgs {
    /// The scenario file (JSON, version 1).
    pub scenario: PathBuf,

    /// Replay through this date (YYYY-MM-DD) instead of the scenario's `as_of`. Events after
    /// it are refused (date_after_as_of), not skipped.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    /// NCE books: print the lines in ERP-safe form, for an import that checks unit ×
    /// quantity = amount: each line at a unit in the billing currency that multiplies out,
    /// plus a `rounding` row of quantity 1 for the rest of Microsoft's subtotal when there is
    /// one (columns order_date … charge_end, row, unit, quantity, amount, currency).
    #[arg(long)]
    pub erp_safe: bool,
}

/// Arguments of `csp agreement`.
#[derive(Debug, Args)]
pub struct AgreementArgs {
    /// Signing date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub signed: String,

    /// Kind of agreement: `mcra` (the 2015 Microsoft Cloud Reseller Agreement: terms end each
    /// 31 August, 30 days' notice) or `perpetual` (one term, notices have no effect).
    #[arg(long, default_value = "mcra", value_name = "KIND")]
    pub kind: String,

    /// A non-renewal notice, `DATE` or `DATE:partner` / `DATE:microsoft` (default: partner).
    /// Repeat for several notices.
    #[arg(long, value_name = "DATE[:PARTY]")]
    pub notice: Vec<String>,

    /// The date to report the status on (default: today, UTC).
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,

    /// How many terms to list (fewer when notices end the agreement earlier).
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub terms: u32,
}

/// `csp price-list …` subcommands.
#[derive(Debug, Subcommand)]
pub enum PriceListCommand {
    /// Show a price file's rows, or with --on the price governing one date.
    ///
    /// The format (legacy monthly list or NCE price sheet) is detected from the header.
    /// Legacy with --on needs --month, --currency and --offer (a legacy file carries neither
    /// its month nor its currency); the price is read as of --as-of (default: the --on date),
    /// so the 30-day visibility rule applies. NCE with --on needs --offer (ProductId:SkuId),
    /// --term, --plan, --market and --currency (always required, never guessed from the file).
    Show(ShowArgs),
    /// The price of one offer on a date from several monthly legacy lists (the 30-day
    /// visibility rule across months).
    Price(PriceArgs),
    /// Compare two legacy price lists offer by offer (ADD, CHG, DEL, UNC).
    Diff(DiffArgs),
}

/// Arguments of `csp price-list show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The price file (legacy monthly list or NCE price sheet, CSV).
    pub file: PathBuf,

    /// Legacy: the month the list is for (YYYY-MM).
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,

    /// Currency (ISO 4217): the legacy list's currency, or the NCE rows to price.
    #[arg(long, value_name = "CUR")]
    pub currency: Option<String>,

    /// Only this offer: a legacy Offer ID (case-insensitive) or an NCE `ProductId:SkuId`.
    #[arg(long, value_name = "ID")]
    pub offer: Option<String>,

    /// Show the price governing this date (YYYY-MM-DD) instead of the rows.
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,

    /// Legacy: the date the price is read on (default: the --on date).
    #[arg(long, value_name = "DATE", requires = "on")]
    pub as_of: Option<String>,

    /// NCE: term duration, e.g. P1M, P1Y, P3Y.
    #[arg(long, value_name = "DURATION")]
    pub term: Option<String>,

    /// NCE: billing plan, e.g. monthly, annual, triennial.
    #[arg(long, value_name = "PLAN")]
    pub plan: Option<String>,

    /// NCE: market (country code), e.g. US.
    #[arg(long, value_name = "MARKET")]
    pub market: Option<String>,

    /// NCE: the customer's segment (commercial, education, government, nonprofit), for a
    /// sheet with a Segment column.
    #[arg(long, value_name = "SEGMENT")]
    pub segment: Option<String>,

    /// NCE: the seat count, to pick the tier whose range holds it in a tiered sheet.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub seats: Option<i64>,
}

/// Arguments of `csp price-list price`.
#[derive(Debug, Args)]
pub struct PriceArgs {
    /// A monthly legacy list, `YYYY-MM=FILE`; repeat for each month.
    #[arg(long = "list", value_name = "YYYY-MM=FILE", required = true)]
    pub lists: Vec<String>,

    /// The lists' currency (ISO 4217).
    #[arg(long, value_name = "CUR")]
    pub currency: String,

    /// The offer (legacy Offer ID, case-insensitive).
    #[arg(long, value_name = "ID")]
    pub offer: String,

    /// The date to price (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub on: String,

    /// The date the price is read on (default: the --on date).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

/// Arguments of `csp price-list diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The older legacy price list.
    pub old: PathBuf,
    /// The newer legacy price list.
    pub new: PathBuf,
}
