//! The benchmark workload of csp-billing (issue 8) and the kernels it is measured with.
//!
//! [`Workload::generate`] is deterministic (SplitMix64, fixed seed): `offers` offers with
//! `months` monthly price lists from January 2016, and seat changes on annual
//! subscriptions — quantity 1–300, ordered over 2016, each changed once inside its term. The
//! work per line: look up the list price locked at the order date, prorate the change to the
//! term end (`12 × p × q × days / term days`), round half-up to cents, sum per customer.
//!
//! Three paths do that work and must agree to the cent:
//! - [`library_totals`]: csp-core's batch kernel ([`SeatKernel::run`]) on columns of dense
//!   ids and day numbers ([`Workload::columns`], the layout of an Arrow table with
//!   dictionary-encoded ids and `date32` dates) — what the Python and WASM batches call;
//! - [`row_at_a_time_totals`]: csp-core's [`SeatChangePricer`] and [`CustomerTotals`], one
//!   row at a time with string ids and dates (the same kernel underneath);
//! - [`i64_totals`]: plain `i64` fixed point on dense ids, the practical limit.

// The workload's numbers are small by construction (indices below the counts asked for,
// days within a year, positive amounts): the casts below cannot truncate or lose a sign.
#![allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]

pub mod book;

use chrono::{Datelike, NaiveDate};
use csp_core::batch::{
    CustomerTotals, DenseTotals, Frequencies, SeatChange, SeatChangePricer, SeatColumns, SeatKernel,
};
use csp_core::calendar::{add_days, add_months, epoch_day, YearMonth};
use csp_core::catalog::{LicenseAgreementType, OfferId, SecondaryType};
use csp_core::money::{Currency, ProrationPolicy};
use csp_core::price_list::{PriceBook, PriceList, PriceRow};
use csp_core::program::Program;
use csp_core::subscription::BillingFrequency;
use rust_decimal::Decimal;

/// SplitMix64: a tiny generator that every language reproduces bit for bit.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`; modulo, as every implementation does).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

/// One seat change: dense ids and dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    /// Customer index.
    pub customer: u32,
    /// Offer index.
    pub offer: u32,
    /// Seats added.
    pub quantity: i64,
    /// Order date (term start).
    pub term_start: NaiveDate,
    /// Change date, inside the term.
    pub change_date: NaiveDate,
}

/// The workload.
#[derive(Debug, Clone)]
pub struct Workload {
    /// Offer ids (`OFFER-00000` …).
    pub offers: Vec<String>,
    /// Customer ids (`C000000` …).
    pub customers: Vec<String>,
    /// List price in cents per month per offer: `prices[month][offer]`, month 0 = 2016-01.
    pub prices: Vec<Vec<i64>>,
    /// The seat changes.
    pub lines: Vec<Line>,
}

/// Days since 2016-01-01 → date (the generator's dates are small offsets).
fn day(offset: u64) -> NaiveDate {
    let base = NaiveDate::from_ymd_opt(2016, 1, 1).unwrap_or(NaiveDate::MIN);
    add_days(base, i64::try_from(offset).unwrap_or(0)).unwrap_or(base)
}

/// The last day of the annual term started on `start`.
fn term_end(start: NaiveDate) -> NaiveDate {
    add_months(start, 12)
        .and_then(|d| add_days(d, -1))
        .unwrap_or(start)
}

impl Workload {
    /// The deterministic workload (the default run: 1,000 offers, 36 months, 1,000,000
    /// lines, 50,000 customers, seed 2016).
    pub fn generate(
        offers: usize,
        months: usize,
        lines: usize,
        customers: usize,
        seed: u64,
    ) -> Workload {
        let mut rng = SplitMix64::new(seed);
        let offer_ids: Vec<String> = (0..offers).map(|i| format!("OFFER-{i:05}")).collect();
        let customer_ids: Vec<String> = (0..customers).map(|i| format!("C{i:06}")).collect();
        // Base price 1.00–60.00, drifting by 0–4 cents a month.
        let base: Vec<i64> = (0..offers).map(|_| 100 + rng.below(5_901) as i64).collect();
        let prices = (0..months)
            .map(|m| base.iter().map(|b| b + (m as i64) % 5).collect())
            .collect();
        let mut out = Vec::with_capacity(lines);
        for _ in 0..lines {
            let customer = rng.below(customers as u64) as u32;
            let offer = rng.below(offers as u64) as u32;
            let quantity = 1 + rng.below(300) as i64;
            let start = day(rng.below(366));
            let term_days = (term_end(start) - start).num_days() as u64 + 1;
            let change = add_days(start, (1 + rng.below(term_days - 1)) as i64).unwrap_or(start);
            out.push(Line {
                customer,
                offer,
                quantity,
                term_start: start,
                change_date: change,
            });
        }
        Workload {
            offers: offer_ids,
            customers: customer_ids,
            prices,
            lines: out,
        }
    }

    /// The price lists as a csp-core price book (USD).
    pub fn price_book(&self) -> PriceBook {
        let mut book = PriceBook::new(Currency::USD);
        let mut month = YearMonth::new(2016, 1).unwrap_or_else(|_| YearMonth::of(day(0)));
        for prices in &self.prices {
            let rows = self
                .offers
                .iter()
                .zip(prices)
                .map(|(id, cents)| PriceRow {
                    offer_id: OfferId::new(id),
                    offer_name: id.clone(),
                    agreement_type: LicenseAgreementType::Corporate,
                    secondary_type: SecondaryType::Base,
                    list_price: Decimal::new(*cents, 2),
                    erp_price: Decimal::new(*cents, 2),
                    purchase_unit: None,
                    end_customer_type: None,
                    change_indicator: None,
                    effective_start: None,
                    effective_end: None,
                })
                .collect();
            if let Ok(list) = PriceList::new(month, Currency::USD, rows) {
                let _ = book.add(list);
            }
            month = month.next().unwrap_or(month);
        }
        book
    }
}

/// Grand total in cents and the per-customer checksum `Σ (i + 1) × total_i` (wrapping u64,
/// over customer indices): what every implementation prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    /// Sum of every line, in cents.
    pub grand_cents: i64,
    /// The per-customer checksum.
    pub checksum: u64,
}

fn checksum(per_customer: &[i64]) -> Totals {
    let mut grand = 0i64;
    let mut sum = 0u64;
    for (i, t) in per_customer.iter().enumerate() {
        grand += t;
        sum = sum.wrapping_add((i as u64 + 1).wrapping_mul(*t as u64));
    }
    Totals {
        grand_cents: grand,
        checksum: sum,
    }
}

/// The workload as the batch kernel's columns: dense ids, day numbers.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    /// Customer index per line.
    pub customer: Vec<u32>,
    /// Offer index per line (the order of [`Workload::offers`]).
    pub offer: Vec<u32>,
    /// Seats per line.
    pub quantity: Vec<i64>,
    /// Term start per line, days since 1970-01-01.
    pub term_start: Vec<i32>,
    /// Change date per line, days since 1970-01-01.
    pub change_date: Vec<i32>,
}

impl Workload {
    /// The lines as columns (the layout a caller with an Arrow table already has).
    pub fn columns(&self) -> Columns {
        let mut c = Columns::default();
        for l in &self.lines {
            c.customer.push(l.customer);
            c.offer.push(l.offer);
            c.quantity.push(l.quantity);
            c.term_start.push(epoch_day(l.term_start));
            c.change_date.push(epoch_day(l.change_date));
        }
        c
    }
}

/// The library's batch path: csp-core's [`SeatKernel`] over the columns, totals in a
/// [`DenseTotals`] — what `csp_billing.prorate_batch` runs on dictionary-encoded ids.
pub fn library_totals(w: &Workload, book: &PriceBook, cols: &Columns) -> Totals {
    let program = Program::legacy_2015();
    let mut kernel = SeatKernel::new(book, &program, ProrationPolicy::default());
    // Interning the offers in the workload's order gives the workload's ids.
    for (i, name) in w.offers.iter().enumerate() {
        if kernel.offer(name).ok() != Some(i as u32) {
            return Totals {
                grand_cents: -1,
                checksum: 0,
            };
        }
    }
    let mut totals = DenseTotals::new(w.customers.len());
    let rows = SeatColumns {
        customer: &cols.customer,
        offer: &cols.offer,
        quantity: &cols.quantity,
        term_start: &cols.term_start,
        change_date: &cols.change_date,
        frequency: Frequencies::All(BillingFrequency::Annual),
    };
    if kernel.run(&rows, 0, &mut totals, None).is_err() {
        return Totals {
            grand_cents: -1,
            checksum: 0,
        };
    }
    let per_customer: Vec<i64> = (0..w.customers.len())
        .map(|i| i64::try_from(totals.get(i as u32).map_or(0, |t| t.0)).unwrap_or(0))
        .collect();
    checksum(&per_customer)
}

/// csp-core one row at a time: [`SeatChangePricer`] and [`CustomerTotals`] on string ids
/// and dates, as a caller without columns uses it.
pub fn row_at_a_time_totals(w: &Workload, book: &PriceBook) -> Totals {
    let program = Program::legacy_2015();
    let mut pricer = SeatChangePricer::new(book, &program, ProrationPolicy::default());
    let mut totals = CustomerTotals::new(Currency::USD);
    for l in &w.lines {
        let change = SeatChange {
            customer: &w.customers[l.customer as usize],
            offer: &w.offers[l.offer as usize],
            quantity: l.quantity,
            term_start: l.term_start,
            change_date: l.change_date,
            frequency: BillingFrequency::Annual,
        };
        if let Ok(line) = pricer.price(&change) {
            let _ = totals.add(change.customer, &line.amount);
        }
    }
    let mut per_customer = vec![0i64; w.customers.len()];
    for row in totals.rows() {
        let index = w.customers.binary_search(&row.customer).unwrap_or(0);
        let mut cents = row.total.amount();
        cents.rescale(2);
        per_customer[index] = i64::try_from(cents.mantissa()).unwrap_or(0);
    }
    checksum(&per_customer)
}

/// Plain `i64` fixed point on the same columns: the practical limit of the same work, as
/// an expert would write it for this workload alone — the month index and term end of each
/// possible start day tabled once, prices in a dense `[month][offer]` table of cents, one
/// 64-bit division per line, totals in a vector by customer.
pub fn i64_totals(w: &Workload, cols: &Columns) -> Totals {
    let base = epoch_day(day(0));
    // Start days of the workload: 2016 (0..366 days from 2016-01-01).
    let starts: Vec<(usize, i64)> = (0..366u64)
        .map(|o| {
            let start = day(o);
            let month = ((start.year() - 2016) * 12 + start.month0() as i32) as usize;
            (month, i64::from(epoch_day(term_end(start))))
        })
        .collect();
    let mut per_customer = vec![0i64; w.customers.len()];
    let rows = cols
        .customer
        .iter()
        .zip(&cols.offer)
        .zip(&cols.quantity)
        .zip(cols.term_start.iter().zip(&cols.change_date));
    for (((c, o), q), (s, ch)) in rows {
        let (month, end) = starts[(s - base) as usize];
        let period_price = 12 * w.prices[month][*o as usize];
        let days = end - i64::from(*ch) + 1;
        let period_days = end - i64::from(*s) + 1;
        let num = period_price * q * days;
        // Half-up (amounts are positive here).
        let amount = (2 * num + period_days) / (2 * period_days);
        per_customer[*c as usize] += amount;
    }
    checksum(&per_customer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_published_sequence() {
        // The reference values of SplitMix64 for seed 0 (Vigna's splitmix64.c), so that
        // Python and JS generators can be checked against the same numbers.
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn the_library_agrees_with_the_i64_kernel() {
        let w = Workload::generate(50, 36, 20_000, 500, 7);
        let book = w.price_book();
        assert_eq!(
            library_totals(&w, &book, &w.columns()),
            i64_totals(&w, &w.columns())
        );
        assert_eq!(
            row_at_a_time_totals(&w, &book),
            i64_totals(&w, &w.columns())
        );
    }

    #[test]
    fn one_line_by_hand() {
        // A single line: offer 0 at the generator's price p (cents) from 2016-01; 12 × p ×
        // q × days / term days, half-up — recomputed here from the line's own fields.
        let w = Workload::generate(1, 36, 1, 1, 11);
        let l = w.lines[0];
        let month = ((l.term_start.year() - 2016) * 12 + l.term_start.month0() as i32) as usize;
        let p = i128::from(w.prices[month][0]);
        let end = term_end(l.term_start);
        let days = i128::from((end - l.change_date).num_days() + 1);
        let term = i128::from((end - l.term_start).num_days() + 1);
        let exact_num = 12 * p * i128::from(l.quantity) * days;
        let cents = (exact_num * 2 + term) / (2 * term);
        assert_eq!(i128::from(i64_totals(&w, &w.columns()).grand_cents), cents);
        assert_eq!(
            library_totals(&w, &w.price_book(), &w.columns()).grand_cents,
            i64_totals(&w, &w.columns()).grand_cents
        );
    }
}
