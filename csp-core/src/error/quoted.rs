//! A text in double quotes for a message, escaped as Rust's `{:?}` writes it, and shortened
//! when long (SPEC §9).

use std::fmt;

/// A text in double quotes for a message, with `"`, `\` and control characters escaped as
/// in Rust's `{:?}` (`\n`, `\t`, `\u{1b}`…), written without Rust's Unicode printability
/// tables (which would weigh on the WASM build). A text longer than [`SHOWN`] characters is
/// cut after its first [`SHOWN`] and followed by its length, so that a 1,000,000-character
/// field is not echoed whole: `"ABCD…" (1000000 characters)`.
pub(crate) struct Quoted<'a>(pub(crate) &'a str);

/// How many characters of a text a message shows.
pub(crate) const SHOWN: usize = 60;

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        f.write_char('"')?;
        let long = self.0.chars().nth(SHOWN).is_some();
        for c in self.0.chars().take(SHOWN) {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                '\n' => f.write_str("\\n")?,
                '\r' => f.write_str("\\r")?,
                '\t' => f.write_str("\\t")?,
                '\0' => f.write_str("\\0")?,
                c if c.is_control() => write!(f, "\\u{{{:x}}}", u32::from(c))?,
                c => f.write_char(c)?,
            }
        }
        if long {
            write!(f, "…\" ({} characters)", self.0.chars().count())
        } else {
            f.write_char('"')
        }
    }
}

/// A message from elsewhere (serde's, which may quote a whole input value) cut to at most
/// `max` characters, with the length of what was cut.
pub(crate) fn shortened(text: String, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text,
        Some((at, _)) => format!("{}… ({} characters)", &text[..at], text.chars().count()),
    }
}
