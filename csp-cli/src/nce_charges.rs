//! `csp charges` on an NCE scenario (version 2): Microsoft's NCE lines (SPEC-NCE §14).

use std::io::Write;
use std::path::Path;

use csp_core::charges::{NceLine, NceRefusal};
use csp_core::money::Money;
use csp_core::scenario::nce::NceScenario;
use csp_core::scenario::ReadError;
use csp_core::subscription::nce::instant_text;
use serde::Serialize;

use crate::args::{ChargesArgs, Format};
use crate::failure::{CliResult, Failure};
use crate::input;
use crate::output::{write_json, write_text, Align, CsvRows, Table};

/// Reads the NCE scenario `text` of `path`, its `csv_file` sheets relative to its directory.
pub fn load(path: &Path, text: &str) -> CliResult<NceScenario> {
    let dir = path.parent().unwrap_or(Path::new(""));
    NceScenario::from_json_with(text, |file| input::read_text(&dir.join(file))).map_err(|e| match e
    {
        ReadError::Document(error) | ReadError::Csv { error, .. } => Failure::in_file(path, error),
        ReadError::Resolve { error, .. } => error,
    })
}

/// A refused NCE replay: the file, the event and the error.
pub fn refused(path: &Path, r: NceRefusal) -> Failure {
    Failure::Core {
        file: Some(path.to_path_buf()),
        at: r
            .index
            .zip(r.event)
            .map(|(i, e)| format!("event {i} ({e})")),
        error: Box::new(r.error),
    }
}

#[derive(Serialize)]
struct Report {
    as_of: String,
    convention: &'static str,
    lines: Vec<serde_json::Map<String, serde_json::Value>>,
}

/// Runs `csp charges` on the NCE scenario `text` read from `args.scenario`.
///
/// # Errors
/// `io`; the scenario's parse errors; `invalid_input` for a bad `--as-of`; a replay refusal
/// naming the event.
pub fn run(args: &ChargesArgs, text: &str, format: Format, out: &mut dyn Write) -> CliResult<()> {
    let path = &args.scenario;
    let scenario = load(path, text)?;
    let as_of = args
        .as_of
        .as_deref()
        .map(csp_core::input::instant)
        .transpose()?;
    let replay = scenario.replay(as_of).map_err(|r| refused(path, r))?;
    let as_of = as_of
        .or(scenario.as_of)
        .map(instant_text)
        .unwrap_or_default();
    let c = scenario.convention;
    if args.erp_safe {
        return crate::nce_erp::write(&replay.lines, format, out);
    }
    match format {
        Format::Json => {
            let lines = replay.lines.iter().map(|l| json_line(l, c)).collect();
            write_json(
                out,
                &Report {
                    as_of,
                    convention: c.as_str(),
                    lines,
                },
            )
        }
        Format::Csv => {
            let mut rows = CsvRows::new(out, &NceLine::FIELDS)?;
            for l in &replay.lines {
                rows.write(&l.texts(c))?;
            }
            rows.finish()
        }
        Format::Table => {
            let mut text = table(&replay.lines).to_text();
            text.push('\n');
            text.push_str(&total(&replay.lines, scenario.billing_currency)?);
            write_text(out, &text)
        }
    }
}

/// A line as a JSON object: its fields as texts, the counts as numbers.
fn json_line(
    l: &NceLine,
    c: csp_core::money::nce::LineConvention,
) -> serde_json::Map<String, serde_json::Value> {
    let numbers = ["billable_quantity", "days", "cycle_days"];
    NceLine::FIELDS
        .iter()
        .zip(l.texts(c))
        .map(|(name, text)| {
            let value = match text.parse::<u64>() {
                Ok(n) if numbers.contains(name) => serde_json::Value::from(n),
                _ => serde_json::Value::from(text),
            };
            (name.to_string(), value)
        })
        .collect()
}

/// The table form; a book billed in another currency than it is priced in also shows each
/// line's rate (`effective_unit_price` is in the pricing currency, `subtotal` in the billing
/// currency, SPEC-NCE §16.4).
fn table(lines: &[NceLine]) -> Table {
    let converted = lines
        .iter()
        .any(|l| l.pricing_currency != l.subtotal.currency());
    let mut columns = vec![
        ("order_date", Align::Left),
        ("subscription", Align::Left),
        ("offer", Align::Left),
        ("charge_type", Align::Left),
        ("charge_period", Align::Left),
        ("quantity", Align::Right),
        ("effective_unit_price", Align::Right),
    ];
    if converted {
        columns.push(("fx_rate", Align::Right));
    }
    columns.extend([("subtotal", Align::Right), ("days", Align::Right)]);
    let mut table = Table::new(&columns);
    for l in lines {
        let mut row = vec![
            l.order_date.to_string(),
            l.subscription.to_string(),
            l.offer.to_string(),
            l.charge_type.to_string(),
            format!("{}..{}", l.charge_start, l.charge_end),
            l.billable_quantity.to_string(),
            l.effective_unit_price.to_string(),
        ];
        if converted {
            row.push(l.fx_rate.to_string());
        }
        row.extend([
            l.subtotal.amount().to_string(),
            match l.month_fraction {
                Some((k, of)) => format!("{k}/{of} months"),
                None => format!("{}/{}", l.days, l.cycle_days),
            },
        ]);
        table.push(row);
    }
    table
}

/// `total: 1234.56 USD over 12 lines`.
fn total(lines: &[NceLine], currency: csp_core::money::Currency) -> CliResult<String> {
    let mut sum = Money::zero(currency);
    for l in lines {
        sum = sum.checked_add(&l.subtotal)?;
    }
    Ok(format!("total: {sum} over {} lines\n", lines.len()))
}
