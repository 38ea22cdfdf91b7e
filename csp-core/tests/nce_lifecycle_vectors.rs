//! The NCE lifecycle vectors of `testdata/vectors/nce/lifecycle.json` (SPEC-NCE §13, E9, E10
//! and hand-derived cases), each a version-2 scenario read by [`NceScenario::from_json`] and
//! replayed once per convention of each outcome. Python (csp-py/tests/test_nce_lifecycle.py)
//! and JavaScript (csp-wasm/tests/node/nce_lifecycle_vectors.test.mjs) read the same file.

use std::collections::BTreeMap;
use std::path::PathBuf;

use csp_core::charges::{NceLine, NceReplay};
use csp_core::ids::SubscriptionId;
use csp_core::money::nce::LineConvention;
use csp_core::scenario::nce::NceScenario;
use csp_core::subscription::nce::{instant_text, NceStatus, NceSubscription};
use serde_json::{Map, Value};

fn load() -> Value {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/vectors/nce/lifecycle.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("missing string {key:?} in {v}"))
}

/// A line as the file writes it: `NceLine::FIELDS` with their texts, `billable_quantity` a
/// number.
fn line_value(line: &NceLine, convention: LineConvention) -> Map<String, Value> {
    NceLine::FIELDS
        .iter()
        .zip(line.texts(convention))
        .map(|(&name, t)| {
            let v = match name {
                "billable_quantity" => Value::from(line.billable_quantity),
                _ => Value::from(t),
            };
            (name.to_string(), v)
        })
        .collect()
}

/// A subscription's state in the file's shape.
fn state_value(s: &NceSubscription) -> Map<String, Value> {
    let (since, deleted_on) = match s.status {
        NceStatus::Active => (None, None),
        NceStatus::Suspended { since } => (Some(instant_text(since)), None),
        NceStatus::Expired { since } => (Some(since.to_string()), None),
        NceStatus::Disabled { since, deleted_on } => {
            (Some(since.to_string()), Some(deleted_on.to_string()))
        }
        NceStatus::Deleted { on } => (Some(on.to_string()), None),
        NceStatus::Stopped { on, .. } => (Some(on.to_string()), None),
    };
    let period = s.term.period();
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        m.insert(k.to_string(), v);
    };
    put("id", Value::from(s.id.to_string()));
    put("status", Value::from(s.status.name()));
    put("quantity", Value::from(s.quantity));
    put("auto_renew", Value::from(s.auto_renew));
    put("term_start", Value::from(period.first().to_string()));
    put("term_end", Value::from(period.last().to_string()));
    put("offer", Value::from(s.offer.to_string()));
    put("term_duration", Value::from(s.term_duration.to_string()));
    put("plan", Value::from(s.plan.to_string()));
    put(
        "cancellable_until",
        s.cancellable_until.map(instant_text).into(),
    );
    put("since", since.into());
    put("deleted_on", deleted_on.into());
    m
}

/// The fields `want` names, taken from `got` (a missing one is `null`, so it fails).
fn pick(got: &Map<String, Value>, want: &Value) -> Value {
    let keys = want.as_object().expect("an object");
    Value::Object(
        keys.keys()
            .map(|k| (k.clone(), got.get(k).cloned().unwrap_or(Value::Null)))
            .collect(),
    )
}

fn check_replay(why: &str, replay: &NceReplay, convention: LineConvention, outcome: &Value) {
    let want_lines = outcome["lines"].as_array().expect("lines");
    let got: Vec<Value> = replay
        .lines
        .iter()
        .zip(want_lines)
        .map(|(l, w)| pick(&line_value(l, convention), w))
        .collect();
    assert_eq!(
        replay.lines.len(),
        want_lines.len(),
        "{why}: line count; got {:#?}",
        replay
            .lines
            .iter()
            .map(|l| line_value(l, convention))
            .collect::<Vec<_>>()
    );
    for (i, (g, w)) in got.iter().zip(want_lines).enumerate() {
        assert_eq!(g, w, "{why}: line {i}");
    }
    for want in outcome["subscriptions"].as_array().into_iter().flatten() {
        let id = SubscriptionId::new(text(want, "id"));
        let sub = replay
            .subscriptions
            .get(&id)
            .unwrap_or_else(|| panic!("{why}: no subscription {id}"));
        assert_eq!(&pick(&state_value(sub), want), want, "{why}: {id}");
    }
}

/// Runs every outcome of `case` under each of its conventions; returns the runs.
fn run_case(case: &Value) -> usize {
    let name = text(case, "name");
    let mut runs = 0;
    for outcome in case["outcomes"].as_array().expect("outcomes") {
        for c in outcome["conventions"].as_array().expect("conventions") {
            let c = c.as_str().expect("a convention");
            let convention: LineConvention = c.parse().expect("a convention name");
            let mut doc = case["scenario"].clone();
            doc["convention"] = Value::from(c);
            let why = format!("{name} [{c}]");
            let scenario =
                NceScenario::from_json(&doc.to_string()).unwrap_or_else(|e| panic!("{why}: {e}"));
            assert_eq!(scenario.convention, convention, "{why}");
            let got = scenario.replay(None);
            match outcome.get("refusal") {
                Some(want) => {
                    let r = got.err().unwrap_or_else(|| panic!("{why}: accepted"));
                    assert_eq!(r.error.code(), text(want, "code"), "{why}: {r}");
                    assert_eq!(
                        r.index.map(|i| i as u64),
                        want["event_index"].as_u64(),
                        "{why}: {r}"
                    );
                }
                None => {
                    let replay = got.unwrap_or_else(|r| panic!("{why}: refused: {r}"));
                    check_replay(&why, &replay, convention, outcome);
                }
            }
            runs += 1;
        }
    }
    assert!(runs > 0, "{name}: no outcome");
    runs
}

#[test]
fn every_nce_lifecycle_vector() {
    let file = load();
    let cases = file["cases"].as_array().expect("cases");
    let mut names = BTreeMap::new();
    let (mut ran, mut runs) = (0u64, 0usize);
    for case in cases {
        assert!(
            names.insert(text(case, "name"), ()).is_none(),
            "duplicate name"
        );
        runs += run_case(case);
        ran += 1;
    }
    assert_eq!(Some(ran), file["count"].as_u64());
    assert_eq!(ran, 37);
    assert!(names.contains_key("E9") && names.contains_key("E10"));
    println!("nce lifecycle vectors: {ran} cases, {runs} replays");
}
