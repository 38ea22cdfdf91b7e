//! NCE terms, billing cycles and custom term ends (SPEC-NCE §13.2, §13.3): the functions of
//! `csp_core::calendar::nce` under their names in camelCase.
//!
//! A term is given as its first day, its length and cycle in months and an optional custom end
//! (`NceTerm::first`); dates cross as `YYYY-MM-DD` text, month counts as whole numbers from 1
//! to 1,200 (the core then refuses a cycle that does not divide the term).

use chrono::NaiveDate;
use csp_core::calendar::nce::{
    calendar_aligned_end, check_custom_end, coterm_ends, natural_end, Cycle, NceTerm,
};
use csp_core::calendar::Period;
use csp_core::Error;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::args::{count, opt_text, text};
use crate::convert::{date, js_error, to_js};
use crate::read::Fields;

/// The longest term or cycle read, in months (a century: NCE sells at most three years).
const MAX_MONTHS: u32 = 1_200;
const MONTHS: &str = "a whole number of months from 1 to 1,200";
const TERM: &str = "{start, term_months, cycle_months, custom_end?}";

/// A month count argument.
fn months(v: &JsValue, what: &'static str) -> Result<u32, Error> {
    count(v, what, 1, MAX_MONTHS, MONTHS)
}

/// A `YYYY-MM-DD` argument.
fn day(v: &JsValue, what: &'static str) -> Result<NaiveDate, Error> {
    date(&text(v, what)?)
}

/// An optional `YYYY-MM-DD` argument (`undefined` or `null`: none).
fn opt_day(v: &JsValue, what: &'static str) -> Result<Option<NaiveDate>, Error> {
    opt_text(v, what)?.as_deref().map(date).transpose()
}

/// The first term of the positional arguments `(start, termMonths, cycleMonths, customEnd?)`.
fn term_of(
    start: &JsValue,
    term_months: &JsValue,
    cycle_months: &JsValue,
    custom_end: &JsValue,
) -> Result<NceTerm, Error> {
    NceTerm::first(
        day(start, "start")?,
        months(term_months, "term months")?,
        months(cycle_months, "cycle months")?,
        opt_day(custom_end, "custom end")?,
    )
}

/// A term given as an object `{start, term_months, cycle_months, custom_end?}`.
fn term_object(value: &JsValue) -> Result<NceTerm, Error> {
    let t = Fields::new(
        value,
        "NCE term",
        TERM,
        &["start", "term_months", "cycle_months", "custom_end"],
    )?;
    NceTerm::first(
        date(&t.string("start")?)?,
        months(&t.value("term_months"), "term months")?,
        months(&t.value("cycle_months"), "cycle months")?,
        t.opt_string("custom_end")?
            .as_deref()
            .map(date)
            .transpose()?,
    )
}

/// `end(start, term_months)` of the arguments, as `YYYY-MM-DD`.
fn end_of(
    end: fn(NaiveDate, u32) -> Result<NaiveDate, Error>,
    start: &JsValue,
    term_months: &JsValue,
) -> Result<String, JsValue> {
    let run = || end(day(start, "start")?, months(term_months, "term months")?);
    run().map(|d| d.to_string()).map_err(js_error)
}

/// A period as `{first, last}`.
#[derive(Serialize)]
struct Days {
    first: String,
    last: String,
}

impl From<Period> for Days {
    fn from(p: Period) -> Days {
        Days {
            first: p.first().to_string(),
            last: p.last().to_string(),
        }
    }
}

/// A cycle: its days, `D(C)`, and its reference cycle when partial.
#[derive(Serialize)]
struct CycleOut {
    first: String,
    last: String,
    days_in_cycle: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference: Option<Days>,
}

impl From<&Cycle> for CycleOut {
    fn from(c: &Cycle) -> CycleOut {
        CycleOut {
            first: c.first().to_string(),
            last: c.last().to_string(),
            days_in_cycle: c.days_in_cycle(),
            reference: c.is_partial().then(|| c.reference.into()),
        }
    }
}

/// A term: its days, anchor, lengths and the next term's days.
#[derive(Serialize)]
struct TermOut {
    first: String,
    last: String,
    days: u32,
    anchor: String,
    term_months: u32,
    cycle_months: u32,
    shortened: bool,
    next: Days,
}

/// The natural end of a term of `termMonths` months from `start`: `add_months(S, m) − 1`
/// (SPEC-NCE §13.2.1), `YYYY-MM-DD`.
#[wasm_bindgen(js_name = nceNaturalEnd)]
pub fn nce_natural_end(
    #[wasm_bindgen(unchecked_param_type = "string")] start: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] term_months: JsValue,
) -> Result<String, JsValue> {
    end_of(natural_end, &start, &term_months)
}

/// The first term from `start` (`NceTerm::first`, SPEC-NCE §13.2–§13.3): its days, anchor,
/// whether it is a shortened first term, and the next term's days (counted from the anchor).
/// A custom end outside `[start, natural end]` throws `coterm_date_invalid`.
#[wasm_bindgen(js_name = nceTerm, unchecked_return_type = "NceTermInfo")]
pub fn nce_term(
    #[wasm_bindgen(unchecked_param_type = "string")] start: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] term_months: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] cycle_months: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] custom_end: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || -> Result<TermOut, Error> {
        let t = term_of(&start, &term_months, &cycle_months, &custom_end)?;
        Ok(TermOut {
            first: t.period().first().to_string(),
            last: t.period().last().to_string(),
            days: t.period().days(),
            anchor: t.anchor().to_string(),
            term_months: t.term_months(),
            cycle_months: t.cycle_months(),
            shortened: t.is_shortened(),
            next: t.next()?.period().into(),
        })
    };
    to_js(&run().map_err(js_error)?)
}

/// Every billing cycle of the first term from `start` (SPEC-NCE §13.2.3–5), in order: `{first,
/// last, days_in_cycle, reference?}`, `reference` being the whole cycle a partial first cycle
/// is counted against (pinned P8).
#[wasm_bindgen(js_name = nceTermCycles, unchecked_return_type = "NceCycle[]")]
pub fn nce_term_cycles(
    #[wasm_bindgen(unchecked_param_type = "string")] start: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] term_months: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] cycle_months: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] custom_end: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || term_of(&start, &term_months, &cycle_months, &custom_end)?.cycles();
    let cycles = run().map_err(js_error)?;
    to_js(&cycles.iter().map(CycleOut::from).collect::<Vec<_>>())
}

/// The cycle of the first term from `start` that holds `day` (`NceTerm::cycle_at`); a day
/// outside the term throws `date_outside_term`.
#[wasm_bindgen(js_name = nceCycleAt, unchecked_return_type = "NceCycle")]
pub fn nce_cycle_at(
    #[wasm_bindgen(unchecked_param_type = "string")] start: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] term_months: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] cycle_months: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | null")] custom_end: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] on: JsValue,
) -> Result<JsValue, JsValue> {
    let run =
        || term_of(&start, &term_months, &cycle_months, &custom_end)?.cycle_at(day(&on, "day")?);
    to_js(&CycleOut::from(&run().map_err(js_error)?))
}

/// The first cycle start strictly after `day` inside the first term from `start`
/// (`NceTerm::next_cycle_start`): `YYYY-MM-DD`, or `null` when no cycle of the term starts
/// later (the term's start for a day before it).
#[wasm_bindgen(js_name = nceNextCycleStart, unchecked_return_type = "string | null")]
pub fn nce_next_cycle_start(
    #[wasm_bindgen(unchecked_param_type = "string")] start: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] term_months: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] cycle_months: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | null")] custom_end: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] on: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || {
        term_of(&start, &term_months, &cycle_months, &custom_end)?
            .next_cycle_start(day(&on, "day")?)
    };
    to_js(&run().map_err(js_error)?.map(|d| d.to_string()))
}

/// The calendar-aligned custom end of a term of `termMonths` from `start`: the latest month
/// end on or before its natural end (SPEC-NCE §13.3.2), `YYYY-MM-DD`.
#[wasm_bindgen(js_name = nceCalendarAlignedEnd)]
pub fn nce_calendar_aligned_end(
    #[wasm_bindgen(unchecked_param_type = "string")] start: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] term_months: JsValue,
) -> Result<String, JsValue> {
    end_of(calendar_aligned_end, &start, &term_months)
}

/// The ends a new term of `termMonths` from `start` may take to be coterminous with the
/// existing term `with` (`{start, term_months, cycle_months, custom_end?}`, SPEC-NCE
/// §13.3.3–4), in order. A term longer than a month with a one-month `with` throws
/// `coterm_not_allowed`.
#[wasm_bindgen(js_name = nceCotermEnds, unchecked_return_type = "string[]")]
pub fn nce_coterm_ends(
    #[wasm_bindgen(unchecked_param_type = "string")] start: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] term_months: JsValue,
    #[wasm_bindgen(unchecked_param_type = "NceTermInput")] with: JsValue,
) -> Result<Vec<String>, JsValue> {
    let run = || {
        let with = term_object(&with)?;
        coterm_ends(
            day(&start, "start")?,
            months(&term_months, "term months")?,
            &with,
        )
    };
    let ends = run().map_err(js_error)?;
    Ok(ends.iter().map(ToString::to_string).collect())
}

/// Checks a custom `end` asked for a term of `termMonths` from `start` (SPEC-NCE §13.3.1,
/// §13.3.4) under a program's `custom_end_dates_from` (`"2022-03-10"` for `nce`; `null`: a
/// program without custom ends). Returns nothing, or throws `coterm_not_allowed` or
/// `coterm_date_invalid` (its `context.rule`: `custom_end_dates_from` or `term`).
#[wasm_bindgen(js_name = nceCheckCustomEnd)]
pub fn nce_check_custom_end(
    #[wasm_bindgen(unchecked_param_type = "string")] start: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] term_months: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] end: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | null")] custom_end_dates_from: JsValue,
) -> Result<(), JsValue> {
    let run = || {
        check_custom_end(
            day(&start, "start")?,
            months(&term_months, "term months")?,
            day(&end, "end")?,
            opt_day(&custom_end_dates_from, "custom_end_dates_from")?,
        )
    };
    run().map_err(js_error)
}
