//! End-to-end tests of `csp access matrix` and `csp access check`. Expected decisions come
//! from SPEC §7 (the table and its bullets) and SPEC-NCE §17.4, not from running the code.

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
    // Profiles: 5 roles for each of direct bill, provider and reseller, the advisor's admin
    // agent, 4 customer profiles; actions: SPEC §7's 18 and the 5 of SPEC-NCE §17.4.
    assert_eq!(cells.len(), 20 * 23);
    let distinct = |key: &str| {
        let mut seen: Vec<&Value> = Vec::new();
        for c in cells {
            if !seen.contains(&&c[key]) {
                seen.push(&c[key]);
            }
        }
        seen.len()
    };
    assert_eq!(distinct("profile"), 20);
    assert_eq!(distinct("action"), 23);
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
    assert_eq!(lines.len(), 1 + 20 * 23);
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
    assert_eq!(cells.len(), 20, "{row}");
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
    // SPEC-NCE §17.4 (pinned P26): a provider keeps the legacy decisions.
    assert_eq!(key("provider_sales_agent"), "yes");
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

/// A row of the matrix table: the action and its yes/no cells.
type Row = (String, Vec<String>);
/// An entry of the profile key: the profile and its column (0-based).
type KeyEntry = (String, usize);

/// The rows of a `csp access matrix` table, and its profile key.
fn table_rows(text: &str, actions: usize) -> (Vec<Row>, Vec<KeyEntry>) {
    let mut lines = text.lines().skip_while(|l| !l.starts_with("action "));
    lines.next(); // the header
    lines.next(); // its rule
    let rows: Vec<Row> = lines
        .by_ref()
        .take(actions)
        .map(|l| {
            let mut words = l.split_whitespace().map(str::to_string);
            (words.next().unwrap(), words.collect())
        })
        .collect();
    let key = text
        .lines()
        .skip_while(|l| *l != "profiles (columns)")
        .skip(3) // the title, the header and its rule
        .take_while(|l| !l.is_empty() && *l != "rules")
        .map(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            (w[1].to_string(), w[0].parse::<usize>().unwrap() - 1)
        })
        .collect();
    (rows, key)
}

#[test]
fn matrix_of_a_reseller() {
    // SPEC-NCE §17.4: an indirect reseller has no commerce, no attestation, only its own
    // hop-1 bills; it keeps delegated administration (SPEC-NCE §18.1).
    let text = csp_ok(&["access", "matrix", "--kind", "indirect_reseller"]);
    let (rows, key) = table_rows(&text, 23);
    assert_eq!(rows.len(), 23, "{text}");
    let names: Vec<&str> = key.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        names,
        [
            "reseller_global_admin",
            "reseller_admin_agent",
            "reseller_sales_agent",
            "reseller_helpdesk_agent",
            "reseller_billing_admin"
        ],
        "{text}"
    );
    let cell = |action: &str, profile: &str| -> String {
        let (_, cells) = rows.iter().find(|(a, _)| a == action).expect(action);
        assert_eq!(cells.len(), 5, "{action}");
        let (_, n) = key.iter().find(|(p, _)| p == profile).expect(profile);
        cells[*n].clone()
    };
    for action in [
        "order_subscription",
        "add_seats",
        "remove_seats",
        "cancel_subscription",
        "change_subscription",
        "attest_customer_agreement",
        "set_reseller_of_record",
        "link_reseller",
        "view_invoices",
    ] {
        for (profile, _) in &key {
            assert_eq!(cell(action, profile), "no", "{action} {profile}");
        }
    }
    for (profile, want) in [
        ("reseller_global_admin", "yes"),
        ("reseller_admin_agent", "yes"),
        ("reseller_sales_agent", "no"),
        ("reseller_helpdesk_agent", "no"),
        ("reseller_billing_admin", "yes"),
    ] {
        assert_eq!(cell("view_reseller_bills", profile), want, "{profile}");
    }
    assert_eq!(
        cell("configure_exchange_online", "reseller_admin_agent"),
        "yes"
    );
    assert_eq!(
        cell("view_service_health", "reseller_helpdesk_agent"),
        "yes"
    );
    // The legend names the reseller rules with their effects.
    for line in [
        "  reseller_cannot_attest (deny)\n",
        "  reseller_transacts_through_provider (deny)\n",
        "  reseller_sees_own_bills (allow)\n",
    ] {
        assert!(text.contains(line), "{line}: {text}");
    }
    assert!(!text.contains("csp_agents_manage_subscriptions"), "{text}");
}

#[test]
fn matrix_kinds_csv_and_json() {
    let text = csp_ok(&[
        "access",
        "matrix",
        "--kind",
        "indirect_provider",
        "--kind",
        "indirect_reseller",
        "--format",
        "csv",
    ]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + 10 * 23, "{text}");
    for want in [
        "reseller_admin_agent,indirect_reseller:admin_agent,yes,yes,attest_customer_agreement,no,reseller_cannot_attest,",
        "reseller_sales_agent,indirect_reseller:sales_agent,yes,yes,order_subscription,no,reseller_transacts_through_provider,",
        "provider_sales_agent,indirect_provider:sales_agent,yes,yes,set_reseller_of_record,yes,provider_manages_resellers,",
        "provider_helpdesk_agent,indirect_provider:helpdesk_agent,yes,yes,change_subscription,yes,csp_support_roles_manage_subscriptions,",
        "provider_helpdesk_agent,indirect_provider:helpdesk_agent,yes,yes,cancel_subscription,no,default_deny,",
    ] {
        assert!(lines.iter().any(|l| l.starts_with(want)), "{want}\n{text}");
    }
    let v = csp_json(&[
        "access",
        "matrix",
        "--kind",
        "direct_bill",
        "--format",
        "json",
    ]);
    let cells = v["cells"].as_array().expect("cells");
    assert_eq!(cells.len(), 5 * 23);
    assert!(cells
        .iter()
        .all(|c| c["actor"]["program"] == "csp" && c["actor"]["type"] == "partner"));
    assert_fails(
        &csp(&["access", "matrix", "--kind", "distributor"]),
        2,
        "invalid_input",
    );
}

#[test]
fn check_channel_actors() {
    // SPEC-NCE §17.4.
    assert_eq!(
        check(&[
            "--actor",
            "indirect_reseller:admin_agent",
            "--action",
            "order_subscription"
        ]),
        rule(false, "reseller_transacts_through_provider")
    );
    assert_eq!(
        check(&[
            "--actor",
            "indirect_reseller:sales_agent",
            "--action",
            "attest_customer_agreement"
        ]),
        rule(false, "reseller_cannot_attest")
    );
    // Commerce needs no DAP; `direct_bill:` is the csp kind.
    assert_eq!(
        check(&[
            "--actor",
            "direct_bill:admin_agent",
            "--action",
            "add_seats",
            "--no-delegated-admin"
        ]),
        rule(true, "csp_agents_manage_subscriptions")
    );
    assert_eq!(
        check(&[
            "--actor",
            "indirect_provider:admin_agent",
            "--action",
            "set_reseller_of_record",
            "--not-csp-partner"
        ]),
        rule(false, "default_deny")
    );
}
