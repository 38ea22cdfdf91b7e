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

use crate::ids::OfferId;
use crate::money::Currency;
use crate::vocab::{BillingPlan, LicenseAgreementType, Segment, TermDuration};

/// A text in double quotes for a message, with `"`, `\` and control characters escaped as
/// in Rust's `{:?}` (`\n`, `\t`, `\u{1b}`…), written without Rust's Unicode printability
/// tables (which would weigh on the WASM build).
pub(crate) struct Quoted<'a>(pub(crate) &'a str);

impl std::fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use std::fmt::Write;
        f.write_char('"')?;
        for c in self.0.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                '\n' => f.write_str("\\n")?,
                '\r' => f.write_str("\\r")?,
                '\t' => f.write_str("\\t")?,
                '\0' => f.write_str("\\0")?,
                c if c.is_control() => write!(f, "\\u{{{:x}}}", u32::from(c))?,
                c => f.write_char(c)?,
            }
        }
        f.write_char('"')
    }
}

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
    #[error("unknown currency code {}: expected an ISO 4217 code such as USD or EUR", Quoted(.code))]
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
    #[error("invalid {what} {}: expected {expected}", Quoted(.text))]
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
    /// The customer's tenant cannot be used for this order (a syndication tenant for any CSP
    /// order; a tenant that is not an existing direct one for a trial transition).
    #[error("customer {customer} cannot be used here: {reason}")]
    TenantNotEligible {
        /// The customer id.
        customer: String,
        /// Why, e.g. `its tenant holds subscriptions bought through a syndication channel`.
        reason: &'static str,
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
    #[error("date {date} is outside the term (or trial) it applies to: {first}..{last}")]
    DateOutsideTerm {
        /// The date.
        date: NaiveDate,
        /// First day of the term.
        first: NaiveDate,
        /// Last day of the term.
        last: NaiveDate,
    },

    // ----- subscriptions ------------------------------------------------------------------
    /// An event dated after the replay's `as_of` date (no billing the future by accident).
    #[error("event dated {date} is after the as-of date {as_of}")]
    DateAfterAsOf {
        /// The event's date.
        date: NaiveDate,
        /// The replay's as-of date.
        as_of: NaiveDate,
    },
    /// An event for a subscription that was never ordered.
    #[error("unknown subscription {subscription}")]
    UnknownSubscription {
        /// The subscription id.
        subscription: String,
    },
    /// An order for a subscription id that already exists.
    #[error("subscription {subscription} already exists")]
    DuplicateSubscription {
        /// The subscription id.
        subscription: String,
    },
    /// An order for a customer the scenario does not know.
    #[error("unknown customer {customer}")]
    UnknownCustomer {
        /// The customer id.
        customer: String,
    },
    /// A quantity of 0 seats, or a change that would leave fewer than 1 seat.
    #[error("invalid quantity for subscription {subscription}: {detail}")]
    InvalidQuantity {
        /// The subscription id.
        subscription: String,
        /// What was wrong, e.g. `removing 3 of 3 seats would leave 0`.
        detail: String,
    },
    /// An add-on ordered with a billing frequency other than its base's.
    #[error("add-on {subscription} must be billed {expected} like its base, not {actual}")]
    InvalidFrequency {
        /// The add-on subscription.
        subscription: String,
        /// The base's frequency.
        expected: String,
        /// The frequency asked for.
        actual: String,
    },
    /// An operation that needs an active subscription.
    #[error("subscription {subscription} is not active on {date} (it is {status})")]
    SubscriptionNotActive {
        /// The subscription id.
        subscription: String,
        /// The event's date.
        date: NaiveDate,
        /// Its status then.
        status: String,
    },
    /// A reactivation of a subscription that is not suspended.
    #[error("subscription {subscription} is not suspended on {date} (it is {status})")]
    SubscriptionNotSuspended {
        /// The subscription id.
        subscription: String,
        /// The event's date.
        date: NaiveDate,
        /// Its status then.
        status: String,
    },
    /// Any event on a subscription whose replay stopped at a renewal that could not be priced.
    #[error("subscription {subscription} stopped on {stopped_on}: its renewal could not be priced ({reason})")]
    SubscriptionStopped {
        /// The subscription id.
        subscription: String,
        /// The renewal date that failed.
        stopped_on: NaiveDate,
        /// The code of the renewal's error, e.g. `offer_not_in_price_list`.
        reason: &'static str,
    },
    /// Any event on a deleted subscription.
    #[error("subscription {subscription} was deleted on {deleted_on}")]
    SubscriptionDeleted {
        /// The subscription id.
        subscription: String,
        /// The day it was deleted.
        deleted_on: NaiveDate,
    },
    /// An add-on ordered without an active base subscription.
    #[error("add-on {subscription} needs an active base subscription; {base} is {status}")]
    AddonRequiresBase {
        /// The add-on subscription.
        subscription: String,
        /// The base subscription named.
        base: String,
        /// The base's status (`unknown`, `suspended`, `an add-on`…).
        status: String,
    },
    /// An add-on order for an offer that is not an add-on.
    #[error("offer {offer} is not an add-on")]
    NotAnAddon {
        /// The offer.
        offer: OfferId,
    },
    /// An add-on whose prerequisites do not include the base's offer.
    #[error("add-on offer {offer} cannot be attached to base offer {base_offer}: not one of its prerequisites")]
    PrerequisiteNotMet {
        /// The add-on offer.
        offer: OfferId,
        /// The base subscription's offer.
        base_offer: OfferId,
    },
    /// An add-on reactivated while its base is suspended.
    #[error("add-on {subscription} cannot be reactivated while its base {base} is suspended")]
    BaseSuspended {
        /// The add-on subscription.
        subscription: String,
        /// The base subscription.
        base: String,
    },

    // ----- access ---------------------------------------------------------------------------
    /// The acting user may not do this (SPEC §7): the decision's rule and reason.
    #[error("{actor} may not {action}: {reason} (rule {rule})")]
    NotPermitted {
        /// The acting user, e.g. `customer:global_admin`.
        actor: String,
        /// The action, e.g. `add_seats`.
        action: &'static str,
        /// The rule that decided, e.g. `default_deny`.
        rule: &'static str,
        /// Why.
        reason: String,
    },

    // ----- scenario files ---------------------------------------------------------------------
    /// A scenario that cannot be read: bad JSON, a wrong type, a missing or unknown field.
    #[error("invalid scenario at {path}{}: {detail}", at_line(*line, *column))]
    InvalidScenario {
        /// Where in the document, e.g. `events[2].quantity` (`.` for the document itself).
        path: String,
        /// 1-based line in the JSON text (0 when read from values, not text).
        line: u64,
        /// 1-based column in the JSON text (0 when read from values, not text).
        column: u64,
        /// What was wrong, e.g. ``unknown field `quantiy`, expected one of …``.
        detail: String,
    },
    /// A scenario whose `version` this library does not read.
    #[error("unsupported scenario version {version}: this library reads version {supported}")]
    UnsupportedVersion {
        /// The version in the file.
        version: u32,
        /// The version this library reads.
        supported: u32,
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
    #[error("line {line}, column {column}: missing required column {}", Quoted(.name))]
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
        "line {line}, column {column} ({name}): {} is not a valid non-negative decimal", Quoted(.value)
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
    #[error("line {line}, column {column} ({name}): {} is not a date (expected M/D/YYYY h:mm:ss AM, M/D/YYYY or YYYY-MM-DD)", Quoted(.value))]
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
    #[error("line {line}, column {column} ({name}): {} is not one of {expected}", Quoted(.value))]
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
    "date_after_as_of",
    "unknown_subscription",
    "duplicate_subscription",
    "unknown_customer",
    "invalid_quantity",
    "invalid_frequency",
    "subscription_not_active",
    "subscription_not_suspended",
    "subscription_stopped",
    "subscription_deleted",
    "addon_requires_base",
    "not_an_addon",
    "prerequisite_not_met",
    "base_suspended",
    "not_permitted",
    "invalid_scenario",
    "unsupported_version",
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

/// The error families, each a group of codes a caller handles alike: `money` (amounts,
/// currencies, rounding), `input` (unreadable arguments and scenario files), `calendar`,
/// `agreement`, `eligibility` (offers, customers, trials), `subscription` (lifecycle
/// refusals), `access` (privileges) and `price_list` (lists, lookups and parsing).
pub const FAMILIES: &[&str] = &[
    "money",
    "input",
    "calendar",
    "agreement",
    "eligibility",
    "subscription",
    "access",
    "price_list",
];

/// The family of an error code (see [`FAMILIES`]), or `None` for an unknown code.
pub fn family_of(code: &str) -> Option<&'static str> {
    Some(match code {
        "currency_mismatch" | "amount_overflow" | "unknown_currency" | "invalid_rounding"
        | "invalid_proration" => "money",
        "invalid_input" | "invalid_scenario" | "unsupported_version" => "input",
        "invalid_period" | "date_outside_period" | "date_out_of_range" => "calendar",
        "notice_before_signing" | "invalid_term_end" => "agreement",
        "trial_not_offered"
        | "tenant_not_eligible"
        | "segment_not_eligible"
        | "unknown_offer"
        | "duplicate_offer"
        | "customer_mismatch"
        | "unknown_customer" => "eligibility",
        "date_outside_term"
        | "date_after_as_of"
        | "unknown_subscription"
        | "duplicate_subscription"
        | "invalid_quantity"
        | "invalid_frequency"
        | "subscription_not_active"
        | "subscription_not_suspended"
        | "subscription_stopped"
        | "subscription_deleted"
        | "addon_requires_base"
        | "not_an_addon"
        | "prerequisite_not_met"
        | "base_suspended" => "subscription",
        "not_permitted" => "access",
        "price_list_not_published"
        | "no_price_list_in_force"
        | "offer_not_in_price_list"
        | "nce_price_not_found"
        | "duplicate_price_list"
        | "csv_malformed"
        | "missing_column"
        | "empty_field"
        | "invalid_decimal"
        | "invalid_date"
        | "invalid_value"
        | "duplicate_price_row"
        | "invalid_effective_range"
        | "unknown_price_format"
        | "empty_price_list" => "price_list",
        _ => return None,
    })
}

/// ` (line L, column C)` for a known position, nothing for a position of 0.
fn at_line(line: u64, column: u64) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(" (line {line}, column {column})")
    }
}

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
            Error::DateAfterAsOf { .. } => "date_after_as_of",
            Error::UnknownSubscription { .. } => "unknown_subscription",
            Error::DuplicateSubscription { .. } => "duplicate_subscription",
            Error::UnknownCustomer { .. } => "unknown_customer",
            Error::InvalidQuantity { .. } => "invalid_quantity",
            Error::InvalidFrequency { .. } => "invalid_frequency",
            Error::SubscriptionNotActive { .. } => "subscription_not_active",
            Error::SubscriptionNotSuspended { .. } => "subscription_not_suspended",
            Error::SubscriptionStopped { .. } => "subscription_stopped",
            Error::SubscriptionDeleted { .. } => "subscription_deleted",
            Error::AddonRequiresBase { .. } => "addon_requires_base",
            Error::NotAnAddon { .. } => "not_an_addon",
            Error::PrerequisiteNotMet { .. } => "prerequisite_not_met",
            Error::BaseSuspended { .. } => "base_suspended",
            Error::NotPermitted { .. } => "not_permitted",
            Error::InvalidScenario { .. } => "invalid_scenario",
            Error::UnsupportedVersion { .. } => "unsupported_version",
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

    /// The family of this error (one of [`FAMILIES`]): bindings map each family to an
    /// exception class.
    ///
    /// ```
    /// use csp_core::error::family_of;
    /// assert_eq!(family_of("offer_not_in_price_list"), Some("price_list"));
    /// assert_eq!(family_of("no_such_code"), None);
    /// ```
    pub fn family(&self) -> &'static str {
        family_of(self.code()).unwrap_or("input")
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
            Error::TenantNotEligible { customer, reason } => {
                vec![("customer", s(customer)), ("reason", s(reason))]
            }
            Error::SubscriptionStopped {
                subscription,
                stopped_on,
                reason,
            } => vec![
                ("subscription", s(subscription)),
                ("stopped_on", s(stopped_on)),
                ("reason", s(reason)),
            ],
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
            Error::DateAfterAsOf { date, as_of } => vec![("date", s(date)), ("as_of", s(as_of))],
            Error::UnknownSubscription { subscription }
            | Error::DuplicateSubscription { subscription } => {
                vec![("subscription", s(subscription))]
            }
            Error::UnknownCustomer { customer } => vec![("customer", s(customer))],
            Error::InvalidQuantity {
                subscription,
                detail,
            } => vec![("subscription", s(subscription)), ("detail", s(detail))],
            Error::InvalidFrequency {
                subscription,
                expected,
                actual,
            } => vec![
                ("subscription", s(subscription)),
                ("expected", s(expected)),
                ("actual", s(actual)),
            ],
            Error::SubscriptionNotActive {
                subscription,
                date,
                status,
            }
            | Error::SubscriptionNotSuspended {
                subscription,
                date,
                status,
            } => vec![
                ("subscription", s(subscription)),
                ("date", s(date)),
                ("status", s(status)),
            ],
            Error::SubscriptionDeleted {
                subscription,
                deleted_on,
            } => vec![
                ("subscription", s(subscription)),
                ("deleted_on", s(deleted_on)),
            ],
            Error::AddonRequiresBase {
                subscription,
                base,
                status,
            } => vec![
                ("subscription", s(subscription)),
                ("base", s(base)),
                ("status", s(status)),
            ],
            Error::NotAnAddon { offer } => vec![("offer", s(offer))],
            Error::PrerequisiteNotMet { offer, base_offer } => {
                vec![("offer", s(offer)), ("base_offer", s(base_offer))]
            }
            Error::BaseSuspended { subscription, base } => {
                vec![("subscription", s(subscription)), ("base", s(base))]
            }
            Error::NotPermitted {
                actor,
                action,
                rule,
                reason,
            } => vec![
                ("actor", s(actor)),
                ("action", s(action)),
                ("rule", s(rule)),
                ("reason", s(reason)),
            ],
            Error::InvalidScenario {
                path,
                line,
                column,
                detail,
            } => vec![
                ("path", s(path)),
                ("line", s(line)),
                ("column", s(column)),
                ("detail", s(detail)),
            ],
            Error::UnsupportedVersion { version, supported } => {
                vec![("version", s(version)), ("supported", s(supported))]
            }
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
