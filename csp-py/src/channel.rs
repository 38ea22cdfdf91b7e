//! The two-tier channel's bills (SPEC-NCE §17) for Python: `NativeNceScenario::bill_channel`
//! returns a `NativeChannelRun`, kept native like a bill run; the package builds its
//! `ChannelRun` record from the tiers' native runs and the margin statement's JSON (money as
//! decimal strings).

use csp_core::channel::ChannelRun;
use csp_core::Error;
use pyo3::prelude::*;

use crate::errors::core;
use crate::scenario::NativeBillRun;

/// A channel run kept native: what `issued` passes back, its tiers' runs, its JSON.
#[pyclass(module = "csp_billing._native", frozen)]
#[derive(Debug)]
pub struct NativeChannelRun {
    run: ChannelRun,
}

impl NativeChannelRun {
    /// The run, kept native.
    pub(crate) fn new(run: ChannelRun) -> NativeChannelRun {
        NativeChannelRun { run }
    }

    /// The core runs of `issued`.
    pub(crate) fn runs(issued: &[PyRef<'_, NativeChannelRun>]) -> Vec<ChannelRun> {
        issued.iter().map(|r| r.run.clone()).collect()
    }
}

fn json<T: serde::Serialize>(value: &T) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| core(Error::invalid_json("value", e, "a JSON value")))
}

#[pymethods]
impl NativeChannelRun {
    /// A run from the core's JSON of a channel run.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<NativeChannelRun> {
        let run = serde_json::from_str(text).map_err(|e| {
            core(Error::invalid_json(
                "issued channel runs",
                e,
                "the documented JSON form",
            ))
        })?;
        Ok(NativeChannelRun { run })
    }

    /// The core's JSON of the run.
    fn to_json(&self) -> PyResult<String> {
        json(&self.run)
    }

    /// The month (`YYYY-MM`).
    fn month(&self) -> String {
        self.run.month.to_string()
    }

    /// The provider's bills to its own customers (hop 1′).
    fn provider(&self) -> NativeBillRun {
        NativeBillRun::new(self.run.provider.clone())
    }

    /// Each reseller: (id, name, the provider's bills to it, its bills to its customers).
    fn resellers(&self) -> Vec<(String, String, NativeBillRun, NativeBillRun)> {
        self.run
            .resellers
            .iter()
            .map(|r| {
                (
                    r.reseller.to_string(),
                    r.name.clone(),
                    NativeBillRun::new(r.from_provider.clone()),
                    NativeBillRun::new(r.to_customers.clone()),
                )
            })
            .collect()
    }

    /// The margin statement in the core's JSON form.
    fn margins_json(&self) -> PyResult<String> {
        json(&self.run.margins)
    }

    /// Σ of the tiers' margins (the core's `MarginStatement::total_margin`), as decimal text.
    fn total_margin(&self) -> PyResult<String> {
        let total = self.run.margins.total_margin().map_err(core)?;
        Ok(total.amount().to_string())
    }

    /// Pickles as the core's JSON.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let from = slf.get_type().getattr("from_json")?;
        Ok((from, (slf.get().to_json()?,)))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<NativeChannelRun>()
            .is_ok_and(|o| o.get().run == self.run)
    }
}
