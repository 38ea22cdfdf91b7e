//! NCE price sheets in a price book: reading a sheet, and the row governing a query's key on
//! a date (SPEC-NCE §12.2, §12.3).
//!
//! The query object is read field by field (`read.rs`, every value through the binding's
//! one reader, `args.rs`); the lookup is the core's (`PriceBook::nce_price`, or
//! `NceSheet::price_for_seats` when seats are given).

use std::rc::Rc;

use csp_core::price_list::{BillingPlan, NceKey, NceRow, PriceSegment, TermDuration, TierRange};
use csp_core::Error;
use wasm_bindgen::prelude::*;

use crate::args::{seats, text};
use crate::convert::{currency, date, js_error, to_js};
use crate::prices::PriceBook;
use crate::read::Fields;

const QUERY: &str = "{offer: \"ProductId:SkuId\", term: \"P1M\" | \"P1Y\" | \"P3Y\"…, plan, market, currency, segment?, tier?: {min, max}, seats?}";
const TIER: &str = "{min, max}: whole numbers of seats from 0 to 4294967295 with min <= max";

#[wasm_bindgen]
impl PriceBook {
    /// Adds the rows of an NCE price sheet (the price-sheet API's CSV header, SPEC-NCE
    /// §12.1); returns their number. A malformed sheet throws and adds nothing.
    ///
    /// The rows are kept as the sheet gives them, whatever their currency: a query names
    /// its currency (the book's own currency governs only its legacy monthly lists).
    #[wasm_bindgen(js_name = addNceCsv)]
    pub fn add_nce_csv(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] csv: JsValue,
    ) -> Result<u32, JsValue> {
        let rows = text(&csv, "NCE price sheet CSV")
            .and_then(|csv| csp_core::price_list::parse_nce_rows(&csv))
            .map_err(js_error)?;
        let n = u32::try_from(rows.len()).unwrap_or(u32::MAX);
        // The cached quoter holds the book: drop it so that the book can change.
        self.quoter.replace(None);
        Rc::make_mut(&mut self.inner).add_nce(rows);
        Ok(n)
    }

    /// The NCE row governing `query` at 00:00 UTC of `on` (`YYYY-MM-DD`), in the core's serde
    /// form (`NceRow`: `unit_price` exactly as published). `query` names offer
    /// (`ProductId:SkuId`), term, plan, market and currency, and optionally the segment, the
    /// tier (`{min, max}`) and a seat count (`seats`: the tier whose range holds it).
    ///
    /// Throws `ambiguous_price` when the query leaves out a segment or tier that tells the
    /// sheet's rows apart, and `nce_price_not_found` when no row covers the date.
    #[wasm_bindgen(js_name = ncePrice, unchecked_return_type = "NceRow")]
    pub fn nce_price(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NceQuery")] query: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] on: JsValue,
    ) -> Result<JsValue, JsValue> {
        let run = || -> Result<&NceRow, Error> {
            let (key, seat_count) = nce_query(&query)?;
            let on = date(&text(&on, "date")?)?;
            match seat_count {
                Some(n) => self.inner.nce().price_for_seats(&key, n.into(), on),
                None => self.inner.nce_price(&key, on),
            }
        };
        to_js(run().map_err(js_error)?)
    }
}

/// The key of an NCE query object, and its seat count when given.
fn nce_query(value: &JsValue) -> Result<(NceKey, Option<u32>), Error> {
    let q = Fields::new(
        value,
        "NCE price query",
        QUERY,
        &[
            "offer", "term", "plan", "market", "currency", "segment", "tier", "seats",
        ],
    )?;
    let offer = q.string("offer")?;
    let offer = csp_core::input::id(&offer, "offer id")?;
    let market = q.string("market")?;
    let market = csp_core::input::id(&market, "market")?;
    let mut key = NceKey::new(
        offer,
        q.string("term")?.parse::<TermDuration>()?,
        q.string("plan")?.parse::<BillingPlan>()?,
        market,
        currency(&q.string("currency")?)?,
    );
    if let Some(s) = q.opt_string("segment")? {
        key = key.with_segment(s.parse::<PriceSegment>()?);
    }
    if let Some(t) = q.object("tier", "tier", TIER, &["min", "max"])? {
        let bound = |k: &str, what| csp_core::input::count(t.int(k)?, what, 0, u32::MAX, TIER);
        let (min, max) = (bound("min", "tier min")?, bound("max", "tier max")?);
        let tier = TierRange::new(min.into(), max.into()).ok_or(Error::InvalidInput {
            what: "tier",
            text: format!("{min}-{max}"),
            expected: TIER,
        })?;
        key = key.with_tier(tier);
    }
    let seat_count = match q.value("seats") {
        v if v.is_undefined() => None,
        v => Some(seats(&v, "seats")?),
    };
    Ok((key, seat_count))
}
