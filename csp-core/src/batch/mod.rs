//! Seat changes in volume, priced and totalled per customer (SPEC §5, §6.1, §6.2, §6.4).
//!
//! Seat changes in volume: one prorated line per change, priced from a price book, with
//! totals per customer — the work a finance team runs over millions of subscription lines
//! (SPEC §5, §6.1, §6.2, §6.4).
//!
//! Each row is a [`SeatChange`]: `quantity` seats added (negative: removed) on `change_date`
//! to a subscription whose term started on `term_start`. The price is the list price in force
//! on `term_start` (locked for the term, read as of that date), the term is the program's
//! length from `term_start`, the charge period is the one holding `change_date` (the whole
//! term for annual billing, a month for monthly billing),
//! and the line is that period's share from `change_date` to its last day, rounded by the
//! [`ProrationPolicy`]. With annual billing that is the change's cost to the term end.
//!
//! The same rows replayed as subscriptions give the same amounts: this is the charges
//! engine's proration, without the event history.
//!
//! Two ways in, one kernel underneath:
//! - [`SeatChangePricer`]: one row at a time, with strings and dates (below);
//! - [`SeatKernel::run`]: columns ([`SeatColumns`]) of dense customer and offer ids
//!   ([`Interner`], Arrow dictionary keys) and day numbers ([`crate::calendar::epoch_day`]),
//!   totals in a [`DenseTotals`] by customer id — what the Python and WASM batches call, and
//!   the fast path for millions of rows (`benches/RESULTS.md`).
//!
//! ```
//! use chrono::NaiveDate;
//! use csp_core::batch::{SeatChange, SeatChangePricer};
//! use csp_core::money::{Currency, ProrationPolicy};
//! use csp_core::price_list::{PriceBook, PriceList};
//! use csp_core::program::Program;
//! use csp_core::subscription::BillingFrequency;
//!
//! let csv = "Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,List Price,ERP Price\n\
//!            E3,Office 365 Enterprise E3,Corporate,Non-specific,17.60,22.00\n";
//! let mut book = PriceBook::new(Currency::USD);
//! book.add(PriceList::from_legacy_csv(csv, "2016-01".parse()?, Currency::USD)?)?;
//! let day = |m, d| NaiveDate::from_ymd_opt(2016, m, d).unwrap();
//!
//! let program = Program::legacy_2015();
//! let mut pricer = SeatChangePricer::new(&book, &program, ProrationPolicy::default());
//! // 2 seats added on 5 December to an annual subscription started 6 January 2016: the term
//! // 2016-01-06 – 2017-01-05 has 366 days, 32 of them left: 12 × 17.60 × 2 × 32 / 366
//! // = 36.9311… → 36.93.
//! let line = pricer.price(&SeatChange {
//!     customer: "fabrikam",
//!     offer: "E3",
//!     quantity: 2,
//!     term_start: day(1, 6),
//!     change_date: day(12, 5),
//!     frequency: BillingFrequency::Annual,
//! })?;
//! assert_eq!(line.amount.to_string(), "36.93 USD");
//! assert_eq!((line.days, line.period_days), (32, 366));
//! # Ok::<(), csp_core::Error>(())
//! ```

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::calendar::{epoch_day, from_epoch_day, Period};
use crate::error::{Error, Result};
use crate::money::{Currency, Money, ProrationPolicy};
use crate::price_list::PriceBook;
use crate::program::Program;
use crate::subscription::BillingFrequency;

mod columns;
mod hash;
mod kernel;
mod minor;
mod starts;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_columns;
#[cfg(test)]
mod tests_flat;

pub use columns::{DenseTotals, Frequencies, LineColumns, SeatColumns};
pub(crate) use hash::FxMap;
pub use hash::Interner;
pub use kernel::{DenseLine, SeatKernel};
pub use minor::ProrationColumns;

/// One row of a volume table: a seat change on a subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeatChange<'a> {
    /// The customer, for the totals.
    pub customer: &'a str,
    /// The offer id as in the price list (matched case-insensitively, as price lists are).
    pub offer: &'a str,
    /// Seats added (positive) or removed (negative, a credit); never 0.
    pub quantity: i64,
    /// The subscription's order date: the term is `[term_start, add_months(term_start, n) − 1]`
    /// with the program's term length `n` (12), and the price is the list price in force on
    /// this date.
    pub term_start: NaiveDate,
    /// The date of the change, inside the term.
    pub change_date: NaiveDate,
    /// Monthly or annual billing: a charge period of one month or the whole term.
    pub frequency: BillingFrequency,
}

/// The prorated line of one [`SeatChange`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeatCharge {
    /// The line amount, rounded by the policy to the currency's minor units.
    pub amount: Money,
    /// The days charged: `[change_date, last day of the charge period]`.
    pub service_period: Period,
    /// The charge period holding the change.
    pub charge_period: Period,
    /// Days charged.
    pub days: u32,
    /// Days of the charge period.
    pub period_days: u32,
    /// The price of one seat for the whole charge period (list price × 1 or 12).
    pub period_price: Decimal,
    /// The one-seat amount as the policy shows it (see [`crate::money::Proration::unit`]).
    pub unit: Decimal,
}

/// Prices [`SeatChange`]s one at a time, with strings and dates: interns the offer, turns
/// the dates into day numbers and runs the batch's [`SeatKernel`], so that a million rows
/// look each price and each term start up once.
#[derive(Debug)]
pub struct SeatChangePricer<B> {
    kernel: SeatKernel<B>,
}

impl<B: std::ops::Deref<Target = PriceBook>> SeatChangePricer<B> {
    /// A pricer over `book` with the `program`'s term length and `policy`.
    pub fn new(book: B, program: &Program, policy: ProrationPolicy) -> SeatChangePricer<B> {
        SeatChangePricer {
            kernel: SeatKernel::new(book, program, policy),
        }
    }

    /// The currency of every amount.
    pub fn currency(&self) -> Currency {
        self.kernel.currency()
    }

    /// The prorated line of `change`.
    ///
    /// # Errors
    /// `invalid_quantity` for 0 seats or more than [`crate::input::MAX_SEATS`] either way;
    /// `date_outside_term` when `change_date` is outside the
    /// term; the price book's errors for `term_start` (`no_price_list_in_force`,
    /// `offer_not_in_price_list`); `amount_overflow`.
    pub fn price(&mut self, change: &SeatChange<'_>) -> Result<SeatCharge> {
        crate::input::seat_change(change.quantity, || {
            format!("{} / {}", change.customer, change.offer)
        })?;
        let offer = self.kernel.offer(change.offer)?;
        let line = self.kernel.line(
            offer,
            change.quantity,
            epoch_day(change.term_start),
            epoch_day(change.change_date),
            change.frequency,
        )?;
        let currency = self.kernel.currency();
        let amount = Decimal::try_from_i128_with_scale(line.amount, currency.minor_units())
            .map_err(|_| Error::AmountOverflow {
                operation: "batch line",
            })?;
        let period_price = Money::new(line.period_price()?, currency);
        let unit = self
            .kernel
            .policy()
            .prorate(&period_price, 1, line.days, line.period_days)?
            .unit;
        let charge_last = from_epoch_day(line.service_last)?;
        Ok(SeatCharge {
            amount: Money::new(amount, currency),
            service_period: Period::new(change.change_date, charge_last)?,
            charge_period: Period::new(from_epoch_day(line.charge_first)?, charge_last)?,
            days: line.days,
            period_days: line.period_days,
            period_price: period_price.amount(),
            unit,
        })
    }
}

/// The totals of a batch per customer, in the order customers first appear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerTotals {
    currency: Currency,
    index: FxMap<String, usize>,
    rows: Vec<CustomerTotal>,
}

/// One customer's total in a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerTotal {
    /// The customer.
    pub customer: String,
    /// Rows of this customer.
    pub lines: u64,
    /// Sum of the rounded line amounts.
    pub total: Money,
}

impl CustomerTotals {
    /// No totals yet, in `currency`.
    pub fn new(currency: Currency) -> CustomerTotals {
        CustomerTotals {
            currency,
            index: FxMap::default(),
            rows: Vec::new(),
        }
    }

    /// Adds a line of `customer`.
    ///
    /// # Errors
    /// `currency_mismatch`; `amount_overflow`.
    pub fn add(&mut self, customer: &str, amount: &Money) -> Result<()> {
        let i = match self.index.get(customer) {
            Some(i) => *i,
            None => {
                self.rows.push(CustomerTotal {
                    customer: customer.to_string(),
                    lines: 0,
                    total: Money::zero(self.currency),
                });
                self.index.insert(customer.to_string(), self.rows.len() - 1);
                self.rows.len() - 1
            }
        };
        if let Some(row) = self.rows.get_mut(i) {
            row.total = row.total.checked_add(amount)?;
            row.lines += 1;
        }
        Ok(())
    }

    /// The totals, in the order customers first appeared.
    pub fn rows(&self) -> &[CustomerTotal] {
        &self.rows
    }

    /// The grand total.
    ///
    /// # Errors
    /// `amount_overflow`.
    pub fn grand_total(&self) -> Result<Money> {
        Money::sum(self.currency, self.rows.iter().map(|r| &r.total))
    }
}

/// A refused row of a batch: its 0-based index and the error.
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    /// 0-based index of the row in the input.
    pub row: usize,
    /// Why it was refused.
    pub error: Error,
}

impl std::fmt::Display for RowError {
    /// `row 3: <the error's message>`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "row {}: {}", self.row, self.error)
    }
}

/// Every line of `changes` and the totals per customer; the first refused row stops the
/// batch (nothing is returned for it).
///
/// # Errors
/// The first refused row, with its index (see [`SeatChangePricer::price`]).
pub fn prorate_seat_changes<'a, I>(
    book: &PriceBook,
    program: &Program,
    policy: ProrationPolicy,
    changes: I,
) -> std::result::Result<(Vec<SeatCharge>, CustomerTotals), RowError>
where
    I: IntoIterator<Item = SeatChange<'a>>,
{
    let mut pricer = SeatChangePricer::new(book, program, policy);
    let mut totals = CustomerTotals::new(book.currency());
    let mut lines = Vec::new();
    for (row, change) in changes.into_iter().enumerate() {
        let line = pricer
            .price(&change)
            .and_then(|line| totals.add(change.customer, &line.amount).map(|()| line))
            .map_err(|error| RowError { row, error })?;
        lines.push(line);
    }
    Ok((lines, totals))
}
