//! Scenarios (the documented JSON format, `testdata/scenarios/README.md`): charges, the
//! monthly bill and its projection.

use csp_core::charges::Refusal;
use csp_core::scenario::Scenario;
use csp_core::Error;
use wasm_bindgen::prelude::*;

use crate::args::{count as read_count, opt_text, text};
use crate::convert::{date, js_error, js_error_with, json_text, month as parse_month, to_js};

/// Reads a scenario given as an object or as JSON text (`Scenario::from_json`: unknown
/// fields and numbers for money are refused with their path, line and column).
fn read(scenario: &JsValue) -> Result<Scenario, Error> {
    Scenario::from_json(&json_text(scenario, "scenario")?)
}

/// The most months one projection answers (ten years).
const MAX_PROJECTION_MONTHS: u32 = 120;

/// A `YYYY-MM` month argument.
fn month_arg(month: &JsValue) -> Result<csp_core::calendar::YearMonth, Error> {
    parse_month(&text(month, "month")?)
}

/// A replay refusal as a `CspError`; the refused event's 0-based index is in
/// `context.event_index`.
pub(crate) fn refusal(r: Refusal) -> JsValue {
    match r.index {
        Some(i) => js_error_with(&r.error, &r.to_string(), &[("event_index", i.to_string())]),
        None => js_error(r.error),
    }
}

/// Every charge line Microsoft bills the partner, replaying the scenario through `as_of`
/// (`YYYY-MM-DD`; defaults to the scenario's own `as_of`): `ChargeLine[]` in the core's
/// serde form.
#[wasm_bindgen(unchecked_return_type = "ChargeLine[]")]
pub fn charges(
    #[wasm_bindgen(unchecked_param_type = "Scenario | string")] scenario: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] as_of: JsValue,
) -> Result<JsValue, JsValue> {
    let s = read(&scenario).map_err(js_error)?;
    let as_of = opt_text(&as_of, "as_of date")
        .and_then(|a| a.as_deref().map(date).transpose())
        .map_err(js_error)?;
    let replay = s.replay(as_of).map_err(refusal)?;
    to_js(&replay.lines)
}

/// Every customer's bill for `month` (`YYYY-MM`, SPEC §8), with invoice numbers from
/// `first_number` (a whole number from 1 to 4,294,967,295): a `BillRun` (invoices,
/// statements, totals). The scenario needs `partner`.
#[wasm_bindgen(unchecked_return_type = "BillRun")]
pub fn bill(
    #[wasm_bindgen(unchecked_param_type = "Scenario | string")] scenario: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] month: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] first_number: JsValue,
) -> Result<JsValue, JsValue> {
    let args = || -> Result<_, Error> {
        let number = read_count(
            &first_number,
            "first invoice number",
            1,
            u32::MAX,
            "a whole number from 1 to 4,294,967,295",
        )?;
        Ok((read(&scenario)?, month_arg(&month)?, number))
    };
    let (s, m, first_number) = args().map_err(js_error)?;
    let run = s.bill(m, &[], u64::from(first_number)).map_err(refusal)?;
    to_js(&run)
}

/// The next `count` bills after `month`, projected at the locked prices assuming no further
/// events (each `BillRun` has `projected: true`). `count` is a whole number of months from 1
/// to 120: 0 would be an empty answer, and ten years is beyond any term.
#[wasm_bindgen(unchecked_return_type = "BillRun[]")]
pub fn projection(
    #[wasm_bindgen(unchecked_param_type = "Scenario | string")] scenario: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] month: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] count: JsValue,
) -> Result<JsValue, JsValue> {
    let args = || -> Result<_, Error> {
        let months = read_count(
            &count,
            "months",
            1,
            MAX_PROJECTION_MONTHS,
            "a whole number of months from 1 to 120",
        )?;
        Ok((read(&scenario)?, month_arg(&month)?, months))
    };
    let (s, m, months) = args().map_err(js_error)?;
    let runs = s.projection(m, months).map_err(refusal)?;
    to_js(&runs)
}
