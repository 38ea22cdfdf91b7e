//! The named access rules, the decision, and the role × action matrix (SPEC §7).

use super::actor::{
    Action, Actor, ActorKind, CustomerRole, PartnerProgram, PartnerRole, Relationship,
};
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
    /// A user of a partner whose program satisfies `program`, holding one of `roles`.
    fn partner_where(
        &self,
        program: impl Fn(PartnerProgram) -> bool,
        roles: &[PartnerRole],
    ) -> bool {
        matches!(self.actor, Actor::Partner { program: p, roles: r }
            if program(*p) && r.iter().any(|x| roles.contains(x)))
    }

    fn partner(&self, program: PartnerProgram, roles: &[PartnerRole]) -> bool {
        self.partner_where(|p| p == program, roles)
    }

    /// Any partner (every kind, advisors included).
    fn any_partner(&self, roles: &[PartnerRole]) -> bool {
        self.partner_where(|_| true, roles)
    }

    /// A CSP partner of any tier (not an advisor).
    fn csp_partner_user(&self, roles: &[PartnerRole]) -> bool {
        self.partner_where(|p| p.is_csp(), roles)
    }

    /// A partner Microsoft bills: direct bill or indirect provider (SPEC-NCE §17.1).
    fn billed_partner(&self, roles: &[PartnerRole]) -> bool {
        self.partner_where(|p| p.billed_by_microsoft(), roles)
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
use PartnerProgram::{IndirectProvider, IndirectReseller};
use PartnerRole as P;

const SERVICES: &[Action] = &[
    A::ConfigureExchangeOnline,
    A::ConfigureSharePointOnline,
    A::ConfigureSkypeForBusiness,
    A::ManageUsers,
];
const HEALTH: &[Action] = &[A::ViewServiceHealth, A::ViewServiceIncidents];
/// Order and change (NCE's new actions are a "change", SPEC-NCE §17.4, pinned P26).
const MANAGE: &[Action] = &[
    A::OrderSubscription,
    A::OrderAddOn,
    A::AddSeats,
    A::RemoveSeats,
    A::ReactivateSubscription,
    A::ChangeSubscription,
];
/// Suspend and cancel (an NCE cancel is like a suspension here).
const STOP: &[Action] = &[A::SuspendSubscription, A::CancelSubscription];
/// The roles that "do everything" in commerce (SPEC-NCE §17.4, pinned P26).
const AGENTS: &[PartnerRole] = &[P::AdminAgent, P::SalesAgent, P::GlobalAdmin];
/// The roles that see bills, invoices and reconciliation data (csp-rules §7.3).
const BILLING_ROLES: &[PartnerRole] = &[P::GlobalAdmin, P::AdminAgent, P::BillingAdmin];

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
        source: "SPEC §7 table (admin agent and advisor columns); for providers and resellers: SPEC-NCE §18.1 (each may hold delegated admin)",
        matches: |r| {
            r.action_in(SERVICES) && r.rel.delegated_admin && r.any_partner(&[P::AdminAgent])
        },
    },
    Rule {
        name: "delegated_admin_views_service_health",
        effect: Effect::Allow,
        summary: "an admin agent of a partner holding delegated admin sees the customer's service health and incidents",
        source: "SPEC §7 table (admin agent and advisor columns); seed FAQ; for providers and resellers: SPEC-NCE §18.1 (each may hold delegated admin)",
        matches: |r| {
            r.action_in(HEALTH) && r.rel.delegated_admin && r.any_partner(&[P::AdminAgent])
        },
    },
    Rule {
        name: "helpdesk_agent_views_service_health",
        effect: Effect::Allow,
        summary: "a CSP helpdesk agent (direct bill, provider or reseller) of a partner holding delegated admin sees the customer's service health and incidents",
        source: "extension: csp-rules §7.1 (helpdesk agents become the customer's helpdesk administrators) and §7.3 (request support for customers)",
        matches: |r| {
            r.action_in(HEALTH) && r.rel.delegated_admin && r.csp_partner_user(&[P::HelpdeskAgent])
        },
    },
    Rule {
        name: "reseller_cannot_attest",
        effect: Effect::Deny,
        summary: "an indirect reseller cannot attest the customer's acceptance of the Microsoft Customer Agreement: its indirect provider does",
        source: "SPEC-NCE §17.4; PC confirm-customer-agreement (csp-rules §1: indirect resellers cannot attest)",
        matches: |r| {
            r.action == A::AttestCustomerAgreement
                && matches!(r.actor, Actor::Partner { program: IndirectReseller, .. })
        },
    },
    Rule {
        name: "reseller_transacts_through_provider",
        effect: Effect::Deny,
        summary: "an indirect reseller does not order, change, suspend, reactivate or cancel subscriptions: its indirect provider transacts for it",
        source: "SPEC-NCE §17.1 and §17.4; PC create-a-new-subscription, PC indirect-reseller-tasks-in-partner-center (resellers buy from their provider)",
        matches: |r| {
            (r.action_in(MANAGE) || r.action_in(STOP))
                && matches!(r.actor, Actor::Partner { program: IndirectReseller, .. })
        },
    },
    Rule {
        name: "csp_agents_create_customers",
        effect: Effect::Allow,
        summary: "a direct-bill partner's or indirect provider's admin agents, sales agents and global admins create customer tenants",
        source: "SPEC §7 table and first bullet; extension for global admin: csp-rules §7.3 (full access); providers: SPEC-NCE §17.4 (pinned P26)",
        matches: |r| r.action == A::CreateCustomerTenant && r.billed_partner(AGENTS),
    },
    Rule {
        name: "csp_agents_manage_subscriptions",
        effect: Effect::Allow,
        summary: "the admin agents, sales agents and global admins of the customer's direct-bill partner or indirect provider order, change, suspend, reactivate and cancel its subscriptions",
        source: "SPEC §7 table; extension for global admin: csp-rules §7.3 (pages Create or manage subscriptions, Cancellation policy); providers and NCE changes: SPEC-NCE §17.4 (pinned P26)",
        matches: |r| {
            (r.action_in(MANAGE) || r.action_in(STOP))
                && r.rel.csp_partner
                && r.billed_partner(AGENTS)
        },
    },
    Rule {
        name: "csp_support_roles_manage_subscriptions",
        effect: Effect::Allow,
        summary: "the helpdesk agents and billing admins of the customer's direct-bill partner or indirect provider order and change its subscriptions, but do not suspend or cancel them",
        source: "extension: csp-rules §7.3 (page Create or manage subscriptions lists both roles; Cancellation policy lists neither); providers and NCE changes: SPEC-NCE §17.4 (pinned P26)",
        matches: |r| {
            r.action_in(MANAGE)
                && r.rel.csp_partner
                && r.billed_partner(&[P::HelpdeskAgent, P::BillingAdmin])
        },
    },
    Rule {
        name: "csp_agents_attest_customer_agreement",
        effect: Effect::Allow,
        summary: "the admin agents, sales agents and global admins of the customer's direct-bill partner or indirect provider attest its acceptance of the Microsoft Customer Agreement",
        source: "PC confirm-customer-agreement (csp-rules §1 and §7.3: admin agent or sales agent); extension for global admin: csp-rules §7.3 (agreements; full access) and SPEC-NCE §17.4 (pinned P26)",
        matches: |r| {
            r.action == A::AttestCustomerAgreement && r.rel.csp_partner && r.billed_partner(AGENTS)
        },
    },
    Rule {
        name: "provider_manages_resellers",
        effect: Effect::Allow,
        summary: "only an indirect provider links resellers and sets the reseller of record (the latter on its own customers): its admin agents, sales agents and global admins",
        source: "SPEC-NCE §17.1 and §17.4; PC indirect-reseller-tasks-in-partner-center, PC dev/create-an-order-for-a-customer-of-an-indirect-reseller; roles: csp-rules §7.3 (register value-added resellers, enroll VARs)",
        matches: |r| {
            (r.action == A::LinkReseller || (r.action == A::SetResellerOfRecord && r.rel.csp_partner))
                && r.partner(IndirectProvider, AGENTS)
        },
    },
    Rule {
        name: "partner_global_admin_administers_own_tenant",
        effect: Effect::Allow,
        summary: "only the partner's own global admin administers the partner's tenant (delegated admin rights do not give it)",
        source: "SPEC §7 first bullet",
        matches: |r| r.action == A::AdministerPartnerTenant && r.any_partner(&[P::GlobalAdmin]),
    },
    Rule {
        name: "csp_roles_view_price_lists",
        effect: Effect::Allow,
        summary: "a direct-bill partner's or indirect provider's global admins, admin agents, sales agents and billing admins view price lists",
        source: "extension: csp-rules §7.3 (view pricing and offers); providers: SPEC-NCE §17.4 (pinned P26)",
        matches: |r| {
            r.action == A::ViewPriceLists
                && r.billed_partner(&[P::GlobalAdmin, P::AdminAgent, P::SalesAgent, P::BillingAdmin])
        },
    },
    Rule {
        name: "csp_billing_roles_view_invoices",
        effect: Effect::Allow,
        summary: "a direct-bill partner's or indirect provider's global admins, admin agents and billing admins view Microsoft's invoices and reconciliation data",
        source: "extension: csp-rules §7.3 (billing, invoices and recon files); providers: SPEC-NCE §17.1 (Microsoft bills direct-bill partners and providers)",
        matches: |r| r.action == A::ViewInvoices && r.billed_partner(BILLING_ROLES),
    },
    Rule {
        name: "provider_views_reseller_bills",
        effect: Effect::Allow,
        summary: "an indirect provider's global admins, admin agents and billing admins view the bills it issues to its resellers (hop 1)",
        source: "extension: SPEC-NCE §17.2 (hop 1: provider → reseller); roles: csp-rules §7.3 (billing, invoices and recon files)",
        matches: |r| r.action == A::ViewResellerBills && r.partner(IndirectProvider, BILLING_ROLES),
    },
    Rule {
        name: "reseller_sees_own_bills",
        effect: Effect::Allow,
        summary: "an indirect reseller's global admins, admin agents and billing admins see their own bills from their provider (hop 1) only: not Microsoft's invoices or recon files, which go to the provider",
        source: "SPEC-NCE §17.4 and §17.2 (hop 1); PC indirect-reseller-tasks-in-partner-center (resellers buy from their provider); roles: csp-rules §7.3",
        matches: |r| r.action == A::ViewResellerBills && r.partner(IndirectReseller, BILLING_ROLES),
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

/// The role profiles of the matrix: each partner role of a direct-bill partner (`csp_…`), an
/// indirect provider (`provider_…`) and an indirect reseller (`reseller_…`), each the
/// customer's partner (its `CustomerRelationship`, SPEC-NCE §17.1: a reseller's customer has
/// one with both) holding delegated admin; an advisor's admin agent with delegated admin; and
/// each customer role (a global admin twice: about its CSP partner and about an advisor).
pub fn profiles() -> Vec<(&'static str, Actor, Relationship)> {
    use PartnerProgram::{Advisor, Csp};
    let (own, advisor) = (Relationship::CSP_WITH_DAP, Relationship::ADVISOR_WITH_DAP);
    let partner = |name, program, role| (name, Actor::partner(program, &[role]), own);
    let customer = |name, role, relationship| (name, Actor::Customer { role }, relationship);
    vec![
        partner("csp_global_admin", Csp, P::GlobalAdmin),
        partner("csp_admin_agent", Csp, P::AdminAgent),
        partner("csp_sales_agent", Csp, P::SalesAgent),
        partner("csp_helpdesk_agent", Csp, P::HelpdeskAgent),
        partner("csp_billing_admin", Csp, P::BillingAdmin),
        partner("provider_global_admin", IndirectProvider, P::GlobalAdmin),
        partner("provider_admin_agent", IndirectProvider, P::AdminAgent),
        partner("provider_sales_agent", IndirectProvider, P::SalesAgent),
        partner(
            "provider_helpdesk_agent",
            IndirectProvider,
            P::HelpdeskAgent,
        ),
        partner("provider_billing_admin", IndirectProvider, P::BillingAdmin),
        partner("reseller_global_admin", IndirectReseller, P::GlobalAdmin),
        partner("reseller_admin_agent", IndirectReseller, P::AdminAgent),
        partner("reseller_sales_agent", IndirectReseller, P::SalesAgent),
        partner(
            "reseller_helpdesk_agent",
            IndirectReseller,
            P::HelpdeskAgent,
        ),
        partner("reseller_billing_admin", IndirectReseller, P::BillingAdmin),
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
    cells(program, profiles())
}

/// The matrix restricted to the profiles whose actor is of one of `kinds`
/// ([`Actor::kind`]), in [`profiles`] order; e.g. an indirect reseller's support-model
/// document.
///
/// ```
/// use csp_core::access::{matrix_of, Action, ActorKind};
/// use csp_core::program::Program;
/// let cells = matrix_of(&Program::nce(), &[ActorKind::IndirectReseller]);
/// assert_eq!(cells.len(), 5 * Action::ALL.len());
/// let order = cells
///     .iter()
///     .find(|c| c.profile == "reseller_admin_agent" && c.action == Action::OrderSubscription)
///     .map(|c| (c.decision.allowed, c.decision.rule));
/// assert_eq!(order, Some((false, "reseller_transacts_through_provider")));
/// ```
pub fn matrix_of(program: &Program, kinds: &[ActorKind]) -> Vec<MatrixCell> {
    let chosen = profiles()
        .into_iter()
        .filter(|(_, actor, _)| kinds.contains(&actor.kind()))
        .collect();
    cells(program, chosen)
}

fn cells(program: &Program, profiles: Vec<(&'static str, Actor, Relationship)>) -> Vec<MatrixCell> {
    profiles
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
