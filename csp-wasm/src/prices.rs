//! A price book: monthly price lists to look prices up with the 30-day visibility rule
//! (SPEC §3).

use std::cell::RefCell;
use std::rc::Rc;

use csp_core::batch::SeatKernel;
use csp_core::catalog::OfferId;
use csp_core::price_list::{PriceBook as CoreBook, PriceList};
use csp_core::Error;
use wasm_bindgen::prelude::*;

use crate::args::{opt_text, text};
use crate::convert::{currency as parse_currency, date, js_error, month as parse_month, to_js};

/// A partner's monthly price lists in one currency (`csp_core::price_list::PriceBook`).
#[wasm_bindgen]
#[derive(Debug)]
pub struct PriceBook {
    /// Shared with the cached quoter, which reads the book between calls.
    pub(crate) inner: Rc<CoreBook>,
    /// The kernel of [`PriceBook::prorate_seat_change`], kept between calls so that each
    /// quote reuses the prices and term dates looked up before; dropped when a list is added.
    pub(crate) quoter: RefCell<Option<SeatKernel<Rc<CoreBook>>>>,
}

#[wasm_bindgen]
impl PriceBook {
    /// An empty book in `currency` (ISO 4217, e.g. `"USD"`).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "string")] currency: JsValue,
    ) -> Result<PriceBook, JsValue> {
        let cur = text(&currency, "currency").and_then(|c| parse_currency(&c));
        Ok(PriceBook {
            inner: Rc::new(CoreBook::new(cur.map_err(js_error)?)),
            quoter: RefCell::new(None),
        })
    }

    /// The book's currency code.
    #[wasm_bindgen(getter)]
    pub fn currency(&self) -> String {
        self.inner.currency().code().to_string()
    }

    /// Adds the legacy CSV list of `month` (`YYYY-MM`, effective on its 1st); returns its
    /// number of rows. Throws on a malformed file or a month already present.
    #[wasm_bindgen(js_name = addLegacyCsv)]
    pub fn add_legacy_csv(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] csv: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] month: JsValue,
    ) -> Result<u32, JsValue> {
        let mut run = || -> Result<u32, Error> {
            let csv = text(&csv, "price list CSV")?;
            let month = parse_month(&text(&month, "month")?)?;
            let list = PriceList::from_legacy_csv(&csv, month, self.inner.currency())?;
            let rows = u32::try_from(list.len()).unwrap_or(u32::MAX);
            // The cached quoter holds the book: drop it so that the book can change.
            self.quoter.replace(None);
            Rc::make_mut(&mut self.inner).add(list)?;
            Ok(rows)
        };
        run().map_err(js_error)
    }

    /// The price of `offer` on `date`, read as of `as_of` (both `YYYY-MM-DD`): the list
    /// governing the date, its list and ERP prices. `as_of` defaults to `date`.
    #[wasm_bindgen(unchecked_return_type = "Price")]
    pub fn price(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] offer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] on: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] as_of: JsValue,
    ) -> Result<JsValue, JsValue> {
        let run = || -> Result<_, Error> {
            let offer = text(&offer, "offer id")?;
            let offer = OfferId::new(csp_core::input::id(&offer, "offer id")?);
            let on = date(&text(&on, "date")?)?;
            let as_of = match opt_text(&as_of, "as_of date")? {
                Some(a) => date(&a)?,
                None => on,
            };
            self.inner.price(&offer, on, as_of)
        };
        to_js(&run().map_err(js_error)?)
    }

    /// The rows of the list in force on `date` (read as of `date`).
    #[wasm_bindgen(unchecked_return_type = "PriceRow[]")]
    pub fn rows(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] on: JsValue,
    ) -> Result<JsValue, JsValue> {
        let run = || -> Result<Vec<_>, Error> {
            let on = date(&text(&on, "date")?)?;
            Ok(self.inner.list_on(on, on)?.rows().cloned().collect())
        };
        to_js(&run().map_err(js_error)?)
    }
}
