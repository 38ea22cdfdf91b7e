//! GDAP (SPEC-NCE §18): a GDAP document (JSON text, read by the core's one reader
//! `GdapDocument::from_json`) in, timelines and decisions out as JSON text in the core's
//! serde form.

use csp_core::gdap::{GdapAction, GdapDocument};
use csp_core::Error;
use pyo3::prelude::*;

use crate::errors::core;

fn document(text: &str) -> PyResult<GdapDocument> {
    GdapDocument::from_json(text).map_err(core)
}

fn instant(text: &str) -> PyResult<chrono::DateTime<chrono::Utc>> {
    csp_core::input::instant(text).map_err(core)
}

fn json<T: serde::Serialize>(value: &T) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| core(Error::invalid_json("value", e, "a JSON value")))
}

/// Every relationship's timeline as of `as_of` (JSON list).
#[pyfunction]
pub fn gdap_timeline(document_json: &str, as_of: &str) -> PyResult<String> {
    let doc = document(document_json)?;
    let as_of = instant(as_of)?;
    json(&doc.timelines(as_of).map_err(core)?)
}

/// The decision for `user` doing `action` for `customer` at `at` (JSON).
#[pyfunction]
pub fn gdap_decide(
    document_json: &str,
    user: &str,
    action: &str,
    customer: &str,
    at: &str,
) -> PyResult<String> {
    let doc = document(document_json)?;
    let action: GdapAction = action.parse().map_err(core)?;
    let at = instant(at)?;
    json(&doc.decide(user, action, customer, at).map_err(core)?)
}

/// The days of `first..=last` with access of a relationship (JSON `[first, last]` or null).
#[pyfunction]
pub fn gdap_access_days(
    document_json: &str,
    relationship: &str,
    first: &str,
    last: &str,
) -> PyResult<String> {
    let doc = document(document_json)?;
    let rel = doc
        .relationships
        .iter()
        .find(|r| r.id() == relationship)
        .ok_or_else(|| {
            core(Error::InvalidInput {
                what: "GDAP relationship",
                text: relationship.chars().take(100).collect(),
                expected: "the id of a relationship of the document",
            })
        })?;
    let first = csp_core::input::date(first).map_err(core)?;
    let last = csp_core::input::date(last).map_err(core)?;
    let days = rel
        .access_days(first, last)
        .map_err(core)?
        .map(|p| [p.first().to_string(), p.last().to_string()]);
    json(&days)
}
