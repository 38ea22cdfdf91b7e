//! GDAP (SPEC-NCE §18): relationship timelines and access decisions from a GDAP document
//! (an object or its JSON text, read by the core's one reader `GdapDocument::from_json`).

use csp_core::gdap::{GdapAction, GdapDocument};
use csp_core::Error;
use wasm_bindgen::prelude::*;

use crate::args::text;
use crate::convert::{js_error, json_text, to_js};

fn document(value: &JsValue) -> Result<GdapDocument, Error> {
    GdapDocument::from_json(&json_text(value, "GDAP document")?)
}

fn instant(value: &JsValue, what: &'static str) -> Result<chrono::DateTime<chrono::Utc>, Error> {
    csp_core::input::instant(&text(value, what)?)
}

/// Every relationship's timeline as of `as_of` (`YYYY-MM-DDTHH:MM:SSZ` or a date): status,
/// roles, duration, auto-extend, request expiry, activation, end with the auto-extensions so
/// far, termination, the extensions, the expiry notices due, the active interval and the
/// access assignments (as `csp gdap timeline --format json`'s `relationships`).
#[wasm_bindgen(js_name = gdapTimeline, unchecked_return_type = "GdapTimeline[]")]
pub fn gdap_timeline(
    #[wasm_bindgen(unchecked_param_type = "GdapDocument | string")] document_json: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] as_of: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || -> Result<_, Error> {
        let doc = document(&document_json)?;
        let as_of = instant(&as_of, "as_of instant")?;
        doc.timelines(as_of)
    };
    to_js(&run().map_err(js_error)?)
}

/// May `user` do the administrative `action` (snake_case, e.g. `reset_user_password`) for
/// `customer` at `at`? GDAP roles first, then DAP (SPEC §7), else `default_deny`.
#[wasm_bindgen(js_name = gdapDecide, unchecked_return_type = "Decision")]
pub fn gdap_decide(
    #[wasm_bindgen(unchecked_param_type = "GdapDocument | string")] document_json: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] user: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] action: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] customer: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] at: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || -> Result<_, Error> {
        let doc = document(&document_json)?;
        let user = text(&user, "user")?;
        let action: GdapAction = text(&action, "action")?.parse()?;
        let customer = text(&customer, "customer")?;
        let at = instant(&at, "at instant")?;
        doc.decide(&user, action, &customer, at)
    };
    to_js(&run().map_err(js_error)?)
}

/// The UTC days of `first..=last` (dates) on which the relationship was active at some
/// instant: `[first day, last day]`, or `null`.
#[wasm_bindgen(js_name = gdapAccessDays, unchecked_return_type = "[string, string] | null")]
pub fn gdap_access_days(
    #[wasm_bindgen(unchecked_param_type = "GdapDocument | string")] document_json: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] relationship: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] first: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] last: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || -> Result<_, Error> {
        let doc = document(&document_json)?;
        let id = text(&relationship, "relationship")?;
        let rel = doc
            .relationships
            .iter()
            .find(|r| r.id() == id)
            .ok_or_else(|| Error::InvalidInput {
                what: "GDAP relationship",
                text: id.chars().take(100).collect(),
                expected: "the id of a relationship of the document",
            })?;
        let first = crate::convert::date(&text(&first, "first date")?)?;
        let last = crate::convert::date(&text(&last, "last date")?)?;
        Ok(rel
            .access_days(first, last)?
            .map(|p| [p.first().to_string(), p.last().to_string()]))
    };
    to_js(&run().map_err(js_error)?)
}
