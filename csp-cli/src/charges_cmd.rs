//! `csp charges`: a scenario replayed into the charge lines Microsoft bills the partner.

use std::cell::RefCell;
use std::io::Write;
use std::path::Path;

use csp_core::charges::{ChargeLine, LineStream, Refusal};
use csp_core::money::{Currency, Money};
use csp_core::subscription::{Status, Subscriptions};
use serde::ser::SerializeSeq;
use serde::Serialize;

use csp_core::scenario::nce::NCE_SCENARIO_VERSION;

use crate::args::{ChargesArgs, Format};
use crate::failure::{CliResult, Failure};
use crate::input;
use crate::output::{cell, write_json, write_text, Align, CsvRows, Table};
use crate::scenario_file;

/// The JSON document: the date replayed through, and every line in the core's serde form
/// (written as the replay produces them).
#[derive(Serialize)]
struct Report<'a, 's> {
    as_of: String,
    lines: Streamed<'a, 's>,
}

/// The lines of a stream as a JSON array, serialized as they are pulled; a refusal stops
/// the array and is kept in `stop` for the caller.
struct Streamed<'a, 's> {
    stream: RefCell<&'s mut LineStream<'a>>,
    stop: &'s RefCell<Option<Refusal>>,
}

impl Serialize for Streamed<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for line in &mut **self.stream.borrow_mut() {
            match line {
                Ok(line) => seq.serialize_element(&line)?,
                Err(refusal) => {
                    *self.stop.borrow_mut() = Some(refusal);
                    return Err(serde::ser::Error::custom("replay refused"));
                }
            }
        }
        seq.end()
    }
}

/// Runs `csp charges`: reads the scenario (and its `csv_file` price lists), replays it
/// through `--as-of` or the scenario's `as_of`, and prints every line: csv and json as the
/// replay produces them, the table once every line is known (its columns are aligned). A
/// subscription whose renewal could not be priced is named in a warning on stderr.
///
/// # Errors
/// `io`; the scenario's parse errors (see [`scenario_file::load_text`]); `invalid_input` for a bad
/// `--as-of`; a replay refusal, with the refused event's index, date, subscription and type.
pub fn run(args: &ChargesArgs, format: Format, out: &mut dyn Write) -> CliResult<()> {
    let text = input::read_text(&args.scenario)?;
    if csp_core::scenario::version_of(&text) == Ok(NCE_SCENARIO_VERSION) {
        return crate::nce_charges::run(args, &text, format, out);
    }
    if args.erp_safe {
        return Err(Failure::Usage(format!(
            "{}: --erp-safe is for NCE books (version 2), whose lines Microsoft truncates; a legacy line's unit × quantity is its amount already (SPEC §10.15)",
            args.scenario.display()
        )));
    }
    let scenario = scenario_file::load_text(&args.scenario, &text)?;
    let as_of = input::opt_date(args.as_of.as_deref())?;
    let as_of = scenario
        .as_of(as_of)
        .map_err(|e| Failure::in_file(&args.scenario, e))?;
    let refused = |refusal| Failure::Replay {
        file: args.scenario.clone(),
        refusal: Box::new(refusal),
    };
    let inputs = scenario.inputs().map_err(|e| refused(Refusal::from(e)))?;
    let mut stream = scenario
        .line_stream(&inputs, Some(as_of))
        .map_err(|e| Failure::in_file(&args.scenario, e))?;
    match format {
        Format::Json => {
            let stop = RefCell::new(None);
            let report = Report {
                as_of: as_of.to_string(),
                lines: Streamed {
                    stream: RefCell::new(&mut stream),
                    stop: &stop,
                },
            };
            let written = write_json(out, &report);
            if let Some(refusal) = stop.into_inner() {
                return Err(refused(refusal));
            }
            written?;
        }
        Format::Csv => {
            let mut rows = CsvRows::new(out, &CSV_COLUMNS)?;
            for line in &mut stream {
                rows.write(&csv_row(&line.map_err(refused)?))?;
            }
            rows.finish()?;
        }
        Format::Table => {
            let lines = (&mut stream)
                .collect::<Result<Vec<_>, _>>()
                .map_err(refused)?;
            let mut text = text_table(&lines).to_text();
            text.push('\n');
            text.push_str(&totals(&lines, scenario.currency)?);
            write_text(out, &text)?;
        }
    }
    warn_stopped(&args.scenario, stream.subscriptions());
    Ok(())
}

/// Tells on stderr which subscriptions stopped at a renewal that could not be priced (SPEC
/// §10.4): the replay goes on without them, and no line shows it.
fn warn_stopped(file: &Path, subscriptions: &Subscriptions) {
    let mut stderr = std::io::stderr().lock();
    for s in subscriptions.iter() {
        if let Status::Stopped { on, error } = &s.status {
            // Ignore a closed stderr: the lines are still printed.
            let _ = writeln!(
                stderr,
                "warning[{}]: {}: subscription {} stopped on {on}, no lines from then on: {}",
                error.code(),
                file.display(),
                s.id,
                error.message()
            );
        }
    }
}

fn days(line: &ChargeLine) -> String {
    cell(line.days().map(|(billed, of)| format!("{billed}/{of}")))
}

fn text_table(lines: &[ChargeLine]) -> Table {
    let mut table = Table::new(&[
        ("date", Align::Left),
        ("subscription", Align::Left),
        ("customer", Align::Left),
        ("offer", Align::Left),
        ("kind", Align::Left),
        ("service_period", Align::Left),
        ("quantity", Align::Right),
        ("unit_amount", Align::Right),
        ("amount", Align::Right),
        ("days", Align::Right),
        ("price_list", Align::Left),
    ]);
    for l in lines {
        table.push(vec![
            l.date.to_string(),
            l.subscription.to_string(),
            l.customer.to_string(),
            l.offer.to_string(),
            l.kind.to_string(),
            l.service_period.to_string(),
            l.seats().to_string(),
            l.unit_amount.to_string(),
            l.amount.amount().to_string(),
            days(l),
            l.price_list.to_string(),
        ]);
    }
    table
}

/// The CSV columns, one row per line.
const CSV_COLUMNS: [&str; 17] = [
    "date",
    "subscription",
    "customer",
    "offer",
    "kind",
    "service_start",
    "service_end",
    "quantity",
    "unit_amount",
    "amount",
    "currency",
    "days_billed",
    "days_in_period",
    "daily_rate",
    "charge_period_start",
    "charge_period_end",
    "price_list",
];

fn csv_row(l: &ChargeLine) -> [String; 17] {
    [
        l.date.to_string(),
        l.subscription.to_string(),
        l.customer.to_string(),
        l.offer.to_string(),
        l.kind.to_string(),
        l.service_period.first().to_string(),
        l.service_period.last().to_string(),
        l.seats().to_string(),
        l.unit_amount.to_string(),
        l.amount.amount().to_string(),
        l.amount.currency().to_string(),
        cell(l.days().map(|(billed, _)| billed)),
        cell(l.days().map(|(_, of)| of)),
        cell(l.daily_rate),
        l.charge_period.first().to_string(),
        l.charge_period.last().to_string(),
        l.price_list.to_string(),
    ]
}

/// `total: 1234.56 USD over 12 lines`, one line per currency of the lines (the scenario's
/// currency when there are none).
fn totals(lines: &[ChargeLine], scenario_currency: Currency) -> CliResult<String> {
    let mut currencies: Vec<Currency> = Vec::new();
    for l in lines {
        if !currencies.contains(&l.amount.currency()) {
            currencies.push(l.amount.currency());
        }
    }
    if currencies.is_empty() {
        currencies.push(scenario_currency);
    }
    let mut out = String::new();
    for currency in currencies {
        let amounts: Vec<&Money> = lines
            .iter()
            .map(|l| &l.amount)
            .filter(|m| m.currency() == currency)
            .collect();
        let total = Money::sum(currency, amounts.iter().copied())?;
        let n = amounts.len();
        let noun = if n == 1 { "line" } else { "lines" };
        out.push_str(&format!("total: {total} over {n} {noun}\n"));
    }
    Ok(out)
}
