//! The fast path of price-file timestamps: the two forms files write on every row (SPEC §3).
//!
//! `M/D/YYYY[ h:mm:ss AM|PM]` (also `H:mm:ss` in 24 hours) and `YYYY-MM-DD[THH:MM:SS[Z]]`,
//! written exactly so, are read here byte by byte. Any other text (spaces, lower case,
//! fractions, one-digit minutes, refusals) goes to the general reader, which alone decides
//! what is refused.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// A cursor over the bytes of one field.
struct Bytes<'a> {
    rest: &'a [u8],
}

impl Bytes<'_> {
    /// A number of `min..=max` ASCII digits.
    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        let n = self
            .rest
            .iter()
            .take(max)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if n < min {
            return None;
        }
        let (digits, rest) = self.rest.split_at(n);
        self.rest = rest;
        Some(digits.iter().fold(0, |v, d| v * 10 + u32::from(d - b'0')))
    }

    /// Consumes `text` when the bytes start with it.
    fn eat(&mut self, text: &[u8]) -> Option<()> {
        self.rest = self.rest.strip_prefix(text)?;
        Some(())
    }

    fn at_end(&self) -> bool {
        self.rest.is_empty()
    }
}

/// `h:mm:ss` then the end, ` AM` or ` PM`: the time of day.
fn clock(b: &mut Bytes<'_>, min_hour_digits: usize) -> Option<NaiveTime> {
    let h = b.number(min_hour_digits, 2)?;
    b.eat(b":")?;
    let m = b.number(2, 2)?;
    b.eat(b":")?;
    let s = b.number(2, 2)?;
    let hour = if b.at_end() {
        h
    } else {
        b.eat(b" ")?;
        let pm = match b.rest {
            b"AM" => false,
            b"PM" => true,
            _ => return None,
        };
        b.rest = &[];
        if !(1..=12).contains(&h) {
            return None;
        }
        (h % 12) + if pm { 12 } else { 0 }
    };
    NaiveTime::from_hms_opt(hour, m, s)
}

/// The timestamp when `text` is written exactly in one of the fast forms and valid.
pub(super) fn microsoft_or_iso(text: &[u8]) -> Option<NaiveDateTime> {
    let lead = text.iter().take_while(|b| b.is_ascii_digit()).count();
    let mut b = Bytes { rest: text };
    let date;
    if text.get(lead) == Some(&b'/') {
        let month = b.number(1, 2)?;
        b.eat(b"/")?;
        let day = b.number(1, 2)?;
        b.eat(b"/")?;
        let year = b.number(4, 4)?;
        date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
        if b.at_end() {
            return Some(date.and_time(NaiveTime::MIN));
        }
        b.eat(b" ")?;
    } else {
        if lead != 4 {
            return None;
        }
        let year = b.number(4, 4)?;
        b.eat(b"-")?;
        let month = b.number(2, 2)?;
        b.eat(b"-")?;
        let day = b.number(2, 2)?;
        date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
        if b.at_end() {
            return Some(date.and_time(NaiveTime::MIN));
        }
        b.eat(b"T")?;
        if b.rest.last() == Some(&b'Z') {
            b.rest = &b.rest[..b.rest.len() - 1];
        }
        if b.rest.len() != 8 {
            return None;
        }
    }
    Some(date.and_time(clock(&mut b, 1)?))
}
