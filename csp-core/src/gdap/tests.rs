//! Unit tests of SPEC-NCE §18 with hand-derived instants.

use chrono::{DateTime, Utc};

use super::*;
use crate::input::{date, instant};
use crate::program::{GdapRules, Program};

fn t(text: &str) -> DateTime<Utc> {
    instant(text).expect("a test instant")
}

fn rules() -> GdapRules {
    Program::nce().gdap.expect("NCE has GDAP rules")
}

fn request(roles: &[GdapRole], duration: &str, auto_extend: &str, created: &str) -> GdapRequest {
    GdapRequest {
        id: "rel".into(),
        partner: "contoso".into(),
        customer: "fabrikam".into(),
        name: "support".into(),
        roles: roles.iter().copied().collect(),
        duration: GdapDuration::parse(duration, &rules()).expect("a test duration"),
        auto_extend: AutoExtend::parse(auto_extend, &rules()).expect("a test auto-extend"),
        created_at: t(created),
        requested_by: "csp:admin_agent".parse().expect("an actor"),
    }
}

fn ev(at: &str, change: GdapChange) -> GdapEvent {
    GdapEvent { at: t(at), change }
}

fn approve(at: &str) -> GdapEvent {
    ev(
        at,
        GdapChange::Approve {
            by: "customer:global_admin".parse().expect("an actor"),
        },
    )
}

fn by(actor: &str) -> crate::access::Actor {
    actor.parse().expect("an actor")
}

const HELPDESK: GdapRole = GdapRole::HelpdeskAdministrator;
const GA: GdapRole = GdapRole::GlobalAdministrator;

fn build(req: GdapRequest, events: Vec<GdapEvent>) -> crate::Result<GdapRelationship> {
    GdapRelationship::new(req, events, rules())
}

fn code(r: crate::Result<GdapRelationship>) -> &'static str {
    r.expect_err("a refusal").code()
}

#[test]
fn durations_are_read_strictly() {
    let r = rules();
    for (text, want) in [
        ("P1D", GdapDuration::Days(1)),
        ("P90D", GdapDuration::Days(90)),
        ("P730D", GdapDuration::Days(730)),
        ("P1Y", GdapDuration::Years(1)),
        ("P2Y", GdapDuration::Years(2)),
    ] {
        assert_eq!(GdapDuration::parse(text, &r), Ok(want), "{text}");
    }
    for bad in [
        "",
        "P",
        "PD",
        "PY",
        "P0D",
        "P731D",
        "P2Y1D",
        "P3Y",
        "P0Y",
        "P1M",
        "P6M",
        "PT1H",
        "PT24H",
        "P1W",
        "p1d",
        "P1d",
        "P01D",
        "P+1D",
        "P-1D",
        " P1D",
        "P1D ",
        "1D",
        "P1.5D",
        "P99999999999D",
        "P1DD",
        "P１D",
    ] {
        assert_eq!(
            GdapDuration::parse(bad, &r).map_err(|e| e.code()),
            Err("gdap_invalid_duration"),
            "{bad:?}"
        );
    }
}

#[test]
fn end_at_adds_days_of_24_hours_or_calendar_years() {
    // §18.1.2: PnY on the UTC date, 29 February → 28 February, time kept.
    assert_eq!(
        GdapDuration::Years(1).end_at(t("2024-02-29T10:00:00Z")),
        Ok(t("2025-02-28T10:00:00Z"))
    );
    assert_eq!(
        GdapDuration::Years(2).end_at(t("2024-02-29T10:00:00Z")),
        Ok(t("2026-02-28T10:00:00Z"))
    );
    assert_eq!(
        GdapDuration::Years(1).end_at(t("2023-03-01T00:00:00Z")),
        Ok(t("2024-03-01T00:00:00Z"))
    );
    // P730D = 730 × 24 h: 2024 has 366 days, so 2024-01-01 + 730 days = 2025-12-31 …
    assert_eq!(
        GdapDuration::Days(730).end_at(t("2024-01-01T00:00:00Z")),
        Ok(t("2025-12-31T00:00:00Z"))
    );
    // … while P2Y is two calendar years, 731 days across a 29 February (pinned P24).
    assert_eq!(
        GdapDuration::Years(2).end_at(t("2024-01-01T00:00:00Z")),
        Ok(t("2026-01-01T00:00:00Z"))
    );
    assert_eq!(
        GdapDuration::Days(1).end_at(t("2025-03-30T12:34:56Z")),
        Ok(t("2025-03-31T12:34:56Z"))
    );
}

#[test]
fn auto_extend_values() {
    let r = rules();
    assert_eq!(AutoExtend::parse("PT0S", &r), Ok(AutoExtend::Off));
    assert_eq!(AutoExtend::parse("P0D", &r), Ok(AutoExtend::Off));
    assert_eq!(AutoExtend::parse("P180D", &r), Ok(AutoExtend::On));
    for bad in ["", "P90D", "P181D", "P6M", "PT0H", "p180d", "P180D "] {
        assert!(AutoExtend::parse(bad, &r).is_err(), "{bad:?}");
    }
    assert_eq!(AutoExtend::On.text(&r), "P180D");
    assert_eq!(AutoExtend::Off.text(&r), "PT0S");
}

#[test]
fn roles_and_actions_have_stable_names() {
    assert_eq!(GdapRole::ALL.len(), 13);
    for role in GdapRole::ALL {
        assert_eq!(role.as_str().parse::<GdapRole>(), Ok(*role));
        assert!(!role.display_name().is_empty());
    }
    assert_eq!(GA.display_name(), "Global Administrator");
    assert_eq!(
        "privileged_authentication_administrator".parse(),
        Ok(GdapRole::PrivilegedAuthenticationAdministrator)
    );
    assert!("Global Administrator".parse::<GdapRole>().is_err());
    for action in GdapAction::ALL {
        assert_eq!(action.as_str().parse::<GdapAction>(), Ok(*action));
        assert!(GA.grants(*action), "Global Administrator grants {action}");
        // Every role reads the directory (§18.3 "every role above").
        assert!(
            GRANTS.iter().any(|(a, _)| a == action),
            "{action} has a row"
        );
    }
    for role in GdapRole::ALL {
        assert!(role.grants(GdapAction::ReadDirectory), "{role}");
    }
    assert!(!GdapRole::DirectoryReaders.grants(GdapAction::ManageUsers));
    assert!(GdapRole::UserAdministrator.grants(GdapAction::AssignLicenses));
    assert!(!GdapRole::PasswordAdministrator.grants(GdapAction::ResetPrivilegedAdminPassword));
    assert!(GdapRole::TeamsAdministrator.grants(GdapAction::ConfigureSkypeForBusiness));
}

#[test]
fn a_request_expires_after_90_days() -> crate::Result<()> {
    // 2025-01-01 + 90 days: 30 more days of January, 28 of February, 31 of March, 1 → 1 April.
    let rel = build(
        request(&[HELPDESK], "P1Y", "PT0S", "2025-01-01T00:00:00Z"),
        vec![],
    )?;
    assert_eq!(rel.request_expires_at(), t("2025-04-01T00:00:00Z"));
    assert_eq!(rel.status_at(t("2024-12-31T23:59:59Z"))?, None);
    assert_eq!(
        rel.status_at(t("2025-03-31T23:59:59Z"))?,
        Some(GdapStatus::Pending)
    );
    assert_eq!(
        rel.status_at(t("2025-04-01T00:00:00Z"))?,
        Some(GdapStatus::RequestExpired)
    );
    let late = build(
        request(&[HELPDESK], "P1Y", "PT0S", "2025-01-01T00:00:00Z"),
        vec![approve("2025-04-01T00:00:00Z")],
    );
    assert_eq!(code(late), "gdap_request_expired");
    let just = build(
        request(&[HELPDESK], "P1Y", "PT0S", "2025-01-01T00:00:00Z"),
        vec![approve("2025-03-31T23:59:59Z")],
    )?;
    assert_eq!(
        just.end_at_as_of(t("2025-04-01T00:00:00Z"))?,
        Some(t("2026-03-31T23:59:59Z"))
    );
    Ok(())
}

#[test]
fn rules_past_the_calendar_never_panic() -> crate::Result<()> {
    // A caller's own rules: a request that never expires within the calendar is pending at
    // its last instant, and its expiry is that instant, not a panic.
    let mut endless = rules();
    endless.request_expiry_days = u32::MAX;
    let rel = GdapRelationship::new(
        request(&[HELPDESK], "P1Y", "PT0S", "2025-01-01T00:00:00Z"),
        vec![],
        endless,
    )?;
    assert_eq!(rel.request_expires_at(), DateTime::<Utc>::MAX_UTC);
    assert_eq!(
        rel.status_at(t("9999-12-31T23:59:59Z"))?,
        Some(GdapStatus::Pending)
    );
    Ok(())
}

#[test]
fn only_the_customer_global_admin_approves_and_an_admin_agent_requests() {
    for who in [
        "customer:other_admin",
        "customer:user",
        "csp:admin_agent",
        "csp:global_admin",
    ] {
        let r = build(
            request(&[HELPDESK], "P1Y", "PT0S", "2025-01-01T00:00:00Z"),
            vec![ev(
                "2025-01-02T00:00:00Z",
                GdapChange::Approve { by: by(who) },
            )],
        );
        assert_eq!(code(r), "not_permitted", "{who}");
    }
    let mut req = request(&[HELPDESK], "P1Y", "PT0S", "2025-01-01T00:00:00Z");
    req.requested_by = by("csp:sales_agent");
    assert_eq!(code(build(req, vec![])), "not_permitted");
    let mut req = request(&[HELPDESK], "P1Y", "PT0S", "2025-01-01T00:00:00Z");
    req.requested_by = by("advisor:admin_agent");
    assert!(build(req, vec![]).is_ok());
}

#[test]
fn active_on_the_half_open_interval_then_expired_for_good() -> crate::Result<()> {
    let rel = build(
        request(&[HELPDESK], "P90D", "PT0S", "2025-01-01T00:00:00Z"),
        vec![approve("2025-01-01T00:00:00Z")],
    )?;
    assert!(rel.is_active_at(t("2025-01-01T00:00:00Z"))?);
    assert!(rel.is_active_at(t("2025-03-31T23:59:59Z"))?);
    assert_eq!(
        rel.status_at(t("2025-04-01T00:00:00Z"))?,
        Some(GdapStatus::Expired)
    );
    assert_eq!(
        rel.status_at(t("2030-01-01T00:00:00Z"))?,
        Some(GdapStatus::Expired)
    );
    for change in [
        GdapChange::Terminate {
            by: by("customer:global_admin"),
        },
        GdapChange::SetAutoExtend {
            auto_extend: AutoExtend::On,
        },
    ] {
        let r = build(
            request(&[HELPDESK], "P90D", "PT0S", "2025-01-01T00:00:00Z"),
            vec![
                approve("2025-01-01T00:00:00Z"),
                ev("2025-04-01T00:00:00Z", change),
            ],
        );
        assert_eq!(code(r), "gdap_not_active");
    }
    let r = build(
        request(&[HELPDESK], "P90D", "PT0S", "2025-01-01T00:00:00Z"),
        vec![
            approve("2025-01-01T00:00:00Z"),
            approve("2025-02-01T00:00:00Z"),
        ],
    );
    assert_eq!(code(r), "gdap_not_pending");
    Ok(())
}

#[test]
fn auto_extend_moves_the_end_by_180_days() -> crate::Result<()> {
    let rel = build(
        request(&[HELPDESK], "P90D", "P180D", "2025-01-01T00:00:00Z"),
        vec![approve("2025-01-01T00:00:00Z")],
    )?;
    assert_eq!(
        rel.end_at_as_of(t("2025-03-31T23:59:59Z"))?,
        Some(t("2025-04-01T00:00:00Z"))
    );
    assert!(rel.extensions(t("2025-03-31T23:59:59Z"))?.is_empty());
    // 2025-04-01 + 180 days = 2025-09-28; + 180 = 2026-03-27.
    assert_eq!(
        rel.end_at_as_of(t("2025-04-01T00:00:00Z"))?,
        Some(t("2025-09-28T00:00:00Z"))
    );
    assert_eq!(
        rel.extensions(t("2025-09-27T23:59:59Z"))?,
        vec![t("2025-04-01T00:00:00Z")]
    );
    assert_eq!(
        rel.extensions(t("2025-09-28T00:00:00Z"))?,
        vec![t("2025-04-01T00:00:00Z"), t("2025-09-28T00:00:00Z")]
    );
    assert_eq!(
        rel.end_at_as_of(t("2025-09-28T00:00:00Z"))?,
        Some(t("2026-03-27T00:00:00Z"))
    );
    assert!(rel.is_active_at(t("2026-01-01T00:00:00Z"))?);
    // Turned off on 2025-05-01: the end of 2025-09-28 is final.
    let off = build(
        request(&[HELPDESK], "P90D", "P180D", "2025-01-01T00:00:00Z"),
        vec![
            approve("2025-01-01T00:00:00Z"),
            ev(
                "2025-05-01T00:00:00Z",
                GdapChange::SetAutoExtend {
                    auto_extend: AutoExtend::Off,
                },
            ),
        ],
    )?;
    assert_eq!(
        off.status_at(t("2025-09-28T00:00:00Z"))?,
        Some(GdapStatus::Expired)
    );
    assert_eq!(
        off.extensions(t("2026-01-01T00:00:00Z"))?,
        vec![t("2025-04-01T00:00:00Z")]
    );
    Ok(())
}

#[test]
fn global_administrator_never_auto_extends() -> crate::Result<()> {
    let r = build(
        request(&[GA, HELPDESK], "P1Y", "P180D", "2025-01-01T00:00:00Z"),
        vec![],
    );
    assert_eq!(code(r), "gdap_autoextend_global_admin");
    let set = |events: Vec<GdapEvent>| {
        build(
            request(&[GA, HELPDESK], "P1Y", "PT0S", "2025-01-01T00:00:00Z"),
            events,
        )
    };
    let on = || GdapChange::SetAutoExtend {
        auto_extend: AutoExtend::On,
    };
    assert_eq!(
        code(set(vec![ev("2025-01-02T00:00:00Z", on())])),
        "gdap_autoextend_global_admin"
    );
    assert_eq!(
        code(set(vec![
            approve("2025-01-02T00:00:00Z"),
            ev("2025-01-03T00:00:00Z", on())
        ])),
        "gdap_autoextend_global_admin"
    );
    // Pending with auto-extend on: adding Global Administrator is refused too.
    let r = build(
        request(&[HELPDESK], "P1Y", "P180D", "2025-01-01T00:00:00Z"),
        vec![ev(
            "2025-01-02T00:00:00Z",
            GdapChange::SetRoles {
                roles: [GA, HELPDESK].into(),
            },
        )],
    );
    assert_eq!(code(r), "gdap_autoextend_global_admin");
    // Removing Global Administrator while active permits auto-extend.
    let rel = set(vec![
        approve("2025-01-02T00:00:00Z"),
        ev(
            "2025-02-01T00:00:00Z",
            GdapChange::SetRoles {
                roles: [HELPDESK].into(),
            },
        ),
        ev("2025-02-01T00:00:00Z", on()),
    ])?;
    // P1Y from 2025-01-02 ends 2026-01-02, then moves to 2026-07-01 (180 days).
    assert_eq!(
        rel.end_at_as_of(t("2026-01-02T00:00:00Z"))?,
        Some(t("2026-07-01T00:00:00Z"))
    );
    Ok(())
}

#[test]
fn changes_while_active_are_limited() {
    let active = |change: GdapChange| {
        build(
            request(&[GA, HELPDESK], "P1Y", "PT0S", "2025-01-01T00:00:00Z"),
            vec![
                approve("2025-01-02T00:00:00Z"),
                ev("2025-01-03T00:00:00Z", change),
            ],
        )
    };
    assert_eq!(
        code(active(GdapChange::SetRoles {
            roles: [GA, HELPDESK, GdapRole::UserAdministrator].into()
        })),
        "gdap_role_change_not_allowed"
    );
    assert_eq!(
        code(active(GdapChange::SetRoles { roles: [GA].into() })),
        "gdap_role_change_not_allowed"
    );
    assert_eq!(
        code(active(GdapChange::SetDuration {
            duration: GdapDuration::Days(30)
        })),
        "gdap_not_pending"
    );
    assert_eq!(
        code(active(GdapChange::Rename { name: "x".into() })),
        "gdap_not_pending"
    );
    assert!(active(GdapChange::SetRoles {
        roles: [HELPDESK].into()
    })
    .is_ok());
    // While pending, anything goes.
    let rel = build(
        request(&[HELPDESK], "P1Y", "PT0S", "2025-01-01T00:00:00Z"),
        vec![
            ev(
                "2025-01-01T01:00:00Z",
                GdapChange::SetDuration {
                    duration: GdapDuration::Days(30),
                },
            ),
            ev(
                "2025-01-01T01:00:00Z",
                GdapChange::SetRoles {
                    roles: [GdapRole::UserAdministrator].into(),
                },
            ),
            approve("2025-01-02T00:00:00Z"),
        ],
    )
    .expect("pending changes");
    assert_eq!(
        rel.end_at_as_of(t("2025-01-02T00:00:00Z")),
        Ok(Some(t("2025-02-01T00:00:00Z")))
    );
}

#[test]
fn termination_by_either_side() -> crate::Result<()> {
    for who in ["customer:global_admin", "csp:admin_agent"] {
        let rel = build(
            request(&[HELPDESK], "P1Y", "PT0S", "2025-01-01T00:00:00Z"),
            vec![
                approve("2025-01-02T00:00:00Z"),
                ev(
                    "2025-03-01T12:00:00Z",
                    GdapChange::Terminate { by: by(who) },
                ),
            ],
        )?;
        assert!(rel.is_active_at(t("2025-03-01T11:59:59Z"))?);
        assert_eq!(
            rel.status_at(t("2025-03-01T12:00:00Z"))?,
            Some(GdapStatus::Terminated)
        );
        assert_eq!(
            rel.active_interval(t("2025-06-01T00:00:00Z"))?,
            Some(ActiveInterval {
                from: t("2025-01-02T00:00:00Z"),
                until: t("2025-03-01T12:00:00Z")
            })
        );
    }
    let pending = build(
        request(&[HELPDESK], "P1Y", "PT0S", "2025-01-01T00:00:00Z"),
        vec![ev(
            "2025-01-05T00:00:00Z",
            GdapChange::Terminate {
                by: by("csp:admin_agent"),
            },
        )],
    )?;
    assert_eq!(
        pending.status_at(t("2025-01-05T00:00:00Z"))?,
        Some(GdapStatus::Terminated)
    );
    for who in ["csp:sales_agent", "customer:other_admin"] {
        let r = build(
            request(&[HELPDESK], "P1Y", "PT0S", "2025-01-01T00:00:00Z"),
            vec![ev(
                "2025-01-05T00:00:00Z",
                GdapChange::Terminate { by: by(who) },
            )],
        );
        assert_eq!(code(r), "not_permitted", "{who}");
    }
    let twice = build(
        request(&[HELPDESK], "P1Y", "PT0S", "2025-01-01T00:00:00Z"),
        vec![
            ev(
                "2025-01-05T00:00:00Z",
                GdapChange::Terminate {
                    by: by("csp:admin_agent"),
                },
            ),
            ev(
                "2025-01-06T00:00:00Z",
                GdapChange::Terminate {
                    by: by("csp:admin_agent"),
                },
            ),
        ],
    );
    assert_eq!(code(twice), "gdap_not_active");
    Ok(())
}

#[test]
fn notices_30_7_1_days_before_and_at_the_end() -> crate::Result<()> {
    let rel = build(
        request(&[HELPDESK], "P1Y", "PT0S", "2025-01-01T00:00:00Z"),
        vec![approve("2025-01-01T00:00:00Z")],
    )?;
    // End 2026-01-01T00:00Z: notices 2025-12-02, 2025-12-25, 2025-12-31, 2026-01-01.
    assert!(rel.notices_due(t("2025-12-01T23:59:59Z"))?.is_empty());
    assert_eq!(
        rel.notices_due(t("2025-12-26T00:00:00Z"))?,
        vec![t("2025-12-02T00:00:00Z"), t("2025-12-25T00:00:00Z")]
    );
    assert_eq!(
        rel.notices_due(t("2026-02-01T00:00:00Z"))?,
        vec![
            t("2025-12-02T00:00:00Z"),
            t("2025-12-25T00:00:00Z"),
            t("2025-12-31T00:00:00Z"),
            t("2026-01-01T00:00:00Z")
        ]
    );
    // With auto-extend, no notices.
    let ext = build(
        request(&[HELPDESK], "P1Y", "P180D", "2025-01-01T00:00:00Z"),
        vec![approve("2025-01-01T00:00:00Z")],
    )?;
    assert!(ext.notices_due(t("2026-02-01T00:00:00Z"))?.is_empty());
    // A 5-day relationship: the 30- and 7-day notices would precede its approval.
    let short = build(
        request(&[HELPDESK], "P5D", "PT0S", "2025-01-01T00:00:00Z"),
        vec![approve("2025-01-01T00:00:00Z")],
    )?;
    assert_eq!(
        short.notices_due(t("2025-02-01T00:00:00Z"))?,
        vec![t("2025-01-05T00:00:00Z"), t("2025-01-06T00:00:00Z")]
    );
    Ok(())
}

#[test]
fn access_days_cover_every_day_with_an_active_instant() -> crate::Result<()> {
    let rel = build(
        request(&[HELPDESK], "P2D", "PT0S", "2025-01-01T00:00:00Z"),
        vec![approve("2025-01-03T12:00:00Z")],
    )?;
    let days =
        |a: &str, b: &str| -> crate::Result<Option<(chrono::NaiveDate, chrono::NaiveDate)>> {
            Ok(rel
                .access_days(date(a)?, date(b)?)?
                .map(|p| (p.first(), p.last())))
        };
    // Active on [01-03T12:00, 01-05T12:00): days 3, 4, 5.
    assert_eq!(
        days("2025-01-01", "2025-01-31")?,
        Some((date("2025-01-03")?, date("2025-01-05")?))
    );
    assert_eq!(
        days("2025-01-04", "2025-01-04")?,
        Some((date("2025-01-04")?, date("2025-01-04")?))
    );
    assert_eq!(days("2025-01-06", "2025-01-31")?, None);
    assert_eq!(days("2025-01-01", "2025-01-02")?, None);
    // Ending at midnight: the end's own day has no access.
    let midnight = build(
        request(&[HELPDESK], "P1D", "PT0S", "2025-01-01T00:00:00Z"),
        vec![approve("2025-01-03T00:00:00Z")],
    )?;
    let p = midnight
        .access_days(date("2025-01-01")?, date("2025-01-31")?)?
        .map(|p| (p.first(), p.last()));
    assert_eq!(p, Some((date("2025-01-03")?, date("2025-01-03")?)));
    assert!(rel
        .access_days(date("2025-01-02")?, date("2025-01-01")?)
        .is_err());
    Ok(())
}

fn user(groups: &[&str], roles: &[crate::access::PartnerRole]) -> PartnerUser {
    PartnerUser {
        id: "ann".into(),
        partner: "contoso".into(),
        program: crate::access::PartnerProgram::Csp,
        roles: roles.to_vec(),
        groups: groups.iter().map(|g| g.to_string()).collect(),
    }
}

#[test]
fn gdap_takes_precedence_then_dap_then_deny() -> crate::Result<()> {
    use crate::access::PartnerRole::{AdminAgent, HelpdeskAgent, SalesAgent};
    let rel = build(
        request(
            &[HELPDESK, GdapRole::GlobalReader],
            "P90D",
            "PT0S",
            "2025-01-01T00:00:00Z",
        ),
        vec![
            approve("2025-01-01T00:00:00Z"),
            ev(
                "2025-01-01T00:00:00Z",
                GdapChange::Assign {
                    group: "helpdesk".into(),
                    roles: [HELPDESK].into(),
                },
            ),
        ],
    )?;
    let dap = [DapGrant {
        partner: "contoso".into(),
        customer: "fabrikam".into(),
        granted_at: t("2020-01-01T00:00:00Z"),
        removed_at: Some(t("2025-06-01T00:00:00Z")),
    }];
    let program = Program::nce();
    let ann = user(&["helpdesk"], &[AdminAgent]);
    let d = |u: &PartnerUser, action: GdapAction, at: &str| {
        decide(
            u,
            action,
            "fabrikam",
            t(at),
            std::slice::from_ref(&rel),
            &dap,
            &program,
        )
        .map(|d| (d.allowed, d.rule))
    };
    // Active and assigned: only Helpdesk Administrator counts, though an admin agent with DAP.
    assert_eq!(
        d(&ann, GdapAction::ResetUserPassword, "2025-02-01T00:00:00Z")?,
        (true, "gdap_role_grants")
    );
    assert_eq!(
        d(
            &ann,
            GdapAction::ConfigureExchangeOnline,
            "2025-02-01T00:00:00Z"
        )?,
        (false, "gdap_precedence")
    );
    // Global Reader is held but not assigned: not the user's.
    assert_eq!(
        d(&ann, GdapAction::ViewServiceHealth, "2025-02-01T00:00:00Z")?,
        (false, "gdap_precedence")
    );
    // Expired at 2025-04-01: DAP (SPEC §7) decides.
    assert_eq!(
        d(
            &ann,
            GdapAction::ConfigureExchangeOnline,
            "2025-04-01T00:00:00Z"
        )?,
        (true, "delegated_admin_configures_services")
    );
    assert_eq!(
        d(
            &ann,
            GdapAction::AssignDirectoryRole,
            "2025-04-01T00:00:00Z"
        )?,
        (true, "dap_role_equivalent")
    );
    // A user without an assignment: DAP even while the relationship is active.
    let bob = user(&[], &[HelpdeskAgent]);
    assert_eq!(
        d(&bob, GdapAction::ViewServiceHealth, "2025-02-01T00:00:00Z")?,
        (true, "helpdesk_agent_views_service_health")
    );
    assert_eq!(
        d(&bob, GdapAction::ResetUserPassword, "2025-02-01T00:00:00Z")?,
        (true, "dap_role_equivalent")
    );
    assert_eq!(
        d(&bob, GdapAction::AssignLicenses, "2025-02-01T00:00:00Z")?,
        (false, "default_deny")
    );
    let sam = user(&[], &[SalesAgent]);
    assert_eq!(
        d(&sam, GdapAction::ManageUsers, "2025-02-01T00:00:00Z")?,
        (false, "default_deny")
    );
    // DAP removed at 2025-06-01T00:00Z: nothing from that instant.
    assert_eq!(
        d(
            &ann,
            GdapAction::ConfigureExchangeOnline,
            "2025-05-31T23:59:59Z"
        )?,
        (true, "delegated_admin_configures_services")
    );
    assert_eq!(
        d(
            &ann,
            GdapAction::ConfigureExchangeOnline,
            "2025-06-01T00:00:00Z"
        )?,
        (false, "default_deny")
    );
    // Another customer, another partner: nothing.
    let other = decide(
        &ann,
        GdapAction::ReadDirectory,
        "other",
        t("2025-02-01T00:00:00Z"),
        std::slice::from_ref(&rel),
        &dap,
        &program,
    )?;
    assert_eq!((other.allowed, other.rule), (false, "default_deny"));
    Ok(())
}

#[test]
fn removing_global_administrator_narrows_assignments() -> crate::Result<()> {
    let rel = build(
        request(&[GA, HELPDESK], "P1Y", "PT0S", "2025-01-01T00:00:00Z"),
        vec![
            approve("2025-01-01T00:00:00Z"),
            ev(
                "2025-01-01T00:00:00Z",
                GdapChange::Assign {
                    group: "admins".into(),
                    roles: [GA].into(),
                },
            ),
            ev(
                "2025-03-01T00:00:00Z",
                GdapChange::SetRoles {
                    roles: [HELPDESK].into(),
                },
            ),
        ],
    )?;
    let ann = user(&["admins"], &[]);
    let program = Program::nce();
    let d = |at: &str| {
        decide(
            &ann,
            GdapAction::ManageUsers,
            "fabrikam",
            t(at),
            std::slice::from_ref(&rel),
            &[],
            &program,
        )
        .map(|d| (d.allowed, d.rule))
    };
    assert_eq!(d("2025-02-28T23:59:59Z")?, (true, "gdap_role_grants"));
    assert_eq!(d("2025-03-01T00:00:00Z")?, (false, "gdap_precedence"));
    Ok(())
}

#[test]
fn assignments_need_an_active_relationship_and_its_roles() {
    let r = build(
        request(&[HELPDESK], "P1Y", "PT0S", "2025-01-01T00:00:00Z"),
        vec![ev(
            "2025-01-01T00:00:00Z",
            GdapChange::Assign {
                group: "g".into(),
                roles: [HELPDESK].into(),
            },
        )],
    );
    assert_eq!(code(r), "gdap_not_active");
    let r = build(
        request(&[HELPDESK], "P1Y", "PT0S", "2025-01-01T00:00:00Z"),
        vec![
            approve("2025-01-01T00:00:00Z"),
            ev(
                "2025-01-01T00:00:00Z",
                GdapChange::Assign {
                    group: "g".into(),
                    roles: [GA].into(),
                },
            ),
        ],
    );
    assert_eq!(code(r), "invalid_input");
}
