//! `csp_core::access::authorize` on arbitrary actors, actions, relationships and program flags.
//!
//! Oracle: no panic; deny unless a named rule allows (an allowed decision names an `Allow` rule
//! of `RULES`, a denial names `default_deny` or a `Deny` rule); determinism; the order and
//! repetition of a partner's roles do not matter; an actor read back from its text form gets
//! the same decision; for partners, more roles or more relationship never take a right away;
//! the SPEC §7 "no" cells hold whatever the extensions add; and an indirect reseller never
//! transacts or attests (SPEC-NCE §17.4), only a provider manages resellers.
#![no_main]

use arbitrary::Arbitrary;
use csp_core::access::{
    authorize, Action, Actor, CustomerRole, Decision, Effect, PartnerProgram, PartnerRole,
    Relationship, DEFAULT_DENY, RULES,
};
use csp_core::program::Program;
use csp_fuzz::pick;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum ActorIn {
    Partner { program: u8, roles: Vec<u8> },
    Customer { role: u8 },
}

#[derive(Arbitrary, Debug)]
struct Input {
    actor: ActorIn,
    extra_roles: Vec<u8>,
    action: u8,
    delegated_admin: bool,
    csp_partner: bool,
    customer_may_remove_csp_delegated_admin: bool,
}

fn actor_of(a: &ActorIn) -> Actor {
    match a {
        ActorIn::Partner { program, roles } => Actor::Partner {
            program: pick(PartnerProgram::ALL, *program),
            roles: roles
                .iter()
                .take(8)
                .map(|r| pick(PartnerRole::ALL, *r))
                .collect(),
        },
        ActorIn::Customer { role } => Actor::Customer {
            role: pick(CustomerRole::ALL, *role),
        },
    }
}

fn check_named(d: &Decision) {
    assert!(!d.reason.is_empty(), "a decision gives its reason: {d:?}");
    let rule = RULES.iter().find(|r| r.name == d.rule);
    if d.allowed {
        let rule = rule.unwrap_or_else(|| panic!("allowed by an unnamed rule: {d:?}"));
        assert_eq!(rule.effect, Effect::Allow, "allowed by a deny rule: {d:?}");
    } else {
        match rule {
            None => assert_eq!(d.rule, DEFAULT_DENY, "denied by an unknown rule: {d:?}"),
            Some(r) => assert_eq!(r.effect, Effect::Deny, "denied by an allow rule: {d:?}"),
        }
    }
}

const MANAGE_OR_STOP: &[Action] = &[
    Action::CreateCustomerTenant,
    Action::OrderSubscription,
    Action::OrderAddOn,
    Action::AddSeats,
    Action::RemoveSeats,
    Action::SuspendSubscription,
    Action::ReactivateSubscription,
    Action::CancelSubscription,
];
const SERVICES_AND_HEALTH: &[Action] = &[
    Action::ConfigureExchangeOnline,
    Action::ConfigureSharePointOnline,
    Action::ConfigureSkypeForBusiness,
    Action::ManageUsers,
    Action::ViewServiceHealth,
    Action::ViewServiceIncidents,
];

/// The SPEC §7 table's "no" cells, which no extension may turn into "yes".
fn check_spec_table(
    actor: &Actor,
    action: Action,
    rel: Relationship,
    program: &Program,
    d: &Decision,
) {
    match actor {
        Actor::Customer { role } => {
            assert!(
                !(d.allowed && MANAGE_OR_STOP.contains(&action)),
                "a customer may not {action}: {d:?}"
            );
            assert!(
                !(d.allowed && action == Action::AdministerPartnerTenant),
                "a customer may not administer the partner's tenant: {d:?}"
            );
            if action == Action::RemoveDelegatedAdmin {
                let protected = rel.csp_partner && !program.customer_may_remove_csp_delegated_admin;
                if protected {
                    assert!(
                        !d.allowed,
                        "the CSP partner's delegated admin is protected: {d:?}"
                    );
                } else {
                    assert_eq!(
                        d.allowed,
                        *role == CustomerRole::GlobalAdmin,
                        "a customer's global admin (only) may remove it here: {d:?}"
                    );
                }
            }
        }
        Actor::Partner { program: p, roles } => {
            assert!(
                !(d.allowed && action == Action::RemoveDelegatedAdmin),
                "a partner may not remove delegated admin privileges: {d:?}"
            );
            if *p == PartnerProgram::Advisor {
                assert!(
                    !(d.allowed && MANAGE_OR_STOP.contains(&action)),
                    "an advisor may not {action}: {d:?}"
                );
            }
            // SPEC-NCE §17.4: a reseller never transacts or attests; only a provider links
            // resellers and sets the reseller of record.
            if *p == PartnerProgram::IndirectReseller {
                assert!(
                    !(d.allowed
                        && (MANAGE_OR_STOP.contains(&action)
                            || action == Action::ChangeSubscription
                            || action == Action::AttestCustomerAgreement)),
                    "a reseller may not {action}: {d:?}"
                );
            }
            if matches!(
                action,
                Action::LinkReseller | Action::SetResellerOfRecord
            ) {
                assert!(
                    !d.allowed || *p == PartnerProgram::IndirectProvider,
                    "only a provider may {action}: {d:?}"
                );
            }
            if SERVICES_AND_HEALTH.contains(&action) {
                assert!(
                    !d.allowed || rel.delegated_admin,
                    "{action} needs delegated admin: {d:?}"
                );
                assert!(
                    !d.allowed || roles.iter().any(|r| *r != PartnerRole::SalesAgent),
                    "a sales agent may not {action}: {d:?}"
                );
            }
            if action == Action::AdministerPartnerTenant {
                assert_eq!(
                    d.allowed,
                    roles.contains(&PartnerRole::GlobalAdmin),
                    "only the partner's global admin administers its tenant: {d:?}"
                );
            }
            if matches!(
                action,
                Action::SuspendSubscription | Action::CancelSubscription
            ) && d.allowed
            {
                assert!(
                    rel.csp_partner,
                    "only the customer's CSP partner suspends: {d:?}"
                );
            }
        }
    }
}

fuzz_target!(|input: Input| {
    let actor = actor_of(&input.actor);
    let action = pick(Action::ALL, input.action);
    let rel = Relationship {
        delegated_admin: input.delegated_admin,
        csp_partner: input.csp_partner,
    };
    let mut program = Program::legacy_2015();
    program.customer_may_remove_csp_delegated_admin = input.customer_may_remove_csp_delegated_admin;

    let d = authorize(&actor, action, rel, &program);
    check_named(&d);
    assert_eq!(
        d,
        authorize(&actor, action, rel, &program),
        "authorize is deterministic"
    );
    // Only the flag that names a privilege rule matters among the program's fields.
    let mut other = Program::legacy_2015();
    other.name = "other".to_string();
    other.term_months = 36;
    other.trials_allowed = true;
    other.customer_may_remove_csp_delegated_admin = program.customer_may_remove_csp_delegated_admin;
    assert_eq!(
        d,
        authorize(&actor, action, rel, &other),
        "only the privilege flag matters"
    );
    check_spec_table(&actor, action, rel, &program, &d);

    // The text form reads back to the same actor, and the same decision.
    let text = actor.to_string();
    match text.parse::<Actor>() {
        Ok(back) => {
            assert_eq!(back, actor, "actor {text:?} reads back");
            assert_eq!(authorize(&back, action, rel, &program), d);
        }
        Err(e) => {
            csp_fuzz::check_error(&e);
            assert!(
                matches!(&actor, Actor::Partner { roles, .. } if roles.is_empty()),
                "actor {text:?} does not read back: {e}"
            );
        }
    }

    if let Actor::Partner { program: p, roles } = &actor {
        // Role order and repetition do not matter.
        let mut set = roles.clone();
        set.sort();
        set.dedup();
        set.reverse();
        let same = Actor::Partner {
            program: *p,
            roles: set.clone(),
        };
        assert_eq!(
            authorize(&same, action, rel, &program).allowed,
            d.allowed,
            "roles as a set"
        );
        // More roles, or more relationship, never take a right away from a partner.
        let mut more = set;
        more.extend(
            input
                .extra_roles
                .iter()
                .take(4)
                .map(|r| pick(PartnerRole::ALL, *r)),
        );
        let more = Actor::Partner {
            program: *p,
            roles: more,
        };
        if d.allowed {
            let wider = authorize(&more, action, rel, &program);
            assert!(
                wider.allowed,
                "an extra role took {action} away: {d:?} then {wider:?}"
            );
            let full = Relationship {
                delegated_admin: true,
                csp_partner: true,
            };
            let fuller = authorize(&actor, action, full, &program);
            assert!(
                fuller.allowed,
                "more relationship took {action} away: {fuller:?}"
            );
        }
    }
});
