//! NCE line money: the cycle price and the two truncation conventions (SPEC-NCE §12.4, §14.3–§14.4).
//!
//! A term's lines are priced from the sheet's `UnitPrice` for the whole term `U`, the number of
//! cycles per term `n` and an optional promotion ([`CyclePrice`]), over a share of one cycle
//! ([`CycleShare`]). The exact effective unit price is
//!
//! ```text
//! EUP_exact = sign × U × (1 − p/100) × share.num / (n × share.den)
//! ```
//!
//! kept as an exact fraction and truncated (toward zero, SPEC-NCE §11.1.5) once per step that
//! the [`LineConvention`] names, to the currency's minor units `m` (0 for JPY, pinned P22):
//!
//! - **`nce_B`** (default, pinned P18): `EUP_shown = trunc(EUP_exact, m)`, `subtotal = EUP_shown × q`
//!   (Microsoft's documented `Subtotal`);
//! - **`nce_A`**: `subtotal = trunc(EUP_exact × q, m)`, `EUP_shown = half_up(EUP_exact, m)`
//!   (display only).
//!
//! Billed in another currency at a rate `x` ([`price_nce_line_fx`], SPEC-NCE §16.4), B converts
//! the truncated unit (`unit_BC = trunc(EUP_shown × x, m_BC)`, `subtotal = unit_BC × q`,
//! pinned P21) and A the exact line (`subtotal = trunc(EUP_exact × x × q, m_BC)`).
//!
//! ```
//! use csp_core::money::{price_nce_line, Currency, CyclePrice, CycleShare, LineConvention};
//! // 16/month (192 a year, P1Y/monthly), cancelled with 13 of the cycle's 31 days left, 3 seats:
//! // EUP = 16 × 13 / 31 = 6.7096…
//! let price = CyclePrice::new("192".parse().unwrap(), 12, None)?;
//! let share = CycleShare::new(13, 31)?;
//! let b = price_nce_line(LineConvention::NceB, &price, Currency::USD, share, 3, true)?;
//! assert_eq!((b.effective_unit_price.to_string(), b.subtotal.to_string()), ("-6.70".into(), "-20.10 USD".into()));
//! let a = price_nce_line(LineConvention::NceA, &price, Currency::USD, share, 3, true)?;
//! assert_eq!((a.effective_unit_price.to_string(), a.subtotal.to_string()), ("-6.71".into(), "-20.12 USD".into()));
//! # Ok::<(), csp_core::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::{Currency, Money, Ratio, Rounding, RoundingMode};
use crate::error::{Error, Result};

/// SPEC-NCE §14.4: which truncation convention lines follow (an explicit policy; default
/// `nce_B`, pinned P18).
///
/// ```
/// use csp_core::money::LineConvention;
/// assert_eq!("nce_A".parse::<LineConvention>()?, LineConvention::NceA);
/// assert_eq!(LineConvention::default().as_str(), "nce_b");
/// # Ok::<(), csp_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum LineConvention {
    /// Line truncation: `subtotal = trunc(EUP_exact × q, m)`; the shown EUP is rounded half-up.
    /// Microsoft's seat-change walkthroughs follow it.
    #[cfg_attr(feature = "serde", serde(rename = "nce_a", alias = "nce_A"))]
    NceA,
    /// Unit truncation: `subtotal = trunc(EUP_exact, m) × q`, Microsoft's documented
    /// `Subtotal` (its cancellation, upgrade and plan-change walkthroughs). The default.
    #[default]
    #[cfg_attr(feature = "serde", serde(rename = "nce_b", alias = "nce_B"))]
    NceB,
}

impl LineConvention {
    /// The name used in files and bindings: `nce_a` or `nce_b`.
    pub fn as_str(&self) -> &'static str {
        match self {
            LineConvention::NceA => "nce_a",
            LineConvention::NceB => "nce_b",
        }
    }
}

impl fmt::Display for LineConvention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for LineConvention {
    type Err = Error;
    /// Reads `nce_a` or `nce_b` (case-insensitive, so also the spec's `nce_A`, `nce_B`;
    /// surrounding spaces ignored).
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "nce_a" => Ok(LineConvention::NceA),
            "nce_b" => Ok(LineConvention::NceB),
            _ => Err(Error::InvalidInput {
                what: "line convention",
                text: s.to_string(),
                expected: "nce_a or nce_b",
            }),
        }
    }
}

/// The price a term's lines are computed from (SPEC-NCE §12.4, §12.5.2): the sheet's
/// `UnitPrice` for the whole term `U`, the number of cycles per term `n = months(term) /
/// cycle_months(plan)`, and the promotion's percent off (`0 ≤ p < 100`, at most 6 decimals)
/// if any. The cycle price `P = U / n` is kept exact; only display rounds it.
///
/// ```
/// use csp_core::money::CyclePrice;
/// let n = CyclePrice::cycles_per_term(12, 1)?; // P1Y, monthly
/// let gbp = CyclePrice::new("3393.9".parse().unwrap(), n, None)?;
/// assert_eq!(gbp.cycle_price_shown(3).to_string(), "282.825");
/// assert_eq!(gbp.cycle_price_shown(2).to_string(), "282.83");
/// # Ok::<(), csp_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CyclePrice {
    unit_price: Decimal,
    cycles: u32,
    percent_off: Option<Decimal>,
}

/// The largest number of decimals a promotion's percent off may have.
const PERCENT_MAX_DECIMALS: u32 = 6;

impl CyclePrice {
    /// The price of a term of `cycles_per_term` cycles whose whole-term price is `unit_price`,
    /// less `percent_off` percent when a promotion applies.
    ///
    /// # Errors
    /// `invalid_input` when `unit_price` is negative, `cycles_per_term` is 0, or `percent_off`
    /// is outside `0 ≤ p < 100` or has more than 6 decimals.
    pub fn new(
        unit_price: Decimal,
        cycles_per_term: u32,
        percent_off: Option<Decimal>,
    ) -> Result<CyclePrice> {
        if unit_price.is_sign_negative() && !unit_price.is_zero() {
            return Err(Error::InvalidInput {
                what: "unit price",
                text: unit_price.to_string(),
                expected: "a price of at least 0",
            });
        }
        if cycles_per_term == 0 {
            return Err(Error::InvalidInput {
                what: "cycles per term",
                text: cycles_per_term.to_string(),
                expected: "at least 1 cycle per term",
            });
        }
        if let Some(p) = percent_off {
            let negative = p.is_sign_negative() && !p.is_zero();
            if negative || p >= Decimal::ONE_HUNDRED || p.normalize().scale() > PERCENT_MAX_DECIMALS
            {
                return Err(Error::InvalidInput {
                    what: "percent off",
                    text: p.to_string(),
                    expected:
                        "a percentage from 0 up to (not including) 100 with at most 6 decimals",
                });
            }
        }
        Ok(CyclePrice {
            unit_price,
            cycles: cycles_per_term,
            percent_off,
        })
    }

    /// `n = term_months / cycle_months` (SPEC-NCE §12.4): P1M/monthly 1, P1Y/monthly 12,
    /// P1Y/annual 1, P3Y/monthly 36, P3Y/annual 3, P3Y/triennial 1.
    ///
    /// # Errors
    /// `invalid_input` unless both are at least 1 and the cycle divides the term.
    pub fn cycles_per_term(term_months: u32, cycle_months: u32) -> Result<u32> {
        match term_months.checked_rem(cycle_months) {
            Some(0) if term_months > 0 => Ok(term_months / cycle_months),
            _ => Err(Error::InvalidInput {
                what: "cycles per term",
                text: format!("{term_months} months / {cycle_months}-month cycles"),
                expected: "a billing cycle of at least 1 month that divides the term",
            }),
        }
    }

    /// `U`: the sheet's `UnitPrice` for the whole term, before promotion.
    pub fn unit_price(&self) -> Decimal {
        self.unit_price
    }

    /// `n`: the number of cycles per term.
    pub fn cycles(&self) -> u32 {
        self.cycles
    }

    /// The promotion's percent off, as given.
    pub fn percent_off(&self) -> Option<Decimal> {
        self.percent_off
    }

    /// `P = U / n` before promotion (a line's `unit_price`, SPEC-NCE §14.1), rounded half-up to
    /// `scale` for display and written with exactly `scale` decimals: exact whenever `P`
    /// terminates within `scale` decimals (`3393.96 / 12` is `282.83` at scale 2).
    pub fn cycle_price_shown(&self, scale: u32) -> Decimal {
        self.per_cycle(self.unit_price, scale)
    }

    /// A whole-term amount per cycle, `value / n`, rounded half-up to `scale` and written with
    /// exactly `scale` decimals: the home of SPEC-NCE §12.4's "ERP per cycle = `ERP Price / n`".
    ///
    /// ```
    /// use csp_core::money::CyclePrice;
    /// // E1: UnitPrice 115.2 and ERP 144 for P1Y; per month (n = 12) 9.60 and 12.00.
    /// let monthly = CyclePrice::new("115.2".parse().unwrap(), 12, None)?;
    /// assert_eq!(monthly.cycle_price_shown(2).to_string(), "9.60");
    /// assert_eq!(monthly.per_cycle("144".parse().unwrap(), 2).to_string(), "12.00");
    /// # Ok::<(), csp_core::Error>(())
    /// ```
    pub fn per_cycle(&self, value: Decimal, scale: u32) -> Decimal {
        let rounding = Rounding::clamped(scale, RoundingMode::HalfUp);
        Ratio::from_decimal(value)
            .and_then(|r| r.div_int(i128::from(self.cycles)))
            .and_then(|r| r.round(rounding))
            // Only when `value × 10^scale` leaves i128 (the result cannot be written with
            // `scale` decimals anyway): the decimal quotient, rounded as far as it fits.
            .unwrap_or_else(|_| {
                value
                    .checked_div(Decimal::from(self.cycles))
                    .map_or(value, |q| rounding.apply(q))
            })
    }

    /// `U × (1 − p/100) / n`: the cycle price after promotion, exact.
    fn discounted_cycle_price(&self) -> Result<Ratio> {
        let mut price = Ratio::from_decimal(self.unit_price)?;
        if let Some(p) = self.percent_off {
            // 0 ≤ p < 100 with at most 6 decimals: 100 − p is exact and positive.
            let kept = Ratio::from_decimal(Decimal::ONE_HUNDRED - p)?.div_int(100)?;
            price = price.mul_ratio(kept)?;
        }
        price.div_int(i128::from(self.cycles))
    }
}

/// The share of a cycle a line covers: `days / D(C)` (SPEC-NCE §14.3), or §13.11.2's month
/// fraction `k / cycle_months`. Valid when `0 < num ≤ den`; `num == den` is a full cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CycleShare {
    /// Days (or months) covered.
    pub num: u32,
    /// Days (or months) of the whole cycle.
    pub den: u32,
}

impl CycleShare {
    /// A checked share.
    ///
    /// # Errors
    /// `invalid_proration` unless `0 < num ≤ den`.
    pub fn new(num: u32, den: u32) -> Result<CycleShare> {
        let share = CycleShare { num, den };
        share.check()?;
        Ok(share)
    }

    /// Whether the share is the whole cycle.
    pub fn is_full(&self) -> bool {
        self.num == self.den
    }

    fn check(&self) -> Result<()> {
        if self.num == 0 || self.num > self.den {
            return Err(Error::InvalidProration {
                days_billed: self.num,
                days_in_period: self.den,
            });
        }
        Ok(())
    }
}

/// One NCE line's money (SPEC-NCE §14.3–§14.4, §16.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NceLineAmount {
    /// Microsoft's shown effective unit price in the pricing currency, signed (negative for a
    /// refund): `trunc(EUP_exact, m_PC)` under `nce_B`, `half_up(EUP_exact, m_PC)` under
    /// `nce_A`.
    pub effective_unit_price: Decimal,
    /// One unit in the billing currency, signed: `unit_BC = trunc(EUP_shown × x, m_BC)` under
    /// `nce_B`; `half_up(EUP_exact × x, m_BC)` under `nce_A` (display only). Equal to
    /// `effective_unit_price` at rate 1 into the pricing currency.
    pub unit_billing: Decimal,
    /// The line's subtotal, signed, in minor units of the billing currency.
    pub subtotal: Money,
    /// The billable quantity (≥ 0; the sign is in the unit price and subtotal).
    pub quantity: u64,
}

/// Prices one NCE line (SPEC-NCE §14.3–§14.4) at exchange rate 1 (billing currency =
/// pricing currency): [`price_nce_line_fx`] with `x = 1`.
///
/// `EUP_exact = sign × U × (1 − p/100) × share.num / (n × share.den)`, sign −1 when `refund`.
/// Under `nce_B`: `EUP_shown = trunc(EUP_exact, m)`, `subtotal = EUP_shown × q`; under `nce_A`:
/// `subtotal = trunc(EUP_exact × q, m)`, `EUP_shown = half_up(EUP_exact, m)`. Truncation is
/// toward zero and half-up away from zero, so a refund is the exact negative of the charge.
/// A full cycle is `trunc(P, m) × q` under B and `trunc(P × q, m)` under A (§14.4's last
/// bullet). `m = currency.minor_units()` (JPY 0, pinned P22). A quantity of 0 is a zero line.
///
/// # Errors
/// `invalid_proration` unless `0 < share.num ≤ share.den`; `amount_overflow` when an
/// intermediate leaves i128 or a result does not fit a decimal.
pub fn price_nce_line(
    convention: LineConvention,
    price: &CyclePrice,
    currency: Currency,
    share: CycleShare,
    quantity: u64,
    refund: bool,
) -> Result<NceLineAmount> {
    price_nce_line_fx(
        convention,
        price,
        currency,
        (currency, Decimal::ONE),
        share,
        quantity,
        refund,
    )
}

/// Prices one NCE line priced in `pricing` and billed in `fx.0` at the rate `x = fx.1`
/// (SPEC-NCE §14.4, §16.4): under `nce_B`, `EUP_shown = trunc(EUP_exact, m_PC)`, `unit_BC =
/// trunc(EUP_shown × x, m_BC)`, `subtotal = unit_BC × q` (the EUP is truncated in the pricing
/// currency before converting, pinned P21); under `nce_A`, `subtotal = trunc(EUP_exact × x ×
/// q, m_BC)` and `EUP_shown = half_up(EUP_exact, m_PC)`. Minor units are ISO 4217's (JPY 0,
/// pinned P22). `x` is applied exactly, as given; the caller reads it from
/// [`FxRates`](super::FxRates), which refuses rates not greater than 0.
///
/// ```
/// use csp_core::money::{price_nce_line_fx, Currency, CyclePrice, CycleShare, LineConvention};
/// // 16 EUR a month billed in USD at 1.0842, 10 of 30 days, 3 seats: EUP_exact = 5.333…
/// let price = CyclePrice::new("192".parse().unwrap(), 12, None)?;
/// let share = CycleShare::new(10, 30)?;
/// let usd = (Currency::USD, "1.0842".parse().unwrap());
/// let b = price_nce_line_fx(LineConvention::NceB, &price, Currency::EUR, usd, share, 3, false)?;
/// // B: 5.33 EUR shown; 5.33 × 1.0842 = 5.778786 → 5.77 USD a seat; × 3.
/// assert_eq!((b.effective_unit_price.to_string(), b.subtotal.to_string()), ("5.33".into(), "17.31 USD".into()));
/// let a = price_nce_line_fx(LineConvention::NceA, &price, Currency::EUR, usd, share, 3, false)?;
/// // A: 16/3 × 1.0842 × 3 = 17.3472 → 17.34 USD.
/// assert_eq!(a.subtotal.to_string(), "17.34 USD");
/// # Ok::<(), csp_core::Error>(())
/// ```
///
/// # Errors
/// `invalid_proration` unless `0 < share.num ≤ share.den`; `amount_overflow` when an
/// intermediate leaves i128 or a result does not fit a decimal.
pub fn price_nce_line_fx(
    convention: LineConvention,
    price: &CyclePrice,
    pricing: Currency,
    fx: (Currency, Decimal),
    share: CycleShare,
    quantity: u64,
    refund: bool,
) -> Result<NceLineAmount> {
    share.check()?;
    let eup = effective_unit_price_exact(price, share, refund).map_err(overflow)?;
    let (billing, rate) = fx;
    let fx = Fx {
        rate: Ratio::from_decimal(rate).map_err(overflow)?,
        billing,
    };
    let (effective_unit_price, unit_billing, subtotal) =
        convert_and_truncate(convention, eup, pricing, fx, quantity).map_err(overflow)?;
    Ok(NceLineAmount {
        effective_unit_price,
        unit_billing,
        subtotal,
        quantity,
    })
}

/// `EUP_exact` (SPEC-NCE §14.3), exact.
fn effective_unit_price_exact(
    price: &CyclePrice,
    share: CycleShare,
    refund: bool,
) -> Result<Ratio> {
    let eup = price
        .discounted_cycle_price()?
        .mul_int(i128::from(share.num))?
        .div_int(i128::from(share.den))?;
    if refund {
        eup.neg()
    } else {
        Ok(eup)
    }
}

/// The exchange-rate step of SPEC-NCE §14.4/§16: the rate `x` from the pricing to the billing
/// currency, exact.
struct Fx {
    rate: Ratio,
    billing: Currency,
}

/// `(EUP_shown, unit_BC, subtotal)` of §14.4 from the exact EUP in the pricing currency.
fn convert_and_truncate(
    convention: LineConvention,
    eup: Ratio,
    pricing: Currency,
    fx: Fx,
    quantity: u64,
) -> Result<(Decimal, Decimal, Money)> {
    let trunc = |m: u32| Rounding::clamped(m, RoundingMode::Down);
    let half_up = |m: u32| Rounding::clamped(m, RoundingMode::HalfUp);
    let (m_pc, m_bc) = (pricing.minor_units(), fx.billing.minor_units());
    let q = i128::from(quantity);
    match convention {
        LineConvention::NceB => {
            // EUP_shown = trunc(EUP, m_PC); unit_BC = trunc(EUP_shown × x, m_BC); unit_BC × q.
            let shown = eup.round(trunc(m_pc))?;
            let unit_bc = Ratio::from_decimal(shown)?.mul_ratio(fx.rate)?;
            let unit_bc = unit_bc.round(trunc(m_bc))?;
            let subtotal = Ratio::from_decimal(unit_bc)?
                .mul_int(q)?
                .round(trunc(m_bc))?;
            Ok((shown, unit_bc, Money::new(subtotal, fx.billing)))
        }
        LineConvention::NceA => {
            // subtotal = trunc(EUP × x × q, m_BC); EUP_shown = half_up(EUP, m_PC) for display.
            let shown = eup.round(half_up(m_pc))?;
            let converted = eup.mul_ratio(fx.rate)?;
            let unit_bc = converted.round(half_up(m_bc))?;
            let subtotal = converted.mul_int(q)?.round(trunc(m_bc))?;
            Ok((shown, unit_bc, Money::new(subtotal, fx.billing)))
        }
    }
}

/// Every arithmetic failure of a line is an overflow of the exact types.
fn overflow(_: Error) -> Error {
    Error::AmountOverflow {
        operation: "NCE line price",
    }
}

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_fx;
