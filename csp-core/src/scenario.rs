//! Scenario files: everything a replay needs, as one JSON document, version 1 (SPEC §7, §8).
//!
//! The same format is read by the `csp` command, the Python package and the browser package.
//! Unknown fields are refused with their path, line and column, so a misspelt field never
//! silently changes a bill. (Inside an event, which is a `type`-tagged object, the path
//! names the event, e.g. `events[3]`; the line and column point into it.) Money is always a decimal **string** (`"4.00"`), never a JSON
//! number; dates are `YYYY-MM-DD`.
//!
//! ```json
//! {
//!   "version": 1,
//!   "program": "legacy_2015",
//!   "currency": "USD",
//!   "as_of": "2018-02-15",
//!   "policy": {"daily_rate": null, "unit": null, "line": "half_up"},
//!   "form": "net",
//!   "offers": [
//!     {"id": "ARM", "name": "Azure Rights Management", "agreement_type": "corporate",
//!      "kind": {"type": "add_on", "prerequisites": ["E1"]}}
//!   ],
//!   "customers": [
//!     {"id": "contoso", "name": "Contoso", "segment": "commercial", "origin": "created_by_partner"}
//!   ],
//!   "price_lists": [
//!     {"month": "2018-01", "rows": [
//!       {"offer_id": "E1", "offer_name": "Office 365 E1", "agreement_type": "corporate",
//!        "secondary_type": "base", "list_price": "4.00", "erp_price": "5.00"}]},
//!     {"month": "2018-02", "csv": "Offer ID,Offer Display Name,License Agreement Type,…"}
//!   ],
//!   "events": [
//!     {"date": "2018-01-13", "subscription": "s1", "type": "order", "customer": "contoso",
//!      "offer": "E1", "quantity": 1, "frequency": "monthly"}
//!   ]
//! }
//! ```
//!
//! | field | required | meaning |
//! |---|---|---|
//! | `version` | yes | `1` |
//! | `program` | no | `legacy_2015` (default) |
//! | `currency` | yes | ISO 4217 code of the price lists |
//! | `as_of` | no | replay through this date (a caller may give it instead) |
//! | `policy` | no | [`ProrationPolicy`]: `daily_rate` and `unit` are `null` (exact) or `{"scale": 2, "mode": "half_up"}`; `line` is `half_up`, `half_even` or `down` |
//! | `form` | no | `net` (default) or `reconciliation` (see [`LineForm`]) |
//! | `default_actor` | no | who acts when an event names no `actor`: `{"type": "partner", "program": "csp", "roles": ["admin_agent"]}` (the default) or `{"type": "customer", "role": "global_admin"}`; an event refused by the privilege rules is `not_permitted` |
//! | `offers` | no | the catalog: offers with add-on prerequisites. Offers only in price lists are added from their rows (an add-on row without a catalog entry has no prerequisites) |
//! | `customers` | yes | id, name, segment (`commercial`, `government`, `education`), origin (`created_by_partner`, `existing_direct`, `syndication`), `delegated_admin` (default `true`) |
//! | `price_lists` | yes | one per month: `month` and either `rows` (as [`PriceRow`]) or `csv` (the legacy CSV text); with a resolver ([`Scenario::from_json_with`]), or `csv_file` (the path of a legacy CSV file) |
//! | `events` | yes | dated events; see the `subscription` module for every `type` |
//! | `partner` | for bills | [`PartnerSettings`]: billing day, payment terms, invoice prefix, resale rules, own services, financing, discounts, tax rates, the reseller agreement |

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::access::Actor;
use crate::billing::{bill_month, BillRun, PartnerSettings};
use crate::calendar::YearMonth;
use crate::catalog::{Catalog, Customer, Offer};
use crate::charges::{
    replay, ChargeLine, Inputs, LineForm, LineStream, Refusal, Replay, ReplayOptions,
};
use crate::error::{Error, Result};
use crate::money::{Currency, ProrationPolicy};
use crate::price_list::{parse_legacy_rows, PriceBook, PriceList, PriceRow};
use crate::program::Program;
use crate::subscription::Event;

/// The scenario format version this library reads and writes.
pub const SCENARIO_VERSION: u32 = 1;

/// A complete replay input (see the module documentation for the format).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(from = "read::Document<ScenarioPriceList>")]
pub struct Scenario {
    /// Format version: 1.
    pub version: u32,
    /// The program's name.
    pub program: String,
    /// Currency of the price lists.
    pub currency: Currency,
    /// Replay through this date, unless the caller gives one.
    pub as_of: Option<NaiveDate>,
    /// Rounding steps.
    pub policy: ProrationPolicy,
    /// Line form.
    pub form: LineForm,
    /// Who acts when an event names no `actor` (default: a CSP admin agent).
    pub default_actor: Actor,
    /// Catalog entries (add-ons with their prerequisites).
    pub offers: Vec<Offer>,
    /// Customers.
    pub customers: Vec<Customer>,
    /// Monthly price lists.
    pub price_lists: Vec<ScenarioPriceList>,
    /// Dated events, any order across dates; same-day events apply in the order given.
    pub events: Vec<Event>,
    /// The partner's billing settings (needed for bills).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner: Option<PartnerSettings>,
}

/// One month's list in a scenario: rows, or the legacy CSV text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioPriceList {
    /// The month the list is for.
    pub month: YearMonth,
    /// The rows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<PriceRow>,
    /// The legacy CSV text (instead of rows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csv: Option<String>,
}

fn scenario_error(path: &str, detail: impl Into<String>) -> Error {
    Error::InvalidScenario {
        path: path.to_string(),
        line: 0,
        column: 0,
        detail: detail.into(),
    }
}

impl Scenario {
    /// Reads a scenario from JSON text.
    ///
    /// # Errors
    /// `unsupported_version` for another `version`; `invalid_scenario` with the path (e.g.
    /// `events[2].quantiy`), line and column for malformed JSON, a wrong type, a missing or
    /// an unknown field, or a money amount given as a number.
    pub fn from_json(text: &str) -> Result<Scenario> {
        read::document::<ScenarioPriceList>(text).map(Scenario::from)
    }

    /// Reads a scenario from JSON text in which a price list may also be given as
    /// `"csv_file": "PATH"`, a legacy CSV file: `resolve` is called once per `csv_file`, in
    /// list order, with the path as written, and returns the file's text (the core does no
    /// I/O: the caller decides what a path is relative to). Each file's text is parsed once,
    /// into that list's `rows`.
    ///
    /// # Errors
    /// [`ReadError::Document`]: as [`Scenario::from_json`], and `invalid_scenario` at
    /// `price_lists[i].csv_file` for a `csv_file` that is not a string, at `price_lists[i]`
    /// for one given with `rows` or `csv` (every entry is checked before the first file is
    /// resolved); [`ReadError::Resolve`] with the resolver's error; [`ReadError::Csv`] with
    /// the file's parse error (line and column within that file).
    pub fn from_json_with<E>(
        text: &str,
        resolve: impl FnMut(&str) -> std::result::Result<String, E>,
    ) -> std::result::Result<Scenario, ReadError<E>> {
        read::document::<read::FileEntry>(text)
            .map_err(ReadError::Document)?
            .resolve(resolve)
    }

    /// The scenario as pretty JSON (reads back to an equal scenario).
    pub fn to_json(&self) -> String {
        // Serialising these plain data types cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The catalog, customers, price book and program the scenario describes.
    ///
    /// # Errors
    /// `invalid_input` for an unknown program; `invalid_scenario` for a price list with both
    /// or neither of `rows` and `csv`, or a duplicate customer; the CSV parse errors (line and
    /// column within that list's text); `duplicate_offer`, `duplicate_price_list`.
    pub fn inputs(&self) -> Result<Inputs> {
        let program: Program = self.program.parse()?;
        program.require_legacy_engine("scenario program")?;
        let mut book =
            PriceBook::new(self.currency).with_notice_days(program.price_list_notice_days);
        let mut catalog = Catalog::new();
        for offer in &self.offers {
            catalog.add(offer.clone())?;
        }
        for (i, list) in self.price_lists.iter().enumerate() {
            let rows = match (&list.csv, list.rows.is_empty()) {
                (Some(csv), true) => parse_legacy_rows(csv)?,
                (None, false) => list.rows.clone(),
                (Some(_), false) => {
                    return Err(scenario_error(
                        &format!("price_lists[{i}]"),
                        "give either `rows` or `csv`, not both",
                    ))
                }
                (None, true) => {
                    return Err(scenario_error(
                        &format!("price_lists[{i}]"),
                        "a price list needs `rows` or `csv`",
                    ))
                }
            };
            catalog.add_price_rows(&rows);
            book.add(PriceList::new(list.month, self.currency, rows)?)?;
        }
        let mut customers = BTreeMap::new();
        for (i, c) in self.customers.iter().enumerate() {
            if customers.insert(c.id.clone(), c.clone()).is_some() {
                return Err(scenario_error(
                    &format!("customers[{i}].id"),
                    format!("duplicate customer id {}", c.id),
                ));
            }
        }
        Ok(Inputs {
            catalog,
            customers,
            book,
            program,
            default_actor: self.default_actor.clone(),
        })
    }

    /// The as-of date: `as_of` when given, else the scenario's.
    ///
    /// # Errors
    /// `invalid_scenario` when neither gives one.
    pub fn as_of(&self, as_of: Option<NaiveDate>) -> Result<NaiveDate> {
        as_of.or(self.as_of).ok_or_else(|| {
            scenario_error(
                "as_of",
                "no as-of date: give `as_of` in the scenario or to the call",
            )
        })
    }

    /// Replays the scenario through `as_of` (or its own `as_of`).
    ///
    /// # Errors
    /// A [`Refusal`]: the first refused event with its index, or (without an index) an error
    /// in the scenario's inputs.
    pub fn replay(&self, as_of: Option<NaiveDate>) -> std::result::Result<Replay, Refusal> {
        let as_of = self.as_of(as_of).map_err(Refusal::from)?;
        let inputs = self.inputs().map_err(Refusal::from)?;
        replay(&inputs, &self.events, as_of, self.options())
    }

    /// Every customer's bill for `month` (SPEC §8), given the bill runs issued before (for
    /// corrections and numbering) and where invoice numbers start (a `u64`, or `None` to
    /// continue after the issued runs' numbers: see [`crate::billing::FirstNumber`]).
    ///
    /// # Errors
    /// A [`Refusal`]: `invalid_scenario` without `partner` settings, the replay's refusals,
    /// invalid settings, `duplicate_invoice_number` (see [`bill_month`]).
    pub fn bill(
        &self,
        month: YearMonth,
        issued: &[BillRun],
        first_number: impl Into<crate::billing::FirstNumber>,
    ) -> std::result::Result<BillRun, Refusal> {
        let (settings, inputs) = self.billing_inputs()?;
        bill_month(
            &inputs,
            &self.events,
            self.options(),
            settings,
            month,
            issued,
            first_number,
        )
    }

    /// The next `count` bills after `month`, projected (see [`crate::billing::project`]).
    ///
    /// # Errors
    /// As [`Scenario::bill`].
    pub fn projection(
        &self,
        month: YearMonth,
        count: u32,
    ) -> std::result::Result<Vec<BillRun>, Refusal> {
        let (settings, inputs) = self.billing_inputs()?;
        crate::billing::project(
            &inputs,
            &self.events,
            self.options(),
            settings,
            month,
            count,
        )
    }

    /// The replay options the scenario gives (rounding steps, line form).
    fn options(&self) -> ReplayOptions {
        ReplayOptions {
            policy: self.policy,
            form: self.form,
        }
    }

    /// The partner's settings and the inputs, for bills.
    fn billing_inputs(&self) -> std::result::Result<(&PartnerSettings, Inputs), Refusal> {
        let settings = self.partner.as_ref().ok_or_else(|| {
            Refusal::from(scenario_error(
                "partner",
                "billing needs the partner's settings (`partner`)",
            ))
        })?;
        Ok((settings, self.inputs().map_err(Refusal::from)?))
    }

    /// The charge lines through `as_of` (or the scenario's own `as_of`) as a stream, handed
    /// out as they arise ([`LineStream`]); `inputs` are the scenario's [`Scenario::inputs`].
    ///
    /// # Errors
    /// As [`Scenario::as_of`]; the stream itself ends with a refused event's [`Refusal`].
    pub fn line_stream<'a>(
        &'a self,
        inputs: &'a Inputs,
        as_of: Option<NaiveDate>,
    ) -> Result<LineStream<'a>> {
        let as_of = self.as_of(as_of)?;
        Ok(LineStream::new(inputs, &self.events, as_of, self.options()))
    }

    /// Every charge line through `as_of` (or the scenario's own `as_of`).
    ///
    /// # Errors
    /// As [`Scenario::replay`], as the refusal's error.
    pub fn charges(&self, as_of: Option<NaiveDate>) -> Result<Vec<ChargeLine>> {
        self.replay(as_of).map(|r| r.lines).map_err(|r| r.error)
    }
}

#[cfg(feature = "serde")]
pub mod nce;
mod nce_channel;
mod read;
mod recon;
mod split;

pub use read::{version_of, ReadError};

#[cfg(test)]
mod tests;
#[cfg(all(test, feature = "serde"))]
mod tests_fx;
