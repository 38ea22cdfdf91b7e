//! `csp bill` and `csp demo`: the partner's monthly bills (SPEC §8), computed by the core
//! from a scenario file (or the built-in demo partner) and printed as invoices and a
//! statement, one CSV row per invoice line, or the bill run as JSON.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use csp_core::agreement::Agreement;
use csp_core::billing::{Bill, BillRun, FirstNumber, Invoice, InvoiceLine, LineSource, Totals};
use csp_core::calendar::{Period, YearMonth};
use csp_core::catalog::{Customer, CustomerId};
use csp_core::money::Money;
use csp_core::scenario::nce::NCE_SCENARIO_VERSION;
use csp_core::scenario::Scenario;
use csp_core::Error;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::args::{BillArgs, BillViewArgs, DemoArgs, Format};
use crate::failure::{CliResult, Failure};
use crate::input;
use crate::output::{cell, grouped, key_values, write_text, Align, CsvRows, Table};
use crate::scenario_file;

/// The built-in demo partner's scenario.
const DEMO: &str = include_str!("../../testdata/scenarios/demo-partner.json");

/// How errors about the built-in scenario name it.
const DEMO_FILE: &str = "demo-partner.json (built in)";

/// The demo's first invoice sequence number.
const DEMO_FIRST_NUMBER: u64 = 1001;

/// Description column width in invoice tables (keeps them under 100 columns).
const DESCRIPTION_WIDTH: usize = 40;

/// Runs `csp bill`.
///
/// # Errors
/// `invalid_input` for a bad `--month` or an `--issued` file that is not bills; `io`; the
/// scenario's parse errors (see [`scenario_file::load_text`]); `unknown_customer` for a
/// `--customer` the scenario does not know; the core's refusals (`invalid_scenario` without
/// `partner`, a refused event with its index, invalid settings, `duplicate_invoice_number`
/// for a `--first-number` an issued run used). Without `--first-number`, numbers continue
/// after the highest the `--issued` runs used with the partner's prefix (1 without them).
pub fn run(args: &BillArgs, format: Format, out: &mut dyn Write) -> CliResult<()> {
    let month = input::parse::<YearMonth>(&args.month)?;
    let text = input::read_text(&args.scenario)?;
    if csp_core::scenario::version_of(&text) == Ok(NCE_SCENARIO_VERSION) {
        return nce_bill(args, &text, month, format, out);
    }
    if args.tier.is_some() {
        return Err(Failure::Usage(
            "--tier is for two-tier books (an NCE scenario with a `channel`)".to_string(),
        ));
    }
    let scenario = scenario_file::load_text(&args.scenario, &text)?;
    let issued = match &args.issued {
        Some(path) => read_issued(path)?,
        None => Vec::new(),
    };
    let runs = bill(
        &scenario,
        &args.scenario,
        month,
        &issued,
        args.first_number.into(),
        &args.view,
    )?;
    let agreement = scenario.partner.as_ref().and_then(|p| p.agreement.as_ref());
    render(runs, agreement, args.view.customer.as_deref(), format, out)
}

/// `csp bill` on an NCE scenario (version 2): the partner's bill over Microsoft's NCE lines.
/// `--project` is refused (projections replay the legacy lifecycle only, for now).
fn nce_bill(
    args: &BillArgs,
    text: &str,
    month: YearMonth,
    format: Format,
    out: &mut dyn Write,
) -> CliResult<()> {
    if args.view.project > 0 {
        return Err(Failure::Usage(
            "--project is not available for NCE scenarios yet".to_string(),
        ));
    }
    let scenario = crate::nce_charges::load(&args.scenario, text)?;
    if scenario.channel.is_some() {
        return crate::channel_cmd::run(args, &scenario, month, format, out);
    }
    if args.tier.is_some() {
        return Err(Failure::Usage(
            "--tier is for two-tier books: this scenario has no `channel`".to_string(),
        ));
    }
    let issued = match &args.issued {
        Some(path) => read_issued(path)?,
        None => Vec::new(),
    };
    let run = scenario
        .bill(month, &issued, args.first_number)
        .map_err(|r| crate::nce_charges::refused(&args.scenario, r))?;
    let customer = known_customer(&args.scenario, &scenario.customers, &args.view)?;
    let runs = match customer {
        Some(id) => vec![run.for_customer(&id)?],
        None => vec![run],
    };
    let agreement = scenario.partner.as_ref().and_then(|p| p.agreement.as_ref());
    render(runs, agreement, args.view.customer.as_deref(), format, out)
}

/// Runs `csp demo`: `csp bill` on the built-in demo partner, first invoice number 1001,
/// with a one-line banner before the table.
///
/// # Errors
/// As [`run`] (the built-in scenario itself always reads).
pub fn demo(args: &DemoArgs, format: Format, out: &mut dyn Write) -> CliResult<()> {
    let month = input::parse::<YearMonth>(&args.month)?;
    let file = PathBuf::from(DEMO_FILE);
    let scenario = Scenario::from_json(DEMO).map_err(|e| Failure::in_file(&file, e))?;
    let runs = bill(
        &scenario,
        &file,
        month,
        &[],
        FirstNumber::Given(DEMO_FIRST_NUMBER),
        &args.view,
    )?;
    if let (Format::Table, Some(run)) = (format, runs.first()) {
        write_text(
            out,
            &format!(
                "Demo partner: {} — bills issued {} for charges {}\n\n",
                run.partner,
                run.issue_date,
                period(&run.window)
            ),
        )?;
    }
    let agreement = scenario.partner.as_ref().and_then(|p| p.agreement.as_ref());
    render(runs, agreement, args.view.customer.as_deref(), format, out)
}

/// The core's bill run, then the `--project`ed runs, keeping only `--customer`'s bill when
/// one is given (every bill is computed first, so the invoice numbers stay those of the
/// whole run).
fn bill(
    scenario: &Scenario,
    file: &Path,
    month: YearMonth,
    issued: &[BillRun],
    first_number: FirstNumber,
    view: &BillViewArgs,
) -> CliResult<Vec<BillRun>> {
    let customer = known_customer(file, &scenario.customers, view)?;
    let refused = |refusal| Failure::Replay {
        file: file.to_path_buf(),
        refusal: Box::new(refusal),
    };
    let mut runs = vec![scenario
        .bill(month, issued, first_number)
        .map_err(refused)?];
    if view.project > 0 {
        runs.extend(scenario.projection(month, view.project).map_err(refused)?);
    }
    match customer {
        Some(id) => Ok(runs
            .iter()
            .map(|run| run.for_customer(&id))
            .collect::<Result<_, _>>()?),
        None => Ok(runs),
    }
}

/// `--customer`'s id, when given, checked against the scenario's customers.
///
/// # Errors
/// `unknown_customer` for an id the scenario does not know.
pub(crate) fn known_customer(
    file: &Path,
    customers: &[Customer],
    view: &BillViewArgs,
) -> CliResult<Option<CustomerId>> {
    let Some(id) = view.customer.as_deref().map(CustomerId::new) else {
        return Ok(None);
    };
    if !customers.iter().any(|c| c.id == id) {
        return Err(Failure::in_file(
            file,
            Error::UnknownCustomer {
                customer: id.to_string(),
                used_in: "--customer".to_string(),
            },
        ));
    }
    Ok(Some(id))
}

/// The key added to the JSON of a run printed with `--customer`: such a run is not the
/// record of everything issued that month, so `--issued` refuses it.
const FILTER_KEY: &str = "filtered_to_customer";

/// What `--issued` accepts.
const ISSUED_FORMS: &str = "the JSON of `csp bill --format json`: a bill run, an array of bill \
     runs, or a run's `bills` array";

/// Reads the bills issued before: bill runs as `csp bill --format json` prints them (one,
/// or an array of several), or a run's bare `bills` array. Bare bills are grouped by their
/// invoices' month into runs (only their months and bills are read by the core; a month
/// whose run had no bill at all cannot be told from bare bills).
pub(crate) fn read_issued(path: &Path) -> CliResult<Vec<BillRun>> {
    let refuse = |detail: String| refuse_issued(path, "issued bills", ISSUED_FORMS, detail);
    let items = issued_items(path, "issued bills", ISSUED_FORMS)?;
    let mut runs = Vec::new();
    let mut bare: BTreeMap<YearMonth, Vec<Bill>> = BTreeMap::new();
    for (at, item) in items {
        if let Some(customer) = item.get(FILTER_KEY) {
            return Err(refuse(format!(
                "{}: a run printed with --customer {customer} holds one customer's bill, not \
                 everything issued that month; give the run printed without --customer",
                if at.is_empty() { "." } else { &at }
            )));
        }
        if item.get("invoice").is_some() {
            let bill: Bill = from_value(item, &at).map_err(&refuse)?;
            bare.entry(bill.invoice.month).or_default().push(bill);
        } else {
            runs.push(from_value::<BillRun>(item, &at).map_err(&refuse)?);
        }
    }
    for (month, bills) in bare {
        let first = &bills[0].invoice;
        runs.push(BillRun {
            partner: String::new(),
            month,
            issue_date: first.issue_date,
            window: first.window,
            totals: Totals::of(first.total.currency(), &[])?,
            bills,
            projected: false,
        });
    }
    Ok(runs)
}

/// An `--issued` file that is not what `what` needs.
pub(crate) fn refuse_issued(
    path: &Path,
    what: &'static str,
    forms: &'static str,
    detail: String,
) -> Failure {
    Failure::in_file(path, Error::invalid_json(what, detail, forms))
}

/// The JSON values of an `--issued` file: an array's items with their paths (`[i]`), or
/// the one value (path "").
pub(crate) fn issued_items(
    path: &Path,
    what: &'static str,
    forms: &'static str,
) -> CliResult<Vec<(String, Value)>> {
    let text = input::read_text(path)?;
    let value: Value =
        serde_json::from_str(&text).map_err(|e| refuse_issued(path, what, forms, e.to_string()))?;
    Ok(match value {
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, v)| (format!("[{i}]"), v))
            .collect(),
        other => vec![(String::new(), other)],
    })
}

/// Reads `value` (found at `at` in the file) as a `T`; the error names the path within the
/// file, e.g. `[1].bills[0].invoice: missing field `number``.
fn from_value<T: DeserializeOwned>(value: Value, at: &str) -> Result<T, String> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let inner = e.path().to_string();
        let path = match (at, inner.as_str()) {
            ("", inner) => inner.to_string(),
            (at, ".") => at.to_string(),
            (at, inner) if inner.starts_with('[') => format!("{at}{inner}"),
            (at, inner) => format!("{at}.{inner}"),
        };
        format!("{path}: {}", e.inner())
    })
}

/// Writes the runs (the billed one, then any projected) in the format asked: json prints
/// the billed run alone, or an array when projected runs follow it. csv and json are written
/// bill by bill (no text of the whole run is built).
pub(crate) fn render(
    runs: Vec<BillRun>,
    agreement: Option<&Agreement>,
    filtered: Option<&str>,
    format: Format,
    out: &mut dyn Write,
) -> CliResult<()> {
    match format {
        Format::Json => {
            let several = runs.len() != 1;
            if several {
                write_text(out, if runs.is_empty() { "[" } else { "[\n" })?;
            }
            let indent = if several { "  " } else { "" };
            let count = runs.len();
            for (i, run) in runs.into_iter().enumerate() {
                if i > 0 {
                    write_text(out, ",\n")?;
                }
                write_text(out, indent)?;
                json_run(out, run, filtered, indent)?;
            }
            match (several, count) {
                (true, 0) => write_text(out, "]\n"),
                (true, _) => write_text(out, "\n]\n"),
                (false, _) => write_text(out, "\n"),
            }
        }
        Format::Csv => {
            let mut rows = CsvRows::new(out, &CSV_COLUMNS)?;
            for run in &runs {
                csv_rows(&mut rows, run)?;
            }
            rows.finish()
        }
        Format::Table => {
            for (i, run) in runs.iter().enumerate() {
                if run.projected {
                    write_text(
                        out,
                        &format!(
                            "\n{}\nPROJECTED — bills of {} (issue {}): what they will be if nothing \
                             else happens,\nat the locked prices. Not issued.\n{}\n\n",
                            "#".repeat(90),
                            run.month,
                            run.issue_date,
                            "#".repeat(90)
                        ),
                    )?;
                }
                // The agreement's status once, after the billed run.
                write_text(out, &text(run, agreement.filter(|_| i == 0))?)?;
            }
            Ok(())
        }
    }
}

/// Writes one run as pretty JSON whose lines after the first start with `indent`, with
/// every object's keys sorted (as a `serde_json::Value` prints them): the head of the run
/// (every field but the bills, and the `--customer` mark) is converted whole; its `bills`,
/// the first key, are converted and written one at a time.
fn json_run(
    out: &mut dyn Write,
    mut run: BillRun,
    filtered: Option<&str>,
    indent: &str,
) -> CliResult<()> {
    let json_failure = |e: serde_json::Error| Failure::Io {
        what: "cannot write JSON".to_string(),
        error: e.into(),
    };
    let bills = std::mem::take(&mut run.bills);
    let mut head = serde_json::to_value(&run).map_err(json_failure)?;
    // Marked, so that `--issued` does not take one customer's bill for the month's.
    if let (Some(customer), Value::Object(fields)) = (filtered, &mut head) {
        fields.insert(FILTER_KEY.to_string(), Value::String(customer.to_string()));
    }
    let head = serde_json::to_string_pretty(&head).map_err(json_failure)?;
    let indented = |text: &str, prefix: &str| text.replace('\n', &format!("\n{prefix}"));
    const EMPTY_BILLS: &str = "{\n  \"bills\": [],";
    let rest = match head.strip_prefix(EMPTY_BILLS) {
        Some(rest) if !bills.is_empty() => rest,
        // No bill (or an unexpected head): the head is the whole run.
        _ => return write_text(out, &indented(&head, indent)),
    };
    write_text(out, &format!("{{\n{indent}  \"bills\": [\n"))?;
    let item_indent = format!("{indent}    ");
    for (i, bill) in bills.iter().enumerate() {
        if i > 0 {
            write_text(out, ",\n")?;
        }
        let value = serde_json::to_value(bill).map_err(json_failure)?;
        let text = serde_json::to_string_pretty(&value).map_err(json_failure)?;
        write_text(out, &item_indent)?;
        write_text(out, &indented(&text, &item_indent))?;
    }
    write_text(out, &format!("\n{indent}  ],"))?;
    write_text(out, &indented(rest, indent))
}

// ----- table -------------------------------------------------------------------------------

/// A period as people read it: `2016-02-11 – 2016-03-10`, or one date for a single day.
pub(crate) fn period(p: &Period) -> String {
    if p.first() == p.last() {
        p.first().to_string()
    } else {
        format!("{} – {}", p.first(), p.last())
    }
}

/// An amount for people: at least the currency's minor units (a zero the core keeps as `0`
/// shows `0.00`; more decimals are kept), with thousands separators.
pub(crate) fn money(m: &Money) -> String {
    let mut amount = m.amount();
    let minor = m.currency().minor_units();
    if amount.scale() < minor {
        // Adding zeros after the point: exact.
        amount.rescale(minor);
    }
    grouped(amount)
}

/// What the customer reads for a line: adjustments name the month they correct, and a
/// reversal says that it takes a line back.
fn line_description(l: &InvoiceLine) -> String {
    match (l.adjusts, l.reversal) {
        (Some(m), true) => format!("Adjustment to {m}: reversal of {}", l.description),
        (Some(m), false) => format!("Adjustment to {m}: {}", l.description),
        (None, _) => l.description.clone(),
    }
}

/// Every invoice, then the statement and the agreement's status.
fn text(run: &BillRun, agreement: Option<&Agreement>) -> CliResult<String> {
    let mut out = String::new();
    if run.bills.is_empty() {
        out.push_str(&format!(
            "No bills for {}: nothing dated {} to bill.\n\n",
            run.month,
            period(&run.window)
        ));
    }
    for b in &run.bills {
        out.push_str(&invoice_text(&run.partner, &b.invoice));
        out.push('\n');
    }
    out.push_str(&statement_text(run)?);
    if let Some(agreement) = agreement {
        out.push('\n');
        out.push_str(&agreement_line(agreement, run));
    }
    Ok(out)
}

/// One invoice: header block, lines, subtotal, tax and total.
fn invoice_text(partner: &str, inv: &Invoice) -> String {
    let mut table = Table::new(&[
        ("description", Align::Left),
        ("service_period", Align::Left),
        ("qty", Align::Right),
        ("unit_price", Align::Right),
        ("amount", Align::Right),
    ]);
    table.wrap(0, DESCRIPTION_WIDTH);
    for l in &inv.lines {
        table.push(vec![
            line_description(l),
            cell(l.service_period.as_ref().map(period)),
            l.quantity.to_string(),
            grouped(l.unit_price),
            money(&l.amount),
        ]);
    }
    let lines = table.to_text();
    let width = lines.lines().map(|l| l.chars().count()).max().unwrap_or(0);

    let kind = if inv.credit_note {
        "CREDIT NOTE"
    } else {
        "INVOICE"
    };
    let title = format!("{kind} {}", inv.number);
    let width = width.max(partner.chars().count() + 2 + title.chars().count());
    let gap = width - partner.chars().count() - title.chars().count();
    let mut out = format!(
        "{}\n{partner}{}{title}\n",
        "=".repeat(width),
        " ".repeat(gap)
    );
    out.push_str(&key_values(&[
        (
            "Customer",
            format!("{} ({})", inv.customer_name, inv.customer),
        ),
        ("Issue date", inv.issue_date.to_string()),
        ("Due date", inv.due_date.to_string()),
        ("Billing period", period(&inv.window)),
    ]));
    out.push('\n');
    out.push_str(&lines);

    let tax = match inv.tax_rate {
        Some(rate) => (format!("Tax {}%", percent(rate)), money(&inv.tax)),
        None => ("Tax: none".to_string(), String::new()),
    };
    let summary = [
        ("Subtotal".to_string(), money(&inv.subtotal)),
        tax,
        (
            format!("Total ({})", inv.total.currency()),
            money(&inv.total),
        ),
    ];
    let label_width = summary
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let amount_width = summary
        .iter()
        .map(|(_, a)| a.chars().count())
        .max()
        .unwrap_or(0);
    out.push_str(&format!("{}\n", "-".repeat(width)));
    for (label, amount) in &summary {
        let line = format!("{label:<label_width$}  {amount:>amount_width$}");
        out.push_str(format!("{line:>width$}").trim_end());
        out.push('\n');
    }
    out
}

/// A rate as a percentage: `0.0875` → `8.75` (decimal arithmetic, never floats).
fn percent(rate: rust_decimal::Decimal) -> String {
    match rate.checked_mul(rust_decimal::Decimal::ONE_HUNDRED) {
        Some(p) => p.normalize().to_string(),
        // Beyond what a decimal holds: show the rate itself.
        None => format!("{} × 100", rate.normalize()),
    }
}

/// The partner's statement: a row per customer and a totals row.
fn statement_text(run: &BillRun) -> CliResult<String> {
    let statements: Vec<_> = run.bills.iter().map(|b| &b.statement).collect();
    let adjusted = statements.iter().any(|s| !s.cost_adjustment.is_zero());
    let mut columns = vec![("customer", Align::Left), ("cost", Align::Right)];
    if adjusted {
        columns.push(("cost_adjustment", Align::Right));
    }
    columns.extend([
        ("revenue", Align::Right),
        ("margin", Align::Right),
        ("margin_%", Align::Right),
        ("financed_balance", Align::Right),
    ]);
    let mut table = Table::new(&columns);
    for s in &statements {
        let mut row = vec![s.customer.to_string(), money(&s.cost)];
        if adjusted {
            row.push(if s.cost_adjustment.is_zero() {
                String::new()
            } else {
                money(&s.cost_adjustment)
            });
        }
        row.extend([
            money(&s.revenue),
            money(&s.margin),
            cell(s.margin_percent),
            money(&s.financed_balance),
        ]);
        table.push(row);
    }
    let t = &run.totals;
    // The core's total cost includes the cost adjustments: shown apart, as the rows are.
    let mut row = vec!["total".to_string()];
    if adjusted {
        let (cost, adjustment) = run.cost_parts()?;
        row.push(money(&cost));
        row.push(money(&adjustment));
    } else {
        row.push(money(&t.cost));
    }
    row.extend([
        money(&t.revenue),
        money(&t.margin),
        cell(t.margin_percent),
        money(&t.financed_balance),
    ]);
    table.push(row);
    Ok(format!(
        "Statement — {}, bills of {} issued {} ({})\n\n{}",
        run.partner,
        run.month,
        run.issue_date,
        t.cost.currency(),
        table.to_text()
    ))
}

/// The reseller agreement's status on the issue date.
fn agreement_line(agreement: &Agreement, run: &BillRun) -> String {
    let status = agreement.status(run.issue_date);
    let mut parts = vec![if status.in_force {
        "in force".to_string()
    } else {
        "not in force".to_string()
    }];
    if let Some(r) = status.next_renewal {
        parts.push(format!("next renewal {r}"));
    }
    if let Some(d) = status.notice_deadline {
        parts.push(format!("notice deadline {d}"));
    }
    if let Some(e) = status.end_date {
        parts.push(format!("ends {e}"));
    }
    let (state, rest) = parts.split_at(1);
    let mut out = format!(
        "Reseller agreement ({}, signed {}) on {}: {}",
        agreement.kind().name(),
        agreement.signed_on(),
        status.on,
        state.join("")
    );
    if !rest.is_empty() {
        out.push_str(&format!(";\n{}", rest.join(", ")));
    }
    out.push_str(".\n");
    out
}

// ----- csv ---------------------------------------------------------------------------------

/// The line's source as in the JSON form (`microsoft`, `service`, `instalment`, `discount`).
fn source(s: LineSource) -> String {
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The CSV columns: one row per invoice line.
/// The CSV columns, one row per invoice line.
const CSV_COLUMNS: [&str; 14] = [
    "invoice",
    "customer",
    "issue_date",
    "due_date",
    "source",
    "description",
    "service_start",
    "service_end",
    "quantity",
    "unit_price",
    "amount",
    "currency",
    "adjusts",
    "reversal",
];

/// A run's invoice lines as CSV rows (projected invoices are numbered `projected`).
fn csv_rows(rows: &mut CsvRows<'_>, run: &BillRun) -> CliResult<()> {
    for b in &run.bills {
        let inv = &b.invoice;
        for l in &inv.lines {
            rows.write(&[
                inv.number.clone(),
                inv.customer.to_string(),
                inv.issue_date.to_string(),
                inv.due_date.to_string(),
                source(l.source),
                l.description.clone(),
                cell(l.service_period.map(|p| p.first())),
                cell(l.service_period.map(|p| p.last())),
                l.quantity.to_string(),
                l.unit_price.to_string(),
                l.amount.amount().to_string(),
                l.amount.currency().to_string(),
                cell(l.adjusts),
                l.reversal.to_string(),
            ])?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::to_json;

    /// The JSON the bill printed before it was streamed: every run converted whole to a
    /// `serde_json::Value` (sorted keys), marked when filtered, one run or an array.
    fn whole(runs: &[BillRun], filtered: Option<&str>) -> String {
        let values: Vec<Value> = runs
            .iter()
            .map(|run| {
                let mut value = serde_json::to_value(run).unwrap();
                if let (Some(c), Value::Object(fields)) = (filtered, &mut value) {
                    fields.insert(FILTER_KEY.to_string(), Value::String(c.to_string()));
                }
                value
            })
            .collect();
        match values.len() {
            1 => to_json(&values[0]).unwrap(),
            _ => to_json(&values).unwrap(),
        }
    }

    fn streamed(runs: Vec<BillRun>, scenario: &Scenario, filtered: Option<&str>) -> String {
        let mut out = Vec::new();
        let agreement = scenario.partner.as_ref().and_then(|p| p.agreement.as_ref());
        render(runs, agreement, filtered, Format::Json, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn streamed_json_has_the_bytes_of_the_whole_value() {
        let scenario = Scenario::from_json(DEMO).unwrap();
        let file = PathBuf::from(DEMO_FILE);
        for (month, customer, project) in [
            ("2016-03", None, 0),
            ("2016-03", None, 2),
            ("2016-03", Some("fabrikam"), 0),
            ("2016-03", Some("fabrikam"), 1),
            // No bill at all: the run's `bills` is empty.
            ("2015-01", None, 0),
        ] {
            let view = BillViewArgs {
                customer: customer.map(str::to_string),
                project,
            };
            let month = month.parse().unwrap();
            let runs = bill(&scenario, &file, month, &[], 1001.into(), &view).unwrap();
            assert_eq!(
                streamed(runs.clone(), &scenario, customer),
                whole(&runs, customer),
                "{month} {customer:?} {project}"
            );
        }
    }
}
