//! A GDAP relationship: its request, its explicit events, and the replay that validates them
//! (SPEC-NCE §18.1).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};

use super::duration::{AutoExtend, GdapDuration};
use super::role::GdapRole;
use crate::access::{Actor, CustomerRole, PartnerRole};
use crate::error::{Error, Result};
use crate::program::GdapRules;

/// A relationship's status (SPEC-NCE §18.1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum GdapStatus {
    /// Requested, waiting for the customer's approval.
    Pending,
    /// Approved and not yet ended: access may be assigned and used.
    Active,
    /// Reached its end without auto-extend (final).
    Expired,
    /// Ended by the partner or the customer (final).
    Terminated,
    /// Not approved within `request_expiry_days` (final).
    RequestExpired,
}

impl GdapStatus {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            GdapStatus::Pending => "pending",
            GdapStatus::Active => "active",
            GdapStatus::Expired => "expired",
            GdapStatus::Terminated => "terminated",
            GdapStatus::RequestExpired => "request_expired",
        }
    }
}

/// A partner's request: the relationship as created, `pending` (SPEC-NCE §18.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GdapRequest {
    /// The relationship id.
    pub id: String,
    /// The partner (direct-bill partner, provider or reseller) that requests.
    pub partner: String,
    /// The customer asked to approve.
    pub customer: String,
    /// The display name.
    pub name: String,
    /// The roles asked for.
    pub roles: BTreeSet<GdapRole>,
    /// How long it lasts once approved.
    pub duration: GdapDuration,
    /// Auto-extend as requested.
    pub auto_extend: AutoExtend,
    /// When it was requested.
    pub created_at: DateTime<Utc>,
    /// Who requested: an admin agent of the partner (SPEC-NCE §18.1.8).
    pub requested_by: Actor,
}

/// What happened to a relationship after its request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GdapChange {
    /// The customer's approval (SPEC-NCE §18.1.3).
    Approve {
        /// Who approved: the customer's Global Administrator.
        by: Actor,
    },
    /// New roles: any while pending; while active only Global Administrator's removal.
    SetRoles {
        /// The roles after the change.
        roles: BTreeSet<GdapRole>,
    },
    /// A new duration (pending only).
    SetDuration {
        /// The duration after the change.
        duration: GdapDuration,
    },
    /// A new display name (pending only).
    Rename {
        /// The name after the change.
        name: String,
    },
    /// Auto-extend on or off (pending or active).
    SetAutoExtend {
        /// The value after the change.
        auto_extend: AutoExtend,
    },
    /// An access assignment: the members of a security group get a subset of the roles
    /// (active only; a group's new assignment replaces its old one).
    Assign {
        /// The security group.
        group: String,
        /// Its roles, a subset of the relationship's.
        roles: BTreeSet<GdapRole>,
    },
    /// Removes a security group's access assignment (active only).
    Unassign {
        /// The security group.
        group: String,
    },
    /// Ends the relationship (pending or active; SPEC-NCE §18.1.7).
    Terminate {
        /// Who ended it: the partner's admin agent or the customer's Global Administrator.
        by: Actor,
    },
}

impl GdapChange {
    /// The snake_case name of the change (its `type` in documents).
    pub fn kind(&self) -> &'static str {
        match self {
            GdapChange::Approve { .. } => "approve",
            GdapChange::SetRoles { .. } => "set_roles",
            GdapChange::SetDuration { .. } => "set_duration",
            GdapChange::Rename { .. } => "rename",
            GdapChange::SetAutoExtend { .. } => "set_auto_extend",
            GdapChange::Assign { .. } => "assign",
            GdapChange::Unassign { .. } => "unassign",
            GdapChange::Terminate { .. } => "terminate",
        }
    }
}

/// One dated event of a relationship.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GdapEvent {
    /// When (UTC, whole seconds).
    pub at: DateTime<Utc>,
    /// What.
    pub change: GdapChange,
}

/// A relationship's state at an instant: the result of replaying its request, the automatic
/// steps (request expiry, expiry, auto-extension) and the events up to that instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GdapState {
    /// The status.
    pub status: GdapStatus,
    /// The display name.
    pub name: String,
    /// The roles held.
    pub roles: BTreeSet<GdapRole>,
    /// The duration.
    pub duration: GdapDuration,
    /// Auto-extend.
    pub auto_extend: AutoExtend,
    /// When approved.
    pub activated_at: Option<DateTime<Utc>>,
    /// The end: `activated_at + duration`, moved by each auto-extension.
    pub end_at: Option<DateTime<Utc>>,
    /// When it was terminated.
    pub terminated_at: Option<DateTime<Utc>>,
    /// When it became `expired` or `request_expired`.
    pub lapsed_at: Option<DateTime<Utc>>,
    /// The instants it auto-extended at (each an end reached while auto-extend was on).
    pub extensions: Vec<DateTime<Utc>>,
    /// The access assignments: security group → roles.
    pub assignments: BTreeMap<String, BTreeSet<GdapRole>>,
}

/// A validated GDAP relationship: its request, its events in the order they apply, and the
/// program's GDAP numbers. Every query replays them up to its instant, so a query at `at`
/// depends only on what happened at or before `at` (SPEC-NCE §18.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GdapRelationship {
    request: GdapRequest,
    events: Vec<GdapEvent>,
    rules: GdapRules,
}

impl GdapRelationship {
    /// Validates `request` and `events` (sorted by `at`, ties in the order given) under
    /// `rules` (SPEC-NCE §18.1).
    ///
    /// # Errors
    /// `not_permitted` for a request not by a partner admin agent, an approval not by the
    /// customer's Global Administrator, a termination by anyone else than those two;
    /// `gdap_autoextend_global_admin`, `gdap_not_pending`, `gdap_not_active`,
    /// `gdap_request_expired`, `gdap_role_change_not_allowed` as §18.1 says; `invalid_input`
    /// for an empty role set, an event before `created_at`, or an assignment of a role the
    /// relationship does not hold.
    pub fn new(
        request: GdapRequest,
        mut events: Vec<GdapEvent>,
        rules: GdapRules,
    ) -> Result<GdapRelationship> {
        events.sort_by_key(|e| e.at);
        let rel = GdapRelationship {
            request,
            events,
            rules,
        };
        rel.replay(None)?;
        Ok(rel)
    }

    /// The request.
    pub fn request(&self) -> &GdapRequest {
        &self.request
    }

    /// The events, in the order they apply.
    pub fn events(&self) -> &[GdapEvent] {
        &self.events
    }

    /// The GDAP numbers it was validated with.
    pub fn rules(&self) -> &GdapRules {
        &self.rules
    }

    /// The relationship id.
    pub fn id(&self) -> &str {
        &self.request.id
    }

    /// The state after everything at or before `at`; `None` before `created_at`.
    ///
    /// # Errors
    /// None for a relationship built by [`GdapRelationship::new`] (the replay was checked);
    /// `internal_error` if an end is out of chrono's range.
    pub fn state_at(&self, at: DateTime<Utc>) -> Result<Option<GdapState>> {
        if at < self.request.created_at {
            return Ok(None);
        }
        self.replay(Some(at)).map(Some)
    }

    /// Replays everything (or everything at or before `until`).
    fn replay(&self, until: Option<DateTime<Utc>>) -> Result<GdapState> {
        let r = &self.request;
        if r.roles.is_empty() {
            return Err(Error::InvalidInput {
                what: "GDAP roles",
                text: String::new(),
                expected: "at least one role",
            });
        }
        permit(
            &r.requested_by,
            is_partner_admin_agent,
            "request_gdap_relationship",
            "gdap_admin_agent_requests",
            "only a partner's admin agent requests a GDAP relationship (SPEC-NCE §18.1.8)",
        )?;
        let mut s = GdapState {
            status: GdapStatus::Pending,
            name: r.name.clone(),
            roles: r.roles.clone(),
            duration: r.duration,
            auto_extend: r.auto_extend,
            activated_at: None,
            end_at: None,
            terminated_at: None,
            lapsed_at: None,
            extensions: Vec::new(),
            assignments: BTreeMap::new(),
        };
        self.check_auto_extend(&s)?;
        for e in &self.events {
            if until.is_some_and(|u| e.at > u) {
                break;
            }
            if e.at < r.created_at {
                return Err(Error::InvalidInput {
                    what: "GDAP event instant",
                    text: crate::subscription::nce::instant_text(e.at),
                    expected: "an instant at or after the relationship's created_at",
                });
            }
            self.advance(&mut s, e.at)?;
            self.apply(&mut s, e)?;
        }
        if let Some(u) = until {
            self.advance(&mut s, u)?;
        }
        Ok(s)
    }

    /// The automatic steps at or before `to`: request expiry, expiry, auto-extension.
    fn advance(&self, s: &mut GdapState, to: DateTime<Utc>) -> Result<()> {
        match s.status {
            GdapStatus::Pending => {
                let expires = self.request_expires_at();
                if expires <= to {
                    s.status = GdapStatus::RequestExpired;
                    s.lapsed_at = Some(expires);
                }
            }
            GdapStatus::Active => {
                let step = Duration::days(i64::from(self.rules.auto_extend_days));
                while let Some(end) = s.end_at.filter(|end| *end <= to) {
                    if s.auto_extend == AutoExtend::On && step > Duration::zero() {
                        s.extensions.push(end);
                        s.end_at = Some(end.checked_add_signed(step).ok_or_else(|| {
                            Error::internal("gdap", "an auto-extended end is out of range")
                        })?);
                    } else {
                        s.status = GdapStatus::Expired;
                        s.lapsed_at = Some(end);
                        break;
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// `created_at + request_expiry_days` (the calendar's last instant for rules whose days
    /// would pass it: never a panic, whatever the rules).
    pub fn request_expires_at(&self) -> DateTime<Utc> {
        self.request
            .created_at
            .checked_add_signed(Duration::days(i64::from(self.rules.request_expiry_days)))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    fn check_auto_extend(&self, s: &GdapState) -> Result<()> {
        if s.auto_extend == AutoExtend::On && s.roles.contains(&GdapRole::GlobalAdministrator) {
            return Err(Error::GdapAutoextendGlobalAdmin {
                relationship: self.request.id.clone(),
            });
        }
        Ok(())
    }

    fn not_pending(&self, s: &GdapState, change: &GdapChange) -> Error {
        Error::GdapNotPending {
            relationship: self.request.id.clone(),
            status: s.status.as_str(),
            change: change.kind(),
        }
    }

    fn not_active(&self, s: &GdapState, change: &GdapChange, needs: &'static str) -> Error {
        Error::GdapNotActive {
            relationship: self.request.id.clone(),
            status: s.status.as_str(),
            change: change.kind(),
            needs,
        }
    }

    fn apply(&self, s: &mut GdapState, e: &GdapEvent) -> Result<()> {
        use GdapStatus::{Active, Pending};
        let live = matches!(s.status, Pending | Active);
        match &e.change {
            GdapChange::Approve { by } => {
                if s.status == GdapStatus::RequestExpired {
                    return Err(Error::GdapRequestExpired {
                        relationship: self.request.id.clone(),
                        at: crate::subscription::nce::instant_text(e.at),
                        expired_at: crate::subscription::nce::instant_text(
                            self.request_expires_at(),
                        ),
                    });
                }
                if s.status != Pending {
                    return Err(self.not_pending(s, &e.change));
                }
                permit(
                    by,
                    |a| matches!(a, Actor::Customer { role: CustomerRole::GlobalAdmin }),
                    "approve_gdap_relationship",
                    "gdap_customer_global_admin_approves",
                    "only the customer's Global Administrator approves a GDAP relationship (SPEC-NCE §18.1.3)",
                )?;
                s.status = Active;
                s.activated_at = Some(e.at);
                s.end_at = Some(s.duration.end_at(e.at)?);
            }
            GdapChange::SetRoles { roles } => {
                if roles.is_empty() {
                    return Err(Error::InvalidInput {
                        what: "GDAP roles",
                        text: String::new(),
                        expected: "at least one role",
                    });
                }
                match s.status {
                    Pending => {}
                    Active => {
                        let mut without = s.roles.clone();
                        without.remove(&GdapRole::GlobalAdministrator);
                        if !s.roles.contains(&GdapRole::GlobalAdministrator) || *roles != without {
                            return Err(Error::GdapRoleChangeNotAllowed {
                                relationship: self.request.id.clone(),
                                detail: format!(
                                    "its roles {} can only lose global_administrator, not become {}",
                                    names(&s.roles),
                                    names(roles)
                                ),
                            });
                        }
                    }
                    _ => return Err(self.not_pending(s, &e.change)),
                }
                let before = std::mem::replace(&mut s.roles, roles.clone());
                if let Err(err) = self.check_auto_extend(s) {
                    s.roles = before;
                    return Err(err);
                }
                for granted in s.assignments.values_mut() {
                    granted.retain(|r| roles.contains(r));
                }
            }
            GdapChange::SetDuration { duration } => {
                if s.status != Pending {
                    return Err(self.not_pending(s, &e.change));
                }
                s.duration = *duration;
            }
            GdapChange::Rename { name } => {
                if s.status != Pending {
                    return Err(self.not_pending(s, &e.change));
                }
                s.name = name.clone();
            }
            GdapChange::SetAutoExtend { auto_extend } => {
                if !live {
                    return Err(self.not_active(s, &e.change, "a pending or active"));
                }
                let before = std::mem::replace(&mut s.auto_extend, *auto_extend);
                if let Err(err) = self.check_auto_extend(s) {
                    s.auto_extend = before;
                    return Err(err);
                }
            }
            GdapChange::Assign { group, roles } => {
                if s.status != Active {
                    return Err(self.not_active(s, &e.change, "an active"));
                }
                if roles.is_empty() || !roles.is_subset(&s.roles) {
                    return Err(Error::InvalidInput {
                        what: "GDAP access assignment roles",
                        text: names(roles),
                        expected: "a non-empty subset of the relationship's roles",
                    });
                }
                s.assignments.insert(group.clone(), roles.clone());
            }
            GdapChange::Unassign { group } => {
                if s.status != Active {
                    return Err(self.not_active(s, &e.change, "an active"));
                }
                if s.assignments.remove(group).is_none() {
                    return Err(Error::InvalidInput {
                        what: "GDAP security group",
                        text: group.clone(),
                        expected: "a group with an access assignment in the relationship",
                    });
                }
            }
            GdapChange::Terminate { by } => {
                if !live {
                    return Err(self.not_active(s, &e.change, "a pending or active"));
                }
                permit(
                    by,
                    |a| {
                        is_partner_admin_agent(a)
                            || matches!(a, Actor::Customer { role: CustomerRole::GlobalAdmin })
                    },
                    "terminate_gdap_relationship",
                    "gdap_admin_or_customer_global_admin_terminates",
                    "only the partner's admin agent or the customer's Global Administrator terminates a GDAP relationship (SPEC-NCE §18.1.7)",
                )?;
                s.status = GdapStatus::Terminated;
                s.terminated_at = Some(e.at);
            }
        }
        Ok(())
    }
}

fn is_partner_admin_agent(a: &Actor) -> bool {
    matches!(a, Actor::Partner { roles, .. } if roles.contains(&PartnerRole::AdminAgent))
}

/// `not_permitted` unless `allowed(actor)`.
fn permit(
    actor: &Actor,
    allowed: impl Fn(&Actor) -> bool,
    action: &'static str,
    rule: &'static str,
    reason: &'static str,
) -> Result<()> {
    if allowed(actor) {
        Ok(())
    } else {
        Err(Error::NotPermitted {
            actor: actor.to_string(),
            action,
            rule,
            reason: reason.to_string(),
        })
    }
}

/// `a+b` of role names, or `none`.
pub(super) fn names(roles: &BTreeSet<GdapRole>) -> String {
    if roles.is_empty() {
        return "none".to_string();
    }
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join("+")
}
