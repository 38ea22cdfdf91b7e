//! Upgrades (SPEC-NCE §13.10): seats moved to a higher SKU, into the same subscription, a new
//! coterminous one, or an existing one of the target SKU.

use super::event::{NceEvent, NceEventKind};
use super::machine::{customer_of, fact, on_a_trial, require, NceContext};
use super::order::{checked_seats, lock_price};
use super::state::{NceChargeType, NceFact, NceStatus, NceSubscription, SeatBatch};
use crate::error::{Error, Result};

/// What an upgrade changes: the source, the target (an existing subscription updated, or
/// the new one a partial upgrade creates; `None` for a full upgrade in place), and the lines.
pub(super) struct Upgraded {
    pub(super) source: NceSubscription,
    pub(super) target: Option<NceSubscription>,
    pub(super) facts: Vec<NceFact>,
}

/// Checks and computes an upgrade of `src` (into `into` when the event names an existing
/// subscription), changing nothing (SPEC-NCE §13.10): the first failure wins among a trial
/// source (`invalid_input`, SPEC-NCE §13.12), the source's status, the path
/// (`downgrade_not_supported` when the reverse is one, `upgrade_not_eligible` otherwise), the
/// quantity (`invalid_quantity`) and the target (a trial is no target).
pub(super) fn upgrade(
    ctx: &NceContext<'_>,
    src: &NceSubscription,
    into: Option<&NceSubscription>,
    event: &NceEvent,
) -> Result<Upgraded> {
    let NceEventKind::Upgrade {
        to,
        quantity,
        new_subscription,
        ..
    } = &event.kind
    else {
        return Err(Error::InternalError {
            part: "nce upgrade",
            detail: "not an upgrade".to_string(),
        });
    };
    let t = event.at;
    let d = t.date_naive();
    if src.is_trial {
        return Err(on_a_trial(src, event));
    }
    require(src, t, false)?;
    let path = |from, to| ctx.catalog.upgrades(from, to);
    if !path(&src.offer, to) {
        return Err(if path(to, &src.offer) {
            Error::DowngradeNotSupported {
                from: src.offer.clone(),
                to: to.clone(),
            }
        } else {
            Error::UpgradeNotEligible {
                from: src.offer.clone(),
                to: to.clone(),
            }
        });
    }
    let q = checked_seats(&src.id, i64::from(*quantity))?;
    if q > src.quantity {
        return Err(Error::InvalidQuantity {
            subscription: src.id.to_string(),
            detail: format!(
                "upgrading {q} seats of {}: a subscription upgrades at most the seats it holds",
                src.quantity
            ),
        });
    }
    let mut source = src.clone();
    let cycle = src.term.cycle_at(d)?;
    let mut facts = Vec::new();
    let refund = |charge_type| {
        let mut f = fact(src, charge_type, event.id.clone(), d, cycle, d);
        f.quantity = q;
        f.refund = true;
        f
    };
    let target = match into {
        Some(x) => {
            let ineligible = |reason: String| Error::UpgradeTargetIneligible {
                target: x.id.to_string(),
                reason,
            };
            if x.id == src.id {
                return Err(ineligible("it is the subscription upgraded".to_string()));
            }
            if x.customer != src.customer {
                return Err(Error::CustomerMismatch {
                    expected: src.customer.to_string(),
                    actual: x.customer.to_string(),
                });
            }
            if x.is_trial {
                return Err(ineligible("it is a trial".to_string()));
            }
            if x.offer != *to {
                return Err(ineligible(format!("it holds {}, not {to}", x.offer)));
            }
            if x.status != NceStatus::Active {
                return Err(ineligible(format!("it is {}", x.status)));
            }
            if x.term_duration != src.term_duration {
                return Err(ineligible(format!(
                    "its term is {}, the source's {}",
                    x.term_duration, src.term_duration
                )));
            }
            if x.plan != src.plan {
                // Pinned P14: an upgrade keeps the term and the plan.
                return Err(Error::UpgradeTermChangeUnsupported {
                    detail: format!(
                        "source {} {}, target {} {}",
                        src.term_duration, src.plan, x.term_duration, x.plan
                    ),
                });
            }
            if x.term.period().last() < src.term.period().last() {
                return Err(ineligible(format!(
                    "its term ends {}, before the source's {}",
                    x.term.period().last(),
                    src.term.period().last()
                )));
            }
            if x.cancellable_until.is_some_and(|u| t <= u) {
                return Err(ineligible(
                    "it is still inside its cancellation window".to_string(),
                ));
            }
            // Pinned P6: the seats join the target's term at its locked price and cycle.
            let mut target = x.clone();
            target.quantity = checked_seats(&x.id, i64::from(x.quantity) + i64::from(q))?;
            let mut charge = fact(
                &target,
                NceChargeType::MoveQuantity,
                event.id.clone(),
                d,
                x.term.cycle_at(d)?,
                d,
            );
            charge.quantity = q;
            facts.push(refund(NceChargeType::MoveQuantity));
            facts.push(charge);
            Some(target)
        }
        None => {
            let customer = customer_of(ctx, src)?;
            let months = src.term.cycle_months();
            let price = lock_price(ctx, customer, to, src.term_duration, src.plan, months, t)?;
            facts.push(refund(NceChargeType::Convert));
            if q == src.quantity {
                // A full upgrade keeps the subscription, with the target's SKU and price.
                source.offer = to.clone();
                source.price = price;
                let mut charge = fact(
                    &source,
                    NceChargeType::Convert,
                    event.id.clone(),
                    d,
                    cycle,
                    d,
                );
                charge.quantity = q;
                facts.push(charge);
                None
            } else {
                let id = new_subscription.clone().ok_or_else(|| Error::InvalidInput {
                    what: "upgrade",
                    text: format!("{q} of {} seats", src.quantity),
                    expected: "a `new_subscription` id for a partial upgrade, or `into` an existing subscription",
                })?;
                // Coterminous with the source, its window inherited, no seat batches.
                let mut new = src.clone();
                new.id = id;
                new.offer = to.clone();
                new.price = price;
                new.quantity = q;
                new.batches = Vec::new();
                new.scheduled = None;
                new.pending_plan = None;
                new.processed_through = d;
                let mut charge = fact(&new, NceChargeType::Convert, event.id.clone(), d, cycle, d);
                charge.quantity = q;
                facts.push(charge);
                Some(new)
            }
        }
    };
    lose_seats(&mut source.batches, q);
    source.scheduled = None;
    if into.is_some() || q < src.quantity {
        source.quantity -= q;
    }
    if source.quantity == 0 {
        source.status = NceStatus::Deleted { on: d };
    }
    Ok(Upgraded {
        source,
        target,
        facts,
    })
}

/// Takes `seats` from the batches, the earliest window end first, whatever their windows
/// (SPEC-NCE §13.10.4); emptied batches are dropped.
fn lose_seats(batches: &mut Vec<SeatBatch>, mut seats: u32) {
    batches.sort_by_key(|b| b.allowed_until);
    for b in batches.iter_mut() {
        let take = seats.min(b.quantity);
        b.quantity -= take;
        seats -= take;
    }
    batches.retain(|b| b.quantity > 0);
}
