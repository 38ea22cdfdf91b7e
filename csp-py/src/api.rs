//! The scalar API: JSON text in the core's serde form in and out.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use csp_core::access::{self, Action, Actor, ActorKind, Relationship};
use csp_core::agreement::Agreement;
use csp_core::billing::BillRun;
use csp_core::calendar::YearMonth;
use csp_core::catalog::OfferId;
use csp_core::error::{family_of, ALL_CODES};
use csp_core::input::{self, AmountKind};
use csp_core::money::{Currency, Money, ProrationPolicy};
use csp_core::price_list::{
    detect_format, parse_nce_rows_parallel, PriceBook, PriceFileFormat, PriceList, PriceRow,
};
use csp_core::program::Program;
use csp_core::scenario::Scenario;
use csp_core::Error;
use pyo3::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::errors::{core, refusal};
use crate::legacy_list::NativeLegacyList;
use crate::prices::NceRows;

/// JSON text of a serialisable core value.
fn json<T: Serialize>(value: &T) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| core(Error::invalid_json("value", e, "a JSON value")))
}

/// A core value read from JSON text (`what` names it in the error).
fn from_json<T: DeserializeOwned>(text: &str, what: &'static str) -> PyResult<T> {
    serde_json::from_str(text)
        .map_err(|e| core(Error::invalid_json(what, e, "the documented JSON form")))
}

fn date(text: &str) -> PyResult<NaiveDate> {
    csp_core::input::date(text).map_err(core)
}

fn parse<T: std::str::FromStr<Err = csp_core::Error>>(text: &str) -> PyResult<T> {
    text.parse::<T>().map_err(core)
}

/// The package version.
#[pyfunction]
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// The core's `invalid_proration` message for day counts of any size (given as their
/// decimal text), for the counts Python refuses before they reach the native `u32`.
#[pyfunction]
pub fn invalid_proration_message(days_billed: &str, days_in_period: &str) -> String {
    csp_core::error::invalid_proration_message(&days_billed, &days_in_period)
}

/// Every core error code with its family, in declaration order.
#[pyfunction]
pub fn error_codes() -> Vec<(&'static str, &'static str)> {
    ALL_CODES
        .iter()
        .map(|c| (*c, family_of(c).unwrap_or("input")))
        .collect()
}

/// `ProrationPolicy::prorate` on a period price: the Proration as JSON.
#[pyfunction]
pub fn prorate(
    price: &str,
    currency: &str,
    quantity: i64,
    days_billed: u32,
    days_in_period: u32,
    policy: &str,
) -> PyResult<String> {
    let currency = parse::<Currency>(currency)?;
    // A period price is a price: never negative, at most 6 decimals (csp_core::input).
    let price = Money::new(
        input::amount(price, AmountKind::Price).map_err(core)?,
        currency,
    );
    // A signed seat change (1 to 1,000,000 seats either way, never 0), as the batch reads
    // it; the sign makes a credit.
    input::seat_change(quantity, String::new).map_err(core)?;
    let policy: ProrationPolicy = from_json(policy, "proration policy")?;
    let p = policy
        .prorate(&price, quantity, days_billed, days_in_period)
        .map_err(core)?;
    json(&p)
}

/// A legacy price list's rows (JSON) from CSV text.
#[pyfunction]
pub fn parse_price_list(text: &str, month: &str, currency: &str) -> PyResult<String> {
    let list = PriceList::from_legacy_csv(text, parse(month)?, parse(currency)?).map_err(core)?;
    let rows: Vec<&PriceRow> = list.rows().collect();
    json(&rows)
}

/// An NCE price sheet's rows (JSON) from CSV text.
#[pyfunction]
pub fn parse_nce_csv(text: &str) -> PyResult<String> {
    json(&parse_nce_rows_parallel(text, 0).map_err(core)?)
}

/// The format of a price file's text: `legacy` or `nce`.
#[pyfunction]
pub fn price_format(text: &str) -> PyResult<String> {
    Ok(match detect_format(text).map_err(core)? {
        PriceFileFormat::Legacy => "legacy",
        PriceFileFormat::Nce => "nce",
    }
    .to_string())
}

/// A price book: monthly lists (and NCE rows) with the visibility rule.
#[pyclass(module = "csp_billing._native", frozen)]
#[derive(Debug)]
pub struct NativeBook {
    /// The monthly lists (what `price` and `visible_from` read).
    book: PriceBook,
    /// NCE rows, added to a copy of `book` on first use only: reading a sheet into a book
    /// costs neither the time nor the memory of grouping its rows until a query needs them.
    nce: Option<NceRows>,
    with_nce: std::sync::OnceLock<PriceBook>,
}

/// A legacy list's rows as `NativeBook` takes them: the native list a `PriceList` read
/// from a file holds, or the JSON of rows built in Python.
#[derive(FromPyObject)]
enum ListRows<'py> {
    /// A list parsed natively (`NativeLegacyList`).
    Native(PyRef<'py, NativeLegacyList>),
    /// Rows as JSON text (the core's `PriceRow` form).
    Json(String),
}

#[pymethods]
impl NativeBook {
    /// A book in `currency` of `lists` (month, the list's currency, rows: a native list or
    /// JSON) and the
    /// NCE rows `nce`, with the program's notice days unless given.
    #[new]
    #[pyo3(signature = (currency, lists, nce=None, notice_days=None))]
    fn new(
        currency: &str,
        lists: Vec<(String, String, ListRows<'_>)>,
        nce: Option<PyRef<'_, NceRows>>,
        notice_days: Option<u32>,
    ) -> PyResult<NativeBook> {
        let currency = parse::<Currency>(currency)?;
        let mut book = PriceBook::new(currency);
        if let Some(days) = notice_days {
            book = book.with_notice_days(days);
        }
        for (month, list_currency, rows) in lists {
            let month = parse::<YearMonth>(&month)?;
            let list_currency = parse::<Currency>(&list_currency)?;
            let list = match rows {
                ListRows::Native(native) => native.list(month, list_currency),
                ListRows::Json(rows) => {
                    let rows: Vec<PriceRow> = from_json(&rows, "price rows")?;
                    PriceList::new(month, list_currency, rows)
                }
            }
            .map_err(core)?;
            // The core refuses a list of another currency (currency_mismatch, SPEC §1.4).
            book.add(list).map_err(core)?;
        }
        Ok(NativeBook {
            book,
            nce: nce.map(|n| n.clone()),
            with_nce: std::sync::OnceLock::new(),
        })
    }

    /// The price of `offer` on `on`, read as of `as_of` (JSON).
    fn price(&self, offer: &str, on: &str, as_of: &str) -> PyResult<String> {
        let p = self
            .book
            .price(&OfferId::new(offer), date(on)?, date(as_of)?)
            .map_err(core)?;
        json(&p)
    }

    /// The NCE row governing (`offer`, `term`, `plan`, `market`, `currency`, and the optional
    /// `segment` and tier range `tier_min`..`tier_max`) on `on` (`PriceBook::nce_price`), or,
    /// with `seats`, the row of the tier that contains the seat count
    /// (`NceSheet::price_for_seats`), as JSON.
    #[pyo3(signature = (offer, term, plan, market, currency, on, segment=None, tier_min=None, tier_max=None, seats=None))]
    #[allow(clippy::too_many_arguments)] // the key's fields, as the core names them
    fn nce_price(
        &self,
        offer: &str,
        term: &str,
        plan: &str,
        market: &str,
        currency: &str,
        on: &str,
        segment: Option<&str>,
        tier_min: Option<i64>,
        tier_max: Option<i64>,
        seats: Option<i64>,
    ) -> PyResult<String> {
        use csp_core::price_list::{BillingPlan, NceKey, PriceSegment, TermDuration, TierRange};
        let term = TermDuration::parse(term).ok_or_else(|| {
            core(Error::unknown_choice(
                "term duration",
                term,
                "P1M, P1Y, P3Y (PnM or PnY)",
            ))
        })?;
        let plan = BillingPlan::parse(plan).ok_or_else(|| {
            core(Error::unknown_choice(
                "billing plan",
                plan,
                "monthly, annual, biennial, triennial, one_time or none",
            ))
        })?;
        let mut key = NceKey::new(offer, term, plan, market, parse::<Currency>(currency)?);
        if let Some(segment) = segment {
            key = key.with_segment(segment.parse::<PriceSegment>().map_err(core)?);
        }
        if tier_min.is_some() || tier_max.is_some() {
            let bound = |n: Option<i64>| {
                let n = n.unwrap_or(-1);
                csp_core::input::count(
                    n,
                    "tier bound",
                    0,
                    u32::MAX,
                    "whole numbers from 0, both given, min ≤ max",
                )
                .map(u64::from)
                .map_err(core)
            };
            let (min, max) = (bound(tier_min)?, bound(tier_max)?);
            let tier = TierRange::new(min, max).ok_or_else(|| {
                core(Error::InvalidInput {
                    what: "tier range",
                    text: format!("{min}..{max}"),
                    expected: "min ≤ max",
                })
            })?;
            key = key.with_tier(tier);
        }
        let on = date(on)?;
        match seats {
            None => json(self.book().nce_price(&key, on).map_err(core)?),
            Some(n) => {
                let seats = u64::from(csp_core::input::seats(n).map_err(core)?);
                json(
                    self.book()
                        .nce()
                        .price_for_seats(&key, seats, on)
                        .map_err(core)?,
                )
            }
        }
    }

    /// The first day a list effective on `effective_from` may be read.
    fn visible_from(&self, effective_from: &str) -> PyResult<String> {
        Ok(self
            .book
            .visible_from(date(effective_from)?)
            .map_err(core)?
            .to_string())
    }
}

impl NativeBook {
    /// The core book (with its NCE rows).
    pub fn book(&self) -> &PriceBook {
        match &self.nce {
            None => &self.book,
            Some(nce) => self.with_nce.get_or_init(|| {
                let mut book = self.book.clone();
                book.add_nce(nce.rows().to_vec());
                book
            }),
        }
    }
}

/// Queries on an agreement (JSON in the core's form): `check` (the normalised agreement),
/// `status`, `next_renewal`, `notice_deadline`, `end_date`, `in_force`, `term_on`.
#[pyfunction]
#[pyo3(signature = (agreement, query, on=None))]
pub fn agreement_eval(agreement: &str, query: &str, on: Option<&str>) -> PyResult<String> {
    let value: Agreement = from_json(agreement, "agreement")?;
    // Rebuild through the checked constructors: a notice before signing is refused.
    let mut checked = Agreement::new(value.signed_on(), value.kind()).map_err(core)?;
    for n in value.notices() {
        checked.give_notice(*n).map_err(core)?;
    }
    let on = || -> PyResult<NaiveDate> {
        date(on.ok_or_else(|| core(Error::missing_argument("date", "a date for this query")))?)
    };
    match query {
        "check" => json(&checked),
        "status" => json(&checked.status(on()?)),
        "next_renewal" => json(&checked.next_renewal(on()?)),
        "notice_deadline" => json(&checked.notice_deadline(on()?)),
        "end_date" => json(&checked.end_date()),
        "in_force" => json(&checked.in_force(on()?)),
        "term_on" => json(&checked.term_on(on()?)),
        other => Err(core(Error::unknown_choice(
            "agreement query",
            other,
            "check, status, next_renewal, notice_deadline, end_date, in_force, term_on",
        ))),
    }
}

fn scenario(text: &str) -> PyResult<Scenario> {
    Scenario::from_json(text).map_err(core)
}

/// The scenario, checked and normalised (JSON).
#[pyfunction]
pub fn scenario_check(text: &str) -> PyResult<String> {
    let s = scenario(text)?;
    s.inputs().map_err(core)?;
    Ok(s.to_json())
}

/// The scenario whose `csv_file` price lists `resolve(path)` reads (a Python callable that
/// returns the file's text), checked and normalised (JSON, the files' rows inline).
#[pyfunction]
pub fn scenario_resolve(text: &str, resolve: &Bound<'_, PyAny>) -> PyResult<String> {
    let s = crate::scenario::resolved(text, resolve)?;
    s.inputs().map_err(core)?;
    Ok(s.to_json())
}

/// Every charge line through `as_of` (or the scenario's own), as JSON.
#[pyfunction]
#[pyo3(signature = (text, as_of=None))]
pub fn scenario_charges(text: &str, as_of: Option<&str>) -> PyResult<String> {
    let s = scenario(text)?;
    let as_of = as_of.map(date).transpose()?;
    let replay = s.replay(as_of).map_err(refusal)?;
    json(&replay.lines)
}

/// The bill run of `month` (JSON), given the runs issued before (a JSON array).
#[pyfunction]
#[pyo3(signature = (text, month, issued="[]", first_number=None))]
pub fn scenario_bill(
    text: &str,
    month: &str,
    issued: &str,
    first_number: Option<u64>,
) -> PyResult<String> {
    let s = scenario(text)?;
    let issued: Vec<BillRun> = from_json(issued, "issued bill runs")?;
    let run = s
        .bill(parse(month)?, &issued, first_number)
        .map_err(refusal)?;
    json(&run)
}

/// The next `count` bill runs after `month`, projected (JSON array).
#[pyfunction]
pub fn scenario_projection(text: &str, month: &str, count: u32) -> PyResult<String> {
    let s = scenario(text)?;
    json(&s.projection(parse(month)?, count).map_err(refusal)?)
}

/// The decision for `actor` doing `action` (JSON).
#[pyfunction]
#[pyo3(signature = (actor, action, delegated_admin=true, csp_partner=true, program="legacy_2015"))]
pub fn authorize(
    actor: &str,
    action: &str,
    delegated_admin: bool,
    csp_partner: bool,
    program: &str,
) -> PyResult<String> {
    let actor = parse::<Actor>(actor)?;
    let action = parse::<Action>(action)?;
    let program = parse::<Program>(program)?;
    let rel = Relationship {
        delegated_admin,
        csp_partner,
    };
    json(&access::authorize(&actor, action, rel, &program))
}

/// Every (profile, action) decision for a program (JSON); with `kinds` (`direct_bill`,
/// `indirect_provider`, `indirect_reseller`, `advisor`, `customer`), only the profiles of
/// those kinds of actor.
#[pyfunction]
#[pyo3(signature = (program="legacy_2015", kinds=None))]
pub fn access_matrix(program: &str, kinds: Option<Vec<String>>) -> PyResult<String> {
    let program = parse::<Program>(program)?;
    let cells = match kinds {
        None => access::matrix(&program),
        Some(kinds) => {
            let kinds = kinds
                .iter()
                .map(|k| parse::<ActorKind>(k))
                .collect::<PyResult<Vec<_>>>()?;
            access::matrix_of(&program, &kinds)
        }
    };
    let profiles: BTreeMap<&str, String> = access::profiles()
        .into_iter()
        .map(|(name, actor, _)| (name, actor.to_string()))
        .collect();
    json(&serde_json::json!({ "cells": cells, "profiles": profiles }))
}
