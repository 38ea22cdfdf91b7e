//! Native scenarios: the parsed scenario and its inputs kept in Rust, replays and bill runs
//! kept as core values (records are built on access, tables in one pass).

use chrono::NaiveDate;
use csp_core::billing::{bill_month, project, BillRun};
use csp_core::calendar::YearMonth;
use csp_core::charges::{replay, ChargeLine, Inputs, Refusal, Replay, ReplayOptions};
use csp_core::scenario::{ReadError, Scenario};
use csp_core::Error;
use pyo3::prelude::*;
use pyo3::types::PyList;
use pyo3_arrow::PyTable;

use crate::errors::{core, refusal, to_py};
use crate::recon::{self, NativeReconQuery};
use crate::{records, tables};

/// A checked scenario: parsed once, with its inputs (catalog, customers, price book,
/// program) built once, and its normalised JSON.
#[pyclass(module = "csp_billing._native", frozen)]
#[derive(Debug)]
pub struct NativeScenario {
    scenario: Scenario,
    inputs: Inputs,
    json: String,
}

fn checked(scenario: Scenario) -> PyResult<NativeScenario> {
    let inputs = scenario.inputs().map_err(core)?;
    let json = scenario.to_json();
    Ok(NativeScenario {
        scenario,
        inputs,
        json,
    })
}

/// The scenario of JSON text whose `csv_file` price lists `resolve(path)` reads (a Python
/// callable that returns the file's text); a file's parse error names the list and the file.
pub fn resolved(text: &str, resolve: &Bound<'_, PyAny>) -> PyResult<Scenario> {
    resolved_with(text, |file: &str| {
        resolve.call1((file,))?.extract::<String>()
    })
}

/// The scenario of JSON text whose `csv_file` price lists `read(path)` reads; a file's
/// parse error names the list (`price_list`) and the file (`file`) in its context.
pub fn resolved_with(text: &str, read: impl FnMut(&str) -> PyResult<String>) -> PyResult<Scenario> {
    Scenario::from_json_with(text, read).map_err(read_error)
}

/// The Python exception for a scenario that could not be read: the document's error, the
/// resolver's own (an `OSError`…), or a file's parse error naming the list (`price_list`)
/// and the file (`file`) in its context.
pub fn read_error(e: ReadError<PyErr>) -> PyErr {
    let list = e.list_path().unwrap_or_default();
    match e {
        ReadError::Document(error) => core(error),
        ReadError::Resolve { error, .. } => error,
        ReadError::Csv { file, error, .. } => {
            to_py(&error, &[("price_list", list), ("file", file)])
        }
    }
}

/// The month of `YYYY-MM` text, read by the core.
pub(crate) fn month(text: &str) -> PyResult<YearMonth> {
    text.parse::<YearMonth>().map_err(core)
}

fn date(text: &str) -> PyResult<NaiveDate> {
    csp_core::input::date(text).map_err(core)
}

impl NativeScenario {
    /// The replay through `as_of` (or the scenario's own), the GIL released.
    fn replayed(&self, py: Python<'_>, as_of: Option<&str>) -> PyResult<Replay> {
        let as_of = as_of.map(date).transpose()?;
        let as_of = self
            .scenario
            .as_of(as_of)
            .map_err(|e| refusal(Refusal::from(e)))?;
        let options = self.options();
        py.detach(|| replay(&self.inputs, &self.scenario.events, as_of, options))
            .map_err(refusal)
    }

    fn options(&self) -> ReplayOptions {
        ReplayOptions {
            policy: self.scenario.policy,
            form: self.scenario.form,
        }
    }
}

#[pymethods]
impl NativeScenario {
    /// The scenario of JSON text, checked.
    #[staticmethod]
    fn check(text: &str) -> PyResult<NativeScenario> {
        checked(Scenario::from_json(text).map_err(core)?)
    }

    /// The scenario whose `csv_file` price lists `resolve(path)` reads (a Python callable
    /// that returns the file's text), checked.
    #[staticmethod]
    fn resolve(text: &str, resolve: &Bound<'_, PyAny>) -> PyResult<NativeScenario> {
        checked(resolved(text, resolve)?)
    }

    /// The scenario file at `path`, its `csv_file` price lists read relative to the file's
    /// directory; every file at most `max_bytes`, UTF-8 (BOM or not) or UTF-16 with a BOM.
    #[staticmethod]
    #[pyo3(signature = (path, max_bytes=crate::files::MAX_FILE_BYTES))]
    fn load(py: Python<'_>, path: std::path::PathBuf, max_bytes: u64) -> PyResult<NativeScenario> {
        let _ = py;
        checked(crate::files::load_scenario(&path, max_bytes)?)
    }

    /// Every subscription's state after the replay through `as_of` (or the scenario's own),
    /// in order of purchase, as JSON (the core's `SubscriptionState`s).
    #[pyo3(signature = (as_of=None))]
    fn subscriptions(&self, py: Python<'_>, as_of: Option<&str>) -> PyResult<String> {
        let replay = self.replayed(py, as_of)?;
        let states: Vec<_> = replay.subscriptions.iter().collect();
        serde_json::to_string(&states)
            .map_err(|e| core(Error::invalid_json("value", e, "a JSON value")))
    }

    /// `check_order_eligibility` of the scenario's customer `customer` and catalog offer
    /// `offer` under its program.
    fn eligibility(&self, customer: &str, offer: &str) -> PyResult<()> {
        use csp_core::catalog::{check_order_eligibility, CustomerId, OfferId};
        let id = CustomerId::new(customer);
        let c = self.inputs.customers.get(&id).ok_or_else(|| {
            core(Error::UnknownCustomer {
                customer: id.to_string(),
                used_in: "the eligibility check".to_string(),
            })
        })?;
        let o = self
            .inputs
            .catalog
            .get(&OfferId::new(offer))
            .map_err(core)?;
        check_order_eligibility(c, o, &self.inputs.program).map_err(core)
    }

    /// The normalised JSON text.
    fn to_json(&self) -> &str {
        &self.json
    }

    /// The scenario in at most `parts` parts of whole customers
    /// (`Scenario::split_by_customer`), each checked.
    fn split(&self, py: Python<'_>, parts: usize) -> PyResult<Vec<NativeScenario>> {
        let split = py.detach(|| self.scenario.split_by_customer(parts));
        split.into_iter().map(checked).collect()
    }

    /// (currency, customers, events, whether it has partner settings), for its repr.
    fn summary(&self) -> (String, usize, usize, bool) {
        let s = &self.scenario;
        (
            s.currency.to_string(),
            s.customers.len(),
            s.events.len(),
            s.partner.is_some(),
        )
    }

    /// Every charge line through `as_of` (or the scenario's own), kept native.
    #[pyo3(signature = (as_of=None))]
    fn charges(&self, py: Python<'_>, as_of: Option<&str>) -> PyResult<NativeCharges> {
        let lines = self.replayed(py, as_of)?.lines;
        records::check_dates(py, &lines)?;
        Ok(NativeCharges {
            lines,
            currency: self.scenario.currency.to_string(),
            scale: self.scenario.currency.minor_units(),
        })
    }

    /// The bill run of `month` given the runs issued before, kept native.
    #[pyo3(signature = (month_, issued=Vec::new(), first_number=None))]
    fn bill(
        &self,
        py: Python<'_>,
        month_: &str,
        issued: Vec<PyRef<'_, NativeBillRun>>,
        first_number: Option<u64>,
    ) -> PyResult<NativeBillRun> {
        let m = month(month_)?;
        let issued = NativeBillRun::runs(&issued);
        let s = &self.scenario;
        let run = py.detach(|| match &s.partner {
            Some(settings) => bill_month(
                &self.inputs,
                &s.events,
                self.options(),
                settings,
                m,
                &issued,
                first_number,
            ),
            // The core's refusal for a scenario without settings.
            None => s.bill(m, &issued, first_number),
        });
        Ok(NativeBillRun {
            run: run.map_err(refusal)?,
        })
    }

    /// Reconciles Microsoft's legacy license-based recon file `text` for `month_` against
    /// the scenario's lines (the core's `Scenario::reconcile`), the GIL released.
    fn reconcile<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        month_: &str,
        query: PyRef<'_, NativeReconQuery>,
    ) -> PyResult<recon::Outcome<'py>> {
        let m = month(month_)?;
        let (scope, options) = (&query.scope, query.options);
        let report = py
            .detach(|| self.scenario.reconcile(text, m, scope, options))
            .map_err(refusal)?;
        recon::outcome(py, &report)
    }

    /// The next `count` bill runs after `month`, projected, kept native.
    fn projection(&self, py: Python<'_>, month_: &str, count: u32) -> PyResult<Vec<NativeBillRun>> {
        let m = month(month_)?;
        let s = &self.scenario;
        let runs = py.detach(|| match &s.partner {
            Some(settings) => project(&self.inputs, &s.events, self.options(), settings, m, count),
            None => s.projection(m, count),
        });
        Ok(runs
            .map_err(refusal)?
            .into_iter()
            .map(|run| NativeBillRun { run })
            .collect())
    }
}

/// The charge lines of a replay, kept native: records are built on access.
#[pyclass(module = "csp_billing._native", frozen)]
#[derive(Debug)]
pub struct NativeCharges {
    lines: Vec<ChargeLine>,
    currency: String,
    scale: u32,
}

#[pymethods]
impl NativeCharges {
    fn __len__(&self) -> usize {
        self.lines.len()
    }

    /// The `ChargeLine` records of lines `start..stop` (clamped), in order.
    fn records<'py>(
        &self,
        py: Python<'py>,
        start: usize,
        stop: usize,
    ) -> PyResult<Bound<'py, PyList>> {
        let stop = stop.min(self.lines.len());
        let start = start.min(stop);
        let currency = self.currency.clone().into_pyobject(py)?.into_any();
        let mut cache: Option<(csp_core::money::ProrationPolicy, Bound<'py, PyAny>)> = None;
        let mut out = Vec::with_capacity(stop - start);
        for line in &self.lines[start..stop] {
            let rounding = match &cache {
                Some((p, r)) if *p == line.rounding => r.clone(),
                _ => {
                    let r = records::rounding(py, &line.rounding)?;
                    cache = Some((line.rounding, r.clone()));
                    r
                }
            };
            out.push(records::charge_line(py, line, &rounding, &currency)?);
        }
        PyList::new(py, out)
    }

    /// The lines as an Arrow table (see `tables::charge_lines`).
    fn table(&self, py: Python<'_>) -> PyResult<PyTable> {
        let batch = py
            .detach(|| tables::charge_lines(&self.lines, self.scale))
            .map_err(core)?;
        let schema = batch.schema();
        PyTable::try_new(vec![batch], schema)
    }

    /// Whether both hold the same lines.
    fn same(&self, other: &NativeCharges) -> bool {
        self.lines == other.lines
    }
}

/// A bill run kept native: what `issued` passes back, its JSON, its records and tables.
#[pyclass(module = "csp_billing._native", frozen)]
#[derive(Debug)]
pub struct NativeBillRun {
    run: BillRun,
}

impl NativeBillRun {
    /// The run, kept native.
    pub(crate) fn new(run: BillRun) -> NativeBillRun {
        NativeBillRun { run }
    }

    /// The core runs of `issued` (what a bill's `issued` passes back).
    pub(crate) fn runs(issued: &[PyRef<'_, NativeBillRun>]) -> Vec<BillRun> {
        issued.iter().map(|r| r.run.clone()).collect()
    }
}

#[pymethods]
impl NativeBillRun {
    /// A run from the core's JSON of a run.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<NativeBillRun> {
        let run = serde_json::from_str(text).map_err(|e| {
            core(Error::invalid_json(
                "issued bill runs",
                e,
                "the documented JSON form",
            ))
        })?;
        Ok(NativeBillRun { run })
    }

    /// The core's JSON of the run.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.run)
            .map_err(|e| core(Error::invalid_json("value", e, "a JSON value")))
    }

    /// The `BillRun` record (every bill built now), holding this native run.
    fn record<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        records::bill_run(py, &slf.get().run, slf.clone().into_any())
    }

    /// Every invoice line as an Arrow table (see `tables::invoice_lines`).
    fn lines_table(&self, py: Python<'_>) -> PyResult<PyTable> {
        let batch = py
            .detach(|| tables::invoice_lines(&self.run))
            .map_err(core)?;
        let schema = batch.schema();
        PyTable::try_new(vec![batch], schema)
    }

    /// Pickles as the core's JSON.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let from = slf.get_type().getattr("from_json")?;
        Ok((from, (slf.get().to_json()?,)))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<NativeBillRun>()
            .is_ok_and(|o| o.get().run == self.run)
    }
}
