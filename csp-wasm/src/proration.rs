//! Proration of a period price (SPEC §6.2, §6.4): one line, or many over typed arrays.

use csp_core::batch::{ProrationColumns, RowError};
use csp_core::input::{amount, AmountKind, AmountProblem};
use csp_core::money::Money;
use csp_core::Error;
use wasm_bindgen::prelude::*;

use crate::args::{count, i32s, i64s, signed_seat_count, signed_seats, text, u32s};
use crate::convert::{currency as parse_currency, js_error, js_row_error, to_js};
use crate::read::{policy as read_policy, Fields};

/// The most days a charge period has: three years with a leap day (an NCE triennial term
/// billed up front). A longer period, or more days billed, is a typo or a wrapped number.
const MAX_PERIOD_DAYS: u32 = 1_096;

/// A day count of a proration (`what`: `days billed`, `days in period`): a whole number
/// from 0 to [`MAX_PERIOD_DAYS`]. 0, and more days billed than the period has, are then
/// refused by the core (`invalid_proration`), as before.
fn days(v: &JsValue, what: &'static str) -> Result<u32, Error> {
    count(v, what, 0, MAX_PERIOD_DAYS, DAYS_EXPECTED)
}

/// [`days`] of a typed array's element.
fn day_count(n: u32, what: &'static str) -> Result<u32, Error> {
    csp_core::input::count(i64::from(n), what, 0, MAX_PERIOD_DAYS, DAYS_EXPECTED)
}

/// A period price in minor units: never negative, as a price read from text
/// (`AmountKind::Price`).
fn minor_price(units: i64) -> Result<i64, Error> {
    if units < 0 {
        return Err(Error::InvalidInput {
            what: AmountKind::Price.what(),
            text: units.to_string(),
            expected: AmountKind::Price.expected(AmountProblem::Negative),
        });
    }
    Ok(units)
}

const DAYS_EXPECTED: &str =
    "a whole number of days from 1 to 1,096 (a charge period is at most three years)";

/// Prorates `quantity` seats of a period price over `days_billed` of `days_in_period` days
/// with a rounding policy (SPEC §6.2, §6.4): `ProrationPolicy::prorate`.
///
/// `period_price` is a price (never negative, at most 6 decimals: `csp_core::input::amount`
/// of kind `Price`); `quantity` is a whole number of seats, negative for a credit, whose
/// size is 1 to 1,000,000 (`invalid_quantity` otherwise: 0 seats is refused, not 0.00); the
/// days are whole numbers of at most 1,096.
#[wasm_bindgen(unchecked_return_type = "Proration")]
pub fn prorate(
    #[wasm_bindgen(unchecked_param_type = "ProrateInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || -> Result<_, Error> {
        let i = Fields::new(
            &input,
            "prorate input",
            PRORATE_EXPECTED,
            &[
                "currency",
                "period_price",
                "quantity",
                "days_billed",
                "days_in_period",
                "policy",
            ],
        )?;
        let cur = parse_currency(&i.string("currency")?)?;
        let price = Money::new(amount(&i.string("period_price")?, AmountKind::Price)?, cur);
        let quantity = signed_seats(&i.value("quantity"), "quantity")?;
        let billed = days(&i.value("days_billed"), "days billed")?;
        let period = days(&i.value("days_in_period"), "days in period")?;
        i.policy("policy")?
            .prorate(&price, quantity, billed, period)
    };
    to_js(&run().map_err(js_error)?)
}

const PRORATE_EXPECTED: &str = "{currency, period_price, quantity, days_billed, days_in_period, policy?} with whole numbers for quantity and days";

/// The batch entry point: prorates many rows at once, over typed arrays.
///
/// `period_prices` are **integer minor units** of `currency` (cents for USD: `400n` is
/// 4.00), one per row, as a `BigInt64Array`, never negative (a price); `quantities` are signed seats (negative: a
/// credit; size 1 to 1,000,000) as an `Int32Array`; `days_billed` and `days_in_period` are
/// the days of each row as `Uint32Array`s (at most 1,096). `policy` is a proration policy
/// object (`undefined` for the default). Returns each row's rounded amount in minor units.
/// The arrays must be of these types, of the same length and of at most 1,048,576 rows
/// (`invalid_column` otherwise); the first refused row throws a `CspError` whose context
/// has its 0-based `row`.
#[wasm_bindgen(js_name = prorateMany, unchecked_return_type = "BigInt64Array")]
pub fn prorate_many(
    #[wasm_bindgen(unchecked_param_type = "string")] currency: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ProrationPolicy | undefined")] policy: JsValue,
    #[wasm_bindgen(unchecked_param_type = "BigInt64Array")] period_prices: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Int32Array")] quantities: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Uint32Array")] days_billed: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Uint32Array")] days_in_period: JsValue,
) -> Result<Vec<i64>, JsValue> {
    let setup = || -> Result<_, Error> {
        let cur = parse_currency(&text(&currency, "currency")?)?;
        let policy = read_policy(&policy)?;
        let columns = (
            i64s(&period_prices, "prices")?,
            i32s(&quantities, "quantities")?,
            u32s(&days_billed, "daysBilled")?,
            u32s(&days_in_period, "daysInPeriod")?,
        );
        Ok((cur, policy, columns))
    };
    let (cur, policy, (prices, quantities, billed, period)) = setup().map_err(js_error)?;
    // The lengths first (`invalid_column`), then each row's counts through the same readers
    // as `prorate`'s; the core prorates the rows before the first refused one, so that the
    // row named is the first refused, by either.
    ProrationColumns::new(&prices, &quantities, &billed, &period).map_err(js_error)?;
    let refused = prices
        .iter()
        .zip(quantities.iter().zip(billed.iter().zip(&period)))
        .enumerate()
        .find_map(|(row, (price, (q, (b, p))))| {
            minor_price(*price)
                .and_then(|_| signed_seat_count(i64::from(*q), "quantity"))
                .and_then(|_| day_count(*b, "days billed"))
                .and_then(|_| day_count(*p, "days in period"))
                .err()
                .map(|error| RowError { row, error })
        });
    let n = refused.as_ref().map_or(prices.len(), |r| r.row);
    let rows = ProrationColumns::new(
        prices.get(..n).unwrap_or_default(),
        quantities.get(..n).unwrap_or_default(),
        billed.get(..n).unwrap_or_default(),
        period.get(..n).unwrap_or_default(),
    )
    .map_err(js_error)?;
    let amounts = rows.prorate(cur, policy).map_err(|e| js_row_error(&e))?;
    match refused {
        Some(e) => Err(js_row_error(&e)),
        None => Ok(amounts),
    }
}
