//! How recon files and reports write values: money with at least the currency's minor units,
//! and CSV records quoted as RFC 4180 says. One place for the file renderer
//! ([`super::render`]), the report's CSV, JSON and HTML, and the bindings.

use std::fmt::{self, Write};

use rust_decimal::Decimal;

/// `value` with at least `m` decimals, never fewer than it has, and never `-0`.
///
/// ```
/// use csp_core::recon::money_scaled;
/// use rust_decimal::Decimal;
/// assert_eq!(money_scaled(Decimal::from(4), 2).to_string(), "4.00");
/// assert_eq!(money_scaled("0.03825".parse().unwrap(), 2).to_string(), "0.03825");
/// assert_eq!(money_scaled("-0.00".parse().unwrap(), 2).to_string(), "0.00");
/// ```
pub fn money_scaled(value: Decimal, m: u32) -> Decimal {
    let mut v = value;
    if v.is_zero() {
        v.set_sign_positive(true);
    }
    if v.scale() < m {
        v.rescale(m);
    }
    v
}

/// [`money_scaled`] as text.
pub fn money_text(value: Decimal, m: u32) -> String {
    money_scaled(value, m).to_string()
}

/// One CSV record and its `\n`, each field quoted (RFC 4180) when it holds a comma, a quote
/// or a line break.
pub(crate) fn write_csv_record<'a>(
    out: &mut impl Write,
    fields: impl Iterator<Item = &'a str>,
) -> fmt::Result {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.write_char(',')?;
        }
        if field.contains([',', '"', '\n', '\r']) {
            out.write_char('"')?;
            for (j, part) in field.split('"').enumerate() {
                if j > 0 {
                    out.write_str("\"\"")?;
                }
                out.write_str(part)?;
            }
            out.write_char('"')?;
        } else {
            out.write_str(field)?;
        }
    }
    out.write_char('\n')
}
