//! Core errors → the `csp_billing` exception of their family.
//!
//! The classes live in Python (`csp_billing/_errors.py`); `_make(code, family, message,
//! context)` builds the instance, so the Rust side never hard-codes the hierarchy.

use csp_core::charges::Refusal;
use csp_core::Error;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The Python exception for `error`, with `extra` context entries (a row index, an event).
pub fn to_py(error: &Error, extra: &[(&str, String)]) -> PyErr {
    Python::attach(|py| {
        let build = || -> PyResult<PyErr> {
            let context = PyDict::new(py);
            for (k, v) in error.context() {
                context.set_item(k, v)?;
            }
            for (k, v) in extra {
                context.set_item(*k, v)?;
            }
            let message = match extra {
                [] => error.message(),
                _ => format!(
                    "{} ({})",
                    error.message(),
                    extra
                        .iter()
                        .map(|(k, v)| format!("{k} {v}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let exc = py.import("csp_billing._errors")?.getattr("_make")?.call1((
                error.code(),
                error.family(),
                message,
                context,
            ))?;
            Ok(PyErr::from_value(exc))
        };
        build().unwrap_or_else(|e| {
            PyRuntimeError::new_err(format!("cannot build the error {}: {e}", error.code()))
        })
    })
}

/// The Python exception for a core error.
pub fn core(error: Error) -> PyErr {
    to_py(&error, &[])
}

/// The Python exception for a refused replay: the error, with the refused event's index in
/// the scenario's `events` when there is one.
pub fn refusal(refusal: Refusal) -> PyErr {
    match refusal.index {
        Some(i) => to_py(&refusal.error, &[("event_index", i.to_string())]),
        None => to_py(&refusal.error, &[]),
    }
}

/// The Python exception for a refused NCE replay: the error, with the refused event's index
/// in the scenario's `events` and the event itself (`2022-09-08T08:00:01Z s3 cancel (c3)`)
/// when there is one.
pub fn nce_refusal(refusal: csp_core::charges::NceRefusal) -> PyErr {
    let mut extra = Vec::new();
    if let Some(i) = refusal.index {
        extra.push(("event_index", i.to_string()));
    }
    if let Some(event) = &refusal.event {
        extra.push(("event", event.to_string()));
    }
    to_py(&refusal.error, &extra)
}
