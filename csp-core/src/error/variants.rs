//! The declaration of every error: its code, family, message and typed fields, once
//! each (SPEC §9, §10.12). The `errors!` macro writes the enum and its tables from it.

use chrono::NaiveDate;

use super::constructors::{
    invalid_proration_message, invalid_quantity_message, prerequisite_message,
};
use super::context::{ContextValue, ToContext};
use super::quoted::Quoted;
use crate::calendar::YearMonth;
use crate::ids::OfferId;
use crate::money::Currency;
use crate::vocab::{BillingPlan, LicenseAgreementType, Segment, TermDuration};

errors! {
    // ----- money --------------------------------------------------------------------------
    /// Two amounts of different currencies were combined.
    #[error("currency mismatch: expected {expected}, got {actual}")]
    CurrencyMismatch = "currency_mismatch" in money {
        /// The currency of the left-hand amount (or of the price book).
        expected: Currency,
        /// The currency that did not match it.
        actual: Currency,
    },
    /// An arithmetic result does not fit the exact decimal type (28 significant digits).
    #[error("amount overflow in {operation}: the result does not fit an exact decimal")]
    AmountOverflow = "amount_overflow" in money {
        /// What was being computed.
        operation: &'static str,
    },
    /// A currency code that is not an ISO 4217 currency known to csp-core.
    #[error("unknown currency code {}: expected an ISO 4217 code such as USD or EUR", Quoted(.code))]
    UnknownCurrency = "unknown_currency" in money {
        /// The code as given.
        code: String,
    },
    /// A rounding scale outside `0..=28`.
    #[error("invalid rounding scale {scale}: must be between 0 and 28")]
    InvalidRounding = "invalid_rounding" in money {
        /// The scale asked for.
        scale: u32,
    },
    /// A proration asked for more days than the period has, or a period of zero days.
    #[error("{}", invalid_proration_message(days_billed, days_in_period))]
    InvalidProration = "invalid_proration" in money {
        /// Days billed.
        days_billed: u32,
        /// Days in the charge period.
        days_in_period: u32,
    },
    /// A text argument (an amount, a date, a month, a mode…) that could not be read.
    #[error("invalid {what} {}: expected {expected}", Quoted(.text))]
    InvalidInput = "invalid_input" in input {
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
    InvalidPeriod = "invalid_period" in calendar {
        /// First day.
        first: NaiveDate,
        /// Last day.
        last: NaiveDate,
    },
    /// A date outside the period it was used with.
    #[error("date {date} is outside the period {first}..{last}")]
    DateOutsidePeriod = "date_outside_period" in calendar {
        /// The date.
        date: NaiveDate,
        /// The period's first day.
        first: NaiveDate,
        /// The period's last day.
        last: NaiveDate,
    },
    /// Date arithmetic left the supported calendar range.
    #[error("date out of range: {date} moved by {amount} {unit}")]
    DateOutOfRange = "date_out_of_range" in calendar {
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
    NoticeBeforeSigning = "notice_before_signing" in agreement {
        /// The notice date.
        notice: NaiveDate,
        /// The signing date.
        signed_on: NaiveDate,
    },
    /// An annual term end (month, day) that is not a day of every year.
    #[error("invalid term end {month}-{day}: must be a day that exists in every year")]
    InvalidTermEnd = "invalid_term_end" in agreement {
        /// Month (1–12).
        month: u32,
        /// Day of month.
        day: u32,
    },

    // ----- catalog and eligibility ----------------------------------------------------------
    /// The offer is a trial: the program sells no trial subscriptions.
    #[error("offer {offer} is a trial: this program has no CSP trial subscriptions")]
    TrialNotOffered = "trial_not_offered" in eligibility {
        /// The trial offer.
        offer: OfferId,
    },
    /// The customer's tenant cannot be used for this order (a syndication tenant for any CSP
    /// order; a tenant that is not an existing direct one for a trial transition).
    #[error("customer {customer} cannot be used here: {reason}")]
    TenantNotEligible = "tenant_not_eligible" in eligibility {
        /// The customer id.
        customer: String,
        /// Why, e.g. `its tenant holds subscriptions bought through a syndication channel`.
        reason: &'static str,
    },
    /// The offer's license agreement type is not sold to the customer's segment.
    #[error(
        "offer {offer} is a {agreement_type} offer and cannot be sold to a {segment} customer"
    )]
    SegmentNotEligible = "segment_not_eligible" in eligibility {
        /// The offer.
        offer: OfferId,
        /// The offer's license agreement type.
        agreement_type: LicenseAgreementType,
        /// The customer's segment.
        segment: Segment,
    },
    /// An offer id that the catalog does not hold.
    #[error("unknown offer {offer}")]
    UnknownOffer = "unknown_offer" in eligibility {
        /// The offer id.
        offer: OfferId,
    },
    /// An offer id defined twice in one catalog.
    #[error("offer {offer} is defined twice in the catalog")]
    DuplicateOffer = "duplicate_offer" in eligibility {
        /// The offer id.
        offer: OfferId,
    },
    /// Two objects that must belong to the same customer do not.
    #[error("customer mismatch: expected customer {expected}, got {actual}")]
    CustomerMismatch = "customer_mismatch" in eligibility {
        /// The customer the object belongs to.
        expected: String,
        /// The customer it was used with.
        actual: String,
    },
    /// A date outside the term (or trial) it applies to.
    #[error("date {date} is outside the term (or trial) it applies to: {first}..{last}")]
    DateOutsideTerm = "date_outside_term" in subscription {
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
    DateAfterAsOf = "date_after_as_of" in subscription {
        /// The event's date.
        date: NaiveDate,
        /// The replay's as-of date.
        as_of: NaiveDate,
    },
    /// An event for a subscription that was never ordered.
    #[error("unknown subscription {subscription}")]
    UnknownSubscription = "unknown_subscription" in subscription {
        /// The subscription id.
        subscription: String,
    },
    /// An order for a subscription id that already exists.
    #[error("subscription {subscription} already exists")]
    DuplicateSubscription = "duplicate_subscription" in subscription {
        /// The subscription id.
        subscription: String,
    },
    /// An order, a query or a partner setting for a customer the scenario does not know.
    #[error("unknown customer {} in {used_in}: not among the scenario's customers (check the id, or add the customer)", Quoted(.customer))]
    UnknownCustomer = "unknown_customer" in eligibility {
        /// The customer id.
        customer: String,
        /// Where it was named: `an order`, `tax_rates[0]`, `--customer`…
        used_in: String,
    },
    /// A quantity of 0 seats, or a change that would leave fewer than 1 seat.
    #[error("{}", invalid_quantity_message(subscription, detail))]
    InvalidQuantity = "invalid_quantity" in subscription {
        /// The subscription id.
        subscription: String,
        /// What was wrong, e.g. `removing 3 of 3 seats would leave 0`.
        detail: String,
    },
    /// An add-on ordered with a billing frequency other than its base's.
    #[error("add-on {subscription} must be billed {expected} like its base, not {actual}")]
    InvalidFrequency = "invalid_frequency" in subscription {
        /// The add-on subscription.
        subscription: String,
        /// The base's frequency.
        expected: String,
        /// The frequency asked for.
        actual: String,
    },
    /// An operation that needs an active subscription.
    #[error("subscription {subscription} is not active on {date} (it is {status})")]
    SubscriptionNotActive = "subscription_not_active" in subscription {
        /// The subscription id.
        subscription: String,
        /// The event's date.
        date: NaiveDate,
        /// Its status then.
        status: String,
    },
    /// A reactivation of a subscription that is not suspended.
    #[error("subscription {subscription} is not suspended on {date} (it is {status})")]
    SubscriptionNotSuspended = "subscription_not_suspended" in subscription {
        /// The subscription id.
        subscription: String,
        /// The event's date.
        date: NaiveDate,
        /// Its status then.
        status: String,
    },
    /// Any event on a subscription whose replay stopped at a renewal that could not be priced.
    #[error("subscription {subscription} stopped on {stopped_on}: its renewal could not be priced ({reason})")]
    SubscriptionStopped = "subscription_stopped" in subscription {
        /// The subscription id.
        subscription: String,
        /// The renewal date that failed.
        stopped_on: NaiveDate,
        /// The code of the renewal's error, e.g. `offer_not_in_price_list`.
        reason: &'static str,
    },
    /// Any event on a deleted subscription.
    #[error("subscription {subscription} was deleted on {deleted_on}")]
    SubscriptionDeleted = "subscription_deleted" in subscription {
        /// The subscription id.
        subscription: String,
        /// The day it was deleted.
        deleted_on: NaiveDate,
    },
    /// An add-on ordered without an active base subscription.
    #[error("add-on {subscription} needs an active base subscription; {base} is {status}")]
    AddonRequiresBase = "addon_requires_base" in subscription {
        /// The add-on subscription.
        subscription: String,
        /// The base subscription named.
        base: String,
        /// The base's status (`unknown`, `suspended`, `an add-on`…).
        status: String,
    },
    /// An add-on order for an offer that is not an add-on.
    #[error("offer {offer} is not an add-on")]
    NotAnAddon = "not_an_addon" in subscription {
        /// The offer.
        offer: OfferId,
    },
    /// An add-on whose prerequisites do not include the base's offer (legacy), or an NCE
    /// add-on ordered for a tenant that holds none of its prerequisites (SPEC-NCE §13.13.1,
    /// Microsoft error 400041).
    #[error("{}", prerequisite_message(offer, base_offer))]
    PrerequisiteNotMet = "prerequisite_not_met" in subscription {
        /// The add-on offer.
        offer: OfferId,
        /// The base subscription's offer; empty for an NCE add-on (no base is named: the
        /// tenant holds none of the prerequisites).
        base_offer: String,
    },
    /// An add-on reactivated while its base is suspended.
    #[error("add-on {subscription} cannot be reactivated while its base {base} is suspended")]
    BaseSuspended = "base_suspended" in subscription {
        /// The add-on subscription.
        subscription: String,
        /// The base subscription.
        base: String,
    },

    // ----- access ---------------------------------------------------------------------------
    /// The acting user may not do this (SPEC §7): the decision's rule and reason.
    #[error("{actor} may not {action}: {reason} (rule {rule})")]
    NotPermitted = "not_permitted" in access {
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
    InvalidScenario = "invalid_scenario" in input {
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
    UnsupportedVersion = "unsupported_version" in input {
        /// The version in the file.
        version: u32,
        /// The version this library reads.
        supported: u32,
    },

    // ----- price lists --------------------------------------------------------------------
    /// The price list that governs the date is not visible yet as of the query date (30-day rule).
    #[error("the price list effective {effective_from} is not published as of {as_of}: it becomes visible on {visible_from}")]
    PriceListNotPublished = "price_list_not_published" in price_list {
        /// Start date of the governing list.
        effective_from: NaiveDate,
        /// First date the list can be read.
        visible_from: NaiveDate,
        /// The date the question was asked.
        as_of: NaiveDate,
    },
    /// No price list starts on or before the date.
    #[error("no price list is in force on {date}")]
    NoPriceListInForce = "no_price_list_in_force" in price_list {
        /// The date asked for.
        date: NaiveDate,
    },
    /// The governing price list has no row for the offer.
    #[error("offer {offer} is not in the price list effective {list_effective_from}")]
    OfferNotInPriceList = "offer_not_in_price_list" in price_list {
        /// The offer.
        offer: OfferId,
        /// Start date of the list that was searched.
        list_effective_from: NaiveDate,
    },
    /// No NCE price-sheet row for the offer, term, plan, market and currency covers the date.
    #[error("no NCE price for {offer} {term} {plan} in {market}/{currency} on {date}")]
    NcePriceNotFound = "nce_price_not_found" in price_list {
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
    DuplicatePriceList = "duplicate_price_list" in price_list {
        /// The month's first day.
        effective_from: NaiveDate,
    },

    // ----- price list parsing (each with line and column) ---------------------------------------
    /// The CSV text itself is malformed (e.g. a record with a different number of fields).
    #[error("line {line}, column {column}: malformed CSV: {detail}")]
    CsvMalformed = "csv_malformed" in price_list {
        /// 1-based line.
        line: u64,
        /// 1-based field position (0: the record as a whole).
        column: u64,
        /// What the CSV reader reported.
        detail: String,
    },
    /// A required column is absent from the header.
    #[error("line {line}, column {column}: missing required column {}", Quoted(.name))]
    MissingColumn = "missing_column" in price_list {
        /// The header's line (1 unless blank lines precede it).
        line: u64,
        /// Always 0: the header as a whole.
        column: u64,
        /// The missing column's name.
        name: &'static str,
    },
    /// A required field is empty.
    #[error("line {line}, column {column} ({name}): value is empty")]
    EmptyField = "empty_field" in price_list {
        /// 1-based line.
        line: u64,
        /// 1-based field position.
        column: u64,
        /// The column's name.
        name: &'static str,
    },
    /// A field that should hold a price does not: not plain decimal text, negative, too many
    /// decimals or digits (the one amount reader, `crate::input::amount`).
    #[error(
        "line {line}, column {column} ({name}): {} is not a valid price: expected {expected}", Quoted(.value)
    )]
    InvalidDecimal = "invalid_decimal" in price_list {
        /// 1-based line.
        line: u64,
        /// 1-based field position.
        column: u64,
        /// The column's name.
        name: &'static str,
        /// The field's text.
        value: String,
        /// The accepted form, and how to fix the text.
        expected: &'static str,
    },
    /// A field that should hold a date or timestamp does not.
    #[error("line {line}, column {column} ({name}): {} is not a date (expected M/D/YYYY h:mm:ss AM, M/D/YYYY or YYYY-MM-DD, years 1753 to 9999)", Quoted(.value))]
    InvalidDate = "invalid_date" in price_list {
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
    InvalidValue = "invalid_value" in price_list {
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
    DuplicatePriceRow = "duplicate_price_row" in price_list {
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
    InvalidEffectiveRange = "invalid_effective_range" in price_list {
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
    UnknownPriceFormat = "unknown_price_format" in price_list {
        /// The header's line.
        line: u64,
        /// Always 0: the header as a whole.
        column: u64,
    },
    /// The text has a header but no data rows.
    #[error("line {line}, column {column}: the price list has no rows")]
    EmptyPriceList = "empty_price_list" in price_list {
        /// The line after the header.
        line: u64,
        /// Always 0.
        column: u64,
    },

    // ----- batches and faults -------------------------------------------------------------
    /// A column of a batch (an Arrow record batch, typed arrays) that cannot be read: missing,
    /// of another type or length, or holding a value the column does not allow.
    #[error("invalid batch column {}: {detail} (expected {expected})", Quoted(.column))]
    InvalidColumn = "invalid_column" in input {
        /// The column's name, e.g. `quantity`.
        column: String,
        /// What was wrong, e.g. `type Utf8, expected an integer`.
        detail: String,
        /// What the batch should hold.
        expected: &'static str,
    },
    /// Partner settings that give the same setting twice (a tax rate of one customer, a
    /// resale rule of one offer, the financing of one subscription): the second would be
    /// ignored silently, so both are refused.
    #[error("{what} for {} is given twice in the partner settings ({field}[{first}] and {field}[{second}]): keep one", Quoted(.key))]
    DuplicateSetting = "duplicate_setting" in input {
        /// Which setting, e.g. `tax rate`.
        what: &'static str,
        /// Whose: the customer, offer or subscription id.
        key: String,
        /// The settings' field, e.g. `tax_rates`.
        field: &'static str,
        /// The first entry's index in the field.
        first: u32,
        /// The second entry's index in the field.
        second: u32,
    },
    /// A broken invariant of csp-core's own tables or output, reported instead of panicking:
    /// a bug to report, never a fault of the input.
    #[error("internal error in {part}: {detail} (please report this)")]
    InternalError = "internal_error" in internal {
        /// The part that failed, e.g. `batch kernel`.
        part: &'static str,
        /// The invariant that did not hold, e.g. `start table`.
        detail: String,
    },

    // ----- price files: keys, columns and encodings (issue 15) ------------------------------
    /// An NCE query that leaves out the segment or the tier range (or the seat count) when
    /// the sheet has rows of more than one for the key: which row was meant is not known,
    /// so no price is given.
    #[error("the NCE price of {key} is ambiguous: the sheet has rows for {candidates}; name the segment and the tier range (or the seat count) in the query")]
    AmbiguousPrice = "ambiguous_price" in price_list {
        /// The query's offer, term, plan, market and currency, e.g.
        /// `CFQ7TTC0LH18:0001 P1Y annual US/USD`.
        key: String,
        /// The segments and tier ranges the sheet has for the key, e.g.
        /// `segment commercial, no tier; segment education, no tier`.
        candidates: String,
    },
    /// A header that names a column twice (as the header matcher compares names: `List
    /// Price` = `ListPrice` = `list_price`): which one holds the values is not known.
    #[error("line {line}, column {column}: column {} appears twice in the header (first as column {first_column}); keep one of them", Quoted(.name))]
    DuplicateColumn = "duplicate_column" in price_list {
        /// The header's line.
        line: u64,
        /// 1-based field position of the second occurrence.
        column: u64,
        /// The column's name.
        name: &'static str,
        /// 1-based field position of the first occurrence.
        first_column: u64,
    },
    /// Bytes that are neither UTF-8 (with or without a byte order mark) nor UTF-16 with a byte
    /// order mark, e.g. a Latin-1 or Windows-1252 export.
    #[error("line {line}, column {column}: the text is not UTF-8: {detail}; save the file as UTF-8 (in Excel: \"CSV UTF-8\") and try again")]
    InvalidEncoding = "invalid_encoding" in input {
        /// 1-based line of the first byte that cannot be read.
        line: u64,
        /// Always 0: the line as a whole.
        column: u64,
        /// What was found, e.g. `byte 0xE9 is not UTF-8 (Latin-1 or Windows-1252 text?)`.
        detail: String,
    },
    /// A price file of the other format than the one an operation reads (e.g. an NCE sheet
    /// given to the legacy monthly-list diff).
    #[error("line {line}, column {column}: this is {found}, but only {expected} is read here")]
    PriceFormatMismatch = "price_format_mismatch" in price_list {
        /// The header's line.
        line: u64,
        /// Always 0: the header as a whole.
        column: u64,
        /// What is read, e.g. `a legacy price list`.
        expected: &'static str,
        /// What the file is, e.g. `an NCE price sheet`.
        found: &'static str,
    },

    // ----- bills --------------------------------------------------------------------------
    /// An invoice number that an issued bill run already used (SPEC §8: a number identifies
    /// one invoice): the first number the caller supplied makes a run reuse it.
    #[error("invoice number {} was already issued in the bill run of {month}: give a first number above {} (the highest issued with this prefix), or none to continue after it", Quoted(.number), Quoted(.highest))]
    DuplicateInvoiceNumber = "duplicate_invoice_number" in input {
        /// The number, with the partner's prefix, e.g. `INV-3`.
        number: String,
        /// The month of the issued run that used it (`YYYY-MM`).
        month: String,
        /// The highest number issued with the same prefix, e.g. `INV-7`.
        highest: String,
    },

    // ----- NCE subscriptions (SPEC-NCE §13, §19.2) ------------------------------------------
    /// An order or change for a term the program does not sell, or the SKU is not sold with.
    #[error("term {term} is not offered for {offer}: {reason}")]
    TermNotOffered = "term_not_offered" in subscription {
        /// The offer (`ProductId:SkuId`).
        offer: OfferId,
        /// The term asked for.
        term: TermDuration,
        /// Why, e.g. `the program sells P1M, P1Y, P3Y` or `the price sheet has no row`.
        reason: String,
        /// The program field that decided (`terms`), or `price sheet`.
        rule: &'static str,
    },
    /// A billing plan that is not sold with the term.
    #[error("billing plan {plan} is not sold with term {term}: choose one of {allowed}")]
    PlanNotAllowed = "plan_not_allowed" in subscription {
        /// The term.
        term: TermDuration,
        /// The plan asked for.
        plan: BillingPlan,
        /// The plans sold with the term, e.g. `monthly, annual`.
        allowed: String,
        /// The program field that decided (`terms`).
        rule: &'static str,
    },
    /// A change to a plan as long as the term (paid up front), which only an order can choose.
    #[error("subscription {subscription}: plan {plan} pays the whole term up front and can only be chosen at purchase or renewal")]
    UpfrontOnlyAtPurchase = "upfront_only_at_purchase" in subscription {
        /// The subscription.
        subscription: String,
        /// The plan asked for.
        plan: BillingPlan,
    },
    /// More seats than the SKU's cap leaves (SPEC-NCE §13.13.2).
    #[error("the requested number of {requested} seats exceeds the remaining limit of {remaining} seats")]
    SeatLimitExceeded = "seat_limit_exceeded" in subscription {
        /// Seats asked for.
        requested: u64,
        /// Seats the cap still allows.
        remaining: u64,
    },
    /// Fewer seats than the SKU's minimum ratio to its base (SPEC-NCE §13.13.3).
    #[error("subscription {subscription} needs at least {minimum} seats")]
    BelowMinimum = "below_minimum" in subscription {
        /// The subscription.
        subscription: String,
        /// The fewest seats allowed.
        minimum: u64,
    },
    /// A cancellation after the cancellation window (SPEC-NCE §13.7): the term is owed.
    #[error("subscription {subscription} can no longer be cancelled: the window closed at {allowed_until} (the term is owed; turn auto-renew off to end it at {term_end})")]
    CancellationWindowClosed = "cancellation_window_closed" in subscription {
        /// The subscription.
        subscription: String,
        /// The window's last instant (RFC 3339, UTC).
        allowed_until: String,
        /// The current term's last day.
        term_end: NaiveDate,
        /// The program field that decided (`cancel_window_hours`).
        rule: &'static str,
    },
    /// A seat reduction when no batch of seats is still inside its window (SPEC-NCE §13.6).
    #[error("subscription {subscription}: no seats can be removed now, every batch's window has closed (schedule a lower quantity for the renewal on {next_window})")]
    ReductionWindowClosed = "reduction_window_closed" in subscription {
        /// The subscription.
        subscription: String,
        /// The next day seats can be reduced: the renewal.
        next_window: NaiveDate,
        /// The program field that decided (`reduce_window_hours`).
        rule: &'static str,
    },
    /// A seat reduction larger than the seats still inside their window (SPEC-NCE §13.6).
    #[error("subscription {subscription}: {requested} seats cannot be removed, only {refundable} are still inside their reduction window")]
    ReductionExceedsRefundable = "reduction_exceeds_refundable" in subscription {
        /// The subscription.
        subscription: String,
        /// Seats asked to remove.
        requested: u64,
        /// Seats still removable.
        refundable: u64,
        /// The program field that decided (`reduce_window_hours`).
        rule: &'static str,
    },
    /// A change scheduled for the renewal of a subscription that will not renew.
    #[error("subscription {subscription} has auto-renew off: turn it on before scheduling a change for the renewal")]
    AutoRenewRequired = "auto_renew_required" in subscription {
        /// The subscription.
        subscription: String,
    },
    /// An event on a subscription whose term ended without renewal (SPEC-NCE §13.9).
    #[error("subscription {subscription} expired on {since}: it can no longer be changed")]
    SubscriptionExpired = "subscription_expired" in subscription {
        /// The subscription.
        subscription: String,
        /// The first day it was expired.
        since: NaiveDate,
    },
    /// An event on a disabled subscription (SPEC-NCE §13.9).
    #[error("subscription {subscription} is disabled since {since}: it can no longer be changed")]
    SubscriptionDisabled = "subscription_disabled" in subscription {
        /// The subscription.
        subscription: String,
        /// The first day it was disabled.
        since: NaiveDate,
    },
    /// An upgrade to a SKU that is not an upgrade path of the source (SPEC-NCE §13.10).
    #[error("{from} cannot be upgraded to {to}: not an upgrade path of the catalog")]
    UpgradeNotEligible = "upgrade_not_eligible" in subscription {
        /// The source offer.
        from: OfferId,
        /// The target offer.
        to: OfferId,
    },
    /// An upgrade whose reverse is a path: a downgrade, which NCE does not do mid-term.
    #[error("{from} cannot be changed to {to} mid-term: that is a downgrade (schedule it for the renewal instead)")]
    DowngradeNotSupported = "downgrade_not_supported" in subscription {
        /// The source offer.
        from: OfferId,
        /// The target offer.
        to: OfferId,
    },
    /// An upgrade into an existing subscription that cannot take the seats (SPEC-NCE §13.10.3).
    #[error("subscription {target} cannot receive the upgraded seats: {reason}")]
    UpgradeTargetIneligible = "upgrade_target_ineligible" in subscription {
        /// The target subscription.
        target: String,
        /// Why, e.g. `it ends before the source`.
        reason: String,
    },
    /// An upgrade that would change the term or plan (pinned P14).
    #[error("an upgrade keeps the term and plan: {detail}")]
    UpgradeTermChangeUnsupported = "upgrade_term_change_unsupported" in subscription {
        /// What differed, e.g. `source P1Y monthly, target P3Y monthly`.
        detail: String,
    },
    /// A term change to a shorter (or equal) term (SPEC-NCE §13.11.1).
    #[error("subscription {subscription}: the term can only get longer, not change from {from} to {to}")]
    TermShorteningNotAllowed = "term_shortening_not_allowed" in subscription {
        /// The subscription.
        subscription: String,
        /// The current term.
        from: TermDuration,
        /// The term asked for.
        to: TermDuration,
    },
    /// A billing-plan change the program does not allow (SPEC-NCE §13.11.2).
    #[error("subscription {subscription}: the plan of a {term} term cannot change from {from} to {to} on {date}")]
    PlanChangeNotAllowed = "plan_change_not_allowed" in subscription {
        /// The subscription.
        subscription: String,
        /// Its term.
        term: TermDuration,
        /// The current plan.
        from: BillingPlan,
        /// The plan asked for.
        to: BillingPlan,
        /// The request's date.
        date: NaiveDate,
        /// The program field that decided (`plan_changes`).
        rule: &'static str,
    },
    /// A custom term end (coterminosity) that cannot be used with this subscription.
    #[error("a custom term end is not allowed here: {reason}")]
    CotermNotAllowed = "coterm_not_allowed" in subscription {
        /// Why, e.g. `a trial has no custom end`.
        reason: String,
    },
    /// A custom term end date that is not one of the allowed ends (SPEC-NCE §13.3).
    #[error("custom term end {end} is not allowed: {reason}")]
    CotermDateInvalid = "coterm_date_invalid" in subscription {
        /// The end asked for.
        end: NaiveDate,
        /// Why, e.g. `it is after the natural end 2023-07-14`.
        reason: String,
        /// The program field that decided (`custom_end_dates_from`), or `term`.
        rule: &'static str,
    },
    /// A seat change on a trial (SPEC-NCE §13.12).
    #[error("subscription {subscription} is a trial: its {seats} seats cannot change (convert it first)")]
    TrialQuantityFixed = "trial_quantity_fixed" in subscription {
        /// The trial.
        subscription: String,
        /// Its seats.
        seats: u64,
    },
    /// A trial conversion into a new subscription with fewer seats than the trial had.
    #[error("a trial converts to at least {minimum} seats, not {requested}")]
    TrialConversionMinimum = "trial_conversion_minimum" in subscription {
        /// The fewest seats (`trial_seats`).
        minimum: u64,
        /// Seats asked for.
        requested: u64,
        /// The program field that decided (`trial_seats`).
        rule: &'static str,
    },
    /// A trial conversion into an existing subscription that cannot take it (SPEC-NCE §13.12.2).
    #[error("subscription {target} cannot receive the trial's conversion: {reason}")]
    TrialConversionTargetIneligible = "trial_conversion_target_ineligible" in subscription {
        /// The target subscription.
        target: String,
        /// Why.
        reason: String,
    },
    /// A promotion named for an order it does not apply to (SPEC-NCE §12.5.2).
    #[error("promotion {} does not apply here: {reason}", Quoted(.promotion))]
    PromotionNotEligible = "promotion_not_eligible" in subscription {
        /// The promotion id.
        promotion: String,
        /// Why, e.g. `it ended on 2024-06-30`.
        reason: String,
    },
    /// A license-based subscription priced from a tiered row (SPEC-NCE §12.2.4).
    #[error("the NCE price of {key} is tiered: license-based subscriptions are not priced from tiered rows")]
    TieredPriceUnsupported = "tiered_price_unsupported" in price_list {
        /// The query's key.
        key: String,
    },

    // ----- reconciliation files (SPEC-NCE §15, §19.2) ------------------------------------------
    /// A reconciliation file whose header is neither an NCE invoice recon file's nor a legacy
    /// license-based one's (SPEC-NCE §15.1). Family `price_list` with the other file-format
    /// refusals until the bindings have a `recon` family.
    #[error("line {line}, column {column}: not a reconciliation file: the header has neither the NCE column EffectiveUnitPrice nor the legacy column SyndicationPartnerSubscriptionNumber")]
    UnknownReconFormat = "unknown_recon_format" in price_list {
        /// The header's line (1 unless blank lines precede it).
        line: u64,
        /// Always 0: the header as a whole.
        column: u64,
    },

    // ----- exchange rates (SPEC-NCE §16, §19.2; family money) -------------------------------
    /// No exchange rate from the pricing to the billing currency for the month of a line's
    /// order date (SPEC-NCE §16.2–§16.3).
    #[error("no exchange rate from {pc} to {bc} for {month}: give the rate of that month (exchange_rates)")]
    FxRateMissing = "fx_rate_missing" in money {
        /// The pricing currency.
        pc: Currency,
        /// The billing currency.
        bc: Currency,
        /// The month (`YYYY-MM`).
        month: YearMonth,
    },
    /// An exchange rate that is not greater than 0, or a rate other than 1 between a currency
    /// and itself (SPEC-NCE §16.2).
    #[error("invalid exchange rate {} from {pc} to {bc} for {month}: a rate is greater than 0, and 1 between a currency and itself", Quoted(.rate))]
    FxRateInvalid = "fx_rate_invalid" in money {
        /// The pricing currency.
        pc: Currency,
        /// The billing currency.
        bc: Currency,
        /// The month (`YYYY-MM`).
        month: YearMonth,
        /// The rate as given.
        rate: String,
    },
    /// A reseller of record set without an active link between the provider and that
    /// reseller on the date it takes effect (SPEC-NCE §17.1).
    #[error("reseller {reseller} is not linked to the provider on {date}: a reseller of record needs an active reseller link (accepted invitation, not removed)")]
    ResellerNotLinked = "reseller_not_linked" in access {
        /// The reseller's id.
        reseller: String,
        /// The date the reseller of record would take effect.
        date: NaiveDate,
    },
    /// A reseller of record whose Microsoft Partner Agreement is not signed (SPEC-NCE §17.1).
    #[error("reseller {reseller} has not signed the Microsoft Partner Agreement: it cannot be the reseller of record")]
    ResellerMpaNotSigned = "reseller_mpa_not_signed" in access {
        /// The reseller's id.
        reseller: String,
    },

    // ----- GDAP (SPEC-NCE §18, §19.2) -------------------------------------------------------
    // Family `gdap` (SPEC-NCE §19.2): Python's `GdapError`, a subclass of `AccessError`.
    /// A GDAP duration other than `PnD` (1 ≤ n ≤ `max_days`), `P1Y` or `P2Y` (SPEC-NCE §18.1.1,
    /// pinned P24).
    #[error("invalid GDAP duration {}: expected PnD with 1 <= n <= {max_days}, P1Y or P2Y", Quoted(.text))]
    GdapInvalidDuration = "gdap_invalid_duration" in gdap {
        /// The duration as given.
        text: String,
        /// The longest duration in days (`Program::gdap.max_days`).
        max_days: u32,
    },
    /// Auto-extend `P180D` on a relationship that holds Global Administrator (SPEC-NCE §18.1.5).
    #[error("GDAP relationship {} cannot auto-extend while it holds Global Administrator: remove the role first", Quoted(.relationship))]
    GdapAutoextendGlobalAdmin = "gdap_autoextend_global_admin" in gdap {
        /// The relationship id.
        relationship: String,
    },
    /// A change that needs a pending relationship (SPEC-NCE §18.1.6) or an approval of one
    /// that is not pending (§18.1.3).
    #[error("GDAP relationship {} is {status}: {change} needs a pending relationship", Quoted(.relationship))]
    GdapNotPending = "gdap_not_pending" in gdap {
        /// The relationship id.
        relationship: String,
        /// Its status at the change, e.g. `active`.
        status: &'static str,
        /// The change refused, e.g. `set_duration`.
        change: &'static str,
    },
    /// A change that needs a pending or active relationship, or an active one (SPEC-NCE
    /// §18.1.4, §18.1.7).
    #[error("GDAP relationship {} is {status}: {change} needs {needs} relationship", Quoted(.relationship))]
    GdapNotActive = "gdap_not_active" in gdap {
        /// The relationship id.
        relationship: String,
        /// Its status at the change, e.g. `expired`.
        status: &'static str,
        /// The change refused, e.g. `terminate`.
        change: &'static str,
        /// What it needs: `an active` or `a pending or active`.
        needs: &'static str,
    },
    /// An approval after the request expired (SPEC-NCE §18.1.3).
    #[error("GDAP relationship {} cannot be approved at {at}: its request expired at {expired_at}", Quoted(.relationship))]
    GdapRequestExpired = "gdap_request_expired" in gdap {
        /// The relationship id.
        relationship: String,
        /// The approval's instant.
        at: String,
        /// When the request expired (`created_at + request_expiry_days`).
        expired_at: String,
    },
    /// A role change of an active relationship other than removing Global Administrator
    /// (SPEC-NCE §18.1.6).
    #[error("GDAP relationship {} is active: {detail}", Quoted(.relationship))]
    GdapRoleChangeNotAllowed = "gdap_role_change_not_allowed" in gdap {
        /// The relationship id.
        relationship: String,
        /// What was asked, e.g. `adding user_administrator`.
        detail: String,
    },
}

/// ` (line L, column C)` for a known position, nothing for a position of 0.
fn at_line(line: u64, column: u64) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(" (line {line}, column {column})")
    }
}
