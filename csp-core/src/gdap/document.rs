//! The JSON form of GDAP relationships, DAP grants and partner users: one document, read by
//! one strict reader, shared by the CLI and the bindings (feature `serde`).

use std::collections::{BTreeSet, HashSet};

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::decide::{decide, DapGrant, PartnerUser};
use super::duration::{AutoExtend, GdapDuration};
use super::relationship::{GdapChange, GdapEvent, GdapRelationship, GdapRequest};
use super::role::{GdapAction, GdapRole};
use super::timeline::GdapTimeline;
use crate::access::{Actor, Decision, PartnerProgram, PartnerRole};
use crate::error::{Error, Result};
use crate::input::json_doc::tracked;
use crate::program::{GdapRules, Program};

/// A GDAP document: the program, the partners' users, the DAP grants and the relationships
/// with their events, validated (SPEC-NCE §18).
///
/// ```
/// use csp_core::gdap::{GdapAction, GdapDocument};
/// use csp_core::input::instant;
/// let doc = GdapDocument::from_json(r#"{
///   "users": [{"id": "ann", "partner": "contoso", "roles": ["admin_agent"], "groups": ["helpdesk"]}],
///   "relationships": [{
///     "id": "rel-1", "partner": "contoso", "customer": "fabrikam",
///     "roles": ["helpdesk_administrator"], "duration": "P30D",
///     "created_at": "2025-01-01T00:00:00Z", "requested_by": "csp:admin_agent",
///     "events": [
///       {"type": "approve", "at": "2025-01-02T00:00:00Z", "by": "customer:global_admin"},
///       {"type": "assign", "at": "2025-01-02T00:00:00Z", "group": "helpdesk", "roles": ["helpdesk_administrator"]}
///     ]
///   }]
/// }"#)?;
/// let d = doc.decide("ann", GdapAction::ResetUserPassword, "fabrikam", instant("2025-01-10")?)?;
/// assert_eq!((d.allowed, d.rule), (true, "gdap_role_grants"));
/// // P30D from 2025-01-02: ended at 2025-02-01T00:00Z; no DAP grant either.
/// let d = doc.decide("ann", GdapAction::ResetUserPassword, "fabrikam", instant("2025-02-01")?)?;
/// assert_eq!((d.allowed, d.rule), (false, "default_deny"));
/// # Ok::<(), csp_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GdapDocument {
    /// The program whose `gdap` numbers apply (`nce` unless named).
    pub program: Program,
    /// The partners' users.
    pub users: Vec<PartnerUser>,
    /// The DAP grants.
    pub dap: Vec<DapGrant>,
    /// The relationships.
    pub relationships: Vec<GdapRelationship>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocument {
    #[serde(default)]
    program: Option<String>,
    #[serde(default)]
    users: Vec<RawUser>,
    #[serde(default)]
    dap: Vec<RawDap>,
    #[serde(default)]
    relationships: Vec<RawRelationship>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUser {
    id: String,
    partner: String,
    #[serde(default = "csp")]
    program: PartnerProgram,
    #[serde(default)]
    roles: Vec<PartnerRole>,
    #[serde(default)]
    groups: BTreeSet<String>,
}

fn csp() -> PartnerProgram {
    PartnerProgram::Csp
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDap {
    partner: String,
    customer: String,
    #[serde(with = "crate::input::serde_fields::instant")]
    granted_at: DateTime<Utc>,
    #[serde(
        default,
        deserialize_with = "crate::input::serde_fields::instant_opt::deserialize"
    )]
    removed_at: Option<DateTime<Utc>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelationship {
    id: String,
    partner: String,
    customer: String,
    #[serde(default)]
    name: Option<String>,
    roles: BTreeSet<GdapRole>,
    duration: String,
    #[serde(default)]
    auto_extend: Option<String>,
    #[serde(with = "crate::input::serde_fields::instant")]
    created_at: DateTime<Utc>,
    #[serde(deserialize_with = "actor")]
    requested_by: Actor,
    #[serde(default)]
    events: Vec<RawEvent>,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
enum RawEvent {
    Approve {
        #[serde(with = "crate::input::serde_fields::instant")]
        at: DateTime<Utc>,
        #[serde(deserialize_with = "actor")]
        by: Actor,
    },
    SetRoles {
        #[serde(with = "crate::input::serde_fields::instant")]
        at: DateTime<Utc>,
        roles: BTreeSet<GdapRole>,
    },
    SetDuration {
        #[serde(with = "crate::input::serde_fields::instant")]
        at: DateTime<Utc>,
        duration: String,
    },
    Rename {
        #[serde(with = "crate::input::serde_fields::instant")]
        at: DateTime<Utc>,
        name: String,
    },
    SetAutoExtend {
        #[serde(with = "crate::input::serde_fields::instant")]
        at: DateTime<Utc>,
        auto_extend: String,
    },
    Assign {
        #[serde(with = "crate::input::serde_fields::instant")]
        at: DateTime<Utc>,
        group: String,
        roles: BTreeSet<GdapRole>,
    },
    Unassign {
        #[serde(with = "crate::input::serde_fields::instant")]
        at: DateTime<Utc>,
        group: String,
    },
    Terminate {
        #[serde(with = "crate::input::serde_fields::instant")]
        at: DateTime<Utc>,
        #[serde(deserialize_with = "actor")]
        by: Actor,
    },
}

/// An actor in its text form (`csp:admin_agent`, `customer:global_admin`).
fn actor<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Actor, D::Error> {
    let text = <std::borrow::Cow<'de, str> as Deserialize>::deserialize(d)?;
    text.parse().map_err(serde::de::Error::custom)
}

impl RawEvent {
    fn into_event(self, rules: &GdapRules) -> Result<GdapEvent> {
        let (at, change) = match self {
            RawEvent::Approve { at, by } => (at, GdapChange::Approve { by }),
            RawEvent::SetRoles { at, roles } => (at, GdapChange::SetRoles { roles }),
            RawEvent::SetDuration { at, duration } => (
                at,
                GdapChange::SetDuration {
                    duration: GdapDuration::parse(&duration, rules)?,
                },
            ),
            RawEvent::Rename { at, name } => (at, GdapChange::Rename { name }),
            RawEvent::SetAutoExtend { at, auto_extend } => (
                at,
                GdapChange::SetAutoExtend {
                    auto_extend: AutoExtend::parse(&auto_extend, rules)?,
                },
            ),
            RawEvent::Assign { at, group, roles } => (
                at,
                GdapChange::Assign {
                    group: id(&group, "security group")?,
                    roles,
                },
            ),
            RawEvent::Unassign { at, group } => (
                at,
                GdapChange::Unassign {
                    group: id(&group, "security group")?,
                },
            ),
            RawEvent::Terminate { at, by } => (at, GdapChange::Terminate { by }),
        };
        Ok(GdapEvent { at, change })
    }
}

impl GdapDocument {
    /// Reads and validates a document (every entry point's one reader).
    ///
    /// # Errors
    /// `invalid_scenario` (with path, line and column) for JSON that is not such a document
    /// (an unknown field, a bad instant, role or actor); `invalid_input` for a program without
    /// GDAP rules, a repeated user or relationship id; the refusals of
    /// [`GdapDuration::parse`], [`AutoExtend::parse`] and [`GdapRelationship::new`].
    pub fn from_json(text: &str) -> Result<GdapDocument> {
        let raw: RawDocument = tracked(text)?;
        let program: Program = raw.program.as_deref().unwrap_or("nce").parse()?;
        let rules = program.gdap.clone().ok_or_else(|| Error::InvalidInput {
            what: "GDAP program",
            text: program.name.clone(),
            expected: "a program with GDAP rules (nce or nce_launch_2022)",
        })?;
        let mut seen = HashSet::new();
        let mut users = Vec::with_capacity(raw.users.len());
        for u in raw.users {
            let user_id = id(&u.id, "user id")?;
            if !seen.insert(user_id.clone()) {
                return Err(duplicate("user id", &user_id));
            }
            users.push(PartnerUser {
                id: user_id,
                partner: id(&u.partner, "partner id")?,
                program: u.program,
                roles: u.roles,
                groups: u
                    .groups
                    .iter()
                    .map(|g| id(g, "security group"))
                    .collect::<Result<_>>()?,
            });
        }
        let dap = raw
            .dap
            .into_iter()
            .map(|g| {
                Ok(DapGrant {
                    partner: id(&g.partner, "partner id")?,
                    customer: id(&g.customer, "customer id")?,
                    granted_at: g.granted_at,
                    removed_at: g.removed_at,
                })
            })
            .collect::<Result<_>>()?;
        let mut seen = HashSet::new();
        let mut relationships = Vec::with_capacity(raw.relationships.len());
        for r in raw.relationships {
            let rel_id = id(&r.id, "relationship id")?;
            if !seen.insert(rel_id.clone()) {
                return Err(duplicate("relationship id", &rel_id));
            }
            let request = GdapRequest {
                name: r.name.unwrap_or_else(|| rel_id.clone()),
                id: rel_id,
                partner: id(&r.partner, "partner id")?,
                customer: id(&r.customer, "customer id")?,
                roles: r.roles,
                duration: GdapDuration::parse(&r.duration, &rules)?,
                auto_extend: match r.auto_extend {
                    Some(a) => AutoExtend::parse(&a, &rules)?,
                    None => AutoExtend::Off,
                },
                created_at: r.created_at,
                requested_by: r.requested_by,
            };
            let events = r
                .events
                .into_iter()
                .map(|e| e.into_event(&rules))
                .collect::<Result<Vec<_>>>()?;
            relationships.push(GdapRelationship::new(request, events, rules.clone())?);
        }
        Ok(GdapDocument {
            program,
            users,
            dap,
            relationships,
        })
    }

    /// The user of that id.
    ///
    /// # Errors
    /// `invalid_input` for an unknown user.
    pub fn user(&self, id: &str) -> Result<&PartnerUser> {
        self.users
            .iter()
            .find(|u| u.id == id)
            .ok_or_else(|| Error::InvalidInput {
                what: "GDAP user",
                text: crate::error::shortened(id.to_string(), 100),
                expected: "the id of a user of the document",
            })
    }

    /// [`decide`] for the user of that id, with the document's relationships, grants and
    /// program.
    ///
    /// # Errors
    /// `invalid_input` for an unknown user.
    pub fn decide(
        &self,
        user: &str,
        action: GdapAction,
        customer: &str,
        at: DateTime<Utc>,
    ) -> Result<Decision> {
        decide(
            self.user(user)?,
            action,
            customer,
            at,
            &self.relationships,
            &self.dap,
            &self.program,
        )
    }

    /// Every relationship's timeline as of `as_of`, in document order.
    ///
    /// # Errors
    /// Only `internal_error`.
    pub fn timelines(&self, as_of: DateTime<Utc>) -> Result<Vec<GdapTimeline>> {
        self.relationships
            .iter()
            .map(|r| r.timeline(as_of))
            .collect()
    }
}

/// An id read by the one reader of ids (trimmed, non-empty, no control characters).
fn id(text: &str, what: &'static str) -> Result<String> {
    crate::input::id(text, what).map(str::to_string)
}

fn duplicate(what: &'static str, id: &str) -> Error {
    Error::InvalidInput {
        what,
        text: crate::error::shortened(id.to_string(), 100),
        expected: "an id used once in the document",
    }
}
