//! `csp price-list show` on an NCE price sheet: its rows, or the row governing one date.

use csp_core::catalog::OfferId;
use csp_core::money::Currency;
use csp_core::price_list::{
    parse_nce_rows_parallel, BillingPlan, NceKey, NceRow, NceSheet, PriceSegment, TermDuration,
};

use crate::args::{Format, ShowArgs};
use crate::failure::{CliResult, Failure};
use crate::input;
use crate::output::{cell, to_json, Align, Table};
use crate::price_list_cmd::{known_offer, reject};

/// Shows the rows of an NCE sheet (`text`, read from `args.file`), or with `--on` the row
/// that governs the date for one offer, term, plan, market and currency (and, when the
/// sheet has them, `--segment` and the tier holding `--seats`).
///
/// The table has `segment` and `tier` columns only when a row has a segment or a tier
/// range, so a sheet without them shows as before.
///
/// # Errors
/// The core's parse errors (naming the file), `invalid_input` for a bad argument,
/// `unknown_offer` for an `--offer` the sheet does not hold, `invalid_quantity` for
/// `--seats` outside 1..=1,000,000, `nce_price_not_found`,
/// `ambiguous_price` (a segment or tier left out), and `usage` for missing or legacy-only
/// options.
pub fn show(args: &ShowArgs, text: &str, format: Format) -> CliResult<String> {
    let legacy_only = "applies to legacy price lists only";
    reject("--month", args.month.as_ref(), legacy_only)?;
    reject("--as-of", args.as_of.as_ref(), legacy_only)?;
    // In parts on every core: the same rows and the same first error as one parse.
    let rows = parse_nce_rows_parallel(text, 0).map_err(|e| Failure::in_file(&args.file, e))?;
    let Some(on) = args.on.as_deref() else {
        let only_on = "is only used with --on (to price a date)";
        reject("--currency", args.currency.as_ref(), only_on)?;
        reject("--term", args.term.as_ref(), only_on)?;
        reject("--plan", args.plan.as_ref(), only_on)?;
        reject("--market", args.market.as_ref(), only_on)?;
        reject("--segment", args.segment.as_ref(), only_on)?;
        reject("--seats", args.seats.as_ref(), only_on)?;
        let wanted = args.offer.as_deref().map(OfferId::new);
        let rows: Vec<&NceRow> = rows
            .iter()
            .filter(|r| wanted.as_ref().is_none_or(|w| *w == r.key.offer))
            .collect();
        known_offer(&args.file, wanted, rows.is_empty())?;
        return render(&rows, format);
    };
    let needs = "--on needs --offer (ProductId:SkuId), --term, --plan, --market and --currency \
                 for an NCE price sheet";
    let on = input::date(on)?;
    let mut key = NceKey::new(
        input::required(args.offer.as_deref(), needs)?,
        input::parse::<TermDuration>(input::required(args.term.as_deref(), needs)?)?,
        input::parse::<BillingPlan>(input::required(args.plan.as_deref(), needs)?)?,
        input::required(args.market.as_deref(), needs)?,
        input::parse::<Currency>(input::required(args.currency.as_deref(), needs)?)?,
    );
    if let Some(segment) = args.segment.as_deref() {
        key = key.with_segment(input::parse::<PriceSegment>(segment)?);
    }
    let sheet = NceSheet::new(rows);
    let row = match args.seats {
        Some(n) => sheet.price_for_seats(&key, u64::from(csp_core::input::seats(n)?), on)?,
        None => sheet.price_on(&key, on)?,
    };
    match format {
        Format::Json => to_json(row),
        _ => render(&[row], format),
    }
}

fn render(rows: &[&NceRow], format: Format) -> CliResult<String> {
    let keyed = rows
        .iter()
        .any(|r| r.key.segment.is_some() || r.key.tier.is_some());
    let mut columns = vec![
        ("offer", Align::Left),
        ("product_title", Align::Left),
        ("sku_title", Align::Left),
        ("term", Align::Left),
        ("plan", Align::Left),
        ("market", Align::Left),
        ("currency", Align::Left),
    ];
    if keyed {
        columns.extend([("segment", Align::Left), ("tier", Align::Left)]);
    }
    columns.extend([
        ("unit_price", Align::Right),
        ("erp_price", Align::Right),
        ("effective_start", Align::Left),
        ("effective_end", Align::Left),
    ]);
    let mut table = Table::new(&columns);
    for r in rows {
        let mut line = vec![
            r.key.offer.to_string(),
            r.product_title.clone(),
            r.sku_title.clone(),
            r.key.term.to_string(),
            r.key.plan.to_string(),
            r.key.market.clone(),
            r.key.currency.to_string(),
        ];
        if keyed {
            line.extend([cell(r.key.segment), cell(r.key.tier)]);
        }
        line.extend([
            r.unit_price.to_string(),
            cell(r.erp_price),
            r.effective_start.to_string(),
            r.effective_end.to_string(),
        ]);
        table.push(line);
    }
    match format {
        Format::Json => to_json(rows),
        Format::Csv => table.to_csv(),
        Format::Table => Ok(table.to_text()),
    }
}
