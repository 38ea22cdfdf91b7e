//! The language-neutral access vectors in `testdata/vectors/access.json`, checked against the
//! Rust core. Expected decisions were written by hand from SPEC §7 and, for the extensions,
//! from csp-rules §7.1/§7.3 as the access module's docs describe them, and for the two-tier
//! channel from SPEC-NCE §17.1/§17.4 (pinned P26); the Python and JavaScript bindings read
//! the same file.

use std::path::PathBuf;

use csp_core::access::{authorize, Action, Actor, Relationship, RULES};
use csp_core::program::Program;
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

fn flag(v: &Value, key: &str, why: &str) -> bool {
    v[key]
        .as_bool()
        .unwrap_or_else(|| panic!("{why}: missing boolean {key:?} in {v}"))
}

/// Every case, checked; the failures are collected so that one run reports them all.
#[test]
fn access_vectors() {
    let v = load("access.json");
    let all = v["cases"].as_array().expect("cases");
    assert!(all.len() >= 90, "{} cases", all.len());
    // The two-tier channel (SPEC-NCE §17.4): providers and resellers are covered.
    let of_kind = |kind: &str| {
        all.iter()
            .filter(|c| c["actor"].as_str().is_some_and(|a| a.starts_with(kind)))
            .count()
    };
    assert!(of_kind("indirect_provider:") >= 15 && of_kind("indirect_reseller:") >= 15);
    let mut failures = Vec::new();
    for case in all {
        let why = text(case, "_comment");
        let actor: Actor = text(case, "actor")
            .parse()
            .unwrap_or_else(|e| panic!("{why}: actor: {e}"));
        let action: Action = text(case, "action")
            .parse()
            .unwrap_or_else(|e| panic!("{why}: action: {e}"));
        let rel = &case["relationship"];
        let rel = Relationship {
            delegated_admin: flag(rel, "delegated_admin", why),
            csp_partner: flag(rel, "csp_partner", why),
        };
        let program = Program {
            customer_may_remove_csp_delegated_admin: flag(
                &case["program"],
                "customer_may_remove_csp_delegated_admin",
                why,
            ),
            ..Program::legacy_2015()
        };
        let expect = &case["expect"];
        let (allowed, rule) = (flag(expect, "allowed", why), text(expect, "rule"));
        assert!(
            rule == "default_deny" || RULES.iter().any(|r| r.name == rule),
            "{why}: unknown rule {rule:?}"
        );
        let d = authorize(&actor, action, rel, &program);
        if (d.allowed, d.rule) != (allowed, rule) {
            failures.push(format!(
                "{why}\n    {actor} {action} {rel:?} program flag {}: expected allowed={allowed} rule={rule}, got allowed={} rule={}",
                program.customer_may_remove_csp_delegated_admin, d.allowed, d.rule
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} access vectors disagree:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}
