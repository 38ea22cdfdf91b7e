//! NCE scenarios for Python (SPEC-NCE §11–§14, SPEC §8): the core's `NceScenario` kept
//! native, its replay's lines (`charges::NceLine`) and subscriptions (`subscription::nce`)
//! turned into the package's frozen records (`NceLine`, `NceSubscriptionState`), its bill
//! runs kept native as the legacy ones (`NativeBillRun`), and what-if quotes
//! (`charges::nce_what_if`) as `NceQuote` records.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use csp_core::charges::{NceLine, NceReplay};
use csp_core::scenario::nce::NceScenario;
use csp_core::subscription::nce::{instant_text, NceEvent, NceStatus, NceSubscription};
use csp_core::Error;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

use crate::channel::NativeChannelRun;
use crate::errors::{core, nce_refusal};
use crate::files::{read_text, MAX_FILE_BYTES};
use crate::recon::{self, NativeReconQuery};
use crate::records::day;
use crate::scenario::{month, NativeBillRun};

/// A checked NCE scenario, with the texts it was read from (for pickling: the JSON and each
/// `csv_file` as read).
#[pyclass(module = "csp_billing._native", frozen)]
#[derive(Debug)]
pub struct NativeNceScenario {
    scenario: NceScenario,
    text: String,
    files: Vec<(String, String)>,
}

/// The scenario of `text`, each `csv_file` read by `read` (and kept).
fn checked(
    text: &str,
    mut read: impl FnMut(&str) -> PyResult<String>,
) -> PyResult<NativeNceScenario> {
    let mut files = Vec::new();
    let scenario = NceScenario::from_json_with(text, |file: &str| {
        let content = read(file)?;
        files.push((file.to_string(), content.clone()));
        Ok::<_, PyErr>(content)
    })
    .map_err(crate::scenario::read_error)?;
    finished(scenario, text, files)
}

/// The scenario with its inputs checked (program, sheets, customers): a bad book is refused
/// when it is read, not at each replay.
fn finished(
    scenario: NceScenario,
    text: &str,
    files: Vec<(String, String)>,
) -> PyResult<NativeNceScenario> {
    scenario.program().map_err(core)?;
    scenario.sheet().map_err(core)?;
    scenario.customers().map_err(core)?;
    Ok(NativeNceScenario {
        scenario,
        text: text.to_string(),
        files,
    })
}

fn instant(text: &str) -> PyResult<DateTime<Utc>> {
    csp_core::input::instant(text).map_err(core)
}

impl NativeNceScenario {
    /// The replay through `as_of` (the core's instant text) or the scenario's own, the GIL
    /// released.
    fn replayed(&self, py: Python<'_>, as_of: Option<&str>) -> PyResult<NceReplay> {
        let as_of = as_of.map(instant).transpose()?;
        py.detach(|| self.scenario.replay(as_of))
            .map_err(nce_refusal)
    }
}

#[pymethods]
impl NativeNceScenario {
    /// The NCE scenario of JSON text (price sheets as `csv` text).
    #[staticmethod]
    fn check(text: &str) -> PyResult<NativeNceScenario> {
        finished(
            NceScenario::from_json(text).map_err(core)?,
            text,
            Vec::new(),
        )
    }

    /// The NCE scenario of JSON text whose `csv_file` sheets are `files` (name, text).
    #[staticmethod]
    fn resolved(text: &str, files: Vec<(String, String)>) -> PyResult<NativeNceScenario> {
        checked(text, |file: &str| {
            files
                .iter()
                .find(|(name, _)| name == file)
                .map(|(_, content)| content.clone())
                .ok_or_else(|| {
                    pyo3::exceptions::PyFileNotFoundError::new_err(format!("no sheet {file}"))
                })
        })
    }

    /// The NCE scenario file at `path`, its `csv_file` sheets read relative to the file's
    /// directory; every file at most `max_bytes`, UTF-8 (BOM or not) or UTF-16 with a BOM.
    #[staticmethod]
    #[pyo3(signature = (path, max_bytes=MAX_FILE_BYTES))]
    fn load(path: PathBuf, max_bytes: u64) -> PyResult<NativeNceScenario> {
        let text = read_text(&path, max_bytes).map_err(|e| e.into_py(&path))?;
        let base = path.parent().unwrap_or(Path::new("")).to_path_buf();
        checked(&text, |file: &str| {
            let p = base.join(file);
            read_text(&p, max_bytes).map_err(|e| e.into_py(&p))
        })
    }

    /// Every line through `as_of` (or the scenario's own), as `NceLine` records.
    #[pyo3(signature = (as_of=None))]
    fn charges<'py>(&self, py: Python<'py>, as_of: Option<&str>) -> PyResult<Bound<'py, PyList>> {
        let replay = self.replayed(py, as_of)?;
        PyList::new(
            py,
            nce_lines(py, &replay.lines, self.scenario.convention.as_str())?,
        )
    }

    /// Every subscription after the replay through `as_of` (or the scenario's own), in order
    /// of purchase, as `NceSubscriptionState` records.
    #[pyo3(signature = (as_of=None))]
    fn subscriptions<'py>(
        &self,
        py: Python<'py>,
        as_of: Option<&str>,
    ) -> PyResult<Bound<'py, PyList>> {
        let replay = self.replayed(py, as_of)?;
        let class = py
            .import("csp_billing._records")?
            .getattr("NceSubscriptionState")?;
        let scale = self.scenario.currency.minor_units();
        let currency = self.scenario.currency.to_string();
        let states = replay
            .subscriptions
            .iter()
            .map(|s| subscription(py, &class, s, scale, &currency))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, states)
    }

    /// The partner's bill run of `month_` over the NCE lines given the runs issued before
    /// (the core's `NceScenario::bill`), kept native as `NativeScenario::bill`'s.
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
        let run = py.detach(|| self.scenario.bill(m, &issued, first_number));
        Ok(NativeBillRun::new(run.map_err(nce_refusal)?))
    }

    /// Every tier's bills of `month_` in a two-tier book (the core's
    /// `NceScenario::bill_channel`), given the channel runs issued before.
    #[pyo3(signature = (month_, issued=Vec::new(), first_number=None))]
    fn bill_channel(
        &self,
        py: Python<'_>,
        month_: &str,
        issued: Vec<PyRef<'_, NativeChannelRun>>,
        first_number: Option<u64>,
    ) -> PyResult<NativeChannelRun> {
        let m = month(month_)?;
        let issued = NativeChannelRun::runs(&issued);
        let run = py.detach(|| self.scenario.bill_channel(m, &issued, first_number));
        Ok(NativeChannelRun::new(run.map_err(nce_refusal)?))
    }

    /// What `event` (the JSON text of one event in the file form) would do at its instant,
    /// given the events at or before `as_of` (the core's instant text; default: the event's
    /// instant, and never after it), as an `NceQuote` record.
    #[pyo3(signature = (event, as_of=None))]
    fn what_if<'py>(
        &self,
        py: Python<'py>,
        event: &str,
        as_of: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let event: NceEvent = serde_json::from_str(event).map_err(|e| {
            core(Error::invalid_json(
                "NCE event",
                e,
                "one event in the NCE file form (see subscription::nce)",
            ))
        })?;
        let as_of = as_of.map(instant).transpose()?;
        let q = py
            .detach(|| self.scenario.what_if(&event, as_of))
            .map_err(nce_refusal)?;
        let lines = nce_lines(py, &q.lines, self.scenario.convention.as_str())?;
        record(
            py,
            &py.import("csp_billing._records")?.getattr("NceQuote")?,
            vec![
                ("lines", PyTuple::new(py, lines)?.into_any()),
                ("net", any(py, q.net.amount())?),
                ("currency", any(py, q.net.currency().to_string())?),
                ("allowed_until", any(py, q.allowed_until)?),
            ],
        )
    }

    /// The custom term ends an order by `customer` at `at` (the core's instant text) for
    /// `term` (`P1M`, `P1Y`, `P3Y`) may ask for, as ISO dates (SPEC-NCE §13.3).
    fn allowed_custom_ends(
        &self,
        py: Python<'_>,
        customer: &str,
        at: &str,
        term: &str,
    ) -> PyResult<Vec<String>> {
        let customer = csp_core::catalog::CustomerId::new(
            csp_core::input::id(customer, "customer id").map_err(core)?,
        );
        let at = instant(at)?;
        let term = csp_core::vocab::TermDuration::parse(term).ok_or_else(|| {
            core(Error::unknown_choice(
                "term duration",
                term,
                "P1M, P1Y, P3Y (PnM or PnY)",
            ))
        })?;
        let ends = py
            .detach(|| self.scenario.allowed_custom_ends(&customer, at, term))
            .map_err(nce_refusal)?;
        Ok(ends.iter().map(ToString::to_string).collect())
    }

    /// Reconciles Microsoft's NCE invoice recon file `text` for `month_` against the
    /// scenario's lines (the core's `NceScenario::reconcile`), the GIL released.
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
            .map_err(nce_refusal)?;
        recon::outcome(py, &report)
    }

    /// (program, currency, market, customers, events, convention, as_of or ""), for its repr.
    fn summary(&self) -> (String, String, String, usize, usize, &'static str, String) {
        let s = &self.scenario;
        (
            s.program.clone(),
            s.currency.to_string(),
            s.market.clone(),
            s.customers.len(),
            s.events.len(),
            s.convention.as_str(),
            s.as_of.map(instant_text).unwrap_or_default(),
        )
    }

    /// The JSON text and the `csv_file` sheets (name, text) it was read from.
    fn sources(&self) -> (String, Vec<(String, String)>) {
        (self.text.clone(), self.files.clone())
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<NativeNceScenario>()
            .is_ok_and(|o| o.get().scenario == self.scenario)
    }
}

/// The names of the core's `NceLine::FIELDS` (the recon file's fields, SPEC-NCE §14.1).
#[pyfunction]
pub fn nce_line_fields() -> Vec<&'static str> {
    NceLine::FIELDS.to_vec()
}

/// A record of `class` with the keyword arguments `fields`.
pub(crate) fn record<'py>(
    py: Python<'py>,
    class: &Bound<'py, PyAny>,
    fields: Vec<(&str, Bound<'py, PyAny>)>,
) -> PyResult<Bound<'py, PyAny>> {
    let kwargs = PyDict::new(py);
    for (name, value) in fields {
        kwargs.set_item(name, value)?;
    }
    class.call((), Some(&kwargs))
}

pub(crate) fn any<'py, T>(py: Python<'py>, value: T) -> PyResult<Bound<'py, PyAny>>
where
    T: IntoPyObject<'py>,
    PyErr: From<T::Error>,
{
    use pyo3::BoundObject;
    Ok(value.into_pyobject(py)?.into_any().into_bound())
}

/// The `NceLine` records of `lines`, priced under `convention`.
fn nce_lines<'py>(
    py: Python<'py>,
    lines: &[NceLine],
    convention: &str,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let class = py.import("csp_billing._records")?.getattr("NceLine")?;
    lines
        .iter()
        .map(|l| nce_line(py, &class, l, convention))
        .collect()
}

/// An `NceLine` record: the fields of `NceLine::FIELDS`, typed (dates as `date`, money as
/// `Decimal`, counts as `int`, `month_fraction` as a pair or None, `promotion_id` as text or
/// None).
fn nce_line<'py>(
    py: Python<'py>,
    class: &Bound<'py, PyAny>,
    l: &NceLine,
    convention: &str,
) -> PyResult<Bound<'py, PyAny>> {
    record(
        py,
        class,
        vec![
            ("order_date", day(py, l.order_date, "order_date")?),
            ("subscription", any(py, l.subscription.as_str())?),
            ("customer", any(py, l.customer.as_str())?),
            ("offer", any(py, l.offer.as_str())?),
            ("charge_type", any(py, l.charge_type.as_str())?),
            ("reference_id", any(py, l.reference_id.as_str())?),
            ("charge_start", day(py, l.charge_start, "charge_start")?),
            ("charge_end", day(py, l.charge_end, "charge_end")?),
            (
                "subscription_start",
                day(py, l.subscription_start, "subscription_start")?,
            ),
            (
                "subscription_end",
                day(py, l.subscription_end, "subscription_end")?,
            ),
            ("term_duration", any(py, l.term_duration.to_string())?),
            ("billing_plan", any(py, l.plan.to_string())?),
            (
                "billing_frequency",
                any(py, l.billing_frequency.map(|p| p.to_string()))?,
            ),
            ("unit_price", any(py, l.unit_price)?),
            ("effective_unit_price", any(py, l.effective_unit_price)?),
            ("billable_quantity", any(py, l.billable_quantity)?),
            ("subtotal", any(py, l.subtotal.amount())?),
            ("currency", any(py, l.subtotal.currency().to_string())?),
            ("pricing_currency", any(py, l.pricing_currency.to_string())?),
            ("fx_rate", any(py, l.fx_rate)?),
            ("fx_rate_date", day(py, l.fx_rate_date, "fx_rate_date")?),
            ("days", any(py, l.days)?),
            ("cycle_days", any(py, l.cycle_days)?),
            ("month_fraction", any(py, l.month_fraction)?),
            ("promotion_id", any(py, l.promotion_id.as_deref())?),
            (
                "product_qualifiers",
                any(py, l.product_qualifiers.as_str())?,
            ),
            ("convention", any(py, convention)?),
        ],
    )
}

/// The status's dates: (suspended_since, expired_on, disabled_on, deleted_on, stopped_on,
/// stop_code); `deleted_on` of a disabled subscription is the day it will be deleted.
fn status_fields<'py>(
    py: Python<'py>,
    status: &NceStatus,
) -> PyResult<Vec<(&'static str, Bound<'py, PyAny>)>> {
    let none = || py.None().into_bound(py);
    let mut out = vec![
        ("suspended_since", none()),
        ("expired_on", none()),
        ("disabled_on", none()),
        ("deleted_on", none()),
        ("stopped_on", none()),
        ("stop_code", none()),
    ];
    let mut set = |name: &str, value: Bound<'py, PyAny>| {
        if let Some(slot) = out.iter_mut().find(|(n, _)| *n == name) {
            slot.1 = value;
        }
    };
    match *status {
        NceStatus::Active => {}
        NceStatus::Suspended { since } => set("suspended_since", any(py, since)?),
        NceStatus::Expired { since } => set("expired_on", day(py, since, "expired_on")?),
        NceStatus::Disabled { since, deleted_on } => {
            set("disabled_on", day(py, since, "disabled_on")?);
            set("deleted_on", day(py, deleted_on, "deleted_on")?);
        }
        NceStatus::Deleted { on } => set("deleted_on", day(py, on, "deleted_on")?),
        NceStatus::Stopped { on, reason } => {
            set("stopped_on", day(py, on, "stopped_on")?);
            set("stop_code", any(py, reason)?);
        }
    }
    Ok(out)
}

/// An `NceSubscriptionState` record; `scale` is the currency's minor units (the cycle price
/// is shown half-up to it, as the lines' `unit_price`).
fn subscription<'py>(
    py: Python<'py>,
    class: &Bound<'py, PyAny>,
    s: &NceSubscription,
    scale: u32,
    currency: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let period = s.term.period();
    let batches = s
        .batches
        .iter()
        .map(|b| PyTuple::new(py, [any(py, b.quantity)?, any(py, b.allowed_until)?]))
        .collect::<PyResult<Vec<_>>>()?;
    let mut fields = vec![
        ("id", any(py, s.id.as_str())?),
        ("customer", any(py, s.customer.as_str())?),
        ("offer", any(py, s.offer.as_str())?),
        ("status", any(py, s.status.name())?),
        ("term", any(py, s.term_duration.to_string())?),
        ("plan", any(py, s.plan.to_string())?),
        ("quantity", any(py, s.quantity)?),
        ("auto_renew", any(py, s.auto_renew)?),
        ("term_start", day(py, period.first(), "term_start")?),
        ("term_end", day(py, period.last(), "term_end")?),
        ("anchor", day(py, s.term.anchor(), "anchor")?),
        ("unit_price", any(py, s.price.price.unit_price())?),
        (
            "cycle_price",
            any(py, s.price.price.cycle_price_shown(scale))?,
        ),
        ("erp_price", any(py, s.price.erp_price)?),
        ("percent_off", any(py, s.price.price.percent_off())?),
        ("priced_at", any(py, s.price.priced_at)?),
        ("currency", any(py, currency)?),
        ("cancellable_until", any(py, s.cancellable_until)?),
        ("seat_batches", PyTuple::new(py, batches)?.into_any()),
    ];
    fields.extend(status_fields(py, &s.status)?);
    record(py, class, fields)
}
