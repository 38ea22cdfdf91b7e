//! NCE events: what a partner does to an NCE subscription, at an instant (SPEC-NCE §11.1, §13.1).

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};

use crate::access::Action;
use crate::catalog::{CustomerId, OfferId, SubscriptionId};
use crate::vocab::{BillingPlan, TermDuration};

/// One event of an NCE subscription's history.
///
/// `id` becomes the `reference_id` of the lines it produces (SPEC-NCE §14.1). `at` is a UTC
/// instant in whole seconds: the hour windows of SPEC-NCE §13 count from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NceEvent {
    /// The event's id (the lines' `reference_id`).
    pub id: String,
    /// When it happened (UTC).
    pub at: DateTime<Utc>,
    /// The subscription it concerns (the new one, for an order).
    pub subscription: SubscriptionId,
    /// What happened.
    pub kind: NceEventKind,
}

/// What an NCE event does (SPEC-NCE §13.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NceEventKind {
    /// A new subscription (SPEC-NCE §13.4); with plan `none`, a trial (SPEC-NCE §13.12).
    Order {
        /// The customer.
        customer: CustomerId,
        /// `ProductId:SkuId` (an `…:AvailabilityId` suffix is dropped when read).
        offer: OfferId,
        /// The term.
        term: TermDuration,
        /// The billing plan.
        plan: BillingPlan,
        /// Seats (≥ 1).
        quantity: u32,
        /// Whether it renews at the term's end (Partner Center's default: yes).
        auto_renew: bool,
        /// A custom end of the first term (SPEC-NCE §13.3).
        custom_end: Option<NaiveDate>,
        /// The id of a promotion the partner names (SPEC-NCE §12.5.2): it must apply, else
        /// the order is refused (`promotion_not_eligible`). Without one, the promotion in
        /// force for the order's key applies, if any.
        promotion: Option<String>,
        /// A subscription of the same customer whose current or a later term end the first
        /// term ends on (SPEC-NCE §13.3.3): `custom_end` when given must be one of them,
        /// otherwise the first one within the first term is taken.
        coterm_with: Option<SubscriptionId>,
    },
    /// Seats added, prorated and coterminous (SPEC-NCE §13.6.1).
    AddSeats {
        /// Seats added (≥ 1).
        quantity: u32,
    },
    /// Seats removed inside their window, refunded pro rata (SPEC-NCE §13.6.3).
    ReduceSeats {
        /// Seats removed (≥ 1).
        quantity: u32,
    },
    /// Cancelled inside the cancellation window (SPEC-NCE §13.7).
    Cancel,
    /// Suspended: billing continues (SPEC-NCE §13.8).
    Suspend,
    /// Reactivated after a suspension (SPEC-NCE §13.8).
    Reactivate,
    /// Auto-renew turned on or off (SPEC-NCE §13.9.1).
    SetAutoRenew {
        /// On or off.
        on: bool,
    },
    /// A change that applies at the renewal (SPEC-NCE §13.9.2).
    ScheduleChange(ScheduledChange),
    /// The scheduled change dropped.
    ClearScheduled,
    /// Microsoft completed the current term's renewal at the event's instant, within
    /// `renewal_completion_hours` of the renewal instant: the renewal's cancellation window
    /// and seat batch start there instead (SPEC-NCE §13.9.3, pinned P12).
    RenewalCompleted,
    /// A longer term from today, re-priced (SPEC-NCE §13.11.1, pinned P15).
    ChangeTerm {
        /// The new, longer term.
        term: TermDuration,
        /// Its billing plan.
        plan: BillingPlan,
    },
    /// Another billing plan from the current plan's next cycle boundary (SPEC-NCE §13.11.2).
    ChangePlan {
        /// The new plan.
        plan: BillingPlan,
    },
    /// Seats moved to a higher SKU along an upgrade path (SPEC-NCE §13.10): all of them
    /// (the subscription keeps its id), some into a new coterminous subscription
    /// (`new_subscription`), or some or all into an existing one (`into`).
    Upgrade {
        /// The target SKU.
        to: OfferId,
        /// Seats upgraded (≥ 1, at most the subscription's).
        quantity: u32,
        /// An existing subscription of the target SKU that receives them (`moveQuantity`).
        into: Option<SubscriptionId>,
        /// The id of the new subscription a partial upgrade creates (`convert`).
        new_subscription: Option<SubscriptionId>,
    },
    /// A trial converted to a paid subscription (SPEC-NCE §13.12): in place, with the seats,
    /// term and plan given (by default the trial's seats, the program's default term and
    /// its trial conversion plan), or `into` an existing paid subscription of the same SKU.
    ConvertTrial {
        /// Seats of the paid subscription (at least the trial's).
        quantity: Option<u32>,
        /// Its term.
        term: Option<TermDuration>,
        /// Its billing plan.
        plan: Option<BillingPlan>,
        /// An existing subscription that receives the trial's seats.
        into: Option<SubscriptionId>,
    },
}

/// What the next term changes (SPEC-NCE §13.9.2): each field left out keeps the current value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScheduledChange {
    /// Another SKU (the current one, or an upgrade path).
    pub offer: Option<OfferId>,
    /// Another term.
    pub term: Option<TermDuration>,
    /// Another billing plan.
    pub plan: Option<BillingPlan>,
    /// Another seat count (it may go down).
    pub quantity: Option<u32>,
    /// A custom end of the next term (SPEC-NCE §13.3).
    pub custom_end: Option<NaiveDate>,
}

impl NceEventKind {
    /// The event's name as scenario files write it (`order`, `add_seats`…).
    pub fn name(&self) -> &'static str {
        match self {
            NceEventKind::Order { .. } => "order",
            NceEventKind::AddSeats { .. } => "add_seats",
            NceEventKind::ReduceSeats { .. } => "reduce_seats",
            NceEventKind::Cancel => "cancel",
            NceEventKind::Suspend => "suspend",
            NceEventKind::Reactivate => "reactivate",
            NceEventKind::SetAutoRenew { .. } => "set_auto_renew",
            NceEventKind::ScheduleChange(_) => "schedule_change",
            NceEventKind::ClearScheduled => "clear_scheduled",
            NceEventKind::RenewalCompleted => "renewal_completed",
            NceEventKind::ChangeTerm { .. } => "change_term",
            NceEventKind::ChangePlan { .. } => "change_plan",
            NceEventKind::Upgrade { .. } => "upgrade",
            NceEventKind::ConvertTrial { .. } => "convert_trial",
        }
    }

    /// The privilege a partner user needs for this event (SPEC-NCE §17.4, pinned P26), or
    /// `None` for Microsoft's own `renewal_completed`.
    ///
    /// Order, add seats, suspend and reactivate are SPEC §7's actions; seat reduction is
    /// `remove_seats`; `cancel` is `cancel_subscription`, which goes with suspend; a trial
    /// conversion is an order, as the legacy `transition_trial`; NCE's other new actions
    /// (auto-renew, scheduled changes, term and plan changes, upgrades) are
    /// `change_subscription`.
    ///
    /// ```
    /// use csp_core::access::Action;
    /// use csp_core::subscription::nce::NceEventKind;
    /// assert_eq!(NceEventKind::Cancel.action(), Some(Action::CancelSubscription));
    /// assert_eq!(NceEventKind::ReduceSeats { quantity: 1 }.action(), Some(Action::RemoveSeats));
    /// assert_eq!(NceEventKind::RenewalCompleted.action(), None);
    /// ```
    pub fn action(&self) -> Option<Action> {
        Some(match self {
            NceEventKind::Order { .. } | NceEventKind::ConvertTrial { .. } => {
                Action::OrderSubscription
            }
            NceEventKind::AddSeats { .. } => Action::AddSeats,
            NceEventKind::ReduceSeats { .. } => Action::RemoveSeats,
            NceEventKind::Cancel => Action::CancelSubscription,
            NceEventKind::Suspend => Action::SuspendSubscription,
            NceEventKind::Reactivate => Action::ReactivateSubscription,
            NceEventKind::SetAutoRenew { .. }
            | NceEventKind::ScheduleChange(_)
            | NceEventKind::ClearScheduled
            | NceEventKind::ChangeTerm { .. }
            | NceEventKind::ChangePlan { .. }
            | NceEventKind::Upgrade { .. } => Action::ChangeSubscription,
            NceEventKind::RenewalCompleted => return None,
        })
    }
}

impl fmt::Display for NceEvent {
    /// `2022-03-01T10:00:00Z s1 add_seats (e7)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} ({})",
            instant_text(self.at),
            self.subscription,
            self.kind.name(),
            self.id
        )
    }
}

/// An instant as RFC 3339 in whole seconds, UTC (`2022-03-01T10:00:00Z`): how messages and
/// files write NCE instants.
pub fn instant_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
