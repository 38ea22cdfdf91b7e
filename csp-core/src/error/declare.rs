//! The `errors!` macro: each error code declared once, with its family, message and typed
//! fields; it writes the enum, `code()`, `family()`, `fields()`, `ALL_CODES` and the family
//! map from the one list (SPEC §9, §10.12).

/// Declares [`Error`](super::Error) from one entry per variant:
///
/// ```text
/// /// Doc of the variant.
/// #[error("message with {field}")]
/// Variant = "snake_case_code" in family {
///     /// Doc of the field.
///     field: Type,
/// },
/// ```
///
/// It writes the enum (its `Display` by `thiserror`), [`Error::code`](super::Error::code),
/// [`Error::family`](super::Error::family), [`Error::fields`](super::Error::fields),
/// `ALL_CODES` (in declaration order) and `CODE_FAMILIES` (each code with its family).
macro_rules! errors {
    ($(
        $(#[$attr:meta])*
        $variant:ident = $code:literal in $family:ident {
            $( $(#[$field_attr:meta])* $field:ident : $ty:ty ),* $(,)?
        }
    ),* $(,)?) => {
        /// Every refusal csp-core can give. Match on [`Error::code`] for a stable identifier.
        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
        #[non_exhaustive]
        pub enum Error {
            $(
                $(#[$attr])*
                $variant { $( $(#[$field_attr])* $field: $ty ),* },
            )*
        }

        /// Every code [`Error::code`] can return, in declaration order.
        pub const ALL_CODES: &[&str] = &[$($code),*];

        /// Every code with its family (one of [`FAMILIES`](super::FAMILIES)), in declaration
        /// order.
        pub(super) const CODE_FAMILIES: &[(&str, &str)] = &[$(($code, stringify!($family))),*];

        impl Error {
            /// The stable snake_case code of this error (one of [`ALL_CODES`]).
            ///
            /// ```
            /// use csp_core::money::{Currency, Money};
            /// let usd = Money::new("1.00".parse().unwrap(), Currency::USD);
            /// let eur = Money::new("1.00".parse().unwrap(), Currency::EUR);
            /// assert_eq!(usd.checked_add(&eur).unwrap_err().code(), "currency_mismatch");
            /// ```
            pub fn code(&self) -> &'static str {
                match self {
                    $(Error::$variant { .. } => $code,)*
                }
            }

            /// The family of this error (one of [`FAMILIES`](super::FAMILIES)): bindings map
            /// each family to an exception class.
            pub fn family(&self) -> &'static str {
                match self {
                    $(Error::$variant { .. } => stringify!($family),)*
                }
            }

            /// The typed context: each field's name and value, in declaration order.
            ///
            /// ```
            /// use csp_core::error::ContextValue;
            /// let e = csp_core::Error::InvalidRounding { scale: 29 };
            /// assert_eq!(e.fields(), vec![("scale", ContextValue::UInt(29))]);
            /// ```
            pub fn fields(&self) -> Vec<(&'static str, ContextValue)> {
                match self {
                    $(Error::$variant { $($field),* } => {
                        vec![$((stringify!($field), ToContext::to_context($field))),*]
                    })*
                }
            }
        }
    };
}
