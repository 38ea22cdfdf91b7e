//! The two-tier channel (SPEC-NCE §17): an indirect provider buys from Microsoft and bills its
//! indirect resellers, each reseller bills its customers, and the provider also bills its own
//! customers directly.
//!
//! One billing engine (SPEC §8) serves every hop; the channel only routes Microsoft's lines:
//!
//! | hop | seller → buyer | cost lines | sale lines |
//! |---|---|---|---|
//! | 0 | Microsoft → provider | — | Microsoft's lines |
//! | 1 | provider → reseller R | hop-0 lines whose reseller of record is R on their date | mirrored at the provider's rule for R ([`Reseller::provider_terms`]) |
//! | 2 | reseller R → customer | R's hop-1 sale lines of that customer | mirrored at R's rule ([`Reseller::settings`]) |
//! | 1′ | provider → own customer | hop-0 lines without reseller | SPEC §8's bill |
//!
//! A sale line keeps its cost line's subscription, period, quantity and share of the period,
//! and is rounded by its hop's policy (half-up per line): Microsoft's own rounding is hop 0's
//! only. The reseller of record is set by [`RecordAssignment`]s, dated: each applies to the
//! lines dated from its date, the latest one wins. Setting a reseller needs an active
//! [`ResellerLink`] on that date (`reseller_not_linked`) and a signed Microsoft Partner
//! Agreement (`reseller_mpa_not_signed`).
//!
//! Decisions where SPEC-NCE §17 is silent:
//! - each tier is billed with its own [`PartnerSettings`](crate::billing::PartnerSettings)
//!   (billing day, terms, resale rules, services, financing, discounts, tax, numbering); the
//!   provider bills a reseller one invoice per end customer ("a provider's bill groups lines
//!   by customer"), so a reseller's statement is per customer, and a reseller's tax rate is
//!   given per end customer in its `provider_terms`;
//! - every tier bills in the book's billing currency (a tier in another currency needs
//!   SPEC-NCE §16.5's resale rates, not built): the margins then add up in one currency;
//! - the provider's invoice sequences (its own customers and each reseller's terms) must have
//!   distinct prefixes, so that no number is given twice; each sequence continues after its
//!   own issued runs;
//! - the [`MarginStatement`] is per line: the Microsoft lines of the provider's window for the
//!   month, each with its cost and its sale at each hop. Its tiers' margins add up to the
//!   customers' price less Microsoft's cost exactly, whatever each tier's billing day; the
//!   tiers' bills add their own services, fees, discounts and tax on top.

mod bill;
mod config;
mod margins;

pub use bill::bill_nce_channel_month;
pub use config::{Channel, RecordAssignment, Reseller, ResellerLink, Routing};
pub use margins::{ChannelRun, MarginStatement, ResellerRun, TierMargin};

#[cfg(test)]
mod tests;
