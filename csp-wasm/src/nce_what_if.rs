//! What-if quotes on an NCE scenario (`NceScenario::what_if`, issue 16): what an event would
//! charge or refund if it happened, and until when it stays possible, changing nothing.
//!
//! The event is read by the core's serde reader of NCE events, the one the scenario's
//! `events` are read with (Python's `NceScenario.what_if` reads it the same way).

use csp_core::scenario::nce::NceScenario;
use csp_core::subscription::nce::{instant_text, NceEvent};
use csp_core::Error;
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

use crate::args::opt_text;
use crate::convert::{js_error, json_text, set};
use crate::nce_scenario::{line_object, refusal};

/// What `event` would do on the version-2 scenario if it happened at its instant, changing
/// nothing (`NceScenario::what_if`, SPEC-NCE §13.6–§13.7): `{lines, net, currency,
/// allowed_until}`. `lines` are the lines Microsoft would bill for it under the scenario's
/// convention (as `nceCharges` writes them), `net` their sum as decimal text (negative: a
/// refund), `allowed_until` the last instant the same event stays possible
/// (`YYYY-MM-DDTHH:MM:SSZ`: the cancellation window's end for a `cancel`, the last instant
/// that many seats stay refundable for a `reduce_seats`), `null` when no window limits it.
///
/// `event` is one event in the scenario's event form, as an object or its JSON text
/// (`{id, at, subscription, type: "reduce_seats", quantity}`). The scenario's events at or
/// before `asOf` (default: the event's own instant) are replayed through `asOf`, then the
/// event is quoted; an `asOf` after the event is refused (`invalid_input`). A refused
/// replayed event throws as `nceCharges` does (`context.event_index`); the quoted event's
/// own refusal (`cancellation_window_closed`, `reduction_window_closed`…) has
/// `context.event` and no index.
#[wasm_bindgen(js_name = nceWhatIf, unchecked_return_type = "NceQuote")]
pub fn nce_what_if(
    #[wasm_bindgen(unchecked_param_type = "NceScenario | string")] scenario: JsValue,
    #[wasm_bindgen(unchecked_param_type = "NceEventInput | string")] event: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] as_of: JsValue,
) -> Result<JsValue, JsValue> {
    let read = || -> Result<_, Error> {
        let s = NceScenario::from_json(&json_text(&scenario, "NCE scenario")?)?;
        let event: NceEvent =
            serde_json::from_str(&json_text(&event, "NCE event")?).map_err(|e| {
                Error::invalid_json(
                    "NCE event",
                    e,
                    "one event in the NCE scenario's form (see subscription::nce)",
                )
            })?;
        let as_of = opt_text(&as_of, "as_of instant")?
            .as_deref()
            .map(csp_core::input::instant)
            .transpose()?;
        Ok((s, event, as_of))
    };
    let (s, event, as_of) = read().map_err(js_error)?;
    let q = s.what_if(&event, as_of).map_err(refusal)?;
    let c = s.convention;
    let out: JsValue = Object::new().into();
    let lines: Array = q.lines.iter().map(|l| line_object(l, c)).collect();
    set(&out, "lines", &lines);
    set(&out, "net", &JsValue::from(q.net.amount().to_string()));
    set(
        &out,
        "currency",
        &JsValue::from(q.net.currency().to_string()),
    );
    let until = q.allowed_until.map(instant_text);
    set(
        &out,
        "allowed_until",
        &until.map_or(JsValue::NULL, JsValue::from),
    );
    Ok(out)
}
