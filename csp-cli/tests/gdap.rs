//! End-to-end tests of `csp gdap timeline` and `csp gdap check` on
//! `testdata/gdap/example.json`. Expected values are derived by hand from SPEC-NCE §18:
//! `rel-helpdesk` is P90D approved 2025-01-01T00:00Z with P180D (end 2025-04-01, extended to
//! 2025-09-28, auto-extend off from 2025-05-01); `rel-admin` is P1Y approved
//! 2024-02-29T10:00Z (end 2025-02-28T10:00Z), terminated 2024-12-31T17:00Z; contoso's DAP
//! grant is removed at 2025-06-01T00:00Z.

mod common;

use common::{assert_fails, csp, csp_json, csp_ok};

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/gdap/example.json");

#[test]
fn timeline_json_as_of_an_instant() {
    let v = csp_json(&[
        "gdap",
        "timeline",
        FILE,
        "--as-of",
        "2025-05-02T00:00:00Z",
        "--format",
        "json",
    ]);
    assert_eq!(v["as_of"], "2025-05-02T00:00:00Z");
    let helpdesk = &v["relationships"][0];
    assert_eq!(helpdesk["id"], "rel-helpdesk");
    assert_eq!(helpdesk["status"], "active");
    assert_eq!(helpdesk["end_at"], "2025-09-28T00:00:00Z");
    assert_eq!(helpdesk["extensions"][0], "2025-04-01T00:00:00Z");
    assert_eq!(helpdesk["auto_extend"], "PT0S");
    // created 2024-12-20T09:00Z + 90 days = 2025-03-20T09:00Z (11 + 31 + 28 + 20 days).
    assert_eq!(helpdesk["request_expires_at"], "2025-03-20T09:00:00Z");
    let admin = &v["relationships"][1];
    assert_eq!(admin["status"], "terminated");
    assert_eq!(admin["end_at"], "2025-02-28T10:00:00Z");
    assert_eq!(admin["active"]["until"], "2024-12-31T17:00:00Z");
}

#[test]
fn timeline_notices_once_auto_extend_is_off() {
    // End 2025-09-28T00:00Z without auto-extend: notices 08-29, 09-21, 09-27 and 09-28.
    let v = csp_json(&[
        "gdap",
        "timeline",
        FILE,
        "--as-of",
        "2025-09-28",
        "--format",
        "json",
    ]);
    let helpdesk = &v["relationships"][0];
    assert_eq!(helpdesk["status"], "expired");
    assert_eq!(
        helpdesk["notices_due"],
        serde_json::json!([
            "2025-08-29T00:00:00Z",
            "2025-09-21T00:00:00Z",
            "2025-09-27T00:00:00Z",
            "2025-09-28T00:00:00Z"
        ])
    );
}

#[test]
fn timeline_table_and_csv() {
    let text = csp_ok(&["gdap", "timeline", FILE, "--as-of", "2025-05-02"]);
    assert!(text.contains("rel-helpdesk (Helpdesk)"), "{text}");
    assert!(
        text.contains("auto-extended at    2025-04-01T00:00:00Z"),
        "{text}"
    );
    let csv = csp_ok(&[
        "gdap",
        "timeline",
        FILE,
        "--as-of",
        "2025-05-02",
        "--format",
        "csv",
    ]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[0].starts_with("id,partner,customer,status"), "{csv}");
    assert!(
        lines[2].starts_with("rel-admin,contoso,fabrikam,terminated"),
        "{csv}"
    );
}

fn decision(user: &str, action: &str, at: &str) -> (bool, String) {
    let v = csp_json(&[
        "gdap", "check", FILE, "--user", user, "--action", action, "--at", at, "--format", "json",
    ]);
    (
        v["decision"]["allowed"].as_bool().expect("allowed"),
        v["decision"]["rule"].as_str().expect("rule").to_string(),
    )
}

#[test]
fn check_gdap_then_dap_then_deny() {
    let d = |allowed: bool, rule: &str| (allowed, rule.to_string());
    assert_eq!(
        decision("ann", "reset_user_password", "2025-02-01T00:00:00Z"),
        d(true, "gdap_role_grants")
    );
    assert_eq!(
        decision("ann", "configure_exchange_online", "2025-02-01T00:00:00Z"),
        d(false, "gdap_precedence")
    );
    // rel-helpdesk is approved and assigned at 2025-01-01T00:00Z: GDAP from that instant.
    assert_eq!(
        decision("ann", "configure_exchange_online", "2025-01-01T00:00:00Z"),
        d(false, "gdap_precedence")
    );
    // The hour before: rel-admin was terminated at 17:00, no assignment: DAP decides.
    assert_eq!(
        decision("ann", "configure_exchange_online", "2024-12-31T23:00:00Z"),
        d(true, "delegated_admin_configures_services")
    );
    // After 2025-09-28 and the DAP removal: nothing.
    assert_eq!(
        decision("ann", "read_directory", "2025-10-01"),
        d(false, "default_deny")
    );
    assert_eq!(
        decision("bob", "reset_user_password", "2025-02-01"),
        d(true, "dap_role_equivalent")
    );
}

#[test]
fn check_refusals() {
    let out = csp(&[
        "gdap",
        "check",
        FILE,
        "--user",
        "zed",
        "--action",
        "read_directory",
        "--at",
        "2025-01-01",
    ]);
    assert_fails(&out, 2, "invalid_input");
    let out = csp(&[
        "gdap",
        "check",
        FILE,
        "--user",
        "ann",
        "--action",
        "add_seats",
        "--at",
        "2025-01-01",
    ]);
    assert_fails(&out, 2, "invalid_input");
    let out = csp(&[
        "gdap",
        "check",
        FILE,
        "--user",
        "ann",
        "--action",
        "read_directory",
        "--at",
        "2025-01-01T00:00:00",
    ]);
    assert_fails(&out, 2, "invalid_input");
}
