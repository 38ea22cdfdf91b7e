//! An NCE price sheet: rows by full key, and which row governs a date (SPEC-NCE §12.2, §12.3).

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::nce::{parse_nce_rows, NceRow};
use super::nce_key::{NceKey, PriceSegment};
use crate::error::{Error, Result};

/// An NCE price sheet: rows grouped by their full key (segment and tier range included).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NceSheet {
    rows: BTreeMap<NceKey, Vec<NceRow>>,
}

impl NceSheet {
    /// A sheet from parsed rows.
    pub fn new(rows: Vec<NceRow>) -> NceSheet {
        let mut sheet = NceSheet::default();
        sheet.extend(rows);
        sheet
    }

    /// Parses a CSV text into a sheet.
    ///
    /// # Errors
    /// As [`parse_nce_rows`].
    pub fn from_csv(text: &str) -> Result<NceSheet> {
        parse_nce_rows(text).map(NceSheet::new)
    }

    /// Adds rows (rows added later win the last ties).
    pub fn extend(&mut self, rows: Vec<NceRow>) {
        for row in rows {
            self.rows.entry(row.key.clone()).or_default().push(row);
        }
    }

    /// Every row, by key then in the order added.
    pub fn rows(&self) -> impl Iterator<Item = &NceRow> {
        self.rows.values().flatten()
    }

    /// The row that governs `key` at the start of `date` (00:00 UTC).
    ///
    /// **Which rows.** The rows of the key's offer, term, plan, market and currency, then:
    /// - segment: a query naming one takes the rows of that segment and the rows of sheets
    ///   that do not say (no `Segment` column); when there are none, the commercial rows
    ///   (pinned P3: many SKUs are listed once "regardless of segment"). A query leaving it
    ///   out takes every segment.
    /// - tier: a query naming a range takes that range's rows; one leaving it out takes
    ///   every tier (see [`NceSheet::price_for_seats`] to pick by seat count).
    ///
    /// When those rows have more than one full key (two segments, two tiers), the query is
    /// `ambiguous_price` — whatever the date, so that an answer never depends on which of
    /// two prices happens to be in force.
    ///
    /// **Which row.** Among the rows of that one full key whose effective range contains
    /// the instant, the one that **ends first** governs, ties going to the later start, then
    /// to the row added last (SPEC-NCE §12.3, per full key). This is how Microsoft resolves
    /// overlaps (`csp-rules.md` §5.2): with row 1 effective 2021-10-01 → 2021-11-03
    /// 06:57:30 and row 2 effective 2021-11-01 → open, a transaction on 2 November belongs
    /// to row 1 and one on 4 November to row 2. When overlapping rows share the open end,
    /// the later start wins from its start.
    ///
    /// # Errors
    /// `ambiguous_price` (with the candidate segments and tiers); `nce_price_not_found`
    /// when no row of the key covers the date.
    pub fn price_on(&self, key: &NceKey, date: NaiveDate) -> Result<&NceRow> {
        self.lookup(key, None, date.and_time(NaiveTime::MIN))
    }

    /// As [`NceSheet::price_on`], at the instant `at` (UTC): how a transaction is priced
    /// (SPEC-NCE §12.5, an order at its instant).
    ///
    /// # Errors
    /// As [`NceSheet::price_on`] (`nce_price_not_found` names the instant's date).
    pub fn price_at(&self, key: &NceKey, at: NaiveDateTime) -> Result<&NceRow> {
        self.lookup(key, None, at)
    }

    /// As [`NceSheet::price_on`], for `seats` seats: a tiered row applies only when its
    /// range contains `seats` (untiered rows apply to any count), so the tier whose range
    /// holds the count is chosen. When the key names a tier too, both must hold.
    ///
    /// # Errors
    /// As [`NceSheet::price_on`].
    pub fn price_for_seats(&self, key: &NceKey, seats: u64, date: NaiveDate) -> Result<&NceRow> {
        self.lookup(key, Some(seats), date.and_time(NaiveTime::MIN))
    }

    fn lookup(&self, key: &NceKey, seats: Option<u64>, at: NaiveDateTime) -> Result<&NceRow> {
        let tier_fits = |k: &NceKey| {
            key.tier.is_none_or(|t| k.tier == Some(t))
                && seats.is_none_or(|n| k.tier.is_none_or(|t| t.contains(n)))
        };
        let of_base = || {
            self.rows
                .range(key.base()..)
                .take_while(|(k, _)| k.same_base(key))
                .filter(|(k, _)| tier_fits(k))
        };
        let mut found: Vec<(&NceKey, &Vec<NceRow>)> = match key.segment {
            None => of_base().collect(),
            Some(s) => of_base()
                .filter(|(k, _)| k.segment.is_none_or(|ks| ks == s))
                .collect(),
        };
        if found.is_empty() && key.segment.is_some() {
            let commercial = Some(PriceSegment::Commercial);
            found = of_base().filter(|(k, _)| k.segment == commercial).collect();
        }
        let rows = match found.as_slice() {
            [] => None,
            [(_, rows)] => governing(rows, at),
            many => {
                return Err(Error::AmbiguousPrice {
                    key: format!(
                        "{} {} {} {}/{}",
                        key.offer, key.term, key.plan, key.market, key.currency
                    ),
                    candidates: many
                        .iter()
                        .map(|(k, _)| k.variant_label())
                        .collect::<Vec<_>>()
                        .join("; "),
                })
            }
        };
        rows.ok_or_else(|| Error::NcePriceNotFound {
            offer: key.offer.clone(),
            term: key.term,
            plan: key.plan,
            market: key.market.clone(),
            currency: key.currency,
            date: at.date(),
        })
    }
}

/// The row of one full key that governs the instant `at` (see [`NceSheet::price_on`]).
fn governing(rows: &[NceRow], at: NaiveDateTime) -> Option<&NceRow> {
    rows.iter()
        .enumerate()
        .filter(|(_, r)| r.effective_start <= at && at <= r.effective_end)
        .min_by(|(ia, a), (ib, b)| {
            a.effective_end
                .cmp(&b.effective_end)
                .then(b.effective_start.cmp(&a.effective_start))
                .then(ib.cmp(ia))
        })
        .map(|(_, r)| r)
}
