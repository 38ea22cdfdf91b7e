//! The binding's one reader of JavaScript values (issue 15, SPEC §9): text, counts, flags
//! and typed arrays, read from `JsValue`s so that no wasm-bindgen conversion truncates
//! (`2.9` → 2), wraps (`2**32 + 2` → 2, `-1` → 4294967295), reads `NaN` as 0 or traps on a
//! value of the wrong type before the core sees it.
//!
//! - **Counts.** A JavaScript number that is finite and whole (a safe integer, read through
//!   its decimal text: no float is converted here), then the core's reader for its range:
//!   [`csp_core::input::seats`] for seats (`invalid_quantity`), [`csp_core::input::count`]
//!   for the others (`invalid_input`). Anything else (a string, `NaN`, `Infinity`, `2.9`,
//!   `1e308`) is refused with the same code.
//! - **Text.** A JavaScript string of at most [`MAX_TEXT_CHARS`] UTF-16 code units, checked
//!   before it is copied into wasm memory.
//! - **Typed arrays.** The exact typed array type the function documents, of at most
//!   [`MAX_ROWS`] elements, checked before anything is allocated.

use csp_core::input::MAX_SEATS;
use csp_core::Error;
use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};

/// The longest text any function reads: 64 Mi UTF-16 code units (a JS string's `length`),
/// i.e. a 64 MiB ASCII price list or scenario. Microsoft's largest price files are a few
/// tens of MB; a longer text is refused before it is copied into wasm memory.
pub(crate) const MAX_TEXT_CHARS: u32 = 64 << 20;

#[cfg(feature = "full")]
/// The most rows one typed-array batch call (`prorateMany`, `prorateSeatChanges`) takes:
/// 1,048,576 (2^20). Its columns and results then need at most ~40 MiB of wasm memory; a
/// larger table is split by the caller rather than refused mid-way by an out-of-memory abort.
pub(crate) const MAX_ROWS: u32 = 1 << 20;

/// A value shown in a message: a number's JavaScript text, a string quoted, else its type.
fn shown(v: &JsValue) -> String {
    if let Some(n) = v.dyn_ref::<js_sys::Number>() {
        n.to_string_with_radix(10)
            .map(String::from)
            .unwrap_or_default()
    } else if let Some(s) = v.as_string() {
        let short: String = s.chars().take(40).collect();
        format!("\"{short}\" (text)")
    } else {
        type_name(v).to_string()
    }
}

/// A JavaScript number holding a safe integer (at most 2^53 − 1 in size), read from its
/// decimal text; `None` for any other value.
pub(crate) fn whole_number(v: &JsValue) -> Option<i64> {
    if !js_sys::Number::is_safe_integer(v) {
        return None;
    }
    v.unchecked_ref::<js_sys::Number>()
        .to_string_with_radix(10)
        .ok()
        .and_then(|t| String::from(t).parse().ok())
}

/// A seat count (`what`: `seats`, `seats added`…): a whole JavaScript number from 1 to
/// [`MAX_SEATS`].
///
/// # Errors
/// `invalid_quantity` for anything else, naming `what` and the value.
pub(crate) fn seats(v: &JsValue, what: &str) -> Result<u32, Error> {
    let n = whole_number(v).ok_or_else(|| seat_error(shown(v), what))?;
    csp_core::input::seats(n).map_err(|_| seat_error(shown(v), what))
}

/// A signed seat count (negative: seats removed, a credit) whose size is read as by
/// [`seats`]: 0, and more than [`MAX_SEATS`] either way, are refused.
///
/// # Errors
/// `invalid_quantity`, as [`seats`].
#[cfg(feature = "full")]
pub(crate) fn signed_seats(v: &JsValue, what: &str) -> Result<i64, Error> {
    let n = whole_number(v).ok_or_else(|| seat_error(shown(v), what))?;
    signed_seat_count(n, what)
}

/// [`signed_seats`] of a whole number already read (a typed array's element).
///
/// # Errors
/// `invalid_quantity`, as [`seats`].
#[cfg(feature = "full")]
pub(crate) fn signed_seat_count(n: i64, what: &str) -> Result<i64, Error> {
    let size = i64::try_from(n.unsigned_abs()).unwrap_or(i64::MAX);
    csp_core::input::seats(size).map_err(|_| seat_error(n.to_string(), what))?;
    Ok(n)
}

fn seat_error(shown: String, what: &str) -> Error {
    Error::InvalidQuantity {
        subscription: String::new(),
        detail: format!(
            "{what} must be a whole number of seats, at least 1 and at most {MAX_SEATS}, not {shown}"
        ),
    }
}

#[cfg(feature = "full")]
/// A whole number of some other kind within `min..=max` (`what`: `days billed`, `invoice
/// number`, `months`…; `expected` states the range).
///
/// # Errors
/// `invalid_input` naming `what`, the value and `expected`.
pub(crate) fn count(
    v: &JsValue,
    what: &'static str,
    min: u32,
    max: u32,
    expected: &'static str,
) -> Result<u32, Error> {
    match whole_number(v) {
        Some(n) => csp_core::input::count(n, what, min, max, expected),
        None => Err(Error::InvalidInput {
            what,
            text: shown(v),
            expected,
        }),
    }
}

/// A string argument of `what` (e.g. `price list CSV`), at most [`MAX_TEXT_CHARS`] long.
///
/// # Errors
/// `invalid_input` for a value that is not a string, or a longer one.
pub(crate) fn text(v: &JsValue, what: &'static str) -> Result<String, Error> {
    let Some(s) = v.dyn_ref::<js_sys::JsString>() else {
        return Err(Error::invalid_json(
            what,
            format_args!("a {}, not a string", type_name(v)),
            "a string",
        ));
    };
    check_length(s.length(), what)?;
    Ok(String::from(s))
}

/// `text`'s size check, for a text of `length` UTF-16 code units.
pub(crate) fn check_length(length: u32, what: &'static str) -> Result<(), Error> {
    if length > MAX_TEXT_CHARS {
        return Err(Error::out_of_range(
            what,
            format_args!("a text of {length} characters"),
            "at most 67,108,864 characters (64 Mi) in one text",
        ));
    }
    Ok(())
}

#[cfg(any(feature = "full", feature = "nce"))]
/// An optional string argument: `undefined` or `null` is `None`.
///
/// # Errors
/// As [`text`].
pub(crate) fn opt_text(v: &JsValue, what: &'static str) -> Result<Option<String>, Error> {
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    text(v, what).map(Some)
}

#[cfg(feature = "full")]
/// An optional flag: `undefined` or `null` is `false`, otherwise a boolean.
///
/// # Errors
/// `invalid_input` for any other value (`"yes"`, `1`).
pub(crate) fn flag(v: &JsValue, what: &'static str) -> Result<bool, Error> {
    if v.is_undefined() || v.is_null() {
        return Ok(false);
    }
    v.as_bool().ok_or_else(|| {
        Error::invalid_json(
            what,
            format_args!("a {}, not a boolean", type_name(v)),
            "true or false",
        )
    })
}

#[cfg(feature = "full")]
/// An array of strings (`what`: `offers`), at most [`MAX_ROWS`] of them.
///
/// # Errors
/// `invalid_input` for another value, a longer array or an element that is not text.
pub(crate) fn texts(v: &JsValue, what: &'static str) -> Result<Vec<String>, Error> {
    if !Array::is_array(v) {
        return Err(Error::invalid_json(
            what,
            format_args!("a {}, not an array", type_name(v)),
            "an array of strings",
        ));
    }
    let a = v.unchecked_ref::<Array>();
    if a.length() > MAX_ROWS {
        return Err(too_many_rows(what, a.length()));
    }
    a.iter().map(|x| text(&x, what)).collect()
}

#[cfg(feature = "full")]
fn too_many_rows(column: &str, length: u32) -> Error {
    Error::InvalidColumn {
        column: column.to_string(),
        detail: format!("{length} rows"),
        expected: "at most 1,048,576 rows in one call (split larger tables)",
    }
}

#[cfg(feature = "full")]
// A typed-array column reader per element type: the exact typed array, at most MAX_ROWS
// long, copied into wasm memory only after both checks.
macro_rules! typed_column {
    ($name:ident, $array:ty, $elem:ty, $js:literal) => {
        #[doc = concat!("A column given as an `", $js, "` of at most [`MAX_ROWS`] rows.")]
        ///
        /// # Errors
        /// `invalid_column` naming the column, for another value or a longer array.
        pub(crate) fn $name(v: &JsValue, column: &str) -> Result<Vec<$elem>, Error> {
            let Some(a) = v.dyn_ref::<$array>() else {
                return Err(Error::InvalidColumn {
                    column: column.to_string(),
                    detail: format!("a {}, not a {}", type_name(v), $js),
                    expected: concat!("an ", $js, " of at most 1,048,576 rows"),
                });
            };
            if a.length() > MAX_ROWS {
                return Err(too_many_rows(column, a.length()));
            }
            Ok(a.to_vec())
        }
    };
}

#[cfg(feature = "full")]
typed_column!(i64s, js_sys::BigInt64Array, i64, "BigInt64Array");
#[cfg(feature = "full")]
typed_column!(i32s, js_sys::Int32Array, i32, "Int32Array");
#[cfg(feature = "full")]
typed_column!(u32s, js_sys::Uint32Array, u32, "Uint32Array");

/// The JavaScript type of a value, for messages.
pub(crate) fn type_name(v: &JsValue) -> &'static str {
    if v.is_null() {
        "null"
    } else if Array::is_array(v) {
        "array"
    } else if v.is_string() {
        "string"
    } else if v.as_bool().is_some() {
        "boolean"
    } else if v.is_bigint() {
        "bigint"
    } else if v.is_function() {
        "function"
    } else if v.is_object() {
        "object"
    } else if v.is_undefined() {
        "undefined"
    } else if v.is_symbol() {
        "symbol"
    } else {
        "number"
    }
}
