//! The one reader of amount text: prices, fees, percentages, tax rates and exact amounts
//! (SPEC §1.4).

use rust_decimal::Decimal;

use crate::error::{Error, Result};

/// The most decimals a price, fee, percentage or rate may be written with.
///
/// Microsoft's price files write at most 4; a line's unit is shown with up to 6 (SPEC §10.15).
/// More is refused rather than rounded: a 30-decimal price is a broken export, not a price.
pub const MAX_DECIMALS: u32 = 6;

/// What an amount text stands for: it decides the sign, the decimals and the range accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountKind {
    /// A price, fee or resale price per unit: at least 0, at most [`MAX_DECIMALS`] decimals.
    Price,
    /// A percentage (a markup, a discount): at least 0, at most [`MAX_DECIMALS`] decimals.
    Percent,
    /// A tax rate as a fraction: `0.0875` for 8.75 %; at least 0 and below 1, at most
    /// [`MAX_DECIMALS`] decimals. `8.75` is refused with a message saying to write `0.0875`.
    TaxRate,
    /// An exact amount as the library writes one (a computed line, a credit, a total): any
    /// sign (`-` only), up to the 28 significant digits of an exact decimal.
    Exact,
}

/// Why a text is not an amount of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountProblem {
    /// Empty or only spaces.
    Empty,
    /// Not `digits[.digits]`: an exponent, a separator, a letter, a `+`, a bare point.
    NotPlain,
    /// A `-` where the kind is never negative.
    Negative,
    /// More decimals than [`MAX_DECIMALS`].
    TooManyDecimals,
    /// More digits than an exact decimal holds (28 significant digits).
    TooManyDigits,
    /// Outside the kind's range (a tax rate of 1 or more).
    OutOfRange,
}

impl AmountKind {
    /// What the value is called in messages.
    pub fn what(self) -> &'static str {
        match self {
            AmountKind::Price => "price",
            AmountKind::Percent => "percentage",
            AmountKind::TaxRate => "tax rate",
            AmountKind::Exact => "amount",
        }
    }

    /// The accepted form, and how to fix a text refused for `problem`.
    pub fn expected(self, problem: AmountProblem) -> &'static str {
        use AmountKind as K;
        use AmountProblem as P;
        match (self, problem) {
            (K::TaxRate, P::OutOfRange) => {
                "a fraction below 1, e.g. 0.0875 for 8.75 % (write the rate as a fraction, not a percentage)"
            }
            (K::TaxRate, P::Negative) => "a fraction from 0 to below 1, e.g. 0.0875 (a tax rate is never negative)",
            (K::Price, P::Negative) => "a price of at least 0 such as 12.34 (a price or fee is never negative)",
            (K::Percent, P::Negative) => "a percentage of at least 0 such as 15 for 15 %",
            (K::Exact, P::TooManyDigits) | (_, P::TooManyDigits) => {
                "a plain decimal of at most 28 significant digits (the text is too long)"
            }
            (K::Exact, _) => "a plain decimal such as 12.34 or -0.50 (digits, one optional point, no exponent or separators; quote JSON amounts as strings)",
            (_, P::TooManyDecimals) => "at most 6 decimals, e.g. 12.345678 (round the value where it was exported)",
            (K::TaxRate, _) => "a fraction written as plain decimal text such as 0.0875 (no exponent, no separators, no sign)",
            (K::Percent, _) => "a percentage written as plain decimal text such as 15 or 12.5 (no exponent, no separators, no sign)",
            (K::Price, _) => "a price written as plain decimal text such as 12.34 (no exponent, no thousands separators, no sign)",
        }
    }
}

/// Reads an amount text of a kind, or says why it is not one.
///
/// The text may have surrounding spaces; inside them it is `digits[.digits]`, with a leading
/// `-` only for [`AmountKind::Exact`]. The value keeps the decimals as written (`4.00` has
/// scale 2).
pub fn read_amount(text: &str, kind: AmountKind) -> std::result::Result<Decimal, AmountProblem> {
    // The fast path of price files: unsigned digits with an optional point, ≤ 19 digits.
    match crate::money::unsigned_digits(text) {
        Some(d) => in_range(d, kind),
        None => general(text, kind),
    }
}

/// [`read_amount`] for every form it reads (the reference of its fast path).
pub(crate) fn general(text: &str, kind: AmountKind) -> std::result::Result<Decimal, AmountProblem> {
    let t = text.trim();
    if t.is_empty() {
        return Err(AmountProblem::Empty);
    }
    let (negative, unsigned) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !fraction.is_none_or(digits) {
        return Err(AmountProblem::NotPlain);
    }
    if negative && kind != AmountKind::Exact {
        return Err(AmountProblem::Negative);
    }
    let significant = whole.trim_start_matches('0').len() + fraction.map_or(0, str::len);
    if significant > 28 || fraction.map_or(0, str::len) > 28 {
        return Err(AmountProblem::TooManyDigits);
    }
    let d = Decimal::from_str_exact(t).map_err(|_| AmountProblem::TooManyDigits)?;
    in_range(d, kind)
}

fn in_range(d: Decimal, kind: AmountKind) -> std::result::Result<Decimal, AmountProblem> {
    if kind != AmountKind::Exact && d.scale() > MAX_DECIMALS {
        return Err(AmountProblem::TooManyDecimals);
    }
    if kind == AmountKind::TaxRate && d >= Decimal::ONE {
        return Err(AmountProblem::OutOfRange);
    }
    Ok(d)
}

/// Reads an amount text of a kind (see [`read_amount`]).
///
/// # Errors
/// `invalid_input` naming the kind, the text and the accepted form, e.g.
/// `invalid tax rate "8.75": expected a fraction below 1, e.g. 0.0875 for 8.75 % (…)`.
pub fn amount(text: &str, kind: AmountKind) -> Result<Decimal> {
    read_amount(text, kind).map_err(|problem| Error::InvalidInput {
        what: kind.what(),
        text: text.to_string(),
        expected: kind.expected(problem),
    })
}
