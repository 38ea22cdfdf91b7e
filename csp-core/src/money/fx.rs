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
mod tests {
    use super::*;

    fn month(s: &str) -> YearMonth {
        s.parse().unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn e23_an_order_of_may_20_uses_the_rate_dated_may_1() {
        let mut rates = FxRates::new();
        rates
            .insert(
                Currency::EUR,
                Currency::USD,
                month("2021-05"),
                "1.2".parse().unwrap(),
            )
            .unwrap();
        rates
            .insert(
                Currency::EUR,
                Currency::USD,
                month("2021-06"),
                "1.3".parse().unwrap(),
            )
            .unwrap();
        let fx = rates
            .for_order_date(Currency::EUR, Currency::USD, day("2021-05-20"))
            .unwrap();
        assert_eq!(fx.date, day("2021-05-01"));
        assert_eq!(fx.rate, "1.2".parse::<Decimal>().unwrap());
        // The last and first days of a month take their own month's rate.
        let may31 = rates
            .for_order_date(Currency::EUR, Currency::USD, day("2021-05-31"))
            .unwrap();
        let june1 = rates
            .for_order_date(Currency::EUR, Currency::USD, day("2021-06-01"))
            .unwrap();
        assert_eq!(
            (may31.date, may31.rate.to_string()),
            (day("2021-05-01"), "1.2".into())
        );
        assert_eq!(
            (june1.date, june1.rate.to_string()),
            (day("2021-06-01"), "1.3".into())
        );
    }

    #[test]
    fn a_rate_is_kept_as_written() {
        let mut rates = FxRates::new();
        rates
            .insert(
                Currency::EUR,
                Currency::USD,
                month("2024-05"),
                "1.084200".parse().unwrap(),
            )
            .unwrap();
        let x = rates
            .rate(Currency::EUR, Currency::USD, month("2024-05"))
            .unwrap();
        assert_eq!(x.to_string(), "1.084200");
    }

    #[test]
    fn same_currency_is_one_without_an_entry() {
        let rates = FxRates::new();
        let fx = rates
            .for_order_date(Currency::JPY, Currency::JPY, day("2022-02-14"))
            .unwrap();
        assert_eq!((fx.rate, fx.date), (Decimal::ONE, day("2022-02-01")));
        assert_eq!(fx, LineFx::same(Currency::JPY, day("2022-02-14")));
    }

    #[test]
    fn a_missing_rate_names_the_currencies_and_the_month() {
        let mut rates = FxRates::new();
        rates
            .insert(
                Currency::EUR,
                Currency::USD,
                month("2024-05"),
                "1.0842".parse().unwrap(),
            )
            .unwrap();
        let e = rates
            .for_order_date(Currency::EUR, Currency::USD, day("2024-06-03"))
            .unwrap_err();
        assert_eq!(
            e,
            Error::FxRateMissing {
                pc: Currency::EUR,
                bc: Currency::USD,
                month: month("2024-06"),
            }
        );
        assert_eq!(e.code(), "fx_rate_missing");
        assert_eq!(e.family(), "money");
        let ctx: Vec<(&str, String)> = e
            .context()
            .into_iter()
            .map(|(k, v)| (k, v.to_string()))
            .collect();
        assert_eq!(
            ctx,
            [
                ("pc", "EUR".to_string()),
                ("bc", "USD".to_string()),
                ("month", "2024-06".to_string())
            ]
        );
        // The other direction is another rate.
        let back = rates.rate(Currency::USD, Currency::EUR, month("2024-05"));
        assert_eq!(back.unwrap_err().code(), "fx_rate_missing");
    }

    #[test]
    fn a_rate_of_zero_or_less_is_refused() {
        let mut rates = FxRates::new();
        for text in ["0", "0.0000", "-1.08"] {
            let e = rates
                .insert(
                    Currency::EUR,
                    Currency::USD,
                    month("2024-05"),
                    text.parse().unwrap(),
                )
                .unwrap_err();
            assert_eq!(e.code(), "fx_rate_invalid", "{text}");
            assert_eq!(e.family(), "money");
        }
        assert!(rates.is_empty());
        let e = rates
            .insert(
                Currency::USD,
                Currency::USD,
                month("2024-05"),
                "1.1".parse().unwrap(),
            )
            .unwrap_err();
        assert_eq!(e.code(), "fx_rate_invalid");
        assert!(rates
            .insert(Currency::USD, Currency::USD, month("2024-05"), Decimal::ONE)
            .is_ok());
    }

    #[test]
    fn a_second_rate_for_one_month_is_refused() {
        let mut rates = FxRates::new();
        let may = month("2024-05");
        rates
            .insert(Currency::EUR, Currency::USD, may, "1.08".parse().unwrap())
            .unwrap();
        let e = rates
            .insert(Currency::EUR, Currency::USD, may, "1.09".parse().unwrap())
            .unwrap_err();
        assert_eq!(e.code(), "invalid_input");
        assert_eq!(
            rates
                .rate(Currency::EUR, Currency::USD, may)
                .unwrap()
                .to_string(),
            "1.08"
        );
        assert_eq!(rates.len(), 1);
    }
}
