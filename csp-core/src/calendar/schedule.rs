//! A subscription's terms and charge periods, counted from one anchor date (SPEC §1.3, §6.1).
//!
//! This is the one place where the charge-period rule is written: the subscription state
//! machine, the batch kernel's start tables and the calculator's quote all ask it.

use chrono::NaiveDate;

use super::{add_days, add_months, Period};
use crate::error::Result;

/// The terms and charge periods of a subscription counted from its anchor `A` (the order
/// date; an add-on's is its base's):
///
/// - month boundary `k` is `add_months(A, k)` (never chained, SPEC §1.3);
/// - term `n` (1-based) is `[boundary(T·(n−1)), boundary(T·n) − 1]`, `T` the term length;
/// - its charge periods step `c` months (the billing cycle: 1 monthly, 12 annual) from the
///   term's first boundary, the last one cut at the term's end; a cycle of the term's length
///   or more is one period, the whole term.
///
/// ```
/// use chrono::NaiveDate;
/// use csp_core::calendar::{Period, TermSchedule};
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// // Ordered 31 January 2016, one-year terms, billed monthly.
/// let s = TermSchedule::new(d(2016, 1, 31), 12, 1);
/// assert_eq!(s.term(2)?, Period::new(d(2017, 1, 31), d(2018, 1, 30))?);
/// // 29 February 2016 (a leap year) lies in the period that starts on the clamped 29th.
/// assert_eq!(s.period_holding(1, d(2016, 3, 15))?, Some(Period::new(d(2016, 2, 29), d(2016, 3, 30))?));
/// assert_eq!(s.next_period_start(1, d(2016, 3, 15))?, Some(d(2016, 3, 31)));
/// // Billed annually: one period, the whole term.
/// let annual = TermSchedule::new(d(2016, 1, 31), 12, 12);
/// assert_eq!(annual.period_holding(1, d(2016, 9, 1))?, Some(annual.term(1)?));
/// # Ok::<(), csp_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TermSchedule {
    anchor: NaiveDate,
    term_months: u32,
    cycle_months: u32,
}

impl TermSchedule {
    /// The schedule of terms of `term_months` months from `anchor`, billed every
    /// `cycle_months` months.
    pub fn new(anchor: NaiveDate, term_months: u32, cycle_months: u32) -> TermSchedule {
        TermSchedule {
            anchor,
            term_months,
            cycle_months,
        }
    }

    /// The anchor date.
    pub fn anchor(&self) -> NaiveDate {
        self.anchor
    }

    /// Month boundary `k`: `add_months(anchor, k)`.
    ///
    /// # Errors
    /// `date_out_of_range` beyond chrono's calendar.
    pub fn boundary(&self, k: u32) -> Result<NaiveDate> {
        add_months(self.anchor, k)
    }

    /// The month offset of term `number`'s first boundary (`T·(number − 1)`, saturating).
    fn term_offset(&self, number: u32) -> u32 {
        self.term_months.saturating_mul(number.saturating_sub(1))
    }

    /// Term `number` (1-based): `[boundary(T·(n−1)), boundary(T·n) − 1]`.
    ///
    /// # Errors
    /// `date_out_of_range` beyond chrono's calendar; `invalid_period` for a term of 0 months.
    pub fn term(&self, number: u32) -> Result<Period> {
        let start = self.term_offset(number);
        Period::new(
            self.boundary(start)?,
            add_days(self.boundary(start.saturating_add(self.term_months))?, -1)?,
        )
    }

    /// The charge period of term `number` that holds `day`, or `None` when `day` is outside
    /// that term.
    ///
    /// # Errors
    /// `date_out_of_range` beyond chrono's calendar.
    pub fn period_holding(&self, number: u32, day: NaiveDate) -> Result<Option<Period>> {
        let start = self.term_offset(number);
        let bound = |k: u32| self.boundary(start.saturating_add(k));
        if day < bound(0)? || day >= bound(self.term_months)? {
            return Ok(None);
        }
        let (first, next) = period_offsets(self.term_months, self.cycle_months, day, bound)?;
        Ok(Some(Period::new(
            bound(first)?,
            add_days(bound(next)?, -1)?,
        )?))
    }

    /// The first day of the first charge period of term `number` that starts after `after`,
    /// if the term has one.
    ///
    /// # Errors
    /// `date_out_of_range` beyond chrono's calendar.
    pub fn next_period_start(&self, number: u32, after: NaiveDate) -> Result<Option<NaiveDate>> {
        let start = self.term_offset(number);
        let bound = |k: u32| self.boundary(start.saturating_add(k));
        let first = bound(0)?;
        if after < first {
            return Ok(Some(first));
        }
        if after >= bound(self.term_months)? {
            return Ok(None);
        }
        let (_, next) = period_offsets(self.term_months, self.cycle_months, after, bound)?;
        (next < self.term_months).then(|| bound(next)).transpose()
    }
}

/// The charge-period rule itself, over any representation of days (dates, or the batch
/// kernel's day numbers with its tabled boundaries): in a term of `term_months` months whose
/// month boundaries are `bound(k)` (`k = 0..=term_months`, increasing), billed every
/// `cycle_months` months, the period holding `day` (which the caller has checked lies in the
/// term) is `[bound(first), bound(next) − 1]`; returns `(first, next)`.
///
/// Periods step `cycle_months` from boundary 0 (the cycle is at least 1 month); the last one
/// starting on or before `day` holds it, and the last period of a term ends with the term.
///
/// # Errors
/// `bound`'s.
pub fn period_offsets<D: Ord>(
    term_months: u32,
    cycle_months: u32,
    day: D,
    bound: impl Fn(u32) -> Result<D>,
) -> Result<(u32, u32)> {
    let step = cycle_months.max(1);
    let mut k: u32 = 0;
    while k.saturating_add(step) < term_months && bound(k + step)? <= day {
        k += step;
    }
    Ok((k, k.saturating_add(step).min(term_months)))
}

#[cfg(test)]
mod tests;
