//! The partner's single monthly bill (SPEC §8): resale prices, the partner's own services,
//! financing, tax, statements, corrections and the partner's totals.
//!
//! The partner owns the billing cycle: [`bill_month`] computes, for a month, every
//! customer's invoice and the partner's statement for it from the same replay Microsoft's
//! charges come from. Bills are pure functions of their inputs: rerunning gives the same
//! bytes, and a back-dated event shows up as adjustment lines on the next bill, never as a
//! changed old one.
//!
//! Decisions where SPEC §8 is silent:
//! - the bill of month M is issued on the billing day of M and covers the charge lines dated
//!   `[billing day of M−1, billing day of M − 1]`, replayed as of the window's last day;
//! - a Microsoft line is resold at the resale price of the price list that priced it (ERP by
//!   default), prorated with the same days as the cost line; a full suspension credit takes
//!   back the resale net of its period, as the cost line does;
//! - a per-seat fee mirrors every line of its subscription (or offer), so it follows seat
//!   changes, suspensions and proration exactly; a monthly fee is billed in advance for
//!   `[issue date, next issue date − 1]`; a one-time fee on the bill whose window holds its
//!   date;
//! - instalments are rounded toward zero to minor units with the remainder on the last, and
//!   start on the bill of the financed charge; Microsoft's cost stays on that first bill, and
//!   the statement shows the financed balance still owed;
//! - a discount applies to the sum of the bill's other lines, rounded with the policy's line
//!   mode; tax is on the subtotal, rounded half-up once;
//! - the margin percentage is margin ÷ revenue, to 2 decimals, absent when revenue is zero;
//! - corrections compare each earlier issued bill (with the adjustments already issued for
//!   it) with the same bill computed from the current inputs, line by line, for every month
//!   that was billed (a customer without a bill that month had nothing billed);
//! - a bill reads the events dated up to its window's end; later ones are for later bills.

mod bill;
pub mod channel;
mod checks;
mod compute;
mod engine;
mod index;
mod nce;
mod numbering;
mod run;
mod settings;
mod settings_check;

pub use bill::{
    Bill, BillRun, CostAdjustment, Invoice, InvoiceLine, LineSource, Statement, Totals,
};
pub use channel::bill_nce_channel_month;
pub use compute::{bill_month, instalments, project, MAX_INSTALMENTS, MAX_PROJECTED_MONTHS};
pub use nce::bill_nce_month;
pub use numbering::FirstNumber;
pub use settings::{
    BillingDay, Discount, Instalments, PartnerSettings, Resale, ResaleRule, Service, TaxRate,
};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_index;
#[cfg(test)]
mod tests_units;
