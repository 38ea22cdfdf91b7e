//! NCE price sheets for Python without JSON text: the rows kept native (legacy lists:
//! `legacy_list`)
//! (with an Arrow table of them), parsed with the GIL released.

use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::builder::{StringBuilder, UInt64Builder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use csp_core::price_list::{parse_nce_rows_parallel, NceRow};
use csp_core::Error;
use pyo3::prelude::*;
use pyo3_arrow::PyTable;
use serde::Serialize;

use crate::errors::core;
use crate::files::read_text_file;

/// A value's text in the core's serde form (enum names as the JSON API writes them).
pub fn serde_text<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(e) => e.to_string(),
    }
}

/// The rows of NCE price sheets, kept as the core's rows (shared, never copied to Python
/// objects unless asked).
#[pyclass(module = "csp_billing._native", frozen)]
#[derive(Debug, Clone, Default)]
pub struct NceRows {
    rows: Arc<Vec<NceRow>>,
}

fn from_json(text: &str) -> PyResult<Vec<NceRow>> {
    serde_json::from_str(text).map_err(|e| {
        core(Error::invalid_json(
            "NCE rows",
            e,
            "the documented JSON form",
        ))
    })
}

#[pymethods]
impl NceRows {
    /// The rows of an NCE price sheet's CSV text.
    #[staticmethod]
    fn from_csv(py: Python<'_>, text: &str) -> PyResult<NceRows> {
        let rows = py
            .detach(|| parse_nce_rows_parallel(text, 0))
            .map_err(core)?;
        Ok(NceRows {
            rows: Arc::new(rows),
        })
    }

    /// The rows of the NCE price sheet file at `path` (read natively, at most `max_bytes`,
    /// decoded as `read_text` decodes it): the text never becomes a Python string.
    #[staticmethod]
    fn read(py: Python<'_>, path: PathBuf, max_bytes: u64) -> PyResult<NceRows> {
        let text = read_text_file(py, path, max_bytes)?;
        let rows = py
            .detach(|| parse_nce_rows_parallel(&text, 0))
            .map_err(core)?;
        Ok(NceRows {
            rows: Arc::new(rows),
        })
    }

    /// Rows from their JSON form (a list of the core's NCE row objects).
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<NceRows> {
        Ok(NceRows {
            rows: Arc::new(from_json(text)?),
        })
    }

    /// The rows of `parts`, one after the other.
    #[staticmethod]
    fn concat(parts: Vec<PyRef<'_, NceRows>>) -> NceRows {
        match parts.as_slice() {
            [one] => (*one).clone(),
            _ => NceRows {
                rows: Arc::new(parts.iter().flat_map(|p| p.rows.iter().cloned()).collect()),
            },
        }
    }

    /// The rows' JSON form (a list of objects, as `parse_nce_csv` gives it).
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&*self.rows)
            .map_err(|e| core(Error::invalid_json("NCE rows", e, "a JSON value")))
    }

    /// The rows as an Arrow table: offer, product_title, sku_title, term, plan, market,
    /// currency, unit_price and erp_price (exact decimal text), effective_start and
    /// effective_end (ISO 8601 text, UTC), tags, line.
    fn to_arrow(&self, py: Python<'_>) -> PyResult<PyTable> {
        let batch = py.detach(|| arrow_batch(&self.rows)).map_err(core)?;
        let schema = batch.schema();
        PyTable::try_new(vec![batch], schema)
    }

    fn __len__(&self) -> usize {
        self.rows.len()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<NceRows>()
            .is_ok_and(|o| Arc::ptr_eq(&self.rows, &o.get().rows) || self.rows == o.get().rows)
    }
}

impl NceRows {
    /// The core rows.
    pub fn rows(&self) -> &[NceRow] {
        &self.rows
    }
}

fn arrow_batch(rows: &[NceRow]) -> Result<RecordBatch, Error> {
    let text_columns = [
        "offer",
        "product_title",
        "sku_title",
        "term",
        "plan",
        "market",
        "currency",
        "unit_price",
        "erp_price",
        "effective_start",
        "effective_end",
        "tags",
    ];
    let mut builders: Vec<StringBuilder> = text_columns
        .iter()
        .map(|_| StringBuilder::with_capacity(rows.len(), rows.len() * 8))
        .collect();
    let mut lines = UInt64Builder::with_capacity(rows.len());
    for r in rows {
        let cells: [Option<String>; 12] = [
            Some(r.key.offer.to_string()),
            Some(r.product_title.clone()),
            Some(r.sku_title.clone()),
            Some(serde_text(&r.key.term)),
            Some(serde_text(&r.key.plan)),
            Some(r.key.market.clone()),
            Some(r.key.currency.code().to_string()),
            Some(r.unit_price.to_string()),
            r.erp_price.map(|d| d.to_string()),
            Some(serde_text(&r.effective_start)),
            Some(serde_text(&r.effective_end)),
            Some(r.tags.clone()),
        ];
        for (b, cell) in builders.iter_mut().zip(cells) {
            b.append_option(cell);
        }
        lines.append_value(r.line);
    }
    let mut fields: Vec<Field> = text_columns
        .iter()
        .map(|n| Field::new(*n, DataType::Utf8, *n == "erp_price"))
        .collect();
    fields.push(Field::new("line", DataType::UInt64, false));
    let mut columns: Vec<ArrayRef> = builders
        .into_iter()
        .map(|mut b| Arc::new(b.finish()) as ArrayRef)
        .collect();
    columns.push(Arc::new(lines.finish()));
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
        .map_err(|e| Error::internal("NCE rows table", format_args!("{e}")))
}
