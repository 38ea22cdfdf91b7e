//! The calculator's quote: one subscription ordered on a date, one seat change or suspension
//! on another, priced by the core.
//!
//! The input is turned into the core's own inputs (a one-customer [`Scenario`] with a price
//! list and two events) and handed to the core: the [`SeatChangePricer`] prices a seat change
//! at the locked list price (it refuses a change outside the term, or of 0 seats), and the
//! charges engine's [`Ledger`] replays the order and the change through the term end, giving
//! the change's own lines and every full charge that follows until the term end.

use chrono::NaiveDate;
use csp_core::access::Actor;
use csp_core::batch::{SeatChange, SeatChangePricer};
use csp_core::calendar::{Period, YearMonth};
use csp_core::catalog::{
    Customer, LicenseAgreementType, OfferId, SecondaryType, Segment, TenantOrigin,
};
use csp_core::charges::{ChargeLine, Ledger, LineForm, ReplayOptions};
use csp_core::money::{Money, ProrationPolicy};
use csp_core::price_list::PriceRow;
use csp_core::program::Program;
use csp_core::scenario::{Scenario, ScenarioPriceList, SCENARIO_VERSION};
use csp_core::subscription::{BillingFrequency, Event, EventKind, SubscriptionId};
use csp_core::Error;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::convert::{currency, date, from_js, js_error, month, to_js};

/// The customer and subscription ids of a quote (they appear in its lines).
const CUSTOMER: &str = "customer";
const SUBSCRIPTION: &str = "quote";
/// The offer id used when the quote gives a price instead of an offer.
const PRICED_OFFER: &str = "PRICE";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuoteInput {
    currency: String,
    /// List price per seat per month (instead of `offer` + `price_lists`).
    #[serde(default)]
    price: Option<String>,
    /// Offer id in `price_lists`.
    #[serde(default)]
    offer: Option<String>,
    #[serde(default)]
    price_lists: Vec<PriceListInput>,
    seats: i64,
    order_date: String,
    frequency: String,
    change: ChangeInput,
    #[serde(default)]
    policy: ProrationPolicy,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PriceListInput {
    month: String,
    csv: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChangeInput {
    #[serde(rename = "type")]
    kind: String,
    date: String,
    #[serde(default)]
    quantity: Option<i64>,
}

/// The pricer's line for a seat change (`csp_core::batch::SeatCharge`).
#[derive(Serialize)]
struct SeatChargeOut {
    amount: Money,
    service_period: Period,
    charge_period: Period,
    days: u32,
    period_days: u32,
    #[serde(with = "rust_decimal::serde::str")]
    period_price: rust_decimal::Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    unit: rust_decimal::Decimal,
    quantity: i64,
}

#[derive(Serialize)]
struct QuoteOut {
    term: Period,
    frequency: BillingFrequency,
    policy: ProrationPolicy,
    seat_charge: Option<SeatChargeOut>,
    change: Vec<ChargeLine>,
    following: Vec<ChargeLine>,
    lines: Vec<ChargeLine>,
}

const QUOTE_EXPECTED: &str = "{currency, price | (offer, price_lists: [{month, csv}]), seats, order_date, frequency, change: {type: add_seats | remove_seats | suspend, date, quantity?}, policy?}";

/// A whole number of seats for the core's events.
fn seats(n: i64, what: &str) -> Result<u32, Error> {
    u32::try_from(n).map_err(|_| Error::InvalidQuantity {
        subscription: SUBSCRIPTION.to_string(),
        detail: format!("{what} must be a whole number of seats of at least 1, not {n}"),
    })
}

/// Quotes a seat change (or a suspension) on a subscription: the prorated charge at the
/// locked list price, its service and charge periods, the term, and every line of the term
/// (`lines`), split into the change's own lines (`change`) and the full charges that follow
/// it until the term end (`following`). For `add_seats`/`remove_seats`, `seat_charge` is the
/// core's seat-change line (days, period price, unit). Throws a `CspError`: for instance
/// `date_outside_term`, `invalid_quantity` (seats below 1, removing every seat), a CSV parse
/// error of a price list, `offer_not_in_price_list`.
#[wasm_bindgen(js_name = quoteSeatChange, unchecked_return_type = "Quote")]
pub fn quote_seat_change(
    #[wasm_bindgen(unchecked_param_type = "QuoteInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let q: QuoteInput = from_js(&input, "quote input", QUOTE_EXPECTED).map_err(js_error)?;
    to_js(&quote(q).map_err(js_error)?)
}

fn quote(q: QuoteInput) -> Result<QuoteOut, Error> {
    let cur = currency(&q.currency)?;
    let order_date = date(&q.order_date)?;
    let change_date = date(&q.change.date)?;
    let frequency: BillingFrequency = q.frequency.parse()?;
    let quantity = seats(q.seats, "seats")?;
    let (offer, price_lists) = match (&q.price, &q.offer) {
        (Some(price), None) => (
            PRICED_OFFER.to_string(),
            vec![priced_list(price, cur, order_date)?],
        ),
        (None, Some(offer)) => {
            let mut lists = Vec::new();
            for l in &q.price_lists {
                lists.push(ScenarioPriceList {
                    month: month(&l.month)?,
                    rows: Vec::new(),
                    csv: Some(l.csv.clone()),
                });
            }
            (offer.clone(), lists)
        }
        _ => {
            return Err(Error::InvalidInput {
                what: "quote input",
                text: "price and offer".to_string(),
                expected: "either `price` or `offer` with `price_lists`",
            })
        }
    };
    let id = SubscriptionId::new(SUBSCRIPTION);
    let order = Event {
        date: order_date,
        subscription: id.clone(),
        kind: EventKind::Order {
            customer: CUSTOMER.into(),
            offer: OfferId::new(&offer),
            quantity,
            frequency,
        },
        actor: None,
    };
    let delta = q.change.quantity.unwrap_or(0);
    let (kind, signed) = match q.change.kind.as_str() {
        "add_seats" => (
            EventKind::AddSeats {
                quantity: seats(delta, "seats added")?,
                billed_on: None,
            },
            Some(delta),
        ),
        "remove_seats" => (
            EventKind::RemoveSeats {
                quantity: seats(delta, "seats removed")?,
                billed_on: None,
            },
            Some(-delta),
        ),
        "suspend" => (EventKind::Suspend, None),
        other => {
            return Err(Error::InvalidInput {
                what: "change type",
                text: other.to_string(),
                expected: "add_seats, remove_seats or suspend",
            })
        }
    };
    let change = Event {
        date: change_date,
        subscription: id.clone(),
        kind,
        actor: None,
    };
    let scenario = Scenario {
        version: SCENARIO_VERSION,
        program: Program::legacy_2015().name,
        currency: cur,
        as_of: None,
        policy: q.policy,
        form: LineForm::Net,
        default_actor: Actor::csp_admin_agent(),
        offers: Vec::new(),
        customers: vec![Customer::new(
            CUSTOMER,
            "Customer",
            Segment::Commercial,
            TenantOrigin::CreatedByPartner,
        )],
        price_lists,
        events: vec![order.clone(), change.clone()],
        partner: None,
    };
    let inputs = scenario.inputs()?;
    let options = ReplayOptions {
        policy: q.policy,
        form: LineForm::Net,
    };
    // The order alone gives the term.
    let mut ordered = Ledger::new(inputs.context(order_date), options);
    ordered.apply(&order)?;
    let term = ordered
        .state(&id)
        .map(|s| s.term)
        .ok_or_else(|| Error::UnknownSubscription {
            subscription: SUBSCRIPTION.to_string(),
        })?;
    // A seat change: the core's pricer (refuses a date outside the term, 0 seats).
    let seat_charge = match signed {
        Some(signed) => {
            let mut pricer = SeatChangePricer::new(&inputs.book, &inputs.program, q.policy);
            let line = pricer.price(&SeatChange {
                customer: CUSTOMER,
                offer: &offer,
                quantity: signed,
                term_start: order_date,
                change_date,
                frequency,
            })?;
            Some(SeatChargeOut {
                amount: line.amount,
                service_period: line.service_period,
                charge_period: line.charge_period,
                days: line.days,
                period_days: line.period_days,
                period_price: line.period_price,
                unit: line.unit,
                quantity: signed,
            })
        }
        None => None,
    };
    // The term replayed: the order, the change, then every automatic step to the term end.
    let mut ledger = Ledger::new(inputs.context(term.last()), options);
    ledger.apply(&order)?;
    ledger.advance_to(change_date)?;
    let before = ledger.lines().len();
    ledger.apply(&change)?;
    let after = ledger.lines().len();
    let lines = ledger.finish()?.lines;
    Ok(QuoteOut {
        term,
        frequency,
        policy: q.policy,
        seat_charge,
        change: lines.get(before..after).unwrap_or_default().to_vec(),
        following: lines.get(after..).unwrap_or_default().to_vec(),
        lines,
    })
}

/// A one-row price list holding `price` for the quote's order month.
fn priced_list(
    price: &str,
    cur: csp_core::money::Currency,
    order: NaiveDate,
) -> Result<ScenarioPriceList, Error> {
    let price = Money::parse(price, cur)?.amount();
    Ok(ScenarioPriceList {
        month: YearMonth::of(order),
        rows: vec![PriceRow {
            offer_id: OfferId::new(PRICED_OFFER),
            offer_name: "Offer".to_string(),
            agreement_type: LicenseAgreementType::Corporate,
            secondary_type: SecondaryType::Base,
            list_price: price,
            erp_price: price,
            purchase_unit: None,
            end_customer_type: None,
            change_indicator: None,
            effective_start: None,
            effective_end: None,
        }],
        csv: None,
    })
}
