//! An NCE subscription's state and what its events make billable (SPEC-NCE §13.1, §14.2).

use std::fmt;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use rust_decimal::Decimal;

use super::event::ScheduledChange;
use crate::calendar::nce::{Cycle, NceTerm};
use crate::calendar::Period;
use crate::catalog::{CustomerId, OfferId, SubscriptionId};
use crate::money::nce::{CyclePrice, CycleShare};
use crate::vocab::{BillingPlan, TermDuration};

/// An NCE subscription's status (SDK SubscriptionStatus, SPEC-NCE §13.1), with when it began.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NceStatus {
    /// Active.
    Active,
    /// Suspended at `since`; billing continues.
    Suspended {
        /// The suspension's instant.
        since: DateTime<Utc>,
    },
    /// The term ended without renewal on the day before `since` (SPEC-NCE §13.9.4).
    Expired {
        /// The first day expired (the renewal date `R`).
        since: NaiveDate,
    },
    /// Disabled from `since` until it is deleted on `deleted_on`.
    Disabled {
        /// The first day disabled.
        since: NaiveDate,
        /// The day it will be deleted.
        deleted_on: NaiveDate,
    },
    /// Deleted on `on` (cancelled, or after the disabled days).
    Deleted {
        /// The day it was deleted.
        on: NaiveDate,
    },
    /// Its renewal could not be priced on `on` (SPEC §10.4): its replay stopped there.
    Stopped {
        /// The renewal date.
        on: NaiveDate,
        /// The pricing error's code.
        reason: &'static str,
    },
}

impl NceStatus {
    /// The status's name (`active`, `suspended`, `expired`, `disabled`, `deleted`, `stopped`).
    pub fn name(&self) -> &'static str {
        match self {
            NceStatus::Active => "active",
            NceStatus::Suspended { .. } => "suspended",
            NceStatus::Expired { .. } => "expired",
            NceStatus::Disabled { .. } => "disabled",
            NceStatus::Deleted { .. } => "deleted",
            NceStatus::Stopped { .. } => "stopped",
        }
    }
}

impl fmt::Display for NceStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A batch of seats and the last instant they may be removed with a refund (SPEC-NCE §13.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SeatBatch {
    /// Seats in the batch still held.
    pub quantity: u32,
    /// The batch's window end: its purchase instant + `reduce_window_hours` (inclusive).
    pub allowed_until: DateTime<Utc>,
}

/// The price a term is locked at (SPEC-NCE §12.5): the governing row's unit price for the
/// whole term and what it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockedPrice {
    /// `UnitPrice / n` with its promotion: what the lines are computed from.
    pub price: CyclePrice,
    /// The row's estimated retail price for the whole term, when the sheet has it.
    pub erp_price: Option<Decimal>,
    /// The governing row's first instant (which row priced the term).
    pub row_start: NaiveDateTime,
    /// The instant the price was read at (the order, renewal or change).
    pub priced_at: DateTime<Utc>,
    /// The id of the promotion locked with the price (its percent off is in `price`), if
    /// any (SPEC-NCE §12.5.2).
    pub promotion: Option<String>,
}

/// A billing-plan change requested mid-term, waiting for the current plan's next boundary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingPlan {
    /// The new plan.
    pub plan: BillingPlan,
    /// The boundary `b` where its cycles begin.
    pub from: NaiveDate,
    /// The requesting event's id (the `changeBillingPlan` line's reference).
    pub reference_id: String,
}

/// One NCE subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NceSubscription {
    /// Its id.
    pub id: SubscriptionId,
    /// Its customer.
    pub customer: CustomerId,
    /// `ProductId:SkuId`.
    pub offer: OfferId,
    /// The term duration.
    pub term_duration: TermDuration,
    /// The billing plan.
    pub plan: BillingPlan,
    /// The current term: its days, anchor and cycles.
    pub term: NceTerm,
    /// Seats.
    pub quantity: u32,
    /// Whether it renews at the term's end.
    pub auto_renew: bool,
    /// The current term's locked price.
    pub price: LockedPrice,
    /// The cancellation window's last instant (reset at each renewal).
    pub cancellable_until: Option<DateTime<Utc>>,
    /// Seat batches still held, in purchase order.
    pub batches: Vec<SeatBatch>,
    /// The change scheduled for the renewal.
    pub scheduled: Option<ScheduledChange>,
    /// A plan change waiting for its boundary (SPEC-NCE §13.11.2).
    pub pending_plan: Option<PendingPlan>,
    /// Whether it is a trial (SPEC-NCE §13.12).
    pub is_trial: bool,
    /// The current term's renewal instant, while Microsoft's completion instant may still be
    /// given (SPEC-NCE §13.9.3): set at a renewal, cleared by the completion or a term change.
    pub renewed_at: Option<DateTime<Utc>>,
    /// Status.
    pub status: NceStatus,
    /// The last day whose automatic steps have been taken.
    pub(crate) processed_through: NaiveDate,
}

impl NceSubscription {
    /// Seats that may still be removed at `t`: the batches whose window holds `t`
    /// (SPEC-NCE §13.6.2).
    pub fn refundable(&self, t: DateTime<Utc>) -> u32 {
        self.batches
            .iter()
            .filter(|b| b.allowed_until >= t)
            .map(|b| b.quantity)
            .sum()
    }

    /// The last instant `seats` seats can still be removed with a refund: the batches are
    /// refundable until their own window ends, so `refundable(t) ≥ seats` exactly while `t`
    /// is at most the window end of the batch that brings the count, taken from the latest
    /// window down, to `seats` (`None`: that many seats are never refundable).
    pub fn reducible_until(&self, seats: u32) -> Option<DateTime<Utc>> {
        let mut ends: Vec<&SeatBatch> = self.batches.iter().collect();
        ends.sort_by_key(|b| std::cmp::Reverse(b.allowed_until));
        let mut total = 0u32;
        for b in ends {
            total = total.saturating_add(b.quantity);
            if total >= seats {
                return Some(b.allowed_until);
            }
        }
        None
    }

    /// The day after the current term: when it renews or expires.
    pub fn renewal_date(&self) -> NaiveDate {
        self.term
            .period()
            .last()
            .succ_opt()
            .unwrap_or(NaiveDate::MAX)
    }
}

/// Microsoft's charge types (PC recon-file-charge-types, SPEC-NCE §14.2), as §13 assigns them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NceChargeType {
    /// `new`: an order's first cycle.
    New,
    /// `cycleCharge`: a later cycle of a term.
    CycleCharge,
    /// `renew`: a renewed term's first cycle.
    Renew,
    /// `addQuantity`: seats added (a refund of the old quantity and a charge of the new).
    AddQuantity,
    /// `removeQuantity`: seats removed (the same pair).
    RemoveQuantity,
    /// `cancelImmediate`: a cancellation's refund.
    CancelImmediate,
    /// `convert`: a term change's refund of the old term and charge of the new one.
    Convert,
    /// `changeBillingPlan`: the first part-cycle of a new billing plan.
    ChangeBillingPlan,
    /// `moveQuantity`: seats upgraded into an existing subscription.
    MoveQuantity,
}

impl NceChargeType {
    /// Every charge type the engine produces.
    pub const ALL: [NceChargeType; 9] = [
        NceChargeType::New,
        NceChargeType::CycleCharge,
        NceChargeType::Renew,
        NceChargeType::AddQuantity,
        NceChargeType::RemoveQuantity,
        NceChargeType::CancelImmediate,
        NceChargeType::Convert,
        NceChargeType::ChangeBillingPlan,
        NceChargeType::MoveQuantity,
    ];

    /// The charge type Microsoft's string names, compared case-insensitively (`New` =
    /// `new`, SPEC-NCE §15.4.4); `None` for a string the engine never produces
    /// (`customerCredit`, `extendTerm`, unknown values).
    pub fn from_name(name: &str) -> Option<NceChargeType> {
        NceChargeType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(name.trim()))
    }

    /// Microsoft's exact string (`cycleCharge`, `addQuantity`…).
    pub fn as_str(&self) -> &'static str {
        match self {
            NceChargeType::New => "new",
            NceChargeType::CycleCharge => "cycleCharge",
            NceChargeType::Renew => "renew",
            NceChargeType::AddQuantity => "addQuantity",
            NceChargeType::RemoveQuantity => "removeQuantity",
            NceChargeType::CancelImmediate => "cancelImmediate",
            NceChargeType::Convert => "convert",
            NceChargeType::ChangeBillingPlan => "changeBillingPlan",
            NceChargeType::MoveQuantity => "moveQuantity",
        }
    }
}

impl fmt::Display for NceChargeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A billable thing that happened to an NCE subscription: one line to price (SPEC-NCE §14).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NceFact {
    /// The subscription.
    pub subscription: SubscriptionId,
    /// Its customer.
    pub customer: CustomerId,
    /// Its SKU.
    pub offer: OfferId,
    /// The charge type.
    pub charge_type: NceChargeType,
    /// The event's id, or for an automatic step `cycle:<date>` / `renew:<date>`.
    pub reference_id: String,
    /// The line's order date (SPEC-NCE §14.5.4).
    pub order_date: NaiveDate,
    /// The days charged or refunded: `[a, last(C)]`.
    pub service: Period,
    /// The cycle it falls in (its `D(C)` divides).
    pub cycle: Cycle,
    /// The share of the cycle price charged when it is not `days / D(C)`: a
    /// `changeBillingPlan` line's month fraction `k / cycle_months` (SPEC-NCE §13.11.2).
    pub fraction: Option<CycleShare>,
    /// Seats on the line (≥ 0; a refund's sign is `refund`).
    pub quantity: u32,
    /// Whether it is a refund.
    pub refund: bool,
    /// Whether the line is a trial's (product qualifier `Trial`).
    pub trial: bool,
    /// The locked price.
    pub price: CyclePrice,
    /// The locked row's estimated retail price for the whole term, when the sheet has it.
    pub erp_price: Option<Decimal>,
    /// The locked row's first instant (which row priced the line).
    pub row_start: NaiveDateTime,
    /// The current term.
    pub term: Period,
    /// Its duration.
    pub term_duration: TermDuration,
    /// The billing plan.
    pub plan: BillingPlan,
    /// The id of the promotion locked with the price, if any (the line's `promotion_id`).
    pub promotion_id: Option<String>,
}
