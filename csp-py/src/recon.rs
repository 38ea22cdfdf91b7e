//! Reconciliation for Python (SPEC-NCE §15): what to audit read by the core's readers
//! (`NativeReconQuery`: the core's `ReconScope` and `ReconOptions`), and the core's
//! `ReconReport` turned into the fields of the package's `Reconciliation` record — its
//! totals, coverage, flags and invoice check as frozen records, its JSON as the core writes
//! it, and its two Arrow tables (`recon_tables`). Both scenario kinds reconcile through
//! their own `reconcile` method (`NativeScenario`, `NativeNceScenario`).

use csp_core::input::{self, AmountKind};
use csp_core::recon::{
    money_scaled, Coverage, InvoiceCheck, InvoiceFigures, ReconClass, ReconOptions, ReconReport,
    ReconScope, ReconTotals, RowFlag, ENTRY_CSV_COLUMNS,
};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use pyo3_arrow::PyTable;
use rust_decimal::Decimal;

use crate::errors::core;
use crate::nce::{any, record};
use crate::recon_tables;

/// What a reconciliation audits and lists, read once by the core's readers: the customers
/// in scope besides the expected lines' own and the products left out (ids), what to list
/// besides the differences, and the invoice's figures for the invoice check.
#[pyclass(module = "csp_billing._native", frozen)]
#[derive(Debug)]
pub struct NativeReconQuery {
    pub(crate) scope: ReconScope,
    pub(crate) options: ReconOptions,
}

#[pymethods]
impl NativeReconQuery {
    /// `customers` and `excluded_products` read by the core's id reader; `invoice_total` and
    /// `credit_notes` (default 0; only with `invoice_total`) by its amount reader as exact
    /// amounts (any sign).
    #[new]
    #[pyo3(signature = (customers, excluded_products, include_matched, include_out_of_scope,
                        invoice_total=None, credit_notes=None))]
    fn new(
        customers: Vec<String>,
        excluded_products: Vec<String>,
        include_matched: bool,
        include_out_of_scope: bool,
        invoice_total: Option<&str>,
        credit_notes: Option<&str>,
    ) -> PyResult<NativeReconQuery> {
        let ids = |values: &[String], what| {
            values
                .iter()
                .map(|v| Ok(input::id(v, what).map_err(core)?.to_string()))
                .collect::<PyResult<_>>()
        };
        let scope = ReconScope {
            customers: ids(&customers, "customer id")?,
            excluded_products: ids(&excluded_products, "product id")?,
        };
        let read = |text: &str| input::amount(text, AmountKind::Exact).map_err(core);
        let invoice = match (invoice_total, credit_notes) {
            (Some(total), notes) => Some(InvoiceFigures {
                invoice_total: read(total)?,
                credit_notes: notes.map(read).transpose()?.unwrap_or_default(),
            }),
            (None, None) => None,
            (None, Some(notes)) => {
                return Err(core(csp_core::Error::InvalidInput {
                    what: "credit_notes",
                    text: notes.to_string(),
                    expected: "credit notes only with invoice_total (the invoice check's)",
                }))
            }
        };
        Ok(NativeReconQuery {
            scope,
            options: ReconOptions {
                include_matched,
                include_out_of_scope,
                invoice,
            },
        })
    }
}

/// The columns of the differences table: the core's `ENTRY_CSV_COLUMNS` (SPEC-NCE §15.12).
#[pyfunction]
pub fn recon_entry_columns() -> Vec<&'static str> {
    ENTRY_CSV_COLUMNS.to_vec()
}

/// A report as Python receives it: the `Reconciliation` record's fields but its tables, the
/// differences table and the customers table.
pub type Outcome<'py> = (Bound<'py, PyDict>, PyTable, PyTable);

/// The outcome of a report (the tables built with the GIL released).
pub fn outcome<'py>(py: Python<'py>, report: &ReconReport) -> PyResult<Outcome<'py>> {
    let (differences, customers, json) = py
        .detach(|| {
            Ok::<_, csp_core::Error>((
                recon_tables::differences(report)?,
                recon_tables::customers(report)?,
                report.to_json(),
            ))
        })
        .map_err(core)?;
    let module = py.import("csp_billing._recon")?;
    let fields = PyDict::new(py);
    fields.set_item("status", report.status.as_str())?;
    fields.set_item("file_kind", report.file_kind.as_str())?;
    fields.set_item("currency", report.currency.code())?;
    fields.set_item("period", &report.period)?;
    fields.set_item("policy", &report.policy)?;
    let m = report.currency.minor_units();
    fields.set_item("totals", totals(py, &module, &report.totals, m)?)?;
    fields.set_item("coverage", coverage(py, &module, &report.coverage)?)?;
    let flags = report
        .flags
        .iter()
        .map(|f| flag(py, &module, f))
        .collect::<PyResult<Vec<_>>>()?;
    fields.set_item("flags", PyTuple::new(py, flags)?)?;
    let check = report
        .invoice_check
        .map(|c| invoice_check(py, &module, &c, m))
        .transpose()?;
    fields.set_item("invoice_check", check)?;
    fields.set_item("_json", json)?;
    let table = |batch: arrow_array::RecordBatch| {
        let schema = batch.schema();
        PyTable::try_new(vec![batch], schema)
    };
    Ok((fields, table(differences)?, table(customers)?))
}

/// A `ReconTotals` record; `by_class` a read-only mapping of every class, in report order,
/// to `(count, Σ Δ)`.
fn totals<'py>(
    py: Python<'py>,
    module: &Bound<'py, PyModule>,
    t: &ReconTotals,
    m: u32,
) -> PyResult<Bound<'py, PyAny>> {
    let money = |v: Decimal| any(py, money_scaled(v, m));
    let by_class = PyDict::new(py);
    for class in ReconClass::ALL {
        let c = t.by_class.get(&class).copied().unwrap_or_default();
        by_class.set_item(class.as_str(), (c.count, money_scaled(c.amount, m)))?;
    }
    let frozen = py
        .import("csp_billing._records")?
        .getattr("FrozenDict")?
        .call1((by_class,))?;
    record(
        py,
        &module.getattr("ReconTotals")?,
        vec![
            ("microsoft_total", money(t.microsoft_total)?),
            ("expected_total", money(t.expected_total)?),
            ("difference", money(t.difference)?),
            ("out_of_scope_total", money(t.out_of_scope_total)?),
            ("not_modelled_total", money(t.not_modelled_total)?),
            (
                "discounts_total",
                any(py, t.discounts_total.map(|d| money_scaled(d, m)))?,
            ),
            ("by_class", frozen),
        ],
    )
}

/// A `ReconCoverage` record, the percentages with 2 decimals.
fn coverage<'py>(
    py: Python<'py>,
    module: &Bound<'py, PyModule>,
    c: &Coverage,
) -> PyResult<Bound<'py, PyAny>> {
    let pct = |v: Option<Decimal>| any(py, v.map(|p| money_scaled(p, 2)));
    record(
        py,
        &module.getattr("ReconCoverage")?,
        vec![
            ("file_rows", any(py, c.file_rows)?),
            ("rows_out_of_scope", any(py, c.rows_out_of_scope)?),
            ("rows_not_modelled", any(py, c.rows_not_modelled)?),
            ("rows_examined", any(py, c.rows_examined)?),
            ("rows_matched", any(py, c.rows_matched)?),
            ("rows_differing", any(py, c.rows_differing)?),
            ("rows_unexpected", any(py, c.rows_unexpected)?),
            ("expected_lines", any(py, c.expected_lines)?),
            ("expected_missing", any(py, c.expected_missing)?),
            ("examined_pct", pct(c.examined_pct)?),
            ("matched_pct", pct(c.matched_pct)?),
            ("examined_amount_pct", pct(c.examined_amount_pct)?),
        ],
    )
}

/// A `ReconFlag` record.
fn flag<'py>(
    py: Python<'py>,
    module: &Bound<'py, PyModule>,
    f: &RowFlag,
) -> PyResult<Bound<'py, PyAny>> {
    record(
        py,
        &module.getattr("ReconFlag")?,
        vec![
            ("flag", any(py, RowFlag::FLAG)?),
            ("row", any(py, f.row)?),
            ("check", any(py, f.check)?),
            ("detail", any(py, f.detail.as_str())?),
        ],
    )
}

/// An `InvoiceCheck` record.
fn invoice_check<'py>(
    py: Python<'py>,
    module: &Bound<'py, PyModule>,
    c: &InvoiceCheck,
    m: u32,
) -> PyResult<Bound<'py, PyAny>> {
    let money = |v: Decimal| any(py, money_scaled(v, m));
    record(
        py,
        &module.getattr("InvoiceCheck")?,
        vec![
            ("rows_total", money(c.rows_total)?),
            ("credit_notes", money(c.credit_notes)?),
            ("invoice_total", money(c.invoice_total)?),
            ("agrees", any(py, c.agrees)?),
        ],
    )
}
