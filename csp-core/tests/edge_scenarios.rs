//! `testdata/vectors/edges/scenarios.json`: scenario documents with one bad (or unusual but
//! valid) input each (issue 15), read, replayed and billed by the core. The Python and
//! JavaScript bindings read the same file.

use std::path::PathBuf;

use csp_core::calendar::{parse_date, YearMonth};
use csp_core::money::Money;
use csp_core::scenario::Scenario;
use csp_core::Error;
use serde_json::Value;

fn load() -> Value {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/vectors/edges/scenarios.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The base document with the case's `set` applied.
fn document(base: &Value, case: &Value) -> String {
    let mut doc = base.clone();
    for op in case["set"].as_array().unwrap() {
        let (path, value) = (op[0].as_array().unwrap(), &op[1]);
        let mut at = &mut doc;
        for key in path {
            at = match key {
                Value::String(k) => &mut at[k.as_str()],
                Value::Number(i) => &mut at[usize::try_from(i.as_u64().unwrap()).unwrap()],
                other => panic!("bad path element {other}"),
            };
        }
        *at = value.clone();
    }
    doc.to_string()
}

fn run(case: &Value, text: &str) -> Result<(String, String), Error> {
    let scenario = Scenario::from_json(text)?;
    if case["op"] == "read" {
        return Ok((String::new(), String::new()));
    }
    let as_of = parse_date("2016-03-31")?;
    let lines = scenario.charges(Some(as_of))?;
    let charges = Money::sum(
        scenario.currency,
        &lines.iter().map(|l| l.amount).collect::<Vec<_>>(),
    )?;
    let month: YearMonth = "2016-04".parse()?;
    let run = scenario.bill(month, &[], 1).map_err(|r| r.error)?;
    let invoices: Vec<Money> = run.bills.iter().map(|b| b.invoice.total).collect();
    let bill = Money::sum(scenario.currency, &invoices)?;
    Ok((charges.amount().to_string(), bill.amount().to_string()))
}

#[test]
fn every_case() {
    let v = load();
    let cases = v["cases"].as_array().unwrap();
    assert!(cases.len() >= 30);
    let (mut refused, mut accepted) = (0, 0);
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let got = run(case, &document(&v["base"], case));
        let outcome = std::panic::catch_unwind(|| check(case, name, got));
        match outcome {
            Ok(true) => refused += 1,
            Ok(false) => accepted += 1,
            Err(_) => failures.push(name),
        }
    }
    assert!(failures.is_empty(), "failed: {failures:?}");
    assert!(
        refused >= 20 && accepted >= 5,
        "{refused} refused, {accepted} accepted"
    );
}

/// Checks one case's outcome; `true` when it was (rightly) refused.
fn check(case: &Value, name: &str, got: Result<(String, String), Error>) -> bool {
    match (&case["error"], got) {
        (Value::String(code), Err(e)) => {
            assert_eq!(e.code(), code, "{name}: {e}");
            if let Some(path) = case["path"].as_str() {
                let context = e.context();
                let at = context
                    .iter()
                    .find(|(k, _)| *k == "path")
                    .map(|(_, v)| v.as_str());
                assert_eq!(at, Some(path), "{name}: {e}");
            }
            if let Some(part) = case["message_contains"].as_str() {
                assert!(e.to_string().contains(part), "{name}: {e}");
            }
            true
        }
        (Value::Null, Ok((charges, bill))) => {
            if case["op"] == "bill" {
                assert_eq!(charges, case["charges_total"].as_str().unwrap(), "{name}");
                assert_eq!(bill, case["bill_total"].as_str().unwrap(), "{name}");
            }
            false
        }
        (_, got) => panic!("{name}: got {got:?}"),
    }
}
