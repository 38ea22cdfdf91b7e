//! The named access rules, the decision, and the role × action matrix (SPEC §7).

use super::actor::{Action, Actor, CustomerRole, PartnerProgram, PartnerRole, Relationship};
use crate::program::Program;

/// Whether a rule allows or denies what it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Effect {
    /// The rule allows.
    Allow,
    /// The rule denies, whatever later rules say.
    Deny,
}

/// What a rule is asked about.
struct Request<'a> {
    actor: &'a Actor,
    action: Action,
    rel: Relationship,
    program: &'a Program,
}

impl Request<'_> {
    fn partner(&self, program: PartnerProgram, roles: &[PartnerRole]) -> bool {
        matches!(self.actor, Actor::Partner { program: p, roles: r }
            if *p == program && r.iter().any(|x| roles.contains(x)))
    }

    fn customer(&self, roles: &[CustomerRole]) -> bool {
        matches!(self.actor, Actor::Customer { role } if roles.contains(role))
    }

    fn action_in(&self, actions: &[Action]) -> bool {
        actions.contains(&self.action)
    }
}

/// One named rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Stable name, reported by every decision it makes.
    pub name: &'static str,
    /// Allow or deny.
    pub effect: Effect,
    /// What it says, in words.
    pub summary: &'static str,
    /// Where it comes from.
    pub source: &'static str,
    matches: fn(&Request<'_>) -> bool,
}

use Action as A;
use CustomerRole as C;
use PartnerProgram::{Advisor, Csp};
use PartnerRole as P;

const SERVICES: &[Action] = &[
    A::ConfigureExchangeOnline,
    A::ConfigureSharePointOnline,
    A::ConfigureSkypeForBusiness,
    A::ManageUsers,
];
const HEALTH: &[Action] = &[A::ViewServiceHealth, A::ViewServiceIncidents];
const MANAGE: &[Action] = &[
    A::OrderSubscription,
    A::OrderAddOn,
    A::AddSeats,
    A::RemoveSeats,
    A::ReactivateSubscription,
];
const STOP: &[Action] = &[A::SuspendSubscription, A::CancelSubscription];

/// Every rule, in evaluation order: the first that matches decides.
pub const RULES: &[Rule] = &[
    Rule {
        name: "csp_partner_delegated_admin_protected",
        effect: Effect::Deny,
        summary: "a customer cannot remove its CSP partner's delegated admin privileges: the partner must provide support",
        source: "SPEC §7 table and last bullet; seed FAQ; a program rule (Program::customer_may_remove_csp_delegated_admin)",
        matches: |r| {
            r.action == A::RemoveDelegatedAdmin
                && matches!(r.actor, Actor::Customer { .. })
                && r.rel.csp_partner
                && !r.program.customer_may_remove_csp_delegated_admin
        },
    },
    Rule {
        name: "customer_admin_removes_delegated_admin",
        effect: Effect::Allow,
        summary: "a customer's global admin may remove a partner's delegated admin privileges (an advisor's, or a CSP partner's where the program allows)",
        source: "SPEC §7 second bullet; csp-rules §7.1 (Microsoft 365 admin center, Partner relationships)",
        matches: |r| r.action == A::RemoveDelegatedAdmin && r.customer(&[C::GlobalAdmin]),
    },
    Rule {
        name: "customer_admin_configures_services",
        effect: Effect::Allow,
        summary: "the customer's admins configure services, manage users and see service health on their own tenant",
        source: "SPEC §7 table (customer admin column); seed FAQ",
        matches: |r| {
            (r.action_in(SERVICES) || r.action_in(HEALTH))
                && r.customer(&[C::GlobalAdmin, C::OtherAdmin])
        },
    },
    Rule {
        name: "delegated_admin_configures_services",
        effect: Effect::Allow,
        summary: "an admin agent of a partner holding delegated admin configures services and manages users for the customer",
        source: "SPEC §7 table (admin agent and advisor columns)",
        matches: |r| {
            r.action_in(SERVICES)
                && r.rel.delegated_admin
                && (r.partner(Csp, &[P::AdminAgent]) || r.partner(Advisor, &[P::AdminAgent]))
        },
    },
    Rule {
        name: "delegated_admin_views_service_health",
        effect: Effect::Allow,
        summary: "an admin agent of a partner holding delegated admin sees the customer's service health and incidents",
        source: "SPEC §7 table (admin agent and advisor columns); seed FAQ",
        matches: |r| {
            r.action_in(HEALTH)
                && r.rel.delegated_admin
                && (r.partner(Csp, &[P::AdminAgent]) || r.partner(Advisor, &[P::AdminAgent]))
        },
    },
    Rule {
        name: "helpdesk_agent_views_service_health",
        effect: Effect::Allow,
        summary: "a CSP helpdesk agent of a partner holding delegated admin sees the customer's service health and incidents",
        source: "extension: csp-rules §7.1 (helpdesk agents become the customer's helpdesk administrators) and §7.3 (request support for customers)",
        matches: |r| r.action_in(HEALTH) && r.rel.delegated_admin && r.partner(Csp, &[P::HelpdeskAgent]),
    },
    Rule {
        name: "csp_agents_create_customers",
        effect: Effect::Allow,
        summary: "a CSP partner's admin agents, sales agents and global admins create customer tenants",
        source: "SPEC §7 table and first bullet; extension for global admin: csp-rules §7.3 (full access)",
        matches: |r| {
            r.action == A::CreateCustomerTenant
                && r.partner(Csp, &[P::AdminAgent, P::SalesAgent, P::GlobalAdmin])
        },
    },
    Rule {
        name: "csp_agents_manage_subscriptions",
        effect: Effect::Allow,
        summary: "the customer's CSP partner's admin agents, sales agents and global admins order, change, suspend, reactivate and cancel its subscriptions",
        source: "SPEC §7 table; extension for global admin: csp-rules §7.3 (pages Create or manage subscriptions, Cancellation policy)",
        matches: |r| {
            (r.action_in(MANAGE) || r.action_in(STOP))
                && r.rel.csp_partner
                && r.partner(Csp, &[P::AdminAgent, P::SalesAgent, P::GlobalAdmin])
        },
    },
    Rule {
        name: "csp_support_roles_manage_subscriptions",
        effect: Effect::Allow,
        summary: "the customer's CSP partner's helpdesk agents and billing admins order and change its subscriptions, but do not suspend or cancel them",
        source: "extension: csp-rules §7.3 (page Create or manage subscriptions lists both roles; Cancellation policy lists neither)",
        matches: |r| {
            r.action_in(MANAGE)
                && r.rel.csp_partner
                && r.partner(Csp, &[P::HelpdeskAgent, P::BillingAdmin])
        },
    },
    Rule {
        name: "partner_global_admin_administers_own_tenant",
        effect: Effect::Allow,
        summary: "only the partner's own global admin administers the partner's tenant (delegated admin rights do not give it)",
        source: "SPEC §7 first bullet",
        matches: |r| {
            r.action == A::AdministerPartnerTenant
                && (r.partner(Csp, &[P::GlobalAdmin]) || r.partner(Advisor, &[P::GlobalAdmin]))
        },
    },
    Rule {
        name: "csp_roles_view_price_lists",
        effect: Effect::Allow,
        summary: "a CSP partner's global admins, admin agents, sales agents and billing admins view price lists",
        source: "extension: csp-rules §7.3 (view pricing and offers)",
        matches: |r| {
            r.action == A::ViewPriceLists
                && r.partner(Csp, &[P::GlobalAdmin, P::AdminAgent, P::SalesAgent, P::BillingAdmin])
        },
    },
    Rule {
        name: "csp_billing_roles_view_invoices",
        effect: Effect::Allow,
        summary: "a CSP partner's global admins, admin agents and billing admins view invoices and reconciliation data",
        source: "extension: csp-rules §7.3 (billing, invoices and recon files)",
        matches: |r| {
            r.action == A::ViewInvoices
                && r.partner(Csp, &[P::GlobalAdmin, P::AdminAgent, P::BillingAdmin])
        },
    },
];

/// The rule every decision falls back to.
pub const DEFAULT_DENY: &str = "default_deny";
/// What `default_deny` says.
pub const DEFAULT_DENY_SUMMARY: &str = "no rule allows the action: deny by default";
/// Where `default_deny` comes from.
pub const DEFAULT_DENY_SOURCE: &str = "SPEC §7 (deny by default)";

/// The answer to "may this actor do this?".
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Decision {
    /// Allowed or not.
    pub allowed: bool,
    /// The rule that decided (`default_deny` when none matched).
    pub rule: &'static str,
    /// Why, in words.
    pub reason: String,
}

/// Decides whether `actor` may do `action`, for a partner–customer relationship and program.
/// Deny by default: only a rule of [`RULES`] allows, and the first rule that matches decides.
pub fn authorize(actor: &Actor, action: Action, rel: Relationship, program: &Program) -> Decision {
    let request = Request {
        actor,
        action,
        rel,
        program,
    };
    match RULES.iter().find(|rule| (rule.matches)(&request)) {
        Some(rule) => Decision {
            allowed: rule.effect == Effect::Allow,
            rule: rule.name,
            reason: rule.summary.to_string(),
        },
        None => Decision {
            allowed: false,
            rule: DEFAULT_DENY,
            reason: format!("no rule allows {actor} to {action} (deny by default)"),
        },
    }
}

/// One cell of the matrix: a role profile, an action, and the decision.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MatrixCell {
    /// The profile's name, e.g. `csp_sales_agent`.
    pub profile: &'static str,
    /// The actor.
    pub actor: Actor,
    /// The relationship assumed for the profile.
    pub relationship: Relationship,
    /// The action.
    pub action: Action,
    /// The decision.
    pub decision: Decision,
}

/// The role profiles of the matrix: each partner role of a CSP partner that is the
/// customer's CSP partner with delegated admin; an advisor's admin agent with delegated
/// admin; and each customer role (a global admin twice: about its CSP partner and about an
/// advisor).
pub fn profiles() -> Vec<(&'static str, Actor, Relationship)> {
    let (own, advisor) = (Relationship::CSP_WITH_DAP, Relationship::ADVISOR_WITH_DAP);
    let csp = |name, role| (name, Actor::partner(Csp, &[role]), own);
    let customer = |name, role, relationship| (name, Actor::Customer { role }, relationship);
    vec![
        csp("csp_global_admin", P::GlobalAdmin),
        csp("csp_admin_agent", P::AdminAgent),
        csp("csp_sales_agent", P::SalesAgent),
        csp("csp_helpdesk_agent", P::HelpdeskAgent),
        csp("csp_billing_admin", P::BillingAdmin),
        (
            "advisor_admin_agent",
            Actor::partner(Advisor, &[P::AdminAgent]),
            advisor,
        ),
        customer("customer_global_admin", C::GlobalAdmin, own),
        customer(
            "customer_global_admin_about_advisor",
            C::GlobalAdmin,
            advisor,
        ),
        customer("customer_other_admin", C::OtherAdmin, own),
        customer("customer_user", C::User, own),
    ]
}

/// Every (profile, action) decision for a program, profile by profile.
pub fn matrix(program: &Program) -> Vec<MatrixCell> {
    profiles()
        .into_iter()
        .flat_map(|(profile, actor, relationship)| {
            Action::ALL.iter().map(move |&action| MatrixCell {
                profile,
                decision: authorize(&actor, action, relationship, program),
                actor: actor.clone(),
                relationship,
                action,
            })
        })
        .collect()
}
