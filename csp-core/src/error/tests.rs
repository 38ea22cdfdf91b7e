use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::*;
use crate::calendar::YearMonth;
use crate::ids::OfferId;
use crate::money::Currency;
use crate::vocab::{BillingPlan, LicenseAgreementType, Segment, TermDuration};

/// One value of every variant. `code()` is an exhaustive match, so a new variant fails to
/// compile until it has a code; this list then makes the test below fail until the variant
/// is added here and its code to `ALL_CODES`.
fn one_of_each() -> Vec<Error> {
    let day = NaiveDate::from_ymd_opt(2016, 3, 1).unwrap();
    let offer = OfferId::new("E3");
    let s = String::new;
    vec![
        Error::CurrencyMismatch {
            expected: Currency::USD,
            actual: Currency::EUR,
        },
        Error::AmountOverflow {
            operation: "addition",
        },
        Error::UnknownCurrency { code: s() },
        Error::InvalidRounding { scale: 29 },
        Error::InvalidProration {
            days_billed: 0,
            days_in_period: 0,
        },
        Error::InvalidInput {
            what: "amount",
            text: s(),
            expected: "x",
        },
        Error::InvalidPeriod {
            first: day,
            last: day,
        },
        Error::DateOutsidePeriod {
            date: day,
            first: day,
            last: day,
        },
        Error::DateOutOfRange {
            date: day,
            amount: 1,
            unit: "days",
        },
        Error::NoticeBeforeSigning {
            notice: day,
            signed_on: day,
        },
        Error::InvalidTermEnd { month: 2, day: 29 },
        Error::TrialNotOffered {
            offer: offer.clone(),
        },
        Error::TenantNotEligible {
            customer: s(),
            reason: "x",
        },
        Error::SegmentNotEligible {
            offer: offer.clone(),
            agreement_type: LicenseAgreementType::Academic,
            segment: Segment::Commercial,
        },
        Error::UnknownOffer {
            offer: offer.clone(),
        },
        Error::DuplicateOffer {
            offer: offer.clone(),
        },
        Error::CustomerMismatch {
            expected: s(),
            actual: s(),
        },
        Error::DateOutsideTerm {
            date: day,
            first: day,
            last: day,
        },
        Error::DateAfterAsOf {
            date: day,
            as_of: day,
        },
        Error::UnknownSubscription { subscription: s() },
        Error::DuplicateSubscription { subscription: s() },
        Error::UnknownCustomer {
            customer: s(),
            used_in: s(),
        },
        Error::InvalidQuantity {
            subscription: s(),
            detail: s(),
        },
        Error::InvalidFrequency {
            subscription: s(),
            expected: s(),
            actual: s(),
        },
        Error::SubscriptionNotActive {
            subscription: s(),
            date: day,
            status: s(),
        },
        Error::SubscriptionNotSuspended {
            subscription: s(),
            date: day,
            status: s(),
        },
        Error::SubscriptionStopped {
            subscription: s(),
            stopped_on: day,
            reason: "x",
        },
        Error::SubscriptionDeleted {
            subscription: s(),
            deleted_on: day,
        },
        Error::AddonRequiresBase {
            subscription: s(),
            base: s(),
            status: s(),
        },
        Error::NotAnAddon {
            offer: offer.clone(),
        },
        Error::PrerequisiteNotMet {
            offer: offer.clone(),
            base_offer: s(),
        },
        Error::BaseSuspended {
            subscription: s(),
            base: s(),
        },
        Error::NotPermitted {
            actor: s(),
            action: "add_seats",
            rule: "default_deny",
            reason: s(),
        },
        Error::InvalidScenario {
            path: s(),
            line: 1,
            column: 2,
            detail: s(),
        },
        Error::DuplicateSetting {
            what: "tax rate",
            key: s(),
            field: "tax_rates",
            first: 0,
            second: 1,
        },
        Error::UnsupportedVersion {
            version: 2,
            supported: 1,
        },
        Error::PriceListNotPublished {
            effective_from: day,
            visible_from: day,
            as_of: day,
        },
        Error::NoPriceListInForce { date: day },
        Error::OfferNotInPriceList {
            offer: offer.clone(),
            list_effective_from: day,
        },
        Error::NcePriceNotFound {
            offer: offer.clone(),
            term: TermDuration::P1Y,
            plan: BillingPlan::Annual,
            market: s(),
            currency: Currency::USD,
            date: day,
        },
        Error::DuplicatePriceList {
            effective_from: day,
        },
        Error::CsvMalformed {
            line: 3,
            column: 2,
            detail: s(),
        },
        Error::MissingColumn {
            line: 1,
            column: 0,
            name: "x",
        },
        Error::EmptyField {
            line: 1,
            column: 1,
            name: "x",
        },
        Error::InvalidDecimal {
            line: 1,
            column: 1,
            name: "x",
            value: s(),
            expected: "",
        },
        Error::InvalidDate {
            line: 1,
            column: 1,
            name: "x",
            value: s(),
        },
        Error::InvalidValue {
            line: 1,
            column: 1,
            name: "x",
            value: s(),
            expected: "x",
        },
        Error::DuplicatePriceRow {
            line: 3,
            column: 1,
            offer,
            first_line: 2,
        },
        Error::InvalidEffectiveRange {
            line: 1,
            column: 1,
            start: s(),
            end: s(),
        },
        Error::UnknownPriceFormat { line: 1, column: 0 },
        Error::EmptyPriceList { line: 2, column: 0 },
        Error::invalid_batch_column("quantity", "missing"),
        Error::internal("batch kernel", "start table"),
        Error::AmbiguousPrice {
            key: s(),
            candidates: s(),
        },
        Error::DuplicateColumn {
            line: 1,
            column: 3,
            name: "List Price",
            first_column: 2,
        },
        Error::InvalidEncoding {
            line: 1,
            column: 0,
            detail: s(),
        },
        Error::PriceFormatMismatch {
            line: 1,
            column: 0,
            expected: "a legacy price list",
            found: "an NCE price sheet",
        },
        Error::DuplicateInvoiceNumber {
            number: "INV-3".into(),
            month: "2016-03".into(),
            highest: "INV-7".into(),
        },
        Error::TermNotOffered {
            offer: OfferId::new("CFQ7TTC0LH18:0001"),
            term: TermDuration::P3Y,
            reason: "the price sheet has no row".into(),
            rule: "price sheet",
        },
        Error::PlanNotAllowed {
            term: TermDuration::P1M,
            plan: BillingPlan::Annual,
            allowed: "monthly".into(),
            rule: "terms",
        },
        Error::UpfrontOnlyAtPurchase {
            subscription: "s1".into(),
            plan: BillingPlan::Triennial,
        },
        Error::SeatLimitExceeded {
            requested: 51,
            remaining: 50,
        },
        Error::BelowMinimum {
            subscription: "s1".into(),
            minimum: 20,
        },
        Error::CancellationWindowClosed {
            subscription: "s1".into(),
            allowed_until: "2022-03-08T10:00:00Z".into(),
            term_end: d(2023, 2, 28),
            rule: "cancel_window_hours",
        },
        Error::ReductionWindowClosed {
            subscription: "s1".into(),
            next_window: d(2023, 3, 1),
            rule: "reduce_window_hours",
        },
        Error::ReductionExceedsRefundable {
            subscription: "s1".into(),
            requested: 5,
            refundable: 3,
            rule: "reduce_window_hours",
        },
        Error::AutoRenewRequired {
            subscription: "s1".into(),
        },
        Error::SubscriptionExpired {
            subscription: "s1".into(),
            since: d(2023, 3, 1),
        },
        Error::SubscriptionDisabled {
            subscription: "s1".into(),
            since: d(2023, 3, 31),
        },
        Error::UpgradeNotEligible {
            from: OfferId::new("A:0001"),
            to: OfferId::new("B:0001"),
        },
        Error::DowngradeNotSupported {
            from: OfferId::new("B:0001"),
            to: OfferId::new("A:0001"),
        },
        Error::UpgradeTargetIneligible {
            target: "s2".into(),
            reason: "it ends before the source".into(),
        },
        Error::UpgradeTermChangeUnsupported {
            detail: "source P1Y monthly, target P3Y monthly".into(),
        },
        Error::TermShorteningNotAllowed {
            subscription: "s1".into(),
            from: TermDuration::P1Y,
            to: TermDuration::P1M,
        },
        Error::PlanChangeNotAllowed {
            subscription: "s1".into(),
            term: TermDuration::P1Y,
            from: BillingPlan::Monthly,
            to: BillingPlan::Annual,
            date: d(2023, 5, 1),
            rule: "plan_changes",
        },
        Error::CotermNotAllowed {
            reason: "a trial has no custom end".into(),
        },
        Error::CotermDateInvalid {
            end: d(2022, 4, 2),
            reason: "it is after the natural end 2022-04-01".into(),
            rule: "term",
        },
        Error::TrialQuantityFixed {
            subscription: "t1".into(),
            seats: 25,
        },
        Error::TrialConversionMinimum {
            minimum: 25,
            requested: 10,
            rule: "trial_seats",
        },
        Error::TrialConversionTargetIneligible {
            target: "s2".into(),
            reason: "it ends before the trial".into(),
        },
        Error::PromotionNotEligible {
            promotion: "39NFJQT1Q5KQ:0003".into(),
            reason: "it ended on 2024-06-30".into(),
        },
        Error::TieredPriceUnsupported {
            key: "CFQ7TTC0LH18:0001 P1Y annual US/USD".into(),
        },
        Error::UnknownReconFormat { line: 1, column: 0 },
        Error::FxRateMissing {
            pc: Currency::EUR,
            bc: Currency::USD,
            month: YearMonth::of(NaiveDate::from_ymd_opt(2024, 5, 1).unwrap()),
        },
        Error::FxRateInvalid {
            pc: Currency::EUR,
            bc: Currency::USD,
            month: YearMonth::of(NaiveDate::from_ymd_opt(2024, 5, 1).unwrap()),
            rate: "0".into(),
        },
        Error::ResellerNotLinked {
            reseller: "fabrikam".into(),
            date: day,
        },
        Error::ResellerMpaNotSigned {
            reseller: "fabrikam".into(),
        },
        Error::GdapInvalidDuration {
            text: "P731D".into(),
            max_days: 730,
        },
        Error::GdapAutoextendGlobalAdmin { relationship: s() },
        Error::GdapNotPending {
            relationship: s(),
            status: "active",
            change: "set_duration",
        },
        Error::GdapNotActive {
            relationship: s(),
            status: "expired",
            change: "terminate",
            needs: "a pending or active",
        },
        Error::GdapRequestExpired {
            relationship: s(),
            at: s(),
            expired_at: s(),
        },
        Error::GdapRoleChangeNotAllowed {
            relationship: s(),
            detail: s(),
        },
    ]
}

/// The codes of the first release, in their published order (`errorCodes()`,
/// `error_codes()`): later codes are only ever appended.
#[rustfmt::skip]
const FIRST_RELEASE_CODES: &[&str] = &[
    "currency_mismatch", "amount_overflow", "unknown_currency", "invalid_rounding",
    "invalid_proration", "invalid_input", "invalid_period", "date_outside_period",
    "date_out_of_range", "notice_before_signing", "invalid_term_end", "trial_not_offered",
    "tenant_not_eligible", "segment_not_eligible", "unknown_offer", "duplicate_offer",
    "customer_mismatch", "date_outside_term", "date_after_as_of", "unknown_subscription",
    "duplicate_subscription", "unknown_customer", "invalid_quantity", "invalid_frequency",
    "subscription_not_active", "subscription_not_suspended", "subscription_stopped",
    "subscription_deleted", "addon_requires_base", "not_an_addon", "prerequisite_not_met",
    "base_suspended", "not_permitted", "invalid_scenario", "unsupported_version",
    "price_list_not_published", "no_price_list_in_force", "offer_not_in_price_list",
    "nce_price_not_found", "duplicate_price_list", "csv_malformed", "missing_column",
    "empty_field", "invalid_decimal", "invalid_date", "invalid_value", "duplicate_price_row",
    "invalid_effective_range", "unknown_price_format", "empty_price_list",
];

#[test]
fn published_codes_keep_their_order_and_new_ones_follow() {
    assert_eq!(&ALL_CODES[..FIRST_RELEASE_CODES.len()], FIRST_RELEASE_CODES);
    assert_eq!(
        &ALL_CODES[FIRST_RELEASE_CODES.len()..],
        [
            "invalid_column",
            "duplicate_setting",
            "internal_error",
            "ambiguous_price",
            "duplicate_column",
            "invalid_encoding",
            "price_format_mismatch",
            "duplicate_invoice_number",
            "term_not_offered",
            "plan_not_allowed",
            "upfront_only_at_purchase",
            "seat_limit_exceeded",
            "below_minimum",
            "cancellation_window_closed",
            "reduction_window_closed",
            "reduction_exceeds_refundable",
            "auto_renew_required",
            "subscription_expired",
            "subscription_disabled",
            "upgrade_not_eligible",
            "downgrade_not_supported",
            "upgrade_target_ineligible",
            "upgrade_term_change_unsupported",
            "term_shortening_not_allowed",
            "plan_change_not_allowed",
            "coterm_not_allowed",
            "coterm_date_invalid",
            "trial_quantity_fixed",
            "trial_conversion_minimum",
            "trial_conversion_target_ineligible",
            "promotion_not_eligible",
            "tiered_price_unsupported",
            "unknown_recon_format",
            "fx_rate_missing",
            "fx_rate_invalid",
            "reseller_not_linked",
            "reseller_mpa_not_signed",
            "gdap_invalid_duration",
            "gdap_autoextend_global_admin",
            "gdap_not_pending",
            "gdap_not_active",
            "gdap_request_expired",
            "gdap_role_change_not_allowed",
        ]
    );
}

#[test]
fn every_variant_has_a_listed_unique_snake_case_code() {
    let codes: Vec<&str> = one_of_each().iter().map(Error::code).collect();
    let unique: BTreeSet<&str> = codes.iter().copied().collect();
    assert_eq!(unique.len(), codes.len(), "two variants share a code");
    assert_eq!(unique, ALL_CODES.iter().copied().collect::<BTreeSet<_>>());
    assert_eq!(ALL_CODES.len(), codes.len(), "ALL_CODES has duplicates");
    for code in ALL_CODES {
        assert!(
            code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
            "{code}"
        );
    }
}

#[test]
fn spec_codes_of_this_layer_exist() {
    // SPEC §10.12 codes.
    for code in [
        "date_after_as_of",
        "unknown_subscription",
        "duplicate_subscription",
        "unknown_customer",
        "invalid_quantity",
        "invalid_frequency",
        "subscription_not_active",
        "subscription_not_suspended",
        "subscription_deleted",
        "addon_requires_base",
        "not_an_addon",
        "prerequisite_not_met",
        "price_list_not_published",
        "no_price_list_in_force",
        "offer_not_in_price_list",
        "trial_not_offered",
        "tenant_not_eligible",
        "segment_not_eligible",
        "customer_mismatch",
        "date_outside_term",
        "notice_before_signing",
        "currency_mismatch",
        "amount_overflow",
    ] {
        assert!(ALL_CODES.contains(&code), "{code}");
    }
}

#[test]
fn context_names_every_field_and_parse_errors_have_positions() {
    for e in one_of_each() {
        assert!(!e.message().is_empty());
        let names: Vec<&str> = e.context().iter().map(|(k, _)| *k).collect();
        let unique: BTreeSet<&&str> = names.iter().collect();
        assert_eq!(unique.len(), names.len(), "{}", e.code());
        let is_parse = names.contains(&"line");
        assert_eq!(e.position().is_some(), is_parse, "{}", e.code());
    }
    let e = Error::CsvMalformed {
        line: 3,
        column: 2,
        detail: "x".into(),
    };
    assert_eq!(e.position(), Some((3, 2)));
    // A scenario read from values has position 0:0, still a position.
    let e = Error::InvalidScenario {
        path: ".".into(),
        line: 0,
        column: 0,
        detail: "x".into(),
    };
    assert_eq!(e.position(), Some((0, 0)));
}

#[test]
fn context_is_typed_and_its_text_is_each_value_as_written() {
    let e = Error::DateOutOfRange {
        date: NaiveDate::from_ymd_opt(9999, 12, 31).unwrap(),
        amount: -3,
        unit: "days",
    };
    assert_eq!(
        e.fields(),
        vec![
            (
                "date",
                ContextValue::Date(NaiveDate::from_ymd_opt(9999, 12, 31).unwrap())
            ),
            ("amount", ContextValue::Int(-3)),
            ("unit", ContextValue::Text("days".into())),
        ]
    );
    assert_eq!(
        e.context(),
        vec![
            ("date", "9999-12-31".to_string()),
            ("amount", "-3".to_string()),
            ("unit", "days".to_string()),
        ]
    );
    let e = Error::NcePriceNotFound {
        offer: OfferId::new("P:S"),
        term: TermDuration::P1Y,
        plan: BillingPlan::Annual,
        market: "US".into(),
        currency: Currency::EUR,
        date: NaiveDate::from_ymd_opt(2016, 3, 1).unwrap(),
    };
    let text: Vec<String> = e.context().into_iter().map(|(_, v)| v).collect();
    assert_eq!(text, ["P:S", "P1Y", "annual", "US", "EUR", "2016-03-01"]);
    let e = Error::InvalidDecimal {
        line: 7,
        column: 5,
        name: "List Price",
        value: "x".into(),
        expected: "",
    };
    assert_eq!(e.fields()[0], ("line", ContextValue::UInt(7)));
    assert_eq!(e.position(), Some((7, 5)));
}

#[test]
fn new_codes_have_their_families_and_messages() {
    let e = Error::invalid_batch_column("quantity", "type Utf8, expected an integer");
    assert_eq!((e.code(), e.family()), ("invalid_column", "input"));
    assert_eq!(e.context()[0], ("column", "quantity".to_string()));
    assert!(e
        .message()
        .starts_with("invalid batch column \"quantity\": type Utf8, expected an integer (expected columns customer, "));
    let e = Error::internal("batch kernel", "start table");
    assert_eq!((e.code(), e.family()), ("internal_error", "internal"));
    assert_eq!(
        e.message(),
        "internal error in batch kernel: start table (please report this)"
    );
}

#[test]
fn constructors_write_the_messages_bindings_wrote() {
    // The texts the bindings and the CLI wrote before the constructors existed.
    assert_eq!(
        Error::bad_field("quote input", "seats", FieldProblem::NotWholeNumber, "x").message(),
        "invalid quote input \"field `seats`: not a whole number\": expected x"
    );
    assert_eq!(
        Error::not_json("quote input", "x").message(),
        "invalid quote input \"text that is not JSON\": expected x"
    );
    assert_eq!(
        Error::not_an_object("change", "array", "x").message(),
        "invalid change \"a array\": expected x"
    );
    assert_eq!(
        Error::unknown_field("change", "extra", "x").message(),
        "invalid change \"unknown field `extra`\": expected x"
    );
    assert_eq!(
        Error::missing_argument("date", "a date for this query").message(),
        "invalid date \"\": expected a date for this query"
    );
    assert_eq!(
        Error::out_of_range("customer count", 7u32, "at most 5").message(),
        "invalid customer count \"7\": expected at most 5"
    );
    for (problem, text) in [
        (FieldProblem::Missing, "missing (or null)"),
        (FieldProblem::NotText("number"), "a number, not a string"),
        (FieldProblem::NotArray("string"), "a string, not an array"),
        (
            FieldProblem::NotDecimalPlaces,
            "not a number of decimal places",
        ),
    ] {
        assert_eq!(problem.to_string(), text);
    }
    assert_eq!(
        invalid_proration_message(&"4294967296", &31),
        "invalid proration: 4294967296 days billed of a 31-day period (need 1 <= days billed <= days in period)"
    );
}

#[test]
fn serialises_code_message_and_context() {
    let e = Error::PriceListNotPublished {
        effective_from: NaiveDate::from_ymd_opt(2016, 3, 1).unwrap(),
        visible_from: NaiveDate::from_ymd_opt(2016, 1, 31).unwrap(),
        as_of: NaiveDate::from_ymd_opt(2016, 1, 30).unwrap(),
    };
    let v = serde_json::to_value(&e).unwrap();
    assert_eq!(v["code"], "price_list_not_published");
    assert_eq!(v["context"]["visible_from"], "2016-01-31");
    assert_eq!(
        v["message"],
        "the price list effective 2016-03-01 is not published as of 2016-01-30: it becomes visible on 2016-01-31"
    );
}

#[test]
fn every_code_has_a_family_and_every_family_a_code() {
    for code in ALL_CODES {
        let family = family_of(code);
        assert!(family.is_some(), "{code} has no family");
        assert!(FAMILIES.contains(&family.unwrap_or("")), "{code}");
    }
    for family in FAMILIES {
        assert!(
            ALL_CODES.iter().any(|c| family_of(c) == Some(family)),
            "{family} has no code"
        );
    }
    for e in one_of_each() {
        assert_eq!(Some(e.family()), family_of(e.code()));
    }
}

proptest::proptest! {
    /// `Quoted` writes what `{:?}` writes for any text of printable characters and control
    /// characters (the messages' quoting did not change when it replaced `{:?}`).
    #[test]
    fn quoted_matches_debug_quoting(s in "[ -~\u{0}-\u{1f}\u{7f}-\u{9f}éß€日本\u{1F600}]{0,40}") {
        proptest::prop_assert_eq!(Quoted(&s).to_string(), format!("{s:?}"));
    }
}

#[test]
fn quoted_escapes_quotes_backslashes_and_controls() {
    assert_eq!(
        Quoted("a\"b\\c\nd\u{1b}").to_string(),
        r#""a\"b\\c\nd\u{1b}""#
    );
    assert_eq!(
        Error::UnknownCurrency {
            code: "U\"SD".into()
        }
        .to_string(),
        r#"unknown currency code "U\"SD": expected an ISO 4217 code such as USD or EUR"#
    );
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a valid test date")
}
