//! The calculator's quote: one subscription ordered on a date, one seat change or suspension
//! on another, priced by the core's [`csp_core::quote`]. This module only reads the JS
//! object into a [`QuoteRequest`] (and its price lists into a book) and writes the answer.

use csp_core::money::{Money, ProrationPolicy};
use csp_core::price_list::{PriceBook, PriceList};
use csp_core::program::Program;
use csp_core::quote::{priced_book, quote, QuoteChange, QuoteRequest, PRICED_OFFER, SUBSCRIPTION};
use csp_core::Error;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::convert::{currency, date, from_js, js_error, month, to_js};

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
    to_js(&quote_of(q).map_err(js_error)?)
}

fn quote_of(q: QuoteInput) -> Result<csp_core::quote::Quote, Error> {
    let cur = currency(&q.currency)?;
    let order_date = date(&q.order_date)?;
    let program = Program::legacy_2015();
    let (offer, book) = match (&q.price, &q.offer) {
        (Some(price), None) => (
            PRICED_OFFER.to_string(),
            priced_book(&Money::parse(price, cur)?, order_date)?,
        ),
        (None, Some(offer)) => {
            let mut book = PriceBook::new(cur).with_notice_days(program.price_list_notice_days);
            for l in &q.price_lists {
                book.add(PriceList::from_legacy_csv(&l.csv, month(&l.month)?, cur)?)?;
            }
            (offer.clone(), book)
        }
        _ => {
            return Err(Error::InvalidInput {
                what: "quote input",
                text: "price and offer".to_string(),
                expected: "either `price` or `offer` with `price_lists`",
            })
        }
    };
    let delta = q.change.quantity.unwrap_or(0);
    let change = match q.change.kind.as_str() {
        "add_seats" => QuoteChange::AddSeats(seats(delta, "seats added")?),
        "remove_seats" => QuoteChange::RemoveSeats(seats(delta, "seats removed")?),
        "suspend" => QuoteChange::Suspend,
        other => {
            return Err(Error::InvalidInput {
                what: "change type",
                text: other.to_string(),
                expected: "add_seats, remove_seats or suspend",
            })
        }
    };
    let request = QuoteRequest {
        offer: offer.as_str().into(),
        seats: seats(q.seats, "seats")?,
        order_date,
        frequency: q.frequency.parse()?,
        change,
        change_date: date(&q.change.date)?,
        policy: q.policy,
    };
    quote(&book, &program, &request)
}
