//! Many prorations at once over plain columns in minor units (SPEC §6.2, §6.4): what a
//! binding's typed arrays carry when each row already knows its period price and days.

use rust_decimal::Decimal;

use super::RowError;
use crate::error::{Error, Result};
use crate::money::{Currency, Money, ProrationPolicy};

/// Rows of "`quantity` seats for `days_billed` of `days_in_period` days at `period_price`",
/// as columns of the same length, the prices in minor units of the currency (cents).
///
/// ```
/// use csp_core::batch::ProrationColumns;
/// use csp_core::money::{Currency, ProrationPolicy};
/// // 4.00 a month, 1 seat for 19 of 31 days: 4 × 19 / 31 = 2.4516… → 2.45; and a credit
/// // of 2 seats for 12 of 31 days: −4 × 12 × 2 / 31 = −3.0967… → −3.10.
/// let rows = ProrationColumns::new(&[400, 400], &[1, -2], &[19, 12], &[31, 31])?;
/// let cents = rows.prorate(Currency::USD, ProrationPolicy::default()).unwrap();
/// assert_eq!(cents, [245, -310]);
/// # Ok::<(), csp_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct ProrationColumns<'a> {
    period_prices: &'a [i64],
    quantities: &'a [i32],
    days_billed: &'a [u32],
    days_in_period: &'a [u32],
}

impl<'a> ProrationColumns<'a> {
    /// The rows of four columns.
    ///
    /// # Errors
    /// `invalid_column` naming the first column whose length differs from `period_prices`'.
    pub fn new(
        period_prices: &'a [i64],
        quantities: &'a [i32],
        days_billed: &'a [u32],
        days_in_period: &'a [u32],
    ) -> Result<ProrationColumns<'a>> {
        let n = period_prices.len();
        let lengths = [
            ("quantities", quantities.len()),
            ("daysBilled", days_billed.len()),
            ("daysInPeriod", days_in_period.len()),
        ];
        if let Some((column, len)) = lengths.into_iter().find(|(_, len)| *len != n) {
            return Err(Error::column_length(column, len, n));
        }
        Ok(ProrationColumns {
            period_prices,
            quantities,
            days_billed,
            days_in_period,
        })
    }

    /// Each row's amount in minor units, rounded by `policy`
    /// ([`ProrationPolicy::prorate`]).
    ///
    /// # Errors
    /// The first refused row with its index: `invalid_proration`, `amount_overflow` (also
    /// for an amount beyond 64 bits of minor units).
    pub fn prorate(
        &self,
        currency: Currency,
        policy: ProrationPolicy,
    ) -> std::result::Result<Vec<i64>, RowError> {
        let scale = currency.minor_units();
        let rows = self
            .period_prices
            .iter()
            .zip(self.quantities)
            .zip(self.days_billed)
            .zip(self.days_in_period);
        let mut out = Vec::with_capacity(self.period_prices.len());
        for (row, (((price, q), billed), days)) in rows.enumerate() {
            let price = Money::new(Decimal::new(*price, scale), currency);
            let minor = policy
                .prorate(&price, i64::from(*q), *billed, *days)
                .and_then(|p| {
                    i64::try_from(p.amount.in_minor_units()).map_err(|_| Error::AmountOverflow {
                        operation: "minor units",
                    })
                })
                .map_err(|error| RowError { row, error })?;
            out.push(minor);
        }
        Ok(out)
    }
}
