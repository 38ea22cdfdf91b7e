//! The language-neutral NCE calendar vectors in `testdata/vectors/nce/calendar.json`
//! (SPEC-NCE §13.2–§13.3, examples of §13.15), checked against `csp_core::calendar::nce`.
//! Expected values were published or worked out by hand (each case says which); the Python and
//! JavaScript bindings can read the same file.

use std::path::PathBuf;

use chrono::NaiveDate;
use csp_core::calendar::nce::{
    calendar_aligned_end, check_custom_end, coterm_ends, natural_end, Cycle, NceTerm,
};
use csp_core::Error;
use serde_json::{json, Value};

fn load(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata/vectors/nce")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn date(v: &Value, key: &str) -> NaiveDate {
    let text = v[key]
        .as_str()
        .unwrap_or_else(|| panic!("missing date {key:?} in {v}"));
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|e| panic!("{key} {text}: {e}"))
}

fn opt_date(v: &Value, key: &str) -> Option<NaiveDate> {
    (!v[key].is_null()).then(|| date(v, key))
}

fn months(v: &Value, key: &str) -> u32 {
    v[key]
        .as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .unwrap_or_else(|| panic!("missing month count {key:?} in {v}"))
}

/// The first term a case describes (`start`, `term_months`, `cycle_months`, `custom_end`).
fn term(v: &Value) -> Result<NceTerm, Error> {
    NceTerm::first(
        date(v, "start"),
        months(v, "term_months"),
        months(v, "cycle_months"),
        opt_date(v, "custom_end"),
    )
}

fn text(d: NaiveDate) -> Value {
    Value::String(d.to_string())
}

fn cycle_json(c: &Cycle) -> Value {
    let mut out = json!({
        "first": text(c.first()),
        "last": text(c.last()),
        "days_in_cycle": c.days_in_cycle(),
    });
    if c.is_partial() {
        out["reference"] = json!({
            "first": text(c.reference.first()),
            "last": text(c.reference.last()),
        });
    }
    out
}

/// The case's outcome in the file's shape: `{"expect": …}` or `{"expect_error": …}`.
fn run(case: &Value) -> Value {
    let outcome: Result<Value, Error> = match case["op"].as_str().unwrap_or_default() {
        "term_end" => {
            natural_end(date(case, "start"), months(case, "term_months")).map(|e| json!({"end": text(e)}))
        }
        "term" => term(case).and_then(|t| {
            let next = t.next()?;
            Ok(json!({
                "first": text(t.period().first()),
                "last": text(t.period().last()),
                "days": t.period().days(),
                "anchor": text(t.anchor()),
                "shortened": t.is_shortened(),
                "next": {"first": text(next.period().first()), "last": text(next.period().last())},
            }))
        }),
        "cycles" => term(case)
            .and_then(|t| t.cycles())
            .map(|cs| json!({"cycles": cs.iter().map(cycle_json).collect::<Vec<_>>()})),
        "cycle_days" => term(case).and_then(|t| t.cycle_at(date(case, "day"))).map(|c| {
            json!({"first": text(c.first()), "last": text(c.last()), "days_in_cycle": c.days_in_cycle()})
        }),
        "aligned_end" => calendar_aligned_end(date(case, "start"), months(case, "term_months"))
            .map(|e| json!({"end": text(e)})),
        "coterm_ends" => term(&case["with"])
            .and_then(|with| coterm_ends(date(case, "start"), months(case, "term_months"), &with))
            .map(|ends| json!({"ends": ends.into_iter().map(text).collect::<Vec<_>>()})),
        "check_custom_end" => check_custom_end(
            date(case, "start"),
            months(case, "term_months"),
            date(case, "end"),
            opt_date(case, "custom_end_dates_from"),
        )
        .map(|()| json!({})),
        other => panic!("unknown op {other:?} in {case}"),
    };
    match outcome {
        Ok(value) => json!({ "expect": value }),
        Err(e) => {
            let mut err = json!({ "code": e.code() });
            // The rule is compared only when the case names one.
            if case["expect_error"].get("rule").is_some() {
                let rule = e.context().into_iter().find(|(name, _)| *name == "rule");
                err["rule"] = rule.map_or(Value::Null, |(_, value)| Value::String(value));
            }
            json!({ "expect_error": err })
        }
    }
}

/// Every case, checked; failures are collected so that one run reports them all.
#[test]
fn nce_calendar_vectors() {
    let v = load("calendar.json");
    let all = v["cases"].as_array().expect("cases");
    let mut failures = Vec::new();
    let mut ran = 0usize;
    for case in all {
        let name = case["name"].as_str().expect("name");
        let want = match (case.get("expect"), case.get("expect_error")) {
            (Some(value), None) => json!({ "expect": value }),
            (None, Some(err)) => json!({ "expect_error": err }),
            _ => panic!("{name}: exactly one of expect, expect_error"),
        };
        let got = run(case);
        ran += 1;
        if got != want {
            failures.push(format!("{name}\n    expected {want}\n    got      {got}"));
        }
    }
    assert!(ran > 0);
    assert_eq!(ran, all.len());
    assert!(
        failures.is_empty(),
        "{} of {} NCE calendar vectors disagree:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

/// The file's `check_custom_end` cases name the programs' dates: Program::nce's 2022-03-10
/// and Program::legacy_2015's none.
#[test]
fn the_vectors_use_the_programs_custom_end_dates() {
    use csp_core::program::Program;
    assert_eq!(
        Program::nce().custom_end_dates_from,
        NaiveDate::from_ymd_opt(2022, 3, 10)
    );
    assert_eq!(Program::legacy_2015().custom_end_dates_from, None);
    let v = load("calendar.json");
    for case in v["cases"].as_array().expect("cases") {
        if case["op"] == "check_custom_end" && !case["custom_end_dates_from"].is_null() {
            assert_eq!(case["custom_end_dates_from"], "2022-03-10", "{case}");
        }
    }
}
