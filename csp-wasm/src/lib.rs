//! # csp-wasm
//!
//! The browser and Node package of **csp-billing**: thin [`wasm_bindgen`](mod@wasm_bindgen) wrappers over
//! `csp-core`. Each function converts its arguments, calls one core function and converts the
//! result back (DESIGN §3); no rule, loop over domain objects or rounding lives here.
//!
//! - Money crosses as **decimal strings** (`"4.00"`), dates as `YYYY-MM-DD`, months as
//!   `YYYY-MM`; JavaScript numbers are used only for counts (seats, days), and the batch
//!   entry point [`prorate_many`] takes integer minor units as `BigInt64Array`.
//! - Object keys are the core's serde names (snake_case), the same as the scenario format,
//!   the CLI's JSON and the shared test vectors.
//! - Every refusal is thrown as an `Error` whose `name` is `"CspError"`, with the core's
//!   stable `code`, its `family` and its `context` (an object of strings).
//!
//! - Input objects (or their JSON text) are read field by field (`read.rs`) for the
//!   calculator's functions, and through serde_json for the rest; results are written in
//!   the core's serde form as JSON text (serde_json's serialiser) and read by `JSON.parse`.
//! - NCE (SPEC-NCE §11–§14): `nceCharges` and `nceSubscriptions` replay a version-2 scenario,
//!   `nceWhatIf` quotes one event against it (what it would charge or refund, and until when);
//!   the `csp_core::calendar::nce` functions (`nceNaturalEnd`, `nceTerm`, `nceTermCycles`,
//!   `nceCycleAt`, `nceNextCycleStart`, `nceCalendarAlignedEnd`, `nceCotermEnds`,
//!   `nceCheckCustomEnd`) and the line money (`priceNceLine`, `nceCyclePrice`,
//!   `nceCyclesPerTerm`) are in the full package only.
//! - Reconciliation (SPEC-NCE §15): `reconcile` and `reconcileHtml` compare Microsoft's recon
//!   file text of a month with a scenario's lines (full package only).
//! - The default feature `full` holds everything the calculator page does not call; the page's
//!   build (`--no-default-features`) keeps only `quoteSeatChange`, `agreementStatus`,
//!   `parsePriceList`, `detectPriceFormat`, `errorCodes` and `version` (README "Size"); the
//!   feature `nce` adds `nceCharges`, `nceSubscriptions` and `nceWhatIf` to it, for the page's
//!   NCE panels, which load that second build when they are first used.
//!
//! See `csp-wasm/README.md` for the JavaScript API.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "full")]
mod access;
mod agreement;
mod args;
mod convert;
#[cfg(feature = "full")]
mod gdap;
#[cfg(feature = "full")]
mod nce_calendar;
#[cfg(feature = "full")]
mod nce_channel;
#[cfg(feature = "full")]
mod nce_money;
#[cfg(feature = "full")]
mod nce_prices;
#[cfg(feature = "nce")]
mod nce_scenario;
#[cfg(feature = "nce")]
mod nce_what_if;
mod price_list;
#[cfg(feature = "full")]
mod prices;
#[cfg(feature = "full")]
mod proration;
mod quote;
mod read;
#[cfg(feature = "full")]
mod reconcile;
#[cfg(feature = "scenario")]
mod scenario;
#[cfg(feature = "full")]
mod seat_batch;
mod types;

use wasm_bindgen::prelude::*;

#[cfg(feature = "full")]
pub use access::{access_matrix, authorize};
pub use agreement::agreement_status;
#[cfg(feature = "full")]
pub use gdap::{gdap_access_days, gdap_decide, gdap_timeline};
#[cfg(feature = "full")]
pub use nce_calendar::{
    nce_calendar_aligned_end, nce_check_custom_end, nce_coterm_ends, nce_cycle_at, nce_natural_end,
    nce_next_cycle_start, nce_term, nce_term_cycles,
};
#[cfg(feature = "full")]
pub use nce_channel::nce_bill_channel;
#[cfg(feature = "full")]
pub use nce_money::{nce_cycle_price, nce_cycles_per_term, price_nce_line_js as price_nce_line};
#[cfg(feature = "nce")]
pub use nce_scenario::{nce_charges, nce_subscriptions};
#[cfg(feature = "nce")]
pub use nce_what_if::nce_what_if;
pub use price_list::{detect_price_format, parse_price_list};
#[cfg(feature = "full")]
pub use prices::PriceBook;
#[cfg(feature = "full")]
pub use proration::{prorate, prorate_many};
pub use quote::quote_seat_change;
#[cfg(feature = "full")]
pub use reconcile::{reconcile, reconcile_html};
#[cfg(feature = "scenario")]
pub use scenario::{bill, charges, projection};

/// The package version (the workspace version of csp-core).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Every stable error code the core can throw (`CspError.code`).
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> Vec<String> {
    csp_core::ALL_CODES.iter().map(|c| c.to_string()).collect()
}
