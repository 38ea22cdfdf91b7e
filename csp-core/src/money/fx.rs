//! Exchange rates from a pricing currency to a billing currency (SPEC-NCE §16).
//!
//! Rates are caller data: one exact rate `x > 0` per `(pricing currency, billing currency,
//! month)`, kept as written (Microsoft's `PCToBCExchangeRate`). A line uses the rate of the
//! calendar month of its order date, dated that month's 1st (`fx_rate_date`; published E23:
//! an order of 2021-05-20 carries the rate of 2021-05-01). The rate is not locked with the
//! price. Between a currency and itself the rate is 1 without an entry.
//!
//! ```
//! use csp_core::calendar::YearMonth;
//! use csp_core::money::{Currency, FxRates};
//! let may: YearMonth = "2021-05".parse()?;
//! let mut rates = FxRates::new();
//! rates.insert(Currency::EUR, Currency::USD, may, "1.0842".parse().unwrap())?;
//! let day = csp_core::input::date("2021-05-20")?;
//! let fx = rates.for_order_date(Currency::EUR, Currency::USD, day)?;
//! assert_eq!((fx.rate.to_string(), fx.date.to_string()), ("1.0842".into(), "2021-05-01".into()));
//! // The same currency: 1, no entry needed.
//! assert_eq!(rates.for_order_date(Currency::USD, Currency::USD, day)?.rate.to_string(), "1");
//! // No June rate: fx_rate_missing {pc, bc, month}.
//! let june = csp_core::input::date("2021-06-01")?;
//! assert_eq!(rates.for_order_date(Currency::EUR, Currency::USD, june).unwrap_err().code(), "fx_rate_missing");
//! # Ok::<(), csp_core::Error>(())
//! ```

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::Currency;
use crate::calendar::YearMonth;
use crate::error::{Error, Result};

/// A table of exchange rates `(pricing currency, billing currency, month) → x` (SPEC-NCE
/// §16.2). Every rate in it is greater than 0; a rate between a currency and itself is 1.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FxRates {
    rates: BTreeMap<(Currency, Currency, YearMonth), Decimal>,
}

/// The rate one line uses (SPEC-NCE §16.3): `x` from `pricing` to `billing`, and its date,
/// the 1st of the month of the line's order date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineFx {
    /// The pricing currency (the price sheet row's).
    pub pricing: Currency,
    /// The billing currency (the partner's).
    pub billing: Currency,
    /// `x`, exact as given; 1 when the currencies are the same.
    pub rate: Decimal,
    /// The 1st of the month whose rate this is (`fx_rate_date`).
    pub date: NaiveDate,
}

impl LineFx {
    /// Rate 1 into the pricing currency itself, dated the 1st of `order_date`'s month.
    pub fn same(currency: Currency, order_date: NaiveDate) -> LineFx {
        LineFx {
            pricing: currency,
            billing: currency,
            rate: Decimal::ONE,
            date: YearMonth::of(order_date).first_day(),
        }
    }
}

impl FxRates {
    /// An empty table: only rates between a currency and itself (1).
    pub const fn new() -> FxRates {
        FxRates {
            rates: BTreeMap::new(),
        }
    }

    /// A shared empty table, for a caller billed in the pricing currency.
    ///
    /// ```
    /// use csp_core::money::{Currency, FxRates};
    /// assert!(FxRates::empty().is_empty());
    /// assert_eq!(FxRates::empty().rate(Currency::GBP, Currency::GBP, "2024-05".parse()?)?.to_string(), "1");
    /// # Ok::<(), csp_core::Error>(())
    /// ```
    pub fn empty() -> &'static FxRates {
        static EMPTY: FxRates = FxRates::new();
        &EMPTY
    }

    /// Adds the rate of `month` from `pricing` to `billing`.
    ///
    /// # Errors
    /// `fx_rate_invalid` for a rate not greater than 0, or other than 1 when `pricing` and
    /// `billing` are the same currency; `invalid_input` when the table already has a rate for
    /// the same currencies and month (a table is read, never silently overwritten).
    pub fn insert(
        &mut self,
        pricing: Currency,
        billing: Currency,
        month: YearMonth,
        rate: Decimal,
    ) -> Result<()> {
        if rate <= Decimal::ZERO || (pricing == billing && rate != Decimal::ONE) {
            return Err(Error::FxRateInvalid {
                pc: pricing,
                bc: billing,
                month,
                rate: rate.to_string(),
            });
        }
        match self.rates.entry((pricing, billing, month)) {
            std::collections::btree_map::Entry::Occupied(_) => Err(Error::InvalidInput {
                what: "exchange rate",
                text: format!("{pricing} to {billing} for {month}"),
                expected: "one rate per pricing currency, billing currency and month",
            }),
            std::collections::btree_map::Entry::Vacant(v) => {
                v.insert(rate);
                Ok(())
            }
        }
    }

    /// The rate of `month` from `pricing` to `billing`: 1 for the same currency (SPEC-NCE
    /// §16.2).
    ///
    /// # Errors
    /// `fx_rate_missing` when the table has no such rate.
    pub fn rate(&self, pricing: Currency, billing: Currency, month: YearMonth) -> Result<Decimal> {
        if pricing == billing {
            return Ok(Decimal::ONE);
        }
        self.rates
            .get(&(pricing, billing, month))
            .copied()
            .ok_or(Error::FxRateMissing {
                pc: pricing,
                bc: billing,
                month,
            })
    }

    /// The rate a line ordered on `order_date` uses: that calendar month's, dated its 1st
    /// (SPEC-NCE §16.3).
    ///
    /// # Errors
    /// `fx_rate_missing` when the table has no rate for that month.
    pub fn for_order_date(
        &self,
        pricing: Currency,
        billing: Currency,
        order_date: NaiveDate,
    ) -> Result<LineFx> {
        let month = YearMonth::of(order_date);
        Ok(LineFx {
            pricing,
            billing,
            rate: self.rate(pricing, billing, month)?,
            date: month.first_day(),
        })
    }

    /// The number of rates given.
    pub fn len(&self) -> usize {
        self.rates.len()
    }

    /// Whether no rate was given.
    pub fn is_empty(&self) -> bool {
        self.rates.is_empty()
    }

    /// Every rate given: `((pricing, billing, month), x)`, in key order.
    pub fn iter(&self) -> impl Iterator<Item = ((Currency, Currency, YearMonth), Decimal)> + '_ {
        self.rates.iter().map(|(k, v)| (*k, *v))
    }
}

#[cfg(test)]
mod tests;
