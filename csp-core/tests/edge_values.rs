//! `testdata/vectors/edges/values.json`: the strict readers of amounts, dates, seat counts and
//! ids (issue 15), through `csp_core::input` — the readers every entry point shares. The
//! Python and JavaScript bindings read the same file through their own entry points.

use std::path::PathBuf;

use csp_core::input::{amount, date, id, seats, AmountKind};
use serde_json::Value;

fn load() -> Value {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/vectors/edges/values.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn kind(name: &str) -> AmountKind {
    match name {
        "price" => AmountKind::Price,
        "percent" => AmountKind::Percent,
        "tax_rate" => AmountKind::TaxRate,
        "exact" => AmountKind::Exact,
        other => panic!("unknown kind {other}"),
    }
}

/// `Ok(text of the value)` or `Err(code)`, against the case's `value` or `error`.
fn check(case: &Value, got: Result<String, csp_core::Error>) {
    match (&case["value"], &case["error"], got) {
        (Value::String(want), _, Ok(v)) => assert_eq!(&v, want, "{case}"),
        (Value::Number(want), _, Ok(v)) => assert_eq!(v, want.to_string(), "{case}"),
        (_, Value::String(code), Err(e)) => {
            assert_eq!(e.code(), code, "{case}: {e}");
            // Every refusal says what was expected.
            assert!(e.to_string().contains("expected"), "{case}: {e}");
        }
        (_, _, got) => panic!("{case}: got {got:?}"),
    }
}

#[test]
fn amounts() {
    let v = load();
    let cases = v["amounts"].as_array().unwrap();
    assert!(cases.len() >= 30);
    for case in cases {
        let text = case["text"].as_str().unwrap();
        check(
            case,
            amount(text, kind(case["kind"].as_str().unwrap())).map(|d| d.to_string()),
        );
    }
}

#[test]
fn dates() {
    let v = load();
    for case in v["dates"].as_array().unwrap() {
        let text = case["text"].as_str().unwrap();
        check(case, date(text).map(|d| d.to_string()));
    }
}

#[test]
fn seat_counts_the_core_can_receive() {
    let v = load();
    let mut tried = 0;
    for case in v["seats"].as_array().unwrap() {
        // Rust receives integers; fractions, NaN and strings are refused by the bindings'
        // readers before they reach the core (checked in Python and JavaScript).
        let Some(n) = case["value"].as_i64() else {
            continue;
        };
        tried += 1;
        let got = seats(n).map(|q| q.to_string());
        match (&case["seats"], got) {
            (Value::Number(want), Ok(q)) => assert_eq!(q, want.to_string(), "{case}"),
            (Value::Null, Err(e)) => {
                assert_eq!(e.code(), case["error"].as_str().unwrap(), "{case}")
            }
            (_, got) => panic!("{case}: got {got:?}"),
        }
    }
    assert!(tried >= 8);
}

#[test]
fn ids() {
    let v = load();
    for case in v["ids"].as_array().unwrap() {
        let text = case["text"].as_str().unwrap();
        check(case, id(text, "id").map(str::to_string));
    }
}
