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
            let agent = matches!(r, AdminAgent | SalesAgent | GlobalAdmin);
            let billing = matches!(r, GlobalAdmin | AdminAgent | BillingAdmin);
            match p {
                PartnerProgram::Advisor => {
                    (*r == AdminAgent && rel.delegated_admin && (service || health))
                        || (*r == GlobalAdmin && a == AdministerPartnerTenant)
                }
                // SPEC-NCE §17.4: no commerce, no attestation, own hop-1 bills only; SPEC-NCE
                // §18.1: a reseller may hold delegated admin like any partner.
                PartnerProgram::IndirectReseller => match a {
                    _ if service => *r == AdminAgent && rel.delegated_admin,
                    _ if health => matches!(r, AdminAgent | HelpdeskAgent) && rel.delegated_admin,
                    AdministerPartnerTenant => *r == GlobalAdmin,
                    ViewResellerBills => billing,
                    _ => false,
                },
                // Direct bill and provider: the legacy decisions (pinned P26), NCE changes as
                // changes; the provider alone manages resellers and views their bills.
                PartnerProgram::Csp | PartnerProgram::IndirectProvider => {
                    let provider = *p == PartnerProgram::IndirectProvider;
                    match a {
                        _ if service => *r == AdminAgent && rel.delegated_admin,
                        _ if health => {
                            matches!(r, AdminAgent | HelpdeskAgent) && rel.delegated_admin
                        }
                        CreateCustomerTenant => agent,
                        // Every CSP role manages its customers' subscriptions (SPEC: agents;
                        // extension: global admin, helpdesk agent, billing admin).
                        _ if manage || a == ChangeSubscription => rel.csp_partner,
                        _ if stop => rel.csp_partner && agent,
                        AdministerPartnerTenant => *r == GlobalAdmin,
                        ViewPriceLists => {
                            matches!(r, GlobalAdmin | AdminAgent | SalesAgent | BillingAdmin)
                        }
                        ViewInvoices => billing,
                        AttestCustomerAgreement => rel.csp_partner && agent,
                        SetResellerOfRecord => provider && rel.csp_partner && agent,
                        LinkReseller => provider && agent,
                        ViewResellerBills => provider && billing,
                        _ => false,
                    }
                }
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
        (
            proptest::sample::select(PartnerProgram::ALL),
            proptest::collection::vec(role, 1..4)
        )
            .prop_map(|(program, roles)| Actor::Partner { program, roles }),
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
        actor in any_actor(), a in 0..Action::ALL.len(), dap in any::<bool>(), csp in any::<bool>(), liberal in any::<bool>(),
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

// ---------------------------------------------------------------- the two-tier channel
// Expected values below come from SPEC-NCE §17.1 and §17.4 (and pinned P26), read as the
// module documentation describes.

fn nce() -> Program {
    Program::nce()
}

fn decide_nce(actor: &str, action: Action, rel: Relationship) -> (bool, &'static str) {
    let d = authorize(&actor.parse().unwrap(), action, rel, &nce());
    (d.allowed, d.rule)
}

const ROLES: &[&str] = &[
    "global_admin",
    "admin_agent",
    "sales_agent",
    "helpdesk_agent",
    "billing_admin",
];

fn every_relationship() -> [Relationship; 4] {
    [(false, false), (false, true), (true, false), (true, true)].map(|(dap, csp)| Relationship {
        delegated_admin: dap,
        csp_partner: csp,
    })
}

/// SPEC-NCE §17 (new): subscription commerce, whatever the program calls it.
const COMMERCE_ROW: &[Action] = &[
    Action::OrderSubscription,
    Action::OrderAddOn,
    Action::AddSeats,
    Action::RemoveSeats,
    Action::SuspendSubscription,
    Action::ReactivateSubscription,
    Action::CancelSubscription,
    Action::ChangeSubscription,
];

#[test]
fn partner_kinds_parse_and_print() {
    // SPEC-NCE §17.1: the kinds direct_bill, indirect_provider, indirect_reseller, advisor;
    // `csp:` keeps meaning direct bill.
    let cases = [
        ("csp:admin_agent", ActorKind::DirectBill, "csp:admin_agent"),
        (
            "direct_bill:sales_agent",
            ActorKind::DirectBill,
            "csp:sales_agent",
        ),
        (
            "Direct-Bill:sales_agent",
            ActorKind::DirectBill,
            "csp:sales_agent",
        ),
        (
            "indirect_provider:global_admin+admin_agent",
            ActorKind::IndirectProvider,
            "indirect_provider:global_admin+admin_agent",
        ),
        (
            "indirect-reseller:billing_admin",
            ActorKind::IndirectReseller,
            "indirect_reseller:billing_admin",
        ),
        (
            "advisor:admin_agent",
            ActorKind::Advisor,
            "advisor:admin_agent",
        ),
        ("customer:user", ActorKind::Customer, "customer:user"),
    ];
    for (text, kind, shown) in cases {
        let actor: Actor = text.parse().unwrap();
        assert_eq!(actor.kind(), kind, "{text}");
        assert_eq!(actor.to_string(), shown, "{text}");
        assert_eq!(shown.parse::<Actor>().unwrap(), actor, "{shown} round trip");
    }
    let err = "distributor:admin_agent".parse::<Actor>().unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    assert!(err.to_string().contains("indirect_reseller"), "{err}");
    for action in [
        "change_subscription",
        "attest_customer_agreement",
        "set_reseller_of_record",
        "link_reseller",
        "view_reseller_bills",
    ] {
        assert_eq!(action.parse::<Action>().unwrap().as_str(), action);
    }
}

#[test]
fn providers_keep_the_direct_bill_decisions() {
    // Pinned P26: "direct-bill partners and providers keep the legacy decisions" — every
    // role, every action but the provider's own (reseller management), every relationship,
    // both programs.
    let provider_only = [
        Action::LinkReseller,
        Action::SetResellerOfRecord,
        Action::ViewResellerBills,
    ];
    for program in [legacy(), nce()] {
        for role in ROLES {
            let direct: Actor = format!("csp:{role}").parse().unwrap();
            let provider: Actor = format!("indirect_provider:{role}").parse().unwrap();
            for &a in Action::ALL.iter().filter(|a| !provider_only.contains(a)) {
                for rel in every_relationship() {
                    assert_eq!(
                        authorize(&direct, a, rel, &program),
                        authorize(&provider, a, rel, &program).with_actor_text(&provider, &direct),
                        "{role} {a} {rel:?}"
                    );
                }
            }
        }
    }
}

impl Decision {
    /// The same decision, its reason written for `to` instead of `from` (a default_deny
    /// reason names the actor).
    fn with_actor_text(mut self, from: &Actor, to: &Actor) -> Decision {
        self.reason = self.reason.replace(&from.to_string(), &to.to_string());
        self
    }
}

#[test]
fn direct_bill_and_provider_commerce_as_in_legacy() {
    // SPEC-NCE §17.4: global admins, admin and sales agents do everything; helpdesk agents
    // and billing admins order and change, never suspend or cancel; NCE's changes are
    // "change", cancel is like suspend.
    let rel = Relationship::CSP_WITH_DAP;
    for kind in ["csp", "direct_bill", "indirect_provider"] {
        for role in ["global_admin", "admin_agent", "sales_agent"] {
            for &a in COMMERCE_ROW {
                assert_eq!(
                    decide_nce(&format!("{kind}:{role}"), a, rel),
                    (true, "csp_agents_manage_subscriptions"),
                    "{kind}:{role} {a}"
                );
            }
        }
        for role in ["helpdesk_agent", "billing_admin"] {
            let actor = format!("{kind}:{role}");
            for a in [
                Action::OrderSubscription,
                Action::AddSeats,
                Action::RemoveSeats,
                Action::ChangeSubscription,
                Action::ReactivateSubscription,
            ] {
                assert_eq!(
                    decide_nce(&actor, a, rel),
                    (true, "csp_support_roles_manage_subscriptions"),
                    "{actor} {a}"
                );
            }
            for a in [Action::SuspendSubscription, Action::CancelSubscription] {
                assert_eq!(
                    decide_nce(&actor, a, rel),
                    (false, DEFAULT_DENY),
                    "{actor} {a}"
                );
            }
        }
    }
}

#[test]
fn nce_events_map_to_the_legacy_actions() {
    use crate::subscription::nce::{NceEventKind, ScheduledChange};
    use crate::vocab::{BillingPlan, TermDuration};
    // SPEC-NCE §17.4: "NCE's new actions and seat reduction are change; cancel is like
    // suspend".
    let change = [
        NceEventKind::SetAutoRenew { on: false },
        NceEventKind::ScheduleChange(ScheduledChange::default()),
        NceEventKind::ClearScheduled,
        NceEventKind::ChangePlan {
            plan: BillingPlan::Annual,
        },
        NceEventKind::ChangeTerm {
            term: TermDuration::P3Y,
            plan: BillingPlan::Monthly,
        },
        NceEventKind::Upgrade {
            to: "X:Y".into(),
            quantity: 1,
            into: None,
            new_subscription: None,
        },
    ];
    for kind in change {
        assert_eq!(
            kind.action(),
            Some(Action::ChangeSubscription),
            "{}",
            kind.name()
        );
    }
    assert_eq!(
        NceEventKind::ReduceSeats { quantity: 1 }.action(),
        Some(Action::RemoveSeats)
    );
    assert_eq!(
        NceEventKind::Cancel.action(),
        Some(Action::CancelSubscription)
    );
    assert_eq!(NceEventKind::RenewalCompleted.action(), None);
    // Seat reduction is a change (helpdesk may), cancel is a stop (helpdesk may not).
    let helpdesk = "indirect_provider:helpdesk_agent";
    let rel = Relationship::CSP_WITH_DAP;
    assert!(decide_nce(helpdesk, Action::RemoveSeats, rel).0);
    assert!(!decide_nce(helpdesk, Action::CancelSubscription, rel).0);
}

#[test]
fn resellers_never_transact_or_attest() {
    // SPEC-NCE §17.4: "Indirect resellers: no commerce (reseller_transacts_through_provider),
    // … no MCA attestation (reseller_cannot_attest)" — whatever the role and relationship.
    for role in ROLES {
        let actor = format!("indirect_reseller:{role}");
        for rel in every_relationship() {
            for &a in COMMERCE_ROW {
                assert_eq!(
                    decide_nce(&actor, a, rel),
                    (false, "reseller_transacts_through_provider"),
                    "{actor} {a} {rel:?}"
                );
            }
            assert_eq!(
                decide_nce(&actor, Action::AttestCustomerAgreement, rel),
                (false, "reseller_cannot_attest"),
                "{actor} {rel:?}"
            );
        }
    }
    // Every role at once changes nothing.
    let all = "indirect_reseller:global_admin+admin_agent+sales_agent+helpdesk_agent+billing_admin";
    assert_eq!(
        decide_nce(all, Action::OrderSubscription, Relationship::CSP_WITH_DAP),
        (false, "reseller_transacts_through_provider")
    );
    // The provider attests for the reseller's customer (csp-rules §1: admin or sales agent).
    for role in ["admin_agent", "sales_agent"] {
        assert_eq!(
            decide_nce(
                &format!("indirect_provider:{role}"),
                Action::AttestCustomerAgreement,
                Relationship::CSP_WITH_DAP
            ),
            (true, "csp_agents_attest_customer_agreement")
        );
    }
    for role in ["helpdesk_agent", "billing_admin"] {
        assert_eq!(
            decide_nce(
                &format!("indirect_provider:{role}"),
                Action::AttestCustomerAgreement,
                Relationship::CSP_WITH_DAP
            ),
            (false, DEFAULT_DENY),
            "{role}: the attestation page lists admin and sales agents only"
        );
    }
}

#[test]
fn resellers_see_their_own_bills_only() {
    // SPEC-NCE §17.4: "their own hop-1 bills only (reseller_sees_own_bills)"; Microsoft
    // bills direct-bill partners and providers (§17.1), so its invoices are not the
    // reseller's.
    let rel = Relationship::CSP_WITH_DAP;
    for role in ["global_admin", "admin_agent", "billing_admin"] {
        let actor = format!("indirect_reseller:{role}");
        assert_eq!(
            decide_nce(&actor, Action::ViewResellerBills, rel),
            (true, "reseller_sees_own_bills")
        );
        assert_eq!(
            decide_nce(&actor, Action::ViewInvoices, rel),
            (false, DEFAULT_DENY)
        );
        assert_eq!(
            decide_nce(
                &format!("indirect_provider:{role}"),
                Action::ViewResellerBills,
                rel
            ),
            (true, "provider_views_reseller_bills")
        );
        // A direct-bill partner has no hop 1.
        assert_eq!(
            decide_nce(&format!("csp:{role}"), Action::ViewResellerBills, rel),
            (false, DEFAULT_DENY)
        );
    }
    for role in ["sales_agent", "helpdesk_agent"] {
        assert!(
            !decide_nce(
                &format!("indirect_reseller:{role}"),
                Action::ViewResellerBills,
                rel
            )
            .0
        );
    }
    assert!(!decide_nce("customer:global_admin", Action::ViewResellerBills, rel).0);
}

#[test]
fn resellers_keep_delegated_administration() {
    // SPEC-NCE §18.1: resellers may hold delegated admin; SPEC §7's administration rows then
    // apply to them as to any partner.
    let rel = Relationship::CSP_WITH_DAP;
    assert_eq!(
        decide_nce("indirect_reseller:admin_agent", Action::ManageUsers, rel),
        (true, "delegated_admin_configures_services")
    );
    assert_eq!(
        decide_nce(
            "indirect_reseller:helpdesk_agent",
            Action::ViewServiceHealth,
            rel
        ),
        (true, "helpdesk_agent_views_service_health")
    );
    let no_dap = Relationship {
        delegated_admin: false,
        csp_partner: true,
    };
    assert!(!decide_nce("indirect_reseller:admin_agent", Action::ManageUsers, no_dap).0);
    assert_eq!(
        decide_nce(
            "indirect_reseller:global_admin",
            Action::AdministerPartnerTenant,
            rel
        ),
        (true, "partner_global_admin_administers_own_tenant")
    );
}

#[test]
fn only_the_provider_manages_resellers() {
    // SPEC-NCE §17.4: "Only the provider sets the reseller of record and links resellers
    // (provider_manages_resellers)"; the reseller of record is set on the provider's own
    // customer (a commerce action needs the CustomerRelationship).
    let rel = Relationship::CSP_WITH_DAP;
    for a in [Action::LinkReseller, Action::SetResellerOfRecord] {
        for role in ["global_admin", "admin_agent", "sales_agent"] {
            assert_eq!(
                decide_nce(&format!("indirect_provider:{role}"), a, rel),
                (true, "provider_manages_resellers"),
                "{role} {a}"
            );
        }
        for actor in [
            "csp:global_admin+admin_agent+sales_agent",
            "indirect_reseller:global_admin+admin_agent+sales_agent",
            "advisor:global_admin+admin_agent",
            "customer:global_admin",
        ] {
            assert_eq!(
                decide_nce(actor, a, rel),
                (false, DEFAULT_DENY),
                "{actor} {a}"
            );
        }
    }
    let not_its_customer = Relationship {
        delegated_admin: true,
        csp_partner: false,
    };
    assert!(
        !decide_nce(
            "indirect_provider:admin_agent",
            Action::SetResellerOfRecord,
            not_its_customer
        )
        .0
    );
    assert!(
        decide_nce(
            "indirect_provider:admin_agent",
            Action::LinkReseller,
            not_its_customer
        )
        .0
    );
}

#[test]
fn commerce_needs_the_customer_relationship_not_delegated_admin() {
    // SPEC-NCE §17.4: a commerce action needs the actor's partner's CustomerRelationship;
    // commerce needs no DAP or GDAP.
    let only_customer_relationship = Relationship {
        delegated_admin: false,
        csp_partner: true,
    };
    let only_dap = Relationship {
        delegated_admin: true,
        csp_partner: false,
    };
    for kind in ["csp", "indirect_provider"] {
        for a in [
            Action::AddSeats,
            Action::CancelSubscription,
            Action::ChangeSubscription,
            Action::AttestCustomerAgreement,
        ] {
            let actor = format!("{kind}:admin_agent");
            assert!(
                decide_nce(&actor, a, only_customer_relationship).0,
                "{actor} {a}"
            );
            assert_eq!(
                decide_nce(&actor, a, only_dap),
                (false, DEFAULT_DENY),
                "{actor} {a}"
            );
        }
    }
}

#[test]
fn customers_never_act_on_commerce() {
    // SPEC-NCE §17.4: "Customers never act on commerce" (deny by default).
    let commerce = COMMERCE_ROW.iter().chain(&[
        Action::AttestCustomerAgreement,
        Action::SetResellerOfRecord,
        Action::LinkReseller,
        Action::ViewResellerBills,
        Action::CreateCustomerTenant,
    ]);
    for &a in commerce {
        for role in ["global_admin", "other_admin", "user"] {
            for rel in every_relationship() {
                assert_eq!(
                    decide_nce(&format!("customer:{role}"), a, rel),
                    (false, DEFAULT_DENY),
                    "{role} {a}"
                );
            }
        }
    }
}

#[test]
fn matrix_of_kinds_partitions_the_matrix() {
    let program = nce();
    let all = matrix(&program);
    let mut joined = Vec::new();
    for &kind in ActorKind::ALL {
        let part = matrix_of(&program, &[kind]);
        assert!(!part.is_empty(), "{kind}");
        assert!(part.iter().all(|c| c.actor.kind() == kind), "{kind}");
        joined.extend(part);
    }
    // Kinds come in profile order, so the parts joined in kind order are the whole matrix.
    assert_eq!(joined, all);
    assert_eq!(matrix_of(&program, ActorKind::ALL), all);
    assert!(matrix_of(&program, &[]).is_empty());
    // Five roles per CSP tier.
    assert_eq!(
        matrix_of(&program, &[ActorKind::IndirectReseller]).len(),
        5 * Action::ALL.len()
    );
}
