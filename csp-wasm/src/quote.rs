//! The calculator's quote: one subscription ordered on a date, one seat change or suspension
//! on another, priced by the core's [`csp_core::quote`]. This module only reads the JS
//! object into a [`QuoteRequest`] (and its price lists into a book) and writes the answer.

use csp_core::input::{amount, AmountKind};
use csp_core::money::Money;
use csp_core::price_list::{PriceBook, PriceList};
use csp_core::program::Program;
use csp_core::quote::{priced_book, quote, QuoteChange, QuoteRequest, PRICED_OFFER};
use csp_core::Error;
use wasm_bindgen::prelude::*;

use crate::args::seats;
use crate::convert::{currency, date, js_error, month, to_js};
use crate::read::Fields;

const QUOTE_EXPECTED: &str = "{currency, price | (offer, price_lists: [{month, csv}]), seats, order_date, frequency, change: {type: add_seats | remove_seats | suspend, date, quantity?}, policy?}";
const CHANGE_EXPECTED: &str = "{type: add_seats | remove_seats | suspend, date, quantity?}";

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
    to_js(&quote_of(&input).map_err(js_error)?)
}

const QUOTE_FIELDS: &[&str] = &[
    "currency",
    "price",
    "offer",
    "price_lists",
    "seats",
    "order_date",
    "frequency",
    "change",
    "policy",
];

fn quote_of(input: &JsValue) -> Result<csp_core::quote::Quote, Error> {
    let q = Fields::new(input, "quote input", QUOTE_EXPECTED, QUOTE_FIELDS)?;
    let cur = currency(&q.string("currency")?)?;
    let order_date = date(&q.string("order_date")?)?;
    let program = Program::legacy_2015();
    let lists = q.array("price_lists")?;
    let (offer, book) = match (q.opt_string("price")?, q.opt_string("offer")?) {
        (Some(price), None) => (
            PRICED_OFFER.to_string(),
            priced_book(
                &Money::new(amount(&price, AmountKind::Price)?, cur),
                order_date,
            )?,
        ),
        (None, Some(offer)) => {
            let mut book = PriceBook::new(cur).with_notice_days(program.price_list_notice_days);
            for l in lists {
                let l = Fields::plain(l, "price list", "{month, csv}", &["month", "csv"])?;
                let month = month(&l.string("month")?)?;
                book.add(PriceList::from_legacy_csv(&l.string("csv")?, month, cur)?)?;
            }
            (offer, book)
        }
        _ => {
            return Err(Error::conflicting_arguments(
                "quote input",
                "price and offer",
                "either `price` or `offer` with `price_lists`",
            ))
        }
    };
    let c = q.required_object(
        "change",
        "change",
        CHANGE_EXPECTED,
        &["type", "date", "quantity"],
    )?;
    let delta = c.value("quantity");
    let change = match c.string("type")?.as_str() {
        "add_seats" => QuoteChange::AddSeats(seats(&delta, "seats added")?),
        "remove_seats" => QuoteChange::RemoveSeats(seats(&delta, "seats removed")?),
        "suspend" => QuoteChange::Suspend,
        other => {
            return Err(Error::unknown_choice(
                "change type",
                other,
                "add_seats, remove_seats or suspend",
            ))
        }
    };
    let request = QuoteRequest {
        offer: offer.as_str().into(),
        seats: seats(&q.value("seats"), "seats")?,
        order_date,
        frequency: q.string("frequency")?.parse()?,
        change,
        change_date: date(&c.string("date")?)?,
        policy: q.policy("policy")?,
    };
    quote(&book, &program, &request)
}
