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
    ///
    /// **SKU ids are normalised**: Microsoft's SKU ids are four characters (`0001`, `000P`),
    /// and a spreadsheet that saves the price sheet turns an all-digit one into a number
    /// (`0001` → `1`). So in an id with a `:`, an all-digit SKU id (the part after the first
    /// `:`, up to a further `:`) of fewer than four digits is left-padded with zeros to four:
    /// `CFQ7TTC0LH18:1` and `CFQ7TTC0LH18:0001` are the same offer, written
    /// `CFQ7TTC0LH18:0001`. Longer or non-digit SKU ids are kept as written (upper case).
    /// Legacy GUIDs hold no `:` and are unchanged.
    ///
    /// ```
    /// use csp_core::ids::OfferId;
    /// assert_eq!(OfferId::new("cfq7ttc0lh18:1"), OfferId::new("CFQ7TTC0LH18:0001"));
    /// assert_eq!(OfferId::new("CFQ7TTC0LH18:1").as_str(), "CFQ7TTC0LH18:0001");
    /// assert_eq!(OfferId::new("CFQ7TTC0LH18:00012").as_str(), "CFQ7TTC0LH18:00012");
    /// ```
    OfferId,
    normal_offer_id
);

/// The canonical text of an offer id (see [`OfferId`]): upper case, and a short all-digit
/// SKU id padded with zeros to four digits.
fn normal_offer_id(s: &str) -> String {
    let upper = s.to_ascii_uppercase();
    let Some((product, rest)) = upper.split_once(':') else {
        return upper;
    };
    let (sku, tail) = match rest.split_once(':') {
        Some((sku, tail)) => (sku, Some(tail)),
        None => (rest, None),
    };
    if sku.is_empty() || sku.len() >= 4 || !sku.bytes().all(|b| b.is_ascii_digit()) {
        return upper;
    }
    let mut out = format!("{product}:{sku:0>4}");
    if let Some(tail) = tail {
        out.push(':');
        out.push_str(tail);
    }
    out
}
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
string_id!(
    /// An indirect reseller's id as its provider knows it (case kept, surrounding spaces
    /// removed; SPEC-NCE §17.1).
    ResellerId,
    |s| s.to_string()
);
