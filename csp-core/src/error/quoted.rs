//! A text in double quotes for a message, escaped as Rust's `{:?}` writes it (SPEC §9).

use std::fmt;

/// A text in double quotes for a message, with `"`, `\` and control characters escaped as
/// in Rust's `{:?}` (`\n`, `\t`, `\u{1b}`…), written without Rust's Unicode printability
/// tables (which would weigh on the WASM build).
pub(crate) struct Quoted<'a>(pub(crate) &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        f.write_char('"')?;
        for c in self.0.chars() {
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
        f.write_char('"')
    }
}
