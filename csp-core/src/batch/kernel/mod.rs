//! The batch kernel: seat changes as columns, prorated exactly (SPEC §6.1, §6.2, §6.4).
//!
//! The batch kernel: seat changes as columns of dense ids and day numbers, priced from a
//! price table and a start-date table that are each filled once per distinct key, prorated
//! with one exact integer division, and summed into a vector indexed by customer.
//!
//! This is the proration path of every batch: [`super::SeatChangePricer`] (one row at a
//! time, with strings and dates) and the Python and WASM batch entry points call it.

use std::ops::Deref;

use chrono::NaiveDate;
use rust_decimal::Decimal;

mod chunk;
mod flat;

use super::columns::{DenseTotals, Frequencies, LineColumns, SeatColumns};
use super::hash::{FxMap, Interner};
use super::starts::{StartFacts, StartTable};
use super::RowError;
use crate::calendar::{epoch_day, from_epoch_day, period_offsets, TermSchedule};
use crate::catalog::OfferId;
use crate::error::{Error, Result};
use crate::money::ratio::{div_round, div_round_i64, pow10};
use crate::money::{Currency, Money, ProrationPolicy, RoundingMode};
use crate::price_list::{PriceBook, PriceList};
use crate::program::Program;
use crate::subscription::BillingFrequency;

/// Terms longer than this (in months) get their charge-period bounds computed per row
/// instead of tabled (no program has one; it bounds the table's memory).
const MAX_TABLED_MONTHS: u32 = 120;

/// `10^k` for `k = 0..=18`: the price scales whose power fits 64 bits.
const POW10_I64: [i64; 19] = {
    let mut t = [1i64; 19];
    let mut k = 1;
    while k < 19 {
        t[k] = t[k - 1] * 10;
        k += 1;
    }
    t
};

/// One offer's list price in one price list, packed in 64 bits so that the price table
/// stays in cache: `0` not looked up yet, `1` refused by the book (the error is rebuilt
/// from the book on use), else `mantissa << 8 | scale << 2 | 2` (a mantissa within
/// ±2⁵⁵; larger ones are refused with `amount_overflow`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Cell(i64);

impl Cell {
    const UNKNOWN: Cell = Cell(0);
    const MISSING: Cell = Cell(1);

    fn price(mantissa: i128, scale: u32) -> Option<Cell> {
        let m = i64::try_from(mantissa).ok()?;
        if !(-(1i64 << 55)..(1i64 << 55)).contains(&m) || scale > 28 {
            return None;
        }
        Some(Cell(m << 8 | i64::from(scale) << 2 | 2))
    }

    /// The mantissa and scale, for a priced cell.
    #[inline(always)]
    fn get(self) -> Option<(i64, u32)> {
        // The low byte holds `scale << 2 | 2`.
        let low = u32::from(self.0.to_le_bytes()[0]);
        (low & 3 == 2).then_some((self.0 >> 8, low >> 2))
    }
}

/// The prorated line of one row, in minor units and day numbers (days since 1970-01-01).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DenseLine {
    /// The line amount in the currency's minor units (cents), rounded by the policy.
    pub amount: i128,
    /// First day of the charge period holding the change.
    pub charge_first: i32,
    /// First day charged: the change date.
    pub service_first: i32,
    /// Last day charged: the last day of the charge period.
    pub service_last: i32,
    /// Days charged.
    pub days: u32,
    /// Days of the charge period.
    pub period_days: u32,
    /// Mantissa of one seat's price for the whole charge period.
    pub period_price_mantissa: i128,
    /// Scale of that price.
    pub period_price_scale: u32,
}

impl DenseLine {
    /// One seat's price for the whole charge period.
    ///
    /// # Errors
    /// `amount_overflow` when it does not fit a decimal.
    pub fn period_price(&self) -> Result<Decimal> {
        Decimal::try_from_i128_with_scale(self.period_price_mantissa, self.period_price_scale)
            .map_err(|_| Error::AmountOverflow {
                operation: "period price",
            })
    }
}

/// Prices seat changes given as dense ids and day numbers (see [`crate::batch`] and
/// [`super::SeatColumns`]): the price list in force on each term start, the offer's price in
/// it, the charge period holding the change, and the policy's rounding.
///
/// The default policy (exact rate and unit, line half-up) is one integer division per
/// row; other policies go through [`ProrationPolicy::prorate`] with the same inputs.
#[derive(Debug)]
pub struct SeatKernel<B> {
    book: B,
    term_months: u32,
    policy: ProrationPolicy,
    exact: bool,
    currency: Currency,
    line_mode: RoundingMode,
    /// `10^minor units` (at most 1000).
    minor_pow: i64,
    offers: Interner,
    starts: StartTable,
    /// List start date → dense list index.
    lists: FxMap<NaiveDate, u32>,
    /// Dense list index → the list's start date.
    list_refs: Vec<NaiveDate>,
    /// `prices[list][offer]`, filled on first use.
    prices: Vec<Vec<Cell>>,
    /// Interned offers as normalised ids (same indices).
    offer_ids: Vec<OfferId>,
    /// Offer indices sorted by id, for merging with a list's rows.
    sorted: Vec<u32>,
    /// The fast path's flat tables.
    flat: flat::FlatTables,
}

impl<B: Deref<Target = PriceBook>> SeatKernel<B> {
    /// A kernel over `book` with the `program`'s term length and `policy`.
    pub fn new(book: B, program: &Program, policy: ProrationPolicy) -> SeatKernel<B> {
        let currency = book.currency();
        SeatKernel {
            book,
            term_months: program.term_months,
            policy,
            exact: policy.daily_rate.is_none() && policy.unit.is_none(),
            currency,
            line_mode: policy.line,
            minor_pow: POW10_I64
                .get(currency.minor_units() as usize)
                .copied()
                .unwrap_or(1),
            offers: Interner::default(),
            starts: StartTable::default(),
            lists: FxMap::default(),
            list_refs: Vec::new(),
            prices: Vec::new(),
            offer_ids: Vec::new(),
            sorted: Vec::new(),
            flat: flat::FlatTables::default(),
        }
    }

    /// The currency of every amount.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The policy.
    pub fn policy(&self) -> ProrationPolicy {
        self.policy
    }

    /// The dense id of offer `id` (as written in the price list; matched as price lists
    /// match, case-insensitively), interned on first use.
    ///
    /// # Errors
    /// `amount_overflow` beyond 2³² offers.
    pub fn offer(&mut self, id: &str) -> Result<u32> {
        self.offers.intern(id)
    }

    /// The offer id of dense id `offer`.
    pub fn offer_name(&self, offer: u32) -> Option<&str> {
        self.offers.name(offer)
    }

    /// The prorated line of one seat change: `quantity` seats of offer `offer` (a dense id
    /// from [`SeatKernel::offer`]) changed on day `change_date` of the subscription whose
    /// term started on day `term_start` (day numbers: [`crate::calendar::epoch_day`]).
    ///
    /// # Errors
    /// `invalid_quantity` for 0 seats; `invalid_input` for an offer id not interned;
    /// `date_outside_term`; the price book's errors for the term start
    /// (`no_price_list_in_force`, `offer_not_in_price_list`); `date_out_of_range`;
    /// `amount_overflow`.
    #[inline]
    pub fn line(
        &mut self,
        offer: u32,
        quantity: i64,
        term_start: i32,
        change_date: i32,
        frequency: BillingFrequency,
    ) -> Result<DenseLine> {
        crate::input::seat_change(quantity, || {
            format!("offer {}", self.offer_name(offer).unwrap_or("?"))
        })?;
        let needs_bounds = frequency.months().clamp(1, self.term_months.max(1)) < self.term_months;
        let info = self.start_facts(term_start, needs_bounds)?;
        let period = self.charge_period(info, term_start, change_date, frequency);
        let (list, first, last) = period?;
        let (mantissa, scale) = match self.cell(list, offer).get() {
            Some(price) => price,
            None => self.fill_price(list, offer, term_start)?,
        };
        // last ≥ change_date ≥ first (charge_period checked it): both at least 1.
        let days = last.abs_diff(change_date) + 1;
        let period_days = last.abs_diff(first) + 1;
        let price = i128::from(mantissa) * i128::from(frequency.months());
        let amount = self.prorate(price, scale, quantity, days, period_days)?;
        Ok(DenseLine {
            amount,
            charge_first: first,
            service_first: change_date,
            service_last: last,
            days,
            period_days,
            period_price_mantissa: price,
            period_price_scale: scale,
        })
    }

    /// Prices every row of `rows`, adding each line to `totals` and (when given) to `out`.
    /// Rows are numbered from `first_row` in errors; the first refused row stops the batch
    /// (the lines before it stay added).
    ///
    /// # Errors
    /// The first refused row with its number (see [`SeatKernel::line`]); `invalid_input` at
    /// `first_row` when the columns' lengths differ.
    pub fn run(
        &mut self,
        rows: &SeatColumns<'_>,
        first_row: usize,
        totals: &mut DenseTotals,
        out: Option<&mut LineColumns>,
    ) -> std::result::Result<(), RowError> {
        let len = rows.check_lengths().map_err(|error| RowError {
            row: first_row,
            error,
        })?;
        let mut out = out;
        if let Some(o) = out.as_deref_mut() {
            o.reserve(len);
        }
        if let Frequencies::All(f) = rows.frequency {
            if self.flat_takes(f.months()) {
                return self.run_all_flat(rows, len, f.months(), first_row, totals, out);
            }
        }
        let mut at = 0;
        while at < len {
            let end = (at + chunk::CHUNK).min(len);
            // The columnar pass, then (for anything it does not take: another policy, a
            // refused row, an amount beyond 64 bits) the rest one row at a time.
            let done = self.run_chunk(rows, at..end, totals, out.as_deref_mut());
            self.run_rows(rows, at + done..end, first_row, totals, out.as_deref_mut())?;
            at = end;
        }
        Ok(())
    }

    /// Every row of `rows` (`len` of them, billed `months` months at a time) on the flat
    /// path, each row it stops at filling its tables or, when it still cannot take it,
    /// priced on the general path.
    fn run_all_flat(
        &mut self,
        rows: &SeatColumns<'_>,
        len: usize,
        months: u32,
        first_row: usize,
        totals: &mut DenseTotals,
        mut out: Option<&mut LineColumns>,
    ) -> std::result::Result<(), RowError> {
        let mut at = 0;
        while at < len {
            at = self.run_flat(rows, at..len, months, totals, out.as_deref_mut());
            if at < len && !self.flat_fill(rows, at) {
                self.run_rows(rows, at..at + 1, first_row, totals, out.as_deref_mut())?;
                at += 1;
            }
        }
        Ok(())
    }

    /// Rows `range` of `rows` one at a time through [`SeatKernel::line`].
    fn run_rows(
        &mut self,
        rows: &SeatColumns<'_>,
        range: std::ops::Range<usize>,
        first_row: usize,
        totals: &mut DenseTotals,
        mut out: Option<&mut LineColumns>,
    ) -> std::result::Result<(), RowError> {
        for i in range {
            let fail = |error| RowError {
                row: first_row + i,
                error,
            };
            let field = || fail(internal("column length"));
            let frequency = match rows.frequency {
                Frequencies::All(f) => f,
                Frequencies::PerRow(f) => *f.get(i).ok_or_else(field)?,
            };
            let line = self
                .line(
                    *rows.offer.get(i).ok_or_else(field)?,
                    *rows.quantity.get(i).ok_or_else(field)?,
                    *rows.term_start.get(i).ok_or_else(field)?,
                    *rows.change_date.get(i).ok_or_else(field)?,
                    frequency,
                )
                .and_then(|line| {
                    let customer = rows.customer.get(i).ok_or_else(|| internal("column"))?;
                    totals.add(*customer, line.amount).map(|()| line)
                })
                .map_err(fail)?;
            if let Some(o) = out.as_deref_mut() {
                o.push(&line);
            }
        }
        Ok(())
    }

    /// The exact policy's amount in 64 bits, `round(P × q × days × 10^minor / (10^scale ×
    /// period days))` for a period price `P = price × 10^-scale` — SPEC §6.4 with exact rate
    /// and unit, the value `ProrationPolicy::prorate` gives — or `None` when an operand
    /// leaves 64 bits (a seat line in cents never does) or the days are not a part of the
    /// period. Shared by the row path and the columnar pass.
    #[inline(always)]
    fn exact_small(
        &self,
        price: i64,
        scale: u32,
        quantity: i64,
        days: i64,
        period_days: i64,
    ) -> Option<i64> {
        if days < 1 || days > period_days {
            return None;
        }
        let num = price
            .checked_mul(quantity)?
            .checked_mul(days)?
            .checked_mul(self.minor_pow)?;
        let den = POW10_I64.get(scale as usize)?.checked_mul(period_days)?;
        Some(div_round_i64(num, den, self.line_mode))
    }

    /// The amount in minor units of `quantity` seats of `price × 10^-scale` (one seat, one
    /// charge period) for `days` of `period_days`.
    #[inline]
    fn prorate(
        &self,
        price: i128,
        scale: u32,
        quantity: i64,
        days: u32,
        period_days: u32,
    ) -> Result<i128> {
        let overflow = || Error::AmountOverflow {
            operation: "batch proration",
        };
        if days == 0 || days > period_days {
            return Err(Error::InvalidProration {
                days_billed: days,
                days_in_period: period_days,
            });
        }
        if self.exact {
            // round(P × q × days × 10^minor / (10^scale × period days)): SPEC §6.4 with exact
            // rate and unit, the same value as `ProrationPolicy::prorate`. In 64 bits when
            // everything fits (a seat line in cents always does), else in 128.
            let small = i64::try_from(price).ok().and_then(|p| {
                self.exact_small(p, scale, quantity, i64::from(days), i64::from(period_days))
            });
            if let Some(amount) = small {
                return Ok(i128::from(amount));
            }
            let num = price
                .checked_mul(i128::from(quantity) * i128::from(days))
                .and_then(|n| n.checked_mul(i128::from(self.minor_pow)))
                .ok_or_else(overflow)?;
            let den = pow10(scale)?
                .checked_mul(i128::from(period_days))
                .ok_or_else(overflow)?;
            return Ok(div_round(num, den, self.line_mode));
        }
        let price = Decimal::try_from_i128_with_scale(price, scale).map_err(|_| overflow())?;
        let p = self.policy.prorate(
            &Money::new(price, self.currency),
            quantity,
            days,
            period_days,
        )?;
        Ok(p.amount.in_minor_units())
    }

    /// The price list and charge period `[first, last]` (day numbers) holding
    /// `change_date` in the term started on `term_start`, whose facts are `info`.
    #[inline(always)]
    fn charge_period(
        &self,
        info: StartFacts,
        term_start: i32,
        change_date: i32,
        frequency: BillingFrequency,
    ) -> Result<(u32, i32, i32)> {
        let (list, term_last) = (info.list, info.term_last);
        if list == StartFacts::REFUSED {
            return Err(self.start_error(term_start));
        }
        if change_date < term_start || change_date > term_last {
            return Err(Error::DateOutsideTerm {
                date: from_epoch_day(change_date)?,
                first: from_epoch_day(term_start)?,
                last: from_epoch_day(term_last)?,
            });
        }
        // The charge-period rule (SPEC §1.3, §6.1), over day numbers: boundary 0 is the
        // term start, boundary `n` the day after the term; the month boundaries between are
        // tabled by `fill_start` (or computed when the table was not asked for them).
        let n = self.term_months;
        let bound = |k: u32| -> Result<i32> {
            match k {
                0 => Ok(term_start),
                k if k >= n => Ok(term_last + 1),
                k => match self.starts.bounds(info).get(k as usize) {
                    Some(b) => Ok(*b),
                    None => TermSchedule::new(from_epoch_day(term_start)?, n, 1)
                        .boundary(k)
                        .map(epoch_day),
                },
            }
        };
        let (first, next) = period_offsets(n, frequency.months(), change_date, bound)?;
        Ok((list, bound(first)?, bound(next)? - 1))
    }

    /// Computes the start table's entry for `day`.
    /// The facts of start day `day`, computed on first use; with its charge-period bounds
    /// tabled when `needs_bounds` (monthly billing: an annual row needs only the term end,
    /// so a single quote does not compute twelve month boundaries it will not read).
    #[inline(always)]
    pub(super) fn start_facts(&mut self, day: i32, needs_bounds: bool) -> Result<StartFacts> {
        if let Some(info) = self.starts.get(day) {
            let tabled = self.starts.bounds(info).len() > 1 || self.term_months > MAX_TABLED_MONTHS;
            if !needs_bounds || tabled {
                return Ok(info);
            }
        }
        self.fill_start(day, needs_bounds)?;
        self.starts.get(day).ok_or_else(|| internal("start table"))
    }

    /// Computes the start table's entry for `day` (again, to add its bounds).
    fn fill_start(&mut self, day: i32, with_bounds: bool) -> Result<()> {
        let date = from_epoch_day(day)?;
        let from = self.book.list_on(date, date).map(PriceList::effective_from);
        let list = match from {
            Ok(from) => Some(self.list_index(from)?),
            Err(_) => None,
        };
        let n = self.term_months;
        let months = if with_bounds && n <= MAX_TABLED_MONTHS {
            n
        } else {
            0
        };
        let schedule = TermSchedule::new(date, n, 1);
        let bounds: Result<Vec<i32>> = (0..=months)
            .map(|k| schedule.boundary(k).map(epoch_day))
            .collect();
        let term = schedule.term(1);
        let (term_last, bounds) = match (term, bounds) {
            (Ok(term), Ok(bounds)) => (Some(epoch_day(term.last())), bounds.into_boxed_slice()),
            _ => (None, Box::default()),
        };
        self.starts.insert(day, list, term_last, bounds);
        Ok(())
    }

    /// The error the book gives for a term start without a list or a term.
    fn start_error(&self, term_start: i32) -> Error {
        let date = match from_epoch_day(term_start) {
            Ok(d) => d,
            Err(e) => return e,
        };
        match self
            .book
            .list_on(date, date)
            .and_then(|_| TermSchedule::new(date, self.term_months, 1).term(1))
        {
            Err(e) => e,
            Ok(_) => internal("start facts"),
        }
    }

    fn list_index(&mut self, from: NaiveDate) -> Result<u32> {
        if let Some(i) = self.lists.get(&from) {
            return Ok(*i);
        }
        let i = u32::try_from(self.prices.len()).map_err(|_| internal("list count"))?;
        self.lists.insert(from, i);
        self.prices.push(Vec::new());
        self.list_refs.push(from);
        Ok(i)
    }

    #[inline(always)]
    fn cell(&self, list: u32, offer: u32) -> Cell {
        self.prices
            .get(list as usize)
            .and_then(|row| row.get(offer as usize))
            .copied()
            .unwrap_or(Cell::UNKNOWN)
    }

    /// The price of `offer` in `list` (chosen for `term_start`): fills the list's row of the
    /// price table on its first use, then reads the cell; for a refused cell, the book's own
    /// error.
    fn fill_price(&mut self, list: u32, offer: u32, term_start: i32) -> Result<(i64, u32)> {
        self.fill_cells(list, offer)?;
        if let Some(price) = self.cell(list, offer).get() {
            return Ok(price);
        }
        // Refused: the book says why (no row), or the price is beyond the table's 56 bits.
        let id = self.offer_ids.get(offer as usize).ok_or_else(|| {
            Error::out_of_range("offer id", offer, "an id given by SeatKernel::offer")
        })?;
        let date = from_epoch_day(term_start)?;
        self.book.price(id, date, date)?;
        Err(Error::AmountOverflow {
            operation: "list price with more than 16 digits",
        })
    }

    /// Fills the unknown cells of `list`'s row: the whole row at its first use, by one merge
    /// of the list's rows (sorted by offer id) with the interned offers (sorted likewise);
    /// afterwards (for offers interned later) only `offer`'s cell, by one lookup.
    fn fill_cells(&mut self, list: u32, offer: u32) -> Result<()> {
        let offers = self.offers.len();
        while self.offer_ids.len() < offers {
            let name = self
                .offers
                .name(u32::try_from(self.offer_ids.len()).unwrap_or(u32::MAX))
                .ok_or_else(|| internal("offer names"))?;
            self.offer_ids.push(OfferId::new(name));
        }
        let book: &PriceBook = &self.book;
        let Some(price_list) = self
            .list_refs
            .get(list as usize)
            .and_then(|from| book.list_starting(*from))
        else {
            return Err(internal("list refs"));
        };
        let Some(row) = self.prices.get_mut(list as usize) else {
            return Err(internal("price rows"));
        };
        let first_use = row.is_empty();
        if row.len() < offers {
            row.resize(offers, Cell::UNKNOWN);
        }
        let cell_of = |r: Option<&crate::price_list::PriceRow>| {
            r.and_then(|r| Cell::price(r.list_price.mantissa(), r.list_price.scale()))
                .unwrap_or(Cell::MISSING)
        };
        // A merge costs the list's length plus the offers', a lookup per offer a walk down
        // the list's tree: merge on a list's first use when the offers are a good share of
        // its rows (a batch), look up one by one when they are few (a single quote).
        let worth_merging = offers * 8 >= price_list.len() && offers <= 4 * price_list.len() + 64;
        if !(first_use && worth_merging) {
            if let (Some(slot), Some(id)) = (
                row.get_mut(offer as usize),
                self.offer_ids.get(offer as usize),
            ) {
                *slot = cell_of(price_list.row(id));
            }
            return Ok(());
        }
        if self.sorted.len() < offers {
            let ids = &self.offer_ids;
            let (from, to) = (u32::try_from(self.sorted.len()), u32::try_from(offers));
            let (Ok(from), Ok(to)) = (from, to) else {
                return Err(internal("offer count"));
            };
            self.sorted.extend(from..to);
            // Mostly sorted already (a sorted prefix and a new tail): near-linear.
            self.sorted
                .sort_by(|a, b| ids.get(*a as usize).cmp(&ids.get(*b as usize)));
        }
        let mut rows = price_list.rows().peekable();
        for o in &self.sorted {
            let Some(id) = self.offer_ids.get(*o as usize) else {
                continue;
            };
            while rows.peek().is_some_and(|r| r.offer_id < *id) {
                rows.next();
            }
            let found = rows.peek().copied().filter(|r| r.offer_id == *id);
            if let Some(slot) = row.get_mut(*o as usize) {
                if *slot == Cell::UNKNOWN {
                    *slot = cell_of(found);
                }
            }
        }
        Ok(())
    }
}

/// A broken invariant of the kernel's own tables, reported instead of panicking.
fn internal(what: &'static str) -> Error {
    Error::internal("batch kernel", what)
}
