//! Exact money, currencies, explicit rounding and seat proration (SPEC §1.4, §1.5, §6.2, §6.4;
//! SPEC-NCE §12.4, §14.3–§14.4, §16).
//!
//! Exact money: [`Currency`] (ISO 4217 with minor units), [`Money`], explicit [`Rounding`],
//! the seat-proration [`ProrationPolicy`] of SPEC §6.4, NCE line money ([`nce`]: the
//! [`CyclePrice`] and the two truncation conventions of [`price_nce_line`], converted into
//! the billing currency by [`price_nce_line_fx`]) and the exchange rates it reads
//! ([`FxRates`], SPEC-NCE §16).
//!
//! No floating point anywhere: amounts are [`rust_decimal::Decimal`], and every operation that
//! can overflow or mix currencies returns an [`Error`](crate::Error) instead of panicking.

mod amount;
mod currency;
mod fx;
pub mod nce;
mod plain_decimal;
mod proration;
pub(crate) mod ratio;
mod rounding;

pub use amount::Money;
pub use currency::Currency;
pub use fx::{FxRates, LineFx};
pub use nce::{
    price_nce_line, price_nce_line_fx, CyclePrice, CycleShare, LineConvention, NceLineAmount,
};
pub use proration::{Proration, ProrationPolicy};
pub use rounding::{Rounding, RoundingMode};

pub(crate) use plain_decimal::unsigned_digits;
pub(crate) use ratio::Ratio;

#[cfg(test)]
mod tests;
