//! NCE license-based price sheets: rows, keys and the CSV parser (SPEC §3; SPEC-NCE §12).
//!
//! Reference `csp-rules.md` §5.2.
//!
//! One row per product × SKU × term × billing plan × market × currency (× segment × tier
//! range, when the sheet has those columns), with a unit price for the **whole term** and a
//! timestamped effective range. Rows of one key may overlap; see
//! [`NceSheet::price_on`](super::NceSheet::price_on) for how the governing row is chosen.

use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

use super::csv_table::{read_rows, ColumnSpec, OtherFormat, Row};
use super::nce_key::{NceKey, PriceSegment, TierRange};
use crate::error::{Error, Result};
use crate::ids::OfferId;
use crate::money::Currency;
use crate::vocab::{BillingPlan, TermDuration};

// The vocabulary's readers that refuse with a crate `Error`: they live here, one layer above
// `vocab`, so that `error` can name `TermDuration` and `BillingPlan` without an import cycle.

/// `parse(text)`, or `invalid_input` naming `what` and the `expected` form.
fn read<T>(
    text: &str,
    parse: fn(&str) -> Option<T>,
    what: &'static str,
    expected: &'static str,
) -> Result<T> {
    parse(text).ok_or_else(|| Error::InvalidInput {
        what,
        text: text.to_string(),
        expected,
    })
}

impl FromStr for TermDuration {
    type Err = Error;
    /// Reads `PnM` or `PnY` (case-insensitive), n ≥ 1 (see [`TermDuration::parse`]).
    fn from_str(s: &str) -> Result<Self> {
        let expected = "an ISO 8601 duration such as P1M, P1Y or P3Y";
        read(s, TermDuration::parse, "term duration", expected)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for TermDuration {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl FromStr for BillingPlan {
    type Err = Error;
    /// Reads a plan name as the price sheet writes it (case-insensitive: `Monthly`, `annual`,
    /// `OneTime`, `one_time`…).
    fn from_str(s: &str) -> Result<Self> {
        let expected = "monthly, annual, biennial, triennial, one_time or none";
        read(s, BillingPlan::parse, "billing plan", expected)
    }
}

/// One row of an NCE price sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct NceRow {
    /// The lookup key.
    pub key: NceKey,
    /// Product title.
    pub product_title: String,
    /// SKU title.
    pub sku_title: String,
    /// Price of one unit for the whole term, exactly as published.
    #[cfg_attr(feature = "serde", serde(with = "crate::input::serde_fields::price"))]
    pub unit_price: Decimal,
    /// Estimated retail price for the whole term, when the sheet has it.
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::input::serde_fields::price_opt", default)
    )]
    pub erp_price: Option<Decimal>,
    /// First instant the row applies (UTC).
    pub effective_start: NaiveDateTime,
    /// Last instant the row applies (UTC), inclusive; open-ended rows use 9999-12-31 23:59:59.
    pub effective_end: NaiveDateTime,
    /// The `Tags` column (e.g. `License`, `License; Trial`).
    #[cfg_attr(feature = "serde", serde(default))]
    pub tags: String,
    /// The CSV line the row came from (file order breaks the last ties).
    pub line: u64,
}

const PRODUCT_TITLE: usize = 0;
const PRODUCT_ID: usize = 1;
const SKU_ID: usize = 2;
const SKU_TITLE: usize = 3;
const TERM: usize = 4;
const PLAN: usize = 5;
const MARKET: usize = 6;
const CURRENCY: usize = 7;
const UNIT_PRICE: usize = 8;
const START: usize = 9;
const END: usize = 10;
const TAGS: usize = 11;
const ERP: usize = 12;
const SEGMENT: usize = 13;
const TIER_MIN: usize = 14;
const TIER_MAX: usize = 15;

/// The columns an NCE sheet reader knows.
pub(super) const COLUMNS: &[ColumnSpec] = &[
    ColumnSpec {
        name: "ProductTitle",
        aliases: &["producttitle"],
        required: true,
    },
    ColumnSpec {
        name: "ProductId",
        aliases: &["productid"],
        required: true,
    },
    ColumnSpec {
        name: "SkuId",
        aliases: &["skuid"],
        required: true,
    },
    ColumnSpec {
        name: "SkuTitle",
        aliases: &["skutitle"],
        required: true,
    },
    ColumnSpec {
        name: "TermDuration",
        aliases: &["termduration"],
        required: true,
    },
    ColumnSpec {
        name: "BillingPlan",
        aliases: &["billingplan"],
        required: true,
    },
    ColumnSpec {
        name: "Market",
        aliases: &["market"],
        required: true,
    },
    ColumnSpec {
        name: "Currency",
        aliases: &["currency"],
        required: true,
    },
    ColumnSpec {
        name: "UnitPrice",
        aliases: &["unitprice"],
        required: true,
    },
    ColumnSpec {
        name: "EffectiveStartDate",
        aliases: &["effectivestartdate"],
        required: true,
    },
    ColumnSpec {
        name: "EffectiveEndDate",
        aliases: &["effectiveenddate"],
        required: true,
    },
    ColumnSpec {
        name: "Tags",
        aliases: &["tags"],
        required: false,
    },
    ColumnSpec {
        name: "ERP Price",
        aliases: &["erpprice"],
        required: false,
    },
    ColumnSpec {
        name: "Segment",
        aliases: &["segment"],
        required: false,
    },
    ColumnSpec {
        name: "PricingTierRangeMin",
        aliases: &["pricingtierrangemin"],
        required: false,
    },
    ColumnSpec {
        name: "PricingTierRangeMax",
        aliases: &["pricingtierrangemax"],
        required: false,
    },
];

/// The normalised header spellings that identify an NCE sheet.
pub(crate) fn looks_like_nce(normalised_headers: &[String]) -> bool {
    ["productid", "skuid", "unitprice"]
        .iter()
        .all(|c| normalised_headers.iter().any(|h| h == c))
}

/// The end used for rows whose `EffectiveEndDate` is empty: 9999-12-31 23:59:59.
fn open_end() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(9999, 12, 31)
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .unwrap_or(NaiveDateTime::MAX)
}

/// The row's segment: `None` when the sheet has no `Segment` column, commercial for an
/// empty field (SPEC-NCE §12.1.6), else `invalid_value`.
fn segment(row: &Row<'_>, has_column: bool) -> Result<Option<PriceSegment>> {
    if !has_column {
        return Ok(None);
    }
    if row.opt(SEGMENT).is_none() {
        return Ok(Some(PriceSegment::Commercial));
    }
    row.choice(
        SEGMENT,
        "Commercial, Education, Government or Nonprofit (empty: Commercial)",
        PriceSegment::from_normalised,
    )
    .map(Some)
}

/// The row's tier range: `None` when both ends are empty (or absent); both whole numbers
/// with min ≤ max, else `invalid_value` naming the end at fault (SPEC-NCE §12.1.6).
fn tier(row: &Row<'_>) -> Result<Option<TierRange>> {
    const EXPECTED: &str = "a tier range: PricingTierRangeMin and PricingTierRangeMax both \
                            empty, or both whole numbers of seats with min <= max";
    let (min, max) = (row.opt(TIER_MIN), row.opt(TIER_MAX));
    if min.is_none() && max.is_none() {
        return Ok(None);
    }
    let refuse = |col: usize, value: Option<&str>| Error::InvalidValue {
        line: row.line,
        column: row.column_of(col),
        name: row.name(col),
        value: value.unwrap_or_default().to_string(),
        expected: EXPECTED,
    };
    let min_n = min
        .and_then(seat_count)
        .ok_or_else(|| refuse(TIER_MIN, min))?;
    let max_n = max
        .and_then(seat_count)
        .ok_or_else(|| refuse(TIER_MAX, max))?;
    TierRange::new(min_n, max_n)
        .map(Some)
        .ok_or_else(|| refuse(TIER_MAX, max))
}

/// A seat count as a tier bound: ASCII digits only (no sign, separator or decimals), at
/// most 18 of them so it fits a `u64`.
fn seat_count(text: &str) -> Option<u64> {
    let digits = text.len() <= 18 && !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| text.parse().ok()).flatten()
}

/// Parses an NCE price sheet CSV text (the price-sheet API's header) into rows.
///
/// Optional columns also read: `Segment` (see [`PriceSegment`]) and
/// `PricingTierRangeMin`/`PricingTierRangeMax` (see [`TierRange`]), both part of the key;
/// SkuIds are normalised as [`OfferId`] says (`1` = `0001`).
///
/// # Errors
/// Each with line and column: `csv_malformed`, `price_format_mismatch` (a legacy list's
/// header), `missing_column`, `duplicate_column`,
/// `empty_field`, `invalid_decimal`, `invalid_value` (term, plan, currency, segment, tier
/// range; a ProductId or SkuId with a control character or a colon, or of more than 128
/// characters), `invalid_date`, `invalid_effective_range`, `empty_price_list`.
pub fn parse_nce_rows(text: &str) -> Result<Vec<NceRow>> {
    let mut reader = NceReader::default();
    read_rows(text, COLUMNS, &NOT_LEGACY, |row| reader.row(row))
}

/// How an NCE sheet reader tells a legacy list's header.
pub(super) const NOT_LEGACY: OtherFormat = OtherFormat {
    looks_like: super::legacy::looks_like_legacy,
    expected: "an NCE price sheet",
    found: "a legacy price list",
};

/// Reads an NCE sheet's rows one by one. The sheet repeats its term, plan, market and
/// currency on every row: each is read once per run of equal text (the field as written,
/// so refusals are unchanged).
#[derive(Default)]
pub(super) struct NceReader {
    term: Last<TermDuration>,
    plan: Last<BillingPlan>,
    currency: Last<Currency>,
    market: Last<String>,
    offer: String,
}

impl NceReader {
    /// One data record as an [`NceRow`].
    pub(super) fn row(&mut self, row: &Row<'_>) -> Result<NceRow> {
        let has_segment = row.column_of(SEGMENT) != 0;
        let offer = &mut self.offer;
        offer.clear();
        offer.push_str(row.id(PRODUCT_ID, &[':'])?);
        offer.push(':');
        offer.push_str(row.id(SKU_ID, &[':'])?);
        // Each part is an id of at most 128 characters; so is the offer id they make.
        if offer.len() > crate::input::MAX_ID_CHARS
            && offer.chars().count() > crate::input::MAX_ID_CHARS
        {
            return Err(Error::InvalidValue {
                line: row.line,
                column: row.column_of(SKU_ID),
                name: row.name(SKU_ID),
                value: offer.clone(),
                expected: "a ProductId:SkuId of at most 128 characters in all",
            });
        }
        let offer = OfferId::new(offer);
        let term = self.term.get(row, TERM, |row| {
            row.choice(
                TERM,
                "an ISO 8601 duration such as P1M, P1Y, P3Y",
                TermDuration::parse,
            )
        })?;
        let plan = self.plan.get(row, PLAN, |row| {
            row.choice(
                PLAN,
                "Monthly, Annual, Triennial, OneTime or None",
                BillingPlan::parse,
            )
        })?;
        let currency = self.currency.get(row, CURRENCY, |row| {
            row.choice(CURRENCY, "an ISO 4217 currency code", |v| {
                Currency::from_code(v).ok()
            })
        })?;
        row.req(START)?;
        let effective_start = row.opt_timestamp(START)?.unwrap_or(NaiveDateTime::MIN);
        let effective_end = row.opt_timestamp(END)?.unwrap_or_else(open_end);
        if effective_end < effective_start {
            return Err(Error::InvalidEffectiveRange {
                line: row.line,
                column: row.column_of(END),
                start: row.req(START)?.to_string(),
                end: row.req(END)?.to_string(),
            });
        }
        let market = self.market.get(row, MARKET, |row| {
            let text = row.req(MARKET)?.trim();
            if text.len() != 2 || !text.bytes().all(|b| b.is_ascii_alphabetic()) {
                return Err(Error::InvalidValue {
                    line: row.line,
                    column: row.column_of(MARKET),
                    name: row.name(MARKET),
                    value: text.to_string(),
                    expected: "a two-letter market (country) code such as US or GB",
                });
            }
            Ok(text.to_ascii_uppercase())
        })?;
        Ok(NceRow {
            // As `NceKey::new` normalises them: the offer is already trimmed, upper case.
            key: NceKey {
                offer,
                term,
                plan,
                market,
                currency,
                segment: segment(row, has_segment)?,
                tier: tier(row)?,
            },
            product_title: row.req(PRODUCT_TITLE)?.to_string(),
            sku_title: row.opt(SKU_TITLE).unwrap_or_default().to_string(),
            unit_price: row.decimal(UNIT_PRICE)?,
            erp_price: row.opt_decimal(ERP)?,
            effective_start,
            effective_end,
            tags: row.opt(TAGS).unwrap_or_default().to_string(),
            line: row.line,
        })
    }
}

/// The last few field texts read in one column and the values they gave.
struct Last<T> {
    seen: Vec<(String, T)>,
    /// The entry the next new text replaces, once `seen` is full.
    next: usize,
}

/// How many texts [`Last`] remembers (a sheet cycles through a few terms and plans).
const REMEMBERED: usize = 8;

impl<T> Default for Last<T> {
    fn default() -> Self {
        Last {
            seen: Vec::with_capacity(REMEMBERED),
            next: 0,
        }
    }
}

impl<T: Clone> Last<T> {
    /// The value of `row`'s field in column `col`: a remembered one when the field's text
    /// was read before, else `read(row)` (whose errors pass through, remembering nothing).
    fn get(
        &mut self,
        row: &Row<'_>,
        col: usize,
        read: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        let text = row.opt(col);
        if let Some(text) = text {
            if let Some((_, v)) = self.seen.iter().find(|(t, _)| t == text) {
                return Ok(v.clone());
            }
        }
        let value = read(row)?;
        let entry = (text.unwrap_or_default().to_string(), value.clone());
        if self.seen.len() < REMEMBERED {
            self.seen.push(entry);
        } else if let Some(slot) = self.seen.get_mut(self.next) {
            *slot = entry;
            self.next = (self.next + 1) % REMEMBERED;
        }
        Ok(value)
    }
}
