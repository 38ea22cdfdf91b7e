//! Conversions between JavaScript values and the core's types: JSON objects in and out,
//! decimal strings, `YYYY-MM-DD` dates, and core errors as `CspError` objects.
//!
//! Nothing here computes: every value is handed to a `csp-core` function or comes back
//! from one.

use csp_core::calendar::YearMonth;
use csp_core::money::Currency;
use csp_core::Error;
use js_sys::{Object, Reflect};
#[cfg(feature = "full")]
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// A core error as a JavaScript `Error`: `name` `"CspError"`, the core's message, `code`,
/// `family` and `context` (an object of strings), plus any `extra` context entries.
pub(crate) fn js_error_with(e: &Error, message: &str, extra: &[(&str, String)]) -> JsValue {
    let err = js_sys::Error::new(message);
    err.set_name("CspError");
    let context = Object::new();
    for (k, v) in e.context() {
        set(&context, k, &JsValue::from_str(&v));
    }
    for (k, v) in extra {
        set(&context, k, &JsValue::from_str(v));
    }
    set(&err, "code", &JsValue::from_str(e.code()));
    set(&err, "family", &JsValue::from_str(e.family()));
    set(&err, "context", &context);
    err.into()
}

/// A core error as a `CspError`.
pub(crate) fn js_error(e: Error) -> JsValue {
    js_error_with(&e, &e.to_string(), &[])
}

/// A refused row of a batch: the core's error, its message led by the row, the row in its
/// context.
#[cfg(feature = "full")]
pub(crate) fn js_row_error(e: &csp_core::batch::RowError) -> JsValue {
    js_error_with(&e.error, &e.to_string(), &[("row", e.row.to_string())])
}

/// Sets `target[key] = value` on a fresh plain object or `Error`.
pub(crate) fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Setting a property of a fresh plain object or Error cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

#[cfg(any(feature = "scenario", feature = "nce"))]
/// The JSON text of `value`: a string is taken as JSON text, anything else is
/// `JSON.stringify`-ed (so `BigInt`s and cycles are refused, not panicked on); either is
/// refused beyond the text size cap before it is copied into wasm memory.
pub(crate) fn json_text(value: &JsValue, what: &'static str) -> Result<String, Error> {
    let text = if value.is_string() {
        value.clone()
    } else {
        js_sys::JSON::stringify(value).map_or(JsValue::UNDEFINED, JsValue::from)
    };
    if !text.is_string() {
        return Err(Error::invalid_json(
            what,
            "",
            "a plain object (or its JSON text)",
        ));
    }
    crate::args::text(&text, what)
}

#[cfg(feature = "full")]
/// Reads an input object into a binding input struct (unknown fields refused).
pub(crate) fn from_js<T: DeserializeOwned>(
    value: &JsValue,
    what: &'static str,
    expected: &'static str,
) -> Result<T, Error> {
    let text = json_text(value, what)?;
    serde_json::from_str(&text).map_err(|e| Error::invalid_json(what, e, expected))
}

/// A core value as a plain JavaScript object, in the core's serde form: `JSON.parse` of its
/// JSON text (the CLI's `--format json`), so maps are objects and `None` is `null`. Writing
/// the text with serde_json's serialiser takes less code than building the objects through
/// `serde-wasm-bindgen` (README "Size").
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    // The core's results are the values the CLI writes with serde_json: it cannot refuse them,
    // so its error's text (and the code that writes it) is left out.
    let text = serde_json::to_string(value).map_err(|_| {
        js_error(Error::invalid_json(
            "result",
            "a value JSON cannot hold",
            "a serialisable value",
        ))
    })?;
    js_sys::JSON::parse(&text)
}

/// A `YYYY-MM-DD` date between 2000-01-01 and 9999-12-31 (the core's one date reader).
pub(crate) fn date(text: &str) -> Result<chrono::NaiveDate, Error> {
    csp_core::input::date(text)
}

/// A `YYYY-MM` month.
pub(crate) fn month(text: &str) -> Result<YearMonth, Error> {
    text.trim().parse()
}

/// An ISO 4217 currency code.
pub(crate) fn currency(code: &str) -> Result<Currency, Error> {
    Currency::from_code(code.trim())
}
