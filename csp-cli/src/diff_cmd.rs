//! `csp price-list diff`: two legacy price lists compared offer by offer.

use csp_core::price_list::{diff_rows, ChangeIndicator, DiffRow};

use crate::args::{DiffArgs, Format};
use crate::failure::CliResult;
use crate::input;
use crate::output::{cell, to_json, Align, Table};
use crate::price_list_cmd::legacy_rows;

/// Runs `csp price-list diff`; the text table ends with a one-line summary.
///
/// # Errors
/// `io`, `invalid_encoding`, and the core's parse errors naming the file
/// (`price_format_mismatch` for an NCE sheet: the diff compares legacy monthly lists).
pub fn run(args: &DiffArgs, format: Format) -> CliResult<String> {
    let bytes = input::read_bytes(&args.old)?;
    let old = legacy_rows(&args.old, &input::price_text(&args.old, &bytes)?)?;
    let bytes = input::read_bytes(&args.new)?;
    let new = legacy_rows(&args.new, &input::price_text(&args.new, &bytes)?)?;
    let rows = diff_rows(&old, &new);
    match format {
        Format::Json => to_json(&rows),
        Format::Csv => table(&rows).to_csv(),
        Format::Table => Ok(format!("{}\n{}\n", table(&rows).to_text(), summary(&rows))),
    }
}

fn table(rows: &[DiffRow]) -> Table {
    let mut table = Table::new(&[
        ("indicator", Align::Left),
        ("offer_id", Align::Left),
        ("offer_name", Align::Left),
        ("old_list_price", Align::Right),
        ("new_list_price", Align::Right),
        ("old_erp_price", Align::Right),
        ("new_erp_price", Align::Right),
        ("erp_changed", Align::Left),
    ]);
    for r in rows {
        table.push(vec![
            r.indicator.to_string(),
            r.offer_id.to_string(),
            r.offer_name.clone(),
            cell(r.old_list_price),
            cell(r.new_list_price),
            cell(r.old_erp_price),
            cell(r.new_erp_price),
            if r.erp_changed { "yes" } else { "no" }.to_string(),
        ]);
    }
    table
}

/// `4 offers: 1 ADD, 1 CHG, 1 DEL, 1 UNC; ERP price changed for 1`.
fn summary(rows: &[DiffRow]) -> String {
    let count = |i: ChangeIndicator| rows.iter().filter(|r| r.indicator == i).count();
    let erp = rows.iter().filter(|r| r.erp_changed).count();
    format!(
        "{} offers: {} ADD, {} CHG, {} DEL, {} UNC; ERP price changed for {erp}",
        rows.len(),
        count(ChangeIndicator::Add),
        count(ChangeIndicator::Chg),
        count(ChangeIndicator::Del),
        count(ChangeIndicator::Unc),
    )
}
