//! The NCE lifecycle's book: the replay context, the subscriptions and their schedule of
//! automatic steps (SPEC-NCE §13). Orders are in `order`, events on one subscription in
//! `change`, the automatic steps in `renewal`, upgrades and trials in their own modules.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use super::catalog::NceCatalog;
use super::change::change;
use super::event::{NceEvent, NceEventKind};
use super::order::order;
use super::renewal::{next_due, step};
use super::sku_rules;
use super::state::{NceChargeType, NceFact, NceStatus, NceSubscription};
use crate::batch::FxMap;
use crate::calendar::nce::{calendar_aligned_end, check_custom_end, coterm_ends, Cycle};
use crate::calendar::Period;
use crate::catalog::{Customer, CustomerId, OfferId, SubscriptionId};
use crate::error::{Error, Result};
use crate::money::{Currency, FxRates};
use crate::price_list::NceSheet;
use crate::program::Program;
use crate::vocab::TermDuration;

/// What an NCE replay reads: the program, the price sheets, the customers, the partner's
/// pricing and billing currencies, the exchange rates and market, and the as-of instant (no
/// clock: SPEC-NCE §11.1.1).
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
    /// The billing currency, the partner's (SPEC-NCE §16.1): lines' subtotals are in it.
    /// Equal to `currency` for a partner billed in the pricing currency (rate 1).
    pub billing_currency: Currency,
    /// The exchange rates from `currency` to `billing_currency`, by month (SPEC-NCE §16.2);
    /// not read when the two are the same ([`FxRates::new`] then).
    pub fx_rates: &'a FxRates,
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

    /// The custom ends an order of `term` by `customer` on `start` may ask for (SPEC-NCE
    /// §13.3.2–4): the calendar-aligned end and the ends coterminous with each of the
    /// customer's active or suspended paid subscriptions (name it in the order's
    /// `coterm_with`), those that pass [`check_custom_end`], sorted, each once.
    ///
    /// # Errors
    /// `coterm_not_allowed` or `coterm_date_invalid` (rule `custom_end_dates_from`) when the
    /// program offers no custom end for that start; `invalid_input` for a term of 0 months.
    pub fn allowed_custom_ends(
        &self,
        program: &Program,
        customer: &CustomerId,
        start: NaiveDate,
        term: TermDuration,
    ) -> Result<Vec<NaiveDate>> {
        let months = term.months();
        let calendar = calendar_aligned_end(start, months)?;
        let ok = |end: NaiveDate| {
            check_custom_end(start, months, end, program.custom_end_dates_from).is_ok()
        };
        if !ok(calendar) {
            // Say why when the program itself refuses every end for this start.
            check_custom_end(start, months, calendar, program.custom_end_dates_from).or_else(
                |e| match e {
                    Error::CotermDateInvalid { rule: "term", .. } => Ok(()),
                    other => Err(other),
                },
            )?;
        }
        let mut out: Vec<NaiveDate> = Vec::new();
        out.extend(Some(calendar).filter(|&e| ok(e)));
        let mine = self
            .by_customer
            .get(customer)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        for x in mine.iter().filter_map(|&i| self.subs.get(i)) {
            if x.is_trial || !sku_rules::holds(x) {
                continue;
            }
            // A longer term cannot end with a one-month one: no ends from it.
            if let Ok(ends) = coterm_ends(start, months, &x.term) {
                out.extend(ends.into_iter().filter(|&e| ok(e)));
            }
        }
        out.sort_unstable();
        out.dedup();
        Ok(out)
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
    /// `promotion_not_eligible`, `coterm_not_allowed`, `coterm_date_invalid`; otherwise
    /// `unknown_subscription`, the status refusals of SPEC-NCE §13.1 (`subscription_not_active`,
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
        if let NceEventKind::Order { coterm_with, .. } = &event.kind {
            if self.index.contains_key(&event.subscription) {
                return Err(Error::DuplicateSubscription {
                    subscription: event.subscription.to_string(),
                });
            }
            let with = match coterm_with {
                Some(x) => Some(self.get(x).ok_or_else(|| Error::UnknownSubscription {
                    subscription: x.to_string(),
                })?),
                None => None,
            };
            let s = order(ctx, event, with, &mut facts)?;
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
        promotion_id: s.price.promotion.clone(),
    }
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

/// The customer of `s`.
pub(super) fn customer_of<'c>(ctx: &NceContext<'c>, s: &NceSubscription) -> Result<&'c Customer> {
    ctx.customers
        .get(&s.customer)
        .ok_or_else(|| Error::UnknownCustomer {
            customer: s.customer.to_string(),
            used_in: format!("subscription {}", s.id),
        })
}
