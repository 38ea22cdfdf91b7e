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
use crate::money::{Money, Proration, ProrationPolicy, Ratio, Rounding, RoundingMode};

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
    /// An NCE cancellation's refund (`cancelImmediate`).
    Cancellation,
    /// An NCE term change's or upgrade's refund or charge (`convert`, `moveQuantity`).
    Conversion,
    /// The first part-cycle of a new NCE billing plan (`changeBillingPlan`).
    PlanChange,
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
            ChargeKind::Cancellation => "cancellation",
            ChargeKind::Conversion => "conversion",
            ChargeKind::PlanChange => "plan_change",
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
    /// Start date of the price list that priced the line (for an NCE line, the governing
    /// row's first day).
    pub price_list: NaiveDate,
    /// The estimated retail price for the whole charge period when the line carries it (NCE
    /// lines: the sheet's `ERP Price` of the locked row); `None` for legacy lines, whose
    /// ERP is the price list's.
    pub erp_period_price: Option<Money>,
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

/// The most decimals a shown unit takes (SPEC §10.15 *change*).
pub const MAX_UNIT_DECIMALS: u32 = 6;

/// Whether `unit` × `seats`, rounded to `amount`'s minor units with `mode`, is `amount`: the
/// unit "multiplies out" at the precision shown (SPEC §10.15 *change*).
pub fn multiplies_out(unit: Decimal, seats: u32, amount: &Money, mode: RoundingMode) -> bool {
    let rounding = Rounding::clamped(amount.currency().minor_units(), mode);
    unit.checked_mul(Decimal::from(seats))
        .is_some_and(|product| rounding.apply(product) == amount.amount())
}

/// The unit shown for a line of `seats` seats and `amount` (both magnitudes: not negative)
/// whose one-seat amount is one of `exact` (SPEC §10.6, §10.15 *change*): `shown` (the unit
/// at minor units) when it multiplies out (see [`multiplies_out`], with the line's rounding
/// `mode`), else the first of `exact` rounded half-up to the fewest decimals, up to
/// [`MAX_UNIT_DECIMALS`], that multiplies out, or else (no half-up rounding does) the value
/// one step below or above the exact one at the fewest decimals (a line rounded down needs
/// the step above: 6 × 15.3333… = 92.00 is shown 15.333334, not 15.333333). When none does (tens of thousands of seats
/// near a rounding tie), `shown` stays and the line's days ([`ChargeLine::days`], the
/// service period of an invoice line) explain the amount.
fn shown_unit(
    exact: &[Ratio],
    shown: Decimal,
    seats: u32,
    amount: &Money,
    mode: RoundingMode,
) -> Result<Decimal> {
    if multiplies_out(shown, seats, amount, mode) {
        return Ok(shown);
    }
    let scales = amount.currency().minor_units() + 1..=MAX_UNIT_DECIMALS;
    // Rounded half-up first, at every precision; then the steps around the exact value.
    for neighbours in [false, true] {
        for candidate in exact {
            for scale in scales.clone() {
                let units = if neighbours {
                    let below = candidate.round(Rounding::clamped(scale, RoundingMode::Down))?;
                    [Some(below), below.checked_add(Decimal::new(1, scale))]
                } else {
                    let half_up =
                        candidate.round(Rounding::clamped(scale, RoundingMode::HalfUp))?;
                    [Some(half_up), None]
                };
                for unit in units.into_iter().flatten() {
                    if multiplies_out(unit, seats, amount, mode) {
                        return Ok(unit);
                    }
                }
            }
        }
    }
    Ok(shown)
}

/// The unit of a full credit of `amount` over `seats` seats: the amount per seat, rounded
/// half-up to minor units, or shown with more decimals (up to [`MAX_UNIT_DECIMALS`]) when
/// that unit times the seats, rounded with the line's `mode`, is not the amount (the
/// ledger's line at cost and the bill's at the resale price).
pub(crate) fn full_credit_unit(amount: &Money, seats: u32, mode: RoundingMode) -> Decimal {
    let currency = amount.currency();
    let seats = seats.max(1);
    let shown = amount
        .amount()
        .checked_div(Decimal::from(seats))
        .map(|u| Rounding::clamped(currency.minor_units(), RoundingMode::HalfUp).apply(u))
        .unwrap_or(amount.amount());
    let credit = amount.is_negative();
    let magnitude = if credit { amount.neg() } else { *amount };
    let unit = Ratio::from_decimal(magnitude.amount())
        .and_then(|a| a.div_int(i128::from(seats)))
        .and_then(|exact| shown_unit(&[exact], shown.abs(), seats, &magnitude, mode));
    match unit {
        Ok(u) if credit => -u,
        Ok(u) => u,
        Err(_) => shown,
    }
}

/// `quantity` seats (negative for a credit) of `period_price` over `share` of the period,
/// rounded by `policy`, with the unit signed like the quantity.
///
/// The unit shown multiplies out to the amount (SPEC §10.15 *change*, see [`shown_unit`]):
/// a whole period under a rounded-unit policy costs the rounded unit × the seats,
/// `round(P) × q`, and a unit that does not multiply out at minor units is shown with more
/// decimals.
pub(crate) fn price_share(
    period_price: &Money,
    quantity: i64,
    share: Share,
    policy: ProrationPolicy,
) -> Result<Proration> {
    let mut p = policy.prorate(period_price, quantity, share.days, share.of)?;
    let currency = period_price.currency();
    let line = Rounding::clamped(currency.minor_units(), policy.line);
    let exact = match (share.is_whole(), policy.unit, p.daily_rate) {
        (true, Some(_), _) => {
            // The rounded unit is what one seat costs: the line is that unit × the seats.
            let amount = Ratio::from_decimal(p.unit)?
                .mul_int(i128::from(quantity))?
                .round(line)?;
            p.amount = Money::new(amount, currency);
            Ratio::from_decimal(p.unit)?
        }
        (true, None, _) => Ratio::from_decimal(period_price.amount())?,
        (false, Some(_), _) => Ratio::from_decimal(p.unit)?,
        (false, None, Some(rate)) => Ratio::from_decimal(rate)?.mul_int(share.days.into())?,
        (false, None, None) => Ratio::from_decimal(period_price.amount())?
            .mul_int(share.days.into())?
            .div_int(share.of.into())?,
    };
    let seats = u32::try_from(quantity.unsigned_abs()).unwrap_or(u32::MAX);
    let magnitude = if p.amount.is_negative() {
        p.amount.neg()
    } else {
        p.amount
    };
    // A part capped at the whole period (a rounded daily rate) is explained by the period
    // price.
    let whole = Ratio::from_decimal(period_price.amount())?;
    p.unit = shown_unit(
        &[exact, whole],
        p.unit.abs(),
        seats,
        &magnitude,
        policy.line,
    )?;
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
