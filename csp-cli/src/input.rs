//! Reading input files and converting argument text with csp-core's parsers.

use std::borrow::Cow;
use std::path::Path;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, NaiveDate};
use csp_core::calendar::parse_date;
use csp_core::price_list::decode_text;

use crate::failure::{CliResult, Failure};

/// The whole text of a file (UTF-8).
///
/// # Errors
/// `io` when the file cannot be read or is not UTF-8.
pub fn read_text(path: &Path) -> CliResult<String> {
    std::fs::read_to_string(path).map_err(|error| Failure::Io {
        what: format!("cannot read {}", path.display()),
        error,
    })
}

/// The bytes of a file (a price file, decoded by [`price_text`]).
///
/// # Errors
/// `io` when the file cannot be read.
pub fn read_bytes(path: &Path) -> CliResult<Vec<u8>> {
    std::fs::read(path).map_err(|error| Failure::Io {
        what: format!("cannot read {}", path.display()),
        error,
    })
}

/// The text of the price file `path` read as `bytes`: UTF-8 (a byte order mark is removed)
/// or UTF-16 with a byte order mark, as the core's `decode_text` reads it (UTF-8 text is
/// borrowed from `bytes`, not copied).
///
/// # Errors
/// `invalid_encoding` (naming the file) for other encodings, e.g. a Latin-1 export.
pub fn price_text<'a>(path: &Path, bytes: &'a [u8]) -> CliResult<Cow<'a, str>> {
    decode_text(bytes).map_err(|e| Failure::in_file(path, e))
}

/// A `YYYY-MM-DD` argument.
///
/// # Errors
/// `invalid_input` from the core.
pub fn date(text: &str) -> CliResult<NaiveDate> {
    Ok(parse_date(text)?)
}

/// An optional `YYYY-MM-DD` argument.
///
/// # Errors
/// As [`date`].
pub fn opt_date(text: Option<&str>) -> CliResult<Option<NaiveDate>> {
    text.map(date).transpose()
}

/// An argument read with a core type's `FromStr` (month, currency, term duration…).
///
/// # Errors
/// The core's parse error.
pub fn parse<T: FromStr<Err = csp_core::Error>>(text: &str) -> CliResult<T> {
    Ok(text.parse()?)
}

/// Today's date in UTC, from the system clock (the core never reads one).
///
/// # Errors
/// `io` when the clock is before 1970 or beyond the calendar.
pub fn today_utc() -> CliResult<NaiveDate> {
    let bad_clock = |detail: &str| Failure::Io {
        what: "cannot read the system clock".to_string(),
        error: std::io::Error::other(detail.to_string()),
    };
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|_| bad_clock("the clock is before 1970"))?
        .as_secs();
    let secs = i64::try_from(secs).map_err(|_| bad_clock("the clock is out of range"))?;
    DateTime::from_timestamp(secs, 0)
        .map(|t| t.date_naive())
        .ok_or_else(|| bad_clock("the clock is out of range"))
}

/// Fails with a usage error naming what is missing when `value` is `None`.
///
/// # Errors
/// `usage` with `message`.
pub fn required<'a>(value: Option<&'a str>, message: &str) -> CliResult<&'a str> {
    value.ok_or_else(|| Failure::Usage(message.to_string()))
}
