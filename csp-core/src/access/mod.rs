//! Who may do what to a customer's tenant and subscriptions, deny by default (SPEC §7).
//!
//! Every decision names the rule that made it.
//!
//! [`authorize`] evaluates the ordered [`RULES`]; the first rule that matches decides. An
//! action no rule allows is denied by `default_deny`. [`matrix`] lists every (role, action)
//! decision for a program, for a partner's support-model documentation.
//!
//! The rules implement the SPEC §7 table and its bullets, extended where Partner Center's role
//! table (`reference/csp-rules.md` §7.3) says more. Each extension says so in its rule's
//! `source`:
//! - a partner **global admin** may create customers and manage and cancel subscriptions
//!   (§7.3, pages "Create or manage subscriptions" and "Cancellation policy"), view price
//!   lists and invoices (§7.3, "agreements, price lists and offers; billing, invoices and
//!   recon files");
//! - a **helpdesk agent** and a **billing admin** may create and manage subscriptions but
//!   not suspend or cancel them (§7.3, page "Create or manage subscriptions" lists both;
//!   "Cancellation policy" lists neither), and a CSP partner's helpdesk agent with delegated
//!   admin sees
//!   service health and incidents (§7.1: the helpdesk agent group becomes the customer's
//!   helpdesk administrators; §7.3 "request support for customers");
//! - **admin agents** and **sales agents** view price lists, admin agents and billing admins
//!   view invoices and reconciliation data (§7.3).
//!
//! **The two-tier channel (SPEC-NCE §17.4).** The partner kinds of §17.1 are the values of
//! [`PartnerProgram`]: `csp` is the direct-bill partner (its name is kept, so every existing
//! actor string keeps its meaning; `direct_bill:ROLE` is read as `csp:ROLE`),
//! `indirect_provider`, `indirect_reseller` and `advisor`; [`Actor::kind`] names the kind.
//! The decisions, each by a named rule, deny by default:
//! - direct-bill partners and indirect providers keep SPEC §7's commerce decisions (pinned
//!   P26): NCE's new actions are [`Action::ChangeSubscription`] and go with ordering and
//!   seats; seat reduction is `remove_seats`; an NCE `cancel` is `cancel_subscription`, like
//!   suspend (see [`crate::subscription::nce::NceEventKind::action`]);
//! - indirect resellers never transact (`reseller_transacts_through_provider`, an explicit
//!   deny), never attest the customer agreement (`reseller_cannot_attest`), and see only
//!   their own bills from their provider (`reseller_sees_own_bills`, on
//!   [`Action::ViewResellerBills`]; Microsoft's invoices, `view_invoices`, are denied by
//!   default); they keep delegated administration where they hold it;
//! - only an indirect provider links resellers and sets the reseller of record
//!   (`provider_manages_resellers`); it also views the bills it issues to resellers
//!   (`provider_views_reseller_bills`);
//! - a commerce action (and attestation, and setting the reseller of record) needs the
//!   actor's partner's `CustomerRelationship` with the customer, which is
//!   [`Relationship::csp_partner`] (for a reseller's customer both the reseller and the
//!   provider have one); commerce never needs delegated admin; customers never act on
//!   commerce (deny by default).
//!
//! What the spec leaves open is denied by default: a reseller creating a customer tenant or
//! viewing Microsoft's price lists. Whether a link is active and the MPA signed when the
//! reseller of record is set (`reseller_not_linked`, `reseller_mpa_not_signed`) is checked
//! by the billing channel, not here: this module decides roles only.
//!
//! ```
//! use csp_core::access::{authorize, Action, Actor, Relationship};
//! use csp_core::program::Program;
//! let program = Program::legacy_2015();
//! let customer_admin: Actor = "customer:global_admin".parse()?;
//! let d = authorize(&customer_admin, Action::AddSeats, Relationship::CSP_WITH_DAP, &program);
//! assert!(!d.allowed);
//! assert_eq!(d.rule, "default_deny");
//! let agent: Actor = "csp:admin_agent".parse()?;
//! let d = authorize(&agent, Action::AddSeats, Relationship::CSP_WITH_DAP, &program);
//! assert_eq!((d.allowed, d.rule), (true, "csp_agents_manage_subscriptions"));
//! let reseller: Actor = "indirect_reseller:admin_agent".parse()?;
//! let d = authorize(&reseller, Action::AddSeats, Relationship::CSP_WITH_DAP, &program);
//! assert_eq!((d.allowed, d.rule), (false, "reseller_transacts_through_provider"));
//! # Ok::<(), csp_core::Error>(())
//! ```

mod actor;
mod rules;

pub use actor::{
    Action, Actor, ActorKind, CustomerRole, PartnerProgram, PartnerRole, Relationship,
};
pub use rules::{
    authorize, matrix, matrix_of, profiles, Decision, Effect, MatrixCell, Rule, DEFAULT_DENY,
    DEFAULT_DENY_SOURCE, DEFAULT_DENY_SUMMARY, RULES,
};

#[cfg(test)]
mod tests;
