//! Seat changes in volume and one at a time, priced from a [`PriceBook`]: thin wrappers of
//! `csp_core::batch` (the kernel every binding runs).

use csp_core::batch::{DenseTotals, Frequencies, LineColumns, RowError, SeatColumns, SeatKernel};
use csp_core::calendar::{epoch_day, from_epoch_day};
use csp_core::input::{check_date, id};
use csp_core::money::ProrationPolicy;
use csp_core::program::Program;
use csp_core::subscription::BillingFrequency;
use csp_core::Error;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::args::{
    count, flag, i32s, opt_text, signed_seat_count, signed_seats, text, texts, u32s,
};
use crate::convert::{date, js_error, js_row_error};
use crate::prices::PriceBook;
use crate::read::policy as read_policy;

/// The prorated lines and per-customer totals of [`PriceBook::prorate_seat_changes`], in
/// integer minor units of the book's currency (cents for USD).
#[wasm_bindgen]
#[derive(Debug, Default)]
pub struct SeatChangeBatch {
    totals: Vec<i64>,
    lines: Vec<u64>,
    amounts: Vec<i64>,
    service_end: Vec<i32>,
    days: Vec<u32>,
    period_days: Vec<u32>,
}

#[wasm_bindgen]
impl SeatChangeBatch {
    /// Always throws a `CspError` (`invalid_input`): a batch is made by
    /// `book.prorateSeatChanges`, and an empty one built with `new` would have nothing behind
    /// its getters (wasm-bindgen's glue would throw a plain `Error` there).
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<SeatChangeBatch, JsValue> {
        Err(js_error(Error::invalid_json(
            "SeatChangeBatch",
            "new SeatChangeBatch()",
            "a batch returned by book.prorateSeatChanges",
        )))
    }

    /// Total per customer id (`0..customers`), minor units.
    #[wasm_bindgen(getter)]
    pub fn totals(&self) -> Vec<i64> {
        self.totals.clone()
    }

    /// Number of rows per customer id.
    #[wasm_bindgen(getter, js_name = lineCounts)]
    pub fn line_counts(&self) -> Vec<u64> {
        self.lines.clone()
    }

    /// Each row's amount, minor units (empty unless lines were asked for).
    #[wasm_bindgen(getter)]
    pub fn amounts(&self) -> Vec<i64> {
        self.amounts.clone()
    }

    /// Each row's last day charged, as a day number (days since 1970-01-01).
    #[wasm_bindgen(getter, js_name = serviceEnd)]
    pub fn service_end(&self) -> Vec<i32> {
        self.service_end.clone()
    }

    /// Each row's days charged.
    #[wasm_bindgen(getter)]
    pub fn days(&self) -> Vec<u32> {
        self.days.clone()
    }

    /// Each row's charge-period length in days.
    #[wasm_bindgen(getter, js_name = periodDays)]
    pub fn period_days(&self) -> Vec<u32> {
        self.period_days.clone()
    }
}

/// The most customer ids one [`PriceBook::prorate_seat_changes`] call totals (its totals
/// table is allocated up front: a bound, so that a bad count is an error, not an abort).
const MAX_CUSTOMERS: u32 = 1 << 24;

fn frequency_of(frequency: &JsValue) -> Result<BillingFrequency, Error> {
    BillingFrequency::parse_or_default(opt_text(frequency, "frequency")?.as_deref())
}

/// The first `n` rows of a column (all of a shorter one: the kernel names its length).
fn head<T>(column: &[T], n: usize) -> &[T] {
    column.get(..n.min(column.len())).unwrap_or_default()
}

fn to_i64(v: i128) -> Result<i64, Error> {
    i64::try_from(v).map_err(|_| Error::AmountOverflow {
        operation: "minor units beyond 64 bits",
    })
}

#[wasm_bindgen]
impl PriceBook {
    /// Prorates many seat changes at once over typed arrays (the page's volume quote):
    /// row `i` adds `quantity[i]` seats (negative: removes) of offer `offers[offer[i]]` on
    /// day `changeDate[i]` to the subscription of customer id `customer[i]` (below
    /// `customers`, at most 2^24) ordered on day `termStart[i]`. Days are **day numbers**:
    /// days since 1970-01-01 (`Date.UTC(y, m - 1, d) / 86400000`). Every row's price is the list price
    /// locked at its order date, prorated to the end of its charge period (the term end for
    /// `"annual"`, the default; the month from the anchor for `"monthly"`) by `policy`
    /// (`undefined`: exact, half-up). Returns totals per customer and, when `withLines`,
    /// each row's amount, in minor units. The first refused row throws a `CspError` whose
    /// context has its 0-based `row`.
    #[wasm_bindgen(js_name = prorateSeatChanges)]
    #[allow(clippy::too_many_arguments)]
    pub fn prorate_seat_changes(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] offers: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] customers: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint32Array")] customer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint32Array")] offer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Int32Array")] quantity: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Int32Array")] term_start: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Int32Array")] change_date: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] frequency: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ProrationPolicy")] policy: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "boolean")] with_lines: JsValue,
    ) -> Result<SeatChangeBatch, JsValue> {
        let program = Program::legacy_2015();
        let setup = || -> Result<_, Error> {
            let customers = count(
                &customers,
                "customer count",
                0,
                MAX_CUSTOMERS,
                "at most 16,777,216 customer ids in one batch",
            )?;
            let offers = texts(&offers, "offers")?;
            let columns = (
                u32s(&customer, "customer")?,
                u32s(&offer, "offer")?,
                i32s(&quantity, "quantity")?,
                i32s(&term_start, "termStart")?,
                i32s(&change_date, "changeDate")?,
            );
            let mut kernel = SeatKernel::new(&*self.inner, &program, read_policy(&policy)?);
            // The offers' dense ids are their positions in `offers`.
            let mut ids = Vec::with_capacity(offers.len());
            for name in &offers {
                ids.push(kernel.offer(id(name, "offer id")?)?);
            }
            let frequency = frequency_of(&frequency)?;
            Ok((
                kernel,
                customers,
                ids,
                columns,
                frequency,
                flag(&with_lines, "withLines")?,
            ))
        };
        let (mut kernel, customers, ids, columns, frequency, with_lines) =
            setup().map_err(js_error)?;
        let (customer, offer, quantity, term_start, change_date) = columns;
        let offer_ids = offer
            .iter()
            .map(|o| ids.get(*o as usize).copied().unwrap_or(u32::MAX))
            .collect::<Vec<u32>>();
        // Each row's seats through the one seat reader; the kernel runs the rows before the
        // first refused one, so that the row named is the first refused, by either.
        // Each row's days through the one date range (a day in year 50000 would otherwise be
        // priced at the latest list).
        let day = |d: i32| from_epoch_day(d).and_then(check_date);
        let refused = quantity
            .iter()
            .zip(term_start.iter().zip(&change_date))
            .enumerate()
            .find_map(|(row, (q, (start, change)))| {
                signed_seat_count(i64::from(*q), "quantity")
                    .and_then(|_| day(*start))
                    .and_then(|_| day(*change))
                    .err()
                    .map(|error| RowError { row, error })
            });
        let n = refused.as_ref().map_or(quantity.len(), |r| r.row);
        let quantity: Vec<i64> = quantity.iter().take(n).map(|q| i64::from(*q)).collect();
        let rows = SeatColumns {
            customer: head(&customer, n),
            offer: head(&offer_ids, n),
            quantity: &quantity,
            term_start: head(&term_start, n),
            change_date: head(&change_date, n),
            frequency: Frequencies::All(frequency),
        };
        let mut totals = DenseTotals::new(customers as usize);
        let mut lines = with_lines.then(LineColumns::default);
        kernel
            .run(&rows, 0, &mut totals, lines.as_mut())
            .map_err(|e| js_row_error(&e))?;
        if let Some(e) = refused {
            return Err(js_row_error(&e));
        }
        let mut out = SeatChangeBatch::default();
        let finish = || -> Result<SeatChangeBatch, Error> {
            for id in 0..customers {
                let (total, count) = totals.get(id)?;
                out.totals.push(to_i64(total)?);
                out.lines.push(count);
            }
            if let Some(l) = lines {
                out.amounts = l.amount.into_iter().map(to_i64).collect::<Result<_, _>>()?;
                out.service_end = l.service_end;
                out.days = l.days;
                out.period_days = l.period_days;
            }
            Ok(out)
        };
        finish().map_err(js_error)
    }

    /// One seat change, with plain strings and numbers (no object to build): `quantity`
    /// seats of `offer` changed on `changeDate` (`YYYY-MM-DD`) on a subscription ordered on
    /// `termStart`, billed `frequency` (`"annual"` by default, or `"monthly"`), with the
    /// default policy. Returns the prorated amount as a decimal string (`"36.93"`).
    #[wasm_bindgen(js_name = prorateSeatChange)]
    pub fn prorate_seat_change(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] offer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] quantity: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] term_start: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] change_date: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] frequency: JsValue,
    ) -> Result<String, JsValue> {
        let run = || -> Result<String, Error> {
            let offer = text(&offer, "offer id")?;
            let offer = id(&offer, "offer id")?;
            let quantity = signed_seats(&quantity, "quantity")?;
            let term_start = date(&text(&term_start, "term start")?)?;
            let change_date = date(&text(&change_date, "change date")?)?;
            let mut cached = self.quoter.borrow_mut();
            let kernel = cached.get_or_insert_with(|| {
                SeatKernel::new(
                    Rc::clone(&self.inner),
                    &Program::legacy_2015(),
                    ProrationPolicy::default(),
                )
            });
            let offer = kernel.offer(offer)?;
            let line = kernel.line(
                offer,
                quantity,
                epoch_day(term_start),
                epoch_day(change_date),
                frequency_of(&frequency)?,
            )?;
            Ok(kernel.currency().format_minor(line.amount))
        };
        run().map_err(js_error)
    }
}
