//! Timestamps as Microsoft's price files write them (SPEC §3; SPEC-NCE §12.1.5).
//!
//! Accepted: `M/D/YYYY h:mm:ss AM` (and `PM`), `M/D/YYYY H:mm[:ss]` (24-hour), `M/D/YYYY`,
//! `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS[.fff][Z]` and `YYYY-MM-DD HH:MM:SS`. All are UTC.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

fn num<T: std::str::FromStr>(s: &str, max_len: usize) -> Option<T> {
    if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    let (y, m, d) = if s.contains('/') {
        let mut it = s.split('/');
        let (m, d, y) = (it.next()?, it.next()?, it.next()?);
        if it.next().is_some() || y.len() != 4 {
            return None;
        }
        (y, m, d)
    } else {
        let mut it = s.split('-');
        let (y, m, d) = (it.next()?, it.next()?, it.next()?);
        if it.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        (y, m, d)
    };
    NaiveDate::from_ymd_opt(num(y, 4)?, num(m, 2)?, num(d, 2)?)
}

fn parse_time(s: &str) -> Option<NaiveTime> {
    let s = s.trim().trim_end_matches(['Z', 'z']);
    let upper = s.to_ascii_uppercase();
    let (clock, meridiem) = if let Some(c) = upper.strip_suffix("AM") {
        (c.trim_end().to_string(), Some(false))
    } else if let Some(c) = upper.strip_suffix("PM") {
        (c.trim_end().to_string(), Some(true))
    } else {
        (upper, None)
    };
    let mut parts = clock.split(':');
    let h: u32 = num(parts.next()?, 2)?;
    let mi: u32 = num(parts.next()?, 2)?;
    let (sec, nano) = match parts.next() {
        None => (0, 0),
        Some(sec) => {
            let (whole, frac) = sec.split_once('.').unwrap_or((sec, ""));
            let nano = if frac.is_empty() {
                0
            } else {
                let digits: String = frac.chars().take(9).collect();
                let n: u32 = num(&digits, 9)?;
                n * 10u32.pow(9 - u32::try_from(digits.len()).ok()?)
            };
            if !frac.bytes().all(|b| b.is_ascii_digit()) || (sec.contains('.') && frac.is_empty()) {
                return None;
            }
            (num(whole, 2)?, nano)
        }
    };
    if parts.next().is_some() {
        return None;
    }
    let hour = match meridiem {
        None => h,
        Some(pm) => {
            if !(1..=12).contains(&h) {
                return None;
            }
            (h % 12) + if pm { 12 } else { 0 }
        }
    };
    NaiveTime::from_hms_nano_opt(hour, mi, sec, nano)
}

/// Reads a timestamp in one of the accepted forms; `None` for anything else.
pub(crate) fn parse_timestamp(text: &str) -> Option<NaiveDateTime> {
    fast::microsoft_or_iso(text.as_bytes()).or_else(|| general_timestamp(text))
}

/// [`parse_timestamp`] for every form it reads (the reference of its fast path).
pub(crate) fn general_timestamp(text: &str) -> Option<NaiveDateTime> {
    let t = text.trim();
    // `split_once` rather than slicing at a found index: the same split, without the
    // slicing's panic path (and the char formatting it brings into the WASM build).
    let (date, time) = match t.split_once([' ', 'T', 't']) {
        Some((date, time)) => (date, Some(time)),
        None => (t, None),
    };
    let date = parse_date(date)?;
    let time = match time {
        None => NaiveTime::MIN,
        Some(tm) => parse_time(tm)?,
    };
    Some(date.and_time(time))
}

mod fast;

#[cfg(test)]
mod tests;
