//! Explicit rounding: a scale and a mode, named at every rounding site (SPEC §1.5, §6.4).

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::error::{Error, Result};

/// How a value exactly between two candidates (or any value, for `Down`) is rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum RoundingMode {
    /// Half away from zero: 0.125 → 0.13, −0.125 → −0.13 (commercial rounding).
    HalfUp,
    /// Half to even (banker's rounding): 0.125 → 0.12, 0.135 → 0.14.
    HalfEven,
    /// Toward zero (truncation): 0.129 → 0.12, −0.129 → −0.12.
    Down,
}

impl RoundingMode {
    /// The snake_case name used in files and bindings (`half_up`, `half_even`, `down`).
    pub fn as_str(&self) -> &'static str {
        match self {
            RoundingMode::HalfUp => "half_up",
            RoundingMode::HalfEven => "half_even",
            RoundingMode::Down => "down",
        }
    }

    pub(crate) fn strategy(self) -> RoundingStrategy {
        match self {
            RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundingMode::Down => RoundingStrategy::ToZero,
        }
    }
}

impl fmt::Display for RoundingMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for RoundingMode {
    type Err = Error;
    /// Reads `half_up`, `half_even` or `down` (case-insensitive, `-` accepted for `_`).
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "half_up" => Ok(RoundingMode::HalfUp),
            "half_even" => Ok(RoundingMode::HalfEven),
            "down" => Ok(RoundingMode::Down),
            _ => Err(Error::InvalidInput {
                what: "rounding mode",
                text: s.to_string(),
                expected: "half_up, half_even or down",
            }),
        }
    }
}

/// A rounding step: round to `scale` decimal places with `mode`.
///
/// ```
/// use csp_core::money::{Rounding, RoundingMode};
/// let cents = Rounding::new(2, RoundingMode::HalfEven)?;
/// assert_eq!(cents.apply("5.005".parse().unwrap()).to_string(), "5.00");
/// assert_eq!(Rounding::new(2, RoundingMode::HalfUp)?.apply("5.005".parse().unwrap()).to_string(), "5.01");
/// assert_eq!(Rounding::new(2, RoundingMode::Down)?.apply("4".parse().unwrap()).to_string(), "4.00");
/// # Ok::<(), csp_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "RoundingRepr", into = "RoundingRepr")
)]
pub struct Rounding {
    scale: u32,
    mode: RoundingMode,
}

/// The largest scale a [`Decimal`] can hold.
pub(crate) const MAX_SCALE: u32 = 28;

impl Rounding {
    /// A rounding step.
    ///
    /// # Errors
    /// `invalid_rounding` when `scale > 28`.
    pub fn new(scale: u32, mode: RoundingMode) -> Result<Rounding> {
        if scale > MAX_SCALE {
            return Err(Error::InvalidRounding { scale });
        }
        Ok(Rounding { scale, mode })
    }

    /// `mode` to `scale` places, with scales above 28 clamped to 28 (never fails).
    pub fn clamped(scale: u32, mode: RoundingMode) -> Rounding {
        Rounding {
            scale: scale.min(MAX_SCALE),
            mode,
        }
    }

    /// Number of decimal places kept.
    pub fn scale(&self) -> u32 {
        self.scale
    }

    /// The rounding mode.
    pub fn mode(&self) -> RoundingMode {
        self.mode
    }

    /// Rounds a decimal. The result is written with exactly `scale` decimals (`4` → `4.00`)
    /// whenever that fits.
    pub fn apply(&self, value: Decimal) -> Decimal {
        let r = value.round_dp_with_strategy(self.scale, self.mode.strategy());
        pad_scale(r, self.scale)
    }
}

/// `value` written with exactly `scale` decimals (`4` → `4.00`) when that fits; else unchanged.
pub(crate) fn pad_scale(value: Decimal, scale: u32) -> Decimal {
    if value.scale() >= scale {
        return value;
    }
    10i128
        .checked_pow(scale - value.scale())
        .and_then(|f| value.mantissa().checked_mul(f))
        .and_then(|m| Decimal::try_from_i128_with_scale(m, scale).ok())
        .unwrap_or(value)
}

impl fmt::Display for Rounding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} to {} places", self.mode, self.scale)
    }
}

#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
struct RoundingRepr {
    scale: u32,
    mode: RoundingMode,
}

impl TryFrom<RoundingRepr> for Rounding {
    type Error = Error;
    fn try_from(r: RoundingRepr) -> Result<Self> {
        Rounding::new(r.scale, r.mode)
    }
}

impl From<Rounding> for RoundingRepr {
    fn from(r: Rounding) -> Self {
        RoundingRepr {
            scale: r.scale,
            mode: r.mode,
        }
    }
}
