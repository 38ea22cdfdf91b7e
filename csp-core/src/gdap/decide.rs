//! Access decisions on behalf of a customer: GDAP first, then DAP, else deny (SPEC-NCE §18.2).

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::relationship::GdapRelationship;
use super::role::{GdapAction, GdapRole};
use crate::access::{
    authorize, Actor, Decision, PartnerProgram, PartnerRole, Relationship, DEFAULT_DENY,
};
use crate::error::Result;
use crate::program::Program;

/// The rule of a decision made by an assigned GDAP role.
pub const GDAP_ROLE_GRANTS: &str = "gdap_role_grants";
/// The rule of a denial by GDAP precedence: the user holds GDAP access, none of its roles
/// grants the action.
pub const GDAP_PRECEDENCE: &str = "gdap_precedence";
/// The rule of a DAP decision for an action SPEC §7 does not name: admin agents act as
/// Global Administrator, helpdesk agents as Helpdesk Administrator (SPEC-NCE §18.2.2).
pub const DAP_ROLE_EQUIVALENT: &str = "dap_role_equivalent";

/// A partner's user, as GDAP and DAP see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerUser {
    /// The user id.
    pub id: String,
    /// The user's partner.
    pub partner: String,
    /// The partner's program (CSP or advisor), for SPEC §7's rules.
    pub program: PartnerProgram,
    /// The user's Partner Center roles (admin agent, helpdesk agent… for DAP).
    pub roles: Vec<PartnerRole>,
    /// The security groups the user belongs to (for GDAP access assignments).
    pub groups: BTreeSet<String>,
}

/// A legacy delegated-admin (DAP) grant of a partner for a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DapGrant {
    /// The partner.
    pub partner: String,
    /// The customer.
    pub customer: String,
    /// When it was granted.
    pub granted_at: DateTime<Utc>,
    /// When it was removed, if it was (removed at `t`: no DAP from `t` on).
    pub removed_at: Option<DateTime<Utc>>,
}

impl DapGrant {
    /// Whether it holds at `at`: granted at or before `at`, not removed at or before `at`.
    pub fn holds_at(&self, at: DateTime<Utc>) -> bool {
        self.granted_at <= at && self.removed_at.is_none_or(|r| at < r)
    }
}

/// May `user` do `action` for `customer` at `at` (SPEC-NCE §18.2)?
///
/// 1. GDAP: if the user's groups have an access assignment in a relationship of the user's
///    partner with the customer active at `at`, only those roles (as the relationship holds
///    them at `at`) count: allowed by `gdap_role_grants` iff one grants the action (§18.3),
///    else denied by `gdap_precedence`.
/// 2. DAP: with a grant of the partner for the customer holding at `at`, SPEC §7's
///    [`authorize`] decides the actions it names (`delegated_admin` true, `csp_partner` for a
///    CSP partner); for the others, admin agents act as Global Administrator and helpdesk
///    agents as Helpdesk Administrator (`dap_role_equivalent`, else `default_deny`).
/// 3. Else `default_deny`.
///
/// # Errors
/// Only `internal_error` (see [`GdapRelationship::state_at`]).
pub fn decide(
    user: &PartnerUser,
    action: GdapAction,
    customer: &str,
    at: DateTime<Utc>,
    relationships: &[GdapRelationship],
    dap: &[DapGrant],
    program: &Program,
) -> Result<Decision> {
    let mut assigned: Option<BTreeSet<GdapRole>> = None;
    for rel in relationships {
        let r = rel.request();
        if r.partner != user.partner || r.customer != customer {
            continue;
        }
        let Some(state) = rel.state_at(at)? else {
            continue;
        };
        if state.status != super::GdapStatus::Active {
            continue;
        }
        for (group, roles) in &state.assignments {
            if user.groups.contains(group) {
                assigned
                    .get_or_insert_with(BTreeSet::new)
                    .extend(roles.intersection(&state.roles).copied());
            }
        }
    }
    if let Some(roles) = assigned {
        return Ok(match roles.iter().find(|r| r.grants(action)) {
            Some(role) => Decision {
                allowed: true,
                rule: GDAP_ROLE_GRANTS,
                reason: format!(
                    "GDAP: {} grants {action} (SPEC-NCE §18.3)",
                    role.display_name()
                ),
            },
            None => Decision {
                allowed: false,
                rule: GDAP_PRECEDENCE,
                reason: format!(
                    "GDAP access takes precedence: no assigned role ({}) grants {action}",
                    super::relationship::names(&roles)
                ),
            },
        });
    }
    let dap_holds = dap
        .iter()
        .any(|g| g.partner == user.partner && g.customer == customer && g.holds_at(at));
    if !dap_holds {
        return Ok(deny(
            user,
            action,
            "no active GDAP access assignment and no DAP grant",
        ));
    }
    let actor = Actor::Partner {
        program: user.program,
        roles: user.roles.clone(),
    };
    if let Some(legacy) = action.legacy() {
        let rel = Relationship {
            delegated_admin: true,
            csp_partner: user.program == PartnerProgram::Csp,
        };
        return Ok(authorize(&actor, legacy, rel, program));
    }
    let equivalent = user.roles.iter().find_map(|r| {
        let role = match r {
            PartnerRole::AdminAgent => GdapRole::GlobalAdministrator,
            PartnerRole::HelpdeskAgent => GdapRole::HelpdeskAdministrator,
            _ => return None,
        };
        role.grants(action).then_some((*r, role))
    });
    Ok(match equivalent {
        Some((partner_role, role)) => Decision {
            allowed: true,
            rule: DAP_ROLE_EQUIVALENT,
            reason: format!(
                "DAP: a {partner_role} acts as {} for the customer, which grants {action}",
                role.display_name()
            ),
        },
        None => deny(user, action, "no DAP role grants it"),
    })
}

fn deny(user: &PartnerUser, action: GdapAction, why: &str) -> Decision {
    Decision {
        allowed: false,
        rule: DEFAULT_DENY,
        reason: format!("{why}: {} may not {action} (deny by default)", user.id),
    }
}
