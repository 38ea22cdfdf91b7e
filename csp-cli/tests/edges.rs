//! `testdata/vectors/edges/scenarios.json` through the `csp` binary (issue 15): every bad
//! input is refused with its code on stderr, exit status 2 and nothing on stdout; every
//! accepted one bills the hand-derived totals.

mod common;

use common::{assert_fails, csp, csp_json, TempDir};
use rust_decimal::Decimal;
use serde_json::Value;

fn vectors() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../testdata/vectors/edges/scenarios.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The base document with the case's `set` applied.
fn document(base: &Value, case: &Value) -> String {
    let mut doc = base.clone();
    for op in case["set"].as_array().unwrap() {
        let mut at = &mut doc;
        for key in op[0].as_array().unwrap() {
            at = match key {
                Value::String(k) => &mut at[k.as_str()],
                Value::Number(i) => &mut at[usize::try_from(i.as_u64().unwrap()).unwrap()],
                other => panic!("bad path element {other}"),
            };
        }
        *at = op[1].clone();
    }
    doc.to_string()
}

fn sum(values: impl Iterator<Item = Decimal>) -> String {
    values.sum::<Decimal>().to_string()
}

fn amount(v: &Value) -> Decimal {
    v["amount"].as_str().unwrap().parse().unwrap()
}

#[test]
fn every_scenario_case() {
    let v = vectors();
    let dir = TempDir::new("edges");
    let (mut refused, mut accepted) = (0, 0);
    for (i, case) in v["cases"].as_array().unwrap().iter().enumerate() {
        let name = case["name"].as_str().unwrap();
        let file = dir.write(&format!("case-{i}.json"), &document(&v["base"], case));
        let file = file.as_str();
        match case["error"].as_str() {
            Some(code) => {
                refused += 1;
                let out = csp(&["bill", file, "--month", "2016-04"]);
                let err = assert_fails(&out, 2, code);
                if let Some(part) = case["message_contains"].as_str() {
                    assert!(err.contains(part), "{name}: {err}");
                }
            }
            None => {
                accepted += 1;
                let charges =
                    csp_json(&["charges", file, "--as-of", "2016-03-31", "--format", "json"]);
                let lines = charges["lines"].as_array().unwrap();
                let total = sum(lines.iter().map(|l| amount(&l["amount"])));
                assert_eq!(total, case["charges_total"].as_str().unwrap(), "{name}");
                let run = csp_json(&["bill", file, "--month", "2016-04", "--format", "json"]);
                let bills = run["bills"].as_array().unwrap();
                let total = sum(bills.iter().map(|b| amount(&b["invoice"]["total"])));
                assert_eq!(total, case["bill_total"].as_str().unwrap(), "{name}");
            }
        }
    }
    assert!(
        refused >= 20 && accepted >= 5,
        "{refused} refused, {accepted} accepted"
    );
}
