//! End-to-end tests of `csp access matrix` and `csp access check`. Expected decisions come
//! from SPEC §7 (the table and its bullets), not from running the code.

mod common;

use common::{assert_fails, csp, csp_json, csp_ok};
use serde_json::Value;

/// `csp access check … --format json`: the decision's (allowed, rule).
fn check(args: &[&str]) -> (bool, String) {
    let mut all = vec!["access", "check", "--format", "json"];
    all.extend_from_slice(args);
    let v = csp_json(&all);
    let d = &v["decision"];
    (
        d["allowed"].as_bool().expect("allowed"),
        d["rule"].as_str().expect("rule").to_string(),
    )
}

fn rule(allowed: bool, rule: &str) -> (bool, String) {
    (allowed, rule.to_string())
}

#[test]
fn matrix_json_has_every_profile_and_action() {
    let v = csp_json(&["access", "matrix", "--format", "json"]);
    let cells = v["cells"].as_array().expect("cells");
    assert_eq!(cells.len(), 10 * 18);
    let distinct = |key: &str| {
        let mut seen: Vec<&Value> = Vec::new();
        for c in cells {
            if !seen.contains(&&c[key]) {
                seen.push(&c[key]);
            }
        }
        seen.len()
    };
    assert_eq!(distinct("profile"), 10);
    assert_eq!(distinct("action"), 18);
    // SPEC §7: the sales agent creates customer tenants, the customer's global admin cannot
    // remove its CSP partner's delegated admin.
    let cell = |profile: &str, action: &str| {
        cells
            .iter()
            .find(|c| c["profile"] == profile && c["action"] == action)
            .unwrap_or_else(|| panic!("no cell {profile} {action}"))
    };
    let sales = cell("csp_sales_agent", "create_customer_tenant");
    assert_eq!(sales["decision"]["allowed"], true);
    assert_eq!(sales["decision"]["rule"], "csp_agents_create_customers");
    let customer = cell("customer_global_admin", "remove_delegated_admin");
    assert_eq!(customer["decision"]["allowed"], false);
    assert_eq!(
        customer["decision"]["rule"],
        "csp_partner_delegated_admin_protected"
    );
    // Every rule a cell names is listed, with its effect, summary and source.
    let rules = v["rules"].as_array().expect("rules");
    for c in cells {
        let name = &c["decision"]["rule"];
        let r = rules
            .iter()
            .find(|r| &r["name"] == name)
            .unwrap_or_else(|| panic!("rule {name} not listed"));
        assert!(r["effect"] == "allow" || r["effect"] == "deny", "{r}");
        assert!(r["summary"].as_str().is_some_and(|s| !s.is_empty()), "{r}");
        assert!(r["source"].as_str().is_some_and(|s| !s.is_empty()), "{r}");
    }
    assert_eq!(v["program"]["name"], "legacy_2015");
    assert_eq!(
        v["program"]["customer_may_remove_csp_delegated_admin"],
        false
    );
}

#[test]
fn matrix_flag_lets_the_customer_remove_its_csp_partners_delegated_admin() {
    let v = csp_json(&[
        "access",
        "matrix",
        "--customer-may-remove-csp-delegated-admin",
        "--format",
        "json",
    ]);
    assert_eq!(
        v["program"]["customer_may_remove_csp_delegated_admin"],
        true
    );
    let cell = v["cells"]
        .as_array()
        .expect("cells")
        .iter()
        .find(|c| {
            c["profile"] == "customer_global_admin" && c["action"] == "remove_delegated_admin"
        })
        .expect("cell");
    assert_eq!(cell["decision"]["allowed"], true);
    assert_eq!(
        cell["decision"]["rule"],
        "customer_admin_removes_delegated_admin"
    );
}

#[test]
fn matrix_csv_is_long_form() {
    let text = csp_ok(&["access", "matrix", "--format", "csv"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "profile,actor,delegated_admin,csp_partner,action,allowed,rule,reason"
    );
    assert_eq!(lines.len(), 1 + 180);
    // SPEC §7 table: sales agent, configure services: no.
    assert!(
        lines.iter().any(|l| l.starts_with(
            "csp_sales_agent,csp:sales_agent,yes,yes,configure_exchange_online,no,default_deny,"
        )),
        "{text}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with(
            "advisor_admin_agent,advisor:admin_agent,yes,no,configure_exchange_online,yes,delegated_admin_configures_services,"
        )),
        "{text}"
    );
}

#[test]
fn matrix_table_has_a_row_per_action_and_a_legend() {
    let text = csp_ok(&["access", "matrix"]);
    assert!(text.starts_with("program: legacy_2015"), "{text}");
    // SPEC §7: admin agent and sales agent create customers; the customer and the advisor
    // do not. Columns follow the profile key below the matrix.
    let row = text
        .lines()
        .find(|l| l.starts_with("create_customer_tenant "))
        .expect("row");
    let cells: Vec<&str> = row.split_whitespace().skip(1).collect();
    assert_eq!(cells.len(), 10, "{row}");
    assert!(cells.iter().all(|c| *c == "yes" || *c == "no"), "{row}");
    let key = |profile: &str| {
        let line = text
            .lines()
            .find(|l| l.split_whitespace().nth(1) == Some(profile))
            .unwrap_or_else(|| panic!("{profile} not in the key: {text}"));
        let n: usize = line.split_whitespace().next().unwrap().parse().unwrap();
        cells[n - 1]
    };
    assert_eq!(key("csp_admin_agent"), "yes");
    assert_eq!(key("csp_sales_agent"), "yes");
    assert_eq!(key("customer_global_admin"), "no");
    assert_eq!(key("advisor_admin_agent"), "no");
    for action in [
        "configure_exchange_online",
        "view_invoices",
        "remove_delegated_admin",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(&format!("{action} "))),
            "{text}"
        );
    }
    // The legend names each rule that decided, with its effect and source.
    assert!(text.contains("\nrules\n"), "{text}");
    assert!(
        text.contains("  csp_partner_delegated_admin_protected (deny)\n"),
        "{text}"
    );
    assert!(text.contains("  default_deny (deny)\n"), "{text}");
    assert!(
        text.contains("    source: SPEC §7 first bullet\n"),
        "{text}"
    );
}

#[test]
fn sales_agent_may_not_configure_exchange() {
    // SPEC §7 table: configure services, sales agent: no (nothing allows it).
    assert_eq!(
        check(&[
            "--actor",
            "csp:sales_agent",
            "--action",
            "configure_exchange_online"
        ]),
        rule(false, "default_deny")
    );
    // A query: exit status 0 although not allowed, and the table says so.
    let text = csp_ok(&[
        "access",
        "check",
        "--actor",
        "csp:sales_agent",
        "--action",
        "configure_exchange_online",
    ]);
    assert!(text.contains("allowed          no\n"), "{text}");
    assert!(text.contains("rule             default_deny\n"), "{text}");
}

#[test]
fn customer_cannot_remove_its_csp_partners_delegated_admin_unless_the_program_allows() {
    let args = [
        "--actor",
        "customer:global_admin",
        "--action",
        "remove_delegated_admin",
    ];
    assert_eq!(
        check(&args),
        rule(false, "csp_partner_delegated_admin_protected")
    );
    let mut with_flag = args.to_vec();
    with_flag.push("--customer-may-remove-csp-delegated-admin");
    assert_eq!(
        check(&with_flag),
        rule(true, "customer_admin_removes_delegated_admin")
    );
    // SPEC §7 second bullet: the rule protects the CSP partner only; an advisor's delegated
    // admin may be removed.
    let mut advisor = args.to_vec();
    advisor.push("--not-csp-partner");
    assert_eq!(
        check(&advisor),
        rule(true, "customer_admin_removes_delegated_admin")
    );
}

#[test]
fn relationship_flags_reach_the_decision() {
    // SPEC §7 table: the admin agent configures services through delegated admin.
    let exchange = [
        "--actor",
        "csp:admin_agent",
        "--action",
        "configure_exchange_online",
    ];
    assert_eq!(
        check(&exchange),
        rule(true, "delegated_admin_configures_services")
    );
    let mut without = exchange.to_vec();
    without.push("--no-delegated-admin");
    assert_eq!(check(&without), rule(false, "default_deny"));
    // Subscriptions are the customer's CSP partner's only.
    assert_eq!(
        check(&[
            "--actor",
            "csp:admin_agent",
            "--action",
            "add_seats",
            "--not-csp-partner"
        ]),
        rule(false, "default_deny")
    );
}

#[test]
fn check_csv_is_one_row() {
    let text = csp_ok(&[
        "access",
        "check",
        "--actor",
        "csp:global_admin+admin_agent",
        "--action",
        "administer_partner_tenant",
        "--format",
        "csv",
    ]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert_eq!(
        lines[0],
        "actor,delegated_admin,csp_partner,action,allowed,rule,reason"
    );
    assert!(
        lines[1].starts_with(
            "csp:global_admin+admin_agent,yes,yes,administer_partner_tenant,yes,partner_global_admin_administers_own_tenant,"
        ),
        "{text}"
    );
}

#[test]
fn bad_arguments_exit_2_with_invalid_input() {
    let err = assert_fails(
        &csp(&[
            "access",
            "check",
            "--actor",
            "csp:janitor",
            "--action",
            "add_seats",
        ]),
        2,
        "invalid_input",
    );
    assert!(err.contains("janitor"), "{err}");
    assert_fails(
        &csp(&[
            "access",
            "check",
            "--actor",
            "nobody",
            "--action",
            "add_seats",
        ]),
        2,
        "invalid_input",
    );
    assert_fails(
        &csp(&[
            "access",
            "check",
            "--actor",
            "csp:admin_agent",
            "--action",
            "fly",
        ]),
        2,
        "invalid_input",
    );
    assert_fails(
        &csp(&["access", "matrix", "--program", "nce_2022"]),
        2,
        "invalid_input",
    );
}
