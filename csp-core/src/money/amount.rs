//! [`Money`]: an exact decimal amount in one currency (SPEC §1.4).

use std::fmt;

use rust_decimal::Decimal;

use super::{Currency, Rounding, RoundingMode};
use crate::error::{Error, Result};

/// An exact amount of one currency.
///
/// Arithmetic is checked: combining two currencies is `currency_mismatch`, and a result that
/// does not fit 28 significant digits is `amount_overflow`. Nothing here panics.
///
/// ```
/// use csp_core::money::{Currency, Money, RoundingMode};
/// let a = Money::parse("4.00", Currency::USD)?;
/// let b = Money::parse("2.4516", Currency::USD)?;
/// let total = a.checked_add(&b)?;
/// assert_eq!(total.to_string(), "6.4516 USD");
/// assert_eq!(total.round_to_minor(RoundingMode::HalfUp).to_string(), "6.45 USD");
/// # Ok::<(), csp_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Money {
    #[cfg_attr(feature = "serde", serde(with = "crate::input::serde_fields::exact"))]
    amount: Decimal,
    currency: Currency,
}

impl Money {
    /// An amount in a currency (kept exactly as given, with all its decimals).
    pub fn new(amount: Decimal, currency: Currency) -> Money {
        Money { amount, currency }
    }

    /// Zero in a currency.
    pub fn zero(currency: Currency) -> Money {
        Money::new(Decimal::ZERO, currency)
    }

    /// Reads an exact amount such as `"12.34"` or `"-0.5"` (no exponent, no thousands
    /// separators, no `+`) with the one amount reader, [`crate::input::amount`] of kind
    /// [`Exact`](crate::input::AmountKind::Exact). A price, which is never negative, is read
    /// with kind [`Price`](crate::input::AmountKind::Price) instead.
    ///
    /// # Errors
    /// `invalid_input` when the text is not a plain decimal that fits 28 digits.
    pub fn parse(text: &str, currency: Currency) -> Result<Money> {
        let amount = crate::input::amount(text, crate::input::AmountKind::Exact)?;
        Ok(Money::new(amount, currency))
    }

    /// The exact amount.
    pub fn amount(&self) -> Decimal {
        self.amount
    }

    /// The currency.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// Whether the amount is below zero (a credit).
    pub fn is_negative(&self) -> bool {
        self.amount.is_sign_negative() && !self.amount.is_zero()
    }

    /// Whether the amount is zero.
    pub fn is_zero(&self) -> bool {
        self.amount.is_zero()
    }

    fn same_currency(&self, other: &Money) -> Result<()> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(Error::CurrencyMismatch {
                expected: self.currency,
                actual: other.currency,
            })
        }
    }

    /// `self + other`.
    ///
    /// # Errors
    /// `currency_mismatch`, `amount_overflow`.
    pub fn checked_add(&self, other: &Money) -> Result<Money> {
        self.same_currency(other)?;
        let amount = self
            .amount
            .checked_add(other.amount)
            .ok_or(Error::AmountOverflow {
                operation: "addition",
            })?;
        Ok(Money::new(amount, self.currency))
    }

    /// `self − other`.
    ///
    /// # Errors
    /// `currency_mismatch`, `amount_overflow`.
    pub fn checked_sub(&self, other: &Money) -> Result<Money> {
        self.same_currency(other)?;
        let amount = self
            .amount
            .checked_sub(other.amount)
            .ok_or(Error::AmountOverflow {
                operation: "subtraction",
            })?;
        Ok(Money::new(amount, self.currency))
    }

    /// `self × factor` (exact).
    ///
    /// # Errors
    /// `amount_overflow`.
    pub fn checked_mul(&self, factor: Decimal) -> Result<Money> {
        let amount = self
            .amount
            .checked_mul(factor)
            .ok_or(Error::AmountOverflow {
                operation: "multiplication",
            })?;
        Ok(Money::new(amount, self.currency))
    }

    /// `−self`.
    pub fn neg(&self) -> Money {
        Money::new(-self.amount, self.currency)
    }

    /// Rounds with an explicit rounding step.
    pub fn round(&self, rounding: Rounding) -> Money {
        Money::new(rounding.apply(self.amount), self.currency)
    }

    /// Rounds to the currency's minor units (2 for USD, 0 for JPY, 3 for KWD) with `mode`.
    pub fn round_to_minor(&self, mode: RoundingMode) -> Money {
        self.round(Rounding::clamped(self.currency.minor_units(), mode))
    }

    /// The amount as a whole number of the currency's minor units (cents for USD): meant for
    /// an amount already rounded to them (finer digits would be rounded as `Decimal::rescale`
    /// does).
    ///
    /// ```
    /// use csp_core::money::{Currency, Money};
    /// assert_eq!(Money::parse("-3.10", Currency::USD)?.in_minor_units(), -310);
    /// assert_eq!(Money::parse("4", Currency::USD)?.in_minor_units(), 400);
    /// # Ok::<(), csp_core::Error>(())
    /// ```
    pub fn in_minor_units(&self) -> i128 {
        let mut amount = self.amount;
        amount.rescale(self.currency.minor_units());
        amount.mantissa()
    }

    /// Sum of amounts, all in `currency` (the sum of nothing is zero).
    ///
    /// # Errors
    /// `currency_mismatch`, `amount_overflow`.
    pub fn sum<'a, I: IntoIterator<Item = &'a Money>>(
        currency: Currency,
        items: I,
    ) -> Result<Money> {
        items
            .into_iter()
            .try_fold(Money::zero(currency), |acc, m| acc.checked_add(m))
    }
}

impl fmt::Display for Money {
    /// `"12.34 USD"`, with the amount's own decimals.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}
