//! The fast path of plain decimal text: unsigned digits with one optional point (SPEC §3).
//!
//! Price files write their prices as `99`, `104.4` or `9.60`. Such text up to 19 digits is
//! read here straight into a [`Decimal`] (mantissa and scale, as written); everything else
//! (signs, spaces, more digits, malformed text) goes to the general reader, which alone
//! decides what is refused.

use rust_decimal::Decimal;

/// The value of `digits[.digits]` with at most 19 digits (trailing zeros kept as scale);
/// `None` for any other text.
pub(crate) fn unsigned_digits(text: &str) -> Option<Decimal> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || bytes.len() > 20 {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut digits = 0u32;
    let mut point: Option<u32> = None;
    for &b in bytes {
        match b {
            b'0'..=b'9' => {
                if digits == 19 {
                    return None;
                }
                // 19 digits stay below 10^19 < 2^64: no overflow.
                mantissa = mantissa * 10 + u64::from(b - b'0');
                digits += 1;
            }
            b'.' if point.is_none() && digits > 0 => point = Some(digits),
            _ => return None,
        }
    }
    let scale = match point {
        None => 0,
        Some(at) if at < digits => digits - at,
        Some(_) => return None, // `12.`: the general reader decides
    };
    Some(Decimal::from_i128_with_scale(i128::from(mantissa), scale))
}

#[cfg(test)]
mod tests;
