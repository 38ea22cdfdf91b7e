//! A legacy price list for Python kept native: its `PriceRow` records built on demand, its
//! Arrow table built natively, and the list itself handed to a `PriceBook`.

use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::builder::{Date32Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use csp_core::calendar::{epoch_day, YearMonth};
use csp_core::money::Currency;
use csp_core::price_list::PriceList;
use csp_core::Error;
use pyo3::prelude::*;
use pyo3::types::PyList;
use pyo3_arrow::PyTable;

use crate::errors::core;
use crate::files::read_text_file;
use crate::prices::serde_text;
use crate::records;

/// A legacy price list kept as the core's list (shared, never copied to Python objects
/// unless its rows are read): what `PriceList.read` and `PriceList.from_csv` hold, and what
/// a `PriceBook` takes without a JSON round trip.
#[pyclass(module = "csp_billing._native", frozen)]
#[derive(Debug, Clone)]
pub struct NativeLegacyList {
    list: Arc<PriceList>,
}

#[pymethods]
impl NativeLegacyList {
    /// A legacy price list's CSV text for `month` (`YYYY-MM`) in `currency`, parsed with
    /// the GIL released (the core's `PriceList::from_legacy_csv`).
    #[staticmethod]
    fn from_csv(py: Python<'_>, text: &str, month: &str, currency: &str) -> PyResult<Self> {
        Self::parse(py, text, month, currency)
    }

    /// The legacy price list file at `path` (read natively, at most `max_bytes`, decoded as
    /// `read_text` decodes it) for `month` in `currency`: the text never becomes a Python
    /// string.
    #[staticmethod]
    fn read(
        py: Python<'_>,
        path: PathBuf,
        month: &str,
        currency: &str,
        max_bytes: u64,
    ) -> PyResult<Self> {
        let text = read_text_file(py, path, max_bytes)?;
        Self::parse(py, &text, month, currency)
    }

    /// Every row as a `PriceRow` record, in the list's order (by offer id).
    fn records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let rows = self
            .list
            .rows()
            .map(|r| records::price_row(py, r))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, rows)
    }

    /// The rows as an Arrow table, in the list's order: `PriceRow`'s fields as columns,
    /// prices as their exact decimal text, the effective dates as `date32`.
    fn to_arrow(&self, py: Python<'_>) -> PyResult<PyTable> {
        let batch = py.detach(|| arrow_batch(&self.list)).map_err(core)?;
        let schema = batch.schema();
        PyTable::try_new(vec![batch], schema)
    }

    fn __len__(&self) -> usize {
        self.list.len()
    }

    /// Whether both hold the same rows (month and currency aside: the Python list's own).
    fn same(&self, other: &NativeLegacyList) -> bool {
        Arc::ptr_eq(&self.list, &other.list) || self.list.rows().eq(other.list.rows())
    }
}

impl NativeLegacyList {
    /// `text` parsed for `month` in `currency`, with the GIL released.
    fn parse(py: Python<'_>, text: &str, month: &str, currency: &str) -> PyResult<Self> {
        let month = month.parse::<YearMonth>().map_err(core)?;
        let currency = currency.parse::<Currency>().map_err(core)?;
        let list = py
            .detach(|| PriceList::from_legacy_csv(text, month, currency))
            .map_err(core)?;
        Ok(NativeLegacyList {
            list: Arc::new(list),
        })
    }

    /// The list's rows as the core's list for `month` in `currency` (those of the Python
    /// `PriceList` holding them, which the book checks as it checks any list).
    pub fn list(&self, month: YearMonth, currency: Currency) -> Result<PriceList, Error> {
        if self.list.month() == month && self.list.currency() == currency {
            return Ok((*self.list).clone());
        }
        PriceList::new(month, currency, self.list.rows().cloned().collect())
    }
}

/// The columns of `PriceList.to_arrow` (the fields of the `PriceRow` record, in order).
const TEXT_COLUMNS: [&str; 9] = [
    "offer_id",
    "offer_name",
    "agreement_type",
    "secondary_type",
    "list_price",
    "erp_price",
    "purchase_unit",
    "end_customer_type",
    "change_indicator",
];

fn arrow_batch(list: &PriceList) -> Result<RecordBatch, Error> {
    let n = list.len();
    let mut text: Vec<StringBuilder> = TEXT_COLUMNS
        .iter()
        .map(|_| StringBuilder::with_capacity(n, n * 8))
        .collect();
    let mut start = Date32Builder::with_capacity(n);
    let mut end = Date32Builder::with_capacity(n);
    for r in list.rows() {
        let cells: [Option<String>; 9] = [
            Some(r.offer_id.to_string()),
            Some(r.offer_name.clone()),
            Some(serde_text(&r.agreement_type)),
            Some(serde_text(&r.secondary_type)),
            Some(r.list_price.to_string()),
            Some(r.erp_price.to_string()),
            r.purchase_unit.clone(),
            r.end_customer_type.clone(),
            r.change_indicator.as_ref().map(serde_text),
        ];
        for (b, cell) in text.iter_mut().zip(cells) {
            b.append_option(cell);
        }
        start.append_option(r.effective_start.map(epoch_day));
        end.append_option(r.effective_end.map(epoch_day));
    }
    let mut fields: Vec<Field> = TEXT_COLUMNS
        .iter()
        .map(|name| Field::new(*name, DataType::Utf8, true))
        .collect();
    fields.push(Field::new("effective_start", DataType::Date32, true));
    fields.push(Field::new("effective_end", DataType::Date32, true));
    let mut columns: Vec<ArrayRef> = text
        .into_iter()
        .map(|mut b| Arc::new(b.finish()) as ArrayRef)
        .collect();
    columns.push(Arc::new(start.finish()));
    columns.push(Arc::new(end.finish()));
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
        .map_err(|e| Error::internal("price list table", format_args!("{e}")))
}
