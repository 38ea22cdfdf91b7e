//! Expected decisions come from SPEC §7 (the table and its bullets) and, for the extensions,
//! from csp-rules §7.3 as the module documentation describes; `allowed_by_spec` below is an
//! oracle written from those texts, independently of `RULES`.

use proptest::prelude::*;

use super::*;
use crate::program::Program;
use crate::subscription::EventKind;
use crate::testkit::*;

fn legacy() -> Program {
    Program::legacy_2015()
}

fn decide(actor: &str, action: Action, rel: Relationship) -> Decision {
    authorize(&actor.parse().unwrap(), action, rel, &legacy())
}

const SERVICE_ROW: &[Action] = &[
    Action::ConfigureExchangeOnline,
    Action::ConfigureSharePointOnline,
    Action::ConfigureSkypeForBusiness,
    Action::ManageUsers,
];
const HEALTH_ROW: &[Action] = &[Action::ViewServiceHealth, Action::ViewServiceIncidents];
const ORDER_ROW: &[Action] = &[
    Action::OrderSubscription,
    Action::OrderAddOn,
    Action::AddSeats,
    Action::RemoveSeats,
];
const STATUS_ROW: &[Action] = &[
    Action::SuspendSubscription,
    Action::ReactivateSubscription,
    Action::CancelSubscription,
];

/// A row of the SPEC §7 table: its actions, then customer admin, CSP admin agent, CSP sales
/// agent, advisor with delegated admin (`None`: the table says "—").
type SpecRow = (&'static [Action], bool, bool, bool, Option<bool>);

#[test]
fn every_cell_of_the_spec_table() {
    use Relationship as R;
    // (row, customer admin, CSP admin agent, CSP sales agent, advisor with delegated admin)
    let table: &[SpecRow] = &[
        (SERVICE_ROW, true, true, false, Some(true)),
        (HEALTH_ROW, true, true, false, Some(true)),
        (
            &[Action::CreateCustomerTenant],
            false,
            true,
            true,
            Some(false),
        ),
        (ORDER_ROW, false, true, true, Some(false)),
        (STATUS_ROW, false, true, true, Some(false)),
        (&[Action::RemoveDelegatedAdmin], false, false, false, None),
    ];
    for (row, customer, admin_agent, sales_agent, advisor) in table {
        for &a in *row {
            assert_eq!(
                decide("customer:global_admin", a, R::CSP_WITH_DAP).allowed,
                *customer,
                "customer admin {a}"
            );
            assert_eq!(
                decide("csp:admin_agent", a, R::CSP_WITH_DAP).allowed,
                *admin_agent,
                "admin agent {a}"
            );
            assert_eq!(
                decide("csp:sales_agent", a, R::CSP_WITH_DAP).allowed,
                *sales_agent,
                "sales agent {a}"
            );
            if let Some(advisor) = advisor {
                assert_eq!(
                    decide("advisor:admin_agent", a, R::ADVISOR_WITH_DAP).allowed,
                    *advisor,
                    "advisor {a}"
                );
            }
        }
    }
    // The sales agent cannot configure Exchange; the decision names the default rule.
    let d = decide(
        "csp:sales_agent",
        Action::ConfigureExchangeOnline,
        R::CSP_WITH_DAP,
    );
    assert_eq!(d.rule, DEFAULT_DENY);
    assert!(
        d.reason.contains("csp:sales_agent") && d.reason.contains("configure_exchange_online"),
        "{}",
        d.reason
    );
}

#[test]
fn delegated_admin_without_own_tenant_admin() {
    // SPEC §7 first bullet: an admin agent creates and manages CSP customers but cannot
    // administer the partner's own tenant; the partner's global admin can.
    let rel = Relationship::CSP_WITH_DAP;
    assert!(decide("csp:admin_agent", Action::CreateCustomerTenant, rel).allowed);
    assert!(decide("csp:admin_agent", Action::AddSeats, rel).allowed);
    let d = decide("csp:admin_agent", Action::AdministerPartnerTenant, rel);
    assert_eq!((d.allowed, d.rule), (false, DEFAULT_DENY));
    let d = decide("csp:global_admin", Action::AdministerPartnerTenant, rel);
    assert_eq!(
        (d.allowed, d.rule),
        (true, "partner_global_admin_administers_own_tenant")
    );
    // Both roles together: the admin agent's rights plus the own tenant.
    assert!(
        decide(
            "csp:admin_agent+global_admin",
            Action::AdministerPartnerTenant,
            rel
        )
        .allowed
    );
    assert!(
        decide(
            "csp:admin_agent+global_admin",
            Action::ConfigureExchangeOnline,
            rel
        )
        .allowed
    );
}

#[test]
fn relationship_conditions() {
    let no_dap = Relationship {
        delegated_admin: false,
        csp_partner: true,
    };
    assert!(!decide("csp:admin_agent", Action::ConfigureExchangeOnline, no_dap).allowed);
    assert!(!decide("csp:admin_agent", Action::ViewServiceHealth, no_dap).allowed);
    assert!(
        decide("csp:admin_agent", Action::AddSeats, no_dap).allowed,
        "selling does not need delegated admin"
    );
    let other_partner = Relationship {
        delegated_admin: true,
        csp_partner: false,
    };
    assert!(!decide("csp:admin_agent", Action::AddSeats, other_partner).allowed);
    assert!(
        decide(
            "csp:admin_agent",
            Action::ConfigureExchangeOnline,
            other_partner
        )
        .allowed
    );
}

#[test]
fn removing_delegated_admin_is_a_program_rule() {
    // SPEC §7 last bullet: the customer cannot remove its CSP partner's delegated admin in
    // this program, but may remove an advisor's; another program may allow both.
    let d = decide(
        "customer:global_admin",
        Action::RemoveDelegatedAdmin,
        Relationship::CSP_WITH_DAP,
    );
    assert_eq!(
        (d.allowed, d.rule),
        (false, "csp_partner_delegated_admin_protected")
    );
    let d = decide(
        "customer:global_admin",
        Action::RemoveDelegatedAdmin,
        Relationship::ADVISOR_WITH_DAP,
    );
    assert_eq!(
        (d.allowed, d.rule),
        (true, "customer_admin_removes_delegated_admin")
    );
    let mut liberal = legacy();
    liberal.customer_may_remove_csp_delegated_admin = true;
    let admin: Actor = "customer:global_admin".parse().unwrap();
    let d = authorize(
        &admin,
        Action::RemoveDelegatedAdmin,
        Relationship::CSP_WITH_DAP,
        &liberal,
    );
    assert_eq!(
        (d.allowed, d.rule),
        (true, "customer_admin_removes_delegated_admin")
    );
    // Only the customer's global admin, and never a partner user.
    assert!(
        !authorize(
            &"customer:other_admin".parse().unwrap(),
            Action::RemoveDelegatedAdmin,
            Relationship::ADVISOR_WITH_DAP,
            &liberal
        )
        .allowed
    );
    assert!(
        !decide(
            "csp:global_admin",
            Action::RemoveDelegatedAdmin,
            Relationship::CSP_WITH_DAP
        )
        .allowed
    );
}

#[test]
fn extensions_from_partner_center_roles() {
    let rel = Relationship::CSP_WITH_DAP;
    // Helpdesk agents and billing admins manage subscriptions but do not suspend or cancel.
    for actor in ["csp:helpdesk_agent", "csp:billing_admin"] {
        assert_eq!(
            decide(actor, Action::AddSeats, rel).rule,
            "csp_support_roles_manage_subscriptions"
        );
        assert!(!decide(actor, Action::SuspendSubscription, rel).allowed);
        assert!(!decide(actor, Action::CancelSubscription, rel).allowed);
        assert!(!decide(actor, Action::ConfigureExchangeOnline, rel).allowed);
    }
    assert!(decide("csp:helpdesk_agent", Action::ViewServiceIncidents, rel).allowed);
    assert!(!decide("csp:billing_admin", Action::ViewServiceIncidents, rel).allowed);
    assert!(decide("csp:billing_admin", Action::ViewInvoices, rel).allowed);
    assert!(!decide("csp:sales_agent", Action::ViewInvoices, rel).allowed);
    assert!(decide("csp:sales_agent", Action::ViewPriceLists, rel).allowed);
    assert!(
        !decide(
            "advisor:admin_agent",
            Action::ViewPriceLists,
            Relationship::ADVISOR_WITH_DAP
        )
        .allowed
    );
    assert!(decide("csp:global_admin", Action::CancelSubscription, rel).allowed);
}

#[test]
fn the_matrix_is_complete_and_named() {
    let m = matrix(&legacy());
    assert_eq!(m.len(), profiles().len() * Action::ALL.len());
    let names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
    for cell in &m {
        assert!(cell.decision.rule == DEFAULT_DENY || names.contains(&cell.decision.rule));
    }
    // Every rule decides at least one cell of the matrix (no dead rule).
    for rule in RULES {
        let used = m.iter().any(|c| c.decision.rule == rule.name)
            || rule.name == "customer_admin_removes_delegated_admin";
        assert!(used, "rule {} decides nothing", rule.name);
    }
    let unique: std::collections::BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(unique.len(), names.len(), "rule names are unique");
}

/// The SPEC §7 table, its bullets and the documented extensions, written independently.
fn allowed_by_spec(actor: &Actor, a: Action, rel: Relationship, program: &Program) -> bool {
    use Action::*;
    let service = SERVICE_ROW.contains(&a);
    let health = HEALTH_ROW.contains(&a);
    let manage = matches!(
        a,
        OrderSubscription | OrderAddOn | AddSeats | RemoveSeats | ReactivateSubscription
    );
    let stop = matches!(a, SuspendSubscription | CancelSubscription);
    match actor {
        Actor::Customer { role } => {
            let admin = matches!(role, CustomerRole::GlobalAdmin | CustomerRole::OtherAdmin);
            (admin && (service || health))
                || (a == RemoveDelegatedAdmin
                    && *role == CustomerRole::GlobalAdmin
                    && (!rel.csp_partner || program.customer_may_remove_csp_delegated_admin))
        }
        Actor::Partner { program: p, roles } => roles.iter().any(|r| {
            use PartnerRole::*;
            match p {
                PartnerProgram::Advisor => {
                    (*r == AdminAgent && rel.delegated_admin && (service || health))
                        || (*r == GlobalAdmin && a == AdministerPartnerTenant)
                }
                PartnerProgram::Csp => match a {
                    _ if service => *r == AdminAgent && rel.delegated_admin,
                    _ if health => matches!(r, AdminAgent | HelpdeskAgent) && rel.delegated_admin,
                    CreateCustomerTenant => matches!(r, AdminAgent | SalesAgent | GlobalAdmin),
                    // Every CSP role manages its customers' subscriptions (SPEC: agents;
                    // extension: global admin, helpdesk agent, billing admin).
                    _ if manage => rel.csp_partner,
                    _ if stop => {
                        rel.csp_partner && matches!(r, AdminAgent | SalesAgent | GlobalAdmin)
                    }
                    AdministerPartnerTenant => *r == GlobalAdmin,
                    ViewPriceLists => {
                        matches!(r, GlobalAdmin | AdminAgent | SalesAgent | BillingAdmin)
                    }
                    ViewInvoices => matches!(r, GlobalAdmin | AdminAgent | BillingAdmin),
                    _ => false,
                },
            }
        }),
    }
}

fn any_actor() -> impl Strategy<Value = Actor> {
    let role = prop_oneof![
        Just(PartnerRole::GlobalAdmin),
        Just(PartnerRole::AdminAgent),
        Just(PartnerRole::SalesAgent),
        Just(PartnerRole::HelpdeskAgent),
        Just(PartnerRole::BillingAdmin),
    ];
    prop_oneof![
        (any::<bool>(), proptest::collection::vec(role, 1..4)).prop_map(|(csp, roles)| {
            Actor::Partner {
                program: if csp {
                    PartnerProgram::Csp
                } else {
                    PartnerProgram::Advisor
                },
                roles,
            }
        }),
        prop_oneof![
            Just(CustomerRole::GlobalAdmin),
            Just(CustomerRole::OtherAdmin),
            Just(CustomerRole::User)
        ]
        .prop_map(|role| Actor::Customer { role }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn nothing_outside_the_rules_is_ever_allowed(
        actor in any_actor(), a in 0usize..18, dap in any::<bool>(), csp in any::<bool>(), liberal in any::<bool>(),
    ) {
        let mut program = legacy();
        program.customer_may_remove_csp_delegated_admin = liberal;
        let action = Action::ALL[a];
        let rel = Relationship { delegated_admin: dap, csp_partner: csp };
        let d = authorize(&actor, action, rel, &program);
        prop_assert_eq!(d.allowed, allowed_by_spec(&actor, action, rel, &program), "{} {} {:?}: {:?}", actor, action, rel, d);
        let rule = RULES.iter().find(|r| r.name == d.rule);
        if d.allowed {
            prop_assert_eq!(rule.map(|r| r.effect), Some(Effect::Allow));
        } else {
            prop_assert!(d.rule == DEFAULT_DENY || rule.map(|r| r.effect) == Some(Effect::Deny));
        }
    }
}

#[test]
fn subscription_events_enforce_the_rules() {
    // A customer admin cannot add seats or order add-ons; a helpdesk agent cannot suspend;
    // an advisor cannot order; a sales agent can. Refusals change nothing.
    let inputs = inputs();
    let mut l = ledger(&inputs, "2016-12-31");
    l.apply(&order("2016-01-15", "e3", "E3", 2, true)).unwrap();
    let as_actor = |mut e: crate::subscription::Event, actor: &str| {
        e.actor = Some(actor.parse().unwrap());
        e
    };
    let cases = [
        (
            as_actor(seats("2016-02-01", "e3", 1), "customer:global_admin"),
            "default_deny",
        ),
        (
            as_actor(
                add_on("2016-02-01", "arm", "e3", "ARM", 1),
                "customer:global_admin",
            ),
            "default_deny",
        ),
        (
            as_actor(
                event("2016-02-01", "e3", EventKind::Suspend),
                "csp:helpdesk_agent",
            ),
            "default_deny",
        ),
        (
            as_actor(
                order("2016-02-01", "s2", "E1", 1, true),
                "advisor:admin_agent",
            ),
            "default_deny",
        ),
    ];
    for (e, rule) in cases {
        l.advance_to(e.date).unwrap();
        let (subs, lines) = (l.subscriptions().clone(), l.lines().to_vec());
        let err = l.apply(&e).unwrap_err();
        assert_eq!(err.code(), "not_permitted", "{e}");
        assert!(err.context().contains(&("rule", rule.to_string())), "{err}");
        assert_eq!(
            (l.subscriptions(), l.lines()),
            (&subs, &lines[..]),
            "{e} changed something"
        );
    }
    l.apply(&as_actor(seats("2016-02-02", "e3", 1), "csp:sales_agent"))
        .unwrap();
    l.apply(&as_actor(
        seats("2016-02-03", "e3", 1),
        "csp:helpdesk_agent",
    ))
    .unwrap();
    assert_eq!(l.state(&"e3".into()).unwrap().quantity, 4);
}
