//! The one reader of dates: `YYYY-MM-DD` within a documented range (SPEC §1.1).

use chrono::NaiveDate;

use crate::error::{Error, Result};

/// The first date any input may name. The CSP program began in 2014: an earlier date (year
/// 0000, a two-digit year read as 00xx) is a typo, and is refused rather than billed.
pub const FIRST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The last date any input may name (the year Microsoft's files use for "open-ended").
pub const LAST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// The first year a price file's own dates and timestamps may name: 1753, the placeholder
/// year Microsoft's exports use for "since always" (SPEC-NCE §12). Price files keep their
/// own formats (`M/D/YYYY h:mm:ss AM`…) and this wider range; every other date is [`date`]'s.
pub const FIRST_FILE_YEAR: i32 = 1753;

const EXPECTED: &str = "a date YYYY-MM-DD between 2000-01-01 and 9999-12-31, e.g. 2016-03-01 (two digits for month and day)";

/// Reads a date written `YYYY-MM-DD` (surrounding spaces ignored) within
/// [`FIRST_DATE`]`..=`[`LAST_DATE`].
///
/// ```
/// use csp_core::input::date;
/// assert_eq!(date("2016-03-01")?.to_string(), "2016-03-01");
/// for bad in ["2016-3-1", "0000-01-01", "2016-02-30", "01/03/2016", "2016-03-01T00:00:00"] {
///     assert_eq!(date(bad).unwrap_err().code(), "invalid_input", "{bad}");
/// }
/// # Ok::<(), csp_core::Error>(())
/// ```
///
/// # Errors
/// `invalid_input` naming the text and the accepted form.
pub fn date(text: &str) -> Result<NaiveDate> {
    crate::calendar::read_iso_date(text)
        .filter(|d| (FIRST_DATE..=LAST_DATE).contains(d))
        .ok_or_else(|| invalid(text.to_string()))
}

/// Checks a date a binding received as a date value (Python `datetime.date`, a JS `Date`
/// already converted) against the same range as [`date`].
///
/// # Errors
/// `invalid_input` for a date outside [`FIRST_DATE`]`..=`[`LAST_DATE`].
pub fn check_date(d: NaiveDate) -> Result<NaiveDate> {
    if (FIRST_DATE..=LAST_DATE).contains(&d) {
        Ok(d)
    } else {
        Err(invalid(d.to_string()))
    }
}

fn invalid(text: String) -> Error {
    Error::InvalidInput {
        what: "date",
        text,
        expected: EXPECTED,
    }
}
