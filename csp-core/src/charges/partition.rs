//! A book's events grouped by customer (SPEC §8, §10.6): the unit the billing engine replays
//! and bills one at a time, so that a distributor's book is billed in time linear in its
//! events and in memory bounded by its largest customer.
//!
//! Subscriptions never cross customers (an add-on is ordered on a base of the same
//! customer), so a customer's events replay alone to the same lines as in the whole book.
//! Every event of a subscription goes to the customer of the event that first creates it in
//! replay order (an order, a trial transition, or an add-on, which takes its base's
//! customer), including a later order that reuses the id, so that it is refused as a
//! duplicate there too. Events of a subscription nothing creates form one group of their own,
//! where the replay refuses them as it would in the whole book.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::ledger::{replay_indices, Inputs, Refusal, ReplayOptions};
use crate::batch::FxMap;
use crate::catalog::{CustomerId, SubscriptionId};
use crate::subscription::{Event, EventKind};

/// The events of one customer (or of no known customer), as indices into the book's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerEvents {
    /// The customer, or `None` for events of subscriptions that nothing creates.
    pub customer: Option<CustomerId>,
    /// Indices into the book's events, in the book's order.
    pub indices: Vec<usize>,
}

/// Groups the events that `keep` accepts by customer: in customer id order, then the group
/// without a customer (if any).
pub fn by_customer(events: &[Event], keep: impl Fn(&Event) -> bool) -> Vec<CustomerEvents> {
    let mut order: Vec<usize> = (0..events.len()).filter(|&i| keep(&events[i])).collect();
    order.sort_by_key(|&i| events[i].date);
    // The owner of each subscription: the customer of its first creating event, in replay
    // order. An add-on's base may be created later in the list: repeat until stable.
    let mut owner: FxMap<&SubscriptionId, &CustomerId> = FxMap::default();
    loop {
        let mut added = false;
        for &i in &order {
            let e = &events[i];
            if owner.contains_key(&e.subscription) {
                continue;
            }
            let customer = match &e.kind {
                EventKind::Order { customer, .. } | EventKind::TransitionTrial { customer, .. } => {
                    Some(customer)
                }
                EventKind::OrderAddOn { base, .. } => owner.get(base).copied(),
                _ => None,
            };
            if let Some(c) = customer {
                owner.insert(&e.subscription, c);
                added = true;
            }
        }
        if !added {
            break;
        }
    }
    let mut groups: BTreeMap<Option<&CustomerId>, Vec<usize>> = BTreeMap::new();
    for (i, e) in events.iter().enumerate() {
        if keep(e) {
            let customer = owner.get(&e.subscription).copied();
            groups.entry(customer).or_default().push(i);
        }
    }
    // `None` sorts first in a BTreeMap: move the group without a customer to the end.
    let orphans = groups.remove(&None);
    groups
        .into_iter()
        .map(|(customer, indices)| CustomerEvents {
            customer: customer.cloned(),
            indices,
        })
        .chain(orphans.map(|indices| CustomerEvents {
            customer: None,
            indices,
        }))
        .collect()
}

impl CustomerEvents {
    /// Replays this group's events through `as_of`: its lines, in date order.
    ///
    /// # Errors
    /// The group's first refused event, with its index in the book's list.
    pub fn replay(
        &self,
        inputs: &Inputs,
        events: &[Event],
        as_of: NaiveDate,
        options: ReplayOptions,
    ) -> Result<super::Replay, Refusal> {
        replay_indices(inputs, events, &self.indices, as_of, options)
    }
}

/// Of two refusals, the one the whole book's replay meets first: the earlier refused event
/// (by date, then position in the list); a refusal without an event (an automatic step after
/// the last event of its group) comes after every refused event.
pub fn first_refusal(a: Refusal, b: Refusal) -> Refusal {
    let key = |r: &Refusal| match (&r.event, r.index) {
        (Some(e), Some(i)) => (0, e.date, i),
        _ => (1, NaiveDate::MAX, usize::MAX),
    };
    if key(&b) < key(&a) {
        b
    } else {
        a
    }
}

/// A book replayed customer by customer: every customer of the inputs in id order (with
/// its events, or none), then the groups of customers the inputs do not know and of
/// subscriptions nothing creates (replayed only for their refusals). It keeps the refusal the
/// whole book's replay would meet first and the first other error, so that a caller can go
/// on to the end and report what a whole-book run would.
#[derive(Debug)]
pub struct CustomerReplays<'a> {
    inputs: &'a Inputs,
    events: &'a [Event],
    customers: std::iter::Peekable<
        std::collections::btree_map::Iter<'a, CustomerId, crate::catalog::Customer>,
    >,
    groups: std::iter::Peekable<std::vec::IntoIter<CustomerEvents>>,
    as_of: NaiveDate,
    options: ReplayOptions,
    refusal: Option<Refusal>,
    failure: Option<crate::error::Error>,
}

/// A customer of the inputs, with its record.
pub type KnownCustomer<'a> = (&'a CustomerId, &'a crate::catalog::Customer);

impl<'a> CustomerReplays<'a> {
    /// The groups of the events `keep` accepts (see [`by_customer`]), replayed through
    /// `as_of` with `options`.
    pub fn new(
        inputs: &'a Inputs,
        events: &'a [Event],
        keep: impl Fn(&Event) -> bool,
        as_of: NaiveDate,
        options: ReplayOptions,
    ) -> CustomerReplays<'a> {
        CustomerReplays {
            inputs,
            events,
            customers: inputs.customers.iter().peekable(),
            groups: by_customer(events, keep).into_iter().peekable(),
            as_of,
            options,
            refusal: None,
            failure: None,
        }
    }

    /// The next group, in customer id order: a customer of the inputs with its group (which
    /// may be empty), or `None` with a group of a customer the inputs do not know or of no
    /// customer (the caller replays it for its refusal, or leaves it to
    /// [`CustomerReplays::finish`]).
    pub fn next_group(&mut self) -> Option<(Option<KnownCustomer<'a>>, CustomerEvents)> {
        let Some(&(id, customer)) = self.customers.peek() else {
            return self.groups.next().map(|g| (None, g));
        };
        // Groups are in customer id order, as the inputs' customers: a group before this
        // customer is one of a customer the inputs do not know.
        let group = match self.groups.peek() {
            Some(g) if g.customer.as_ref().is_some_and(|c| c < id) => {
                return self.groups.next().map(|g| (None, g));
            }
            Some(g) if g.customer.as_ref() == Some(id) => self.groups.next(),
            _ => None,
        };
        self.customers.next();
        let group = group.unwrap_or(CustomerEvents {
            customer: Some(id.clone()),
            indices: Vec::new(),
        });
        Some((Some((id, customer)), group))
    }

    /// Replays `group`; on a refusal, keeps it (if the whole book would meet it first) and
    /// returns `None`.
    pub fn replay(&mut self, group: &CustomerEvents) -> Option<super::Replay> {
        self.replay_to(group, self.as_of)
    }

    /// Replays `group` through another date than the book's (e.g. a projection's horizon),
    /// as [`CustomerReplays::replay`].
    pub fn replay_to(&mut self, group: &CustomerEvents, as_of: NaiveDate) -> Option<super::Replay> {
        match group.replay(self.inputs, self.events, as_of, self.options) {
            Ok(replay) => Some(replay),
            Err(r) => {
                self.refusal = Some(match self.refusal.take() {
                    Some(first) => first_refusal(first, r),
                    None => r,
                });
                None
            }
        }
    }

    /// Keeps `error` if it is the first error other than a refusal.
    pub fn fail(&mut self, error: crate::error::Error) {
        self.failure.get_or_insert(error);
    }

    /// Whether a refusal or another error was met (the caller may skip further work).
    pub fn failed(&self) -> bool {
        self.refusal.is_some() || self.failure.is_some()
    }

    /// Replays the groups left, for their refusals, and reports: the first refusal, else the
    /// first other error.
    ///
    /// # Errors
    /// As described.
    pub fn finish(mut self) -> Result<(), Refusal> {
        while let Some((_, group)) = self.next_group() {
            self.replay(&group);
        }
        match (self.refusal, self.failure) {
            (Some(r), _) => Err(r),
            (None, Some(e)) => Err(Refusal::from(e)),
            (None, None) => Ok(()),
        }
    }
}
