//! Newtype ids of offers, customers and subscriptions (SPEC §4; DESIGN §2, layer 0).
//!
//! A leaf module: it imports nothing of the crate, so every layer can name an id.
//!
//! ```
//! use csp_core::ids::OfferId;
//! assert_eq!(OfferId::new(" 796b6b5f-613c ").as_str(), "796B6B5F-613C");
//! ```

use std::fmt;

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident, $normalize:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize))]
        #[cfg_attr(feature = "serde", serde(into = "String"))]
        pub struct $name(String);

        // Read from files through `crate::input::id` and then `new` (see `input/id.rs`), so
        // that a scenario's ids match as the price lists' do (trimmed, and in canonical case).
        impl From<String> for $name {
            fn from(s: String) -> Self {
                $name::new(s)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl $name {
            /// The id in its canonical form (see the type's documentation).
            pub fn new(id: impl AsRef<str>) -> Self {
                let normalize: fn(&str) -> String = $normalize;
                $name(normalize(id.as_ref().trim()))
            }
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name::new(s)
            }
        }
    };
}

string_id!(
    /// An offer id: a legacy Offer ID GUID (compared case-insensitively: stored upper case),
    /// or an NCE `ProductId:SkuId`. Surrounding spaces are removed.
    OfferId,
    |s| s.to_ascii_uppercase()
);
string_id!(
    /// A customer (tenant) id as the partner knows it (case kept, surrounding spaces removed).
    CustomerId,
    |s| s.to_string()
);
string_id!(
    /// A subscription id as the partner knows it (case kept, surrounding spaces removed).
    SubscriptionId,
    |s| s.to_string()
);
