//! The automatic steps of a day (SPEC-NCE §13.5, §13.9): cycle charges, plan-change
//! boundaries, renewal (and Microsoft's completion instant), expiry, disabling and deletion.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::change::switch_plan;
use super::event::instant_text;
use super::machine::{fact, start_of, window_end, NceContext};
use super::order::{cycle_months, lock_price};
use super::state::{NceChargeType, NceFact, NceStatus, NceSubscription, SeatBatch};
use crate::calendar::add_days;
use crate::error::{Error, Result};
use crate::program::Program;

/// The next day with an automatic step for `s`.
pub(super) fn next_due(program: &Program, s: &NceSubscription) -> Option<NaiveDate> {
    match s.status {
        NceStatus::Active | NceStatus::Suspended { .. } => {
            let renewal = s.renewal_date();
            let cycle = s.term.next_cycle_start(s.processed_through).ok().flatten();
            Some(cycle.map_or(renewal, |c| c.min(renewal)))
        }
        NceStatus::Expired { since } => add_days(since, i64::from(program.expired_days)).ok(),
        NceStatus::Disabled { deleted_on, .. } => Some(deleted_on),
        NceStatus::Deleted { .. } | NceStatus::Stopped { .. } => None,
    }
}

/// The automatic step of `day` (SPEC-NCE §13.5, §13.9.4).
pub(super) fn step(
    ctx: &NceContext<'_>,
    s: &mut NceSubscription,
    day: NaiveDate,
    out: &mut Vec<NceFact>,
) {
    let program = ctx.program;
    match s.status {
        NceStatus::Active | NceStatus::Suspended { .. } if day == s.renewal_date() => {
            let suspended = matches!(s.status, NceStatus::Suspended { .. });
            if suspended {
                // Pinned P13: disabled for the expired and disabled days together.
                let days = program.expired_days.saturating_add(program.disabled_days);
                s.status = disabled(day, day, days);
            } else if s.auto_renew && s.is_trial {
                if let Err(e) = super::trial::convert_at_end(ctx, s, day, out) {
                    s.status = NceStatus::Stopped {
                        on: day,
                        reason: e.code(),
                    };
                }
            } else if s.auto_renew {
                if let Err(e) = renew(ctx, s, day, out) {
                    s.status = NceStatus::Stopped {
                        on: day,
                        reason: e.code(),
                    };
                }
            } else {
                s.status = NceStatus::Expired { since: day };
            }
        }
        NceStatus::Active | NceStatus::Suspended { .. }
            if s.pending_plan.as_ref().is_some_and(|p| p.from == day) =>
        {
            if let Err(e) = switch_plan(ctx, s, day, out) {
                s.status = NceStatus::Stopped {
                    on: day,
                    reason: e.code(),
                };
            }
        }
        NceStatus::Active | NceStatus::Suspended { .. } => match s.term.cycle_at(day) {
            Ok(cycle) if cycle.first() == day => {
                let reference = format!("cycle:{day}");
                out.push(fact(
                    s,
                    NceChargeType::CycleCharge,
                    reference,
                    day,
                    cycle,
                    day,
                ));
            }
            Ok(_) => {}
            Err(e) => {
                s.status = NceStatus::Stopped {
                    on: day,
                    reason: e.code(),
                }
            }
        },
        NceStatus::Expired { since } => {
            let deletion = since.checked_add_signed(Duration::days(
                i64::from(program.expired_days) + i64::from(program.disabled_days),
            ));
            s.status = NceStatus::Disabled {
                since: day,
                deleted_on: deletion.unwrap_or(NaiveDate::MAX),
            };
        }
        NceStatus::Disabled { .. } => s.status = NceStatus::Deleted { on: day },
        NceStatus::Deleted { .. } | NceStatus::Stopped { .. } => {}
    }
}

/// `Disabled` from `since`, deleted `days` after `from`.
pub(super) fn disabled(since: NaiveDate, from: NaiveDate, days: u32) -> NceStatus {
    NceStatus::Disabled {
        since,
        deleted_on: add_days(from, i64::from(days)).unwrap_or(NaiveDate::MAX),
    }
}

/// The renewal of `s` at the start of `day` (SPEC-NCE §13.9.4).
pub(super) fn renew(
    ctx: &NceContext<'_>,
    s: &mut NceSubscription,
    day: NaiveDate,
    out: &mut Vec<NceFact>,
) -> Result<()> {
    let at = start_of(day);
    let next = s.scheduled.take().unwrap_or_default();
    let offer = next.offer.unwrap_or_else(|| s.offer.clone());
    let (term, plan) = if s.is_trial {
        let (term, plan) = super::trial::conversion_defaults(ctx.program)?;
        (next.term.unwrap_or(term), next.plan.unwrap_or(plan))
    } else {
        (
            next.term.unwrap_or(s.term_duration),
            next.plan.unwrap_or(s.plan),
        )
    };
    let quantity = next.quantity.unwrap_or(s.quantity);
    let customer = ctx
        .customers
        .get(&s.customer)
        .ok_or_else(|| Error::UnknownCustomer {
            customer: s.customer.to_string(),
            used_in: format!("the renewal of {}", s.id),
        })?;
    let cycle_months = cycle_months(ctx.program, &offer, term, plan)?;
    let price = lock_price(ctx, customer, &offer, term, plan, cycle_months, at)?;
    let price = super::promotion::at_renewal(ctx, customer, &offer, term, plan, price)?;
    let new_term = s
        .term
        .renewal(term.months(), cycle_months, next.custom_end)?;
    let cycle = new_term.cycle_at(day)?;
    s.offer = offer;
    s.term_duration = term;
    s.plan = plan;
    s.quantity = quantity;
    s.term = new_term;
    s.price = price;
    s.cancellable_until = Some(window_end(at, ctx.program.cancel_window_hours));
    s.batches = vec![SeatBatch {
        quantity,
        allowed_until: window_end(at, ctx.program.reduce_window_hours),
    }];
    s.pending_plan = None;
    s.renewed_at = Some(at);
    out.push(fact(
        s,
        NceChargeType::Renew,
        format!("renew:{day}"),
        day,
        cycle,
        day,
    ));
    Ok(())
}

/// Moves the windows a renewal opened at its renewal instant to Microsoft's completion
/// instant `t` (SPEC-NCE §13.9.3): `cancellable_until` and the renewal's seat batch (batches
/// added since keep their own windows).
///
/// # Errors
/// `invalid_input` unless the current term began with a renewal not yet completed and `t`
/// is within `renewal_completion_hours` of its instant.
pub(super) fn complete_renewal(
    program: &Program,
    s: &mut NceSubscription,
    t: DateTime<Utc>,
) -> Result<()> {
    let hours = program.renewal_completion_hours;
    let within = s
        .renewed_at
        .filter(|&r| r <= t && t <= window_end(r, hours));
    let Some(renewed) = within else {
        return Err(Error::InvalidInput {
            what: "renewal completion instant",
            text: format!("{} for subscription {}", instant_text(t), s.id),
            expected: "an instant within renewal_completion_hours (24 h) of the renewal instant of the subscription's current term, once",
        });
    };
    let batch_end = window_end(renewed, program.reduce_window_hours);
    for b in s
        .batches
        .iter_mut()
        .filter(|b| b.allowed_until == batch_end)
    {
        b.allowed_until = window_end(t, program.reduce_window_hours);
    }
    if s.cancellable_until == Some(window_end(renewed, program.cancel_window_hours)) {
        s.cancellable_until = Some(window_end(t, program.cancel_window_hours));
    }
    s.renewed_at = None;
    Ok(())
}
