//! The subscription state machine: events and day steps → states and facts (SPEC §5, §10.1–§10.5).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::event::{BillingFrequency, Event, EventKind};
use super::state::{Fact, PeriodChargeKind, Status, SubscriptionState};
use crate::access::{authorize, Actor, Relationship};
use crate::batch::FxMap;
use crate::calendar::{add_days, days_between, Period, TermSchedule};
use crate::catalog::{
    check_order_eligibility, transition_direct_trial, Catalog, Customer, CustomerId, DirectTrial,
    OfferId, OfferKind, SubscriptionId,
};
use crate::error::{Error, Result};
use crate::price_list::PriceBook;
use crate::program::Program;

/// What a replay reads: the catalog, customers, price book, program and the as-of date.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// Offers (with add-on prerequisites).
    pub catalog: &'a Catalog,
    /// Customers by id.
    pub customers: &'a BTreeMap<CustomerId, Customer>,
    /// The price lists.
    pub book: &'a PriceBook,
    /// The program's rules.
    pub program: &'a Program,
    /// Nothing after this date is replayed; price lists are read as of it.
    pub as_of: NaiveDate,
    /// Who acts when an event names no actor.
    pub default_actor: &'a Actor,
}

/// Every subscription, and the schedule of their automatic steps.
///
/// Use it through [`Ledger`](crate::charges::Ledger), which turns its facts into lines; the
/// low-level calls are public for callers that only need states.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subscriptions {
    states: Vec<SubscriptionState>,
    index: FxMap<SubscriptionId, usize>,
    /// (date, index of a base subscription) for every base with an automatic step ahead.
    queue: BTreeSet<(NaiveDate, usize)>,
    scheduled: FxMap<usize, NaiveDate>,
    processed_through: Option<NaiveDate>,
}

/// The changes an event makes, computed before anything is changed
/// ([`Subscriptions::prepare`]); [`Subscriptions::commit`] makes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    updates: Vec<SubscriptionState>,
    new: Option<SubscriptionState>,
    facts: Vec<Fact>,
    day: NaiveDate,
}

impl Plan {
    /// What the event makes happen.
    pub fn facts(&self) -> &[Fact] {
        &self.facts
    }

    /// A subscription's state as the plan leaves it, if the plan changes or creates it.
    pub fn state(&self, id: &SubscriptionId) -> Option<&SubscriptionState> {
        self.updates
            .iter()
            .chain(self.new.as_ref())
            .find(|s| s.id == *id)
    }
}

impl Subscriptions {
    /// No subscriptions.
    pub fn new() -> Subscriptions {
        Subscriptions::default()
    }

    /// A subscription's state.
    pub fn get(&self, id: &SubscriptionId) -> Option<&SubscriptionState> {
        self.index.get(id).map(|&i| &self.states[i])
    }

    /// Every subscription, in order of purchase.
    pub fn iter(&self) -> impl Iterator<Item = &SubscriptionState> {
        self.states.iter()
    }

    /// The last day whose automatic steps have been taken.
    pub fn processed_through(&self) -> Option<NaiveDate> {
        self.processed_through
    }

    /// Takes the automatic steps of every day up to and including `date`, in date order (and
    /// for one day, in order of purchase): deletion, then renewal, then the charge of a new
    /// charge period (SPEC §10.2). A renewal that cannot be priced stops that subscription
    /// (and its add-ons) with the error (SPEC §10.4); nothing here fails.
    pub fn advance_to(&mut self, ctx: &Context<'_>, date: NaiveDate) -> Vec<Fact> {
        let mut facts = Vec::new();
        while let Some(&(day, root)) = self.queue.first() {
            if day > date {
                break;
            }
            self.queue.remove(&(day, root));
            self.scheduled.remove(&root);
            self.step_family(ctx, root, day, &mut facts);
            self.reschedule(ctx.program, root, day);
        }
        self.processed_through = Some(self.processed_through.map_or(date, |p| p.max(date)));
        facts
    }

    /// Applies one event, after the automatic steps of its day (call
    /// [`Subscriptions::advance_to`] first). A refused event changes nothing.
    ///
    /// # Errors
    /// The refusals of SPEC §5 and §10: `duplicate_subscription`, `unknown_customer`,
    /// `unknown_offer`, `tenant_not_eligible`, `trial_not_offered`, `segment_not_eligible`,
    /// `addon_requires_base`, `not_an_addon`, `prerequisite_not_met`, `invalid_frequency`,
    /// `invalid_quantity`, the price book's errors, `unknown_subscription`,
    /// `subscription_deleted`, `subscription_not_active`, `subscription_not_suspended`,
    /// `base_suspended`, `date_outside_term`, `date_outside_period`; `not_permitted` when the
    /// acting user may not do it (checked first); `date_after_as_of` for an
    /// event after the as-of date, and `invalid_input` for one dated before days already
    /// processed.
    pub fn apply(&mut self, ctx: &Context<'_>, event: &Event) -> Result<Vec<Fact>> {
        let plan = self.prepare(ctx, event)?;
        Ok(self.commit(ctx.program, plan))
    }

    /// Checks an event and computes what it changes, changing nothing.
    ///
    /// # Errors
    /// As [`Subscriptions::apply`].
    pub fn prepare(&self, ctx: &Context<'_>, event: &Event) -> Result<Plan> {
        if event.date > ctx.as_of {
            return Err(Error::DateAfterAsOf {
                date: event.date,
                as_of: ctx.as_of,
            });
        }
        if self.processed_through.is_some_and(|p| event.date < p) {
            return Err(Error::InvalidInput {
                what: "event date",
                text: event.date.to_string(),
                expected: "events in date order (days already replayed cannot change)",
            });
        }
        let mut plan = self.plan(ctx, event)?;
        plan.day = event.date;
        Ok(plan)
    }

    fn lookup(&self, id: &SubscriptionId) -> Result<&SubscriptionState> {
        self.get(id).ok_or_else(|| Error::UnknownSubscription {
            subscription: id.to_string(),
        })
    }

    /// Refuses with `not_permitted` when the event's actor may not do it (SPEC §7). The
    /// scenario's customers are the partner's CSP customers; whether it holds delegated admin
    /// is the customer's `delegated_admin`.
    fn check_permission(&self, ctx: &Context<'_>, event: &Event) -> Result<()> {
        let customer_id = match &event.kind {
            EventKind::Order { customer, .. } | EventKind::TransitionTrial { customer, .. } => {
                Some(customer.clone())
            }
            EventKind::OrderAddOn { base, .. } => self.get(base).map(|b| b.customer.clone()),
            _ => self.get(&event.subscription).map(|s| s.customer.clone()),
        };
        let delegated_admin = customer_id
            .and_then(|c| ctx.customers.get(&c))
            .is_none_or(|c| c.delegated_admin);
        let rel = Relationship {
            delegated_admin,
            csp_partner: true,
        };
        let actor = event.actor.as_ref().unwrap_or(ctx.default_actor);
        let action = event.kind.action();
        let decision = authorize(actor, action, rel, ctx.program);
        if decision.allowed {
            Ok(())
        } else {
            Err(Error::NotPermitted {
                actor: actor.to_string(),
                action: action.as_str(),
                rule: decision.rule,
                reason: decision.reason,
            })
        }
    }

    fn plan(&self, ctx: &Context<'_>, event: &Event) -> Result<Plan> {
        self.check_permission(ctx, event)?;
        let d = event.date;
        let id = &event.subscription;
        match &event.kind {
            EventKind::Order {
                customer,
                offer,
                quantity,
                frequency,
            } => self.plan_order(ctx, event, customer, offer, *quantity, *frequency, None),
            EventKind::TransitionTrial {
                customer,
                offer,
                quantity,
                frequency,
                trial,
            } => self.plan_order(
                ctx,
                event,
                customer,
                offer,
                *quantity,
                *frequency,
                Some(*trial),
            ),
            EventKind::OrderAddOn {
                base,
                offer,
                quantity,
                frequency,
            } => self.plan_add_on(ctx, event, base, offer, *quantity, *frequency),
            EventKind::AddSeats {
                quantity,
                billed_on,
            } => self.plan_seats(ctx, id, d, i64::from(*quantity), *billed_on),
            EventKind::RemoveSeats {
                quantity,
                billed_on,
            } => self.plan_seats(ctx, id, d, -i64::from(*quantity), *billed_on),
            EventKind::Suspend => self.plan_suspend(ctx, id, d),
            EventKind::Reactivate => self.plan_reactivate(ctx, id, d),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn plan_order(
        &self,
        ctx: &Context<'_>,
        event: &Event,
        customer_id: &CustomerId,
        offer_id: &OfferId,
        quantity: u32,
        frequency: BillingFrequency,
        trial: Option<Period>,
    ) -> Result<Plan> {
        let d = event.date;
        let id = self.new_id(event)?;
        let customer = ctx
            .customers
            .get(customer_id)
            .ok_or_else(|| Error::UnknownCustomer {
                customer: customer_id.to_string(),
                used_in: "an order".to_string(),
            })?;
        let offer = ctx.catalog.get(offer_id)?;
        match trial {
            Some(period) => {
                let direct = DirectTrial {
                    customer: customer.id.clone(),
                    period,
                };
                transition_direct_trial(customer, &direct, offer, d, ctx.program)?;
            }
            None => check_order_eligibility(customer, offer, ctx.program)?,
        }
        if let OfferKind::AddOn { .. } = offer.kind {
            return Err(Error::AddonRequiresBase {
                subscription: id.to_string(),
                base: "(none)".to_string(),
                status: "missing: an add-on is ordered with an add_on event on its base"
                    .to_string(),
            });
        }
        positive(id, quantity)?;
        let price = ctx.book.price(offer_id, d, ctx.as_of)?;
        let term = TermSchedule::new(d, ctx.program.term_months, frequency.months()).term(1)?;
        let state = SubscriptionState {
            id: id.clone(),
            customer: customer.id.clone(),
            offer: offer.id.clone(),
            base: None,
            add_ons: Vec::new(),
            frequency,
            anchor: d,
            ordered_on: d,
            term_number: 1,
            term,
            quantity,
            price: price.list,
            price_list: price.list_effective_from,
            status: Status::Active,
            billed_from: d,
        };
        let fact = period_charge(ctx.program, &state, PeriodChargeKind::Purchase, d)?;
        Ok(Plan {
            updates: Vec::new(),
            new: Some(state),
            facts: vec![fact],
            day: d,
        })
    }

    fn plan_add_on(
        &self,
        ctx: &Context<'_>,
        event: &Event,
        base_id: &SubscriptionId,
        offer_id: &OfferId,
        quantity: u32,
        frequency: Option<BillingFrequency>,
    ) -> Result<Plan> {
        let d = event.date;
        let id = self.new_id(event)?;
        let requires = |status: String| Error::AddonRequiresBase {
            subscription: id.to_string(),
            base: base_id.to_string(),
            status,
        };
        let base = self
            .get(base_id)
            .ok_or_else(|| requires("unknown".into()))?;
        if base.base.is_some() {
            return Err(requires("an add-on itself".into()));
        }
        if !base.is_active() {
            return Err(requires(base.status.to_string()));
        }
        let customer = ctx
            .customers
            .get(&base.customer)
            .ok_or_else(|| Error::UnknownCustomer {
                customer: base.customer.to_string(),
                used_in: "an add-on's base".to_string(),
            })?;
        let offer = ctx.catalog.get(offer_id)?;
        check_order_eligibility(customer, offer, ctx.program)?;
        if !matches!(offer.kind, OfferKind::AddOn { .. }) {
            return Err(Error::NotAnAddon {
                offer: offer.id.clone(),
            });
        }
        if !offer.accepts_base(&base.offer) {
            return Err(Error::PrerequisiteNotMet {
                offer: offer.id.clone(),
                base_offer: base.offer.to_string(),
            });
        }
        if let Some(f) = frequency.filter(|f| *f != base.frequency) {
            return Err(Error::InvalidFrequency {
                subscription: id.to_string(),
                expected: base.frequency.to_string(),
                actual: f.to_string(),
            });
        }
        positive(id, quantity)?;
        let price = ctx.book.price(offer_id, d, ctx.as_of)?;
        let state = SubscriptionState {
            id: id.clone(),
            customer: base.customer.clone(),
            offer: offer.id.clone(),
            base: Some(base.id.clone()),
            add_ons: Vec::new(),
            frequency: base.frequency,
            anchor: base.anchor,
            ordered_on: d,
            term_number: base.term_number,
            term: Period::new(d, base.term.last())?,
            quantity,
            price: price.list,
            price_list: price.list_effective_from,
            status: Status::Active,
            billed_from: d,
        };
        let fact = period_charge(ctx.program, &state, PeriodChargeKind::Purchase, d)?;
        let mut base = base.clone();
        base.add_ons.push(id.clone());
        Ok(Plan {
            updates: vec![base],
            new: Some(state),
            facts: vec![fact],
            day: d,
        })
    }

    /// The id an order creates, refused when a subscription already has it.
    fn new_id<'e>(&self, event: &'e Event) -> Result<&'e SubscriptionId> {
        let id = &event.subscription;
        if self.index.contains_key(id) {
            return Err(Error::DuplicateSubscription {
                subscription: id.to_string(),
            });
        }
        Ok(id)
    }

    /// The subscription, if events can change it (not deleted, not stopped).
    fn usable(&self, id: &SubscriptionId) -> Result<&SubscriptionState> {
        let s = self.lookup(id)?;
        match &s.status {
            Status::Deleted { on } => Err(Error::SubscriptionDeleted {
                subscription: id.to_string(),
                deleted_on: *on,
            }),
            Status::Stopped { on, error } => Err(Error::SubscriptionStopped {
                subscription: id.to_string(),
                stopped_on: *on,
                reason: error.code(),
            }),
            _ => Ok(s),
        }
    }

    fn active(&self, id: &SubscriptionId, d: NaiveDate) -> Result<&SubscriptionState> {
        let s = self.usable(id)?;
        if !s.is_active() {
            return Err(Error::SubscriptionNotActive {
                subscription: id.to_string(),
                date: d,
                status: s.status.to_string(),
            });
        }
        s.term.require_in_term(d)?;
        Ok(s)
    }

    fn plan_seats(
        &self,
        ctx: &Context<'_>,
        id: &SubscriptionId,
        d: NaiveDate,
        delta: i64,
        billed_on: Option<NaiveDate>,
    ) -> Result<Plan> {
        let s = self.active(id, d)?;
        let invalid = |detail: String| Error::InvalidQuantity {
            subscription: id.to_string(),
            detail,
        };
        if delta == 0 {
            return Err(invalid("a seat change of 0 seats".into()));
        }
        let new = i64::from(s.quantity) + delta;
        if new < 1 {
            return Err(invalid(format!(
                "removing {} of {} seats would leave {new}; suspend the subscription to stop it",
                -delta, s.quantity
            )));
        }
        let new = u32::try_from(new).map_err(|_| invalid(format!("{new} seats is too many")))?;
        let period = charge_period(ctx.program, s, d)?;
        if let Some(p) = billed_on {
            if !(d < p && p <= period.last()) {
                return Err(Error::DateOutsidePeriod {
                    date: p,
                    first: add_days(d, 1)?,
                    last: period.last(),
                });
            }
        }
        let fact = Fact::SeatChange {
            subscription: id.clone(),
            date: d,
            period,
            billed_from: s.billed_from.max(period.first()),
            old_quantity: s.quantity,
            new_quantity: new,
            billed_on,
            period_price: s.period_price(),
            price_list: s.price_list,
        };
        let mut updated = s.clone();
        updated.quantity = new;
        Ok(Plan {
            updates: vec![updated],
            new: None,
            facts: vec![fact],
            day: d,
        })
    }

    fn plan_suspend(&self, ctx: &Context<'_>, id: &SubscriptionId, d: NaiveDate) -> Result<Plan> {
        let s = self.active(id, d)?;
        let mut family = vec![(s.clone(), false)];
        for a in &s.add_ons {
            if let Some(add_on) = self.get(a).filter(|a| a.is_active()) {
                family.push((add_on.clone(), true));
            }
        }
        let mut plan = Plan {
            updates: Vec::new(),
            new: None,
            facts: Vec::new(),
            day: d,
        };
        for (mut member, with_base) in family {
            if !ctx.program.suspension_keeps_billing {
                let period = charge_period(ctx.program, &member, d)?;
                let window = i64::from(ctx.program.full_credit_days);
                plan.facts.push(Fact::Suspension {
                    subscription: member.id.clone(),
                    date: d,
                    period,
                    billed_from: member.billed_from.max(period.first()),
                    quantity: member.quantity,
                    full_credit: days_between(member.term.first(), d) < window,
                    period_price: member.period_price(),
                    price_list: member.price_list,
                });
            }
            member.status = Status::Suspended {
                since: d,
                with_base,
            };
            plan.updates.push(member);
        }
        Ok(plan)
    }

    fn plan_reactivate(
        &self,
        ctx: &Context<'_>,
        id: &SubscriptionId,
        d: NaiveDate,
    ) -> Result<Plan> {
        let s = self.usable(id)?;
        if !matches!(s.status, Status::Suspended { .. }) {
            return Err(Error::SubscriptionNotSuspended {
                subscription: id.to_string(),
                date: d,
                status: s.status.to_string(),
            });
        }
        if let Some(base) = s.base.as_ref().and_then(|b| self.get(b)) {
            if !base.is_active() {
                return Err(Error::BaseSuspended {
                    subscription: id.to_string(),
                    base: base.id.to_string(),
                });
            }
        }
        let mut family = vec![s.clone()];
        for a in &s.add_ons {
            if let Some(add_on) = self.get(a) {
                if matches!(
                    add_on.status,
                    Status::Suspended {
                        with_base: true,
                        ..
                    }
                ) {
                    family.push(add_on.clone());
                }
            }
        }
        let mut plan = Plan {
            updates: Vec::new(),
            new: None,
            facts: Vec::new(),
            day: d,
        };
        for mut member in family {
            if !ctx.program.suspension_keeps_billing {
                let period = charge_period(ctx.program, &member, d)?;
                plan.facts.push(Fact::Reactivation {
                    subscription: member.id.clone(),
                    date: d,
                    period,
                    quantity: member.quantity,
                    period_price: member.period_price(),
                    price_list: member.price_list,
                });
                member.billed_from = d;
            }
            member.status = Status::Active;
            plan.updates.push(member);
        }
        Ok(plan)
    }

    /// Makes the changes of a prepared plan; returns its facts.
    pub fn commit(&mut self, program: &Program, plan: Plan) -> Vec<Fact> {
        let day = plan.day;
        let mut roots = BTreeSet::new();
        for state in plan.updates {
            if let Some(&i) = self.index.get(&state.id) {
                roots.insert(self.root_of(i));
                self.states[i] = state;
            }
        }
        if let Some(state) = plan.new {
            let i = self.states.len();
            self.index.insert(state.id.clone(), i);
            self.states.push(state);
            roots.insert(self.root_of(i));
        }
        for root in roots {
            self.reschedule(program, root, day);
        }
        plan.facts
    }

    fn root_of(&self, i: usize) -> usize {
        self.states[i]
            .base
            .as_ref()
            .and_then(|b| self.index.get(b).copied())
            .unwrap_or(i)
    }

    fn reschedule(&mut self, program: &Program, root: usize, after: NaiveDate) {
        if let Some(old) = self.scheduled.remove(&root) {
            self.queue.remove(&(old, root));
        }
        let family = std::iter::once(&self.states[root]).chain(
            self.states[root]
                .add_ons
                .iter()
                .filter_map(|a| self.index.get(a).map(|&i| &self.states[i])),
        );
        // Steps only move forward: a day already stepped is never scheduled again (so a
        // schedule that failed to advance would stop billing, not loop).
        let next = family
            .filter_map(|s| next_step(program, s, after))
            .filter(|&next| next > after)
            .min();
        if let Some(next) = next {
            self.queue.insert((next, root));
            self.scheduled.insert(root, next);
        }
    }

    /// The automatic steps of `day` for a base and then each of its add-ons.
    fn step_family(
        &mut self,
        ctx: &Context<'_>,
        root: usize,
        day: NaiveDate,
        facts: &mut Vec<Fact>,
    ) {
        self.step(ctx, root, None, day, facts);
        let add_ons: Vec<usize> = self.states[root]
            .add_ons
            .iter()
            .filter_map(|a| self.index.get(a).copied())
            .collect();
        let base_status = self.states[root].status.clone();
        for a in add_ons {
            self.step(ctx, a, Some(&base_status), day, facts);
        }
    }

    fn step(
        &mut self,
        ctx: &Context<'_>,
        i: usize,
        base_status: Option<&Status>,
        day: NaiveDate,
        facts: &mut Vec<Fact>,
    ) {
        let program = ctx.program;
        let s = &mut self.states[i];
        if matches!(s.status, Status::Deleted { .. } | Status::Stopped { .. }) {
            return;
        }
        // An add-on is deleted (or stopped) with its base.
        match base_status {
            Some(Status::Deleted { .. }) => {
                s.status = Status::Deleted { on: day };
                return;
            }
            Some(Status::Stopped { error, .. }) => {
                s.status = Status::Stopped {
                    on: day,
                    error: error.clone(),
                };
                return;
            }
            _ => {}
        }
        let renewal_day = add_days(s.term.last(), 1).ok();
        if let Status::Suspended { since, .. } = s.status {
            let deletion = program
                .suspended_deletion_days
                .and_then(|days| add_days(since, i64::from(days)).ok());
            if deletion.is_some_and(|del| day >= del) || renewal_day == Some(day) {
                s.status = Status::Deleted { on: day };
                return;
            }
            if !program.suspension_keeps_billing {
                return;
            }
        }
        if renewal_day == Some(day) {
            match renew(ctx, s, day) {
                Ok(fact) => facts.push(fact),
                Err(error) => s.status = Status::Stopped { on: day, error },
            }
            return;
        }
        if let Ok(period) = charge_period(program, s, day) {
            if period.first() == day && day > s.term.first() {
                s.billed_from = day;
                if let Ok(fact) = period_charge(program, s, PeriodChargeKind::CycleFee, day) {
                    facts.push(fact);
                }
            }
        }
    }
}

/// Renews `s` on `day` (its old term's end + 1), re-priced from the list in force on `day`.
fn renew(ctx: &Context<'_>, s: &mut SubscriptionState, day: NaiveDate) -> Result<Fact> {
    let price = ctx.book.price(&s.offer, day, ctx.as_of)?;
    let number = s.term_number + 1;
    let term = schedule(ctx.program, s).term(number)?;
    s.term_number = number;
    s.term = Period::new(day, term.last())?;
    s.price = price.list;
    s.price_list = price.list_effective_from;
    s.billed_from = day;
    period_charge(ctx.program, s, PeriodChargeKind::Renewal, day)
}

fn positive(id: &SubscriptionId, quantity: u32) -> Result<()> {
    if quantity == 0 {
        return Err(Error::InvalidQuantity {
            subscription: id.to_string(),
            detail: "a quantity of 0 seats (at least 1 is needed)".into(),
        });
    }
    Ok(())
}

/// The charge for the period containing `from`, from `from` to its end.
fn period_charge(
    program: &Program,
    s: &SubscriptionState,
    kind: PeriodChargeKind,
    from: NaiveDate,
) -> Result<Fact> {
    Ok(Fact::PeriodCharge {
        subscription: s.id.clone(),
        kind,
        period: charge_period(program, s, from)?,
        from,
        quantity: s.quantity,
        period_price: s.period_price(),
        price_list: s.price_list,
    })
}

/// The term schedule of `s`: its anchor, the program's term length, its billing cycle.
fn schedule(program: &Program, s: &SubscriptionState) -> TermSchedule {
    TermSchedule::new(s.anchor, program.term_months, s.frequency.months())
}

/// The charge period of `s`'s current term containing `day` (SPEC §6.1).
pub(crate) fn charge_period(
    program: &Program,
    s: &SubscriptionState,
    day: NaiveDate,
) -> Result<Period> {
    schedule(program, s)
        .period_holding(s.term_number, day)?
        .ok_or(Error::DateOutsideTerm {
            date: day,
            first: s.term.first(),
            last: s.term.last(),
        })
}

/// The next day after `after` with an automatic step for `s`.
fn next_step(program: &Program, s: &SubscriptionState, after: NaiveDate) -> Option<NaiveDate> {
    let renewal_day = add_days(s.term.last(), 1).ok()?;
    let next_period = || {
        schedule(program, s)
            .next_period_start(s.term_number, after)
            .ok()
            .flatten()
    };
    match &s.status {
        Status::Deleted { .. } | Status::Stopped { .. } => None,
        Status::Suspended { since, .. } => {
            let mut next = match program.suspended_deletion_days {
                Some(days) => add_days(*since, i64::from(days)).ok()?.min(renewal_day),
                None => renewal_day,
            };
            if program.suspension_keeps_billing {
                next = next_period().map_or(next, |p| p.min(next));
            }
            Some(next)
        }
        Status::Active => Some(next_period().unwrap_or(renewal_day).min(renewal_day)),
    }
}
