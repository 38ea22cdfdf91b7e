//! Proration of a period price (SPEC §6.2, §6.4): one line, or many over typed arrays.

use csp_core::batch::ProrationColumns;
use csp_core::money::{Money, ProrationPolicy};
use csp_core::Error;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::convert::{currency as parse_currency, from_js, js_error, js_row_error, to_js};

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
    let rows = ProrationColumns::new(period_prices, quantities, days_billed, days_in_period)
        .map_err(js_error)?;
    rows.prorate(cur, policy).map_err(|e| js_row_error(&e))
}

const POLICY_EXPECTED: &str = "{daily_rate, unit, line} as in the scenario format";
