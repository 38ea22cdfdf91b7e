//! Computing a month's bills from a replay (SPEC §8, §10.6): the book replayed and billed
//! customer by customer.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::bill::{Bill, BillRun, Totals};
use super::checks;
use super::engine::{Engine, MonthRun};
use super::numbering::{FirstNumber, IssuedNumbers};
use super::settings::PartnerSettings;
use crate::calendar::YearMonth;
use crate::catalog::SubscriptionId;
use crate::charges::{CustomerReplays, Inputs, Refusal, ReplayOptions};
use crate::error::{Error, Result};
use crate::money::{Money, Ratio, Rounding, RoundingMode};
use crate::subscription::Event;

/// Bills every customer for `month` (SPEC §8).
///
/// The window is `[issue date of the previous month, issue date − 1]`, replayed as of its
/// last day. Each Microsoft line dated in it is mirrored at the resale price with the same
/// proration fraction, with the partner's per-seat fees; monthly and one-time fees,
/// instalments and discounts are added; earlier bills in `issued` that the current inputs
/// would now compute differently (a back-dated event) get adjustment lines: `issued` holds the
/// earlier bill runs as issued (an empty run still tells that its month was billed). Invoice
/// numbers are `prefix + (first + i)` in customer order, `first` as [`FirstNumber`] says: a
/// number (`u64`) the caller supplies, or (`None`, [`FirstNumber::AfterIssued`]) one after the
/// highest the issued runs used with the prefix; no number an issued run used is given again
/// (see [`crate::billing`]'s numbering decisions).
///
/// Customers are replayed and billed one at a time ([`CustomerReplays`]): the time is linear
/// in the book's events and customers, and the replay holds one customer's lines at a time.
///
/// # Errors
/// A [`Refusal`]: an event the replay refuses (the one a replay of the whole book meets
/// first, see [`crate::charges::first_refusal`]), invalid settings (`invalid_input`: see
/// [`PartnerSettings::validate`]; a negative fee, a monthly or one-time fee finer than the
/// currency's minor units, a fee's `from` after its `until`, a per-seat fee that names no
/// subscription or offer, a discount of 0 months), an issued run of the month
/// billed (`invalid_input`), or a number already issued (`duplicate_invoice_number`).
pub fn bill_month(
    inputs: &Inputs,
    events: &[Event],
    options: ReplayOptions,
    settings: &PartnerSettings,
    month: YearMonth,
    issued: &[BillRun],
    first_number: impl Into<FirstNumber>,
) -> std::result::Result<BillRun, Refusal> {
    settings.validate()?;
    settings.check_against(&inputs.customers)?;
    checks::check(settings, inputs.book.currency())?;
    let window = settings.billing_day.window(month)?;
    let engine = Engine::new(inputs, settings, options);
    // Events after the window are billed later: a bill reads only what happened by its end.
    let mut book = CustomerReplays::new(
        inputs,
        events,
        |e| e.date <= window.last(),
        window.last(),
        options,
    );
    let numbers = IssuedNumbers::new(&settings.invoice_prefix, issued);
    let run = engine
        .month_run(month, window, issued)
        .and_then(|run| Ok((run, numbers.first(first_number.into())?)));
    if let Err(e) = &run {
        book.fail(e.clone());
    }
    let mut bills = Vec::new();
    while let Some((customer, group)) = book.next_group() {
        let Some(replay) = book.replay(&group) else {
            continue;
        };
        let (Some(customer), Ok((run, first)), false) = (customer, &run, book.failed()) else {
            continue;
        };
        let bill = first
            .checked_add(bills.len() as u64)
            .ok_or(Error::AmountOverflow {
                operation: "invoice number",
            })
            .and_then(|number| {
                let mirrors = engine.mirror(&replay.lines)?;
                let bill = engine.bill(customer, &mirrors, run, number)?;
                if bill.is_some() {
                    numbers.check(number)?;
                }
                Ok(bill)
            });
        match bill {
            Ok(Some(bill)) => bills.push(bill),
            Ok(None) => {}
            Err(e) => book.fail(e),
        }
    }
    book.finish()?;
    Ok(BillRun {
        partner: settings.name.clone(),
        month,
        issue_date: settings.billing_day.issue_date(month),
        window,
        totals: Totals::of(inputs.book.currency(), &bills)?,
        bills,
        projected: false,
    })
}

/// The longest projection asked for (ten years; every term ends within one).
pub const MAX_PROJECTED_MONTHS: u32 = 120;

/// The most monthly instalments a charge is spread into (ten years).
pub const MAX_INSTALMENTS: u32 = 120;

/// What the next `count` bills after `month` will be (SPEC §8 projection): the events known
/// at `month`'s bill and no others, the locked prices, and nothing after each subscription's
/// current term end (renewals are not projected). Each run is marked `projected`, with
/// invoice numbers `projected`.
///
/// # Errors
/// As [`bill_month`]; `invalid_input` for more than [`MAX_PROJECTED_MONTHS`].
pub fn project(
    inputs: &Inputs,
    events: &[Event],
    options: ReplayOptions,
    settings: &PartnerSettings,
    month: YearMonth,
    count: u32,
) -> std::result::Result<Vec<BillRun>, Refusal> {
    settings.validate()?;
    settings.check_against(&inputs.customers)?;
    checks::check(settings, inputs.book.currency())?;
    // Terms end within a year, renewals are not projected: further months are all empty.
    if count > MAX_PROJECTED_MONTHS {
        return Err(Refusal::from(Error::InvalidInput {
            what: "projection length",
            text: count.to_string(),
            expected: "at most 120 months",
        }));
    }
    let now = settings.billing_day.window(month)?.last();
    let mut last = month;
    let mut months = Vec::new();
    for _ in 0..count {
        last = last.next()?;
        months.push((last, settings.billing_day.window(last)?));
    }
    let horizon = settings.billing_day.window(last)?.last();
    let engine = Engine::new(inputs, settings, options);
    let runs: Vec<MonthRun<'_>> = months
        .iter()
        .map(|&(m, window)| engine.month_run(m, window, &[]))
        .collect::<Result<_>>()?;
    let mut bills: Vec<Vec<Bill>> = vec![Vec::new(); runs.len()];
    let mut book = CustomerReplays::new(inputs, events, |e| e.date <= now, now, options);
    while let Some((customer, group)) = book.next_group() {
        // The terms as known now; the lines to the horizon, within them.
        let Some(known) = book.replay(&group) else {
            continue;
        };
        let Some(mut future) = book.replay_to(&group, horizon) else {
            continue;
        };
        let (Some(customer), false) = (customer, book.failed()) else {
            continue;
        };
        let terms: HashMap<&SubscriptionId, chrono::NaiveDate> = known
            .subscriptions
            .iter()
            .map(|s| (&s.id, s.term.last()))
            .collect();
        future
            .lines
            .retain(|l| terms.get(&l.subscription).is_some_and(|end| l.date <= *end));
        let projected = engine.mirror(&future.lines).and_then(|mirrors| {
            runs.iter()
                .map(|run| engine.bill(customer, &mirrors, run, 0))
                .collect::<Result<Vec<_>>>()
        });
        match projected {
            Ok(month_bills) => {
                for (out, bill) in bills.iter_mut().zip(month_bills) {
                    out.extend(bill);
                }
            }
            Err(e) => book.fail(e),
        }
    }
    book.finish()?;
    let currency = inputs.book.currency();
    months
        .iter()
        .zip(bills)
        .map(|(&(m, window), mut bills)| {
            for bill in &mut bills {
                bill.invoice.number = "projected".to_string();
            }
            Ok(BillRun {
                partner: settings.name.clone(),
                month: m,
                issue_date: settings.billing_day.issue_date(m),
                window,
                totals: Totals::of(currency, &bills)?,
                bills,
                projected: true,
            })
        })
        .collect::<Result<Vec<_>>>()
        .map_err(Refusal::from)
}

/// `total` in `n` equal instalments rounded toward zero to minor units, the remainder on the
/// last, so that they always sum to `total` exactly (`n = 0` is taken as 1).
///
/// ```
/// use csp_core::money::{Currency, Money};
/// let parts = csp_core::billing::instalments(Money::parse("100.00", Currency::USD)?, 3)?;
/// let shown: Vec<String> = parts.iter().map(|m| m.amount().to_string()).collect();
/// assert_eq!(shown, ["33.33", "33.33", "33.34"]);
/// # Ok::<(), csp_core::Error>(())
/// ```
///
/// # Errors
/// `amount_overflow` for an absurd amount; `invalid_input` for more than
/// [`MAX_INSTALMENTS`].
pub fn instalments(total: Money, n: u32) -> Result<Vec<Money>> {
    if n > MAX_INSTALMENTS {
        return Err(Error::InvalidInput {
            what: "instalments",
            text: n.to_string(),
            expected: "at most 120 instalments",
        });
    }
    let n = n.max(1);
    let minor = Rounding::clamped(total.currency().minor_units(), RoundingMode::Down);
    let part = Money::new(
        Ratio::from_decimal(total.amount())?
            .div_int(n.into())?
            .round(minor)?,
        total.currency(),
    );
    let rest = total.checked_sub(&part.checked_mul(Decimal::from(n - 1))?)?;
    let mut out = vec![part; (n - 1) as usize];
    out.push(rest);
    Ok(out)
}
