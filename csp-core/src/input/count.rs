//! The one reader of counts: seats, and other whole numbers with a range (SPEC §5, §9).

use crate::error::{Error, Result};

/// The most seats one event, line or quote may name.
///
/// Microsoft's largest tenants have a few hundred thousand users; a larger count is a typo or
/// a wrapped number (a JavaScript `2**32 + 2`), never a real order.
pub const MAX_SEATS: u32 = 1_000_000;

/// A seat count: a whole number from 1 to [`MAX_SEATS`].
///
/// Bindings check first that the value they were given is a whole number at all (not `2.9`,
/// not `NaN`), and pass it here as an integer.
///
/// ```
/// use csp_core::input::seats;
/// assert_eq!(seats(25)?, 25);
/// assert_eq!(seats(0).unwrap_err().code(), "invalid_quantity");
/// assert_eq!(seats(-1).unwrap_err().code(), "invalid_quantity");
/// assert_eq!(seats(4_294_967_298).unwrap_err().code(), "invalid_quantity");
/// # Ok::<(), csp_core::Error>(())
/// ```
///
/// # Errors
/// `invalid_quantity` for a count below 1 or above [`MAX_SEATS`].
pub fn seats(n: i64) -> Result<u32> {
    u32::try_from(n)
        .ok()
        .filter(|&q| (1..=MAX_SEATS).contains(&q))
        .ok_or_else(|| Error::InvalidQuantity {
            subscription: String::new(),
            detail: format!("{n} seats: expected a whole number of seats from 1 to {MAX_SEATS}"),
        })
}

/// A seat change: seats added (positive) or removed (negative), at least 1 and at most
/// [`MAX_SEATS`] either way.
///
/// # Errors
/// `invalid_quantity` naming `subscription` (which may be empty) for 0 seats or more than
/// [`MAX_SEATS`] either way.
pub fn seat_change(n: i64, subscription: impl FnOnce() -> String) -> Result<i64> {
    if n != 0 && n.unsigned_abs() <= u64::from(MAX_SEATS) {
        Ok(n)
    } else {
        Err(Error::InvalidQuantity {
            subscription: subscription(),
            detail: format!(
                "a seat change of {n} seats: expected 1 to {MAX_SEATS} seats added or removed"
            ),
        })
    }
}

/// Whether [`seat_change`] accepts `n` (for the batch kernel's fast paths, which leave every
/// other row to the checked path).
pub(crate) fn is_seat_change(n: i64) -> bool {
    n != 0 && n.unsigned_abs() <= u64::from(MAX_SEATS)
}

/// A whole number of some other kind (`what`: `days billed`, `invoice number`, `months`…)
/// within `min..=max`.
///
/// # Errors
/// `invalid_input` naming `what`, the number and `expected` (which should state the range).
pub fn count(
    n: i64,
    what: &'static str,
    min: u32,
    max: u32,
    expected: &'static str,
) -> Result<u32> {
    u32::try_from(n)
        .ok()
        .filter(|q| (min..=max).contains(q))
        .ok_or_else(|| Error::InvalidInput {
            what,
            text: n.to_string(),
            expected,
        })
}
