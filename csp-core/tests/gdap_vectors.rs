//! The language-neutral GDAP vectors in `testdata/vectors/gdap.json` (SPEC-NCE §18), checked
//! against the Rust core. Expected outcomes were derived by hand from the spec; the Python and
//! JavaScript bindings read the same file.

use std::path::PathBuf;

use csp_core::gdap::{GdapAction, GdapDocument};
use csp_core::input::{date, instant};
use serde_json::Value;

fn load(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata/vectors")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("missing string {key:?} in {v}"))
}

/// Checks one case, returning its disagreements.
fn check(case: &Value) -> Vec<String> {
    let why = text(case, "_comment");
    let mut failures = Vec::new();
    let document = case["document"].to_string();
    let doc = match (GdapDocument::from_json(&document), case.get("expect_error")) {
        (Err(e), Some(code)) => {
            if e.code() != code.as_str().unwrap_or_default() {
                failures.push(format!("{why}: expected {code}, got {} ({e})", e.code()));
            }
            return failures;
        }
        (Ok(_), Some(code)) => return vec![format!("{why}: expected {code}, got a document")],
        (Err(e), None) => return vec![format!("{why}: refused: {} {e}", e.code())],
        (Ok(doc), None) => doc,
    };
    let relationship = |id: &str| {
        doc.relationships
            .iter()
            .find(|r| r.id() == id)
            .unwrap_or_else(|| panic!("{why}: no relationship {id}"))
    };
    for q in case["timeline"].as_array().into_iter().flatten() {
        let as_of = instant(text(q, "as_of")).expect("as_of");
        let got = relationship(text(q, "relationship"))
            .timeline(as_of)
            .expect("timeline");
        let got = serde_json::to_value(&got).expect("serialisable");
        for (key, want) in q["expect"].as_object().expect("expect") {
            if got.get(key) != Some(want) {
                failures.push(format!(
                    "{why}: timeline as of {as_of} field {key}: expected {want}, got {}",
                    got.get(key).unwrap_or(&Value::Null)
                ));
            }
        }
    }
    for q in case["access_days"].as_array().into_iter().flatten() {
        let (from, to) = (
            date(text(q, "from")).expect("from"),
            date(text(q, "to")).expect("to"),
        );
        let got = relationship(text(q, "relationship"))
            .access_days(from, to)
            .expect("access_days")
            .map(|p| vec![p.first().to_string(), p.last().to_string()]);
        let got = serde_json::to_value(got).expect("serialisable");
        if got != q["expect"] {
            failures.push(format!(
                "{why}: access days {from}..{to}: expected {}, got {got}",
                q["expect"]
            ));
        }
    }
    for q in case["decide"].as_array().into_iter().flatten() {
        let action: GdapAction = text(q, "action").parse().expect("action");
        let at = instant(text(q, "at")).expect("at");
        let d = doc
            .decide(text(q, "user"), action, text(q, "customer"), at)
            .expect("decide");
        let want = (
            q["expect"]["allowed"].as_bool().expect("allowed"),
            text(&q["expect"], "rule"),
        );
        if (d.allowed, d.rule) != want {
            failures.push(format!(
                "{why} / {}: expected {want:?}, got ({}, {}) {}",
                text(q, "_comment"),
                d.allowed,
                d.rule,
                d.reason
            ));
        }
    }
    failures
}

/// Every case, checked; the failures are collected so that one run reports them all.
#[test]
fn gdap_vectors() {
    let v = load("gdap.json");
    let all = v["cases"].as_array().expect("cases");
    assert!(all.len() >= 60, "{} cases", all.len());
    let failures: Vec<String> = all.iter().flat_map(check).collect();
    assert!(
        failures.is_empty(),
        "{} GDAP vectors disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every error code of SPEC-NCE §19.2's gdap family has a vector.
#[test]
fn every_gdap_code_has_a_vector() {
    let v = load("gdap.json");
    let all = v["cases"].as_array().expect("cases");
    for code in csp_core::ALL_CODES
        .iter()
        .filter(|c| c.starts_with("gdap_"))
    {
        assert!(
            all.iter().any(|c| c["expect_error"] == *code),
            "no vector for {code}"
        );
    }
}
