//! `csp price-list show` and `csp price-list price`: legacy monthly lists (the NCE side of
//! `show` is in [`crate::nce_cmd`]).

use std::path::Path;

use csp_core::calendar::YearMonth;
use csp_core::catalog::OfferId;
use csp_core::money::Currency;
use csp_core::price_list::{
    detect_format, parse_legacy_rows, Price, PriceBook, PriceFileFormat, PriceList, PriceRow,
};
use csp_core::Error;

use crate::args::{Format, PriceArgs, ShowArgs};
use crate::failure::{CliResult, Failure};
use crate::input;
use crate::nce_cmd;
use crate::output::{cell, to_json, Align, Table};

/// Fails with a usage error when `value` was given: `flag` does not apply here (`why`).
pub fn reject<T>(flag: &str, value: Option<T>, why: &str) -> CliResult<()> {
    match value {
        Some(_) => Err(Failure::Usage(format!("{flag} {why}"))),
        None => Ok(()),
    }
}

/// The rows of a legacy price file, parse errors naming the file.
///
/// # Errors
/// `io`, and the core's parse errors with line and column.
pub fn legacy_rows(path: &Path, text: &str) -> CliResult<Vec<PriceRow>> {
    parse_legacy_rows(text).map_err(|e| Failure::in_file(path, e))
}

/// Runs `csp price-list show`: detects the file's format and shows its rows or one price.
///
/// # Errors
/// `io`; `invalid_encoding`; `unknown_price_format` when the file is neither format; the
/// core's parse and price errors; `unknown_offer` for an `--offer` the file does not hold;
/// `usage` for options that do not fit the file's format.
pub fn show(args: &ShowArgs, format: Format) -> CliResult<String> {
    let bytes = input::read_bytes(&args.file)?;
    let text = input::price_text(&args.file, &bytes)?;
    match detect_format(&text).map_err(|e| Failure::in_file(&args.file, e))? {
        PriceFileFormat::Legacy => show_legacy(args, &text, format),
        PriceFileFormat::Nce => nce_cmd::show(args, &text, format),
    }
}

fn show_legacy(args: &ShowArgs, text: &str, format: Format) -> CliResult<String> {
    let nce_only = "applies to NCE price sheets only";
    reject("--term", args.term.as_ref(), nce_only)?;
    reject("--plan", args.plan.as_ref(), nce_only)?;
    reject("--market", args.market.as_ref(), nce_only)?;
    reject("--segment", args.segment.as_ref(), nce_only)?;
    reject("--seats", args.seats.as_ref(), nce_only)?;
    let rows = legacy_rows(&args.file, text)?;
    let Some(on) = args.on.as_deref() else {
        let only_on = "is only used with --on (to price a date)";
        reject("--month", args.month.as_ref(), only_on)?;
        reject("--currency", args.currency.as_ref(), only_on)?;
        let wanted = args.offer.as_deref().map(OfferId::new);
        let rows: Vec<&PriceRow> = rows
            .iter()
            .filter(|r| wanted.as_ref().is_none_or(|w| *w == r.offer_id))
            .collect();
        known_offer(&args.file, wanted, rows.is_empty())?;
        return match format {
            Format::Json => to_json(&rows),
            Format::Csv => legacy_rows_table(&rows).to_csv(),
            Format::Table => Ok(legacy_rows_table(&rows).to_text()),
        };
    };
    let needs = "--on needs --month (YYYY-MM) and --currency for a legacy price list, \
                 which carries neither";
    let on = input::date(on)?;
    let month: YearMonth = input::parse(input::required(args.month.as_deref(), needs)?)?;
    let currency: Currency = input::parse(input::required(args.currency.as_deref(), needs)?)?;
    let offer = input::required(args.offer.as_deref(), "--on needs --offer (the Offer ID)")?;
    let as_of = input::opt_date(args.as_of.as_deref())?.unwrap_or(on);
    let mut book = PriceBook::new(currency);
    book.add(PriceList::new(month, currency, rows)?)?;
    let price = book.price(&OfferId::new(offer), on, as_of)?;
    render_price(&price, format)
}

/// Fails with `unknown_offer` (naming the file) when the rows asked for by `--offer` are
/// none: an unknown offer is an error, never an empty table.
///
/// # Errors
/// `unknown_offer`.
pub fn known_offer(file: &Path, wanted: Option<OfferId>, none_found: bool) -> CliResult<()> {
    match wanted {
        Some(offer) if none_found => Err(Failure::in_file(file, Error::UnknownOffer { offer })),
        _ => Ok(()),
    }
}

/// Runs `csp price-list price`: one offer's price on a date from several monthly lists.
///
/// # Errors
/// `usage` for a `--list` without `=`; `io`; `invalid_encoding`; the core's parse errors
/// (naming the file; `price_format_mismatch` for an NCE sheet: this prices legacy lists),
/// `currency_mismatch`, `duplicate_price_list`, and the price book's refusals
/// (`price_list_not_published`, `no_price_list_in_force`, `offer_not_in_price_list`).
pub fn price(args: &PriceArgs, format: Format) -> CliResult<String> {
    let currency: Currency = input::parse(&args.currency)?;
    let on = input::date(&args.on)?;
    let as_of = input::opt_date(args.as_of.as_deref())?.unwrap_or(on);
    let mut book = PriceBook::new(currency);
    for spec in &args.lists {
        let (month, file) = spec.split_once('=').ok_or_else(|| {
            Failure::Usage(format!(
                "--list takes YYYY-MM=FILE, e.g. 2016-03=march.csv, not {spec:?}"
            ))
        })?;
        let month: YearMonth = input::parse(month)?;
        let path = Path::new(file);
        let bytes = input::read_bytes(path)?;
        let text = input::price_text(path, &bytes)?;
        let list = PriceList::new(month, currency, legacy_rows(path, &text)?)?;
        book.add(list)?;
    }
    let price = book.price(&OfferId::new(&args.offer), on, as_of)?;
    render_price(&price, format)
}

fn legacy_rows_table(rows: &[&PriceRow]) -> Table {
    let mut table = Table::new(&[
        ("offer_id", Align::Left),
        ("offer_name", Align::Left),
        ("agreement_type", Align::Left),
        ("secondary_type", Align::Left),
        ("list_price", Align::Right),
        ("erp_price", Align::Right),
        ("change_indicator", Align::Left),
    ]);
    for r in rows {
        table.push(vec![
            r.offer_id.to_string(),
            r.offer_name.clone(),
            r.agreement_type.to_string(),
            r.secondary_type.to_string(),
            r.list_price.to_string(),
            r.erp_price.to_string(),
            cell(r.change_indicator),
        ]);
    }
    table
}

fn render_price(price: &Price, format: Format) -> CliResult<String> {
    let mut table = Table::new(&[
        ("offer", Align::Left),
        ("offer_name", Align::Left),
        ("list", Align::Right),
        ("erp", Align::Right),
        ("currency", Align::Left),
        ("list_effective_from", Align::Left),
    ]);
    table.push(vec![
        price.offer.to_string(),
        price.offer_name.clone(),
        price.list.amount().to_string(),
        price.erp.amount().to_string(),
        price.list.currency().to_string(),
        price.list_effective_from.to_string(),
    ]);
    match format {
        Format::Json => to_json(price),
        Format::Csv => table.to_csv(),
        Format::Table => Ok(table.to_text()),
    }
}
