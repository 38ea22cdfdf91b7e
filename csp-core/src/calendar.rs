//! Civil dates: closed periods, anchor-based month arithmetic, months (SPEC §1.2, §1.3).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate};

use crate::error::{Error, Result};

pub mod nce;
mod schedule;
pub use schedule::{period_offsets, TermSchedule};

/// Whether `year` is a Gregorian leap year.
///
/// ```
/// use csp_core::calendar::is_leap_year;
/// assert!(is_leap_year(2016) && is_leap_year(2000) && !is_leap_year(1900) && !is_leap_year(2017));
/// ```
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days of `month` (1–12) in `year`; 0 for a month outside 1–12.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// `anchor` plus `months` months, computed from the anchor with the day clamped to the target
/// month's length (SPEC §1.3). Never chain calls: `add_months(a, 2)`, not
/// `add_months(add_months(a, 1), 1)`.
///
/// ```
/// use chrono::NaiveDate;
/// use csp_core::calendar::add_months;
/// let jan31 = NaiveDate::from_ymd_opt(2021, 1, 31).unwrap();
/// assert_eq!(add_months(jan31, 1)?, NaiveDate::from_ymd_opt(2021, 2, 28).unwrap());
/// assert_eq!(add_months(jan31, 2)?, NaiveDate::from_ymd_opt(2021, 3, 31).unwrap());
/// # Ok::<(), csp_core::Error>(())
/// ```
///
/// # Errors
/// `date_out_of_range` when the result is beyond chrono's calendar (year ±262 143).
pub fn add_months(anchor: NaiveDate, months: u32) -> Result<NaiveDate> {
    shift_months(anchor, i64::from(months))
}

/// `anchor` moved by `months` months (negative moves back), the day clamped to the target
/// month's length: [`add_months`] in both directions, computed from the anchor.
///
/// # Errors
/// `date_out_of_range` when the result is beyond chrono's calendar.
pub(crate) fn shift_months(anchor: NaiveDate, months: i64) -> Result<NaiveDate> {
    let out_of_range = || Error::DateOutOfRange {
        date: anchor,
        amount: months,
        unit: "months",
    };
    let index = month_index(anchor)
        .checked_add(months)
        .ok_or_else(out_of_range)?;
    let year = i32::try_from(index.div_euclid(12)).map_err(|_| out_of_range())?;
    let month = u32::try_from(index.rem_euclid(12)).map_err(|_| out_of_range())? + 1;
    let day = anchor.day().min(days_in_month(year, month));
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(out_of_range)
}

/// The month of `date` counted from January of year 0 (`year · 12 + month − 1`): two dates
/// `add_months`/[`shift_months`] apart by `n` are `n` apart here.
pub(crate) fn month_index(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 12 + i64::from(date.month0())
}

/// `date` plus `days` days (negative moves back).
///
/// # Errors
/// `date_out_of_range` beyond chrono's calendar.
pub fn add_days(date: NaiveDate, days: i64) -> Result<NaiveDate> {
    let moved = if days >= 0 {
        date.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        date.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    moved.ok_or(Error::DateOutOfRange {
        date,
        amount: days,
        unit: "days",
    })
}

/// Whole days from `a` to `b` (`b − a`; negative when `b` is earlier).
pub fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    b.signed_duration_since(a).num_days()
}

/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
const EPOCH_FROM_CE: i32 = 719_163;

/// `date` as a day number: days since 1970-01-01 (Arrow's `date32`, JavaScript's epoch
/// day). The batch kernel works on these.
///
/// ```
/// use chrono::NaiveDate;
/// use csp_core::calendar::{epoch_day, from_epoch_day};
/// let d = NaiveDate::from_ymd_opt(2016, 3, 1).unwrap();
/// assert_eq!(epoch_day(d), 16_861);
/// assert_eq!(from_epoch_day(16_861)?, d);
/// # Ok::<(), csp_core::Error>(())
/// ```
pub fn epoch_day(date: NaiveDate) -> i32 {
    // chrono's range (±262 143 years) is well inside i32 days from either origin.
    date.num_days_from_ce() - EPOCH_FROM_CE
}

/// The date of day number `day` (days since 1970-01-01).
///
/// # Errors
/// `date_out_of_range` beyond chrono's calendar.
pub fn from_epoch_day(day: i32) -> Result<NaiveDate> {
    day.checked_add(EPOCH_FROM_CE)
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .ok_or(Error::DateOutOfRange {
            date: NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(NaiveDate::MIN),
            amount: i64::from(day),
            unit: "days",
        })
}

/// A closed range of civil dates `[first, last]`, as Partner Center's `ChargeStartDate` ..
/// `ChargeEndDate` (SPEC §1.2). `days() = last − first + 1`.
///
/// ```
/// use chrono::NaiveDate;
/// use csp_core::calendar::Period;
/// let d = |m, day| NaiveDate::from_ymd_opt(2018, m, day).unwrap();
/// let p = Period::new(d(1, 13), d(2, 12))?;
/// assert_eq!(p.days(), 31);
/// let (before, after) = p.split_at(d(2, 1))?;
/// assert_eq!(before.unwrap().days(), 19); // 13–31 January
/// assert_eq!(after.days(), 12);           // 1–12 February
/// # Ok::<(), csp_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "PeriodRepr"))]
pub struct Period {
    first: NaiveDate,
    last: NaiveDate,
}

#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct PeriodRepr {
    #[serde(with = "crate::input::serde_fields::date")]
    first: NaiveDate,
    #[serde(with = "crate::input::serde_fields::date")]
    last: NaiveDate,
}

#[cfg(feature = "serde")]
impl TryFrom<PeriodRepr> for Period {
    type Error = Error;
    fn try_from(r: PeriodRepr) -> Result<Self> {
        Period::new(r.first, r.last)
    }
}

impl Period {
    /// The period `[first, last]`.
    ///
    /// # Errors
    /// `invalid_period` when `last < first`.
    pub fn new(first: NaiveDate, last: NaiveDate) -> Result<Period> {
        if last < first {
            return Err(Error::InvalidPeriod { first, last });
        }
        Ok(Period { first, last })
    }

    /// The one-day period `[day, day]`.
    pub fn day(day: NaiveDate) -> Period {
        Period {
            first: day,
            last: day,
        }
    }

    /// First day (inclusive).
    pub fn first(&self) -> NaiveDate {
        self.first
    }

    /// Last day (inclusive).
    pub fn last(&self) -> NaiveDate {
        self.last
    }

    /// Number of days, both ends included (≥ 1).
    pub fn days(&self) -> u32 {
        u32::try_from(days_between(self.first, self.last) + 1).unwrap_or(u32::MAX)
    }

    /// Whether `date` lies in the period.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.first <= date && date <= self.last
    }

    /// Splits at `date`, the first day of the second part: `[first, date − 1]` and
    /// `[date, last]`. The first part is `None` when `date == first`.
    ///
    /// # Errors
    /// `date_outside_period` when `date` is not in the period.
    pub fn split_at(&self, date: NaiveDate) -> Result<(Option<Period>, Period)> {
        if !self.contains(date) {
            return Err(Error::DateOutsidePeriod {
                date,
                first: self.first,
                last: self.last,
            });
        }
        let after = Period {
            first: date,
            last: self.last,
        };
        if date == self.first {
            return Ok((None, after));
        }
        let before = Period {
            first: self.first,
            last: add_days(date, -1)?,
        };
        Ok((Some(before), after))
    }

    /// The days `[date, last]` (what a change on `date` covers).
    ///
    /// # Errors
    /// `date_outside_period` when `date` is not in the period.
    pub fn from_date(&self, date: NaiveDate) -> Result<Period> {
        self.split_at(date).map(|(_, after)| after)
    }

    /// Checks that `date` lies in this period, taken as a term (a subscription's, a
    /// trial's).
    ///
    /// # Errors
    /// `date_outside_term` when it does not.
    pub fn require_in_term(&self, date: NaiveDate) -> Result<()> {
        if self.contains(date) {
            return Ok(());
        }
        Err(Error::DateOutsideTerm {
            date,
            first: self.first,
            last: self.last,
        })
    }

    /// The days both periods share, if any.
    pub fn intersect(&self, other: &Period) -> Option<Period> {
        let first = self.first.max(other.first);
        let last = self.last.min(other.last);
        (first <= last).then_some(Period { first, last })
    }
}

impl fmt::Display for Period {
    /// `2018-01-13..2018-02-12`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.first, self.last)
    }
}

/// A calendar month, e.g. `2016-03` (price lists start on the 1st of one; bills cover one).
///
/// ```
/// use csp_core::calendar::YearMonth;
/// let m: YearMonth = "2016-02".parse()?;
/// assert_eq!(m.last_day().to_string(), "2016-02-29");
/// assert_eq!(m.next()?.to_string(), "2016-03");
/// # Ok::<(), csp_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct YearMonth {
    first: NaiveDate,
}

impl YearMonth {
    /// The month of `year`/`month`.
    ///
    /// # Errors
    /// `invalid_input` for a month outside 1–12 or a year outside chrono's range.
    pub fn new(year: i32, month: u32) -> Result<YearMonth> {
        NaiveDate::from_ymd_opt(year, month, 1)
            .map(|first| YearMonth { first })
            .ok_or_else(|| Error::InvalidInput {
                what: "month",
                text: format!("{year:04}-{month:02}"),
                expected: "YYYY-MM with a month from 01 to 12",
            })
    }

    /// The month containing `date`.
    pub fn of(date: NaiveDate) -> YearMonth {
        YearMonth {
            first: date.with_day(1).unwrap_or(date),
        }
    }

    /// Year.
    pub fn year(&self) -> i32 {
        self.first.year()
    }

    /// Month, 1–12.
    pub fn month(&self) -> u32 {
        self.first.month()
    }

    /// The 1st of the month.
    pub fn first_day(&self) -> NaiveDate {
        self.first
    }

    /// The last day of the month.
    pub fn last_day(&self) -> NaiveDate {
        let days = days_in_month(self.year(), self.month());
        self.first.with_day(days).unwrap_or(self.first)
    }

    /// The whole month as a period.
    pub fn period(&self) -> Period {
        Period {
            first: self.first_day(),
            last: self.last_day(),
        }
    }

    /// The following month.
    ///
    /// # Errors
    /// `date_out_of_range` at the end of chrono's calendar.
    pub fn next(&self) -> Result<YearMonth> {
        add_months(self.first, 1).map(YearMonth::of)
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl FromStr for YearMonth {
    type Err = Error;
    /// Reads `YYYY-MM`.
    fn from_str(s: &str) -> Result<Self> {
        let bad = || Error::InvalidInput {
            what: "month",
            text: s.to_string(),
            expected: "YYYY-MM between 2000-01 and 9999-12, e.g. 2016-03",
        };
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 || !(y.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        let ym = YearMonth::new(year, month).map_err(|_| bad())?;
        // The one date range of every input (see `crate::input::date`).
        crate::input::check_date(ym.first_day()).map_err(|_| bad())?;
        Ok(ym)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for YearMonth {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for YearMonth {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Reads a date written `YYYY-MM-DD` within the documented range (the one date reader,
/// [`crate::input::date`]: 2000-01-01 to 9999-12-31).
///
/// # Errors
/// `invalid_input` for any other text.
pub fn parse_date(text: &str) -> Result<NaiveDate> {
    crate::input::date(text)
}

/// The shape `YYYY-MM-DD` (surrounding spaces ignored) read into a date of any year; `None`
/// for other text or a day the calendar does not have.
pub(crate) fn read_iso_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let ok_shape = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !ok_shape {
        return None;
    }
    // The shape is checked: read the digits directly (chrono's format parser costs more
    // than a whole proration).
    let number = |range: std::ops::Range<usize>| {
        t.as_bytes().get(range).map(|digits| {
            digits
                .iter()
                .fold(0u32, |n, d| n * 10 + u32::from(d.wrapping_sub(b'0')))
        })
    };
    let year = i32::try_from(number(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)
}

#[cfg(test)]
mod tests;
