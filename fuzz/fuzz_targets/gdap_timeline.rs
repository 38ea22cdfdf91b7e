//! `GdapDocument::from_json` on arbitrary text and on mutated valid documents
//! (`testdata/gdap/example.json`), then every relationship's timeline and the decisions of
//! every user on what parses (SPEC-NCE §18).
//!
//! Oracle: no panic; every error has a code in `ALL_CODES`; a relationship is active at an
//! instant iff the instant is in its active interval as known then; Global Administrator is
//! never held with auto-extend on; the end is `activated_at + duration + 180 days × the
//! extensions`; a decision allowed by a GDAP role falls in an active relationship's interval.
//! Probes stay within ten years of the document's instants, so auto-extension loops are short.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use chrono::{DateTime, Duration, Utc};
use csp_core::gdap::{AutoExtend, GdapAction, GdapDocument, GdapRole, GDAP_ROLE_GRANTS};
use csp_fuzz::{check_error, pick};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const BASE: &str = include_str!("../../testdata/gdap/example.json");

/// Values a mutation writes into the tree.
const STRINGS: &[&str] = &[
    "2024-02-29T10:00:00Z",
    "2025-01-01T00:00:00Z",
    "2025-03-31T23:59:59Z",
    "2025-04-01T00:00:00Z",
    "2025-04-01",
    "2026-02-28T10:00:00Z",
    "9999-12-31T23:59:59Z",
    "2000-01-01T00:00:00Z",
    "2025-01-01T00:00:00",
    "P1D",
    "P730D",
    "P731D",
    "P1Y",
    "P2Y",
    "P2Y1D",
    "P0D",
    "PT0S",
    "P180D",
    "global_administrator",
    "helpdesk_administrator",
    "user_administrator",
    "customer:global_admin",
    "csp:admin_agent",
    "csp:sales_agent",
    "approve",
    "terminate",
    "set_roles",
    "set_auto_extend",
    "assign",
    "unassign",
    "helpdesk",
    "",
];

#[derive(Arbitrary, Debug)]
struct Mutation {
    path: Vec<u8>,
    value: u8,
}

fn mutate(v: &mut Value, path: &[u8], value: &str) {
    match (v, path.split_first()) {
        (Value::Object(map), Some((i, rest))) if !map.is_empty() => {
            let key = map.keys().nth(usize::from(*i) % map.len()).cloned();
            if let Some(child) = key.and_then(|k| map.get_mut(&k)) {
                mutate(child, rest, value);
            }
        }
        (Value::Array(items), Some((i, rest))) if !items.is_empty() => {
            let n = items.len();
            if rest.is_empty() && *i % 5 == 0 {
                // Duplicate an element (an event twice, a second relationship of that id).
                let copy = items[usize::from(*i) % n].clone();
                items.push(copy);
            } else {
                mutate(&mut items[usize::from(*i) % n], rest, value);
            }
        }
        (leaf, _) => *leaf = Value::String(value.to_string()),
    }
}

fn check(doc: &GdapDocument, probes: &[u32]) {
    for rel in &doc.relationships {
        let created = rel.request().created_at;
        let mut instants: Vec<DateTime<Utc>> = probes
            .iter()
            .map(|h| created + Duration::hours(i64::from(*h % 87_600)))
            .collect();
        instants.extend(rel.events().iter().map(|e| e.at));
        for at in instants {
            let state = match rel.state_at(at) {
                Ok(s) => s,
                Err(e) => {
                    check_error(&e);
                    continue;
                }
            };
            let active = rel.is_active_at(at).expect("replayed once");
            let interval = rel.active_interval(at).expect("replayed once");
            assert_eq!(
                active,
                interval.is_some_and(|i| i.from <= at && at < i.until),
                "active at {at} vs {interval:?}"
            );
            let timeline = rel.timeline(at).expect("replayed once");
            assert_eq!(timeline.status, state.as_ref().map(|s| s.status));
            if let Some(s) = state {
                assert!(
                    !(s.auto_extend == AutoExtend::On
                        && s.roles.contains(&GdapRole::GlobalAdministrator)),
                    "Global Administrator with auto-extend"
                );
                if let (Some(from), Some(end)) = (s.activated_at, s.end_at) {
                    let n = i32::try_from(s.extensions.len()).expect("few");
                    let first = s.duration.end_at(from).expect("in range");
                    assert_eq!(end, first + Duration::days(180) * n);
                }
            }
        }
    }
    for user in &doc.users {
        for at in probes.iter().take(4) {
            let Some(rel) = doc.relationships.first() else {
                break;
            };
            let at = rel.request().created_at + Duration::hours(i64::from(*at % 87_600));
            for action in GdapAction::ALL {
                let d = doc
                    .decide(&user.id, *action, &rel.request().customer, at)
                    .expect("a known user");
                if d.rule == GDAP_ROLE_GRANTS {
                    assert!(d.allowed);
                    assert!(doc.relationships.iter().any(|r| r
                        .is_active_at(at)
                        .unwrap_or(false)));
                }
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let raw: bool = u.arbitrary().unwrap_or(false);
    let probes: Vec<u32> = u.arbitrary().unwrap_or_default();
    let text = if raw {
        String::from_utf8_lossy(u.take_rest()).into_owned()
    } else {
        let mut v: Value = serde_json::from_str(BASE).expect("the base document");
        let mutations: Vec<Mutation> = u.arbitrary().unwrap_or_default();
        for m in mutations.iter().take(6) {
            mutate(&mut v, &m.path, pick(STRINGS, m.value));
        }
        v.to_string()
    };
    match GdapDocument::from_json(&text) {
        Ok(doc) => check(&doc, &probes[..probes.len().min(16)]),
        Err(e) => check_error(&e),
    }
});
