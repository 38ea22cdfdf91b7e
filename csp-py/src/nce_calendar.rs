//! The NCE term calendar and line money for Python (SPEC-NCE §13.2–§13.3, §12.4, §14.3–§14.4):
//! `calendar::nce` (`NceTerm`, `natural_end`, custom ends) and `money::nce` (`CyclePrice`,
//! `price_nce_line`). Dates cross in as `datetime.date` and out as ISO text (a date the core
//! computes may lie beyond `datetime.date`; the package turns it into `date_out_of_range`).

use chrono::NaiveDate;
use csp_core::calendar::nce::{self, Cycle, NceTerm};
use csp_core::calendar::Period;
use csp_core::money::{Currency, CyclePrice, CycleShare, LineConvention};
use pyo3::prelude::*;
use rust_decimal::Decimal;

use crate::errors::core;

/// A period as (first, last) ISO text.
type Days = (String, String);

fn days(p: Period) -> Days {
    (p.first().to_string(), p.last().to_string())
}

/// A cycle as (period, reference, days_in_cycle, is_partial).
fn cycle(c: Cycle) -> (Days, Days, u32, bool) {
    (
        days(c.period),
        days(c.reference),
        c.days_in_cycle(),
        c.is_partial(),
    )
}

/// One NCE term (the core's `calendar::nce::NceTerm`).
#[pyclass(module = "csp_billing._native", frozen, eq, hash)]
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct NativeNceTerm {
    term: NceTerm,
}

fn wrap(term: csp_core::Result<NceTerm>) -> PyResult<NativeNceTerm> {
    term.map(|term| NativeNceTerm { term }).map_err(core)
}

#[pymethods]
impl NativeNceTerm {
    /// `NceTerm::first`.
    #[staticmethod]
    #[pyo3(signature = (start, term_months, cycle_months, custom_end=None))]
    fn first(
        start: NaiveDate,
        term_months: u32,
        cycle_months: u32,
        custom_end: Option<NaiveDate>,
    ) -> PyResult<NativeNceTerm> {
        wrap(NceTerm::first(start, term_months, cycle_months, custom_end))
    }

    /// The term's days.
    fn period(&self) -> Days {
        days(self.term.period())
    }

    /// The anchor `A`.
    fn anchor(&self) -> String {
        self.term.anchor().to_string()
    }

    /// (term months, cycle months, whether it is a shortened first term).
    fn shape(&self) -> (u32, u32, bool) {
        (
            self.term.term_months(),
            self.term.cycle_months(),
            self.term.is_shortened(),
        )
    }

    /// `NceTerm::next`.
    fn next(&self) -> PyResult<NativeNceTerm> {
        wrap(self.term.next())
    }

    /// `NceTerm::renewal`.
    #[pyo3(signature = (term_months, cycle_months, custom_end=None))]
    fn renewal(
        &self,
        term_months: u32,
        cycle_months: u32,
        custom_end: Option<NaiveDate>,
    ) -> PyResult<NativeNceTerm> {
        wrap(self.term.renewal(term_months, cycle_months, custom_end))
    }

    /// `NceTerm::with_cycle_months`.
    fn with_cycle_months(&self, cycle_months: u32) -> PyResult<NativeNceTerm> {
        wrap(self.term.with_cycle_months(cycle_months))
    }

    /// `NceTerm::cycles`: (period, reference, days_in_cycle, is_partial) each.
    fn cycles(&self) -> PyResult<Vec<(Days, Days, u32, bool)>> {
        let cycles = self.term.cycles().map_err(core)?;
        Ok(cycles.into_iter().map(cycle).collect())
    }

    /// `NceTerm::cycle_at`.
    fn cycle_at(&self, day: NaiveDate) -> PyResult<(Days, Days, u32, bool)> {
        self.term.cycle_at(day).map(cycle).map_err(core)
    }

    /// `NceTerm::next_cycle_start`.
    fn next_cycle_start(&self, day: NaiveDate) -> PyResult<Option<String>> {
        let next = self.term.next_cycle_start(day).map_err(core)?;
        Ok(next.map(|d| d.to_string()))
    }
}

/// `calendar::nce::natural_end`.
#[pyfunction]
pub fn nce_natural_end(start: NaiveDate, months: u32) -> PyResult<String> {
    nce::natural_end(start, months)
        .map(|d| d.to_string())
        .map_err(core)
}

/// `calendar::nce::calendar_aligned_end`.
#[pyfunction]
pub fn nce_calendar_aligned_end(start: NaiveDate, term_months: u32) -> PyResult<String> {
    nce::calendar_aligned_end(start, term_months)
        .map(|d| d.to_string())
        .map_err(core)
}

/// `calendar::nce::coterm_ends`.
#[pyfunction]
pub fn nce_coterm_ends(
    start: NaiveDate,
    term_months: u32,
    with_: &NativeNceTerm,
) -> PyResult<Vec<String>> {
    let ends = nce::coterm_ends(start, term_months, &with_.term).map_err(core)?;
    Ok(ends.into_iter().map(|d| d.to_string()).collect())
}

/// `calendar::nce::check_custom_end`.
#[pyfunction]
pub fn nce_check_custom_end(
    start: NaiveDate,
    term_months: u32,
    end: NaiveDate,
    custom_end_dates_from: Option<NaiveDate>,
) -> PyResult<()> {
    nce::check_custom_end(start, term_months, end, custom_end_dates_from).map_err(core)
}

/// The price a term's lines are computed from (the core's `money::nce::CyclePrice`).
#[pyclass(module = "csp_billing._native", frozen)]
#[derive(Debug)]
pub struct NativeCyclePrice {
    price: CyclePrice,
}

#[pymethods]
impl NativeCyclePrice {
    /// `CyclePrice::new`.
    #[new]
    #[pyo3(signature = (unit_price, cycles_per_term, percent_off=None))]
    fn new(
        unit_price: Decimal,
        cycles_per_term: u32,
        percent_off: Option<Decimal>,
    ) -> PyResult<NativeCyclePrice> {
        let price = CyclePrice::new(unit_price, cycles_per_term, percent_off).map_err(core)?;
        Ok(NativeCyclePrice { price })
    }

    /// `CyclePrice::cycle_price_shown`.
    fn cycle_price_shown(&self, scale: u32) -> Decimal {
        self.price.cycle_price_shown(scale)
    }

    /// `CyclePrice::per_cycle`.
    fn per_cycle(&self, value: Decimal, scale: u32) -> Decimal {
        self.price.per_cycle(value, scale)
    }
}

/// `CyclePrice::cycles_per_term`.
#[pyfunction]
pub fn nce_cycles_per_term(term_months: u32, cycle_months: u32) -> PyResult<u32> {
    CyclePrice::cycles_per_term(term_months, cycle_months).map_err(core)
}

/// `money::nce::price_nce_line` of a line over `num / den` of a cycle: (effective unit
/// price, subtotal, quantity, currency).
#[pyfunction]
#[pyo3(signature = (convention, price, currency, num, den, quantity, refund))]
pub fn nce_price_line(
    convention: &str,
    price: &NativeCyclePrice,
    currency: &str,
    num: u32,
    den: u32,
    quantity: u64,
    refund: bool,
) -> PyResult<(Decimal, Decimal, u64, String)> {
    let convention: LineConvention = convention.parse().map_err(core)?;
    let currency: Currency = currency.parse().map_err(core)?;
    let share = CycleShare { num, den };
    let line = csp_core::money::price_nce_line(
        convention,
        &price.price,
        currency,
        share,
        quantity,
        refund,
    )
    .map_err(core)?;
    Ok((
        line.effective_unit_price,
        line.subtotal.amount(),
        line.quantity,
        line.subtotal.currency().to_string(),
    ))
}
