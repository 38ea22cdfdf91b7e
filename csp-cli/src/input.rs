//! Reading input files and converting argument text with csp-core's parsers.

use std::path::Path;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, NaiveDate};
use csp_core::calendar::parse_date;
use csp_core::input::MAX_FILE_BYTES;

use crate::failure::{CliResult, Failure};

/// The whole text of a file (UTF-8), read up to [`MAX_FILE_BYTES`] bytes.
///
/// # Errors
/// `io` when the file cannot be read, is larger than [`MAX_FILE_BYTES`] (a device such as
/// `/dev/zero` stops there) or is not UTF-8.
pub fn read_text(path: &Path) -> CliResult<String> {
    read_capped(path, MAX_FILE_BYTES).map_err(|error| Failure::Io {
        what: format!("cannot read {}", path.display()),
        error,
    })
}

/// The file's text, stopping after `cap` + 1 bytes.
fn read_capped(path: &Path, cap: u64) -> std::io::Result<String> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(std::io::Error::other(format!(
            "the file is larger than {}, the most csp reads (is it the right file?)",
            size(cap)
        )));
    }
    String::from_utf8(bytes).map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "the file is not UTF-8 text (save it as UTF-8)",
        )
    })
}

/// `1024 MiB`, or `16 bytes` below a MiB.
fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_cap_is_refused_after_reading_the_cap() {
        // A device that never ends is read up to the cap and refused, not read forever.
        let err = read_capped(Path::new("/dev/zero"), 1 << 16).unwrap_err();
        assert!(err.to_string().contains("larger than 65536 bytes"), "{err}");
        let dir = std::env::temp_dir().join(format!("csp-cap-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("sixteen.txt");
        std::fs::write(&file, "0123456789abcdef").unwrap();
        assert_eq!(read_capped(&file, 16).unwrap(), "0123456789abcdef");
        assert!(read_capped(&file, 15).is_err());
        std::fs::write(&file, b"caf\xe9").unwrap();
        let err = read_capped(&file, 16).unwrap_err();
        assert!(err.to_string().contains("not UTF-8"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
