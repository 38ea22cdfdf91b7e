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

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::calendar::{add_days, add_months, days_between, Period};
use crate::catalog::OfferId;
use crate::error::{Error, Result};
use crate::money::{Currency, Money, ProrationPolicy};
use crate::price_list::PriceBook;
use crate::program::Program;
use crate::subscription::BillingFrequency;

#[cfg(test)]
mod tests;

/// A fast non-cryptographic hasher (the Fx algorithm) for the batch's own lookup tables:
/// their keys are the caller's offers, dates and customers, so flooding is not a concern,
/// and SipHash would cost more than the proration itself.
#[derive(Debug, Default, Clone, Copy)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.add(u64::from_le_bytes(word));
        }
        for b in chunks.remainder() {
            self.add(u64::from(*b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_i32(&mut self, n: i32) {
        self.add(u64::from(u32::from_ne_bytes(n.to_ne_bytes())));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        // A final avalanche (SplitMix64's), so that the table's low index bits and high
        // tag bits both depend on every byte: similar keys (`C000123`, `C000124`) then
        // spread instead of clustering.
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A map with the [`FxHasher`].
type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

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

/// Prices [`SeatChange`]s against one price book and policy, remembering each offer's
/// period price per list and frequency, so that a million rows look each price up
/// once (offers are interned: the hot path allocates nothing).
#[derive(Debug)]
pub struct SeatChangePricer<'b> {
    book: &'b PriceBook,
    program: &'b Program,
    policy: ProrationPolicy,
    /// Offer id as given → dense index.
    offers: FxMap<String, u32>,
    /// Order date → the start of the list in force on it (read as of that date).
    lists: FxMap<NaiveDate, NaiveDate>,
    /// (offer index, list start, months per period) → period price.
    prices: FxMap<(u32, NaiveDate, u32), Money>,
}

impl<'b> SeatChangePricer<'b> {
    /// A pricer over `book` with the `program`'s term length and `policy`.
    pub fn new(
        book: &'b PriceBook,
        program: &'b Program,
        policy: ProrationPolicy,
    ) -> SeatChangePricer<'b> {
        SeatChangePricer {
            book,
            program,
            policy,
            offers: FxMap::default(),
            lists: FxMap::default(),
            prices: FxMap::default(),
        }
    }

    /// The currency of every amount.
    pub fn currency(&self) -> Currency {
        self.book.currency()
    }

    /// The prorated line of `change`.
    ///
    /// # Errors
    /// `invalid_quantity` for 0 seats; `date_outside_term` when `change_date` is outside the
    /// term; the price book's errors for `term_start` (`no_price_list_in_force`,
    /// `offer_not_in_price_list`); `amount_overflow`.
    pub fn price(&mut self, change: &SeatChange<'_>) -> Result<SeatCharge> {
        if change.quantity == 0 {
            return Err(Error::InvalidQuantity {
                subscription: format!("{} / {}", change.customer, change.offer),
                detail: "a seat change of 0 seats".to_string(),
            });
        }
        let start = change.term_start;
        let term_months = self.program.term_months;
        let term_end = add_days(add_months(start, term_months)?, -1)?;
        if change.change_date < start || change.change_date > term_end {
            return Err(Error::DateOutsideTerm {
                date: change.change_date,
                first: start,
                last: term_end,
            });
        }
        // Charge periods step from the anchor (SPEC §1.3, §6.1): the last one starting on or
        // before the change holds it.
        let step = change.frequency.months().clamp(1, term_months.max(1));
        let months = change.frequency.months();
        let elapsed = u32::try_from(days_between(start, change.change_date) / 31).unwrap_or(0);
        let mut k = elapsed - elapsed % step;
        while k + step < term_months && add_months(start, k + step)? <= change.change_date {
            k += step;
        }
        let next = add_months(start, (k + step).min(term_months))?;
        let charge_period = Period::new(add_months(start, k)?, add_days(next, -1)?.min(term_end))?;
        let period_price = self.period_price(change.offer, change.term_start, months)?;
        let service_period = charge_period.from_date(change.change_date)?;
        let days = service_period.days();
        let period_days = charge_period.days();
        let p = self
            .policy
            .prorate(&period_price, change.quantity, days, period_days)?;
        Ok(SeatCharge {
            amount: p.amount,
            service_period,
            charge_period,
            days,
            period_days,
            period_price: period_price.amount(),
            unit: p.unit,
        })
    }

    /// The list price of `offer` in force on `start` (read as of `start`) times `months`,
    /// cached per offer and list.
    fn period_price(&mut self, offer: &str, start: NaiveDate, months: u32) -> Result<Money> {
        let index = match self.offers.get(offer) {
            Some(i) => *i,
            None => {
                let i = u32::try_from(self.offers.len()).map_err(|_| Error::AmountOverflow {
                    operation: "offer count",
                })?;
                self.offers.insert(offer.to_string(), i);
                i
            }
        };
        let list = match self.lists.get(&start) {
            Some(from) => *from,
            None => {
                let from = self.book.list_on(start, start)?.effective_from();
                self.lists.insert(start, from);
                from
            }
        };
        let key = (index, list, months);
        if let Some(price) = self.prices.get(&key) {
            return Ok(*price);
        }
        let price = self.book.price(&OfferId::new(offer), start, start)?;
        let period = price.list.checked_mul(Decimal::from(months))?;
        self.prices.insert(key, period);
        Ok(period)
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
