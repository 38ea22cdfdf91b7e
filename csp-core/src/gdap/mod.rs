//! GDAP: granular delegated admin privileges, time-bound and role-scoped (SPEC-NCE §18).
//!
//! A [`GdapRelationship`] is a partner's [`GdapRequest`] plus its dated [`GdapEvent`]s
//! (approval by the customer's Global Administrator, role, duration, name and auto-extend
//! changes, access assignments of security groups, termination by either side), validated
//! under the program's [`GdapRules`](crate::program::GdapRules) (`Program::gdap`). Its
//! timeline is queried at an instant, never a clock: [`GdapRelationship::status_at`],
//! [`GdapRelationship::end_at_as_of`], [`GdapRelationship::extensions`],
//! [`GdapRelationship::notices_due`], [`GdapRelationship::active_interval`],
//! [`GdapRelationship::access_days`]. [`decide`] combines GDAP with SPEC §7's DAP decisions
//! (SPEC-NCE §18.2), naming its rule like [`access::authorize`](crate::access::authorize).
//!
//! ```
//! use csp_core::gdap::*;
//! use csp_core::input::instant;
//! use csp_core::program::Program;
//! let rules = Program::nce().gdap.unwrap();
//! let request = GdapRequest {
//!     id: "rel-1".into(), partner: "contoso".into(), customer: "fabrikam".into(),
//!     name: "helpdesk".into(),
//!     roles: [GdapRole::HelpdeskAdministrator, GdapRole::GlobalReader].into(),
//!     duration: GdapDuration::parse("P1Y", &rules)?,
//!     auto_extend: AutoExtend::parse("P180D", &rules)?,
//!     created_at: instant("2024-02-20T09:00:00Z")?,
//!     requested_by: "csp:admin_agent".parse()?,
//! };
//! let approve = GdapEvent { at: instant("2024-02-29T10:00:00Z")?,
//!     change: GdapChange::Approve { by: "customer:global_admin".parse()? } };
//! let rel = GdapRelationship::new(request, vec![approve], rules)?;
//! // P1Y from 29 February ends on 28 February; it then moves by 180 days.
//! assert_eq!(rel.end_at_as_of(instant("2025-01-01")?)?, Some(instant("2025-02-28T10:00:00Z")?));
//! assert_eq!(rel.extensions(instant("2025-03-01")?)?, vec![instant("2025-02-28T10:00:00Z")?]);
//! assert_eq!(rel.end_at_as_of(instant("2025-03-01")?)?, Some(instant("2025-08-27T10:00:00Z")?));
//! # Ok::<(), csp_core::Error>(())
//! ```

mod decide;
#[cfg(feature = "serde")]
mod document;
mod duration;
mod relationship;
mod role;
mod timeline;

pub use decide::{
    decide, DapGrant, PartnerUser, DAP_ROLE_EQUIVALENT, GDAP_PRECEDENCE, GDAP_ROLE_GRANTS,
};
#[cfg(feature = "serde")]
pub use document::GdapDocument;
pub use duration::{AutoExtend, GdapDuration};
pub use relationship::{
    GdapChange, GdapEvent, GdapRelationship, GdapRequest, GdapState, GdapStatus,
};
pub use role::{GdapAction, GdapRole, GRANTS};
pub use timeline::{ActiveInterval, GdapTimeline};

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;
