//! NCE terms, anchors, billing cycles and custom term ends (SPEC-NCE §13.2, §13.3).
//!
//! Pure date arithmetic on top of [`add_months`] and [`TermSchedule`]: every boundary is
//! computed from one anchor, never chained (SPEC §1.3, SPEC-NCE §13.2.2).

use chrono::NaiveDate;

use super::{add_days, add_months, month_index, shift_months, Period, TermSchedule};
use crate::error::{Error, Result};

mod custom_end;
use custom_end::check_within_first_term;
pub use custom_end::{calendar_aligned_end, check_custom_end, coterm_ends};

/// The natural end of a term of `months` months from `start`:
/// `end(S, m) = add_months(S, m) − 1` (SPEC-NCE §13.2.1).
///
/// ```
/// use chrono::{Datelike, NaiveDate};
/// use csp_core::calendar::nce::natural_end;
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// assert_eq!(natural_end(d(2021, 1, 31), 1)?, d(2021, 2, 27)); // renews 28 February
/// assert_eq!(natural_end(d(2021, 4, 15), 12)?, d(2022, 4, 14));
/// # Ok::<(), csp_core::Error>(())
/// ```
///
/// # Errors
/// `invalid_input` for a term of 0 months; `date_out_of_range` beyond chrono's calendar.
pub fn natural_end(start: NaiveDate, months: u32) -> Result<NaiveDate> {
    check_lengths(months, 1)?;
    add_days(add_months(start, months)?, -1)
}

/// One billing cycle of a term (SPEC-NCE §13.2.3–5): the days it covers, and its reference
/// cycle, the period whose length is the cycle's day count `D(C)`. The reference is the cycle
/// itself, except for the partial first cycle of a shortened first term, whose reference is
/// the whole cycle it is the end of (pinned P8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cycle {
    /// The days the cycle covers.
    pub period: Period,
    /// The cycle whose length counts as this one's (`period` unless partial).
    pub reference: Period,
}

impl Cycle {
    /// A whole cycle, its own reference.
    fn whole(period: Period) -> Cycle {
        Cycle {
            period,
            reference: period,
        }
    }

    /// `D(C)`: the real length of the reference cycle (pinned P9).
    pub fn days_in_cycle(&self) -> u32 {
        self.reference.days()
    }

    /// Whether this is a partial first cycle (shorter than its reference).
    pub fn is_partial(&self) -> bool {
        self.period != self.reference
    }

    /// First day of the cycle.
    pub fn first(&self) -> NaiveDate {
        self.period.first()
    }

    /// Last day of the cycle.
    pub fn last(&self) -> NaiveDate {
        self.period.last()
    }
}

/// One term of an NCE subscription: its days, its anchor `A` and its cycle length
/// (SPEC-NCE §13.2).
///
/// A natural term `k` is `[add_months(A, k·m), add_months(A, (k+1)·m) − 1]`; a shortened first
/// term `[S, E]` (a custom end, §13.3) has the anchor `A = E + 1`, and its cycles are counted
/// back from `A`, with a partial first cycle when they do not reach `S` exactly.
///
/// ```
/// use chrono::{Datelike, NaiveDate};
/// use csp_core::calendar::nce::NceTerm;
/// use csp_core::calendar::Period;
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// // E7: a one-year term bought 2021-04-22 and ending 2022-04-02 is 346 days long.
/// let term = NceTerm::first(d(2021, 4, 22), 12, 1, Some(d(2022, 4, 2)))?;
/// assert!(term.is_shortened());
/// assert_eq!(term.period().days(), 346);
/// assert_eq!(term.anchor(), d(2022, 4, 3));
/// // Billed monthly: a partial first cycle up to 2 May, counted as the 30 days of 3 April –
/// // 2 May, then whole cycles from the 3rd.
/// let cycles = term.cycles()?;
/// assert_eq!(cycles.len(), 12);
/// assert_eq!(cycles[0].period, Period::new(d(2021, 4, 22), d(2021, 5, 2))?);
/// assert_eq!(cycles[0].days_in_cycle(), 30);
/// assert_eq!(cycles[1].period, Period::new(d(2021, 5, 3), d(2021, 6, 2))?);
/// // The next term is a full year from the anchor.
/// assert_eq!(term.next()?.period(), Period::new(d(2022, 4, 3), d(2023, 4, 2))?);
/// # Ok::<(), csp_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NceTerm {
    period: Period,
    anchor: NaiveDate,
    term_months: u32,
    cycle_months: u32,
    /// `k` of a natural term `[add_months(A, k·m), add_months(A, (k+1)·m) − 1]`; `None` for
    /// a shortened first term (which ends the day before `A`).
    index: Option<u32>,
}

impl NceTerm {
    /// The first term from `start`, `term_months` long, billed every `cycle_months`, ending at
    /// `custom_end` when given (equal to the natural end, it is a natural term).
    ///
    /// # Errors
    /// `invalid_input` for a term of 0 months or a cycle of 0 months or one that does not
    /// divide the term; `coterm_date_invalid` (rule `term`) for a custom end outside
    /// `[start, natural_end(start, term_months)]`; `date_out_of_range` beyond chrono's calendar.
    pub fn first(
        start: NaiveDate,
        term_months: u32,
        cycle_months: u32,
        custom_end: Option<NaiveDate>,
    ) -> Result<NceTerm> {
        check_lengths(term_months, cycle_months)?;
        let natural = natural_end(start, term_months)?;
        let end = match custom_end {
            Some(end) if end != natural => end,
            _ => return NceTerm::natural(start, term_months, cycle_months, 0),
        };
        check_within_first_term(start, end, natural)?;
        Ok(NceTerm {
            period: Period::new(start, end)?,
            anchor: add_days(end, 1)?,
            term_months,
            cycle_months,
            index: None,
        })
    }

    /// Natural term `index` from `anchor`.
    fn natural(
        anchor: NaiveDate,
        term_months: u32,
        cycle_months: u32,
        index: u32,
    ) -> Result<NceTerm> {
        let number = index
            .checked_add(1)
            .ok_or_else(|| beyond(anchor, index, term_months))?;
        let period = TermSchedule::new(anchor, term_months, cycle_months).term(number)?;
        Ok(NceTerm {
            period,
            anchor,
            term_months,
            cycle_months,
            index: Some(index),
        })
    }

    /// The days of the term.
    pub fn period(&self) -> Period {
        self.period
    }

    /// The anchor `A` (§13.2.2): the first day of the first full-length term — the start, or
    /// `E + 1` after a shortened first term ending `E`.
    pub fn anchor(&self) -> NaiveDate {
        self.anchor
    }

    /// The term length `m` in months.
    pub fn term_months(&self) -> u32 {
        self.term_months
    }

    /// The billing cycle length `c` in months.
    pub fn cycle_months(&self) -> u32 {
        self.cycle_months
    }

    /// Whether this is a shortened first term (a custom end before the natural end).
    pub fn is_shortened(&self) -> bool {
        self.index.is_none()
    }

    /// The following term of the same length and cycle, computed from the anchor, never
    /// chained: `[add_months(A, k·m), add_months(A, (k+1)·m) − 1]`.
    ///
    /// # Errors
    /// `date_out_of_range` beyond chrono's calendar.
    pub fn next(&self) -> Result<NceTerm> {
        let index = match self.index {
            None => 0,
            Some(k) => k
                .checked_add(1)
                .ok_or_else(|| beyond(self.anchor, k, self.term_months))?,
        };
        NceTerm::natural(self.anchor, self.term_months, self.cycle_months, index)
    }

    /// The term that follows at renewal with possibly another length, cycle or custom end.
    /// The same length without a custom end continues on the anchor ([`NceTerm::next`] with
    /// the new cycle); another length or a custom end re-anchors on the renewal day
    /// (§13.2.2), as [`NceTerm::first`] from it.
    ///
    /// # Errors
    /// As [`NceTerm::first`].
    pub fn renewal(
        &self,
        term_months: u32,
        cycle_months: u32,
        custom_end: Option<NaiveDate>,
    ) -> Result<NceTerm> {
        if term_months == self.term_months && custom_end.is_none() {
            return self.next()?.with_cycle_months(cycle_months);
        }
        let renewal_day = add_days(self.period.last(), 1)?;
        NceTerm::first(renewal_day, term_months, cycle_months, custom_end)
    }

    /// The same term with another cycle length anchored on `A` (a plan change, §13.11.2).
    ///
    /// # Errors
    /// `invalid_input` for a cycle of 0 months or one that does not divide the term.
    pub fn with_cycle_months(&self, cycle_months: u32) -> Result<NceTerm> {
        check_lengths(self.term_months, cycle_months)?;
        Ok(NceTerm {
            cycle_months,
            ..*self
        })
    }

    /// Every cycle of the term in order; they partition the term (§13.2.3–4).
    ///
    /// # Errors
    /// `date_out_of_range` beyond chrono's calendar.
    pub fn cycles(&self) -> Result<Vec<Cycle>> {
        let Some(k) = self.index else {
            return self.shortened_cycles();
        };
        let n = self.term_months / self.cycle_months;
        let mut out = Vec::with_capacity(usize::try_from(n).unwrap_or(0));
        for j in 0..n {
            out.push(self.natural_cycle(k, i64::from(j))?);
        }
        Ok(out)
    }

    /// The cycle holding `day`.
    ///
    /// # Errors
    /// `date_outside_term` when `day` is outside the term; `date_out_of_range` beyond
    /// chrono's calendar.
    pub fn cycle_at(&self, day: NaiveDate) -> Result<Cycle> {
        self.period.require_in_term(day)?;
        match self.index {
            Some(k) => {
                // Cycle j starts in month index(A) + k·m + j·c: the last one starting on or
                // before `day` is in day's month or the one before it.
                let c = i64::from(self.cycle_months);
                let months_in = month_index(day) - month_index(self.period.first());
                let last = i64::from(self.term_months / self.cycle_months) - 1;
                let mut j = (months_in / c).min(last);
                if j > 0 && self.natural_boundary(k, j)? > day {
                    j -= 1;
                }
                self.natural_cycle(k, j)
            }
            None => {
                // The first back boundary b_i on or before `day` (i ≥ 1): in day's month when
                // i·c is exactly the months from day's month to A's, else earlier.
                let c = i64::from(self.cycle_months);
                let months_back = month_index(self.anchor) - month_index(day);
                let mut i = ((months_back + c - 1) / c).max(1);
                if i * c == months_back && self.back(i)? > day {
                    i += 1;
                }
                if self.back(i)? >= self.period.first() {
                    self.back_cycle(i)
                } else {
                    self.partial_cycle(i - 1)
                }
            }
        }
    }

    /// The first cycle start strictly after `day` inside the term, if any (the term's start
    /// for a day before it).
    ///
    /// # Errors
    /// `date_out_of_range` beyond chrono's calendar.
    pub fn next_cycle_start(&self, day: NaiveDate) -> Result<Option<NaiveDate>> {
        if day < self.period.first() {
            return Ok(Some(self.period.first()));
        }
        if day >= self.period.last() {
            return Ok(None);
        }
        let cycle = self.cycle_at(day)?;
        if cycle.last() < self.period.last() {
            add_days(cycle.last(), 1).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Boundary `j` of natural term `k`: `add_months(A, k·m + j·c)`.
    fn natural_boundary(&self, k: u32, j: i64) -> Result<NaiveDate> {
        let months = i64::from(k) * i64::from(self.term_months) + j * i64::from(self.cycle_months);
        shift_months(self.anchor, months)
    }

    /// Cycle `j` (0-based) of natural term `k`.
    fn natural_cycle(&self, k: u32, j: i64) -> Result<Cycle> {
        let first = self.natural_boundary(k, j)?;
        let next = self.natural_boundary(k, j + 1)?;
        Ok(Cycle::whole(Period::new(first, add_days(next, -1)?)?))
    }

    /// `b_i = add_months(R, −i·c)` of a shortened first term (`R = A = E + 1`).
    fn back(&self, i: i64) -> Result<NaiveDate> {
        shift_months(self.anchor, -i * i64::from(self.cycle_months))
    }

    /// The whole cycle `[b_i, b_{i−1} − 1]` of a shortened first term (`i ≥ 1`).
    fn back_cycle(&self, i: i64) -> Result<Cycle> {
        let last = add_days(self.back(i - 1)?, -1)?;
        Ok(Cycle::whole(Period::new(self.back(i)?, last)?))
    }

    /// The partial first cycle `[S, b_k − 1]` of a shortened first term, with its reference
    /// cycle `[b_{k+1}, b_k − 1]` (pinned P8); `k` is the largest `i` with `b_i ≥ S`.
    fn partial_cycle(&self, k: i64) -> Result<Cycle> {
        let last = add_days(self.back(k)?, -1)?;
        Ok(Cycle {
            period: Period::new(self.period.first(), last)?,
            reference: Period::new(self.back(k + 1)?, last)?,
        })
    }

    /// The cycles of a shortened first term `[S, E]` (§13.2.4): `[b_i, b_{i−1} − 1]` for
    /// `i = k … 1`, preceded when `b_k > S` by the partial first cycle.
    fn shortened_cycles(&self) -> Result<Vec<Cycle>> {
        let start = self.period.first();
        // b_i lies in month index(A) − i·c: the largest i with b_i ≥ S has b_i in S's month
        // or a later one (b_0 = A > S).
        let c = i64::from(self.cycle_months);
        let mut k = (month_index(self.anchor) - month_index(start)) / c;
        if k > 0 && self.back(k)? < start {
            k -= 1;
        }
        let mut out = Vec::with_capacity(usize::try_from(k + 1).unwrap_or(0));
        if self.back(k)? > start {
            out.push(self.partial_cycle(k)?);
        }
        for i in (1..=k).rev() {
            out.push(self.back_cycle(i)?);
        }
        Ok(out)
    }
}

/// A term of at least a month, billed every `cycle_months ≥ 1` dividing it, else
/// `invalid_input`.
fn check_lengths(term_months: u32, cycle_months: u32) -> Result<()> {
    if term_months == 0 {
        return Err(Error::InvalidInput {
            what: "term length",
            text: "0 months".to_string(),
            expected: "a term of at least 1 month",
        });
    }
    if cycle_months == 0 || term_months % cycle_months != 0 {
        return Err(Error::InvalidInput {
            what: "billing cycle",
            text: format!("{cycle_months} months for a {term_months}-month term"),
            expected: "a cycle of whole months that divides the term (1, 12 or 36)",
        });
    }
    Ok(())
}

/// `date_out_of_range` for the term after term `index` (terms of `term_months`) from
/// `anchor`, when there is no such term number.
fn beyond(anchor: NaiveDate, index: u32, term_months: u32) -> Error {
    Error::DateOutOfRange {
        date: anchor,
        amount: (i64::from(index) + 1) * i64::from(term_months),
        unit: "months",
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_props;
