//! # csp-core
//!
//! The pure, I/O-free domain core of **csp-billing**: the Microsoft Cloud Solution Provider
//! (CSP) program as a partner or distributor bills it. This crate models the 2015 ("legacy")
//! CSP program of the project's seed; Microsoft's newer program (NCE) is planned, and its
//! price sheets can already be read.
//!
//! - [`money`]: exact [`Money`](money::Money) with ISO 4217 currencies, explicit
//!   [`Rounding`](money::Rounding), and the seat [`ProrationPolicy`](money::ProrationPolicy);
//! - [`calendar`]: closed [`Period`](calendar::Period)s and anchor-based
//!   [`add_months`](calendar::add_months);
//! - [`agreement`]: the reseller agreement's terms, renewals and notices;
//! - [`catalog`]: offers, customers and eligibility;
//! - [`price_list`]: monthly price lists, the price book with its 30-day visibility rule, CSV
//!   parsing of legacy lists and NCE sheets, and diffs;
//! - [`charges`], [`billing`]: the lines Microsoft bills and the partner's monthly bill;
//! - [`batch`]: seat changes in volume, with totals per customer;
//! - [`error`]: the one [`Error`] type, with a stable code per refusal.
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
pub mod calendar;
pub mod catalog;
pub mod charges;
pub mod error;
pub mod ids;
pub mod money;
pub mod price_list;
pub mod program;
pub mod quote;
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
