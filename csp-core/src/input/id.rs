//! The one reader of ids: offers, customers, subscriptions (SPEC §4).

use crate::error::{Error, Result};
use crate::ids::{CustomerId, OfferId, ResellerId, SubscriptionId};

/// The longest id accepted, in characters (a GUID has 36; an NCE `ProductId:SkuId` 17).
pub const MAX_ID_CHARS: usize = 128;

/// Checks an id's text: after removing surrounding spaces, non-empty, at most
/// [`MAX_ID_CHARS`] characters, and free of control characters (a NUL byte, a tab or a line
/// break inside an id is a broken export, and would make two ids look alike on paper).
///
/// ```
/// use csp_core::input::id;
/// assert_eq!(id(" s1 ", "subscription id")?, "s1");
/// assert_eq!(id("", "offer id").unwrap_err().code(), "invalid_input");
/// assert_eq!(id("E3\0", "offer id").unwrap_err().code(), "invalid_input");
/// # Ok::<(), csp_core::Error>(())
/// ```
///
/// # Errors
/// `invalid_input` naming `what` (e.g. `offer id`), the text and the accepted form.
pub fn id<'a>(text: &'a str, what: &'static str) -> Result<&'a str> {
    let t = super::trim(text);
    // A text of at most 128 bytes has at most 128 characters; an ASCII control is one byte.
    let short = t.len() <= MAX_ID_CHARS || t.chars().count() <= MAX_ID_CHARS;
    let control = t.bytes().any(|b| b < 0x20 || b == 0x7f)
        || (!t.is_ascii() && t.chars().any(char::is_control));
    let ok = !t.is_empty() && short && !control;
    if ok {
        Ok(t)
    } else {
        Err(Error::InvalidInput {
            what,
            text: text.to_string(),
            expected: "a non-empty id of at most 128 characters without control characters (no NUL, tab or line break)",
        })
    }
}

// The ids' serde readers: the text is checked here, then normalised by `new`.
macro_rules! checked_id {
    ($name:ident, $what:literal) => {
        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(
                d: D,
            ) -> std::result::Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                id(&text, $what)
                    .map($name::new)
                    .map_err(serde::de::Error::custom)
            }
        }
    };
}

checked_id!(OfferId, "offer id");
checked_id!(CustomerId, "customer id");
checked_id!(SubscriptionId, "subscription id");
checked_id!(ResellerId, "reseller id");
