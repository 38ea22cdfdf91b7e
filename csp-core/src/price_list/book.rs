//! Monthly price lists and the price book: the list of a date, 30-day visibility (SPEC §3, §10.8).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::legacy::{parse_legacy_rows, PriceRow};
use super::nce::NceRow;
use super::nce_key::NceKey;
use super::nce_sheet::NceSheet;
use crate::calendar::{add_days, YearMonth};
use crate::error::{Error, Result};
use crate::ids::OfferId;
use crate::money::{Currency, Money};

/// One month's legacy price list: its start (the 1st of the month), currency and rows.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PriceList {
    month: YearMonth,
    currency: Currency,
    rows: BTreeMap<OfferId, PriceRow>,
}

impl PriceList {
    /// A list effective from the 1st of `month`, in `currency`.
    ///
    /// # Errors
    /// `duplicate_offer` when two rows have the same offer id.
    pub fn new(month: YearMonth, currency: Currency, rows: Vec<PriceRow>) -> Result<PriceList> {
        let mut map = BTreeMap::new();
        for row in rows {
            if map.contains_key(&row.offer_id) {
                return Err(Error::DuplicateOffer {
                    offer: row.offer_id,
                });
            }
            map.insert(row.offer_id.clone(), row);
        }
        Ok(PriceList {
            month,
            currency,
            rows: map,
        })
    }

    /// Parses a legacy price list CSV text for `month` in `currency` (a legacy file carries
    /// neither).
    ///
    /// ```
    /// use csp_core::money::Currency;
    /// use csp_core::price_list::PriceList;
    /// let csv = "\u{feff}Offer Display Name,Offer ID,License Agreement Type,Secondary License Type,List Price,ERP Price\n\
    ///            \"Office 365 Business Essentials, monthly\",bd938f12-058f-4927-bba3-ae36b1d2501c,Corporate,Non-specific,4.00,5.00\n";
    /// let list = PriceList::from_legacy_csv(csv, "2016-03".parse()?, Currency::USD)?;
    /// let row = list.row(&"BD938F12-058F-4927-BBA3-AE36B1D2501C".into()).unwrap();
    /// assert_eq!(row.list_price.to_string(), "4.00");
    /// # Ok::<(), csp_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// The parse errors of [`parse_legacy_rows`](super::parse_legacy_rows).
    pub fn from_legacy_csv(text: &str, month: YearMonth, currency: Currency) -> Result<PriceList> {
        PriceList::new(month, currency, parse_legacy_rows(text)?)
    }

    /// The month the list is for.
    pub fn month(&self) -> YearMonth {
        self.month
    }

    /// The list's effective start date (the 1st of its month).
    pub fn effective_from(&self) -> NaiveDate {
        self.month.first_day()
    }

    /// The list's currency.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The row of an offer.
    pub fn row(&self, offer: &OfferId) -> Option<&PriceRow> {
        self.rows.get(offer)
    }

    /// Every row, by offer id.
    pub fn rows(&self) -> impl Iterator<Item = &PriceRow> {
        self.rows.values()
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the list has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// The price of one offer on one date, from the list that governs it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Price {
    /// The offer.
    pub offer: OfferId,
    /// Offer display name.
    pub offer_name: String,
    /// Per seat per month, what the partner pays.
    pub list: Money,
    /// Per seat per month, estimated retail price.
    pub erp: Money,
    /// Start date of the list that priced it.
    pub list_effective_from: NaiveDate,
}

/// All the price lists a partner has: legacy monthly lists of one currency, and NCE sheets.
///
/// ```
/// use chrono::NaiveDate;
/// use csp_core::money::Currency;
/// use csp_core::price_list::{PriceBook, PriceList};
/// let csv = "Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,List Price,ERP Price\n\
///            E3,Office 365 E3,Corporate,Non-specific,20.00,25.00\n";
/// let mut book = PriceBook::new(Currency::USD);
/// book.add(PriceList::from_legacy_csv(csv, "2016-03".parse()?, Currency::USD)?)?;
/// let d = |m, day| NaiveDate::from_ymd_opt(2016, m, day).unwrap();
/// // The March list is visible from 31 January (30 days ahead), not on 30 January.
/// assert_eq!(book.price(&"E3".into(), d(3, 15), d(1, 31))?.list.to_string(), "20.00 USD");
/// assert_eq!(book.price(&"E3".into(), d(3, 15), d(1, 30)).unwrap_err().code(), "price_list_not_published");
/// # Ok::<(), csp_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceBook {
    currency: Currency,
    notice_days: u32,
    lists: BTreeMap<NaiveDate, PriceList>,
    nce: NceSheet,
}

impl PriceBook {
    /// An empty book for legacy lists in `currency`, with the default program's notice
    /// (30 days for the 2015 program; see [`PriceBook::with_notice_days`]).
    pub fn new(currency: Currency) -> PriceBook {
        PriceBook {
            currency,
            notice_days: crate::program::Program::default().price_list_notice_days,
            lists: BTreeMap::new(),
            nce: NceSheet::default(),
        }
    }

    /// The same book with another advance-notice period (for other programs' rules).
    pub fn with_notice_days(mut self, days: u32) -> PriceBook {
        self.notice_days = days;
        self
    }

    /// The legacy lists' currency.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// Days of advance notice.
    pub fn notice_days(&self) -> u32 {
        self.notice_days
    }

    /// Adds a monthly list.
    ///
    /// # Errors
    /// `currency_mismatch` for a list in another currency; `duplicate_price_list` when the
    /// month is already present. The book is unchanged on error.
    pub fn add(&mut self, list: PriceList) -> Result<()> {
        if list.currency != self.currency {
            return Err(Error::CurrencyMismatch {
                expected: self.currency,
                actual: list.currency,
            });
        }
        let from = list.effective_from();
        if self.lists.contains_key(&from) {
            return Err(Error::DuplicatePriceList {
                effective_from: from,
            });
        }
        self.lists.insert(from, list);
        Ok(())
    }

    /// Adds the rows of an NCE price sheet.
    pub fn add_nce(&mut self, rows: Vec<NceRow>) {
        self.nce.extend(rows);
    }

    /// The monthly lists, oldest first.
    pub fn lists(&self) -> impl Iterator<Item = &PriceList> {
        self.lists.values()
    }

    /// The monthly list effective from `effective_from` (the list a charge line names).
    pub fn list_from(&self, effective_from: NaiveDate) -> Option<&PriceList> {
        self.lists.get(&effective_from)
    }

    /// The NCE rows.
    pub fn nce(&self) -> &NceSheet {
        &self.nce
    }

    /// The first date a list effective from `effective_from` can be read.
    ///
    /// # Errors
    /// `date_out_of_range` at the calendar's edge.
    pub fn visible_from(&self, effective_from: NaiveDate) -> Result<NaiveDate> {
        add_days(effective_from, -i64::from(self.notice_days))
    }

    /// The list that starts on `effective_from`, if any.
    pub fn list_starting(&self, effective_from: NaiveDate) -> Option<&PriceList> {
        self.lists.get(&effective_from)
    }

    /// The list in force on `date` (the latest starting on or before it), read as of `as_of`.
    ///
    /// # Errors
    /// `no_price_list_in_force` when no list starts on or before `date`;
    /// `price_list_not_published` when that list is not visible on `as_of` (never a silent
    /// fall-back to an older list).
    pub fn list_on(&self, date: NaiveDate, as_of: NaiveDate) -> Result<&PriceList> {
        let (&from, list) = self
            .lists
            .range(..=date)
            .next_back()
            .ok_or(Error::NoPriceListInForce { date })?;
        let visible_from = self.visible_from(from)?;
        if as_of < visible_from {
            return Err(Error::PriceListNotPublished {
                effective_from: from,
                visible_from,
                as_of,
            });
        }
        Ok(list)
    }

    /// The price of `offer` on `date`, read as of `as_of`.
    ///
    /// # Errors
    /// Those of [`PriceBook::list_on`], then `offer_not_in_price_list` (never a zero price).
    pub fn price(&self, offer: &OfferId, date: NaiveDate, as_of: NaiveDate) -> Result<Price> {
        let list = self.list_on(date, as_of)?;
        let row = list.row(offer).ok_or_else(|| Error::OfferNotInPriceList {
            offer: offer.clone(),
            list_effective_from: list.effective_from(),
        })?;
        Ok(Price {
            offer: row.offer_id.clone(),
            offer_name: row.offer_name.clone(),
            list: Money::new(row.list_price, list.currency),
            erp: Money::new(row.erp_price, list.currency),
            list_effective_from: list.effective_from(),
        })
    }

    /// The NCE row governing `key` on `date` (see [`NceSheet::price_on`]).
    ///
    /// # Errors
    /// `nce_price_not_found`.
    pub fn nce_price(&self, key: &NceKey, date: NaiveDate) -> Result<&NceRow> {
        self.nce.price_on(key, date)
    }
}
