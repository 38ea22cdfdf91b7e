//! csp-core: the pure, I/O-free domain core of csp-billing (SPEC §1–§10; DESIGN §2).
//!
//! It models the Microsoft Cloud Solution Provider (CSP) program as a partner or distributor
//! bills it: the 2015 ("legacy") CSP program of the project's seed, and Microsoft's newer
//! program (NCE, SPEC-NCE) as a second [`Program`](program::Program) value: its lifecycle, its
//! lines, reconciliation against Microsoft's files, exchange rates, the two-tier channel and
//! GDAP.
//!
//! # Layers
//!
//! The code's own record of DESIGN §2's table, complete and current. A module imports only
//! modules of its own layer or of lower ones. Within a layer imports go one way (`catalog` →
//! `price_list`, `subscription` → `access`; `charges` and `batch` import neither), except
//! `error` ↔ `money`: an error names a [`Currency`](money::Currency), and money refuses with
//! an [`Error`].
//!
//! | layer | modules | holds |
//! |---|---|---|
//! | 0 | [`ids`], [`vocab`] | leaves, importing nothing of the crate: the newtype ids ([`OfferId`](ids::OfferId), [`CustomerId`](ids::CustomerId), [`SubscriptionId`](ids::SubscriptionId)); the words price files and errors share ([`LicenseAgreementType`](vocab::LicenseAgreementType), [`SecondaryType`](vocab::SecondaryType), [`Segment`](vocab::Segment), [`TermDuration`](vocab::TermDuration), [`BillingPlan`](vocab::BillingPlan)) |
//! | 1 | [`money`], [`calendar`], [`error`], [`program`], [`input`] | the strict readers every entry point shares (one per kind of value: amount text, date, seat count, id); exact [`Money`](money::Money), ISO 4217 [`Currency`](money::Currency), explicit [`Rounding`](money::Rounding), the seat [`ProrationPolicy`](money::ProrationPolicy); closed [`Period`](calendar::Period)s, anchor-based [`add_months`](calendar::add_months), months; the one [`Error`] with a stable code per refusal; a program's rules as plain data ([`Program`](program::Program)) |
//! | 2 | [`agreement`], [`catalog`], [`price_list`] | the reseller agreement's terms, renewals and notices; offers, customers, eligibility, and the catalog completed from price rows; monthly price lists, the price book and its 30-day visibility, CSV parsing of legacy lists and NCE sheets, diffs |
//! | 3 | [`subscription`], [`access`], [`gdap`] | the subscription state machine driven by dated events; who may do what (actor × action → decision with its rule); GDAP relationships, their timelines and the GDAP-then-DAP decisions (`gdap` → `access`) |
//! | 4 | [`charges`], [`batch`] | events + locked prices → the charge lines Microsoft bills; seat changes in volume, one prorated line each, with totals per customer |
//! | 5 | [`billing`] (with [`channel`]), [`recon`] | the partner's monthly bill: resale prices, own services, financing, invoices and statements; the two-tier channel, the same engine at each hop (SPEC-NCE §17); Microsoft's reconciliation files (NCE invoice and legacy license-based) read as rows, streamed from the text (SPEC-NCE §15) |
//! | 6 | [`quote`], [`scenario`] | whole questions: a customer's quote for one change (charges and batch pricer); scenario files, everything a replay and its bills need, as one JSON document (feature `serde`) |
//!
//! Data flows one way: inputs (price book, customers, dated events, partner settings,
//! `as_of`) → replay → charge lines → bills.
//!
//! Nothing here reads a clock, a file or a float: every function that depends on "today"
//! takes an `as_of` date, and every refusal is an [`Error`] value.
//!
//! ```
//! use chrono::NaiveDate;
//! use csp_core::{agreement::Agreement, money::{Currency, Money, ProrationPolicy}};
//!
//! let signed = NaiveDate::from_ymd_opt(2015, 10, 1).unwrap();
//! let agreement = Agreement::mcra(signed);
//! assert_eq!(agreement.next_renewal(signed), NaiveDate::from_ymd_opt(2016, 8, 31));
//!
//! // One seat at $4.00/month added for 19 of 31 days: 4 × 19 / 31 = 2.4516… → 2.45.
//! let price = Money::parse("4.00", Currency::USD)?;
//! let charge = ProrationPolicy::default().prorate(&price, 1, 19, 31)?;
//! assert_eq!(charge.amount, Money::parse("2.45", Currency::USD)?);
//! # Ok::<(), csp_core::Error>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod access;
pub mod agreement;
pub mod batch;
pub mod billing;
pub use billing::channel;
pub mod calendar;
pub mod catalog;
pub mod charges;
pub mod error;
pub mod gdap;
pub mod ids;
pub mod input;
pub mod money;
pub mod price_list;
pub mod program;
pub mod quote;
pub mod recon;
#[cfg(feature = "serde")]
pub mod scenario;
pub mod subscription;
pub mod vocab;

pub use error::{Error, Result, ALL_CODES};

#[cfg(test)]
mod testkit;

/// The README's Rust example, compiled and run as a doc test.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
