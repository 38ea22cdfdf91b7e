//! The one reader of instants: UTC, whole seconds (SPEC-NCE §11.1.1).

use chrono::{DateTime, NaiveTime, Timelike, Utc};

use super::date::date;
use crate::error::{Error, Result};

const EXPECTED: &str = "an instant YYYY-MM-DDTHH:MM:SSZ (UTC, whole seconds, e.g. 2022-03-01T10:30:00Z) or a date YYYY-MM-DD (meaning 00:00:00Z), between 2000-01-01 and 9999-12-31";

/// Reads an NCE event's instant: `YYYY-MM-DDTHH:MM:SSZ` in UTC and whole seconds, or a date
/// `YYYY-MM-DD` meaning its `T00:00:00Z` (SPEC-NCE §11.1.1); the date within
/// [`FIRST_DATE`](super::FIRST_DATE)`..=`[`LAST_DATE`](super::LAST_DATE). Another offset,
/// fractions of a second, a missing `Z` and a lower-case `t`/`z` are refused: Partner Center
/// writes UTC, and a local time read as UTC would move the hour windows.
///
/// ```
/// use csp_core::input::instant;
/// assert_eq!(instant("2022-03-01T10:30:00Z")?.to_rfc3339(), "2022-03-01T10:30:00+00:00");
/// assert_eq!(instant("2022-03-01")?.to_rfc3339(), "2022-03-01T00:00:00+00:00");
/// for bad in ["2022-03-01T10:30:00", "2022-03-01T10:30:00+01:00", "2022-03-01T10:30:00.5Z",
///             "2022-03-01 10:30:00Z", "2022-03-01T24:00:00Z", "2016-12-31T23:59:60Z", "1999-12-31T23:59:59Z"] {
///     assert_eq!(instant(bad).unwrap_err().code(), "invalid_input", "{bad}");
/// }
/// # Ok::<(), csp_core::Error>(())
/// ```
///
/// # Errors
/// `invalid_input` naming the text and the accepted forms.
pub fn instant(text: &str) -> Result<DateTime<Utc>> {
    let invalid = || Error::InvalidInput {
        what: "instant",
        text: text.to_string(),
        expected: EXPECTED,
    };
    let t = text.trim();
    if t.len() == 10 {
        return date(t)
            .map(|d| d.and_time(NaiveTime::MIN).and_utc())
            .map_err(|_| invalid());
    }
    let (day, rest) = t.split_at_checked(10).ok_or_else(invalid)?;
    let time = rest
        .strip_prefix('T')
        .and_then(|r| r.strip_suffix('Z'))
        .ok_or_else(invalid)?;
    let b = time.as_bytes();
    let digits = |i: usize| b[i].is_ascii_digit() && b[i + 1].is_ascii_digit();
    if b.len() != 8 || !digits(0) || b[2] != b':' || !digits(3) || b[5] != b':' || !digits(6) {
        return Err(invalid());
    }
    // A leap second (`23:59:60`) parses as a nanosecond count of a second or more: refused.
    let clock = NaiveTime::parse_from_str(time, "%H:%M:%S")
        .ok()
        .filter(|c| c.nanosecond() == 0)
        .ok_or_else(invalid)?;
    let d = date(day).map_err(|_| invalid())?;
    Ok(d.and_time(clock).and_utc())
}
