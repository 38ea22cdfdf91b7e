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
//! See `csp-wasm/README.md` for the JavaScript API.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod convert;
mod prices;
mod quote;
#[cfg(feature = "scenario")]
mod scenario;
mod seat_batch;
mod types;

use csp_core::access::{authorize as core_authorize, Action, Actor, Relationship};
use csp_core::agreement::{Agreement, AgreementKind, Notice, Party};
use csp_core::money::{Money, ProrationPolicy};
use csp_core::program::Program;
use csp_core::Error;
use rust_decimal::Decimal;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use convert::{currency as parse_currency, date, from_js, js_error, js_error_with, to_js};

pub use prices::{parse_price_list, PriceBook};
pub use quote::quote_seat_change;
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProrateInput {
    currency: String,
    period_price: String,
    quantity: i64,
    days_billed: u32,
    days_in_period: u32,
    #[serde(default)]
    policy: ProrationPolicy,
}

/// Prorates `quantity` seats of a period price over `days_billed` of `days_in_period` days
/// with a rounding policy (SPEC §6.2, §6.4): `ProrationPolicy::prorate`.
#[wasm_bindgen(unchecked_return_type = "Proration")]
pub fn prorate(
    #[wasm_bindgen(unchecked_param_type = "ProrateInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || -> Result<_, Error> {
        let i: ProrateInput = from_js(&input, "prorate input", PRORATE_EXPECTED)?;
        let price = Money::parse(&i.period_price, parse_currency(&i.currency)?)?;
        i.policy
            .prorate(&price, i.quantity, i.days_billed, i.days_in_period)
    };
    to_js(&run().map_err(js_error)?)
}

const PRORATE_EXPECTED: &str = "{currency, period_price, quantity, days_billed, days_in_period, policy?} with whole numbers for quantity and days";

/// The batch entry point: prorates many rows at once, over typed arrays.
///
/// `period_prices` are **integer minor units** of `currency` (cents for USD: `400n` is
/// 4.00), one per row; `quantities` are signed seats (negative: a credit); `days_billed` and
/// `days_in_period` are the days of each row. `policy` is a proration policy object
/// (`undefined` for the default). Returns each row's rounded amount in minor units. The
/// arrays must have the same length; the first refused row throws a `CspError` whose
/// context has its 0-based `row`.
#[wasm_bindgen(js_name = prorateMany)]
pub fn prorate_many(
    currency: &str,
    #[wasm_bindgen(unchecked_param_type = "ProrationPolicy | undefined")] policy: JsValue,
    period_prices: &[i64],
    quantities: &[i32],
    days_billed: &[u32],
    days_in_period: &[u32],
) -> Result<Vec<i64>, JsValue> {
    let cur = parse_currency(currency).map_err(js_error)?;
    let policy: ProrationPolicy = if policy.is_undefined() || policy.is_null() {
        ProrationPolicy::default()
    } else {
        from_js(&policy, "proration policy", POLICY_EXPECTED).map_err(js_error)?
    };
    let n = period_prices.len();
    if quantities.len() != n || days_billed.len() != n || days_in_period.len() != n {
        return Err(js_error(Error::InvalidInput {
            what: "batch",
            text: format!(
                "{n} prices, {} quantities, {} days billed, {} days in period",
                quantities.len(),
                days_billed.len(),
                days_in_period.len()
            ),
            expected: "typed arrays of the same length",
        }));
    }
    let scale = cur.minor_units();
    let mut out = Vec::with_capacity(n);
    for (row, (((price, q), billed), days)) in period_prices
        .iter()
        .zip(quantities)
        .zip(days_billed)
        .zip(days_in_period)
        .enumerate()
    {
        let price = Money::new(Decimal::new(*price, scale), cur);
        let minor = policy
            .prorate(&price, i64::from(*q), *billed, *days)
            .and_then(|p| minor_units(p.amount.amount(), scale))
            .map_err(|e| {
                js_error_with(&e, &format!("row {row}: {e}"), &[("row", row.to_string())])
            })?;
        out.push(minor);
    }
    Ok(out)
}

const POLICY_EXPECTED: &str = "{daily_rate, unit, line} as in the scenario format";

/// An amount already rounded to `scale` places as an integer of minor units.
fn minor_units(amount: Decimal, scale: u32) -> Result<i64, Error> {
    let mut a = amount;
    a.rescale(scale);
    i64::try_from(a.mantissa()).map_err(|_| Error::AmountOverflow {
        operation: "minor units",
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AgreementInput {
    signed_on: String,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    notices: Vec<NoticeInput>,
    #[serde(default)]
    on: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoticeInput {
    given_on: String,
    by: String,
}

/// The reseller agreement's status on a date (SPEC §2): the term in force, the next renewal,
/// the last day notice can stop it, and the end date given the notices.
/// `on` defaults to the signing date; `kind` is `mcra` (default) or `perpetual`.
#[wasm_bindgen(js_name = agreementStatus, unchecked_return_type = "AgreementStatus")]
pub fn agreement_status(
    #[wasm_bindgen(unchecked_param_type = "AgreementInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || -> Result<_, Error> {
        let i: AgreementInput = from_js(
            &input,
            "agreement input",
            "{signed_on, kind?, notices?: [{given_on, by}], on?}",
        )?;
        let signed = date(&i.signed_on)?;
        let kind: AgreementKind = match &i.kind {
            Some(k) => k.parse()?,
            None => AgreementKind::mcra(),
        };
        let mut agreement = Agreement::new(signed, kind)?;
        for n in &i.notices {
            agreement.give_notice(Notice {
                given_on: date(&n.given_on)?,
                by: n.by.parse::<Party>()?,
            })?;
        }
        let on = match &i.on {
            Some(on) => date(on)?,
            None => signed,
        };
        Ok(agreement.status(on))
    };
    to_js(&run().map_err(js_error)?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AuthorizeInput {
    actor: String,
    action: String,
    #[serde(default)]
    relationship: Option<Relationship>,
    #[serde(default)]
    program: Option<ProgramFlags>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProgramFlags {
    #[serde(default)]
    customer_may_remove_csp_delegated_admin: bool,
}

/// The privilege check of SPEC §7: may `actor` (`csp:admin_agent`, `customer:global_admin`,
/// `advisor:admin_agent`…) do `action` (snake_case) for a partner–customer relationship
/// (default: the CSP partner holding delegated admin) under the 2015 program?
#[wasm_bindgen(unchecked_return_type = "Decision")]
pub fn authorize(
    #[wasm_bindgen(unchecked_param_type = "AuthorizeInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || -> Result<_, Error> {
        let i: AuthorizeInput = from_js(
            &input,
            "authorize input",
            "{actor, action, relationship?: {delegated_admin, csp_partner}, program?: {customer_may_remove_csp_delegated_admin}}",
        )?;
        let actor: Actor = i.actor.parse()?;
        let action: Action = i.action.parse()?;
        let program = Program {
            customer_may_remove_csp_delegated_admin: i
                .program
                .is_some_and(|p| p.customer_may_remove_csp_delegated_admin),
            ..Program::legacy_2015()
        };
        let rel = i.relationship.unwrap_or(Relationship::CSP_WITH_DAP);
        Ok(core_authorize(&actor, action, rel, &program))
    };
    to_js(&run().map_err(js_error)?)
}
