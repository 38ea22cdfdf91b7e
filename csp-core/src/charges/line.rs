//! Charge lines and their kinds (SPEC §6.3).

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::calendar::Period;
use crate::catalog::{CustomerId, OfferId, SubscriptionId};
use crate::money::{Money, ProrationPolicy};

/// What a line charges or credits (SPEC §6.3, §10.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ChargeKind {
    /// The first charge of an order.
    Purchase,
    /// The first charge of a renewed term.
    Renewal,
    /// A later charge period of a term.
    CycleFee,
    /// Seats added, to the end of their charge period.
    SeatsAdded,
    /// Seats removed: a credit to the end of their charge period.
    SeatsRemoved,
    /// The credit for a suspension.
    SuspensionCredit,
    /// The charge for a reactivation, to the end of its charge period.
    Reactivation,
}

impl ChargeKind {
    /// The snake_case name.
    pub fn as_str(&self) -> &'static str {
        match self {
            ChargeKind::Purchase => "purchase",
            ChargeKind::Renewal => "renewal",
            ChargeKind::CycleFee => "cycle_fee",
            ChargeKind::SeatsAdded => "seats_added",
            ChargeKind::SeatsRemoved => "seats_removed",
            ChargeKind::SuspensionCredit => "suspension_credit",
            ChargeKind::Reactivation => "reactivation",
        }
    }
}

impl fmt::Display for ChargeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How seat changes are shown (the economics are the same).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum LineForm {
    /// One line per change: the seats changed over the rest of the charge period.
    #[default]
    Net,
    /// Microsoft's reconciliation form (SPEC §10.7): a reversal of the old quantity over
    /// `[b, last(C)]`, a rebill of the old quantity over `[b, d − 1]` and of the new one over
    /// `[d, last(C)]` (split at the date Microsoft billed the change, when given).
    Reconciliation,
}

/// One line Microsoft bills the partner.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ChargeLine {
    /// The subscription.
    pub subscription: SubscriptionId,
    /// Its customer.
    pub customer: CustomerId,
    /// Its offer.
    pub offer: OfferId,
    /// What the line is.
    pub kind: ChargeKind,
    /// The date the line is billed: the first day of its service period for a charge, the
    /// event's date for a credit and for every line of a seat change (or the date Microsoft
    /// billed the change, in the reconciliation form).
    pub date: NaiveDate,
    /// The days it covers.
    pub service_period: Period,
    /// Seats on the line: the seats changed (net form), or the old/new quantity
    /// (reconciliation form).
    pub quantity: u32,
    /// Amount for one seat over the service period, negative for a credit: as the policy
    /// rounds it, or (when the policy keeps it exact) rounded half-up to minor units.
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    pub unit_amount: Decimal,
    /// The line's amount, rounded to minor units; negative for a credit.
    pub amount: Money,
    /// The charge period the line falls in.
    pub charge_period: Period,
    /// Days billed and days in the charge period, when the line is prorated.
    pub days: Option<(u32, u32)>,
    /// The daily rate, when the policy rounds it.
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str_option"))]
    pub daily_rate: Option<Decimal>,
    /// Start date of the price list that priced the line.
    pub price_list: NaiveDate,
    /// The rounding steps applied (the replay's policy).
    pub rounding: ProrationPolicy,
}
