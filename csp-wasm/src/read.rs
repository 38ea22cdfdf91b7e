//! Reading the calculator's input objects straight from JavaScript values, field by field,
//! without a JSON parser (serde_json's deserialiser is kept out of the calculator build, see
//! README "Size").
//!
//! The rules match the serde forms the full package documents: unknown fields are refused,
//! an optional field may be missing, `undefined` or `null`, strings must be strings (a number
//! for money or a date is refused), and counts must be whole numbers. A whole number is read
//! through its JavaScript text (`Number.prototype.toString`), so no float is converted on the
//! Rust side. Only the top-level input may be given as JSON text.

use csp_core::error::FieldProblem;
use csp_core::money::{ProrationPolicy, Rounding, RoundingMode};
use csp_core::Error;
use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};

/// A plain JavaScript object (or its JSON text) being read as an input of `what`.
pub(crate) struct Fields {
    object: JsValue,
    what: &'static str,
    expected: &'static str,
}

impl Fields {
    /// `value` as an object whose keys are all in `allowed`; a string is parsed as JSON text.
    pub(crate) fn new(
        value: &JsValue,
        what: &'static str,
        expected: &'static str,
        allowed: &[&str],
    ) -> Result<Fields, Error> {
        let object = match value.as_string() {
            Some(text) => JSON::parse(&text).map_err(|_| Error::not_json(what, expected))?,
            None => value.clone(),
        };
        Fields::plain(object, what, expected, allowed)
    }

    /// `object`, which must be a plain object (not text) whose keys are all in `allowed`.
    pub(crate) fn plain(
        object: JsValue,
        what: &'static str,
        expected: &'static str,
        allowed: &[&str],
    ) -> Result<Fields, Error> {
        if !object.is_object() || Array::is_array(&object) || object.is_function() {
            return Err(Error::not_an_object(what, type_name(&object), expected));
        }
        for key in Object::keys(object.unchecked_ref::<Object>()).iter() {
            let key = key.as_string().unwrap_or_default();
            if !allowed.contains(&key.as_str()) {
                return Err(Error::unknown_field(what, &key, expected));
            }
        }
        Ok(Fields {
            object,
            what,
            expected,
        })
    }

    /// A nested object field, read with the same rules, except that text is not parsed as
    /// JSON (`None` when missing or null).
    pub(crate) fn object(
        &self,
        key: &str,
        what: &'static str,
        expected: &'static str,
        allowed: &[&str],
    ) -> Result<Option<Fields>, Error> {
        self.get(key)
            .map(|v| Fields::plain(v, what, expected, allowed))
            .transpose()
    }

    /// A nested object field that must be present.
    pub(crate) fn required_object(
        &self,
        key: &str,
        what: &'static str,
        expected: &'static str,
        allowed: &[&str],
    ) -> Result<Fields, Error> {
        Fields::plain(self.required(key)?, what, expected, allowed)
    }

    /// The value of `key`, or `None` when it is missing, `undefined` or `null`.
    fn get(&self, key: &str) -> Option<JsValue> {
        Reflect::get(&self.object, &JsValue::from_str(key))
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())
    }

    fn refuse(&self, key: &str, problem: FieldProblem) -> Error {
        Error::bad_field(self.what, key, problem, self.expected)
    }

    fn required(&self, key: &str) -> Result<JsValue, Error> {
        self.get(key)
            .ok_or_else(|| self.refuse(key, FieldProblem::Missing))
    }

    /// A string field, which must be present.
    pub(crate) fn string(&self, key: &str) -> Result<String, Error> {
        let v = self.required(key)?;
        self.as_text(key, &v)
    }

    /// An optional string field.
    pub(crate) fn opt_string(&self, key: &str) -> Result<Option<String>, Error> {
        self.get(key).map(|v| self.as_text(key, &v)).transpose()
    }

    fn as_text(&self, key: &str, v: &JsValue) -> Result<String, Error> {
        v.as_string()
            .ok_or_else(|| self.refuse(key, FieldProblem::NotText(type_name(v))))
    }

    /// A whole-number field, which must be present.
    pub(crate) fn int(&self, key: &str) -> Result<i64, Error> {
        let v = self.required(key)?;
        self.as_int(key, &v)
    }

    /// An optional whole-number field.
    pub(crate) fn opt_int(&self, key: &str) -> Result<Option<i64>, Error> {
        self.get(key).map(|v| self.as_int(key, &v)).transpose()
    }

    fn as_int(&self, key: &str, v: &JsValue) -> Result<i64, Error> {
        whole_number(v).ok_or_else(|| self.refuse(key, FieldProblem::NotWholeNumber))
    }

    /// An optional array field (missing or null: empty).
    pub(crate) fn array(&self, key: &str) -> Result<Vec<JsValue>, Error> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(v) if Array::is_array(&v) => Ok(Array::from(&v).to_vec()),
            Some(v) => Err(self.refuse(key, FieldProblem::NotArray(type_name(&v)))),
        }
    }

    /// An optional proration policy field, `{daily_rate?, unit?, line?}` as in the scenario
    /// format (missing: the default policy).
    pub(crate) fn policy(&self, key: &str) -> Result<ProrationPolicy, Error> {
        const EXPECTED: &str = "{daily_rate?: {scale, mode} | null, unit?: {scale, mode} | null, line?: half_up | half_even | down}";
        let Some(p) = self.object(
            key,
            "proration policy",
            EXPECTED,
            &["daily_rate", "unit", "line"],
        )?
        else {
            return Ok(ProrationPolicy::default());
        };
        let step = |key: &str| -> Result<Option<Rounding>, Error> {
            let Some(r) = p.object(key, "rounding", "{scale, mode}", &["scale", "mode"])? else {
                return Ok(None);
            };
            let scale = u32::try_from(r.int("scale")?)
                .map_err(|_| r.refuse("scale", FieldProblem::NotDecimalPlaces))?;
            Rounding::new(scale, r.string("mode")?.parse::<RoundingMode>()?).map(Some)
        };
        Ok(ProrationPolicy {
            daily_rate: step("daily_rate")?,
            unit: step("unit")?,
            line: match p.opt_string("line")? {
                Some(mode) => mode.parse()?,
                None => ProrationPolicy::default().line,
            },
        })
    }
}

/// A JavaScript number holding a safe integer (at most 2^53 − 1 in size), read from its
/// decimal text.
fn whole_number(v: &JsValue) -> Option<i64> {
    if !js_sys::Number::is_safe_integer(v) {
        return None;
    }
    let text = v
        .unchecked_ref::<js_sys::Number>()
        .to_string_with_radix(10)
        .ok()?;
    String::from(text).parse().ok()
}

/// The JavaScript type of a value, for messages.
fn type_name(v: &JsValue) -> &'static str {
    if v.is_null() {
        "null"
    } else if Array::is_array(v) {
        "array"
    } else if v.as_string().is_some() {
        "string"
    } else if v.as_bool().is_some() {
        "boolean"
    } else if v.is_bigint() {
        "bigint"
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
