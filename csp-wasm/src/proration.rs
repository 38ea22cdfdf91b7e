//! Proration of a period price (SPEC §6.2, §6.4): one line, or many over typed arrays.

use csp_core::money::{Money, ProrationPolicy};
use csp_core::Error;
use rust_decimal::Decimal;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::convert::{currency as parse_currency, from_js, js_error, js_error_with, to_js};

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
    let lengths = [
        ("quantities", quantities.len()),
        ("daysBilled", days_billed.len()),
        ("daysInPeriod", days_in_period.len()),
    ];
    if let Some((column, len)) = lengths.into_iter().find(|(_, len)| *len != n) {
        return Err(js_error(Error::column_length(column, len, n)));
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
