//! Custom term ends: calendar alignment, coterminous ends and their checks (SPEC-NCE §13.3).

use chrono::{Datelike, NaiveDate};

use super::{natural_end, NceTerm};
use crate::calendar::{add_days, YearMonth};
use crate::error::{Error, Result};

/// The latest month end on or before the natural end of a term of `term_months` from
/// `start`: the calendar-aligned custom end (§13.3.2). A one-month term bought on a month's
/// last day gets `E = S`.
///
/// ```
/// use chrono::{Datelike, NaiveDate};
/// use csp_core::calendar::nce::calendar_aligned_end;
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// // E8: bought 2022-07-15.
/// assert_eq!(calendar_aligned_end(d(2022, 7, 15), 1)?, d(2022, 7, 31));
/// assert_eq!(calendar_aligned_end(d(2022, 7, 15), 12)?, d(2023, 6, 30));
/// # Ok::<(), csp_core::Error>(())
/// ```
///
/// # Errors
/// `invalid_input` for a term of 0 months; `date_out_of_range` beyond chrono's calendar.
pub fn calendar_aligned_end(start: NaiveDate, term_months: u32) -> Result<NaiveDate> {
    let natural = natural_end(start, term_months)?;
    let month = YearMonth::of(natural);
    if month.last_day() == natural {
        Ok(natural)
    } else {
        add_days(month.first_day(), -1)
    }
}

/// The ends a new term from `start` of `term_months` may take to be coterminous with an
/// existing term `with` (§13.3.3–4): `with`'s end and its later terms' ends (through
/// [`NceTerm::next`]) that lie in `[start, natural_end(start, term_months)]`, in order; for a
/// one-month term, without the ends on a 28th–30th that are not their month's last day.
///
/// ```
/// use chrono::{Datelike, NaiveDate};
/// use csp_core::calendar::nce::{coterm_ends, NceTerm};
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// // E8: a P1Y ending 2022-10-01; a P3Y bought 2022-07-01 may end on any of its ends.
/// let p1y = NceTerm::first(d(2021, 10, 2), 12, 1, None)?;
/// assert_eq!(
///     coterm_ends(d(2022, 7, 1), 36, &p1y)?,
///     [d(2022, 10, 1), d(2023, 10, 1), d(2024, 10, 1)]
/// );
/// # Ok::<(), csp_core::Error>(())
/// ```
///
/// # Errors
/// `coterm_not_allowed` for a term longer than a month with a one-month `with`;
/// `invalid_input` for a term of 0 months; `date_out_of_range` beyond chrono's calendar.
pub fn coterm_ends(start: NaiveDate, term_months: u32, with: &NceTerm) -> Result<Vec<NaiveDate>> {
    let natural = natural_end(start, term_months)?;
    if term_months > 1 && with.term_months() == 1 {
        return Err(Error::CotermNotAllowed {
            reason: format!(
                "a {term_months}-month term cannot be coterminous with a one-month term"
            ),
        });
    }
    let mut out = Vec::new();
    let mut term = *with;
    while term.period().last() <= natural {
        let end = term.period().last();
        if end >= start && !(term_months == 1 && is_unaligned_day_28_to_30(end)) {
            out.push(end);
        }
        term = term.next()?;
    }
    Ok(out)
}

/// Checks a custom end asked for a term of `term_months` starting on `start` (§13.3.1,
/// §13.3.4), under the program's `custom_end_dates_from`.
///
/// ```
/// use chrono::{Datelike, NaiveDate};
/// use csp_core::calendar::nce::check_custom_end;
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// let from = Some(d(2022, 3, 10));
/// assert!(check_custom_end(d(2022, 7, 15), 12, d(2023, 6, 30), from).is_ok());
/// let late = check_custom_end(d(2022, 7, 15), 12, d(2023, 7, 15), from).unwrap_err();
/// assert_eq!(late.code(), "coterm_date_invalid");
/// # Ok::<(), csp_core::Error>(())
/// ```
///
/// # Errors
/// In this order: `coterm_not_allowed` when the program has no custom ends
/// (`custom_end_dates_from` is `None`); `coterm_date_invalid` with rule
/// `custom_end_dates_from` for a start before that date; `coterm_date_invalid` with rule
/// `term` for an end before the start or after the natural end, or, for a one-month term, an
/// end on a 28th–30th that is not its month's last day; `invalid_input` for a term of 0
/// months.
pub fn check_custom_end(
    start: NaiveDate,
    term_months: u32,
    end: NaiveDate,
    custom_end_dates_from: Option<NaiveDate>,
) -> Result<()> {
    let Some(from) = custom_end_dates_from else {
        return Err(Error::CotermNotAllowed {
            reason: "the program offers no custom term ends (custom_end_dates_from)".to_string(),
        });
    };
    if start < from {
        return Err(Error::CotermDateInvalid {
            end,
            reason: format!(
                "custom term ends start with terms from {from}; this term starts {start}"
            ),
            rule: "custom_end_dates_from",
        });
    }
    check_within_first_term(start, end, natural_end(start, term_months)?)?;
    if term_months == 1 && is_unaligned_day_28_to_30(end) {
        return Err(Error::CotermDateInvalid {
            end,
            reason: "a one-month term may end on a 28th to 30th only on its month's last day"
                .to_string(),
            rule: "term",
        });
    }
    Ok(())
}

/// `start ≤ end ≤ natural` ("within the first term", §13.3.1, pinned P10), else
/// `coterm_date_invalid` with rule `term`.
pub(super) fn check_within_first_term(
    start: NaiveDate,
    end: NaiveDate,
    natural: NaiveDate,
) -> Result<()> {
    let reason = if end < start {
        format!("it is before the term start {start}")
    } else if end > natural {
        format!("it is after the natural end {natural}")
    } else {
        return Ok(());
    };
    Err(Error::CotermDateInvalid {
        end,
        reason,
        rule: "term",
    })
}

/// A 28th, 29th or 30th that is not its month's last day (not a one-month term's end, §13.3.4).
fn is_unaligned_day_28_to_30(day: NaiveDate) -> bool {
    (28..=30).contains(&day.day()) && YearMonth::of(day).last_day() != day
}
