//! Typed context values of an error's fields, and their text as the bindings show it
//! (SPEC §9).

use std::fmt;

use chrono::NaiveDate;

use crate::calendar::YearMonth;
use crate::ids::OfferId;
use crate::money::Currency;
use crate::vocab::{BillingPlan, LicenseAgreementType, Segment, TermDuration};

/// The value of one context field of an [`Error`](super::Error), typed.
///
/// Its `Display` is the text bindings show (`2016-03-01` for a date, `42` for a number,
/// the text itself for text), the same as the field's own `Display`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextValue {
    /// A text, an id or a name (currencies, offers, segments… as their codes).
    Text(String),
    /// A signed whole number.
    Int(i64),
    /// An unsigned whole number (counts, lines, columns, days).
    UInt(u64),
    /// A calendar day.
    Date(NaiveDate),
}

impl fmt::Display for ContextValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ContextValue::Text(t) => f.write_str(t),
            ContextValue::Int(n) => n.fmt(f),
            ContextValue::UInt(n) => n.fmt(f),
            ContextValue::Date(d) => d.fmt(f),
        }
    }
}

/// A field type an error can carry: how it becomes a [`ContextValue`].
pub(super) trait ToContext {
    /// The field's typed context value.
    fn to_context(&self) -> ContextValue;
}

impl ToContext for u32 {
    fn to_context(&self) -> ContextValue {
        ContextValue::UInt(u64::from(*self))
    }
}

impl ToContext for u64 {
    fn to_context(&self) -> ContextValue {
        ContextValue::UInt(*self)
    }
}

impl ToContext for i64 {
    fn to_context(&self) -> ContextValue {
        ContextValue::Int(*self)
    }
}

impl ToContext for NaiveDate {
    fn to_context(&self) -> ContextValue {
        ContextValue::Date(*self)
    }
}

/// Field types whose context value is their text.
macro_rules! as_text {
    ($($ty:ty),*) => {$(
        impl ToContext for $ty {
            fn to_context(&self) -> ContextValue {
                ContextValue::Text(self.to_string())
            }
        }
    )*};
}

as_text!(
    &'static str,
    String,
    Currency,
    OfferId,
    LicenseAgreementType,
    Segment,
    TermDuration,
    BillingPlan,
    YearMonth
);
