//! `csp price-list show` on an NCE price sheet: its rows, or the row governing one date.

use csp_core::catalog::OfferId;
use csp_core::money::Currency;
use csp_core::price_list::{parse_nce_rows, BillingPlan, NceKey, NceRow, NceSheet, TermDuration};

use crate::args::{Format, ShowArgs};
use crate::failure::{CliResult, Failure};
use crate::input;
use crate::output::{cell, to_json, Align, Table};
use crate::price_list_cmd::reject;

/// Shows the rows of an NCE sheet (`text`, read from `args.file`), or with `--on` the row
/// that governs the date for one offer, term, plan, market and currency.
///
/// # Errors
/// The core's parse errors (naming the file), `invalid_input` for a bad argument,
/// `nce_price_not_found`, and `usage` for missing or legacy-only options.
pub fn show(args: &ShowArgs, text: &str, format: Format) -> CliResult<String> {
    let legacy_only = "applies to legacy price lists only";
    reject("--month", args.month.as_ref(), legacy_only)?;
    reject("--as-of", args.as_of.as_ref(), legacy_only)?;
    let rows = parse_nce_rows(text).map_err(|e| Failure::in_file(&args.file, e))?;
    let Some(on) = args.on.as_deref() else {
        let only_on = "is only used with --on (to price a date)";
        reject("--currency", args.currency.as_ref(), only_on)?;
        reject("--term", args.term.as_ref(), only_on)?;
        reject("--plan", args.plan.as_ref(), only_on)?;
        reject("--market", args.market.as_ref(), only_on)?;
        let wanted = args.offer.as_deref().map(OfferId::new);
        let rows: Vec<&NceRow> = rows
            .iter()
            .filter(|r| wanted.as_ref().is_none_or(|w| *w == r.key.offer))
            .collect();
        return render(&rows, format);
    };
    let needs = "--on needs --offer (ProductId:SkuId), --term, --plan, --market and --currency \
                 for an NCE price sheet";
    let on = input::date(on)?;
    let key = NceKey::new(
        input::required(args.offer.as_deref(), needs)?,
        input::parse::<TermDuration>(input::required(args.term.as_deref(), needs)?)?,
        input::parse::<BillingPlan>(input::required(args.plan.as_deref(), needs)?)?,
        input::required(args.market.as_deref(), needs)?,
        input::parse::<Currency>(input::required(args.currency.as_deref(), needs)?)?,
    );
    let sheet = NceSheet::new(rows);
    let row = sheet.price_on(&key, on)?;
    match format {
        Format::Json => to_json(row),
        _ => render(&[row], format),
    }
}

fn render(rows: &[&NceRow], format: Format) -> CliResult<String> {
    let mut table = Table::new(&[
        ("offer", Align::Left),
        ("product_title", Align::Left),
        ("sku_title", Align::Left),
        ("term", Align::Left),
        ("plan", Align::Left),
        ("market", Align::Left),
        ("currency", Align::Left),
        ("unit_price", Align::Right),
        ("erp_price", Align::Right),
        ("effective_start", Align::Left),
        ("effective_end", Align::Left),
    ]);
    for r in rows {
        table.push(vec![
            r.key.offer.to_string(),
            r.product_title.clone(),
            r.sku_title.clone(),
            r.key.term.to_string(),
            r.key.plan.to_string(),
            r.key.market.clone(),
            r.key.currency.to_string(),
            r.unit_price.to_string(),
            cell(r.erp_price),
            r.effective_start.to_string(),
            r.effective_end.to_string(),
        ]);
    }
    match format {
        Format::Json => to_json(rows),
        Format::Csv => table.to_csv(),
        Format::Table => Ok(table.to_text()),
    }
}
