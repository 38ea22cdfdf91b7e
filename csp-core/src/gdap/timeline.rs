//! A relationship's timeline: its status, end and extensions as of an instant, its expiry
//! notices, and when it gave access (SPEC-NCE §18.1.2–§18.1.8).

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::duration::AutoExtend;
use super::relationship::{GdapRelationship, GdapStatus};
use crate::calendar::Period;
use crate::error::Result;

/// The interval a relationship was active on, `[from, until)`, as known at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ActiveInterval {
    /// `activated_at`.
    #[cfg_attr(feature = "serde", serde(serialize_with = "instant_text"))]
    pub from: DateTime<Utc>,
    /// Its end as known then: the termination, or `end_at` with the extensions so far (an
    /// active relationship may still move it).
    #[cfg_attr(feature = "serde", serde(serialize_with = "instant_text"))]
    pub until: DateTime<Utc>,
}

#[cfg(feature = "serde")]
fn instant_text<S: serde::Serializer>(
    at: &DateTime<Utc>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.collect_str(&crate::subscription::nce::instant_text(*at))
}

impl GdapRelationship {
    /// The status at `at`; `None` before `created_at`.
    ///
    /// # Errors
    /// Only `internal_error` (see [`GdapRelationship::state_at`]).
    pub fn status_at(&self, at: DateTime<Utc>) -> Result<Option<GdapStatus>> {
        Ok(self.state_at(at)?.map(|s| s.status))
    }

    /// Whether it is active at `at` (on `[activated_at, end)`).
    ///
    /// # Errors
    /// Only `internal_error`.
    pub fn is_active_at(&self, at: DateTime<Utc>) -> Result<bool> {
        Ok(self.status_at(at)? == Some(GdapStatus::Active))
    }

    /// `end_at` as of `as_of`: `activated_at + duration`, moved by `auto_extend_days` at each
    /// end reached while auto-extend was on; `None` if not approved by then.
    ///
    /// # Errors
    /// Only `internal_error`.
    pub fn end_at_as_of(&self, as_of: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        Ok(self.state_at(as_of)?.and_then(|s| s.end_at))
    }

    /// The instants it auto-extended at, up to `as_of` (each the end it reached).
    ///
    /// # Errors
    /// Only `internal_error`.
    pub fn extensions(&self, as_of: DateTime<Utc>) -> Result<Vec<DateTime<Utc>>> {
        Ok(self
            .state_at(as_of)?
            .map(|s| s.extensions)
            .unwrap_or_default())
    }

    /// The interval it was active on, as known at `as_of`; `None` if not approved by then.
    ///
    /// # Errors
    /// Only `internal_error`.
    pub fn active_interval(&self, as_of: DateTime<Utc>) -> Result<Option<ActiveInterval>> {
        let Some(s) = self.state_at(as_of)? else {
            return Ok(None);
        };
        Ok(match (s.activated_at, s.end_at) {
            (Some(from), Some(end)) => Some(ActiveInterval {
                from,
                until: s.terminated_at.map_or(end, |t| t.min(end)),
            }),
            _ => None,
        })
    }

    /// The expiry notices due by `as_of` (SPEC-NCE §18.1.8): the instants `end_at − d` for
    /// each `d` of `expiry_notice_days`, and `end_at`, that are `≤ as_of`, for a relationship
    /// approved and without auto-extend as of `as_of`. A notice before `activated_at` or at
    /// or after a termination is not sent. In time order, without repeats.
    ///
    /// # Errors
    /// Only `internal_error`.
    pub fn notices_due(&self, as_of: DateTime<Utc>) -> Result<Vec<DateTime<Utc>>> {
        let Some(s) = self.state_at(as_of)? else {
            return Ok(Vec::new());
        };
        let (Some(activated), Some(end)) = (s.activated_at, s.end_at) else {
            return Ok(Vec::new());
        };
        if s.auto_extend == AutoExtend::On {
            return Ok(Vec::new());
        }
        let mut due: Vec<DateTime<Utc>> = self
            .rules()
            .expiry_notice_days
            .iter()
            .filter_map(|d| end.checked_sub_signed(Duration::days(i64::from(*d))))
            .chain(std::iter::once(end))
            .filter(|t| *t <= as_of && *t >= activated)
            .filter(|t| s.terminated_at.is_none_or(|term| *t < term))
            .collect();
        due.sort();
        due.dedup();
        Ok(due)
    }

    /// The UTC days of `from..=to` on which it was active at some instant, as one closed
    /// range of days (it is active on one interval), with the events known at the end of
    /// `to`; `None` when it gave no access on those days.
    ///
    /// ```
    /// use csp_core::gdap::{AutoExtend, GdapChange, GdapDuration, GdapEvent, GdapRelationship, GdapRequest, GdapRole};
    /// use csp_core::input::{date, instant};
    /// use csp_core::program::Program;
    /// let request = GdapRequest {
    ///     id: "rel-1".into(), partner: "contoso".into(), customer: "fabrikam".into(),
    ///     name: "support".into(), roles: [GdapRole::HelpdeskAdministrator].into(),
    ///     duration: GdapDuration::Days(2), auto_extend: AutoExtend::Off,
    ///     created_at: instant("2025-01-01T00:00:00Z")?, requested_by: "csp:admin_agent".parse()?,
    /// };
    /// let approve = GdapEvent { at: instant("2025-01-03T12:00:00Z")?,
    ///     change: GdapChange::Approve { by: "customer:global_admin".parse()? } };
    /// let rel = GdapRelationship::new(request, vec![approve], Program::nce().gdap.unwrap())?;
    /// // Active on [2025-01-03T12:00Z, 2025-01-05T12:00Z): days 3, 4 and 5.
    /// let days = rel.access_days(date("2025-01-01")?, date("2025-01-31")?)?.unwrap();
    /// assert_eq!((days.first(), days.last()), (date("2025-01-03")?, date("2025-01-05")?));
    /// # Ok::<(), csp_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `invalid_period` when `to` is before `from`; otherwise only `internal_error`.
    pub fn access_days(&self, from: NaiveDate, to: NaiveDate) -> Result<Option<Period>> {
        Period::new(from, to)?;
        let end_of_to = to.succ_opt().map_or(DateTime::<Utc>::MAX_UTC, |d| {
            d.and_time(chrono::NaiveTime::MIN).and_utc()
        });
        let as_of = end_of_to - Duration::seconds(1);
        let Some(i) = self.active_interval(as_of)? else {
            return Ok(None);
        };
        // Still active at the end of `to`: access to the end of the range.
        let until = if self.is_active_at(as_of)? {
            end_of_to
        } else {
            i.until
        };
        if until <= i.from {
            return Ok(None);
        }
        let first = i.from.date_naive().max(from);
        // The last day with an instant before `until`.
        let last = (until - Duration::seconds(1)).date_naive().min(to);
        if last < first {
            return Ok(None);
        }
        Period::new(first, last).map(Some)
    }
}

/// Everything a relationship's timeline says as of an instant, in one value (what
/// `csp gdap timeline` prints; the bindings return the same fields).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct GdapTimeline {
    /// The relationship id.
    pub id: String,
    /// The partner.
    pub partner: String,
    /// The customer.
    pub customer: String,
    /// The display name as of `as_of`.
    pub name: String,
    /// The instant asked about.
    #[cfg_attr(feature = "serde", serde(serialize_with = "instant_text"))]
    pub as_of: DateTime<Utc>,
    /// The status (`None` before `created_at`).
    pub status: Option<GdapStatus>,
    /// The roles held (snake_case names).
    pub roles: Vec<&'static str>,
    /// The duration, e.g. `P1Y`.
    pub duration: String,
    /// Auto-extend, `PT0S` or `P180D`.
    pub auto_extend: String,
    /// When requested.
    #[cfg_attr(feature = "serde", serde(serialize_with = "instant_text"))]
    pub created_at: DateTime<Utc>,
    /// When the request expires unless approved (`created_at + request_expiry_days`).
    #[cfg_attr(feature = "serde", serde(serialize_with = "instant_text"))]
    pub request_expires_at: DateTime<Utc>,
    /// When approved.
    #[cfg_attr(feature = "serde", serde(serialize_with = "instant_opt"))]
    pub activated_at: Option<DateTime<Utc>>,
    /// The end, with the extensions so far.
    #[cfg_attr(feature = "serde", serde(serialize_with = "instant_opt"))]
    pub end_at: Option<DateTime<Utc>>,
    /// When terminated.
    #[cfg_attr(feature = "serde", serde(serialize_with = "instant_opt"))]
    pub terminated_at: Option<DateTime<Utc>>,
    /// The instants it auto-extended at.
    #[cfg_attr(feature = "serde", serde(serialize_with = "instants"))]
    pub extensions: Vec<DateTime<Utc>>,
    /// The expiry notices due (SPEC-NCE §18.1.8).
    #[cfg_attr(feature = "serde", serde(serialize_with = "instants"))]
    pub notices_due: Vec<DateTime<Utc>>,
    /// The active interval as known.
    pub active: Option<ActiveInterval>,
    /// The security groups with an access assignment, each with its roles.
    pub assignments: Vec<(String, Vec<&'static str>)>,
}

#[cfg(feature = "serde")]
fn instant_opt<S: serde::Serializer>(
    at: &Option<DateTime<Utc>>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match at {
        Some(at) => instant_text(at, s),
        None => s.serialize_none(),
    }
}

#[cfg(feature = "serde")]
fn instants<S: serde::Serializer>(
    all: &[DateTime<Utc>],
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.collect_seq(
        all.iter()
            .map(|at| crate::subscription::nce::instant_text(*at)),
    )
}

impl GdapRelationship {
    /// The whole timeline as of `as_of`.
    ///
    /// # Errors
    /// Only `internal_error`.
    pub fn timeline(&self, as_of: DateTime<Utc>) -> Result<GdapTimeline> {
        let r = self.request();
        let state = self.state_at(as_of)?;
        let rules = self.rules();
        let names = |roles: &std::collections::BTreeSet<super::GdapRole>| {
            roles.iter().map(|r| r.as_str()).collect::<Vec<_>>()
        };
        Ok(GdapTimeline {
            id: r.id.clone(),
            partner: r.partner.clone(),
            customer: r.customer.clone(),
            name: state
                .as_ref()
                .map_or_else(|| r.name.clone(), |s| s.name.clone()),
            as_of,
            status: state.as_ref().map(|s| s.status),
            roles: names(state.as_ref().map_or(&r.roles, |s| &s.roles)),
            duration: state
                .as_ref()
                .map_or(r.duration, |s| s.duration)
                .to_string(),
            auto_extend: state
                .as_ref()
                .map_or(r.auto_extend, |s| s.auto_extend)
                .text(rules),
            created_at: r.created_at,
            request_expires_at: self.request_expires_at(),
            activated_at: state.as_ref().and_then(|s| s.activated_at),
            end_at: state.as_ref().and_then(|s| s.end_at),
            terminated_at: state.as_ref().and_then(|s| s.terminated_at),
            extensions: state
                .as_ref()
                .map(|s| s.extensions.clone())
                .unwrap_or_default(),
            notices_due: self.notices_due(as_of)?,
            active: self.active_interval(as_of)?,
            assignments: state
                .as_ref()
                .map(|s| {
                    s.assignments
                        .iter()
                        .map(|(g, roles)| (g.clone(), names(roles)))
                        .collect()
                })
                .unwrap_or_default(),
        })
    }
}
