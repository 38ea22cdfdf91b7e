//! The core functions Python reaches besides scenarios and price books (issue 15, "Python
//! API parity"): the term calendar (`calendar::TermSchedule`, SPEC §1.3), the standalone
//! eligibility check (`catalog::check_order_eligibility`, SPEC §10.11), price-list diffs
//! (`price_list::diff_rows`, SPEC §10.9) and instalments (`billing::instalments`, SPEC §8).
//! Values cross as the core's JSON form or as ISO date text (a date the core computes may lie
//! beyond `datetime.date`; the package turns it into the `date_out_of_range` refusal).

use chrono::NaiveDate;
use csp_core::calendar::{Period, TermSchedule};
use csp_core::catalog::{check_order_eligibility, Customer, Offer};
use csp_core::money::{Currency, Money};
use csp_core::price_list::{diff_rows, PriceRow};
use csp_core::program::Program;
use csp_core::Error;
use pyo3::prelude::*;
use rust_decimal::Decimal;

use crate::errors::core;

fn from_json<T: serde::de::DeserializeOwned>(text: &str, what: &'static str) -> PyResult<T> {
    serde_json::from_str(text)
        .map_err(|e| core(Error::invalid_json(what, e, "the documented JSON form")))
}

fn to_json<T: serde::Serialize>(value: &T) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| core(Error::invalid_json("value", e, "a JSON value")))
}

fn period(p: Period) -> (String, String) {
    (p.first().to_string(), p.last().to_string())
}

/// The terms and charge periods of a subscription counted from its anchor (the core's
/// `TermSchedule`); dates out as ISO text.
#[pyclass(module = "csp_billing._native", frozen)]
#[derive(Debug)]
pub struct NativeSchedule {
    schedule: TermSchedule,
}

#[pymethods]
impl NativeSchedule {
    /// The schedule of `term_months`-month terms from `anchor`, billed every `cycle_months`.
    #[new]
    fn new(anchor: NaiveDate, term_months: u32, cycle_months: u32) -> NativeSchedule {
        NativeSchedule {
            schedule: TermSchedule::new(anchor, term_months, cycle_months),
        }
    }

    /// Month boundary `k`.
    fn boundary(&self, k: u32) -> PyResult<String> {
        Ok(self.schedule.boundary(k).map_err(core)?.to_string())
    }

    /// Term `number` (1-based) as (first, last).
    fn term(&self, number: u32) -> PyResult<(String, String)> {
        self.schedule.term(number).map(period).map_err(core)
    }

    /// The charge period of term `number` holding `day`, if the term holds it.
    fn period_holding(&self, number: u32, day: NaiveDate) -> PyResult<Option<(String, String)>> {
        let p = self.schedule.period_holding(number, day).map_err(core)?;
        Ok(p.map(period))
    }

    /// The first day of the first charge period of term `number` after `after`.
    fn next_period_start(&self, number: u32, after: NaiveDate) -> PyResult<Option<String>> {
        let d = self
            .schedule
            .next_period_start(number, after)
            .map_err(core)?;
        Ok(d.map(|d| d.to_string()))
    }
}

/// `check_order_eligibility` of a customer and an offer in their JSON form (as a scenario
/// writes them) under a program.
#[pyfunction]
#[pyo3(signature = (customer, offer, program="legacy_2015"))]
pub fn order_eligibility(customer: &str, offer: &str, program: &str) -> PyResult<()> {
    let customer: Customer = from_json(customer, "customer")?;
    let offer: Offer = from_json(offer, "offer")?;
    let program: Program = program.parse().map_err(core)?;
    check_order_eligibility(&customer, &offer, &program).map_err(core)
}

/// `diff_rows` of two lists of rows in their JSON form: the diff rows (JSON).
#[pyfunction]
pub fn price_list_diff(old: &str, new: &str) -> PyResult<String> {
    let old: Vec<PriceRow> = from_json(old, "price rows")?;
    let new: Vec<PriceRow> = from_json(new, "price rows")?;
    to_json(&diff_rows(&old, &new))
}

/// `instalments` of an exact total (text, any sign) in `currency` over `n` months.
#[pyfunction]
pub fn instalments(total: &str, n: u32, currency: &str) -> PyResult<Vec<Decimal>> {
    let currency: Currency = currency.parse().map_err(core)?;
    let total = csp_core::input::amount(total, csp_core::input::AmountKind::Exact).map_err(core)?;
    let parts = csp_core::billing::instalments(Money::new(total, currency), n).map_err(core)?;
    Ok(parts.iter().map(Money::amount).collect())
}
