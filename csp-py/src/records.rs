//! Core values → the package's frozen records (`csp_billing._records`), built natively.
//!
//! Each record is made as `object.__new__(cls)` with its fields written into its `__dict__`:
//! what the dataclass `__init__` of a frozen record without `__post_init__` does, without the
//! per-field `object.__setattr__` calls. Money is `decimal.Decimal` (exact, the core's
//! scale), dates `datetime.date`, the same values the JSON decoding gave.

use chrono::{Datelike, NaiveDate};
use csp_core::billing::{Bill, BillRun, CostAdjustment, Invoice, InvoiceLine, Statement, Totals};
use csp_core::calendar::Period;
use csp_core::charges::ChargeLine;
use csp_core::money::{Money, ProrationPolicy};
use csp_core::price_list::PriceRow;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple};

/// The record classes, looked up once.
struct Classes {
    new: Py<PyAny>,
    period: Py<PyAny>,
    charge_line: Py<PyAny>,
    invoice_line: Py<PyAny>,
    invoice: Py<PyAny>,
    cost_adjustment: Py<PyAny>,
    statement: Py<PyAny>,
    bill: Py<PyAny>,
    totals: Py<PyAny>,
    bill_run: Py<PyAny>,
    frozen_dict: Py<PyAny>,
    price_row: Py<PyAny>,
}

static CLASSES: PyOnceLock<Classes> = PyOnceLock::new();

fn classes(py: Python<'_>) -> PyResult<&Classes> {
    CLASSES.get_or_try_init(py, || {
        let m = py.import("csp_billing._records")?;
        let get = |name: &str| -> PyResult<Py<PyAny>> { Ok(m.getattr(name)?.unbind()) };
        Ok(Classes {
            new: py
                .import("builtins")?
                .getattr("object")?
                .getattr("__new__")?
                .unbind(),
            period: get("Period")?,
            charge_line: get("ChargeLine")?,
            invoice_line: get("InvoiceLine")?,
            invoice: get("Invoice")?,
            cost_adjustment: get("CostAdjustment")?,
            statement: get("Statement")?,
            bill: get("Bill")?,
            totals: get("Totals")?,
            bill_run: get("BillRun")?,
            frozen_dict: get("FrozenDict")?,
            price_row: get("PriceRow")?,
        })
    })
}

/// A record of `cls` with `fields` (name, value) in its `__dict__`.
macro_rules! record {
    ($py:expr, $cls:expr, { $($name:literal => $value:expr),* $(,)? }) => {{
        let obj = $cls.bind($py).clone();
        let obj = classes($py)?.new.bind($py).call1((obj,))?;
        {
            let dict = obj.getattr(intern!($py, "__dict__"))?.cast_into::<PyDict>()?;
            $( dict.set_item(intern!($py, $name), $value)?; )*
        }
        obj
    }};
}

/// Whether `datetime.date` can hold `d` (years 1–9999; the core's calendar is wider).
fn civil(d: NaiveDate) -> bool {
    (1..=9999).contains(&d.year())
}

/// The package's `date_out_of_range` refusal for a date `datetime.date` cannot hold (the
/// one `_convert.civil_date` raises, `what` naming the field).
fn out_of_range(py: Python<'_>, d: NaiveDate, what: &str) -> PyErr {
    let raised = py
        .import("csp_billing._convert")
        .and_then(|m| m.getattr("civil_date"))
        .and_then(|f| f.call1((d.to_string(), what)));
    match raised {
        Err(e) => e,
        Ok(_) => pyo3::exceptions::PyValueError::new_err(format!("{what}: {d} out of range")),
    }
}

/// `d` as a `datetime.date`, or the `date_out_of_range` refusal naming `what`.
pub fn day<'py>(py: Python<'py>, d: NaiveDate, what: &str) -> PyResult<Bound<'py, PyAny>> {
    if civil(d) {
        Ok(d.into_pyobject(py)?.into_any())
    } else {
        Err(out_of_range(py, d, what))
    }
}

/// The `date_out_of_range` refusal of the first line with a date `datetime.date` cannot
/// hold (the lines are read lazily: a replay whose lines cannot all be read is refused
/// whole, as when every record was built at once).
pub fn check_dates(py: Python<'_>, lines: &[ChargeLine]) -> PyResult<()> {
    for l in lines {
        let dates = [
            (l.date, "date"),
            (l.service_period.first(), "service_period.first"),
            (l.service_period.last(), "service_period.last"),
            (l.charge_period.first(), "charge_period.first"),
            (l.charge_period.last(), "charge_period.last"),
            (l.price_list, "price_list"),
        ];
        if let Some((d, what)) = dates.into_iter().find(|(d, _)| !civil(*d)) {
            return Err(out_of_range(py, d, what));
        }
    }
    Ok(())
}

fn period<'py>(py: Python<'py>, p: &Period, what: &str) -> PyResult<Bound<'py, PyAny>> {
    let c = classes(py)?;
    if !(civil(p.first()) && civil(p.last())) {
        let (d, end) = if civil(p.first()) {
            (p.last(), "last")
        } else {
            (p.first(), "first")
        };
        return Err(out_of_range(py, d, &format!("{what}.{end}")));
    }
    Ok(record!(py, c.period, { "first" => p.first(), "last" => p.last() }))
}

fn opt_period<'py>(
    py: Python<'py>,
    p: Option<&Period>,
    what: &str,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    p.map(|p| period(py, p, what)).transpose()
}

fn amount(m: &Money) -> rust_decimal::Decimal {
    m.amount()
}

/// The rounding policy as the JSON decoding gave it: a read-only dict of the policy's JSON
/// form, keys in the core's order (steps as `{"scale": n, "mode": m}` dicts or None).
pub fn rounding<'py>(py: Python<'py>, policy: &ProrationPolicy) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(policy).unwrap_or_else(|_| "{}".to_string());
    let plain = py.import("json")?.call_method1("loads", (text,))?;
    classes(py)?.frozen_dict.bind(py).call1((plain,))
}

/// A `ChargeLine` record; `rounding` is the line's policy as a read-only dict (made once per
/// replay: every line of a replay has the scenario's policy), `currency` its code.
pub fn charge_line<'py>(
    py: Python<'py>,
    line: &ChargeLine,
    rounding: &Bound<'py, PyAny>,
    currency: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let c = classes(py)?;
    // The file form's `days`: [days billed, days in the period] for a prorated line.
    let days = line.days().map(|(d, of)| vec![d, of]);
    Ok(record!(py, c.charge_line, {
        "subscription" => line.subscription.as_str(),
        "customer" => line.customer.as_str(),
        "offer" => line.offer.as_str(),
        "kind" => line.kind.as_str(),
        "date" => day(py, line.date, "date")?,
        "service_period" => period(py, &line.service_period, "service_period")?,
        "quantity" => line.seats(),
        "unit_amount" => line.unit_amount,
        "amount" => amount(&line.amount),
        "charge_period" => period(py, &line.charge_period, "charge_period")?,
        "days" => days,
        "daily_rate" => line.daily_rate,
        "price_list" => day(py, line.price_list, "price_list")?,
        "rounding" => rounding,
        "currency" => currency,
    }))
}

/// A legacy list's `PriceRow` record: the fields as the JSON API writes them (enum names
/// as text, prices as their exact `Decimal`, dates as `datetime.date`), the values
/// `PriceRow(...)` checks when it is built by hand (the core's readers already checked them).
pub fn price_row<'py>(py: Python<'py>, r: &PriceRow) -> PyResult<Bound<'py, PyAny>> {
    use crate::prices::serde_text;
    let c = classes(py)?;
    let opt_day = |d: Option<NaiveDate>, what: &str| d.map(|d| day(py, d, what)).transpose();
    Ok(record!(py, c.price_row, {
        "offer_id" => r.offer_id.as_str(),
        "offer_name" => r.offer_name.as_str(),
        "agreement_type" => serde_text(&r.agreement_type),
        "secondary_type" => serde_text(&r.secondary_type),
        "list_price" => r.list_price,
        "erp_price" => r.erp_price,
        "purchase_unit" => r.purchase_unit.as_deref(),
        "end_customer_type" => r.end_customer_type.as_deref(),
        "change_indicator" => r.change_indicator.as_ref().map(serde_text),
        "effective_start" => opt_day(r.effective_start, "effective_start")?,
        "effective_end" => opt_day(r.effective_end, "effective_end")?,
    }))
}

fn source_name(line: &InvoiceLine) -> &'static str {
    use csp_core::billing::LineSource;
    match line.source {
        LineSource::Microsoft => "microsoft",
        LineSource::Service => "service",
        LineSource::Instalment => "instalment",
        LineSource::Discount => "discount",
    }
}

fn invoice_line<'py>(py: Python<'py>, l: &InvoiceLine) -> PyResult<Bound<'py, PyAny>> {
    let c = classes(py)?;
    Ok(record!(py, c.invoice_line, {
        "source" => source_name(l),
        "description" => l.description.as_str(),
        "subscription" => l.subscription.as_ref().map(|s| s.as_str()),
        "service_period" => opt_period(py, l.service_period.as_ref(), "service_period")?,
        "quantity" => l.quantity,
        "unit_price" => l.unit_price,
        "amount" => amount(&l.amount),
        "adjusts" => l.adjusts.map(|m| m.to_string()),
        "reversal" => l.reversal,
    }))
}

fn tuple<'py, T>(
    py: Python<'py>,
    items: &[T],
    f: impl Fn(Python<'py>, &T) -> PyResult<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyTuple>> {
    let v = items
        .iter()
        .map(|x| f(py, x))
        .collect::<PyResult<Vec<_>>>()?;
    PyTuple::new(py, v)
}

fn invoice<'py>(py: Python<'py>, i: &Invoice) -> PyResult<Bound<'py, PyAny>> {
    let c = classes(py)?;
    Ok(record!(py, c.invoice, {
        "number" => i.number.as_str(),
        "customer" => i.customer.as_str(),
        "customer_name" => i.customer_name.as_str(),
        "month" => i.month.to_string(),
        "issue_date" => day(py, i.issue_date, "issue_date")?,
        "due_date" => day(py, i.due_date, "due_date")?,
        "window" => period(py, &i.window, "window")?,
        "lines" => tuple(py, &i.lines, invoice_line)?,
        "subtotal" => amount(&i.subtotal),
        "tax_rate" => i.tax_rate,
        "tax" => amount(&i.tax),
        "total" => amount(&i.total),
        "credit_note" => i.credit_note,
    }))
}

fn cost_adjustment<'py>(py: Python<'py>, a: &CostAdjustment) -> PyResult<Bound<'py, PyAny>> {
    let c = classes(py)?;
    Ok(record!(py, c.cost_adjustment, {
        "month" => a.month.to_string(),
        "amount" => amount(&a.amount),
    }))
}

fn statement<'py>(py: Python<'py>, s: &Statement) -> PyResult<Bound<'py, PyAny>> {
    let c = classes(py)?;
    Ok(record!(py, c.statement, {
        "customer" => s.customer.as_str(),
        "cost" => amount(&s.cost),
        "cost_adjustment" => amount(&s.cost_adjustment),
        "cost_adjustments" => tuple(py, &s.cost_adjustments, cost_adjustment)?,
        "revenue" => amount(&s.revenue),
        "margin" => amount(&s.margin),
        "margin_percent" => s.margin_percent,
        "financed_balance" => amount(&s.financed_balance),
    }))
}

/// A `Bill` record (its invoice, lines included, and its statement).
pub fn bill<'py>(py: Python<'py>, b: &Bill) -> PyResult<Bound<'py, PyAny>> {
    let c = classes(py)?;
    Ok(record!(py, c.bill, {
        "invoice" => invoice(py, &b.invoice)?,
        "statement" => statement(py, &b.statement)?,
    }))
}

fn totals<'py>(py: Python<'py>, t: &Totals) -> PyResult<Bound<'py, PyAny>> {
    let c = classes(py)?;
    Ok(record!(py, c.totals, {
        "cost" => amount(&t.cost),
        "revenue" => amount(&t.revenue),
        "margin" => amount(&t.margin),
        "margin_percent" => t.margin_percent,
        "financed_balance" => amount(&t.financed_balance),
    }))
}

/// A `BillRun` record whose `_core` is `native` (the native run it was built from).
pub fn bill_run<'py>(
    py: Python<'py>,
    run: &BillRun,
    native: Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let c = classes(py)?;
    Ok(record!(py, c.bill_run, {
        "partner" => run.partner.as_str(),
        "month" => run.month.to_string(),
        "issue_date" => day(py, run.issue_date, "issue_date")?,
        "window" => period(py, &run.window, "window")?,
        "bills" => tuple(py, &run.bills, bill)?,
        "totals" => totals(py, &run.totals)?,
        "currency" => run.totals.cost.currency().to_string(),
        "projected" => run.projected,
        "_core" => native,
    }))
}
