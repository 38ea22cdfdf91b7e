//! Bytes of a price file (or any text input) into text: UTF-8, or UTF-16 with a byte order
//! mark (SPEC §3: parsing takes text; this is the one place bytes become text).

use std::borrow::Cow;

use crate::error::{Error, Result};

/// The text of `bytes`, decoded from the encodings a spreadsheet's CSV export uses:
///
/// - UTF-8, with or without a byte order mark (the mark is removed);
/// - UTF-16 little- or big-endian **with** its byte order mark (Excel's "Unicode text").
///
/// Everything else is refused with `invalid_encoding`, naming the line of the first byte
/// that cannot be read and saying to save the file as UTF-8: invalid UTF-8 (typically a
/// Latin-1 or Windows-1252 export, where `é` is the single byte `0xE9`), UTF-32, UTF-16
/// without a byte order mark (recognised by a NUL byte among the first two: no text file
/// starts with a NUL), and UTF-16 of odd length or with an unpaired surrogate. Guessing a
/// legacy code page is never attempted: a wrong guess would misread names, not prices, but
/// silently.
///
/// ```
/// use csp_core::price_list::decode_text;
/// assert_eq!(decode_text(b"\xEF\xBB\xBFOffer ID\n")?, "Offer ID\n");
/// assert_eq!(decode_text(b"\xFF\xFEO\x00k\x00")?, "Ok");
/// let e = decode_text(b"Offer ID\nCaf\xE9\n").unwrap_err();
/// assert_eq!((e.code(), e.position()), ("invalid_encoding", Some((2, 0))));
/// # Ok::<(), csp_core::Error>(())
/// ```
///
/// # Errors
/// `invalid_encoding`, as above.
pub fn decode_text(bytes: &[u8]) -> Result<Cow<'_, str>> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(bytes, rest, 3);
    }
    if bytes.starts_with(b"\xFF\xFE\x00\x00") || bytes.starts_with(b"\x00\x00\xFE\xFF") {
        return Err(refuse(1, "it is UTF-32".to_string()));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes, "UTF-16 little-endian");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes, "UTF-16 big-endian");
    }
    if bytes.iter().take(2).any(|b| *b == 0) {
        return Err(refuse(
            1,
            "it starts with a NUL byte, as UTF-16 without a byte order mark does".to_string(),
        ));
    }
    utf8(bytes, bytes, 0)
}

/// `rest` (the part of `all` from byte `skipped`) as UTF-8.
fn utf8<'a>(all: &[u8], rest: &'a [u8], skipped: usize) -> Result<Cow<'a, str>> {
    std::str::from_utf8(rest).map(Cow::Borrowed).map_err(|e| {
        let at = skipped + e.valid_up_to();
        let byte = all.get(at).copied().unwrap_or_default();
        refuse(
            line_at(all, at),
            format!(
                "byte 0x{byte:02X} at offset {at} is not UTF-8 (Latin-1 or Windows-1252 text?)"
            ),
        )
    })
}

/// `bytes` (after the byte order mark) as UTF-16 code units read by `unit`.
fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16, name: &str) -> Result<Cow<'static, str>> {
    if bytes.len() % 2 != 0 {
        return Err(refuse(
            1,
            format!("it has a {name} byte order mark but an odd number of bytes"),
        ));
    }
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut line = 1;
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                line += u64::from(c == '\n');
                text.push(c);
            }
            Err(e) => {
                return Err(refuse(
                    line,
                    format!(
                        "{name} with an unpaired surrogate 0x{:04X}",
                        e.unpaired_surrogate()
                    ),
                ))
            }
        }
    }
    Ok(Cow::Owned(text))
}

/// The 1-based line of byte `at`.
fn line_at(bytes: &[u8], at: usize) -> u64 {
    let before = bytes.get(..at).unwrap_or(bytes);
    before.iter().filter(|b| **b == b'\n').count() as u64 + 1
}

fn refuse(line: u64, detail: String) -> Error {
    Error::InvalidEncoding {
        line,
        column: 0,
        detail,
    }
}
