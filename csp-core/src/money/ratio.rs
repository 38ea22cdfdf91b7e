//! Exact rational arithmetic on i128, for rounding `a × b / c` exactly once (SPEC §6.4).
//!
//! `rust_decimal` divides to 28 significant digits, which gets ties wrong (10.01 × 15 / 30 is
//! exactly 5.005, and a quotient cut to 28 digits can land on either side). A [`Ratio`] keeps
//! numerator and denominator as integers and rounds only when asked.

use rust_decimal::Decimal;

use super::rounding::Rounding;
use super::RoundingMode;
use crate::error::{Error, Result};

/// An exact fraction `num / den` with `den > 0`, kept in lowest terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ratio {
    num: i128,
    den: i128,
}

const OVERFLOW: Error = Error::AmountOverflow {
    operation: "exact proration",
};

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

pub(crate) fn pow10(exp: u32) -> Result<i128> {
    10i128.checked_pow(exp).ok_or(OVERFLOW)
}

impl Ratio {
    /// The exact value of a decimal.
    pub(crate) fn from_decimal(d: Decimal) -> Result<Ratio> {
        let d = d.normalize();
        Ratio::new(d.mantissa(), pow10(d.scale())?)
    }

    /// `num / den`, reduced. `den` must not be zero.
    pub(crate) fn new(num: i128, den: i128) -> Result<Ratio> {
        if den == 0 {
            return Err(OVERFLOW);
        }
        let (num, den) = if den < 0 {
            (
                num.checked_neg().ok_or(OVERFLOW)?,
                den.checked_neg().ok_or(OVERFLOW)?,
            )
        } else {
            (num, den)
        };
        let g = gcd(num, den).max(1);
        Ok(Ratio {
            num: num / g,
            den: den / g,
        })
    }

    /// `self × k`.
    pub(crate) fn mul_int(self, k: i128) -> Result<Ratio> {
        // Reduce k against the denominator first to keep numbers small.
        let g = gcd(k, self.den).max(1);
        let num = self.num.checked_mul(k / g).ok_or(OVERFLOW)?;
        Ratio::new(num, self.den / g)
    }

    /// `self / k`, `k ≠ 0`.
    pub(crate) fn div_int(self, k: i128) -> Result<Ratio> {
        if k == 0 {
            return Err(OVERFLOW);
        }
        let g = gcd(self.num, k).max(1);
        let den = self.den.checked_mul(k / g).ok_or(OVERFLOW)?;
        Ratio::new(self.num / g, den)
    }

    /// `self × other`.
    pub(crate) fn mul_ratio(self, other: Ratio) -> Result<Ratio> {
        let a = Ratio::new(self.num, other.den)?;
        let b = Ratio::new(other.num, self.den)?;
        Ratio::new(
            a.num.checked_mul(b.num).ok_or(OVERFLOW)?,
            a.den.checked_mul(b.den).ok_or(OVERFLOW)?,
        )
    }

    /// `−self`.
    pub(crate) fn neg(self) -> Result<Ratio> {
        Ratio::new(self.num.checked_neg().ok_or(OVERFLOW)?, self.den)
    }

    /// `1 / self` (`self ≠ 0`).
    pub(crate) fn recip(self) -> Result<Ratio> {
        Ratio::new(self.den, self.num)
    }

    /// Rounds to `rounding.scale()` places with its mode; the result has exactly that scale.
    pub(crate) fn round(self, rounding: Rounding) -> Result<Decimal> {
        let scaled = self.mul_int(pow10(rounding.scale())?)?;
        let q = div_round(scaled.num, scaled.den, rounding.mode());
        Decimal::try_from_i128_with_scale(q, rounding.scale()).map_err(|_| OVERFLOW)
    }

    /// The exact value as a decimal, when it has a finite decimal expansion that fits.
    pub(crate) fn to_decimal_exact(self) -> Option<Decimal> {
        for scale in 0..=super::rounding::MAX_SCALE {
            let r = self.mul_int(pow10(scale).ok()?).ok()?;
            if r.den == 1 {
                return Decimal::try_from_i128_with_scale(r.num, scale).ok();
            }
        }
        None
    }

    /// Sum of two ratios.
    #[cfg(test)]
    pub(crate) fn add(self, other: Ratio) -> Result<Ratio> {
        let den = self.den.checked_mul(other.den).ok_or(OVERFLOW)?;
        let a = self.num.checked_mul(other.den).ok_or(OVERFLOW)?;
        let b = other.num.checked_mul(self.den).ok_or(OVERFLOW)?;
        Ratio::new(a.checked_add(b).ok_or(OVERFLOW)?, den)
    }
}

/// `round(price × factor × 10^scale / (10^price_scale × divisor))` in one exact integer
/// division: the whole of an exact proration (`P × days × q / D` at the currency's minor
/// units) without any intermediate fraction. The fast path of the default policy; equal to
/// the [`Ratio`] path by construction, and property-tested against it.
pub(crate) fn round_scaled_product(
    price: Decimal,
    factor: i128,
    divisor: i128,
    rounding: Rounding,
) -> Result<Decimal> {
    if divisor <= 0 {
        return Err(OVERFLOW);
    }
    let num = price
        .mantissa()
        .checked_mul(factor)
        .and_then(|n| n.checked_mul(pow10(rounding.scale()).ok()?))
        .ok_or(OVERFLOW)?;
    let den = pow10(price.scale())?.checked_mul(divisor).ok_or(OVERFLOW)?;
    let q = div_round(num, den, rounding.mode());
    Decimal::try_from_i128_with_scale(q, rounding.scale()).map_err(|_| OVERFLOW)
}

/// `num / den` rounded to an integer by `mode` (`den > 0`), for one integer type: the
/// quotient truncates toward zero, then the remainder decides (`|r| < den`, so `den − |r|`
/// never overflows).
macro_rules! div_round_impl {
    ($name:ident, $t:ty) => {
        #[inline(always)]
        pub(crate) fn $name(num: $t, den: $t, mode: RoundingMode) -> $t {
            let (q, r) = (num / den, num % den);
            if r == 0 {
                return q;
            }
            let away = if num < 0 { q - 1 } else { q + 1 };
            let r_abs = r.abs();
            let rest = den - r_abs; // distance to the next integer away from zero, scaled
            match mode {
                RoundingMode::Down => q,
                RoundingMode::HalfUp => {
                    if r_abs >= rest {
                        away
                    } else {
                        q
                    }
                }
                RoundingMode::HalfEven => {
                    if r_abs > rest || (r_abs == rest && q % 2 != 0) {
                        away
                    } else {
                        q
                    }
                }
            }
        }
    };
}

div_round_impl!(div_round_i64, i64);
div_round_impl!(div_round_i128, i128);

/// `num / den` rounded by `mode` (`den > 0`). Both usually fit 64 bits (a seat line in
/// cents): a 64-bit division is several times cheaper than a 128-bit one, and gives the
/// same quotient and remainder.
#[inline]
pub(crate) fn div_round(num: i128, den: i128, mode: RoundingMode) -> i128 {
    match (i64::try_from(num), i64::try_from(den)) {
        (Ok(n), Ok(d)) if n != i64::MIN => i128::from(div_round_i64(n, d, mode)),
        _ => div_round_i128(num, den, mode),
    }
}
