//! The strict readers of input values: one per kind of value (SPEC §1.4, §9; issue "trust at
//! the edges").
//!
//! Every entry point — the scenario and settings JSON, the price files, the CLI's arguments,
//! the Python and JavaScript bindings — reads a money amount, a date, a count or an id through
//! these functions, so a text is accepted or refused the same way everywhere, with the same
//! explanation:
//!
//! | kind | reader | accepted |
//! |---|---|---|
//! | amount | [`amount`] | plain decimal text `digits[.digits]`, no exponent, no separators, no `+`; `-` only for [`AmountKind::Exact`]; at most 6 decimals for prices, fees, percentages and rates; the range of its kind |
//! | date | [`date`], [`check_date`] | `YYYY-MM-DD` between [`FIRST_DATE`] and [`LAST_DATE`] |
//! | count | [`seats`], [`count`] | a whole number in the kind's range ([`MAX_SEATS`] seats) |
//! | id | [`id`] | non-empty text of at most [`MAX_ID_CHARS`] characters without control characters |
//!
//! ```
//! use csp_core::input::{amount, AmountKind};
//! assert_eq!(amount("4.00", AmountKind::Price)?.to_string(), "4.00");
//! assert_eq!(amount("-4.00", AmountKind::Price).unwrap_err().code(), "invalid_input");
//! assert_eq!(amount("1e3", AmountKind::Price).unwrap_err().code(), "invalid_input");
//! let err = amount("8.75", AmountKind::TaxRate).unwrap_err();
//! assert!(err.to_string().contains("0.0875"), "{err}");
//! # Ok::<(), csp_core::Error>(())
//! ```

mod amount;
mod count;
mod date;
mod id;
mod instant;
#[cfg(feature = "serde")]
pub(crate) mod json_doc;
#[cfg(feature = "serde")]
pub(crate) mod serde_fields;
mod trim;

#[cfg(test)]
pub(crate) use amount::general as general_amount;
pub use amount::{amount, read_amount, AmountKind, AmountProblem, MAX_DECIMALS};
pub(crate) use count::is_seat_change;
pub use count::{count, seat_change, seats, MAX_SEATS};
pub use date::{check_date, date, FIRST_DATE, FIRST_FILE_YEAR, LAST_DATE};
pub use id::{id, MAX_ID_CHARS};
pub use instant::instant;
pub(crate) use trim::trim;

/// The largest input file any entry point reads (1 GiB): a scenario of 100,000 customers
/// with a year of events is about 150 MB. The core reads no files; the CLI and the bindings
/// stop reading at this size and refuse the file (so `/dev/zero` is refused, not read forever).
pub const MAX_FILE_BYTES: u64 = 1 << 30;

#[cfg(test)]
mod tests;
