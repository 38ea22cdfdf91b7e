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
//! # Ok::<(), csp_core::Error>(())
//! ```

mod actor;
mod rules;

pub use actor::{Action, Actor, CustomerRole, PartnerProgram, PartnerRole, Relationship};
pub use rules::{
    authorize, matrix, profiles, Decision, Effect, MatrixCell, Rule, DEFAULT_DENY,
    DEFAULT_DENY_SOURCE, DEFAULT_DENY_SUMMARY, RULES,
};

#[cfg(test)]
mod tests;
