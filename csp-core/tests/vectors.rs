//! The language-neutral vectors in `testdata/vectors/`, checked against the Rust core.
//! The Python and JavaScript bindings read the same files.

use std::path::PathBuf;

use chrono::NaiveDate;
use csp_core::agreement::{Agreement, AgreementKind, Notice, Party};
use csp_core::calendar::parse_date;
use csp_core::catalog::OfferId;
use csp_core::money::{Currency, Money, ProrationPolicy};
use csp_core::price_list::{
    diff_rows, parse_legacy_rows, parse_nce_rows, NceKey, NceSheet, PriceBook, PriceList,
};
use csp_core::Error;
use serde_json::Value;

fn testdata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata")
}

fn load(name: &str) -> Value {
    let path = testdata().join("vectors").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn cases<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v[key].as_array().map(Vec::as_slice).unwrap_or(&[])
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("missing string {key:?} in {v}"))
}

fn date(v: &Value, key: &str) -> NaiveDate {
    parse_date(text(v, key)).unwrap()
}

fn opt_date(v: &Value, key: &str) -> Option<NaiveDate> {
    v[key].as_str().map(|s| parse_date(s).unwrap())
}

/// The CSV of a list or sheet: inline `csv`, or `file` relative to `testdata/`.
fn csv_of(v: &Value) -> String {
    match v["csv"].as_str() {
        Some(csv) => csv.to_string(),
        None => std::fs::read_to_string(testdata().join(text(v, "file"))).unwrap(),
    }
}

fn check_error(e: &Error, expect: &Value, why: &str) {
    assert_eq!(e.code(), text(expect, "error"), "{why}: {e}");
    for (k, want) in expect.as_object().unwrap() {
        if k == "error" || k.starts_with('_') {
            continue;
        }
        let got = e
            .context()
            .into_iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v);
        let want = want
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| want.to_string());
        assert_eq!(
            got.as_deref(),
            Some(want.as_str()),
            "{why}: context {k} of {e}"
        );
    }
}

/// Checks an outcome against `expect`: an expected error by code and context (returns
/// `None`), or a value when no error is expected (returns it for the caller's checks).
fn outcome<T: std::fmt::Debug>(got: Result<T, Error>, expect: &Value, why: &str) -> Option<T> {
    match got {
        Err(e) => {
            check_error(&e, expect, why);
            None
        }
        Ok(v) => {
            assert!(
                expect["error"].is_null(),
                "{why}: expected an error, got {v:?}"
            );
            Some(v)
        }
    }
}

#[test]
fn proration_vectors() {
    let v = load("proration.json");
    let all = cases(&v, "cases");
    assert!(all.len() >= 15);
    for case in all {
        let why = text(case, "_comment");
        let currency = Currency::from_code(text(case, "currency")).unwrap();
        let price = Money::parse(text(case, "period_price"), currency).unwrap();
        let policy: ProrationPolicy = serde_json::from_value(case["policy"].clone()).unwrap();
        let q = case["quantity"].as_i64().unwrap();
        let days = |k: &str| u32::try_from(case[k].as_u64().unwrap()).unwrap();
        let got = policy.prorate(&price, q, days("days_billed"), days("days_in_period"));
        let expect = &case["expect"];
        if let Some(p) = outcome(got, expect, why) {
            assert_eq!(
                p.amount.amount().to_string(),
                text(expect, "amount"),
                "{why}"
            );
            assert_eq!(p.unit.to_string(), text(expect, "unit"), "{why}");
            assert_eq!(
                p.daily_rate.map(|r| r.to_string()).as_deref(),
                expect["daily_rate"].as_str(),
                "{why}"
            );
        }
    }
}

#[test]
fn agreement_vectors() {
    let v = load("agreement.json");
    let all = cases(&v, "cases");
    assert!(all.len() >= 10);
    for case in all {
        let why = text(case, "_comment");
        let kind = match text(case, "kind") {
            "mcra" => AgreementKind::mcra(),
            "perpetual" => AgreementKind::Perpetual,
            other => panic!("{why}: unknown kind {other}"),
        };
        let mut agreement = Agreement::new(date(case, "signed_on"), kind).unwrap();
        let mut refused = None;
        for n in cases(case, "notices") {
            let by = match text(n, "by") {
                "partner" => Party::Partner,
                "microsoft" => Party::Microsoft,
                other => panic!("{why}: unknown party {other}"),
            };
            if let Err(e) = agreement.give_notice(Notice {
                given_on: date(n, "given_on"),
                by,
            }) {
                refused = Some(e);
            }
        }
        if !case["expect_error"].is_null() {
            let e = refused.unwrap_or_else(|| panic!("{why}: expected a refused notice"));
            assert_eq!(e.code(), text(&case["expect_error"], "code"), "{why}");
            continue;
        }
        assert!(refused.is_none(), "{why}: {refused:?}");
        assert_eq!(
            agreement.end_date(),
            opt_date(case, "end_date"),
            "{why}: end date"
        );
        for q in cases(case, "queries") {
            let on = date(q, "on");
            let s = agreement.status(on);
            let why = format!("{why} — on {on}");
            assert_eq!(
                s.in_force,
                q["in_force"].as_bool().unwrap(),
                "{why}: in_force"
            );
            match (&s.term, &q["term"]) {
                (None, Value::Null) => {}
                (Some(t), want) if !want.is_null() => {
                    assert_eq!(
                        u64::from(t.number),
                        want["number"].as_u64().unwrap(),
                        "{why}: term number"
                    );
                    assert_eq!(t.first, date(want, "first"), "{why}: term first");
                    assert_eq!(t.last, opt_date(want, "last"), "{why}: term last");
                }
                (got, want) => panic!("{why}: term {got:?}, expected {want}"),
            }
            assert_eq!(
                s.next_renewal,
                opt_date(q, "next_renewal"),
                "{why}: next renewal"
            );
            assert_eq!(
                s.notice_deadline,
                opt_date(q, "notice_deadline"),
                "{why}: notice deadline"
            );
        }
    }
}

#[test]
fn price_list_book_vectors() {
    let v = load("price_list.json");
    let books = cases(&v, "books");
    assert!(!books.is_empty());
    let mut checked = 0;
    for b in books {
        let currency = Currency::from_code(text(b, "currency")).unwrap();
        let mut book = PriceBook::new(currency);
        let mut lists = std::collections::HashMap::new();
        for l in cases(b, "lists") {
            let rows = parse_legacy_rows(&csv_of(l)).unwrap();
            let month = text(l, "month");
            lists.insert(month.to_string(), rows.clone());
            book.add(PriceList::new(month.parse().unwrap(), currency, rows).unwrap())
                .unwrap();
        }
        for q in cases(b, "queries") {
            let why = text(q, "_comment");
            let got = book.price(
                &OfferId::new(text(q, "offer")),
                date(q, "date"),
                date(q, "as_of"),
            );
            let expect = &q["expect"];
            if let Some(p) = outcome(got, expect, why) {
                assert_eq!(
                    p.list.amount().to_string(),
                    text(expect, "list_price"),
                    "{why}"
                );
                assert_eq!(
                    p.erp.amount().to_string(),
                    text(expect, "erp_price"),
                    "{why}"
                );
                assert_eq!(
                    p.list_effective_from,
                    date(expect, "list_effective_from"),
                    "{why}"
                );
            }
            checked += 1;
        }
        for dcase in cases(b, "diffs") {
            let diff = diff_rows(&lists[text(dcase, "old")], &lists[text(dcase, "new")]);
            let got: Vec<(String, String, bool)> = diff
                .iter()
                .map(|r| {
                    (
                        r.offer_id.to_string(),
                        r.indicator.to_string(),
                        r.erp_changed,
                    )
                })
                .collect();
            let want: Vec<(String, String, bool)> = cases(dcase, "expect")
                .iter()
                .map(|r| {
                    (
                        OfferId::new(text(r, "offer_id")).to_string(),
                        text(r, "indicator").to_string(),
                        r["erp_changed"].as_bool().unwrap(),
                    )
                })
                .collect();
            assert_eq!(
                got,
                want,
                "diff {} → {}",
                text(dcase, "old"),
                text(dcase, "new")
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} book checks");
}

#[test]
fn price_list_parse_error_vectors() {
    let v = load("price_list.json");
    let all = cases(&v, "parse_errors");
    assert!(all.len() >= 10);
    for case in all {
        let why = text(case, "_comment");
        let csv = text(case, "csv");
        let e = match text(case, "format") {
            "legacy" => parse_legacy_rows(csv).map(|_| ()),
            "nce" => parse_nce_rows(csv).map(|_| ()),
            other => panic!("{why}: unknown format {other}"),
        }
        .expect_err(why);
        let expect = &case["expect"];
        assert_eq!(e.code(), text(expect, "code"), "{why}: {e}");
        let (line, column) = e.position().unwrap();
        assert_eq!(line, expect["line"].as_u64().unwrap(), "{why}: line of {e}");
        assert_eq!(
            column,
            expect["column"].as_u64().unwrap(),
            "{why}: column of {e}"
        );
        if let Some(name) = expect["name"].as_str() {
            let got = e
                .context()
                .into_iter()
                .find(|(k, _)| *k == "name")
                .map(|(_, v)| v);
            assert_eq!(got.as_deref(), Some(name), "{why}");
        }
    }
}

#[test]
fn nce_vectors() {
    let v = load("price_list.json");
    let sheets = cases(&v, "nce");
    assert!(!sheets.is_empty());
    for s in sheets {
        let sheet = NceSheet::new(parse_nce_rows(&csv_of(s)).unwrap());
        for q in cases(s, "queries") {
            let why = q["_comment"].as_str().unwrap_or("nce query");
            let key = NceKey::new(
                text(q, "offer"),
                text(q, "term").parse().unwrap(),
                text(q, "plan").parse().unwrap(),
                text(q, "market"),
                Currency::from_code(text(q, "currency")).unwrap(),
            );
            let expect = &q["expect"];
            if let Some(row) = outcome(sheet.price_on(&key, date(q, "date")), expect, why) {
                assert_eq!(
                    row.unit_price.to_string(),
                    text(expect, "unit_price"),
                    "{why}"
                );
            }
        }
    }
}

#[test]
fn charge_vectors() {
    use csp_core::scenario::Scenario;
    let v = load("charges.json");
    let all = cases(&v, "cases");
    assert!(all.len() >= 8);
    for case in all {
        let why = text(case, "_comment");
        let scenario = Scenario::from_json(&case["scenario"].to_string()).unwrap();
        let lines = scenario
            .charges(Some(date(case, "as_of")))
            .unwrap_or_else(|e| panic!("{why}: {e}"));
        let window = &case["window"];
        let (from, to) = (
            parse_date(window[0].as_str().unwrap()).unwrap(),
            parse_date(window[1].as_str().unwrap()).unwrap(),
        );
        let got: Vec<Vec<String>> = lines
            .iter()
            .filter(|l| from <= l.date && l.date <= to)
            .map(|l| {
                vec![
                    l.kind.to_string(),
                    l.date.to_string(),
                    l.service_period.first().to_string(),
                    l.service_period.last().to_string(),
                    l.seats().to_string(),
                    l.unit_amount.to_string(),
                    l.amount.amount().to_string(),
                ]
            })
            .collect();
        let want: Vec<Vec<String>> = cases(case, "expect")
            .iter()
            .map(|l| {
                [
                    "kind",
                    "date",
                    "service_start",
                    "service_end",
                    "quantity",
                    "unit_amount",
                    "amount",
                ]
                .iter()
                .map(|k| match &l[*k] {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect()
            })
            .collect();
        assert_eq!(got, want, "{why}");
    }
}
