//! Orders (SPEC-NCE §13.4): the checks, the locked price (§12.5) and the new subscription.

use chrono::{DateTime, NaiveDate, Utc};

use super::event::{NceEvent, NceEventKind};
use super::machine::{fact, require, start_of, window_end, NceContext};
use super::state::{LockedPrice, NceChargeType, NceFact, NceStatus, NceSubscription, SeatBatch};
use crate::calendar::nce::{check_custom_end, coterm_ends, NceTerm};
use crate::catalog::{Customer, CustomerId, OfferId, SubscriptionId, TenantOrigin};
use crate::error::{Error, Result};
use crate::input;
use crate::money::nce::CyclePrice;
use crate::price_list::{NceKey, PriceSegment};
use crate::program::Program;
use crate::vocab::{BillingPlan, Segment, TermDuration};

/// The price segment a customer's rows are read in.
pub(super) fn price_segment(segment: Segment) -> PriceSegment {
    match segment {
        Segment::Commercial => PriceSegment::Commercial,
        Segment::Education => PriceSegment::Education,
        Segment::Government => PriceSegment::Government,
    }
}

/// Months of one cycle of `plan` sold with `term` (SPEC-NCE §13.4): the plan must be one the
/// program sells with the term.
pub(super) fn cycle_months(
    program: &Program,
    offer: &OfferId,
    term: TermDuration,
    plan: BillingPlan,
) -> Result<u32> {
    let plans = program
        .plans_of(term)
        .ok_or_else(|| Error::TermNotOffered {
            offer: offer.clone(),
            term,
            reason: format!(
                "the program sells {}",
                program
                    .terms
                    .iter()
                    .map(|(t, _)| t.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            rule: "terms",
        })?;
    let not_allowed = || Error::PlanNotAllowed {
        term,
        plan,
        allowed: plans
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        rule: "terms",
    };
    if !plans.contains(&plan) {
        return Err(not_allowed());
    }
    plan.cycle_months().ok_or_else(not_allowed)
}

/// The price locked for a term of `offer` ordered or renewed at `at` (SPEC-NCE §12.5).
pub(super) fn lock_price(
    ctx: &NceContext<'_>,
    customer: &Customer,
    offer: &OfferId,
    term: TermDuration,
    plan: BillingPlan,
    cycle_months: u32,
    at: DateTime<Utc>,
) -> Result<LockedPrice> {
    let key = NceKey::new(offer.as_str(), term, plan, ctx.market, ctx.currency)
        .with_segment(price_segment(customer.segment));
    let row = ctx.sheet.price_at(&key, at.naive_utc())?;
    if row.key.tier.is_some() {
        return Err(Error::TieredPriceUnsupported {
            key: format!(
                "{} {} {} {}/{}",
                key.offer, term, plan, key.market, key.currency
            ),
        });
    }
    let n = CyclePrice::cycles_per_term(term.months(), cycle_months)?;
    Ok(LockedPrice {
        price: CyclePrice::new(row.unit_price, n, None)?,
        erp_price: row.erp_price,
        row_start: row.effective_start,
        priced_at: at,
        promotion: None,
    })
}

/// An order (SPEC-NCE §13.4): the first failure wins.
pub(super) fn order(
    ctx: &NceContext<'_>,
    event: &NceEvent,
    with: Option<&NceSubscription>,
    out: &mut Vec<NceFact>,
) -> Result<NceSubscription> {
    let NceEventKind::Order {
        customer,
        plan,
        quantity,
        auto_renew,
        custom_end,
        coterm_with,
        ..
    } = &event.kind
    else {
        return Err(Error::InternalError {
            part: "nce order",
            detail: "not an order".to_string(),
        });
    };
    let cust = ctx
        .customers
        .get(customer)
        .ok_or_else(|| Error::UnknownCustomer {
            customer: customer.to_string(),
            used_in: format!("the order of {}", event.subscription),
        })?;
    if cust.origin == TenantOrigin::Syndication {
        return Err(Error::TenantNotEligible {
            customer: customer.to_string(),
            reason: "its tenant holds subscriptions bought through a syndication channel",
        });
    }
    let s = if *plan == BillingPlan::None {
        let custom = custom_end.is_some() || coterm_with.is_some();
        let trial = super::trial::order_trial(ctx, event, *quantity, *auto_renew, custom)?;
        super::promotion::refuse_on_trial(event)?;
        trial
    } else {
        order_paid(ctx, event, cust, with)?
    };
    let start = s.term.period().first();
    let cycle = s.term.cycle_at(start)?;
    out.push(fact(
        &s,
        NceChargeType::New,
        event.id.clone(),
        start,
        cycle,
        start,
    ));
    Ok(s)
}

/// A paid subscription ordered (SPEC-NCE §13.4), after the customer's checks.
pub(super) fn order_paid(
    ctx: &NceContext<'_>,
    event: &NceEvent,
    cust: &Customer,
    with: Option<&NceSubscription>,
) -> Result<NceSubscription> {
    let NceEventKind::Order {
        customer,
        offer,
        term,
        plan,
        quantity,
        auto_renew,
        custom_end,
        ..
    } = &event.kind
    else {
        return Err(Error::InternalError {
            part: "nce order",
            detail: "not an order".to_string(),
        });
    };
    let program = ctx.program;
    let cycle_months = cycle_months(program, offer, *term, *plan)?;
    let quantity = checked_seats(&event.subscription, i64::from(*quantity))?;
    let price = lock_price(ctx, cust, offer, *term, *plan, cycle_months, event.at)?;
    let price = super::promotion::at_order(ctx, cust, event, price)?;
    let start = event.at.date_naive();
    let custom_end = match with {
        Some(x) => Some(coterm_end(x, customer, start, term.months(), *custom_end)?),
        None => *custom_end,
    };
    if let Some(end) = custom_end {
        check_custom_end(start, term.months(), end, program.custom_end_dates_from)?;
    }
    let nce_term = NceTerm::first(start, term.months(), cycle_months, custom_end)?;
    Ok(NceSubscription {
        id: event.subscription.clone(),
        customer: customer.clone(),
        offer: offer.clone(),
        term_duration: *term,
        plan: *plan,
        term: nce_term,
        quantity,
        auto_renew: *auto_renew,
        price,
        cancellable_until: Some(window_end(event.at, program.cancel_window_hours)),
        batches: vec![SeatBatch {
            quantity,
            allowed_until: window_end(event.at, program.reduce_window_hours),
        }],
        scheduled: None,
        pending_plan: None,
        is_trial: false,
        renewed_at: None,
        status: NceStatus::Active,
        processed_through: start,
    })
}

/// The end of a first term from `start` of `months` coterminous with `x` (SPEC-NCE §13.3.3):
/// `asked` when it is one of `x`'s current or later term ends within the first term, else
/// the first of them.
///
/// # Errors
/// `customer_mismatch` for another customer's subscription; `coterm_not_allowed` for a trial,
/// or a longer term with a one-month one; `coterm_date_invalid` (rule `term`) when `asked` is
/// not one of the ends, or none lies within the first term; `x`'s status refusals.
fn coterm_end(
    x: &NceSubscription,
    customer: &CustomerId,
    start: NaiveDate,
    months: u32,
    asked: Option<NaiveDate>,
) -> Result<NaiveDate> {
    if x.customer != *customer {
        return Err(Error::CustomerMismatch {
            expected: x.customer.to_string(),
            actual: customer.to_string(),
        });
    }
    require(x, start_of(start), true)?;
    if x.is_trial {
        return Err(Error::CotermNotAllowed {
            reason: format!(
                "{} is a trial: its end is not a term end to align with",
                x.id
            ),
        });
    }
    let ends = coterm_ends(start, months, &x.term)?;
    let listed = || {
        ends.iter()
            .map(NaiveDate::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    match asked {
        Some(end) if ends.contains(&end) => Ok(end),
        Some(end) => Err(Error::CotermDateInvalid {
            end,
            reason: format!(
                "it is not one of {}'s term ends within the first term ({})",
                x.id,
                if ends.is_empty() {
                    "none".to_string()
                } else {
                    listed()
                }
            ),
            rule: "term",
        }),
        None => ends
            .first()
            .copied()
            .ok_or_else(|| Error::CotermDateInvalid {
                end: x.term.period().last(),
                reason: format!("none of {}'s term ends lies within the first term", x.id),
                rule: "term",
            }),
    }
}

/// `seats` as a seat count (1 to 1,000,000), or `invalid_quantity` naming the subscription.
pub(super) fn checked_seats(subscription: &SubscriptionId, seats: i64) -> Result<u32> {
    input::seats(seats).map_err(|e| match e {
        Error::InvalidQuantity { detail, .. } => Error::InvalidQuantity {
            subscription: subscription.to_string(),
            detail,
        },
        other => other,
    })
}
