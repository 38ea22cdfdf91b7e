//! Exact money, currencies, explicit rounding and seat proration (SPEC §1.4, §1.5, §6.2, §6.4;
//! SPEC-NCE §12.4, §14.3–§14.4).
//!
//! Exact money: [`Currency`] (ISO 4217 with minor units), [`Money`], explicit [`Rounding`],
//! the seat-proration [`ProrationPolicy`] of SPEC §6.4, and NCE line money ([`nce`]: the
//! [`CyclePrice`] and the two truncation conventions of [`price_nce_line`]).
//!
//! No floating point anywhere: amounts are [`rust_decimal::Decimal`], and every operation that
//! can overflow or mix currencies returns an [`Error`](crate::Error) instead of panicking.

mod amount;
mod currency;
pub mod nce;
mod plain_decimal;
mod proration;
pub(crate) mod ratio;
mod rounding;

pub use amount::Money;
pub use currency::Currency;
pub use nce::{price_nce_line, CyclePrice, CycleShare, LineConvention, NceLineAmount};
pub use proration::{Proration, ProrationPolicy};
pub use rounding::{Rounding, RoundingMode};

pub(crate) use plain_decimal::unsigned_digits;
pub(crate) use ratio::Ratio;

#[cfg(test)]
mod tests;
