//! Dated subscription events and billing frequencies (SPEC §5, §7).

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

use crate::access::{Action, Actor};
use crate::calendar::Period;
use crate::catalog::{CustomerId, OfferId, SubscriptionId};
use crate::error::{Error, Result};

/// How often a legacy subscription is charged (always in advance).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum BillingFrequency {
    /// One charge per month of the term, each `q × p`.
    Monthly,
    /// One charge per year, `12 × p × q`.
    Annual,
}

impl Default for BillingFrequency {
    /// Annual: a seat change given without a frequency (a batch row, a calculator call) is
    /// billed annually, the program's usual cycle. The one place this default is decided.
    fn default() -> Self {
        BillingFrequency::Annual
    }
}

impl BillingFrequency {
    /// `monthly` or `annual`, or the [default](BillingFrequency::default) when no text is
    /// given (a missing value or a null).
    ///
    /// ```
    /// use csp_core::subscription::BillingFrequency;
    /// assert_eq!(BillingFrequency::parse_or_default(None)?, BillingFrequency::Annual);
    /// assert_eq!(BillingFrequency::parse_or_default(Some("monthly"))?, BillingFrequency::Monthly);
    /// assert!(BillingFrequency::parse_or_default(Some("weekly")).is_err());
    /// # Ok::<(), csp_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `invalid_input` for any other text.
    pub fn parse_or_default(text: Option<&str>) -> Result<BillingFrequency> {
        text.map_or(Ok(BillingFrequency::default()), str::parse)
    }

    /// Months in one charge period (1 or 12): the period price is `p ×` this.
    pub fn months(&self) -> u32 {
        match self {
            BillingFrequency::Monthly => 1,
            BillingFrequency::Annual => 12,
        }
    }

    /// `monthly` or `annual`.
    pub fn as_str(&self) -> &'static str {
        match self {
            BillingFrequency::Monthly => "monthly",
            BillingFrequency::Annual => "annual",
        }
    }
}

impl fmt::Display for BillingFrequency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for BillingFrequency {
    type Err = Error;
    /// Reads `monthly` or `annual` (case-insensitive).
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "monthly" => Ok(BillingFrequency::Monthly),
            "annual" => Ok(BillingFrequency::Annual),
            _ => Err(Error::InvalidInput {
                what: "billing frequency",
                text: s.to_string(),
                expected: "monthly or annual",
            }),
        }
    }
}

/// What happens to a subscription on an event's date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventKind {
    /// Order a base offer: the subscription starts on the event's date.
    Order {
        /// The customer ordering.
        customer: CustomerId,
        /// A base offer.
        offer: OfferId,
        /// Seats, at least 1.
        quantity: u32,
        /// Billing frequency.
        frequency: BillingFrequency,
    },
    /// Order an add-on on an active base subscription of the same customer.
    OrderAddOn {
        /// The base subscription.
        base: SubscriptionId,
        /// An add-on offer whose prerequisites include the base's offer.
        offer: OfferId,
        /// Seats, at least 1.
        quantity: u32,
        /// Must be the base's frequency when given (SPEC §10.5).
        frequency: Option<BillingFrequency>,
    },
    /// Add seats: they run from the event's date to the term end (coterminous).
    AddSeats {
        /// Seats added, at least 1.
        quantity: u32,
        /// The date Microsoft billed the change, when it differs from the event's date (an
        /// annual subscription's next monthly anniversary): only the reconciliation form of
        /// the lines uses it (SPEC §10.7).
        billed_on: Option<NaiveDate>,
    },
    /// Remove seats, with a prorated credit; at least one seat must remain.
    RemoveSeats {
        /// Seats removed, at least 1.
        quantity: u32,
        /// As for [`EventKind::AddSeats`].
        billed_on: Option<NaiveDate>,
    },
    /// Suspend (the 2015 way to cancel); suspends the add-ons of a base too.
    Suspend,
    /// Reactivate a suspended subscription (and the add-ons suspended with a base).
    Reactivate,
    /// Transition a customer's direct trial to a paid CSP subscription starting on the
    /// event's date: an order with the usual checks, made while the trial runs.
    TransitionTrial {
        /// The customer holding the trial.
        customer: CustomerId,
        /// The paid base offer.
        offer: OfferId,
        /// Seats, at least 1.
        quantity: u32,
        /// Billing frequency.
        frequency: BillingFrequency,
        /// The trial's dates.
        trial: Period,
    },
}

impl EventKind {
    /// The privilege this event needs (SPEC §7).
    pub fn action(&self) -> Action {
        match self {
            EventKind::Order { .. } | EventKind::TransitionTrial { .. } => {
                Action::OrderSubscription
            }
            EventKind::OrderAddOn { .. } => Action::OrderAddOn,
            EventKind::AddSeats { .. } => Action::AddSeats,
            EventKind::RemoveSeats { .. } => Action::RemoveSeats,
            EventKind::Suspend => Action::SuspendSubscription,
            EventKind::Reactivate => Action::ReactivateSubscription,
        }
    }

    /// The snake_case name used in scenario files (`order`, `add_on`, `add_seats`…).
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Order { .. } => "order",
            EventKind::OrderAddOn { .. } => "add_on",
            EventKind::AddSeats { .. } => "add_seats",
            EventKind::RemoveSeats { .. } => "remove_seats",
            EventKind::Suspend => "suspend",
            EventKind::Reactivate => "reactivate",
            EventKind::TransitionTrial { .. } => "transition_trial",
        }
    }
}

/// One dated event of one subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The day it takes effect.
    pub date: NaiveDate,
    /// The subscription it concerns (a new id for orders).
    pub subscription: SubscriptionId,
    /// What happens.
    pub kind: EventKind,
    /// The acting user, when not the replay's default actor (SPEC §7).
    pub actor: Option<Actor>,
}

impl fmt::Display for Event {
    /// `2016-02-01 sub-1 add_seats`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {}",
            self.date,
            self.subscription,
            self.kind.name()
        )
    }
}
