//! `str::trim` with a fast path for text that starts and ends with a visible ASCII character
//! (nearly every field of a price file), which has nothing to trim.

/// `text.trim()`: the same text, without the Unicode decoding when its first and last bytes
/// are ASCII that is not white space.
///
/// ```ignore
/// assert_eq!(trim(" a\u{a0}"), "a");
/// ```
#[inline]
pub(crate) fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (None, _) => text,
        (Some(&first), Some(&last)) if visible_ascii(first) && visible_ascii(last) => text,
        _ => text.trim(),
    }
}

/// An ASCII byte that `char::is_whitespace` does not match (tab, line feed, vertical tab,
/// form feed, carriage return and space are white space).
#[inline]
fn visible_ascii(b: u8) -> bool {
    b.is_ascii() && !matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        #[test]
        fn trims_as_str_trim_does(text in "[ \t\n\u{b}\u{c}\r\u{85}\u{a0}\u{2003}a\u{e9}.]{0,6}") {
            prop_assert_eq!(super::trim(&text), text.trim());
        }
    }

    #[test]
    fn every_ascii_byte_is_white_space_as_char_says() {
        for b in 0u8..0x80 {
            assert_eq!(
                super::visible_ascii(b),
                !char::from(b).is_whitespace(),
                "{b:#x}"
            );
        }
    }
}
