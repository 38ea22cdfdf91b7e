//! Events on one existing subscription (SPEC-NCE §13.6–§13.11): seats, cancellation,
//! suspension, auto-renew, scheduled changes, term and plan changes.

use chrono::{DateTime, NaiveDate, Utc};

use super::event::{instant_text, NceEvent, NceEventKind, ScheduledChange};
use super::machine::{customer_of, fact, on_a_trial, require, start_of, window_end, NceContext};
use super::order::{checked_seats, cycle_months, lock_price};
use super::renewal::complete_renewal;
use super::state::{NceChargeType, NceFact, NceStatus, NceSubscription, PendingPlan, SeatBatch};
use crate::calendar::nce::{check_custom_end, natural_end, NceTerm};
use crate::error::{Error, Result};
use crate::money::nce::CycleShare;
use crate::vocab::{BillingPlan, TermDuration};

/// The refund of the old quantity and the charge of the new one over `[d, last(C)]`
/// (SPEC-NCE §13.6, §14.5.2: refund first).
pub(super) fn seat_pair(
    s: &NceSubscription,
    event: &NceEvent,
    charge_type: NceChargeType,
    new_quantity: u32,
    out: &mut Vec<NceFact>,
) -> Result<()> {
    let d = event.at.date_naive();
    let cycle = s.term.cycle_at(d)?;
    let mut refund = fact(s, charge_type, event.id.clone(), d, cycle, d);
    refund.refund = true;
    let mut charge = fact(s, charge_type, event.id.clone(), d, cycle, d);
    charge.quantity = new_quantity;
    out.push(refund);
    out.push(charge);
    Ok(())
}

/// Every event but an order, on a copy of the subscription (a refusal leaves it unchanged).
pub(super) fn change(
    ctx: &NceContext<'_>,
    s: &mut NceSubscription,
    event: &NceEvent,
    out: &mut Vec<NceFact>,
) -> Result<()> {
    let program = ctx.program;
    let t = event.at;
    let d = t.date_naive();
    match &event.kind {
        NceEventKind::Order { .. } => {
            return Err(Error::DuplicateSubscription {
                subscription: s.id.to_string(),
            })
        }
        NceEventKind::AddSeats { .. } | NceEventKind::ReduceSeats { .. } if s.is_trial => {
            require(s, t, false)?;
            return Err(Error::TrialQuantityFixed {
                subscription: s.id.to_string(),
                seats: u64::from(s.quantity),
            });
        }
        // An upgrade is refused on a trial in `upgrade::upgrade` (it never comes here).
        NceEventKind::ChangeTerm { .. } | NceEventKind::ChangePlan { .. } if s.is_trial => {
            return Err(on_a_trial(s, event));
        }
        NceEventKind::ConvertTrial { .. } => {
            require(s, t, false)?;
            super::trial::convert_in_place(ctx, s, event, out)?;
        }
        NceEventKind::AddSeats { quantity } => {
            require(s, t, false)?;
            let added = checked_seats(&s.id, i64::from(*quantity))?;
            let new_quantity = checked_seats(&s.id, i64::from(s.quantity) + i64::from(added))?;
            seat_pair(s, event, NceChargeType::AddQuantity, new_quantity, out)?;
            s.batches.push(SeatBatch {
                quantity: added,
                allowed_until: window_end(t, program.reduce_window_hours),
            });
            s.quantity = new_quantity;
            s.scheduled = None;
        }
        NceEventKind::ReduceSeats { quantity } => {
            require(s, t, false)?;
            let removed = checked_seats(&s.id, i64::from(*quantity))?;
            let refundable = s.refundable(t);
            if refundable == 0 {
                return Err(Error::ReductionWindowClosed {
                    subscription: s.id.to_string(),
                    next_window: s.renewal_date(),
                    rule: "reduce_window_hours",
                });
            }
            if removed > refundable {
                return Err(Error::ReductionExceedsRefundable {
                    subscription: s.id.to_string(),
                    requested: u64::from(removed),
                    refundable: u64::from(refundable),
                    rule: "reduce_window_hours",
                });
            }
            let left = i64::from(s.quantity) - i64::from(removed);
            if left < 1 {
                return Err(Error::InvalidQuantity {
                    subscription: s.id.to_string(),
                    detail: format!(
                        "removing {removed} of {} seats would leave {left}: cancel the subscription instead",
                        s.quantity
                    ),
                });
            }
            let new_quantity = checked_seats(&s.id, left)?;
            seat_pair(s, event, NceChargeType::RemoveQuantity, new_quantity, out)?;
            take_seats(&mut s.batches, removed, t);
            s.quantity = new_quantity;
            s.scheduled = None;
        }
        NceEventKind::Cancel => {
            require(s, t, true)?;
            let allowed_until = s.cancellable_until.unwrap_or(DateTime::<Utc>::MIN_UTC);
            if t > allowed_until {
                return Err(Error::CancellationWindowClosed {
                    subscription: s.id.to_string(),
                    allowed_until: instant_text(allowed_until),
                    term_end: s.term.period().last(),
                    rule: "cancel_window_hours",
                });
            }
            let cycle = s.term.cycle_at(d)?;
            let mut refund = fact(
                s,
                NceChargeType::CancelImmediate,
                event.id.clone(),
                d,
                cycle,
                d,
            );
            refund.refund = true;
            out.push(refund);
            s.status = NceStatus::Deleted { on: d };
            s.scheduled = None;
            s.batches.clear();
        }
        NceEventKind::Suspend => {
            require(s, t, false)?;
            s.status = NceStatus::Suspended { since: t };
            if program.suspend_turns_off_auto_renew {
                s.auto_renew = false;
                s.scheduled = None;
            }
        }
        NceEventKind::Reactivate => {
            if s.status == NceStatus::Active {
                return Err(Error::SubscriptionNotSuspended {
                    subscription: s.id.to_string(),
                    date: d,
                    status: "active".to_string(),
                });
            }
            require(s, t, true)?;
            s.status = NceStatus::Active;
        }
        NceEventKind::SetAutoRenew { on } => {
            require(s, t, !on)?;
            s.auto_renew = *on;
            if !on {
                s.scheduled = None;
            }
        }
        NceEventKind::ScheduleChange(next) => {
            require(s, t, false)?;
            schedule(ctx, s, next)?;
            s.scheduled = Some(next.clone());
        }
        NceEventKind::ClearScheduled => {
            require(s, t, true)?;
            s.scheduled = None;
        }
        NceEventKind::RenewalCompleted => {
            require(s, t, true)?;
            complete_renewal(ctx.program, s, t)?;
        }
        NceEventKind::ChangeTerm { term, plan } => {
            require(s, t, false)?;
            change_term(ctx, s, event, *term, *plan, out)?;
        }
        NceEventKind::Upgrade { .. } => {
            return Err(Error::InternalError {
                part: "nce upgrade",
                detail: "an upgrade is applied by NceSubscriptions::upgrade".to_string(),
            })
        }
        NceEventKind::ChangePlan { plan } => {
            require(s, t, false)?;
            let upfront = plan.cycle_months() == Some(s.term_duration.months());
            if upfront {
                return Err(Error::UpfrontOnlyAtPurchase {
                    subscription: s.id.to_string(),
                    plan: *plan,
                });
            }
            let not_allowed = || Error::PlanChangeNotAllowed {
                subscription: s.id.to_string(),
                term: s.term_duration,
                from: s.plan,
                to: *plan,
                date: d,
                rule: "plan_changes",
            };
            let allowed = program.plan_changes.iter().any(|pc| {
                pc.term == s.term_duration
                    && pc.from == s.plan
                    && pc.to == *plan
                    && pc.last_request.is_none_or(|last| d <= last)
            });
            if !allowed {
                return Err(not_allowed());
            }
            // The current plan's next boundary; none left in this term: nothing to change
            // mid-term (a change for the next term is a scheduled change).
            let from = s.term.next_cycle_start(d)?.ok_or_else(not_allowed)?;
            s.pending_plan = Some(PendingPlan {
                plan: *plan,
                from,
                reference_id: event.id.clone(),
            });
        }
    }
    Ok(())
}

/// A longer term from `date(at)` (SPEC-NCE §13.11.1, pinned P15): the old term ends the day
/// before, the rest of its cycle is refunded and the new term's first cycle charged at the
/// price of `at`; the seat batches and the cancellation window are kept.
pub(super) fn change_term(
    ctx: &NceContext<'_>,
    s: &mut NceSubscription,
    event: &NceEvent,
    term: TermDuration,
    plan: BillingPlan,
    out: &mut Vec<NceFact>,
) -> Result<()> {
    if term.months() <= s.term_duration.months() {
        return Err(Error::TermShorteningNotAllowed {
            subscription: s.id.to_string(),
            from: s.term_duration,
            to: term,
        });
    }
    let d = event.at.date_naive();
    let months = cycle_months(ctx.program, &s.offer, term, plan)?;
    let customer = customer_of(ctx, s)?;
    let price = lock_price(ctx, customer, &s.offer, term, plan, months, event.at)?;
    let current = s.price.promotion.as_deref();
    let price = super::promotion::at_change(ctx, customer, current, &s.offer, term, plan, price)?;
    let old = s.term.cycle_at(d)?;
    let new_term = NceTerm::first(d, term.months(), months, None)?;
    let first = new_term.cycle_at(d)?;
    let mut refund = fact(s, NceChargeType::Convert, event.id.clone(), d, old, d);
    refund.refund = true;
    s.term = new_term;
    s.renewed_at = None;
    s.term_duration = term;
    s.plan = plan;
    s.price = price;
    s.pending_plan = None;
    // The new term's first cycle is charged here, not again by the automatic step of `d`.
    s.processed_through = d;
    let charge = fact(s, NceChargeType::Convert, event.id.clone(), d, first, d);
    out.push(refund);
    out.push(charge);
    Ok(())
}

/// The pending plan change of `s` at its boundary `day` (SPEC-NCE §13.11.2): the new plan's
/// cycles, anchored on the term's anchor, begin; one `changeBillingPlan` line covers `day` to
/// the end of the new cycle holding it, for `k` of its months, at the new plan's row read at
/// `day` 00:00 (pinned P7), locked for the rest of the term.
pub(super) fn switch_plan(
    ctx: &NceContext<'_>,
    s: &mut NceSubscription,
    day: NaiveDate,
    out: &mut Vec<NceFact>,
) -> Result<()> {
    let Some(pending) = s.pending_plan.take() else {
        return Ok(());
    };
    let months = cycle_months(ctx.program, &s.offer, s.term_duration, pending.plan)?;
    let customer = customer_of(ctx, s)?;
    let price = lock_price(
        ctx,
        customer,
        &s.offer,
        s.term_duration,
        pending.plan,
        months,
        start_of(day),
    )?;
    let current = s.price.promotion.as_deref();
    let (offer, term) = (&s.offer, s.term_duration);
    let price =
        super::promotion::at_change(ctx, customer, current, offer, term, pending.plan, price)?;
    let term = s.term.with_cycle_months(months)?;
    let cycle = term.cycle_at(day)?;
    let k = term
        .with_cycle_months(1)?
        .cycles()?
        .iter()
        .filter(|m| m.first() >= day && m.first() <= cycle.last())
        .count();
    s.term = term;
    s.plan = pending.plan;
    s.price = price;
    let mut line = fact(
        s,
        NceChargeType::ChangeBillingPlan,
        pending.reference_id,
        day,
        cycle,
        day,
    );
    line.fraction = Some(CycleShare {
        num: u32::try_from(k).unwrap_or(u32::MAX),
        den: months,
    });
    out.push(line);
    Ok(())
}

/// Checks a change scheduled for the renewal of `s` (SPEC-NCE §13.9.2).
pub(super) fn schedule(
    ctx: &NceContext<'_>,
    s: &NceSubscription,
    next: &ScheduledChange,
) -> Result<()> {
    if !s.auto_renew {
        return Err(Error::AutoRenewRequired {
            subscription: s.id.to_string(),
        });
    }
    if let Some(offer) = &next.offer {
        // The current SKU, or one of its upgrade paths (SPEC-NCE §13.9.2).
        if *offer != s.offer && !ctx.catalog.upgrades(&s.offer, offer) {
            return Err(Error::UpgradeNotEligible {
                from: s.offer.clone(),
                to: offer.clone(),
            });
        }
    }
    let (term, plan) = if s.is_trial {
        let (term, plan) = super::trial::conversion_defaults(ctx.program)?;
        (next.term.unwrap_or(term), next.plan.unwrap_or(plan))
    } else {
        (
            next.term.unwrap_or(s.term_duration),
            next.plan.unwrap_or(s.plan),
        )
    };
    cycle_months(
        ctx.program,
        next.offer.as_ref().unwrap_or(&s.offer),
        term,
        plan,
    )?;
    if let Some(q) = next.quantity {
        checked_seats(&s.id, i64::from(q))?;
    }
    if let Some(end) = next.custom_end {
        let renewal = s.renewal_date();
        check_custom_end(
            renewal,
            term.months(),
            end,
            ctx.program.custom_end_dates_from,
        )?;
        natural_end(renewal, term.months())?;
    }
    Ok(())
}

/// Takes `seats` from the batches still inside their window at `t`, the earliest window end
/// first (pinned P11); emptied batches are dropped.
pub(super) fn take_seats(batches: &mut Vec<SeatBatch>, mut seats: u32, t: DateTime<Utc>) {
    let mut order: Vec<usize> = (0..batches.len())
        .filter(|&i| batches[i].allowed_until >= t)
        .collect();
    order.sort_by_key(|&i| (batches[i].allowed_until, i));
    for i in order {
        let take = seats.min(batches[i].quantity);
        batches[i].quantity -= take;
        seats -= take;
        if seats == 0 {
            break;
        }
    }
    batches.retain(|b| b.quantity > 0);
}
