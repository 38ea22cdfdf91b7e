//! `csp bill` on a two-tier book (an NCE scenario with a `channel`, SPEC-NCE §17): every
//! tier's bills, one tier's, or the margin statement. The core bills; this only prints.

use std::io::Write;
use std::path::Path;

use csp_core::calendar::YearMonth;
use csp_core::channel::{ChannelRun, MarginStatement};
use csp_core::ids::ResellerId;
use csp_core::scenario::nce::NceScenario;

use crate::args::{BillArgs, Format};
use crate::bill_cmd::{issued_items, known_customer, money, period, refuse_issued, render};
use crate::failure::{CliResult, Failure};
use crate::output::{write_json, write_text, Align, Table};

/// Which tier `--tier` prints.
enum Tier {
    All,
    Provider,
    Reseller(ResellerId),
    Margins,
}

fn tier(text: Option<&str>) -> CliResult<Tier> {
    match text.map(str::trim) {
        None | Some("all") => Ok(Tier::All),
        Some("provider") => Ok(Tier::Provider),
        Some("margins") => Ok(Tier::Margins),
        Some(t) => match t.strip_prefix("reseller:") {
            Some(id) if !id.trim().is_empty() => Ok(Tier::Reseller(ResellerId::new(id))),
            _ => Err(Failure::Usage(format!(
                "--tier {t:?}: expected all, provider, reseller:ID or margins"
            ))),
        },
    }
}

/// What `--issued` accepts for a two-tier book.
const ISSUED_FORMS: &str =
    "the JSON of `csp bill --tier all --format json` on this book: a channel run, or an array of them";

/// Reads the channel runs issued before (one, or an array).
fn read_issued(path: &Path) -> CliResult<Vec<ChannelRun>> {
    const WHAT: &str = "issued channel runs";
    issued_items(path, WHAT, ISSUED_FORMS)?
        .into_iter()
        .map(|(at, v)| {
            serde_json::from_value::<ChannelRun>(v)
                .map_err(|e| refuse_issued(path, WHAT, ISSUED_FORMS, format!("{at}: {e}")))
        })
        .collect()
}

/// Runs `csp bill` on a two-tier book.
///
/// # Errors
/// `usage` for a bad `--tier`, an unknown reseller, or `--customer` with
/// `--tier all` or `margins`; as `csp bill`.
pub fn run(
    args: &BillArgs,
    scenario: &NceScenario,
    month: YearMonth,
    format: Format,
    out: &mut dyn Write,
) -> CliResult<()> {
    let tier = tier(args.tier.as_deref())?;
    let customer = known_customer(&args.scenario, &scenario.customers, &args.view)?;
    if customer.is_some() && matches!(tier, Tier::All | Tier::Margins) {
        return Err(Failure::Usage(
            "--customer needs --tier provider or --tier reseller:ID (a channel run and the \
             margin statement are the whole month's)"
                .to_string(),
        ));
    }
    let issued = match &args.issued {
        Some(path) => read_issued(path)?,
        None => Vec::new(),
    };
    let run = scenario
        .bill_channel(month, &issued, args.first_number)
        .map_err(|r| crate::nce_charges::refused(&args.scenario, r))?;
    let mut runs = match &tier {
        Tier::All | Tier::Provider => std::iter::once(run.provider.clone())
            .chain(run.resellers.iter().map(|r| r.from_provider.clone()))
            .collect(),
        Tier::Reseller(id) => match run.reseller(id) {
            Some(r) => vec![r.to_customers.clone()],
            None => {
                return Err(Failure::Usage(format!(
                    "--tier reseller:{id}: the channel has no reseller {id}"
                )))
            }
        },
        Tier::Margins => Vec::new(),
    };
    if let Tier::All = tier {
        runs.extend(run.resellers.iter().map(|r| r.to_customers.clone()));
    }
    if let Some(id) = &customer {
        runs = runs
            .iter()
            .map(|r| r.for_customer(id))
            .collect::<Result<_, _>>()?;
    }
    match (&tier, format) {
        (Tier::All, Format::Json) => write_json(out, &run),
        (Tier::Margins, Format::Json) => write_json(out, &run.margins),
        (Tier::Margins, Format::Csv) => write_text(out, &margin_table(&run.margins)?.to_csv()?),
        (Tier::Margins, Format::Table) => write_text(out, &margins_text(&run.margins)?),
        (Tier::All, Format::Table) => {
            render(runs, None, None, format, out)?;
            write_text(out, "\n")?;
            write_text(out, &margins_text(&run.margins)?)
        }
        _ => render(runs, None, args.view.customer.as_deref(), format, out),
    }
}

/// The margin statement as a table.
fn margin_table(m: &MarginStatement) -> CliResult<Table> {
    let mut table = Table::new(&[
        ("tier", Align::Left),
        ("lines", Align::Right),
        ("cost", Align::Right),
        ("revenue", Align::Right),
        ("margin", Align::Right),
    ]);
    for t in &m.tiers {
        table.push(vec![
            t.tier.clone(),
            t.lines.to_string(),
            money(&t.cost),
            money(&t.revenue),
            money(&t.margin),
        ]);
    }
    Ok(table)
}

/// The margin statement for people: the tiers, then the identity that checks it.
fn margins_text(m: &MarginStatement) -> CliResult<String> {
    let total = m.total_margin()?;
    Ok(format!(
        "Margin statement — Microsoft lines of {} ({} lines, {})\n\n{}\n\
         Microsoft cost {} + margins {} = customers' price {}\n",
        period(&m.window),
        m.lines,
        m.currency(),
        margin_table(m)?.to_text(),
        money(&m.microsoft_cost),
        money(&total),
        money(&m.customer_price),
    ))
}
