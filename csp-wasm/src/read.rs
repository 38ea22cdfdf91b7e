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

use crate::args::{check_length, type_name, whole_number};

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
        let object = match value.dyn_ref::<js_sys::JsString>() {
            Some(text) => {
                check_length(text.length(), what)?;
                JSON::parse(&String::from(text)).map_err(|_| Error::not_json(what, expected))?
            }
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
        // A `Date`, `Map` or class instance has no own keys to refuse: it would read as `{}`.
        let proto = |v: &JsValue| Reflect::get_prototype_of(v).map(JsValue::from);
        let object_proto = proto(&Object::new().into());
        let plain = proto(&object).is_ok_and(|p| p.is_null() || Ok(p) == object_proto);
        if !plain {
            return Err(Error::not_an_object(
                what,
                "non-plain object (a Date, Map or class instance)",
                expected,
            ));
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
        let text = v
            .dyn_ref::<js_sys::JsString>()
            .ok_or_else(|| self.refuse(key, FieldProblem::NotText(type_name(v))))?;
        check_length(text.length(), self.what)?;
        Ok(String::from(text))
    }

    /// The raw value of `key` (`undefined` when missing or null), for the count readers of
    /// `crate::args`.
    pub(crate) fn value(&self, key: &str) -> JsValue {
        self.get(key).unwrap_or(JsValue::UNDEFINED)
    }

    /// A whole-number field, which must be present.
    pub(crate) fn int(&self, key: &str) -> Result<i64, Error> {
        let v = self.required(key)?;
        self.as_int(key, &v)
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

    /// An optional proration policy field (missing: the default policy), see [`policy`].
    pub(crate) fn policy(&self, key: &str) -> Result<ProrationPolicy, Error> {
        policy(&self.value(key))
    }
}

/// A proration policy argument or field, `{daily_rate?, unit?, line?}` as in the scenario
/// format (`undefined` or `null`: the default policy).
pub(crate) fn policy(value: &JsValue) -> Result<ProrationPolicy, Error> {
    const EXPECTED: &str = "{daily_rate?: {scale, mode} | null, unit?: {scale, mode} | null, line?: half_up | half_even | down}";
    if value.is_undefined() || value.is_null() {
        return Ok(ProrationPolicy::default());
    }
    let p = Fields::plain(
        value.clone(),
        "proration policy",
        EXPECTED,
        &["daily_rate", "unit", "line"],
    )?;
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
