//! The rules that differ between CSP programs, as plain data (SPEC §3–§5, §7; SPEC-NCE §11.2).
//!
//! DESIGN §2, layer 1.
//!
//! Nothing else in the core hard-codes a term length, a notice period, a credit window or a
//! deletion delay: they are read from a [`Program`]. The 2015 program of the project's seed is
//! [`Program::legacy_2015`]; Microsoft's newer program (NCE) is another value of this type,
//! [`Program::nce`] (SPEC-NCE §11.2), read by the NCE lifecycle (SPEC-NCE §13). The legacy
//! engine refuses an NCE program ([`Program::require_legacy_engine`]) rather than bill it by
//! the legacy rules.
//!
//! ```
//! use csp_core::program::Program;
//! let p = Program::legacy_2015();
//! assert_eq!((p.term_months, p.full_credit_days, p.suspended_deletion_days), (12, 30, Some(90)));
//! assert!(!p.trials_allowed && !p.suspension_keeps_billing);
//! ```
//!
//! # The legacy program's fields and their sources
//!
//! | field | `legacy_2015` | source |
//! |---|---|---|
//! | `name` | `legacy_2015` | scenario files, `FromStr` |
//! | `term_months` | 12 | SPEC §5 (order: `[S, add_months(S, 12) − 1]`; renewal "for 12 months"), §10.4 (terms anchored on the order date) |
//! | `price_list_notice_days` | 30 | SPEC §3 ("30 days' advance notice") |
//! | `trials_allowed` | false | SPEC §4 ("no trial subscriptions"), §10.11 (refusal order) |
//! | `full_credit_days` | 30 | SPEC §5 (suspend: `d − S < 30 days`), §10.1 (counted from the current term's first day) |
//! | `suspended_deletion_days` | 90 | SPEC §5, §10.3 (deleted at the start of `suspended_on + 90`) |
//! | `suspension_keeps_billing` | false | SPEC §5 ("the partner is not billed while suspended") |
//! | `customer_may_remove_csp_delegated_admin` | false | SPEC §7 (the customer cannot remove its CSP partner's delegated admin) |
//!
//! # Every NCE number and switch, and the field that holds it
//!
//! "existing" fields are those of the first release; "new" ones were added for NCE with
//! SPEC-NCE §11.2's types. They take the legacy value shown in [`Program::legacy_2015`], which
//! leaves the legacy engine unchanged.
//!
//! | NCE rule | NCE value | field | legacy value | source |
//! |---|---|---|---|---|
//! | program name | `nce` (and `nce_launch_2022`) | `name` (existing) | `legacy_2015` | SPEC-NCE §11.2 |
//! | terms on sale and the plans of each | P1M → monthly; P1Y → monthly, annual; P3Y → monthly, annual, triennial; trials: plan `none` | `terms: Vec<(TermDuration, Vec<BillingPlan>)>` (new) | P1Y → monthly, annual | SPEC-NCE §11.2, §12.1.3, §13.4 (`term_not_offered`, `plan_not_allowed`) |
//! | default term (trial conversion) | 12 months | `term_months` (existing) | 12 | SPEC-NCE §11.2, §13.12.1 |
//! | price list visibility | none: 0 days | `price_list_notice_days` (existing) | 30 | SPEC-NCE §12.3.4 (pinned P4) |
//! | trials orderable | yes | `trials_allowed` (existing) | no | SPEC-NCE §11.2, §13.12 |
//! | full credit after a suspension | none: 0 days | `full_credit_days` (existing) | 30 | SPEC-NCE §13.7.4 (pinned P5) |
//! | deletion after days suspended | none: the term end decides | `suspended_deletion_days` → `Option<u32>` (existing, now `Option<u32>`) | `Some(90)` | SPEC-NCE §11.2, §13.9.4 |
//! | suspension keeps billing (cycle charges continue) | yes | `suspension_keeps_billing` (existing) | no | SPEC-NCE §13.8 |
//! | customer may remove its CSP partner's delegated admin | yes | `customer_may_remove_csp_delegated_admin` (existing) | no | SPEC-NCE §11.2 |
//! | cancellation window from the order and each renewal | 168 h (72 h at launch, January 2022) | `cancel_window_hours: Option<u32>` (new) | `None` (cancel is a suspension) | SPEC-NCE §11.2, §13.4, §13.7, §13.9.4 |
//! | seat-reduction window per batch of added seats | 168 h (72 h at launch) | `reduce_window_hours: Option<u32>` (new) | `None` (seats removable any time, SPEC §5) | SPEC-NCE §11.2, §13.6 |
//! | hour windows closed at both ends | always | none: a convention of the rule, not a program choice | — | SPEC-NCE §11.1.2 (pinned P1) |
//! | renewal completion after the renewal instant | up to 24 h (the caller may give the completion instant; the windows start there) | `renewal_completion_hours: Option<u32>` (new) | `None` | SPEC-NCE §13.9.3 (pinned P12) |
//! | days expired, then disabled, after a term ends without renewal | 30, 90 (deleted from `R + 120`) | `expired_days`, `disabled_days: u32` (new) | 0, 0 | SPEC-NCE §11.2, §13.9.4 (pinned P13) |
//! | suspension turns auto-renew off (and drops the scheduled change) | yes | `suspend_turns_off_auto_renew: bool` (new) | false | SPEC-NCE §11.2, §13.8 |
//! | renewal at term end | only when `auto_renew` (default on at order), re-priced at the renewal instant, fresh windows | none: `auto_renew` is subscription state; the renewal length is the term's own duration (`terms`), legacy renews every active subscription for `term_months` | — | SPEC §5, §10.4; SPEC-NCE §13.9 |
//! | plan changes allowed mid-term | P3Y monthly ↔ annual, requested by 2025-03-31 | `plan_changes: Vec<PlanChange {term, from, to, last_request: Option<NaiveDate>}>` (new) | empty | SPEC-NCE §11.2, §13.11.2 |
//! | term changes | only longer (P1M → P1Y/P3Y, P1Y → P3Y) | none: follows from the order of `terms`' durations | — | SPEC-NCE §13.11.1 |
//! | custom term end dates from | 2022-03-10 | `custom_end_dates_from: Option<NaiveDate>` (new) | `None` | SPEC-NCE §11.2, §13.3 |
//! | trial seats (and minimum on conversion into a new subscription) | 25 | `trial_seats: u32` (new) | 25 (unused) | SPEC-NCE §11.2, §13.12 |
//! | trial conversion plan | monthly | `trial_conversion_plan: BillingPlan` (new) | monthly (unused) | SPEC-NCE §11.2, §13.12.1 |
//! | trial length | one month: `[S, end(S, 1)]` | `trial_term: TermDuration` = P1M (legacy: unused); **not in SPEC-NCE §11.2's table**, added so that no NCE number is hard-coded outside `program` | P1M (unused) | SPEC-NCE §13.12 |
//! | invoice period | the calendar month (invoice of `M` = lines with `order_date` in `M`) | `invoice_period` (new: `billing_day` \| `calendar_month`) | `billing_day` (SPEC §8) | SPEC-NCE §11.2, §14.5.4 (pinned P19) |
//! | GDAP limits | max 730 days, request expiry 90, auto-extend 180, expiry notices 30, 7, 1 days | `gdap: Option<GdapRules>` (new) | `None` | SPEC-NCE §11.2, §18 (pinned P24) |
//! | cycle months of a plan (monthly 1, annual 12, triennial 36) | — | none: a fact of the plan, not of a program: [`BillingPlan::cycle_months`] | — | SPEC-NCE §12.4 |
//! | charge-line convention `nce_B` (unit truncation, default) or `nce_A` | `nce_B` | none: an explicit caller policy like SPEC §6.4's rounding policy, [`LineConvention`](crate::money::nce::LineConvention) (default `nce_b`) | — | SPEC-NCE §14.4 (pinned P18) |
//! | seat caps, minimum ratios, prerequisites, upgrade paths, promotions | per SKU / caller data | none: catalog and caller data, not program rules | — | SPEC-NCE §12.5.2, §13.10, §13.13 |
//!
//! ## How the first release's fields were extended
//!
//! - `term_months: u32` held one term length; NCE sells several terms, each with its own
//!   plans: `terms` sits beside it, and `term_months` stays the default term (trial
//!   conversion, the legacy engine). The legacy value `[(P1Y, [monthly, annual])]` states, as
//!   data, the two billing frequencies of SPEC §5.
//! - `suspended_deletion_days` became `Option<u32>` (`Some(90)` legacy, `None` NCE).
//! - Hour windows need instants: the NCE lifecycle's events carry `at: DateTime<Utc>`
//!   (SPEC-NCE §11.1.1); legacy events keep dates.
//! - [`TermDuration`] and [`BillingPlan`] live in the leaf module [`vocab`](crate::vocab), so
//!   `program` names them without importing anything above layer 1 (SPEC-NCE §11.2).

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::vocab::{BillingPlan, TermDuration};

/// One CSP program's rules.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Program {
    /// Stable name, e.g. `legacy_2015` (how scenario files and [`FromStr`] name a program).
    pub name: String,
    /// Length of a subscription term in months, renewal terms too (SPEC §5, §10.4: 12 in the
    /// 2015 program). For NCE, the default term of a trial conversion (SPEC-NCE §13.12.1).
    pub term_months: u32,
    /// Days before its start that a monthly price list becomes visible (SPEC §3: 30; NCE
    /// has no visibility rule, 0: SPEC-NCE §12.3.4).
    pub price_list_notice_days: u32,
    /// Whether trial offers can be ordered (SPEC §4, §10.11: not in the 2015 program).
    pub trials_allowed: bool,
    /// A suspension on day `d` is credited in full when `d − first(term) < full_credit_days`
    /// (SPEC §5, §10.1: 30); later suspensions are credited pro rata. NCE: 0 (pinned P5).
    pub full_credit_days: u32,
    /// A subscription suspended this many days is deleted (SPEC §5, §10.3: `Some(90)`);
    /// `None`: days suspended never delete (NCE: the term end decides, SPEC-NCE §13.9).
    pub suspended_deletion_days: Option<u32>,
    /// Whether the partner keeps being billed while a subscription is suspended (SPEC §5:
    /// not in the 2015 program; NCE: yes).
    pub suspension_keeps_billing: bool,
    /// Whether a customer may remove its CSP partner's delegated admin privileges (SPEC §7:
    /// not in the 2015 program; NCE: yes, PC customers-revoke-admin-privileges).
    pub customer_may_remove_csp_delegated_admin: bool,
    /// The terms on sale and the billing plans of each (SPEC-NCE §11.2, §13.4).
    pub terms: Vec<(TermDuration, Vec<BillingPlan>)>,
    /// Hours after the order (and each renewal) during which a subscription may be
    /// cancelled with a prorated refund; `None`: no such window (SPEC-NCE §13.7).
    pub cancel_window_hours: Option<u32>,
    /// Hours after each batch of added seats during which those seats may be removed;
    /// `None`: seats are removable any time (SPEC §5; SPEC-NCE §13.6).
    pub reduce_window_hours: Option<u32>,
    /// Hours after the renewal instant within which Microsoft completes a renewal ("may take
    /// up to 24 hours"): a caller may give the completion instant, and the renewal's windows
    /// start there (SPEC-NCE §13.9.3, pinned P12); `None`: no such notion (legacy).
    pub renewal_completion_hours: Option<u32>,
    /// Days a subscription stays `expired` after a term ends without renewal (SPEC-NCE §13.9).
    pub expired_days: u32,
    /// Days it then stays `disabled` before it is deleted (SPEC-NCE §13.9).
    pub disabled_days: u32,
    /// Whether suspending turns auto-renew off and drops the scheduled change (SPEC-NCE §13.8).
    pub suspend_turns_off_auto_renew: bool,
    /// The billing-plan changes allowed mid-term (SPEC-NCE §13.11.2).
    pub plan_changes: Vec<PlanChange>,
    /// The first day custom term end dates may be chosen; `None`: never (SPEC-NCE §13.3).
    pub custom_end_dates_from: Option<NaiveDate>,
    /// Seats of a trial, and the minimum of a conversion into a new subscription
    /// (SPEC-NCE §13.12).
    pub trial_seats: u32,
    /// The billing plan a trial converts to by default (SPEC-NCE §13.12.1).
    pub trial_conversion_plan: BillingPlan,
    /// A trial's length (SPEC-NCE §13.12: `[S, end(S, 1)]`). Not in SPEC-NCE §11.2's
    /// table; a field so that no NCE number is hard-coded outside `program`.
    pub trial_term: TermDuration,
    /// Which lines make up Microsoft's invoice of a month (SPEC §8; SPEC-NCE §14.5.4).
    pub invoice_period: InvoicePeriod,
    /// GDAP's limits, where the program has GDAP (SPEC-NCE §18).
    pub gdap: Option<GdapRules>,
}

/// A billing-plan change allowed in the middle of a term (SPEC-NCE §11.2, §13.11.2).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PlanChange {
    /// The term it applies to.
    pub term: TermDuration,
    /// The current plan.
    pub from: BillingPlan,
    /// The plan it may change to.
    pub to: BillingPlan,
    /// The last day such a change may be requested; `None`: no limit.
    pub last_request: Option<NaiveDate>,
}

/// Which lines make up Microsoft's invoice of a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum InvoicePeriod {
    /// The billing window ending on the partner's billing day (SPEC §8).
    BillingDay,
    /// The calendar month: the lines whose order date is in the month (SPEC-NCE §14.5.4,
    /// pinned P19).
    CalendarMonth,
}

/// GDAP's limits (SPEC-NCE §18; pinned P24).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct GdapRules {
    /// The longest relationship, in days (730).
    pub max_days: u32,
    /// Days after which a pending request expires (90).
    pub request_expiry_days: u32,
    /// Days of one auto-extension (180).
    pub auto_extend_days: u32,
    /// Days before the end at which expiry notices are sent (30, 7, 1).
    pub expiry_notice_days: Vec<u32>,
}

impl Program {
    /// The 2015 ("legacy") CSP program of the seed: 12-month terms, price lists visible 30
    /// days ahead, no trials, full credit for a suspension within 30 days of the term start,
    /// deletion after 90 days suspended, no billing while suspended, and delegated admin the
    /// customer cannot remove.
    pub fn legacy_2015() -> Program {
        Program {
            name: "legacy_2015".to_string(),
            term_months: 12,
            price_list_notice_days: 30,
            trials_allowed: false,
            full_credit_days: 30,
            suspended_deletion_days: Some(90),
            suspension_keeps_billing: false,
            customer_may_remove_csp_delegated_admin: false,
            terms: vec![(
                TermDuration::P1Y,
                vec![BillingPlan::Monthly, BillingPlan::Annual],
            )],
            cancel_window_hours: None,
            renewal_completion_hours: None,
            reduce_window_hours: None,
            expired_days: 0,
            disabled_days: 0,
            suspend_turns_off_auto_renew: false,
            plan_changes: Vec::new(),
            custom_end_dates_from: None,
            trial_seats: 25,
            trial_conversion_plan: BillingPlan::Monthly,
            trial_term: TermDuration::P1M,
            invoice_period: InvoicePeriod::BillingDay,
            gdap: None,
        }
    }

    /// Microsoft's New Commerce Experience as of today (SPEC-NCE §11.2): P1M, P1Y and P3Y
    /// terms, 168-hour cancellation and seat-reduction windows, trials, billing while
    /// suspended, expiry and disabling after a term ends without renewal, calendar-month
    /// invoices and GDAP.
    ///
    /// ```
    /// use csp_core::program::Program;
    /// let nce = Program::nce();
    /// assert_eq!((nce.cancel_window_hours, nce.reduce_window_hours), (Some(168), Some(168)));
    /// assert_eq!((nce.expired_days, nce.disabled_days), (30, 90));
    /// assert_eq!(nce.suspended_deletion_days, None);
    /// assert_eq!("nce".parse::<Program>()?, nce);
    /// # Ok::<(), csp_core::Error>(())
    /// ```
    pub fn nce() -> Program {
        use BillingPlan::{Annual, Monthly, Triennial};
        Program {
            name: "nce".to_string(),
            term_months: 12,
            price_list_notice_days: 0,
            trials_allowed: true,
            full_credit_days: 0,
            suspended_deletion_days: None,
            suspension_keeps_billing: true,
            customer_may_remove_csp_delegated_admin: true,
            terms: vec![
                (TermDuration::P1M, vec![Monthly]),
                (TermDuration::P1Y, vec![Monthly, Annual]),
                (TermDuration::P3Y, vec![Monthly, Annual, Triennial]),
            ],
            cancel_window_hours: Some(168),
            reduce_window_hours: Some(168),
            renewal_completion_hours: Some(24),
            expired_days: 30,
            disabled_days: 90,
            suspend_turns_off_auto_renew: true,
            plan_changes: [(Monthly, Annual), (Annual, Monthly)]
                .into_iter()
                .map(|(from, to)| PlanChange {
                    term: TermDuration::P3Y,
                    from,
                    to,
                    last_request: NaiveDate::from_ymd_opt(2025, 3, 31),
                })
                .collect(),
            custom_end_dates_from: NaiveDate::from_ymd_opt(2022, 3, 10),
            trial_seats: 25,
            trial_conversion_plan: Monthly,
            trial_term: TermDuration::P1M,
            invoice_period: InvoicePeriod::CalendarMonth,
            gdap: Some(GdapRules {
                max_days: 730,
                request_expiry_days: 90,
                auto_extend_days: 180,
                expiry_notice_days: vec![30, 7, 1],
            }),
        }
    }

    /// NCE at its launch in January 2022: as [`Program::nce`] with both windows 72 hours
    /// (168 hours from March 2022, csp-rules §3.4). The library never switches program by
    /// date: the caller names the one that applies.
    pub fn nce_launch_2022() -> Program {
        Program {
            name: "nce_launch_2022".to_string(),
            cancel_window_hours: Some(72),
            reduce_window_hours: Some(72),
            ..Program::nce()
        }
    }

    /// The programs known by name.
    pub fn known() -> Vec<Program> {
        vec![
            Program::legacy_2015(),
            Program::nce(),
            Program::nce_launch_2022(),
        ]
    }

    /// Whether this program's subscriptions follow the NCE lifecycle (SPEC-NCE §13): it has
    /// a cancellation window.
    pub fn is_nce(&self) -> bool {
        self.cancel_window_hours.is_some()
    }

    /// Refuses a program whose subscriptions follow the NCE lifecycle where only the legacy
    /// engine (SPEC §5–§8) is available (`what` names that entry point), so that an NCE
    /// program is never billed by the legacy rules.
    ///
    /// # Errors
    /// `invalid_input` naming the program.
    pub fn require_legacy_engine(&self, what: &'static str) -> Result<()> {
        if self.is_nce() {
            return Err(Error::InvalidInput {
                what,
                text: self.name.clone(),
                expected: "legacy_2015 (this entry point replays the legacy lifecycle of \
                           SPEC §5; NCE subscriptions follow SPEC-NCE §13)",
            });
        }
        Ok(())
    }

    /// The plans sold with `term`, if the term is on sale (SPEC-NCE §13.4).
    pub fn plans_of(&self, term: TermDuration) -> Option<&[BillingPlan]> {
        self.terms
            .iter()
            .find(|(t, _)| *t == term)
            .map(|(_, plans)| plans.as_slice())
    }
}

impl Default for Program {
    fn default() -> Self {
        Program::legacy_2015()
    }
}

impl fmt::Display for Program {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl FromStr for Program {
    type Err = Error;
    /// A known program by name (`legacy_2015`, `nce`, `nce_launch_2022`).
    fn from_str(s: &str) -> Result<Self> {
        Program::known()
            .into_iter()
            .find(|p| p.name == s.trim())
            .ok_or_else(|| Error::InvalidInput {
                what: "program",
                text: s.to_string(),
                expected: "legacy_2015, nce or nce_launch_2022",
            })
    }
}
