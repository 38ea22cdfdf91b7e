//! The two-tier channel's bills (SPEC-NCE §17): every tier of a version-2 scenario with a
//! `channel`, billed by the core (`NceScenario::bill_channel`).

use csp_core::channel::ChannelRun;
use csp_core::scenario::nce::NceScenario;
use csp_core::Error;
use wasm_bindgen::prelude::*;

use crate::args::{count as read_count, text};
use crate::convert::{from_js, js_error, json_text, month as parse_month, to_js};
use crate::nce_scenario::refusal;

/// Every tier's bills of `month` (`YYYY-MM`) in a two-tier NCE book: the provider's to its
/// own customers (`provider`) and, one invoice per end customer, to each reseller; each
/// reseller's to its customers (`resellers[i].from_provider` / `.to_customers`); and the
/// margin statement (`margins`), whose tiers' margins add up to the customers' price less
/// Microsoft's cost exactly. `first_number` (1 to 4,294,967,295, or `null`: one after the
/// highest the issued runs used, 1 without them) numbers the provider's own customers'
/// invoices; `issued` (optional) is the array of channel runs issued before, as this
/// function returned them: each tier's corrections and numbers continue from its own.
#[wasm_bindgen(js_name = nceBillChannel, unchecked_return_type = "ChannelRun")]
pub fn nce_bill_channel(
    #[wasm_bindgen(unchecked_param_type = "NceScenario | string")] scenario: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] month: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number | null")] first_number: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ChannelRun[] | null")] issued: JsValue,
) -> Result<JsValue, JsValue> {
    let args = || -> Result<_, Error> {
        let number = if first_number.is_null() {
            None
        } else {
            Some(u64::from(read_count(
                &first_number,
                "first invoice number",
                1,
                u32::MAX,
                "a whole number from 1 to 4,294,967,295, or null",
            )?))
        };
        let s = NceScenario::from_json(&json_text(&scenario, "NCE scenario")?)?;
        let m = parse_month(&text(&month, "month")?)?;
        let issued: Vec<ChannelRun> = if issued.is_undefined() || issued.is_null() {
            Vec::new()
        } else {
            from_js(
                &issued,
                "issued channel runs",
                "an array of the channel runs nceBillChannel returned",
            )?
        };
        Ok((s, m, number, issued))
    };
    let (s, m, number, issued) = args().map_err(js_error)?;
    let run = s.bill_channel(m, &issued, number).map_err(refusal)?;
    to_js(&run)
}
