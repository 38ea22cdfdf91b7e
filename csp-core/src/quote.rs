//! A customer's quote: what one change costs, and the term's charges (SPEC §4–§6).
//!
//! A customer's quote (the calculator's question): one subscription ordered on a date, one
//! seat change or a suspension on another — what the change costs, over which days, and every
//! charge of the term, as the partner will bill them (SPEC §4–§6).
//!
//! The quote is the charges engine's own answer: an order and the change replayed once
//! through the term end (from [`TermSchedule`]) by the [`Ledger`]; a seat change's own line
//! is the ledger's line for it.
//!
//! ```
//! use chrono::NaiveDate;
//! use csp_core::money::{Currency, Money, ProrationPolicy};
//! use csp_core::program::Program;
//! use csp_core::quote::{priced_book, quote, QuoteChange, QuoteRequest, PRICED_OFFER};
//! use csp_core::subscription::BillingFrequency;
//!
//! let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
//! // 10 seats at 20.00 a month, billed annually from 1 March 2016; 3 more on 1 September.
//! let book = priced_book(&Money::parse("20.00", Currency::USD)?, day(2016, 3, 1))?;
//! let q = quote(&book, &Program::legacy_2015(), &QuoteRequest {
//!     offer: PRICED_OFFER.into(),
//!     seats: 10,
//!     order_date: day(2016, 3, 1),
//!     frequency: BillingFrequency::Annual,
//!     change: QuoteChange::AddSeats(3),
//!     change_date: day(2016, 9, 1),
//!     policy: ProrationPolicy::default(),
//! })?;
//! // 181 of the term's 365 days: 12 × 20 × 3 × 181 / 365 = 357.04.
//! assert_eq!(q.seat_charge.unwrap().amount.to_string(), "357.04 USD");
//! assert_eq!(q.term.last(), day(2017, 2, 28));
//! # Ok::<(), csp_core::Error>(())
//! ```

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::access::Actor;
use crate::calendar::{Period, TermSchedule, YearMonth};
use crate::catalog::{
    Catalog, Customer, LicenseAgreementType, OfferId, SecondaryType, Segment, TenantOrigin,
};
use crate::charges::{ChargeKind, ChargeLine, Inputs, Ledger, LineForm, ReplayOptions};
use crate::error::Result;
use crate::money::{Money, ProrationPolicy};
use crate::price_list::{PriceBook, PriceList, PriceRow};
use crate::program::Program;
use crate::subscription::{BillingFrequency, Event, EventKind, SubscriptionId};

#[cfg(test)]
mod tests;

/// The customer id of a quote's lines.
pub const CUSTOMER: &str = "customer";
/// The subscription id of a quote's lines.
pub const SUBSCRIPTION: &str = "quote";
/// The offer id of a book made by [`priced_book`].
pub const PRICED_OFFER: &str = "PRICE";

/// The change a quote prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteChange {
    /// Seats added on the change date.
    AddSeats(u32),
    /// Seats removed on the change date.
    RemoveSeats(u32),
    /// The subscription suspended on the change date.
    Suspend,
}

/// What to quote: `seats` of `offer` ordered on `order_date`, and `change` on `change_date`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteRequest {
    /// The offer, as in the book's lists.
    pub offer: OfferId,
    /// Seats ordered.
    pub seats: u32,
    /// The order date: the term's first day, and the date the price is locked on.
    pub order_date: NaiveDate,
    /// Monthly or annual billing.
    pub frequency: BillingFrequency,
    /// The change.
    pub change: QuoteChange,
    /// Its date, inside the term.
    pub change_date: NaiveDate,
    /// The rounding policy.
    pub policy: ProrationPolicy,
}

/// A seat change's own line as the calculator shows it: the charges engine's line (net
/// form) with its share and period price spelled out, and the unit for one seat unsigned.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct QuotedSeatCharge {
    /// The prorated amount (negative for a removal).
    pub amount: Money,
    /// The days charged.
    pub service_period: Period,
    /// The charge period holding the change.
    pub charge_period: Period,
    /// Days charged.
    pub days: u32,
    /// Days of the charge period.
    pub period_days: u32,
    /// One seat's price for the whole charge period.
    #[cfg_attr(feature = "serde", serde(with = "crate::input::serde_fields::exact"))]
    pub period_price: Decimal,
    /// The one-seat amount as the policy shows it.
    #[cfg_attr(feature = "serde", serde(with = "crate::input::serde_fields::exact"))]
    pub unit: Decimal,
    /// Seats changed (negative for a removal).
    pub quantity: i64,
}

/// The answer: the term, the seat change's line, and every line of the term.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Quote {
    /// The subscription's term.
    pub term: Period,
    /// Its billing frequency.
    pub frequency: BillingFrequency,
    /// The rounding policy used.
    pub policy: ProrationPolicy,
    /// For a seat change, its own line.
    pub seat_charge: Option<QuotedSeatCharge>,
    /// The lines the change itself produces (a prorated charge or credit).
    pub change: Vec<ChargeLine>,
    /// The full charges after the change, until the term end.
    pub following: Vec<ChargeLine>,
    /// Every line of the term, in order.
    pub lines: Vec<ChargeLine>,
}

/// A book of one list, effective the first of `order_date`'s month, holding `price` (per
/// seat per month) for [`PRICED_OFFER`]: a quote from a price instead of a price list.
///
/// # Errors
/// The price list's (`currency_mismatch` cannot happen: the book takes the price's).
pub fn priced_book(price: &Money, order_date: NaiveDate) -> Result<PriceBook> {
    let row = PriceRow {
        offer_id: OfferId::new(PRICED_OFFER),
        offer_name: "Offer".to_string(),
        agreement_type: LicenseAgreementType::Corporate,
        secondary_type: SecondaryType::Base,
        list_price: price.amount(),
        erp_price: price.amount(),
        purchase_unit: None,
        end_customer_type: None,
        change_indicator: None,
        effective_start: None,
        effective_end: None,
    };
    let mut book = PriceBook::new(price.currency());
    book.add(PriceList::new(
        YearMonth::of(order_date),
        price.currency(),
        vec![row],
    )?)?;
    Ok(book)
}

/// Quotes `request` against `book` under `program`.
///
/// # Errors
/// `date_outside_term` when the change date is outside the term (a suspension included);
/// the price book's (`no_price_list_in_force`, `offer_not_in_price_list`); the charges
/// engine's (`invalid_quantity` for 0 seats or removing every seat, …).
pub fn quote(book: &PriceBook, program: &Program, request: &QuoteRequest) -> Result<Quote> {
    let inputs = inputs(book, program)?;
    let options = ReplayOptions {
        policy: request.policy,
        form: LineForm::Net,
    };
    let id = SubscriptionId::new(SUBSCRIPTION);
    let order = Event {
        date: request.order_date,
        subscription: id.clone(),
        kind: EventKind::Order {
            customer: CUSTOMER.into(),
            offer: request.offer.clone(),
            quantity: request.seats,
            frequency: request.frequency,
        },
        actor: None,
    };
    let kind = match request.change {
        QuoteChange::AddSeats(n) => EventKind::AddSeats {
            quantity: n,
            billed_on: None,
        },
        QuoteChange::RemoveSeats(n) => EventKind::RemoveSeats {
            quantity: n,
            billed_on: None,
        },
        QuoteChange::Suspend => EventKind::Suspend,
    };
    let change = Event {
        date: request.change_date,
        subscription: id,
        kind,
        actor: None,
    };
    // The term (SPEC §6.1): the ledger replays through its last day.
    let term = TermSchedule::new(
        request.order_date,
        program.term_months,
        request.frequency.months(),
    )
    .term(1)?;
    let mut ledger = Ledger::new(inputs.context(term.last()), options);
    // The order first: it refuses what cannot be ordered, whatever the change.
    ledger.apply(&order)?;
    term.require_in_term(request.change_date)?;
    ledger.advance_to(request.change_date)?;
    let before = ledger.lines().len();
    ledger.apply(&change)?;
    let after = ledger.lines().len();
    let lines = ledger.finish()?.lines;
    let change = lines.get(before..after).unwrap_or_default().to_vec();
    let seat_charge = change
        .iter()
        .find(|l| matches!(l.kind, ChargeKind::SeatsAdded | ChargeKind::SeatsRemoved))
        .map(QuotedSeatCharge::from_line);
    Ok(Quote {
        term,
        frequency: request.frequency,
        policy: request.policy,
        seat_charge,
        change,
        following: lines.get(after..).unwrap_or_default().to_vec(),
        lines,
    })
}

impl QuotedSeatCharge {
    /// The calculator's view of a seat change's line (net form).
    fn from_line(line: &ChargeLine) -> QuotedSeatCharge {
        QuotedSeatCharge {
            amount: line.amount,
            service_period: line.service_period,
            charge_period: line.charge_period,
            days: line.share.days,
            period_days: line.share.of,
            period_price: line.period_price.amount(),
            unit: line.unit_amount.abs(),
            quantity: line.quantity,
        }
    }
}

/// The charges engine's inputs for a quote: the book, its offers, one customer.
fn inputs(book: &PriceBook, program: &Program) -> Result<Inputs> {
    let catalog = Catalog::from_book(book);
    let customer = Customer::new(
        CUSTOMER,
        "Customer",
        Segment::Commercial,
        TenantOrigin::CreatedByPartner,
    );
    Ok(Inputs {
        catalog,
        customers: BTreeMap::from([(customer.id.clone(), customer)]),
        book: book.clone(),
        program: program.clone(),
        default_actor: Actor::csp_admin_agent(),
    })
}
