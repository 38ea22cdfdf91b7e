//! The rules that differ between CSP programs, as plain data (SPEC §3–§5, §7; SPEC-NCE §11.2).
//!
//! DESIGN §2, layer 1.
//!
//! Nothing else in the core hard-codes a term length, a notice period, a credit window or a
//! deletion delay: they are read from a [`Program`]. The 2015 program of the project's seed is
//! [`Program::legacy_2015`]; Microsoft's newer program (NCE) is to be another value of this
//! type (`Program::nce()`, SPEC-NCE §11.2) plus the rules that read its new fields. NCE is not
//! implemented yet: the tables below are the plan, checked against SPEC-NCE §11–§14.
//!
//! ```
//! use csp_core::program::Program;
//! let p = Program::legacy_2015();
//! assert_eq!((p.term_months, p.full_credit_days, p.suspended_deletion_days), (12, 30, 90));
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
//! "existing" fields are those of [`Program`] today; "planned" ones are SPEC-NCE §11.2's (types
//! as written there). Planned fields take the legacy value shown, which leaves the legacy engine
//! unchanged.
//!
//! | NCE rule | NCE value | field | legacy value | source |
//! |---|---|---|---|---|
//! | program name | `nce` (and `nce_launch_2022`) | `name` (existing) | `legacy_2015` | SPEC-NCE §11.2 |
//! | terms on sale and the plans of each | P1M → monthly; P1Y → monthly, annual; P3Y → monthly, annual, triennial; trials: plan `none` | `terms: Vec<(TermDuration, Vec<BillingPlan>)>` (planned) | P1Y → monthly, annual | SPEC-NCE §11.2, §12.1.3, §13.4 (`term_not_offered`, `plan_not_allowed`) |
//! | default term (trial conversion) | 12 months | `term_months` (existing) | 12 | SPEC-NCE §11.2, §13.12.1 |
//! | price list visibility | none: 0 days | `price_list_notice_days` (existing) | 30 | SPEC-NCE §12.3.4 (pinned P4) |
//! | trials orderable | yes | `trials_allowed` (existing) | no | SPEC-NCE §11.2, §13.12 |
//! | full credit after a suspension | none: 0 days | `full_credit_days` (existing) | 30 | SPEC-NCE §13.7.4 (pinned P5) |
//! | deletion after days suspended | none: the term end decides | `suspended_deletion_days` → `Option<u32>` (existing, retyped) | `Some(90)` | SPEC-NCE §11.2, §13.9.4 |
//! | suspension keeps billing (cycle charges continue) | yes | `suspension_keeps_billing` (existing) | no | SPEC-NCE §13.8 |
//! | customer may remove its CSP partner's delegated admin | yes | `customer_may_remove_csp_delegated_admin` (existing) | no | SPEC-NCE §11.2 |
//! | cancellation window from the order and each renewal | 168 h (72 h at launch, January 2022) | `cancel_window_hours: Option<u32>` (planned) | `None` (cancel is a suspension) | SPEC-NCE §11.2, §13.4, §13.7, §13.9.4 |
//! | seat-reduction window per batch of added seats | 168 h (72 h at launch) | `reduce_window_hours: Option<u32>` (planned) | `None` (seats removable any time, SPEC §5) | SPEC-NCE §11.2, §13.6 |
//! | hour windows closed at both ends | always | none: a convention of the rule, not a program choice | — | SPEC-NCE §11.1.2 (pinned P1) |
//! | days expired, then disabled, after a term ends without renewal | 30, 90 (deleted from `R + 120`) | `expired_days`, `disabled_days: u32` (planned) | 0, 0 | SPEC-NCE §11.2, §13.9.4 (pinned P13) |
//! | suspension turns auto-renew off (and drops the scheduled change) | yes | `suspend_turns_off_auto_renew: bool` (planned) | false | SPEC-NCE §11.2, §13.8 |
//! | renewal at term end | only when `auto_renew` (default on at order), re-priced at the renewal instant, fresh windows | none: `auto_renew` is subscription state; the renewal length is the term's own duration (`terms`), legacy renews every active subscription for `term_months` | — | SPEC §5, §10.4; SPEC-NCE §13.9 |
//! | plan changes allowed mid-term | P3Y monthly ↔ annual, requested by 2025-03-31 | `plan_changes: Vec<PlanChange {term, from, to, last_request: Option<NaiveDate>}>` (planned) | empty | SPEC-NCE §11.2, §13.11.2 |
//! | term changes | only longer (P1M → P1Y/P3Y, P1Y → P3Y) | none: follows from the order of `terms`' durations | — | SPEC-NCE §13.11.1 |
//! | custom term end dates from | 2022-03-10 | `custom_end_dates_from: Option<NaiveDate>` (planned) | `None` | SPEC-NCE §11.2, §13.3 |
//! | trial seats (and minimum on conversion into a new subscription) | 25 | `trial_seats: u32` (planned) | 25 (unused) | SPEC-NCE §11.2, §13.12 |
//! | trial conversion plan | monthly | `trial_conversion_plan: BillingPlan` (planned) | monthly (unused) | SPEC-NCE §11.2, §13.12.1 |
//! | trial length | one month: `[S, end(S, 1)]` | **not in SPEC-NCE §11.2's table**; proposed `trial_term: TermDuration` = P1M (legacy: unused), so that no NCE number is hard-coded outside `program` | — | SPEC-NCE §13.12 |
//! | invoice period | the calendar month (invoice of `M` = lines with `order_date` in `M`) | `invoice_period` (planned: `billing_day` \| `calendar_month`) | `billing_day` (SPEC §8) | SPEC-NCE §11.2, §14.5.4 (pinned P19) |
//! | GDAP limits | max 730 days, request expiry 90, auto-extend 180, expiry notices 30, 7, 1 days | `gdap: Option<GdapRules>` (planned) | `None` | SPEC-NCE §11.2, §18 (pinned P24) |
//! | cycle months of a plan (monthly 1, annual 12, triennial 36) | — | none: a fact of [`BillingPlan`](crate::vocab::BillingPlan), not of a program (proposed `BillingPlan::cycle_months`) | — | SPEC-NCE §12.4 |
//! | charge-line convention `nce_B` (unit truncation, default) or `nce_A` | `nce_B` | none: an explicit caller policy like SPEC §6.4's rounding policy; if a per-program default is wanted, proposed `default_line_convention` | — | SPEC-NCE §14.4 (pinned P18) |
//! | seat caps, minimum ratios, prerequisites, upgrade paths, promotions | per SKU / caller data | none: catalog and caller data, not program rules | — | SPEC-NCE §12.5.2, §13.10, §13.13 |
//!
//! ## What today's fields cannot express
//!
//! - `term_months: u32` holds one term length; NCE sells several terms, each with its own
//!   plans. Proposed shape: the planned `terms: Vec<(TermDuration, Vec<BillingPlan>)>` beside
//!   `term_months` (kept as the default term, for trial conversion and the legacy engine).
//!   The legacy value `[(P1Y, [monthly, annual])]` then also states, as data, the two billing
//!   frequencies of SPEC §5 that `subscription::BillingFrequency` hard-codes today.
//! - `suspended_deletion_days: u32` cannot say "no deletion by days suspended": it becomes
//!   `Option<u32>` (`Some(90)` legacy, `None` NCE), as SPEC-NCE §11.2 says.
//! - Hour windows need instants: the fields are plain numbers of hours, but the rules that read
//!   them need NCE's `at: DateTime<Utc>` events (SPEC-NCE §11.1.1); legacy events carry dates.
//! - [`TermDuration`](crate::vocab::TermDuration) and [`BillingPlan`](crate::vocab::BillingPlan)
//!   now live in the leaf module [`vocab`](crate::vocab), so `program` can name them without
//!   importing anything above layer 1 (SPEC-NCE §11.2 asks for this).

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

/// One CSP program's rules.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Program {
    /// Stable name, e.g. `legacy_2015` (how scenario files and [`FromStr`] name a program).
    pub name: String,
    /// Length of a subscription term in months, renewal terms too (SPEC §5, §10.4: 12 in the
    /// 2015 program). For NCE, the default term of a trial conversion (SPEC-NCE §13.12.1).
    pub term_months: u32,
    /// Days before its start that a monthly price list becomes visible (SPEC §3: 30).
    pub price_list_notice_days: u32,
    /// Whether trial offers can be ordered (SPEC §4, §10.11: not in the 2015 program).
    pub trials_allowed: bool,
    /// A suspension on day `d` is credited in full when `d − first(term) < full_credit_days`
    /// (SPEC §5, §10.1: 30); later suspensions are credited pro rata.
    pub full_credit_days: u32,
    /// A subscription suspended this many days is deleted (SPEC §5, §10.3: 90).
    pub suspended_deletion_days: u32,
    /// Whether the partner keeps being billed while a subscription is suspended (SPEC §5:
    /// not in the 2015 program).
    pub suspension_keeps_billing: bool,
    /// Whether a customer may remove its CSP partner's delegated admin privileges (SPEC §7:
    /// not in the 2015 program).
    pub customer_may_remove_csp_delegated_admin: bool,
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
            suspended_deletion_days: 90,
            suspension_keeps_billing: false,
            customer_may_remove_csp_delegated_admin: false,
        }
    }

    /// The programs known by name.
    pub fn known() -> Vec<Program> {
        vec![Program::legacy_2015()]
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
    /// A known program by name (`legacy_2015`).
    fn from_str(s: &str) -> Result<Self> {
        Program::known()
            .into_iter()
            .find(|p| p.name == s.trim())
            .ok_or_else(|| Error::InvalidInput {
                what: "program",
                text: s.to_string(),
                expected: "legacy_2015",
            })
    }
}
