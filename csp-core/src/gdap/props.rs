//! SPEC-NCE §18.4's invariants, property-tested on generated relationships: no access outside
//! the active interval; Global Administrator never auto-extends; without auto-extend active
//! at most two years; the end moves only by multiples of 180 days; a decision at `at` depends
//! only on what happened at or before `at`.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;

use super::*;
use crate::access::{PartnerProgram, PartnerRole};
use crate::program::Program;

fn base() -> DateTime<Utc> {
    crate::input::instant("2024-01-01T00:00:00Z").unwrap_or_default()
}

fn rules() -> crate::program::GdapRules {
    Program::nce()
        .gdap
        .unwrap_or_else(|| unreachable!("NCE has GDAP rules"))
}

/// A few roles, so that Global Administrator is often among them.
fn arb_roles() -> impl Strategy<Value = BTreeSet<GdapRole>> {
    prop::collection::btree_set(
        prop::sample::select(vec![
            GdapRole::GlobalAdministrator,
            GdapRole::HelpdeskAdministrator,
            GdapRole::UserAdministrator,
            GdapRole::GlobalReader,
        ]),
        1..4,
    )
}

fn arb_duration() -> impl Strategy<Value = GdapDuration> {
    prop_oneof![
        (1..=730u32).prop_map(GdapDuration::Days),
        (1..=2u32).prop_map(GdapDuration::Years),
        prop::sample::select(vec![1u32, 2, 29, 30, 90, 180, 365, 366, 730])
            .prop_map(GdapDuration::Days),
    ]
}

fn arb_auto() -> impl Strategy<Value = AutoExtend> {
    prop_oneof![Just(AutoExtend::Off), Just(AutoExtend::On)]
}

/// A change and its offset in hours from the previous event.
fn arb_event() -> impl Strategy<Value = (u32, u8, BTreeSet<GdapRole>, GdapDuration, AutoExtend, u8)>
{
    (
        prop_oneof![0..48u32, 0..3000u32, 0..20000u32],
        0..9u8,
        arb_roles(),
        arb_duration(),
        arb_auto(),
        0..3u8,
    )
}

fn change_of(
    kind: u8,
    roles: BTreeSet<GdapRole>,
    duration: GdapDuration,
    auto: AutoExtend,
    who: u8,
) -> GdapChange {
    let actor = |text: &str| {
        text.parse()
            .unwrap_or_else(|_| unreachable!("a valid actor"))
    };
    match kind {
        0 | 1 => GdapChange::Approve {
            by: actor(if who == 0 {
                "csp:admin_agent"
            } else {
                "customer:global_admin"
            }),
        },
        2 => GdapChange::SetRoles { roles },
        3 => GdapChange::SetDuration { duration },
        4 => GdapChange::SetAutoExtend { auto_extend: auto },
        5 | 6 => GdapChange::Assign {
            group: format!("g{who}"),
            roles,
        },
        7 => GdapChange::Unassign {
            group: format!("g{who}"),
        },
        _ => GdapChange::Terminate {
            by: actor(if who == 2 {
                "csp:admin_agent"
            } else {
                "customer:global_admin"
            }),
        },
    }
}

type Events = Vec<(u32, u8, BTreeSet<GdapRole>, GdapDuration, AutoExtend, u8)>;

/// A valid relationship: the request if valid (else `None`), then each generated event kept
/// only if the relationship with it is still valid.
fn relationship(
    roles: BTreeSet<GdapRole>,
    duration: GdapDuration,
    auto: AutoExtend,
    created_hours: u32,
    approve_first: Option<u32>,
    events: Events,
) -> Option<GdapRelationship> {
    let created_at = base() + Duration::hours(i64::from(created_hours));
    let request = GdapRequest {
        id: "rel".into(),
        partner: "contoso".into(),
        customer: "fabrikam".into(),
        name: "n".into(),
        roles,
        duration,
        auto_extend: auto,
        created_at,
        requested_by: "csp:admin_agent".parse().ok()?,
    };
    let mut rel = GdapRelationship::new(request.clone(), vec![], rules()).ok()?;
    let mut kept: Vec<GdapEvent> = Vec::new();
    let mut at = created_at;
    for (i, (hours, kind, roles, duration, auto, who)) in events.into_iter().enumerate() {
        at += Duration::hours(i64::from(hours));
        // Mostly an approval first, within the 90 days.
        let kind = match (i, approve_first) {
            (0, Some(h)) => {
                at = created_at + Duration::hours(i64::from(h));
                1
            }
            _ => kind,
        };
        // An assignment of roles the relationship holds at `at`, if any.
        let roles = match (kind, rel.state_at(at)) {
            (5 | 6, Ok(Some(s))) => {
                let held: BTreeSet<GdapRole> = roles.intersection(&s.roles).copied().collect();
                if held.is_empty() {
                    s.roles
                } else {
                    held
                }
            }
            _ => roles,
        };
        let mut next = kept.clone();
        next.push(GdapEvent {
            at,
            change: change_of(kind, roles, duration, auto, who),
        });
        if let Ok(r) = GdapRelationship::new(request.clone(), next.clone(), rules()) {
            rel = r;
            kept = next;
        }
    }
    Some(rel)
}

fn arb_relationship() -> impl Strategy<Value = GdapRelationship> {
    (
        arb_roles(),
        arb_duration(),
        arb_auto(),
        0..2000u32,
        prop::option::weighted(0.8, 0..2200u32),
        prop::collection::vec(arb_event(), 1..9),
    )
        .prop_filter_map("a valid request", |(roles, d, a, c, f, e)| {
            relationship(roles, d, a, c, f, e)
        })
}

/// Instants to ask about: the relationship's own boundaries (and a second either side), and
/// the generated offsets.
fn probes(rel: &GdapRelationship, offsets: &[u32]) -> Vec<DateTime<Utc>> {
    let far = base() + Duration::days(3650);
    let mut out: Vec<DateTime<Utc>> = offsets
        .iter()
        .map(|h| rel.request().created_at - Duration::hours(24) + Duration::hours(i64::from(*h)))
        .collect();
    let mut marks = vec![rel.request().created_at, rel.request_expires_at()];
    marks.extend(rel.events().iter().map(|e| e.at));
    if let Ok(Some(s)) = rel.state_at(far) {
        marks.extend(s.activated_at);
        marks.extend(s.end_at);
        marks.extend(s.terminated_at);
        marks.extend(s.extensions.iter().copied());
    }
    for m in marks {
        out.extend([m - Duration::seconds(1), m, m + Duration::seconds(1)]);
    }
    out
}

fn user(groups: &[&str]) -> PartnerUser {
    PartnerUser {
        id: "ann".into(),
        partner: "contoso".into(),
        program: PartnerProgram::Csp,
        roles: vec![PartnerRole::AdminAgent],
        groups: groups.iter().map(|g| g.to_string()).collect(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// No access is granted outside the relationship's active interval: without DAP, an
    /// allowed decision falls in `[activated_at, end)` as known then, and is made by a role.
    #[test]
    fn no_access_outside_the_active_interval(
        rel in arb_relationship(),
        offsets in prop::collection::vec(0..30000u32, 0..12),
        action in prop::sample::select(GdapAction::ALL.to_vec()),
    ) {
        let program = Program::nce();
        let everyone = user(&["g0", "g1", "g2"]);
        for at in probes(&rel, &offsets) {
            let d = decide(&everyone, action, "fabrikam", at, std::slice::from_ref(&rel), &[], &program).unwrap();
            let interval = rel.active_interval(at).unwrap();
            let inside = interval.is_some_and(|i| i.from <= at && at < i.until);
            prop_assert_eq!(rel.is_active_at(at).unwrap(), inside, "active at {} vs {:?}", at, interval);
            if d.allowed {
                prop_assert!(inside, "allowed at {} outside {:?}: {:?}", at, interval, d);
                prop_assert_eq!(d.rule, GDAP_ROLE_GRANTS);
            } else {
                prop_assert!(d.rule == GDAP_PRECEDENCE || d.rule == "default_deny", "{:?}", d);
                prop_assert!(d.rule != GDAP_PRECEDENCE || inside, "precedence outside: {:?}", d);
            }
        }
    }

    /// Global Administrator never auto-extends: no state holds it with auto-extend on, and
    /// just before each extension the roles are without it and auto-extend is on.
    #[test]
    fn global_administrator_never_auto_extends(
        rel in arb_relationship(),
        offsets in prop::collection::vec(0..30000u32, 0..12),
    ) {
        for at in probes(&rel, &offsets) {
            if let Some(s) = rel.state_at(at).unwrap() {
                prop_assert!(!(s.auto_extend == AutoExtend::On && s.roles.contains(&GdapRole::GlobalAdministrator)));
                for e in &s.extensions {
                    let before = rel.state_at(*e - Duration::seconds(1)).unwrap().unwrap();
                    prop_assert!(!before.roles.contains(&GdapRole::GlobalAdministrator));
                    prop_assert_eq!(before.auto_extend, AutoExtend::On);
                }
            }
        }
    }

    /// The end moves only by multiples of 180 days: `end_at = activated_at + duration +
    /// 180 days × extensions`, each extension at the end then in force; without auto-extend
    /// a relationship is active at most two years (731 days across a 29 February).
    #[test]
    fn the_end_moves_by_multiples_of_180_days(
        rel in arb_relationship(),
        offsets in prop::collection::vec(0..30000u32, 0..12),
    ) {
        let step = Duration::days(180);
        for at in probes(&rel, &offsets) {
            let Some(s) = rel.state_at(at).unwrap() else { continue };
            let (Some(from), Some(end)) = (s.activated_at, s.end_at) else { continue };
            let first = s.duration.end_at(from).unwrap();
            let n = i32::try_from(s.extensions.len()).unwrap();
            prop_assert_eq!(end, first + step * n);
            for (i, e) in s.extensions.iter().enumerate() {
                prop_assert_eq!(*e, first + step * i32::try_from(i).unwrap());
            }
            if s.extensions.is_empty() {
                prop_assert!(end - from <= Duration::days(731), "{} .. {}", from, end);
            }
        }
        let never = rel.request().auto_extend == AutoExtend::Off
            && !rel.events().iter().any(|e| matches!(e.change, GdapChange::SetAutoExtend { auto_extend: AutoExtend::On }));
        if never {
            let far = base() + Duration::days(3650);
            if let Some(i) = rel.active_interval(far).unwrap() {
                prop_assert!(i.until - i.from <= Duration::days(731));
            }
        }
    }

    /// A decision at `at` depends only on what happened at or before `at` (§18.4): the
    /// relationship cut at `at` decides the same.
    #[test]
    fn decisions_depend_only_on_the_past(
        rel in arb_relationship(),
        offsets in prop::collection::vec(0..30000u32, 1..8),
        action in prop::sample::select(GdapAction::ALL.to_vec()),
    ) {
        let program = Program::nce();
        let everyone = user(&["g0", "g1", "g2"]);
        for at in probes(&rel, &offsets) {
            let past: Vec<GdapEvent> = rel.events().iter().filter(|e| e.at <= at).cloned().collect();
            let cut = GdapRelationship::new(rel.request().clone(), past, rel.rules().clone()).unwrap();
            let d = decide(&everyone, action, "fabrikam", at, std::slice::from_ref(&rel), &[], &program).unwrap();
            let c = decide(&everyone, action, "fabrikam", at, std::slice::from_ref(&cut), &[], &program).unwrap();
            prop_assert_eq!(d, c);
            prop_assert_eq!(rel.state_at(at).unwrap(), cut.state_at(at).unwrap());
        }
    }
}
