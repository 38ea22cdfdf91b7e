//! Trials (SPEC-NCE §13.12): ordered at no cost for a month, then converted to a paid
//! subscription (in place, or into an existing one) or left to expire.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use super::event::{NceEvent, NceEventKind};
use super::machine::{customer_of, fact, require, start_of, window_end, NceContext};
use super::order::{checked_seats, cycle_months, lock_price};
use super::state::{LockedPrice, NceChargeType, NceFact, NceStatus, NceSubscription, SeatBatch};
use super::upgrade::Upgraded;
use crate::calendar::nce::NceTerm;
use crate::error::{Error, Result};
use crate::money::nce::CyclePrice;
use crate::program::Program;
use crate::vocab::{BillingPlan, TermDuration};

/// The term and plan a trial converts to when none is given: the program's default term
/// (`term_months`) and `trial_conversion_plan` (SPEC-NCE §13.12.1).
pub(super) fn conversion_defaults(program: &Program) -> Result<(TermDuration, BillingPlan)> {
    let text = format!("P{}M", program.term_months);
    let Some(term) = TermDuration::parse(&text) else {
        return Err(Error::InvalidInput {
            what: "program term_months",
            text,
            expected: "a term of 1 to 9999 months",
        });
    };
    Ok((term, program.trial_conversion_plan))
}

/// A trial ordered at `event.at` (SPEC-NCE §13.12): `trial_seats` seats, plan `none`, one
/// cycle of `trial_term` at no cost.
pub(super) fn order_trial(
    ctx: &NceContext<'_>,
    event: &NceEvent,
    quantity: u32,
    auto_renew: bool,
    custom_end: bool,
) -> Result<NceSubscription> {
    let NceEventKind::Order {
        customer, offer, ..
    } = &event.kind
    else {
        return Err(Error::InternalError {
            part: "nce trial",
            detail: "not an order".to_string(),
        });
    };
    let program = ctx.program;
    if !program.trials_allowed {
        return Err(Error::TrialNotOffered {
            offer: offer.clone(),
        });
    }
    if custom_end {
        return Err(Error::CotermNotAllowed {
            reason: "a trial has no custom end".to_string(),
        });
    }
    if quantity != program.trial_seats {
        return Err(Error::InvalidQuantity {
            subscription: event.subscription.to_string(),
            detail: format!(
                "{quantity} seats: a trial has {} seats (trial_seats)",
                program.trial_seats
            ),
        });
    }
    let start = event.at.date_naive();
    let months = program.trial_term.months();
    Ok(NceSubscription {
        id: event.subscription.clone(),
        customer: customer.clone(),
        offer: offer.clone(),
        term_duration: program.trial_term,
        plan: BillingPlan::None,
        term: NceTerm::first(start, months, months, None)?,
        quantity,
        auto_renew,
        price: free(event.at)?,
        cancellable_until: Some(window_end(event.at, program.cancel_window_hours)),
        batches: Vec::new(),
        scheduled: None,
        pending_plan: None,
        is_trial: true,
        renewed_at: None,
        status: NceStatus::Active,
        processed_through: start,
    })
}

/// A trial's price: nothing.
fn free(at: DateTime<Utc>) -> Result<LockedPrice> {
    Ok(LockedPrice {
        price: CyclePrice::new(Decimal::ZERO, 1, None)?,
        erp_price: None,
        row_start: at.naive_utc(),
        priced_at: at,
        promotion: None,
    })
}

/// `convert_trial` without `into`: the trial becomes a paid subscription in place
/// (SPEC-NCE §13.12.1): at least the trial's seats.
pub(super) fn convert_in_place(
    ctx: &NceContext<'_>,
    s: &mut NceSubscription,
    event: &NceEvent,
    out: &mut Vec<NceFact>,
) -> Result<()> {
    let NceEventKind::ConvertTrial {
        quantity,
        term,
        plan,
        ..
    } = &event.kind
    else {
        return Err(not_a_trial(s));
    };
    if !s.is_trial {
        return Err(not_a_trial(s));
    }
    let program = ctx.program;
    let q = quantity.unwrap_or(s.quantity);
    if q < program.trial_seats {
        return Err(Error::TrialConversionMinimum {
            minimum: u64::from(program.trial_seats),
            requested: u64::from(q),
            rule: "trial_seats",
        });
    }
    let (default_term, default_plan) = conversion_defaults(program)?;
    let (term, plan) = (term.unwrap_or(default_term), plan.unwrap_or(default_plan));
    convert_paid(ctx, s, event.at, q, term, plan, event.id.clone(), out)
}

/// The automatic conversion at the trial's end `day` with auto-renew on (SPEC-NCE §13.12.3):
/// the scheduled term, plan and seats (which may be fewer than the trial's), or the defaults
/// and the trial's seats (pinned P16).
pub(super) fn convert_at_end(
    ctx: &NceContext<'_>,
    s: &mut NceSubscription,
    day: NaiveDate,
    out: &mut Vec<NceFact>,
) -> Result<()> {
    let next = s.scheduled.take().unwrap_or_default();
    let (default_term, default_plan) = conversion_defaults(ctx.program)?;
    let q = checked_seats(&s.id, i64::from(next.quantity.unwrap_or(s.quantity)))?;
    let term = next.term.unwrap_or(default_term);
    let plan = next.plan.unwrap_or(default_plan);
    convert_paid(
        ctx,
        s,
        start_of(day),
        q,
        term,
        plan,
        format!("convert:{day}"),
        out,
    )
}

/// The conversion lines and state: `convert (−trial seats × 0)` on the trial's cycle and
/// `convert (+q × P)` for the paid term's first full cycle from `date(at)`, priced at `at`,
/// with fresh windows (pinned P16).
#[allow(clippy::too_many_arguments)]
fn convert_paid(
    ctx: &NceContext<'_>,
    s: &mut NceSubscription,
    at: DateTime<Utc>,
    q: u32,
    term: TermDuration,
    plan: BillingPlan,
    reference: String,
    out: &mut Vec<NceFact>,
) -> Result<()> {
    let d = at.date_naive();
    let program = ctx.program;
    let months = cycle_months(program, &s.offer, term, plan)?;
    let customer = customer_of(ctx, s)?;
    let price = lock_price(ctx, customer, &s.offer, term, plan, months, at)?;
    let paid = NceTerm::first(d, term.months(), months, None)?;
    let first = paid.cycle_at(d)?;
    // The trial's cycle holding the conversion, or (at its end) its last cycle, refunded at
    // no cost from the conversion day (the whole cycle at the end).
    let (trial_cycle, from) = match s.term.cycle_at(d) {
        Ok(c) => (c, d),
        Err(_) => {
            let c = s.term.cycle_at(s.term.period().last())?;
            (c, c.first())
        }
    };
    let mut refund = fact(
        s,
        NceChargeType::Convert,
        reference.clone(),
        d,
        trial_cycle,
        from,
    );
    refund.refund = true;
    s.is_trial = false;
    s.term_duration = term;
    s.plan = plan;
    s.term = paid;
    s.quantity = q;
    s.price = price;
    s.cancellable_until = Some(window_end(at, program.cancel_window_hours));
    s.batches = vec![SeatBatch {
        quantity: q,
        allowed_until: window_end(at, program.reduce_window_hours),
    }];
    s.scheduled = None;
    s.pending_plan = None;
    s.status = NceStatus::Active;
    s.processed_through = d;
    let charge = fact(s, NceChargeType::Convert, reference, d, first, d);
    out.push(refund);
    out.push(charge);
    Ok(())
}

/// `convert_trial` into the existing subscription `x` (SPEC-NCE §13.12.2): the trial's seats
/// join `x` at its locked price to the end of its cycle; the trial is deleted.
pub(super) fn convert_into(
    trial: &NceSubscription,
    x: &NceSubscription,
    event: &NceEvent,
) -> Result<Upgraded> {
    let t = event.at;
    let d = t.date_naive();
    require(trial, t, false)?;
    if !trial.is_trial {
        return Err(not_a_trial(trial));
    }
    let ineligible = |reason: String| Error::TrialConversionTargetIneligible {
        target: x.id.to_string(),
        reason,
    };
    if x.customer != trial.customer {
        return Err(Error::CustomerMismatch {
            expected: trial.customer.to_string(),
            actual: x.customer.to_string(),
        });
    }
    if x.is_trial || x.status != NceStatus::Active {
        return Err(ineligible(format!(
            "it is {}",
            if x.is_trial {
                "a trial"
            } else {
                x.status.name()
            }
        )));
    }
    if x.offer != trial.offer {
        return Err(ineligible(format!(
            "it holds {}, not {}",
            x.offer, trial.offer
        )));
    }
    if x.term.period().last() < trial.term.period().last() {
        return Err(ineligible(format!(
            "its term ends {}, before the trial's {}",
            x.term.period().last(),
            trial.term.period().last()
        )));
    }
    let mut refund = fact(
        trial,
        NceChargeType::Convert,
        event.id.clone(),
        d,
        trial.term.cycle_at(d)?,
        d,
    );
    refund.refund = true;
    let mut target = x.clone();
    target.quantity = checked_seats(&x.id, i64::from(x.quantity) + i64::from(trial.quantity))?;
    let mut charge = fact(
        &target,
        NceChargeType::Convert,
        event.id.clone(),
        d,
        x.term.cycle_at(d)?,
        d,
    );
    charge.quantity = trial.quantity;
    let mut source = trial.clone();
    source.status = NceStatus::Deleted { on: d };
    source.batches.clear();
    source.scheduled = None;
    Ok(Upgraded {
        source,
        target: Some(target),
        facts: vec![refund, charge],
    })
}

fn not_a_trial(s: &NceSubscription) -> Error {
    Error::InvalidInput {
        what: "convert_trial",
        text: s.id.to_string(),
        expected: "a trial subscription (ordered with plan none)",
    }
}
