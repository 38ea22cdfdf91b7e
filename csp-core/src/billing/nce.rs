//! The partner's monthly bill (SPEC §8) over NCE lines (SPEC-NCE §14.5.4): the same engine,
//! fed with an NCE replay's lines in the form it reads ([`charge_line`]).

use std::collections::BTreeMap;

use chrono::NaiveTime;

use super::bill::BillRun;
use super::checks;
use super::engine::Engine;
use super::numbering::FirstNumber;
use super::run::{bill_customers, RunSpec};
use super::settings::PartnerSettings;
use crate::calendar::{Period, YearMonth};
use crate::catalog::{CustomerId, OfferId};
use crate::charges::{charge_line, replay_nce_until, ChargeLine, NceRefusal, ReplayOptions};
use crate::error::Result;
use crate::money::nce::LineConvention;
use crate::subscription::nce::{NceContext, NceEvent};

/// Bills every customer for `month` from an NCE book (SPEC §8 over SPEC-NCE §14): the
/// partner's own bill keeps its billing day and window (pinned P19); the events up to the
/// window's last day are replayed through its last second, each Microsoft line in the window
/// is mirrored at the resale price with the same share of its cycle (an `erp` resale rule
/// reads the locked row's `ERP Price`), and fees, instalments, discounts, tax, numbering and
/// corrections of `issued` runs are those of [`bill_month`](super::bill_month). Customers
/// are billed in id order. The resale lines are prorated exactly and rounded half-up (SPEC
/// §6.4's default), whatever `convention` Microsoft's lines follow. `ctx.as_of` is not read:
/// the window's end is the replay's instant.
///
/// The bill is in the billing currency `ctx.billing_currency` (SPEC-NCE §16.4): Microsoft's
/// lines are converted into it at the rate of their order date's month, and so are the term
/// and ERP prices a resale rule reads ([`charge_line`]); fees and fixed resale prices are
/// read as written in it. Every amount of a bill is in that one currency (a sum of two
/// currencies would be `currency_mismatch`). A partner billing its customers in yet another
/// currency (SPEC-NCE §16.5's `ResaleFx`) is not done here.
///
/// # Errors
/// An [`NceRefusal`]: the first refused event (its index in `events`), invalid settings
/// (`invalid_input`, `unknown_customer`, `duplicate_setting`), `fx_rate_missing` for a line
/// of a month without a rate, an issued run of the month,
/// `duplicate_invoice_number`, or an `erp` resale rule for a row without an ERP price
/// (`invalid_input`).
pub fn bill_nce_month(
    ctx: &NceContext<'_>,
    events: &[NceEvent],
    convention: LineConvention,
    settings: &PartnerSettings,
    month: YearMonth,
    issued: &[BillRun],
    first_number: impl Into<FirstNumber>,
) -> std::result::Result<BillRun, NceRefusal> {
    let inputs = NceRefusal::from;
    let run = || -> Result<_> {
        settings.validate()?;
        settings.check_against(ctx.customers)?;
        checks::check(settings, ctx.billing_currency)?;
        settings.billing_day.window(month)
    };
    let window = run().map_err(inputs)?;
    let by_customer = lines_until(ctx, events, window, convention)?;
    let names = sheet_names(ctx);
    let engine = Engine::for_priced_lines(
        &names,
        ctx.billing_currency,
        settings,
        ReplayOptions::default(),
    );
    let spec = RunSpec {
        engine: &engine,
        settings,
        currency: ctx.billing_currency,
        month,
        window,
        issued,
        first_number: first_number.into(),
    };
    bill_customers(&spec, ctx.customers, |id| {
        engine.mirror(by_customer.get(id).map_or(&[][..], Vec::as_slice))
    })
    .map_err(inputs)
}

/// The names of the sheet's offers (their SKU titles), for the lines' descriptions.
pub(super) fn sheet_names(ctx: &NceContext<'_>) -> BTreeMap<OfferId, String> {
    let mut names: BTreeMap<OfferId, String> = BTreeMap::new();
    for row in ctx.sheet.rows() {
        names
            .entry(row.key.offer.clone())
            .or_insert_with(|| row.sku_title.clone());
    }
    names
}

/// Every customer's lines as a bill of `window` reads them: the events up to the window's
/// last day replayed through its last second (events after it are billed later).
///
/// # Errors
/// The replay's refusal; `fx_rate_missing` for a line of a month without a rate.
pub(super) fn lines_until(
    ctx: &NceContext<'_>,
    events: &[NceEvent],
    window: Period,
    convention: LineConvention,
) -> std::result::Result<BTreeMap<CustomerId, Vec<ChargeLine>>, NceRefusal> {
    let last = window
        .last()
        .and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN))
        .and_utc();
    let at_window = NceContext {
        as_of: last,
        ..*ctx
    };
    let replay = replay_nce_until(&at_window, events, last, convention)?;
    let mut by_customer: BTreeMap<CustomerId, Vec<ChargeLine>> = BTreeMap::new();
    for (fact, line) in replay.facts.iter().zip(&replay.lines) {
        let charge = charge_line(fact, line, convention)?;
        by_customer
            .entry(fact.customer.clone())
            .or_default()
            .push(charge);
    }
    Ok(by_customer)
}
