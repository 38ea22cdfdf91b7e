//! NCE subscriptions: the lifecycle of SPEC-NCE §13, driven by events at UTC instants.
//!
//! The same shape as the legacy lifecycle ([`Subscriptions`](super::Subscriptions)): a
//! [`NceSubscriptions`] applies events one at a time, after the automatic steps of their day
//! (cycle charges, renewal or expiry, disabling, deletion), and tells what became billable as
//! [`NceFact`]s that the `charges` layer prices into lines under a
//! [`LineConvention`](crate::money::nce::LineConvention). A refused event is an
//! [`Error`](crate::Error) and changes nothing. Every number (windows, expiry days, terms and
//! plans) is read from the [`Program`](crate::program::Program).
//!
//! Built so far: order, cycle charges, seat increase and decrease with per-batch windows,
//! cancellation inside its window, suspension (billing continues) and reactivation,
//! auto-renew, a change scheduled for the renewal, renewal re-priced at its instant, expiry,
//! disabling and deletion, term changes and billing-plan changes, upgrades, trials and
//! promotions. The caller's catalog data (upgrade paths, promotions) is an [`NceCatalog`].

mod catalog;
mod change;
mod event;
#[cfg(feature = "serde")]
mod event_serde;
mod machine;
mod order;
mod promotion;
mod renewal;
mod sku_rules;
mod state;
mod trial;
mod upgrade;

pub use catalog::{NceCatalog, NcePromotion, NceSkuRules, UpgradePath};
pub use event::{instant_text, NceEvent, NceEventKind, ScheduledChange};
pub use machine::{start_of, NceContext, NceSubscriptions};
pub use state::{
    LockedPrice, NceChargeType, NceFact, NceStatus, NceSubscription, PendingPlan, SeatBatch,
};

#[cfg(test)]
mod tests;
