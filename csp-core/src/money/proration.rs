//! Seat proration with explicit rounding steps (SPEC §6.2, §6.4).

use rust_decimal::Decimal;

use super::ratio::round_scaled_product;
use super::{Money, Ratio, Rounding, RoundingMode};
use crate::error::{Error, Result};

/// How a prorated charge is rounded: the three steps of SPEC §6.4.
///
/// 1. `daily_rate`: the rate `P / days(C)` — `None` keeps it exact;
/// 2. `unit`: the one-seat amount `rate × days` — `None` keeps it exact;
/// 3. `line`: the line amount `unit × Δq`, always rounded to the currency's minor units with
///    this mode.
///
/// Exact means exact rational arithmetic: with steps 1 and 2 exact the line is
/// `P × days × Δq / days(C)` rounded once. The default policy is exact, exact, half-up.
///
/// ```
/// use csp_core::money::{Currency, Money, ProrationPolicy};
/// // Microsoft's $211.20/year example: 2 seats for 27 of 365 days → 31.25 (31.246… half-up).
/// let price = Money::parse("211.20", Currency::USD)?;
/// let p = ProrationPolicy::default().prorate(&price, 2, 27, 365)?;
/// assert_eq!(p.amount.to_string(), "31.25 USD");
/// assert_eq!(p.unit.to_string(), "15.62");
/// # Ok::<(), csp_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct ProrationPolicy {
    /// Step 1: rounding of the daily rate, or `None` for exact.
    pub daily_rate: Option<Rounding>,
    /// Step 2: rounding of the one-seat amount, or `None` for exact.
    pub unit: Option<Rounding>,
    /// Step 3: mode of the line rounding (the scale is the currency's minor units).
    pub line: RoundingMode,
}

impl Default for ProrationPolicy {
    fn default() -> Self {
        ProrationPolicy {
            daily_rate: None,
            unit: None,
            line: RoundingMode::HalfUp,
        }
    }
}

/// The result of prorating one charge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Proration {
    /// The daily rate as rounded by step 1, or `None` when the policy keeps it exact.
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::input::serde_fields::exact_opt")
    )]
    pub daily_rate: Option<Decimal>,
    /// The one-seat amount: as rounded by step 2, or (when exact) the exact value rounded
    /// half-up to the currency's minor units for display (SPEC §10.6). For a whole period
    /// it is the period price, shown the same way.
    #[cfg_attr(feature = "serde", serde(with = "crate::input::serde_fields::exact"))]
    pub unit: Decimal,
    /// Seats charged (negative for a credit).
    pub quantity: i64,
    /// The line amount, rounded to the currency's minor units.
    pub amount: Money,
}

impl ProrationPolicy {
    /// The default policy: exact daily rate, exact unit, line half-up to minor units.
    pub fn exact_half_up() -> ProrationPolicy {
        ProrationPolicy::default()
    }

    /// Prorates `quantity` seats of `period_price` (the price of one seat for the whole charge
    /// period) over `days_billed` of the period's `days_in_period` days.
    ///
    /// A whole period (`days_billed == days_in_period`) costs exactly `period_price × quantity`
    /// whatever the rate rounding, and a part of a period never costs more than that (a
    /// coarsely rounded daily rate could otherwise overshoot it). Credits use a negative quantity; rounding is symmetric
    /// (half-up is away from zero, down is toward zero), so a credit is the exact negative of
    /// the matching charge.
    ///
    /// # Errors
    /// `invalid_proration` when `days_in_period == 0` or `days_billed` is 0 or exceeds it;
    /// `amount_overflow` when an intermediate does not fit.
    pub fn prorate(
        &self,
        period_price: &Money,
        quantity: i64,
        days_billed: u32,
        days_in_period: u32,
    ) -> Result<Proration> {
        if days_in_period == 0 || days_billed == 0 || days_billed > days_in_period {
            return Err(Error::InvalidProration {
                days_billed,
                days_in_period,
            });
        }
        let currency = period_price.currency();
        let line_rounding = Rounding::clamped(currency.minor_units(), self.line);
        let display = Rounding::clamped(currency.minor_units(), RoundingMode::HalfUp);
        let price = Ratio::from_decimal(period_price.amount())?;

        if days_billed == days_in_period {
            let amount = price.mul_int(i128::from(quantity))?.round(line_rounding)?;
            let unit = match self.unit {
                Some(r) => price.round(r)?,
                None => price.round(display)?,
            };
            return Ok(Proration {
                daily_rate: None,
                unit,
                quantity,
                amount: Money::new(amount, currency),
            });
        }

        if self.daily_rate.is_none() && self.unit.is_none() {
            // Exact rate and unit: one integer division each (SPEC §6.4, DESIGN §5). A part
            // of a period never exceeds the whole here.
            let (price, days, period) = (
                period_price.amount(),
                i128::from(days_billed),
                i128::from(days_in_period),
            );
            let factor = days.checked_mul(i128::from(quantity));
            let amount = round_scaled_product(
                price,
                factor.ok_or(Error::AmountOverflow {
                    operation: "exact proration",
                })?,
                period,
                line_rounding,
            )?;
            return Ok(Proration {
                daily_rate: None,
                unit: round_scaled_product(price, days, period, display)?,
                quantity,
                amount: Money::new(amount, currency),
            });
        }

        let mut rate = price.div_int(i128::from(days_in_period))?;
        let mut rate_shown = None;
        if let Some(r) = self.daily_rate {
            let rounded = rate.round(r)?;
            rate_shown = Some(rounded);
            rate = Ratio::from_decimal(rounded)?;
        }
        let mut unit = rate.mul_int(i128::from(days_billed))?;
        let unit_shown = match self.unit {
            Some(r) => {
                let rounded = unit.round(r)?;
                unit = Ratio::from_decimal(rounded)?;
                rounded
            }
            None => unit.round(display)?,
        };
        let mut amount = unit.mul_int(i128::from(quantity))?.round(line_rounding)?;
        // A rounded daily rate can push a part of a period above the whole (177.01 over
        // 206 days at a rate rounded to 1.00, billed 178 days, would be 178.00): a part
        // never costs more than the whole period.
        let whole = price.mul_int(i128::from(quantity))?.round(line_rounding)?;
        if amount.abs() > whole.abs() {
            amount = whole;
        }
        Ok(Proration {
            daily_rate: rate_shown,
            unit: unit_shown,
            quantity,
            amount: Money::new(amount, currency),
        })
    }
}
