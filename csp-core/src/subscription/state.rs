//! A subscription's state, and the facts its events and days produce (SPEC §5).

use std::fmt;

use chrono::NaiveDate;

use super::BillingFrequency;
use crate::calendar::Period;
use crate::catalog::{CustomerId, OfferId, SubscriptionId};
use crate::error::Error;
use crate::money::Money;

/// Where a subscription stands.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "status", rename_all = "snake_case"))]
pub enum Status {
    /// Active and billed.
    Active,
    /// Suspended since a date (not billed in the legacy program).
    Suspended {
        /// The suspension's date.
        since: NaiveDate,
        /// Whether it was suspended because its base was (then it is reactivated with it).
        with_base: bool,
    },
    /// Deleted: refuses every event.
    Deleted {
        /// The day of deletion.
        on: NaiveDate,
    },
    /// Its replay stopped (a renewal that could not be priced, SPEC §10.4); later events
    /// are refused with `subscription_stopped`.
    Stopped {
        /// The renewal date that failed.
        on: NaiveDate,
        /// Why.
        error: Error,
    },
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Active => f.write_str("active"),
            Status::Suspended { since, .. } => write!(f, "suspended since {since}"),
            Status::Deleted { on } => write!(f, "deleted on {on}"),
            Status::Stopped { on, error } => write!(f, "stopped on {on} ({})", error.code()),
        }
    }
}

/// The state of one subscription on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SubscriptionState {
    /// Its id.
    pub id: SubscriptionId,
    /// The customer.
    pub customer: CustomerId,
    /// The offer.
    pub offer: OfferId,
    /// The base subscription, for an add-on.
    pub base: Option<SubscriptionId>,
    /// The add-ons of a base, in order of purchase.
    pub add_ons: Vec<SubscriptionId>,
    /// Billing frequency.
    pub frequency: BillingFrequency,
    /// The date its terms and charge periods are counted from: the order date of the
    /// subscription (of the base, for an add-on).
    pub anchor: NaiveDate,
    /// The day it was ordered.
    pub ordered_on: NaiveDate,
    /// 1 for the first term, 2 after the first renewal…
    pub term_number: u32,
    /// The current term (an add-on's first term starts on its own order date).
    pub term: Period,
    /// Seats.
    pub quantity: u32,
    /// The list price per seat per month, locked for the term.
    pub price: Money,
    /// Start date of the price list that set the locked price.
    pub price_list: NaiveDate,
    /// Status.
    pub status: Status,
    /// The first billed day of the current charge period (later than its first day when the
    /// subscription started or was reactivated inside it).
    pub billed_from: NaiveDate,
}

impl SubscriptionState {
    /// Whether it is active.
    pub fn is_active(&self) -> bool {
        self.status == Status::Active
    }

    /// The price of one seat for a whole charge period: `p` (monthly) or `12 p` (annual).
    pub fn period_price(&self) -> Money {
        match self.frequency.months() {
            1 => self.price,
            // 12 × a price that fits 28 digits fits too, but never panic: keep the monthly
            // price if it ever did not.
            months => self.price.checked_mul(months.into()).unwrap_or(self.price),
        }
    }
}

/// How a whole charge period came to be charged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum PeriodChargeKind {
    /// The first charge of an order.
    Purchase,
    /// The first charge of a renewed term.
    Renewal,
    /// A later charge period of a term.
    CycleFee,
}

/// Something billable that happened to a subscription, with what the charges need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    /// A charge period (or its rest, from `from`) is charged in advance.
    PeriodCharge {
        /// The subscription.
        subscription: SubscriptionId,
        /// Purchase, renewal or cycle fee.
        kind: PeriodChargeKind,
        /// The whole charge period.
        period: Period,
        /// The first day charged (`period.first()` unless an add-on starts mid-period).
        from: NaiveDate,
        /// Seats.
        quantity: u32,
        /// Price of one seat for the whole period.
        period_price: Money,
        /// Start of the list that priced it.
        price_list: NaiveDate,
    },
    /// Seats changed on `date`, inside `period`.
    SeatChange {
        /// The subscription.
        subscription: SubscriptionId,
        /// The change's date.
        date: NaiveDate,
        /// The charge period it falls in.
        period: Period,
        /// The first billed day of that period.
        billed_from: NaiveDate,
        /// Seats before.
        old_quantity: u32,
        /// Seats after.
        new_quantity: u32,
        /// The date Microsoft billed the change, if given.
        billed_on: Option<NaiveDate>,
        /// Price of one seat for the whole period.
        period_price: Money,
        /// Start of the list that priced it.
        price_list: NaiveDate,
    },
    /// Suspended on `date`, with a credit for the rest of `period`.
    Suspension {
        /// The subscription.
        subscription: SubscriptionId,
        /// The suspension's date.
        date: NaiveDate,
        /// The charge period it falls in.
        period: Period,
        /// The first billed day of that period.
        billed_from: NaiveDate,
        /// Seats.
        quantity: u32,
        /// Whether the whole period's net charge is credited (inside the full-credit window).
        full_credit: bool,
        /// Price of one seat for the whole period.
        period_price: Money,
        /// Start of the list that priced it.
        price_list: NaiveDate,
    },
    /// Reactivated on `date`: the rest of `period` is charged.
    Reactivation {
        /// The subscription.
        subscription: SubscriptionId,
        /// The reactivation's date.
        date: NaiveDate,
        /// The charge period it falls in.
        period: Period,
        /// Seats.
        quantity: u32,
        /// Price of one seat for the whole period.
        period_price: Money,
        /// Start of the list that priced it.
        price_list: NaiveDate,
    },
}

impl Fact {
    /// The subscription the fact concerns.
    pub fn subscription(&self) -> &SubscriptionId {
        match self {
            Fact::PeriodCharge { subscription, .. }
            | Fact::SeatChange { subscription, .. }
            | Fact::Suspension { subscription, .. }
            | Fact::Reactivation { subscription, .. } => subscription,
        }
    }
}
