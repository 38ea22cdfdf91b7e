//! The shared proration, agreement, access and GDAP decision vectors through the exported functions,
//! inside wasm under Node (wasm-bindgen-test). On the native target this file runs nothing.
#![cfg(target_arch = "wasm32")]

use js_sys::{Reflect, JSON};
use serde_json::Value;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn js(v: &Value) -> JsValue {
    JSON::parse(&v.to_string()).expect("valid JSON")
}

fn get(v: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(v.clone(), |o, k| {
        Reflect::get(&o, &JsValue::from_str(k)).expect("property")
    })
}

fn text(v: &JsValue, path: &[&str]) -> Option<String> {
    get(v, path).as_string()
}

fn cases(name: &str) -> Vec<Value> {
    let text = match name {
        "proration" => include_str!("../../testdata/vectors/proration.json"),
        "agreement" => include_str!("../../testdata/vectors/agreement.json"),
        "gdap" => include_str!("../../testdata/vectors/gdap.json"),
        _ => include_str!("../../testdata/vectors/access.json"),
    };
    let v: Value = serde_json::from_str(text).expect("vectors");
    v["cases"].as_array().cloned().unwrap_or_default()
}

#[wasm_bindgen_test]
fn proration_vectors() {
    let all = cases("proration");
    assert!(all.len() >= 15);
    for c in all {
        let why = c["_comment"].as_str().unwrap_or_default();
        let mut input = serde_json::Map::new();
        for k in [
            "currency",
            "period_price",
            "quantity",
            "days_billed",
            "days_in_period",
            "policy",
        ] {
            input.insert(k.to_string(), c[k].clone());
        }
        let got = csp_wasm::prorate(js(&Value::Object(input)));
        match c["expect"]["error"].as_str() {
            Some(code) => {
                let e = got.expect_err(why);
                assert_eq!(text(&e, &["name"]).as_deref(), Some("CspError"), "{why}");
                assert_eq!(text(&e, &["code"]).as_deref(), Some(code), "{why}");
            }
            None => {
                let p = got.unwrap_or_else(|_| panic!("{why}"));
                assert_eq!(
                    text(&p, &["amount", "amount"]).as_deref(),
                    c["expect"]["amount"].as_str(),
                    "{why}"
                );
                assert_eq!(
                    text(&p, &["unit"]).as_deref(),
                    c["expect"]["unit"].as_str(),
                    "{why}"
                );
                assert_eq!(
                    text(&p, &["daily_rate"]).as_deref(),
                    c["expect"]["daily_rate"].as_str(),
                    "{why}"
                );
            }
        }
    }
}

#[wasm_bindgen_test]
fn agreement_vectors() {
    for c in cases("agreement") {
        let why = c["_comment"].as_str().unwrap_or_default();
        let base = serde_json::json!({"signed_on": c["signed_on"], "kind": c["kind"], "notices": c["notices"]});
        if let Some(code) = c["expect_error"]["code"].as_str() {
            let e = csp_wasm::agreement_status(js(&base)).expect_err(why);
            assert_eq!(text(&e, &["code"]).as_deref(), Some(code), "{why}");
            continue;
        }
        for q in c["queries"].as_array().cloned().unwrap_or_default() {
            let mut input = base.clone();
            input["on"] = q["on"].clone();
            let s = csp_wasm::agreement_status(js(&input)).unwrap_or_else(|_| panic!("{why}"));
            assert_eq!(
                text(&s, &["next_renewal"]).as_deref(),
                q["next_renewal"].as_str(),
                "{why}"
            );
            assert_eq!(
                text(&s, &["notice_deadline"]).as_deref(),
                q["notice_deadline"].as_str(),
                "{why}"
            );
            assert_eq!(
                text(&s, &["end_date"]).as_deref(),
                c["end_date"].as_str(),
                "{why}"
            );
            assert_eq!(
                get(&s, &["in_force"]).as_bool(),
                q["in_force"].as_bool(),
                "{why}"
            );
        }
    }
}

#[wasm_bindgen_test]
fn access_vectors() {
    let all = cases("access");
    assert!(all.len() >= 90);
    for c in all {
        let why = c["_comment"].as_str().unwrap_or_default();
        let input = serde_json::json!({"actor": c["actor"], "action": c["action"],
            "relationship": c["relationship"], "program": c["program"]});
        let d = csp_wasm::authorize(js(&input)).unwrap_or_else(|_| panic!("{why}"));
        assert_eq!(
            get(&d, &["allowed"]).as_bool(),
            c["expect"]["allowed"].as_bool(),
            "{why}"
        );
        assert_eq!(
            text(&d, &["rule"]).as_deref(),
            c["expect"]["rule"].as_str(),
            "{why}"
        );
    }
}

#[wasm_bindgen_test]
fn gdap_decision_and_refusal_vectors() {
    let all = cases("gdap");
    assert!(all.len() >= 60);
    let mut decisions = 0;
    for c in all {
        let why = c["_comment"].as_str().unwrap_or_default();
        let doc = js(&c["document"]);
        if let Some(code) = c["expect_error"].as_str() {
            let e = csp_wasm::gdap_timeline(doc, JsValue::from_str("2025-01-01")).expect_err(why);
            assert_eq!(text(&e, &["code"]).as_deref(), Some(code), "{why}");
            continue;
        }
        for q in c["decide"].as_array().into_iter().flatten() {
            let s = |k: &str| JsValue::from_str(q[k].as_str().unwrap_or_default());
            let d =
                csp_wasm::gdap_decide(doc.clone(), s("user"), s("action"), s("customer"), s("at"))
                    .unwrap_or_else(|_| panic!("{why}"));
            assert_eq!(
                get(&d, &["allowed"]).as_bool(),
                q["expect"]["allowed"].as_bool(),
                "{why}"
            );
            assert_eq!(
                text(&d, &["rule"]).as_deref(),
                q["expect"]["rule"].as_str(),
                "{why}"
            );
            decisions += 1;
        }
    }
    assert!(decisions >= 20, "{decisions} decisions");
}
