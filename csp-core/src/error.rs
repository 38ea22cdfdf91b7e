//! The crate's one error type, with a stable snake_case code per variant (SPEC §9, §10.12).
//!
//! Every refusal in csp-core is a value of [`Error`]. Each variant has:
//! - a stable code ([`Error::code`]) that the Python and JavaScript bindings expose unchanged,
//! - typed context fields (and [`Error::context`], the same fields as `(name, text)` pairs),
//! - a human message (its `Display`), all written in this module.
//!
//! [`ALL_CODES`] lists every code, so bindings can test that they map each one.
//!
//! Parse errors carry `line` (1-based line of the input text where the record starts) and
//! `column` (1-based field position in that record; `0` when the error concerns the header as a
//! whole, such as a missing column).

use chrono::NaiveDate;

use crate::catalog::{LicenseAgreementType, OfferId, Segment};
use crate::money::Currency;
use crate::price_list::{BillingPlan, TermDuration};

/// Result type of csp-core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Every refusal csp-core can give. Match on [`Error::code`] for a stable identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    // ----- money --------------------------------------------------------------------------
    /// Two amounts of different currencies were combined.
    #[error("currency mismatch: expected {expected}, got {actual}")]
    CurrencyMismatch {
        /// The currency of the left-hand amount (or of the price book).
        expected: Currency,
        /// The currency that did not match it.
        actual: Currency,
    },
    /// An arithmetic result does not fit the exact decimal type (28 significant digits).
    #[error("amount overflow in {operation}: the result does not fit an exact decimal")]
    AmountOverflow {
        /// What was being computed.
        operation: &'static str,
    },
    /// A currency code that is not an ISO 4217 currency known to csp-core.
    #[error("unknown currency code {code:?}: expected an ISO 4217 code such as USD or EUR")]
    UnknownCurrency {
        /// The code as given.
        code: String,
    },
    /// A rounding scale outside `0..=28`.
    #[error("invalid rounding scale {scale}: must be between 0 and 28")]
    InvalidRounding {
        /// The scale asked for.
        scale: u32,
    },
    /// A proration asked for more days than the period has, or a period of zero days.
    #[error("invalid proration: {days_billed} days billed of a {days_in_period}-day period (need 1 <= days billed <= days in period)")]
    InvalidProration {
        /// Days billed.
        days_billed: u32,
        /// Days in the charge period.
        days_in_period: u32,
    },
    /// A text argument (an amount, a date, a month, a mode…) that could not be read.
    #[error("invalid {what} {text:?}: expected {expected}")]
    InvalidInput {
        /// What the text should have been (`amount`, `date`, `month`, `rounding mode`…).
        what: &'static str,
        /// The text as given.
        text: String,
        /// The accepted form.
        expected: &'static str,
    },

    // ----- calendar -----------------------------------------------------------------------
    /// A period whose last day is before its first day.
    #[error("invalid period: last day {last} is before first day {first}")]
    InvalidPeriod {
        /// First day.
        first: NaiveDate,
        /// Last day.
        last: NaiveDate,
    },
    /// A date outside the period it was used with.
    #[error("date {date} is outside the period {first}..{last}")]
    DateOutsidePeriod {
        /// The date.
        date: NaiveDate,
        /// The period's first day.
        first: NaiveDate,
        /// The period's last day.
        last: NaiveDate,
    },
    /// Date arithmetic left the supported calendar range.
    #[error("date out of range: {date} moved by {amount} {unit}")]
    DateOutOfRange {
        /// The starting date.
        date: NaiveDate,
        /// How far it was moved.
        amount: i64,
        /// `months` or `days`.
        unit: &'static str,
    },

    // ----- agreement ----------------------------------------------------------------------
    /// A non-renewal notice dated before the agreement was signed.
    #[error("notice dated {notice} is before the agreement was signed on {signed_on}")]
    NoticeBeforeSigning {
        /// The notice date.
        notice: NaiveDate,
        /// The signing date.
        signed_on: NaiveDate,
    },
    /// An annual term end (month, day) that is not a day of every year.
    #[error("invalid term end {month}-{day}: must be a day that exists in every year")]
    InvalidTermEnd {
        /// Month (1–12).
        month: u32,
        /// Day of month.
        day: u32,
    },

    // ----- catalog and eligibility ----------------------------------------------------------
    /// The offer is a trial: the program sells no trial subscriptions.
    #[error("offer {offer} is a trial: this program has no CSP trial subscriptions")]
    TrialNotOffered {
        /// The trial offer.
        offer: OfferId,
    },
    /// The customer's tenant cannot be used for CSP orders (it holds syndication subscriptions).
    #[error("customer {customer} cannot be used for CSP: its tenant holds subscriptions bought through a syndication channel")]
    TenantNotEligible {
        /// The customer id.
        customer: String,
    },
    /// The offer's license agreement type is not sold to the customer's segment.
    #[error(
        "offer {offer} is a {agreement_type} offer and cannot be sold to a {segment} customer"
    )]
    SegmentNotEligible {
        /// The offer.
        offer: OfferId,
        /// The offer's license agreement type.
        agreement_type: LicenseAgreementType,
        /// The customer's segment.
        segment: Segment,
    },
    /// An offer id that the catalog does not hold.
    #[error("unknown offer {offer}")]
    UnknownOffer {
        /// The offer id.
        offer: OfferId,
    },
    /// An offer id defined twice in one catalog.
    #[error("offer {offer} is defined twice in the catalog")]
    DuplicateOffer {
        /// The offer id.
        offer: OfferId,
    },
    /// Two objects that must belong to the same customer do not.
    #[error("customer mismatch: expected customer {expected}, got {actual}")]
    CustomerMismatch {
        /// The customer the object belongs to.
        expected: String,
        /// The customer it was used with.
        actual: String,
    },
    /// A date outside the term (or trial) it applies to.
    #[error("date {date} is outside the term {first}..{last}")]
    DateOutsideTerm {
        /// The date.
        date: NaiveDate,
        /// First day of the term.
        first: NaiveDate,
        /// Last day of the term.
        last: NaiveDate,
    },

    // ----- price lists --------------------------------------------------------------------
    /// The price list that governs the date is not visible yet as of the query date (30-day rule).
    #[error("the price list effective {effective_from} is not published as of {as_of}: it becomes visible on {visible_from}")]
    PriceListNotPublished {
        /// Start date of the governing list.
        effective_from: NaiveDate,
        /// First date the list can be read.
        visible_from: NaiveDate,
        /// The date the question was asked.
        as_of: NaiveDate,
    },
    /// No price list starts on or before the date.
    #[error("no price list is in force on {date}")]
    NoPriceListInForce {
        /// The date asked for.
        date: NaiveDate,
    },
    /// The governing price list has no row for the offer.
    #[error("offer {offer} is not in the price list effective {list_effective_from}")]
    OfferNotInPriceList {
        /// The offer.
        offer: OfferId,
        /// Start date of the list that was searched.
        list_effective_from: NaiveDate,
    },
    /// No NCE price-sheet row for the offer, term, plan, market and currency covers the date.
    #[error("no NCE price for {offer} {term} {plan} in {market}/{currency} on {date}")]
    NcePriceNotFound {
        /// `ProductId:SkuId`.
        offer: OfferId,
        /// Term duration, e.g. `P1Y`.
        term: TermDuration,
        /// Billing plan, e.g. `annual`.
        plan: BillingPlan,
        /// Market, e.g. `US`.
        market: String,
        /// Currency.
        currency: Currency,
        /// The date asked for.
        date: NaiveDate,
    },
    /// A second price list for a month the book already holds.
    #[error("the price book already holds a list effective {effective_from}")]
    DuplicatePriceList {
        /// The month's first day.
        effective_from: NaiveDate,
    },

    // ----- price list parsing (each with line and column) ---------------------------------------
    /// The CSV text itself is malformed (e.g. a record with a different number of fields).
    #[error("line {line}, column {column}: malformed CSV: {detail}")]
    CsvMalformed {
        /// 1-based line.
        line: u64,
        /// 1-based field position (0: the record as a whole).
        column: u64,
        /// What the CSV reader reported.
        detail: String,
    },
    /// A required column is absent from the header.
    #[error("line {line}, column {column}: missing required column {name:?}")]
    MissingColumn {
        /// The header's line (1 unless blank lines precede it).
        line: u64,
        /// Always 0: the header as a whole.
        column: u64,
        /// The missing column's name.
        name: &'static str,
    },
    /// A required field is empty.
    #[error("line {line}, column {column} ({name}): value is empty")]
    EmptyField {
        /// 1-based line.
        line: u64,
        /// 1-based field position.
        column: u64,
        /// The column's name.
        name: &'static str,
    },
    /// A field that should hold a decimal number does not, or holds a negative price.
    #[error(
        "line {line}, column {column} ({name}): {value:?} is not a valid non-negative decimal"
    )]
    InvalidDecimal {
        /// 1-based line.
        line: u64,
        /// 1-based field position.
        column: u64,
        /// The column's name.
        name: &'static str,
        /// The field's text.
        value: String,
    },
    /// A field that should hold a date or timestamp does not.
    #[error("line {line}, column {column} ({name}): {value:?} is not a date (expected M/D/YYYY h:mm:ss AM, M/D/YYYY or YYYY-MM-DD)")]
    InvalidDate {
        /// 1-based line.
        line: u64,
        /// 1-based field position.
        column: u64,
        /// The column's name.
        name: &'static str,
        /// The field's text.
        value: String,
    },
    /// A field whose text is not one of the values the column allows.
    #[error("line {line}, column {column} ({name}): {value:?} is not one of {expected}")]
    InvalidValue {
        /// 1-based line.
        line: u64,
        /// 1-based field position.
        column: u64,
        /// The column's name.
        name: &'static str,
        /// The field's text.
        value: String,
        /// The accepted values.
        expected: &'static str,
    },
    /// The same offer appears twice in one legacy price list.
    #[error("line {line}, column {column}: offer {offer} appears twice in the price list (first on line {first_line})")]
    DuplicatePriceRow {
        /// 1-based line of the second occurrence.
        line: u64,
        /// 1-based field position of the offer id.
        column: u64,
        /// The offer.
        offer: OfferId,
        /// Line of the first occurrence.
        first_line: u64,
    },
    /// An NCE row whose effective end is before its start.
    #[error("line {line}, column {column}: effective end {end} is before effective start {start}")]
    InvalidEffectiveRange {
        /// 1-based line.
        line: u64,
        /// 1-based field position of the end date.
        column: u64,
        /// The start timestamp as read.
        start: String,
        /// The end timestamp as read.
        end: String,
    },
    /// The text's header is neither a legacy price list's nor an NCE price sheet's.
    #[error("line {line}, column {column}: not a price file: the header has neither the legacy columns (Offer ID, List Price) nor the NCE ones (ProductId, SkuId, UnitPrice)")]
    UnknownPriceFormat {
        /// The header's line.
        line: u64,
        /// Always 0: the header as a whole.
        column: u64,
    },
    /// The text has a header but no data rows.
    #[error("line {line}, column {column}: the price list has no rows")]
    EmptyPriceList {
        /// The line after the header.
        line: u64,
        /// Always 0.
        column: u64,
    },
}

/// Every code [`Error::code`] can return, in declaration order.
pub const ALL_CODES: &[&str] = &[
    "currency_mismatch",
    "amount_overflow",
    "unknown_currency",
    "invalid_rounding",
    "invalid_proration",
    "invalid_input",
    "invalid_period",
    "date_outside_period",
    "date_out_of_range",
    "notice_before_signing",
    "invalid_term_end",
    "trial_not_offered",
    "tenant_not_eligible",
    "segment_not_eligible",
    "unknown_offer",
    "duplicate_offer",
    "customer_mismatch",
    "date_outside_term",
    "price_list_not_published",
    "no_price_list_in_force",
    "offer_not_in_price_list",
    "nce_price_not_found",
    "duplicate_price_list",
    "csv_malformed",
    "missing_column",
    "empty_field",
    "invalid_decimal",
    "invalid_date",
    "invalid_value",
    "duplicate_price_row",
    "invalid_effective_range",
    "unknown_price_format",
    "empty_price_list",
];

impl Error {
    /// The stable snake_case code of this error (one of [`ALL_CODES`]).
    ///
    /// ```
    /// use csp_core::money::{Currency, Money};
    /// let usd = Money::new("1.00".parse().unwrap(), Currency::USD);
    /// let eur = Money::new("1.00".parse().unwrap(), Currency::EUR);
    /// assert_eq!(usd.checked_add(&eur).unwrap_err().code(), "currency_mismatch");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            Error::CurrencyMismatch { .. } => "currency_mismatch",
            Error::AmountOverflow { .. } => "amount_overflow",
            Error::UnknownCurrency { .. } => "unknown_currency",
            Error::InvalidRounding { .. } => "invalid_rounding",
            Error::InvalidProration { .. } => "invalid_proration",
            Error::InvalidInput { .. } => "invalid_input",
            Error::InvalidPeriod { .. } => "invalid_period",
            Error::DateOutsidePeriod { .. } => "date_outside_period",
            Error::DateOutOfRange { .. } => "date_out_of_range",
            Error::NoticeBeforeSigning { .. } => "notice_before_signing",
            Error::InvalidTermEnd { .. } => "invalid_term_end",
            Error::TrialNotOffered { .. } => "trial_not_offered",
            Error::TenantNotEligible { .. } => "tenant_not_eligible",
            Error::SegmentNotEligible { .. } => "segment_not_eligible",
            Error::UnknownOffer { .. } => "unknown_offer",
            Error::DuplicateOffer { .. } => "duplicate_offer",
            Error::CustomerMismatch { .. } => "customer_mismatch",
            Error::DateOutsideTerm { .. } => "date_outside_term",
            Error::PriceListNotPublished { .. } => "price_list_not_published",
            Error::NoPriceListInForce { .. } => "no_price_list_in_force",
            Error::OfferNotInPriceList { .. } => "offer_not_in_price_list",
            Error::NcePriceNotFound { .. } => "nce_price_not_found",
            Error::DuplicatePriceList { .. } => "duplicate_price_list",
            Error::CsvMalformed { .. } => "csv_malformed",
            Error::MissingColumn { .. } => "missing_column",
            Error::EmptyField { .. } => "empty_field",
            Error::InvalidDecimal { .. } => "invalid_decimal",
            Error::InvalidDate { .. } => "invalid_date",
            Error::InvalidValue { .. } => "invalid_value",
            Error::DuplicatePriceRow { .. } => "duplicate_price_row",
            Error::InvalidEffectiveRange { .. } => "invalid_effective_range",
            Error::UnknownPriceFormat { .. } => "unknown_price_format",
            Error::EmptyPriceList { .. } => "empty_price_list",
        }
    }

    /// The human message (same as `to_string()`).
    pub fn message(&self) -> String {
        self.to_string()
    }

    /// The typed context as `(field name, value as text)` pairs, in declaration order.
    ///
    /// Bindings turn this into a Python dict or a JavaScript object.
    pub fn context(&self) -> Vec<(&'static str, String)> {
        fn s<T: ToString>(v: &T) -> String {
            v.to_string()
        }
        match self {
            Error::CurrencyMismatch { expected, actual } => {
                vec![("expected", s(expected)), ("actual", s(actual))]
            }
            Error::AmountOverflow { operation } => vec![("operation", s(operation))],
            Error::UnknownCurrency { code } => vec![("code", s(code))],
            Error::InvalidRounding { scale } => vec![("scale", s(scale))],
            Error::InvalidProration {
                days_billed,
                days_in_period,
            } => vec![
                ("days_billed", s(days_billed)),
                ("days_in_period", s(days_in_period)),
            ],
            Error::InvalidInput {
                what,
                text,
                expected,
            } => vec![
                ("what", s(what)),
                ("text", s(text)),
                ("expected", s(expected)),
            ],
            Error::InvalidPeriod { first, last } => vec![("first", s(first)), ("last", s(last))],
            Error::DateOutsidePeriod { date, first, last }
            | Error::DateOutsideTerm { date, first, last } => {
                vec![("date", s(date)), ("first", s(first)), ("last", s(last))]
            }
            Error::DateOutOfRange { date, amount, unit } => {
                vec![("date", s(date)), ("amount", s(amount)), ("unit", s(unit))]
            }
            Error::NoticeBeforeSigning { notice, signed_on } => {
                vec![("notice", s(notice)), ("signed_on", s(signed_on))]
            }
            Error::InvalidTermEnd { month, day } => vec![("month", s(month)), ("day", s(day))],
            Error::TrialNotOffered { offer }
            | Error::UnknownOffer { offer }
            | Error::DuplicateOffer { offer } => vec![("offer", s(offer))],
            Error::TenantNotEligible { customer } => vec![("customer", s(customer))],
            Error::CustomerMismatch { expected, actual } => {
                vec![("expected", s(expected)), ("actual", s(actual))]
            }
            Error::NcePriceNotFound {
                offer,
                term,
                plan,
                market,
                currency,
                date,
            } => vec![
                ("offer", s(offer)),
                ("term", s(term)),
                ("plan", s(plan)),
                ("market", s(market)),
                ("currency", s(currency)),
                ("date", s(date)),
            ],
            Error::SegmentNotEligible {
                offer,
                agreement_type,
                segment,
            } => vec![
                ("offer", s(offer)),
                ("agreement_type", s(agreement_type)),
                ("segment", s(segment)),
            ],
            Error::PriceListNotPublished {
                effective_from,
                visible_from,
                as_of,
            } => vec![
                ("effective_from", s(effective_from)),
                ("visible_from", s(visible_from)),
                ("as_of", s(as_of)),
            ],
            Error::NoPriceListInForce { date } => vec![("date", s(date))],
            Error::OfferNotInPriceList {
                offer,
                list_effective_from,
            } => vec![
                ("offer", s(offer)),
                ("list_effective_from", s(list_effective_from)),
            ],
            Error::DuplicatePriceList { effective_from } => {
                vec![("effective_from", s(effective_from))]
            }
            Error::CsvMalformed {
                line,
                column,
                detail,
            } => vec![
                ("line", s(line)),
                ("column", s(column)),
                ("detail", s(detail)),
            ],
            Error::MissingColumn { line, column, name }
            | Error::EmptyField { line, column, name } => {
                vec![("line", s(line)), ("column", s(column)), ("name", s(name))]
            }
            Error::InvalidDecimal {
                line,
                column,
                name,
                value,
            }
            | Error::InvalidDate {
                line,
                column,
                name,
                value,
            } => vec![
                ("line", s(line)),
                ("column", s(column)),
                ("name", s(name)),
                ("value", s(value)),
            ],
            Error::InvalidValue {
                line,
                column,
                name,
                value,
                expected,
            } => vec![
                ("line", s(line)),
                ("column", s(column)),
                ("name", s(name)),
                ("value", s(value)),
                ("expected", s(expected)),
            ],
            Error::DuplicatePriceRow {
                line,
                column,
                offer,
                first_line,
            } => vec![
                ("line", s(line)),
                ("column", s(column)),
                ("offer", s(offer)),
                ("first_line", s(first_line)),
            ],
            Error::InvalidEffectiveRange {
                line,
                column,
                start,
                end,
            } => vec![
                ("line", s(line)),
                ("column", s(column)),
                ("start", s(start)),
                ("end", s(end)),
            ],
            Error::EmptyPriceList { line, column } | Error::UnknownPriceFormat { line, column } => {
                vec![("line", s(line)), ("column", s(column))]
            }
        }
    }

    /// The `(line, column)` of a parse error, `None` for other errors.
    pub fn position(&self) -> Option<(u64, u64)> {
        let ctx = self.context();
        let get = |k: &str| {
            ctx.iter()
                .find(|(n, _)| *n == k)
                .and_then(|(_, v)| v.parse::<u64>().ok())
        };
        Some((get("line")?, get("column")?))
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Error {
    /// Serialises as `{"code": ..., "message": ..., "context": {...}}`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        struct Ctx<'a>(&'a [(&'static str, String)]);
        impl serde::Serialize for Ctx<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut m = serializer.serialize_map(Some(self.0.len()))?;
                for (k, v) in self.0 {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }
        let ctx = self.context();
        let mut m = serializer.serialize_map(Some(3))?;
        m.serialize_entry("code", self.code())?;
        m.serialize_entry("message", &self.message())?;
        m.serialize_entry("context", &Ctx(&ctx))?;
        m.end()
    }
}

#[cfg(test)]
mod tests;
