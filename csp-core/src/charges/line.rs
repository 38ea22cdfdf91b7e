//! Charge lines and their kinds: what Microsoft bills the partner (SPEC §6.3, §10.6, §10.7).
//!
//! A prorated line has four shapes in the crate, each for a reason:
//! - [`Proration`](crate::money::Proration): the money layer's answer (amount, unit, daily
//!   rate) to "q seats for d of D days at P", with no dates, ids or kinds;
//! - [`ChargeLine`]: the charges engine's line, with the facts that priced it (signed
//!   quantity, [`Share`], period price and cycle, price list, whether it is a full credit): billing and quotes
//!   re-price it rather than re-derive it;
//! - [`SeatCharge`](crate::batch::SeatCharge): the batch's answer for one seat-change row
//!   given as strings and dates, without a subscription or an event history;
//! - [`DenseLine`](crate::batch::DenseLine): the batch kernel's row in minor units and day
//!   numbers, so a million rows allocate nothing.
//!
//! The calculator's [`QuotedSeatCharge`](crate::quote::QuotedSeatCharge) is a view of a
//! [`ChargeLine`] in the calculator's published shape, not a computation of its own.

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::calendar::Period;
use crate::catalog::{CustomerId, OfferId, SubscriptionId};
use crate::error::Result;
use crate::money::{Money, Proration, ProrationPolicy, Rounding, RoundingMode};

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

/// The share of its charge period a line covers: `days` of the period's `of` days
/// (`days == of`: the whole period).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Share {
    /// Days covered (the service period's).
    pub days: u32,
    /// Days of the charge period.
    pub of: u32,
}

impl Share {
    /// The share `service` has of `period`.
    pub fn of_period(service: Period, period: Period) -> Share {
        Share {
            days: service.days(),
            of: period.days(),
        }
    }

    /// Whether it is the whole period.
    pub fn is_whole(&self) -> bool {
        self.days == self.of
    }
}

/// One line Microsoft bills the partner, with what priced it: downstream (the partner's
/// bill, a quote) re-prices a line from these facts instead of re-deriving them.
///
/// Its file form (JSON) shows `quantity` as a count of seats (the sign is the amount's, as
/// in Microsoft's files) and `days` only for a prorated line; the price, cycle and full-credit
/// mark are not part of the file form.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// Seats on the line, signed: negative for a credit or a reversal. The seats changed
    /// (net form), or the old/new quantity (reconciliation form).
    pub quantity: i64,
    /// Amount for one seat over the service period, negative for a credit: as the policy
    /// rounds it, or (when the policy keeps it exact) rounded half-up to minor units.
    pub unit_amount: Decimal,
    /// The line's amount, rounded to minor units; negative for a credit.
    pub amount: Money,
    /// The charge period the line falls in.
    pub charge_period: Period,
    /// The share of the charge period the line covers.
    pub share: Share,
    /// One seat's price for the whole charge period: the locked list price per month ×
    /// [`ChargeLine::cycle_months`].
    pub period_price: Money,
    /// Months of price in one charge period (1 monthly, 12 annual).
    pub cycle_months: u32,
    /// Whether the line is a full credit (a suspension inside the credit window, SPEC
    /// §10.1): its amount is minus the net of the charge period's earlier lines, not a share
    /// of the period price (its [`Share`] then only tells the days it covers).
    pub full_credit: bool,
    /// The daily rate, when the policy rounds it.
    pub daily_rate: Option<Decimal>,
    /// Start date of the price list that priced the line.
    pub price_list: NaiveDate,
    /// The rounding steps applied (the replay's policy).
    pub rounding: ProrationPolicy,
}

impl ChargeLine {
    /// Seats on the line as a count (the file form's `quantity`).
    pub fn seats(&self) -> u32 {
        u32::try_from(self.quantity.unsigned_abs()).unwrap_or(u32::MAX)
    }

    /// Days billed and days in the charge period, for a line prorated over part of its
    /// period (`None` for a whole period, and for a full credit).
    pub fn days(&self) -> Option<(u32, u32)> {
        (!self.full_credit && !self.share.is_whole()).then_some((self.share.days, self.share.of))
    }

    /// The line's quantity and share priced at another seat price for the whole period
    /// (`period_price`) by `policy`: the one proration of a line (SPEC §6.2), which the
    /// replay uses at the list price and the partner's bill at the resale price. The unit is
    /// signed like the quantity.
    ///
    /// # Errors
    /// `amount_overflow`; `invalid_proration` for an impossible share.
    pub fn priced_at(&self, period_price: &Money, policy: ProrationPolicy) -> Result<Proration> {
        price_share(period_price, self.quantity, self.share, policy)
    }

    /// As [`ChargeLine::priced_at`], over `days` only (days of the line's service period,
    /// e.g. those a partner's fee runs): the line's quantity for `days.days()` of its charge
    /// period's days.
    ///
    /// # Errors
    /// As [`ChargeLine::priced_at`]; `invalid_proration` for more days than the period has.
    pub fn priced_over(
        &self,
        period_price: &Money,
        days: Period,
        policy: ProrationPolicy,
    ) -> Result<Proration> {
        let share = Share {
            days: days.days(),
            of: self.share.of,
        };
        price_share(period_price, self.quantity, share, policy)
    }
}

/// The unit of a full credit of `amount` over `seats` seats: the amount per seat, rounded
/// half-up to minor units (the ledger's line at cost and the bill's at the resale price).
pub(crate) fn full_credit_unit(amount: &Money, seats: u32) -> Decimal {
    let currency = amount.currency();
    amount
        .amount()
        .checked_div(Decimal::from(seats.max(1)))
        .map(|u| Rounding::clamped(currency.minor_units(), RoundingMode::HalfUp).apply(u))
        .unwrap_or(amount.amount())
}

/// `quantity` seats (negative for a credit) of `period_price` over `share` of the period,
/// rounded by `policy`, with the unit signed like the quantity.
pub(crate) fn price_share(
    period_price: &Money,
    quantity: i64,
    share: Share,
    policy: ProrationPolicy,
) -> Result<Proration> {
    let mut p = policy.prorate(period_price, quantity, share.days, share.of)?;
    if quantity < 0 {
        p.unit = -p.unit;
    }
    Ok(p)
}

#[cfg(feature = "serde")]
impl serde::Serialize for ChargeLine {
    /// The file form: the fields in order, `quantity` as a count, `days` for a prorated line.
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("ChargeLine", 14)?;
        st.serialize_field("subscription", &self.subscription)?;
        st.serialize_field("customer", &self.customer)?;
        st.serialize_field("offer", &self.offer)?;
        st.serialize_field("kind", &self.kind)?;
        st.serialize_field("date", &self.date)?;
        st.serialize_field("service_period", &self.service_period)?;
        st.serialize_field("quantity", &self.seats())?;
        st.serialize_field("unit_amount", &self.unit_amount.to_string())?;
        st.serialize_field("amount", &self.amount)?;
        st.serialize_field("charge_period", &self.charge_period)?;
        st.serialize_field("days", &self.days())?;
        st.serialize_field("daily_rate", &self.daily_rate.map(|r| r.to_string()))?;
        st.serialize_field("price_list", &self.price_list)?;
        st.serialize_field("rounding", &self.rounding)?;
        st.end()
    }
}
