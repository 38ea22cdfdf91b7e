//! The crate's one error type, with a stable snake_case code per variant (SPEC §9, §10.12).
//!
//! Every refusal in csp-core is a value of [`Error`]. Each variant is declared once (in
//! `variants.rs`, through the `errors!` macro) with:
//! - a stable code ([`Error::code`]) that the Python and JavaScript bindings expose unchanged,
//! - a family ([`Error::family`], one of [`FAMILIES`]),
//! - typed context fields ([`Error::fields`]; [`Error::context`] gives them as text),
//! - a human message (its `Display`), all written in this module.
//!
//! [`ALL_CODES`] lists every code, so bindings can test that they map each one. Bindings
//! build their own refusals with the constructors of `constructors.rs` (e.g.
//! [`Error::invalid_json`]), so every message text is written here.
//!
//! Parse errors carry `line` (1-based line of the input text where the record starts) and
//! `column` (1-based field position in that record; `0` when the error concerns the header as a
//! whole, such as a missing column).
//!
//! Codes added after the first release: `invalid_column` (a batch column that cannot be
//! read: missing, of another type or length) and `internal_error` (a broken invariant of the
//! core itself, family `internal`; never a fault of the input); then, for price files,
//! `ambiguous_price` (an NCE query that leaves out a segment or tier the sheet distinguishes),
//! `duplicate_column` (a header naming a column twice), `invalid_encoding` (text that is
//! neither UTF-8 nor UTF-16 with a byte order mark) and `price_format_mismatch` (a price
//! file of the other format than an operation reads); for reconciliation files,
//! `unknown_recon_format` (a header neither an NCE invoice recon file's nor a legacy one's;
//! family `price_list` for now, SPEC-NCE §19.2's `recon` family coming with the bindings);
//! for exchange rates (SPEC-NCE §16, family `money`), `fx_rate_missing` (no rate from the
//! pricing to the billing currency for a line's month: context `pc`, `bc`, `month`) and
//! `fx_rate_invalid` (a rate not greater than 0, or other than 1 between a currency and
//! itself: context `pc`, `bc`, `month`, `rate`); for the two-tier channel (SPEC-NCE §17, family
//! `access`), `reseller_not_linked` (a reseller of record without an active link on its date:
//! `reseller`, `date`) and `reseller_mpa_not_signed` (`reseller`); for GDAP (SPEC-NCE §18,
//! §19.2; family `gdap`, Python's `GdapError`, a subclass of `AccessError`),
//! `gdap_invalid_duration`,
//! `gdap_autoextend_global_admin`, `gdap_not_pending`, `gdap_not_active`,
//! `gdap_request_expired` and `gdap_role_change_not_allowed`.

#[macro_use]
mod declare;
mod constructors;
mod context;
#[cfg(feature = "serde")]
mod json;
mod quoted;
mod variants;

pub use constructors::{invalid_proration_message, FieldProblem};
pub use context::ContextValue;
pub(crate) use quoted::{shortened, Quoted};
pub use variants::{Error, ALL_CODES};

/// Result type of csp-core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The error families, each a group of codes a caller handles alike: `money` (amounts,
/// currencies, rounding), `input` (unreadable arguments, batch columns and scenario files),
/// `calendar`, `agreement`, `eligibility` (offers, customers, trials), `subscription`
/// (lifecycle refusals), `access` (privileges), `price_list` (lists, lookups and parsing),
/// `gdap` (GDAP relationships' rules, SPEC-NCE §18–§19.2) and `internal` (a broken invariant
/// of csp-core itself: a bug to report).
pub const FAMILIES: &[&str] = &[
    "money",
    "input",
    "calendar",
    "agreement",
    "eligibility",
    "subscription",
    "access",
    "price_list",
    "gdap",
    "internal",
];

/// The family of an error code (see [`FAMILIES`]), or `None` for an unknown code.
///
/// ```
/// use csp_core::error::family_of;
/// assert_eq!(family_of("offer_not_in_price_list"), Some("price_list"));
/// assert_eq!(family_of("no_such_code"), None);
/// ```
pub fn family_of(code: &str) -> Option<&'static str> {
    variants::CODE_FAMILIES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, family)| *family)
}

impl Error {
    /// The human message (same as `to_string()`).
    pub fn message(&self) -> String {
        self.to_string()
    }

    /// The context as `(field name, value as text)` pairs, in declaration order: the text
    /// of each of [`Error::fields`].
    ///
    /// Bindings turn this into a Python dict or a JavaScript object.
    pub fn context(&self) -> Vec<(&'static str, String)> {
        self.fields()
            .into_iter()
            .map(|(name, value)| (name, value.to_string()))
            .collect()
    }

    /// The `(line, column)` of a parse error, `None` for other errors.
    pub fn position(&self) -> Option<(u64, u64)> {
        let fields = self.fields();
        let get = |name: &str| match fields.iter().find(|(n, _)| *n == name) {
            Some((_, ContextValue::UInt(n))) => Some(*n),
            _ => None,
        };
        Some((get("line")?, get("column")?))
    }
}

#[cfg(test)]
mod tests;
