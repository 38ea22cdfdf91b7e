//! The core's strict readers of input values (`csp_core::input`, SPEC §1.4, §9), bound for
//! the Python package: every amount, date, seat count and id the package receives is read by
//! these, never by a reader of its own (`csp_billing/_convert.py` checks the Python type
//! first, then passes the value's text or integer here).

use chrono::NaiveDate;
use csp_core::input::{self, AmountKind};
use csp_core::Error;
use pyo3::prelude::*;
use pyo3::types::PyInt;
use rust_decimal::Decimal;

use crate::errors::core;

/// The amount kind of its name: `price`, `percent`, `tax_rate` or `exact`.
pub fn kind(name: &str) -> PyResult<AmountKind> {
    Ok(match name {
        "price" => AmountKind::Price,
        "percent" => AmountKind::Percent,
        "tax_rate" => AmountKind::TaxRate,
        "exact" => AmountKind::Exact,
        other => {
            return Err(core(Error::unknown_choice(
                "amount kind",
                other,
                "price, percent, tax_rate or exact",
            )))
        }
    })
}

/// `input::amount` of `text` read as the amount kind `kind_`.
#[pyfunction]
pub fn read_amount(text: &str, kind_: &str) -> PyResult<Decimal> {
    input::amount(text, kind(kind_)?).map_err(core)
}

/// `input::date` of `text` (`YYYY-MM-DD`, 2000-01-01 to 9999-12-31).
#[pyfunction]
pub fn read_date(text: &str) -> PyResult<NaiveDate> {
    input::date(text).map_err(core)
}

/// `input::check_date` of a date given as a date.
#[pyfunction]
pub fn check_date(d: NaiveDate) -> PyResult<NaiveDate> {
    input::check_date(d).map_err(core)
}

/// An int as `i64`, or the saturated value with the int's own text (an int beyond `i64` is
/// out of every range the readers accept; the refusal must still show the number given).
fn wide(n: &Bound<'_, PyInt>) -> (i64, Option<String>) {
    match n.extract::<i64>() {
        Ok(v) => (v, None),
        Err(_) => {
            let negative = n.lt(0i64).unwrap_or(false);
            let text = n.str().map(|s| s.to_string()).unwrap_or_default();
            (if negative { i64::MIN } else { i64::MAX }, Some(text))
        }
    }
}

/// The core's refusal of `saturated`, naming the number given (`given`) instead.
fn renamed(mut error: Error, saturated: i64, given: Option<String>) -> Error {
    if let Some(given) = given {
        let from = saturated.to_string();
        match &mut error {
            Error::InvalidQuantity { detail, .. } => *detail = detail.replacen(&from, &given, 1),
            Error::InvalidInput { text, .. } => *text = given,
            _ => {}
        }
    }
    error
}

/// `input::seats` of an int of any size (1 to 1,000,000; `invalid_quantity` otherwise).
#[pyfunction]
pub fn read_seats(n: &Bound<'_, PyInt>) -> PyResult<u32> {
    let (v, given) = wide(n);
    input::seats(v).map_err(|e| core(renamed(e, v, given)))
}

/// `input::seat_change` of an int of any size: a signed seat change, 1 to 1,000,000 seats
/// either way (`invalid_quantity` otherwise, 0 included).
#[pyfunction]
pub fn read_seat_change(n: &Bound<'_, PyInt>) -> PyResult<i64> {
    let (v, given) = wide(n);
    input::seat_change(v, String::new).map_err(|e| core(renamed(e, v, given)))
}

/// The largest file read unless a call gives its own cap (`csp_core::input::MAX_FILE_BYTES`,
/// the cap of the CLI too).
#[pyfunction]
pub fn max_file_bytes() -> u64 {
    input::MAX_FILE_BYTES
}

/// The counts `read_count` reads: (name, what, min, max, expected).
const COUNTS: &[(&str, &str, u32, u32, &str)] = &[
    (
        "instalments",
        "number of instalments",
        1,
        csp_core::billing::MAX_INSTALMENTS,
        "a whole number of instalments from 1 to 120",
    ),
    (
        "term_months",
        "term length in months",
        1,
        1200,
        "a whole number of months from 1 to 1200",
    ),
    (
        "cycle_months",
        "billing cycle in months",
        1,
        1200,
        "a whole number of months from 1 to 1200",
    ),
    (
        "term_number",
        "term number",
        1,
        100_000,
        "a term number from 1 (the first term) to 100000",
    ),
    (
        "boundary",
        "month boundary",
        0,
        120_000,
        "a month offset from 0 to 120000",
    ),
];

/// `input::count` of an int of any size, for one of the counts the package reads (`name`:
/// `instalments`, `term_months`, `cycle_months`, `term_number`, `boundary`).
#[pyfunction]
pub fn read_count(n: &Bound<'_, PyInt>, name: &str) -> PyResult<u32> {
    let &(_, what, min, max, expected) = COUNTS.iter().find(|c| c.0 == name).ok_or_else(|| {
        core(Error::unknown_choice(
            "count",
            name,
            "a count the package reads",
        ))
    })?;
    let (v, given) = wide(n);
    input::count(v, what, min, max, expected).map_err(|e| core(renamed(e, v, given)))
}

/// What an id is called in messages, by the name the package uses.
fn id_what(name: &str) -> &'static str {
    match name {
        "offer" => "offer id",
        "customer" => "customer id",
        "subscription" => "subscription id",
        _ => "id",
    }
}

/// `input::id` of `text` (trimmed; non-empty, at most 128 characters, no control
/// characters); `what` is `offer`, `customer`, `subscription` or anything else for an id.
#[pyfunction]
pub fn read_id(text: &str, what: &str) -> PyResult<String> {
    input::id(text, id_what(what))
        .map(str::to_string)
        .map_err(core)
}
