//! The NCE lifecycle: events and automatic steps applied to NCE subscriptions (SPEC-NCE §13).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use super::catalog::NceCatalog;
use super::event::{instant_text, NceEvent, NceEventKind, ScheduledChange};
use super::sku_rules;
use super::state::{
    LockedPrice, NceChargeType, NceFact, NceStatus, NceSubscription, PendingPlan, SeatBatch,
};
use crate::batch::FxMap;
use crate::calendar::nce::{check_custom_end, natural_end, Cycle, NceTerm};
use crate::calendar::{add_days, Period};
use crate::catalog::{Customer, CustomerId, OfferId, SubscriptionId, TenantOrigin};
use crate::error::{Error, Result};
use crate::input;
use crate::money::nce::{CyclePrice, CycleShare};
use crate::money::Currency;
use crate::price_list::{NceKey, NceSheet, PriceSegment};
use crate::program::Program;
use crate::vocab::{BillingPlan, Segment, TermDuration};

/// What an NCE replay reads: the program, the price sheets, the customers, the partner's
/// currency and market, and the as-of instant (no clock: SPEC-NCE §11.1.1).
#[derive(Debug, Clone, Copy)]
pub struct NceContext<'a> {
    /// The program's rules ([`Program::nce`] or [`Program::nce_launch_2022`]).
    pub program: &'a Program,
    /// The price sheets the partner holds.
    pub sheet: &'a NceSheet,
    /// Customers by id.
    pub customers: &'a BTreeMap<CustomerId, Customer>,
    /// The pricing currency.
    pub currency: Currency,
    /// The market (two-letter country) prices are read in.
    pub market: &'a str,
    /// Nothing after this instant is replayed.
    pub as_of: DateTime<Utc>,
    /// The caller's catalog data (upgrade paths).
    pub catalog: &'a NceCatalog,
}

/// Every NCE subscription, and the schedule of their automatic steps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NceSubscriptions {
    subs: Vec<NceSubscription>,
    index: FxMap<SubscriptionId, usize>,
    /// Each customer's subscriptions, by index, in order of purchase.
    by_customer: FxMap<CustomerId, Vec<usize>>,
    /// (day, subscription) for every subscription with an automatic step ahead.
    queue: BTreeSet<(NaiveDate, usize)>,
    due: Vec<Option<NaiveDate>>,
}

/// The instant `day` 00:00:00 UTC, when the automatic steps of `day` happen (SPEC-NCE §11.1.3).
pub fn start_of(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(NaiveTime::MIN).and_utc()
}

/// `t` plus `hours`; `None` hours (no window) is the end of time.
pub(super) fn window_end(t: DateTime<Utc>, hours: Option<u32>) -> DateTime<Utc> {
    hours
        .and_then(|h| t.checked_add_signed(Duration::hours(i64::from(h))))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

impl NceSubscriptions {
    /// No subscriptions.
    pub fn new() -> NceSubscriptions {
        NceSubscriptions::default()
    }

    /// A subscription's state.
    pub fn get(&self, id: &SubscriptionId) -> Option<&NceSubscription> {
        self.index.get(id).map(|&i| &self.subs[i])
    }

    /// Every subscription, in order of purchase.
    pub fn iter(&self) -> impl Iterator<Item = &NceSubscription> {
        self.subs.iter()
    }

    /// Takes the automatic steps of every day up to and including `day`, in day order (one
    /// day's in order of purchase): cycle charges, renewal or expiry, disabling and deletion
    /// (SPEC-NCE §13.5, §13.9). A renewal that cannot be priced stops that subscription
    /// (SPEC §10.4); nothing here fails.
    pub fn advance_to(&mut self, ctx: &NceContext<'_>, day: NaiveDate, out: &mut Vec<NceFact>) {
        while let Some(&(due, i)) = self.queue.first() {
            if due > day {
                break;
            }
            self.queue.remove(&(due, i));
            self.due[i] = None;
            if let Some(s) = self.subs.get_mut(i) {
                step(ctx, s, due, out);
                s.processed_through = due;
            }
            self.reschedule(ctx.program, i);
        }
    }

    /// Applies one event after the automatic steps of its day (call
    /// [`NceSubscriptions::advance_to`] with `date(at)` first). A refused event changes
    /// nothing.
    ///
    /// # Errors
    /// `date_after_as_of`; for an order `duplicate_subscription`, `unknown_customer`,
    /// `tenant_not_eligible`, `term_not_offered`, `plan_not_allowed`, `invalid_quantity`,
    /// `nce_price_not_found`, `ambiguous_price`, `tiered_price_unsupported`,
    /// `coterm_not_allowed`, `coterm_date_invalid`; otherwise `unknown_subscription`, the
    /// status refusals of SPEC-NCE §13.1 (`subscription_not_active`,
    /// `subscription_not_suspended`, `subscription_expired`, `subscription_disabled`,
    /// `subscription_deleted`, `subscription_stopped`), `reduction_window_closed`,
    /// `reduction_exceeds_refundable`, `cancellation_window_closed`, `auto_renew_required`,
    /// `upgrade_not_eligible`.
    pub fn apply(&mut self, ctx: &NceContext<'_>, event: &NceEvent) -> Result<Vec<NceFact>> {
        if event.at > ctx.as_of {
            return Err(Error::DateAfterAsOf {
                date: event.at.date_naive(),
                as_of: ctx.as_of.date_naive(),
            });
        }
        let mut facts = Vec::new();
        if let NceEventKind::Order { .. } = event.kind {
            if self.index.contains_key(&event.subscription) {
                return Err(Error::DuplicateSubscription {
                    subscription: event.subscription.to_string(),
                });
            }
            let s = order(ctx, event, &mut facts)?;
            sku_rules::check(ctx.catalog, self, &s.customer, &[], &[&s])?;
            self.push(ctx.program, s);
            return Ok(facts);
        }
        let i = *self
            .index
            .get(&event.subscription)
            .ok_or_else(|| Error::UnknownSubscription {
                subscription: event.subscription.to_string(),
            })?;
        if let NceEventKind::Upgrade { .. } | NceEventKind::ConvertTrial { into: Some(_), .. } =
            event.kind
        {
            return self.upgrade(ctx, i, event);
        }
        let mut s = self.subs[i].clone();
        change(ctx, &mut s, event, &mut facts)?;
        let old = &self.subs[i];
        sku_rules::check(ctx.catalog, self, &s.customer, &[old], &[&s])?;
        if let (Some(next), NceEventKind::ScheduleChange(_)) = (&s.scheduled, &event.kind) {
            let offer = next.offer.as_ref().unwrap_or(&s.offer);
            let quantity = next.quantity.unwrap_or(s.quantity);
            sku_rules::check_scheduled(ctx.catalog, self, &s, offer, quantity)?;
        }
        self.subs[i] = s;
        self.reschedule(ctx.program, i);
        Ok(facts)
    }

    /// An event on two subscriptions, subscription `i` and another: an upgrade (SPEC-NCE
    /// §13.10, [`super::upgrade`]) or a trial converted into an existing subscription
    /// ([`super::trial`]); this commits the source and the target they return.
    fn upgrade(
        &mut self,
        ctx: &NceContext<'_>,
        i: usize,
        event: &NceEvent,
    ) -> Result<Vec<NceFact>> {
        let target = match &event.kind {
            NceEventKind::Upgrade { into: Some(x), .. }
            | NceEventKind::ConvertTrial { into: Some(x), .. } => {
                let j = *self
                    .index
                    .get(x)
                    .ok_or_else(|| Error::UnknownSubscription {
                        subscription: x.to_string(),
                    })?;
                Some(j)
            }
            NceEventKind::Upgrade {
                new_subscription: Some(n),
                ..
            } if self.index.contains_key(n) => {
                return Err(Error::DuplicateSubscription {
                    subscription: n.to_string(),
                })
            }
            _ => None,
        };
        let into = target.map(|j| &self.subs[j]);
        let done = match event.kind {
            NceEventKind::ConvertTrial { .. } => match into {
                Some(x) => super::trial::convert_into(&self.subs[i], x, event)?,
                None => {
                    return Err(Error::InternalError {
                        part: "nce trial",
                        detail: "a conversion into a subscription names it".to_string(),
                    })
                }
            },
            _ => super::upgrade::upgrade(ctx, &self.subs[i], into, event)?,
        };
        let mut before = vec![&self.subs[i]];
        before.extend(into);
        let mut after = vec![&done.source];
        after.extend(done.target.as_ref());
        sku_rules::check(ctx.catalog, self, &done.source.customer, &before, &after)?;
        self.subs[i] = done.source;
        self.reschedule(ctx.program, i);
        match (target, done.target) {
            (Some(j), Some(t)) => {
                self.subs[j] = t;
                self.reschedule(ctx.program, j);
            }
            (None, Some(new)) => self.push(ctx.program, new),
            _ => {}
        }
        Ok(done.facts)
    }

    /// Adds a new subscription to the book and its schedule.
    fn push(&mut self, program: &Program, s: NceSubscription) {
        let i = self.subs.len();
        self.index.insert(s.id.clone(), i);
        self.by_customer
            .entry(s.customer.clone())
            .or_default()
            .push(i);
        self.subs.push(s);
        self.due.push(None);
        self.reschedule(program, i);
    }

    fn reschedule(&mut self, program: &Program, i: usize) {
        if let Some(old) = self.due[i].take() {
            self.queue.remove(&(old, i));
        }
        if let Some(next) = self.subs.get(i).and_then(|s| next_due(program, s)) {
            self.queue.insert((next, i));
            self.due[i] = Some(next);
        }
    }
}

impl sku_rules::Holdings for NceSubscriptions {
    fn seats_of(&self, customer: &CustomerId, offer: &OfferId) -> u64 {
        let Some(mine) = self.by_customer.get(customer) else {
            return 0;
        };
        mine.iter()
            .filter_map(|&i| self.subs.get(i))
            .filter(|s| s.offer == *offer)
            .filter(|s| sku_rules::holds(s))
            .map(|s| u64::from(s.quantity))
            .sum()
    }
}

/// The next day with an automatic step for `s`.
fn next_due(program: &Program, s: &NceSubscription) -> Option<NaiveDate> {
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
fn step(ctx: &NceContext<'_>, s: &mut NceSubscription, day: NaiveDate, out: &mut Vec<NceFact>) {
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
fn disabled(since: NaiveDate, from: NaiveDate, days: u32) -> NceStatus {
    NceStatus::Disabled {
        since,
        deleted_on: add_days(from, i64::from(days)).unwrap_or(NaiveDate::MAX),
    }
}

/// A line of `s` over `[from, last(cycle)]` (quantity set by the caller when it differs).
pub(super) fn fact(
    s: &NceSubscription,
    charge_type: NceChargeType,
    reference_id: String,
    order_date: NaiveDate,
    cycle: Cycle,
    from: NaiveDate,
) -> NceFact {
    let service = Period::new(from, cycle.last()).unwrap_or(cycle.period);
    NceFact {
        subscription: s.id.clone(),
        customer: s.customer.clone(),
        offer: s.offer.clone(),
        charge_type,
        reference_id,
        order_date,
        service,
        cycle,
        fraction: None,
        quantity: s.quantity,
        refund: false,
        trial: s.is_trial,
        price: s.price.price,
        erp_price: s.price.erp_price,
        row_start: s.price.row_start,
        term: s.term.period(),
        term_duration: s.term_duration,
        plan: s.plan,
    }
}

/// The price segment a customer's rows are read in.
fn price_segment(segment: Segment) -> PriceSegment {
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
    })
}

/// An order (SPEC-NCE §13.4): the first failure wins.
fn order(
    ctx: &NceContext<'_>,
    event: &NceEvent,
    out: &mut Vec<NceFact>,
) -> Result<NceSubscription> {
    let NceEventKind::Order {
        customer,
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
        super::trial::order_trial(ctx, event, *quantity, *auto_renew, custom_end.is_some())?
    } else {
        order_paid(ctx, event, cust)?
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
fn order_paid(ctx: &NceContext<'_>, event: &NceEvent, cust: &Customer) -> Result<NceSubscription> {
    let NceEventKind::Order {
        customer,
        offer,
        term,
        plan,
        quantity,
        auto_renew,
        custom_end,
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
    let start = event.at.date_naive();
    if let Some(end) = custom_end {
        check_custom_end(start, term.months(), *end, program.custom_end_dates_from)?;
    }
    let nce_term = NceTerm::first(start, term.months(), cycle_months, *custom_end)?;
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
        status: NceStatus::Active,
        processed_through: start,
    })
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

/// The renewal of `s` at the start of `day` (SPEC-NCE §13.9.4).
fn renew(
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

/// Refuses an event on `s` unless its status allows it (SPEC-NCE §13.1's table): `suspended`
/// tells whether a suspended subscription may take it.
pub(super) fn require(s: &NceSubscription, at: DateTime<Utc>, suspended: bool) -> Result<()> {
    let subscription = s.id.to_string();
    match s.status {
        NceStatus::Active => Ok(()),
        NceStatus::Suspended { .. } if suspended => Ok(()),
        NceStatus::Suspended { .. } => Err(Error::SubscriptionNotActive {
            subscription,
            date: at.date_naive(),
            status: "suspended".to_string(),
        }),
        NceStatus::Expired { since } => Err(Error::SubscriptionExpired {
            subscription,
            since,
        }),
        NceStatus::Disabled { since, .. } => Err(Error::SubscriptionDisabled {
            subscription,
            since,
        }),
        NceStatus::Deleted { on } => Err(Error::SubscriptionDeleted {
            subscription,
            deleted_on: on,
        }),
        NceStatus::Stopped { on, reason } => Err(Error::SubscriptionStopped {
            subscription,
            stopped_on: on,
            reason,
        }),
    }
}

/// `invalid_input` for a term change, plan change or upgrade of a trial (SPEC-NCE §13.12: a
/// trial becomes paid only through `convert_trial`).
pub(super) fn on_a_trial(s: &NceSubscription, event: &NceEvent) -> Error {
    Error::InvalidInput {
        what: "event on a trial",
        text: format!("{} of {}", event.kind.name(), s.id),
        expected: "convert_trial: a trial becomes a paid subscription first",
    }
}

/// The refund of the old quantity and the charge of the new one over `[d, last(C)]`
/// (SPEC-NCE §13.6, §14.5.2: refund first).
fn seat_pair(
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
fn change(
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
fn change_term(
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
    let old = s.term.cycle_at(d)?;
    let new_term = NceTerm::first(d, term.months(), months, None)?;
    let first = new_term.cycle_at(d)?;
    let mut refund = fact(s, NceChargeType::Convert, event.id.clone(), d, old, d);
    refund.refund = true;
    s.term = new_term;
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

/// The customer of `s`.
pub(super) fn customer_of<'c>(ctx: &NceContext<'c>, s: &NceSubscription) -> Result<&'c Customer> {
    ctx.customers
        .get(&s.customer)
        .ok_or_else(|| Error::UnknownCustomer {
            customer: s.customer.to_string(),
            used_in: format!("subscription {}", s.id),
        })
}

/// The pending plan change of `s` at its boundary `day` (SPEC-NCE §13.11.2): the new plan's
/// cycles, anchored on the term's anchor, begin; one `changeBillingPlan` line covers `day` to
/// the end of the new cycle holding it, for `k` of its months, at the new plan's row read at
/// `day` 00:00 (pinned P7), locked for the rest of the term.
fn switch_plan(
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
fn schedule(ctx: &NceContext<'_>, s: &NceSubscription, next: &ScheduledChange) -> Result<()> {
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
