//! `csp charges --erp-safe` on an NCE book: the lines in ERP-safe form
//! (`NceLine::erp_safe`), one row per line and one per rounding rest.

use std::io::Write;

use csp_core::charges::{ErpRow, NceLine};

use crate::args::Format;
use crate::failure::CliResult;
use crate::output::{write_json, write_text, Align, CsvRows, Table};

/// The columns of the ERP-safe form.
const COLUMNS: [&str; 13] = [
    "order_date",
    "subscription",
    "customer",
    "offer",
    "charge_type",
    "reference_id",
    "charge_start",
    "charge_end",
    "row",
    "unit",
    "quantity",
    "amount",
    "currency",
];

fn cells(l: &NceLine, r: &ErpRow) -> [String; 13] {
    [
        l.order_date.to_string(),
        l.subscription.to_string(),
        l.customer.to_string(),
        l.offer.to_string(),
        l.charge_type.to_string(),
        l.reference_id.clone(),
        l.charge_start.to_string(),
        l.charge_end.to_string(),
        r.kind.as_str().to_string(),
        r.unit.to_string(),
        r.quantity.to_string(),
        r.amount.amount().to_string(),
        r.amount.currency().to_string(),
    ]
}

/// Every line's ERP-safe rows, in line order.
fn rows(lines: &[NceLine]) -> CliResult<Vec<[String; 13]>> {
    let mut out = Vec::new();
    for l in lines {
        let (main, rounding) = l.erp_safe()?;
        out.push(cells(l, &main));
        if let Some(r) = rounding {
            out.push(cells(l, &r));
        }
    }
    Ok(out)
}

/// Prints the lines in ERP-safe form as a table, csv or json (an array of objects).
///
/// # Errors
/// `amount_overflow`; `io`.
pub fn write(lines: &[NceLine], format: Format, out: &mut dyn Write) -> CliResult<()> {
    let rows = rows(lines)?;
    match format {
        Format::Csv => {
            let mut csv = CsvRows::new(out, &COLUMNS)?;
            for r in &rows {
                csv.write(r)?;
            }
            csv.finish()
        }
        Format::Json => {
            let objects: Vec<serde_json::Map<String, serde_json::Value>> = rows
                .iter()
                .map(|r| {
                    COLUMNS
                        .iter()
                        .zip(r)
                        .map(|(k, v)| {
                            let value = match *k {
                                "quantity" => v.parse::<u64>().map_or_else(
                                    |_| serde_json::Value::from(v.as_str()),
                                    serde_json::Value::from,
                                ),
                                _ => serde_json::Value::from(v.as_str()),
                            };
                            (k.to_string(), value)
                        })
                        .collect()
                })
                .collect();
            write_json(out, &objects)
        }
        Format::Table => {
            let mut table = Table::new(&[
                ("order_date", Align::Left),
                ("subscription", Align::Left),
                ("charge_type", Align::Left),
                ("row", Align::Left),
                ("unit", Align::Right),
                ("quantity", Align::Right),
                ("amount", Align::Right),
                ("currency", Align::Left),
            ]);
            for r in &rows {
                table.push(vec![
                    r[0].clone(),
                    r[1].clone(),
                    r[4].clone(),
                    r[8].clone(),
                    r[9].clone(),
                    r[10].clone(),
                    r[11].clone(),
                    r[12].clone(),
                ]);
            }
            write_text(out, &table.to_text())
        }
    }
}
