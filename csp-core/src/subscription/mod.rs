//! Subscriptions as the result of dated events (SPEC §5, §10.1–§10.5).
//!
//! A subscription's history is a list of [`Event`]s. [`Subscriptions`] applies them one at a
//! time, together with the automatic steps of each day (deletion, renewal, the start of a
//! charge period), and tells what happened as [`Fact`]s that the `charges` layer turns into
//! lines. A refused event is an [`Error`](crate::Error) and changes nothing.
//!
//! The rules that differ between programs (term length, credit window, deletion delay…) come
//! from the [`Program`](crate::program::Program).

mod event;
#[cfg(feature = "serde")]
mod event_serde;
mod machine;
mod state;

pub mod nce;

pub use event::{BillingFrequency, Event, EventKind};
pub use machine::{Context, Plan, Subscriptions};
pub use state::{Fact, PeriodChargeKind, Status, SubscriptionState};

pub use crate::catalog::SubscriptionId;

#[cfg(test)]
mod tests;
