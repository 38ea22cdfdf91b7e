//! NCE scenario files: version 2, an NCE program, price sheets and instant-stamped events
//! (SPEC-NCE §11–§14).
//!
//! Version 1 stays the legacy format, unchanged; [`version_of`](super::version_of()) tells a
//! caller which reader a text needs.
//!
//! ```json
//! {
//!   "version": 2,
//!   "program": "nce",
//!   "currency": "USD",
//!   "market": "US",
//!   "as_of": "2022-09-01T00:00:00Z",
//!   "convention": "nce_b",
//!   "customers": [
//!     {"id": "contoso", "name": "Contoso", "segment": "commercial", "origin": "created_by_partner"}
//!   ],
//!   "price_sheets": [{"csv": "ProductTitle,ProductId,SkuId,…"}],
//!   "events": [
//!     {"id": "o1", "at": "2022-06-18T10:00:00Z", "subscription": "s1", "type": "order",
//!      "customer": "contoso", "offer": "CFQ7TTC0LFLX:0001", "term": "P1Y", "plan": "monthly",
//!      "quantity": 10}
//!   ]
//! }
//! ```
//!
//! | field | required | meaning |
//! |---|---|---|
//! | `version` | yes | `2` |
//! | `program` | yes | `nce` or `nce_launch_2022` ([`Program`]) |
//! | `currency` | yes | the pricing currency (ISO 4217): the price sheet rows' |
//! | `billing_currency` | no | the partner's billing currency (SPEC-NCE §16.1); default `currency`. Lines' `unit_price` and `effective_unit_price` stay in `currency`, their `subtotal` and the partner's bills are in `billing_currency` |
//! | `exchange_rates` | no | rates from the pricing to the billing currency by month (SPEC-NCE §16.2), `[{"from": "EUR", "to": "USD", "month": "2024-05", "rate": "1.0842"}]`: `rate` a decimal string greater than 0 kept as written; one rate per `from`, `to` and `month`. A line uses the rate of the month of its order date (`fx_rate_date` = its 1st, §16.3); a missing month is `fx_rate_missing`, a rate ≤ 0 `fx_rate_invalid`. Not needed when the currencies are the same ([`FxRates`]) |
//! | `market` | yes | the two-letter market prices are read in (SPEC-NCE §12.2) |
//! | `as_of` | no | replay through this instant (a caller may give it instead) |
//! | `convention` | no | `nce_b` (default, pinned P18) or `nce_a` ([`LineConvention`]) |
//! | `customers` | yes | as in version 1 |
//! | `price_sheets` | yes | NCE price sheets in file order (later rows win the last ties): each `{"csv": TEXT}`, or with a resolver ([`NceScenario::from_json_with`]) `{"csv_file": PATH}` |
//! | `events` | yes | NCE events (see the `subscription::nce` module for every `type`) |
//! | `upgrade_paths` | no | the catalog's upgrade paths, `[{"from": "CFQ7TTC0LFLX:0001", "to": "CFQ7TTC0LFK5:0001"}]` (SPEC-NCE §13.10) |
//! | `skus` | no | purchase rules by SKU (SPEC-NCE §13.13, [`NceSkuRules`]): `{"CFQ7TTC0LDPB:0001": {"prerequisites": ["CFQ7TTC0LFLX:0001"], "max_seats": 50, "minimum_percent": "5"}}` |
//! | `tenant_skus_elsewhere` | no | seats each customer holds outside this book, by SKU: `{"contoso": {"CFQ7TTC0LFLX:0001": 400}}`; they meet prerequisites and count against caps and minimums |
//! | `promotions` | no | promotions (SPEC-NCE §12.5.2, PC dev/get-promotions), each `{"id", "percent_off", "offer", "terms", "plans", "segments", "markets", "from", "to"}`: `percent_off` a decimal string `0 ≤ p < 100`; `terms`, `plans`, `segments` (`commercial`, `education`, `government`, `nonprofit`), `markets` lists of at least one value; `from`, `to` instants or dates, both inclusive (a date-only `to` covers its day); ids unique ([`NcePromotion`]). An order may name one (`"promotion": ID`); otherwise the one in force applies |
//! | `partner` | for bills | the partner's settings, as in version 1 ([`PartnerSettings`]); in a two-tier book, the provider's for its own customers |
//! | `channel` | no | a two-tier book (SPEC-NCE §17, [`Channel`]): `{"resellers": [{"id", "name", "mpn_id", "mpa_signed", "linked_from", "linked_until"?, "provider_terms": SETTINGS, "settings": SETTINGS}], "reseller_of_record": [{"customer", "subscription"?, "reseller": ID or null, "from": DATE}]}`; bill it with [`NceScenario::bill_channel`] (its one-tier [`NceScenario::bill`] is refused) |

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::read::{tracked, version_of, ReadError};
use super::scenario_error;
use crate::billing::{bill_nce_month, BillRun, FirstNumber, PartnerSettings};
use crate::calendar::YearMonth;
use crate::catalog::{Customer, CustomerId, OfferId};
use crate::channel::Channel;
use crate::charges::{nce_what_if, replay_nce, replay_nce_until, NceQuote, NceRefusal, NceReplay};
use crate::error::{Error, Result};
use crate::money::nce::LineConvention;
use crate::money::{Currency, FxRates};
use crate::price_list::NceSheet;
use crate::program::Program;
use crate::subscription::nce::{
    NceCatalog, NceContext, NceEvent, NcePromotion, NceSkuRules, UpgradePath,
};

/// The version of the NCE scenario format.
pub const NCE_SCENARIO_VERSION: u32 = 2;

/// An NCE scenario (see the module documentation for the format).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NceScenario {
    /// The program's name (`nce`, `nce_launch_2022`).
    pub program: String,
    /// The pricing currency.
    pub currency: Currency,
    /// The billing currency (SPEC-NCE §16.1): `billing_currency`, or `currency` when the file
    /// leaves it out.
    pub billing_currency: Currency,
    /// The exchange rates (SPEC-NCE §16.2), empty when the file gives none.
    pub exchange_rates: FxRates,
    /// The market, two upper-case letters.
    pub market: String,
    /// Replay through this instant, when the file says.
    pub as_of: Option<DateTime<Utc>>,
    /// The line convention.
    pub convention: LineConvention,
    /// The customers.
    pub customers: Vec<Customer>,
    /// The price sheets' CSV texts, in order.
    pub price_sheets: Vec<String>,
    /// The events.
    pub events: Vec<NceEvent>,
    /// The partner's settings, for bills (as in version 1).
    pub partner: Option<PartnerSettings>,
    /// The caller's catalog data: upgrade paths (SPEC-NCE §13.10), promotions (§12.5.2),
    /// SKU rules and the tenants' seats elsewhere (§13.13).
    pub catalog: NceCatalog,
    /// The two-tier channel (SPEC-NCE §17), when `partner` is an indirect provider: its
    /// resellers and the reseller of record of customers (see [`crate::channel`]).
    pub channel: Option<Channel>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename = "NceScenario")]
struct Document {
    #[allow(dead_code)]
    version: u32,
    program: String,
    currency: Currency,
    #[serde(default)]
    billing_currency: Option<Currency>,
    #[serde(default)]
    exchange_rates: Vec<RateEntry>,
    market: String,
    #[serde(default, with = "crate::input::serde_fields::instant_opt")]
    as_of: Option<DateTime<Utc>>,
    #[serde(default)]
    convention: LineConvention,
    customers: Vec<Customer>,
    price_sheets: Vec<SheetEntry>,
    events: Vec<NceEvent>,
    #[serde(default)]
    partner: Option<PartnerSettings>,
    #[serde(default)]
    upgrade_paths: Vec<UpgradePath>,
    #[serde(default)]
    skus: BTreeMap<OfferId, NceSkuRules>,
    #[serde(default)]
    tenant_skus_elsewhere: BTreeMap<CustomerId, BTreeMap<OfferId, Seats>>,
    #[serde(default)]
    promotions: Vec<NcePromotion>,
    #[serde(default)]
    channel: Option<Channel>,
}

/// One exchange rate of `exchange_rates` (SPEC-NCE §16.2): the rate read strictly as an
/// exact decimal string (its sign checked when the table is built, `fx_rate_invalid`).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename = "NceExchangeRate")]
struct RateEntry {
    from: Currency,
    to: Currency,
    month: YearMonth,
    #[serde(with = "crate::input::serde_fields::exact")]
    rate: rust_decimal::Decimal,
}

/// The table of `entries`, each refusal naming its entry: `exchange_rates[i]`.
fn rate_table(entries: &[RateEntry]) -> Result<FxRates> {
    let mut rates = FxRates::new();
    for (i, e) in entries.iter().enumerate() {
        let path = format!("exchange_rates[{i}]");
        let duplicate = entries[..i]
            .iter()
            .any(|d| (d.from, d.to, d.month) == (e.from, e.to, e.month));
        if duplicate {
            return Err(scenario_error(
                &path,
                format!(
                    "a second rate from {} to {} for {}: give one rate per currency pair and month",
                    e.from, e.to, e.month
                ),
            ));
        }
        rates.insert(e.from, e.to, e.month, e.rate)?;
    }
    Ok(rates)
}

/// A seat count read strictly (1 to 1,000,000).
#[derive(serde::Deserialize)]
#[serde(transparent)]
struct Seats(#[serde(with = "crate::input::serde_fields::seats")] u32);

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename = "NcePriceSheet")]
struct SheetEntry {
    #[serde(default)]
    csv: Option<String>,
    /// Any JSON value, so that a non-string is refused with the entry's path.
    #[serde(default)]
    csv_file: Option<serde_json::Value>,
}

impl NceScenario {
    /// Reads an NCE scenario from JSON text (a `csv_file` needs
    /// [`NceScenario::from_json_with`]).
    ///
    /// # Errors
    /// `unsupported_version` for another version; `invalid_scenario` with path, line and
    /// column for a bad document (an unknown field, a bad instant, a market that is not two
    /// letters, a `csv_file`); `invalid_input` for a program that is not an NCE program.
    pub fn from_json(text: &str) -> Result<NceScenario> {
        NceScenario::from_json_with(text, |file: &str| {
            Err(format!(
                "{file}: a price sheet file needs a reader of files (the csp command, or Python's Scenario.load)"
            ))
        })
        .map_err(|e| match e {
            ReadError::Document(e) => e,
            other => scenario_error(&other.list_path().unwrap_or_default(), other.to_string()),
        })
    }

    /// As [`NceScenario::from_json`], each `csv_file` read by `resolve` (the core does no
    /// I/O: the caller resolves the path, e.g. relative to the scenario file).
    ///
    /// # Errors
    /// As [`NceScenario::from_json`]; [`ReadError::Resolve`] when `resolve` fails (its index
    /// is the sheet's in `price_sheets`).
    pub fn from_json_with<E>(
        text: &str,
        mut resolve: impl FnMut(&str) -> std::result::Result<String, E>,
    ) -> std::result::Result<NceScenario, ReadError<E>> {
        let doc = || -> Result<Document> {
            match version_of(text)? {
                NCE_SCENARIO_VERSION => {}
                v => {
                    return Err(Error::UnsupportedVersion {
                        version: v,
                        supported: NCE_SCENARIO_VERSION,
                    })
                }
            }
            let doc: Document = tracked(text)?;
            let program: Program = doc.program.parse()?;
            if !program.is_nce() {
                return Err(Error::InvalidInput {
                    what: "NCE scenario program",
                    text: doc.program.clone(),
                    expected: "nce or nce_launch_2022 (a legacy_2015 scenario is version 1)",
                });
            }
            Ok(doc)
        };
        let doc = doc().map_err(ReadError::Document)?;
        let exchange_rates = rate_table(&doc.exchange_rates).map_err(ReadError::Document)?;
        let catalog = NceCatalog {
            upgrade_paths: doc.upgrade_paths,
            skus: doc.skus,
            held_elsewhere: doc
                .tenant_skus_elsewhere
                .into_iter()
                .map(|(c, held)| (c, held.into_iter().map(|(o, n)| (o, n.0)).collect()))
                .collect(),
            promotions: doc.promotions,
        };
        catalog.validate().map_err(ReadError::Document)?;
        let market = doc.market.trim().to_ascii_uppercase();
        if market.len() != 2 || !market.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(ReadError::Document(scenario_error(
                "market",
                format!(
                    "invalid market {}: expected a two-letter country code such as US or GB",
                    crate::error::Quoted(&doc.market)
                ),
            )));
        }
        for (i, p) in catalog.promotions.iter().enumerate() {
            if catalog.promotions[..i].iter().any(|q| q.id == p.id) {
                return Err(ReadError::Document(scenario_error(
                    &format!("promotions[{i}].id"),
                    format!("promotion {} appears twice", crate::error::Quoted(&p.id)),
                )));
            }
        }
        let mut sheets = Vec::with_capacity(doc.price_sheets.len());
        for (index, entry) in doc.price_sheets.into_iter().enumerate() {
            let path = format!("price_sheets[{index}]");
            let text = match (entry.csv, entry.csv_file) {
                (Some(csv), None) => csv,
                (None, Some(serde_json::Value::String(file))) => {
                    resolve(&file).map_err(|error| ReadError::Resolve { index, file, error })?
                }
                (None, Some(_)) => {
                    return Err(ReadError::Document(scenario_error(
                        &format!("{path}.csv_file"),
                        "expected the path of an NCE price sheet (a string)",
                    )))
                }
                _ => {
                    return Err(ReadError::Document(scenario_error(
                        &path,
                        "give one of `csv` and `csv_file`",
                    )))
                }
            };
            sheets.push(text);
        }
        Ok(NceScenario {
            program: doc.program,
            currency: doc.currency,
            billing_currency: doc.billing_currency.unwrap_or(doc.currency),
            exchange_rates,
            market,
            as_of: doc.as_of,
            convention: doc.convention,
            customers: doc.customers,
            price_sheets: sheets,
            events: doc.events,
            partner: doc.partner,
            catalog,
            channel: doc.channel,
        })
    }

    /// The program.
    ///
    /// # Errors
    /// `invalid_input` for an unknown program.
    pub fn program(&self) -> Result<Program> {
        self.program.parse()
    }

    /// Every price sheet parsed into one book, in order.
    ///
    /// # Errors
    /// The NCE sheet parser's errors (line and column within that sheet's text).
    pub fn sheet(&self) -> Result<NceSheet> {
        let mut sheet = NceSheet::default();
        for text in &self.price_sheets {
            sheet.extend(crate::price_list::parse_nce_rows(text)?);
        }
        Ok(sheet)
    }

    /// The customers by id.
    ///
    /// # Errors
    /// `invalid_scenario` for two customers with one id.
    pub fn customers(&self) -> Result<BTreeMap<CustomerId, Customer>> {
        let mut out = BTreeMap::new();
        for (i, c) in self.customers.iter().enumerate() {
            if out.insert(c.id.clone(), c.clone()).is_some() {
                return Err(scenario_error(
                    &format!("customers[{i}].id"),
                    format!("customer {} appears twice", c.id),
                ));
            }
        }
        Ok(out)
    }

    /// Calls `f` with the replay context of the scenario's program, sheets, customers and
    /// upgrade paths at `as_of`.
    pub(super) fn with_context<T>(
        &self,
        as_of: DateTime<Utc>,
        f: impl FnOnce(&NceContext<'_>) -> std::result::Result<T, NceRefusal>,
    ) -> std::result::Result<T, NceRefusal> {
        let inputs = |error| NceRefusal {
            index: None,
            event: None,
            error,
        };
        let program = self.program().map_err(inputs)?;
        let sheet = self.sheet().map_err(inputs)?;
        let customers = self.customers().map_err(inputs)?;
        f(&NceContext {
            program: &program,
            sheet: &sheet,
            customers: &customers,
            currency: self.currency,
            billing_currency: self.billing_currency,
            fx_rates: &self.exchange_rates,
            market: &self.market,
            as_of,
            catalog: &self.catalog,
        })
    }

    /// Replays the events through `as_of` (or the file's `as_of`) and prices every line under
    /// the scenario's convention.
    ///
    /// # Errors
    /// `invalid_input` without an as-of instant; the inputs' errors (program, sheets,
    /// customers); the first refused event, with its index.
    pub fn replay(
        &self,
        as_of: Option<DateTime<Utc>>,
    ) -> std::result::Result<NceReplay, NceRefusal> {
        let inputs = |error| NceRefusal {
            index: None,
            event: None,
            error,
        };
        let as_of = as_of.or(self.as_of).ok_or_else(|| {
            inputs(Error::InvalidInput {
                what: "as-of instant",
                text: String::new(),
                expected: "an as_of in the scenario or given by the caller",
            })
        })?;
        self.with_context(as_of, |ctx| replay_nce(ctx, &self.events, self.convention))
    }

    /// The partner's bill run of `month` over the NCE lines (see
    /// [`bill_nce_month`]).
    ///
    /// # Errors
    /// `invalid_scenario` without `partner`, and for a book with a `channel` (bill it with
    /// [`NceScenario::bill_channel`]); the inputs' errors; as [`bill_nce_month`].
    pub fn bill(
        &self,
        month: YearMonth,
        issued: &[BillRun],
        first_number: impl Into<FirstNumber>,
    ) -> std::result::Result<BillRun, NceRefusal> {
        let inputs = |error| NceRefusal {
            index: None,
            event: None,
            error,
        };
        let settings = self.partner_settings()?;
        if self.channel.is_some() {
            return Err(inputs(scenario_error(
                "channel",
                "this book has a two-tier channel: bill it with bill_channel (every tier's \
                 bills), not as a one-tier partner's",
            )));
        }
        self.with_context(chrono::DateTime::<Utc>::MAX_UTC, |ctx| {
            bill_nce_month(
                ctx,
                &self.events,
                self.convention,
                settings,
                month,
                issued,
                first_number,
            )
        })
    }

    /// The partner's settings a bill needs.
    ///
    /// # Errors
    /// `invalid_scenario` without `partner`.
    pub(super) fn partner_settings(&self) -> std::result::Result<&PartnerSettings, NceRefusal> {
        self.partner.as_ref().ok_or_else(|| {
            NceRefusal::from(scenario_error(
                "partner",
                "a bill needs the partner's settings (`partner`)",
            ))
        })
    }

    /// What `event` would do (see [`nce_what_if`]), given everything that happened before:
    /// the scenario's events with `at` at or before `as_of` (by default the event's own
    /// instant) are replayed through `as_of`, then the event is quoted against that state.
    /// An earlier `as_of` quotes ahead from what was known then.
    ///
    /// # Errors
    /// `invalid_input` for an `as_of` after the event; the inputs' errors; a refused replayed
    /// event (its index in the scenario's events); the quoted event's own refusal (with the
    /// event and no index).
    pub fn what_if(
        &self,
        event: &NceEvent,
        as_of: Option<DateTime<Utc>>,
    ) -> std::result::Result<NceQuote, NceRefusal> {
        let inputs = |error| NceRefusal {
            index: None,
            event: None,
            error,
        };
        let as_of = as_of.unwrap_or(event.at);
        if as_of > event.at {
            return Err(inputs(Error::InvalidInput {
                what: "as_of",
                text: crate::subscription::nce::instant_text(as_of),
                expected: "an instant at or before the event quoted",
            }));
        }
        self.with_context(as_of, |ctx| {
            let replay = replay_nce_until(ctx, &self.events, as_of, self.convention)?;
            nce_what_if(&replay.subscriptions, ctx, event, self.convention).map_err(|error| {
                NceRefusal {
                    index: None,
                    event: Some(Box::new(event.clone())),
                    error,
                }
            })
        })
    }

    /// The custom term ends an order by `customer` at `at` for `term` may ask for
    /// ([`NceSubscriptions::allowed_custom_ends`](crate::subscription::nce::NceSubscriptions::allowed_custom_ends)):
    /// the scenario's events up to `at` are replayed, then the calendar-aligned end and the
    /// ends coterminous with the customer's subscriptions are listed (SPEC-NCE §13.3).
    ///
    /// # Errors
    /// The inputs' errors; a refused replayed event; the program's custom-end refusals.
    pub fn allowed_custom_ends(
        &self,
        customer: &CustomerId,
        at: DateTime<Utc>,
        term: crate::vocab::TermDuration,
    ) -> std::result::Result<Vec<chrono::NaiveDate>, NceRefusal> {
        self.with_context(at, |ctx| {
            let replay = replay_nce_until(ctx, &self.events, at, self.convention)?;
            replay
                .subscriptions
                .allowed_custom_ends(ctx.program, customer, at.date_naive(), term)
                .map_err(|error| NceRefusal {
                    index: None,
                    event: None,
                    error,
                })
        })
    }
}
