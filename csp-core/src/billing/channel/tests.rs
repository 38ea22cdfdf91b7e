//! Routing by reseller of record (SPEC-NCE §17.1): links, agreements and dated assignments.

use chrono::NaiveDate;

use super::*;
use crate::billing::{BillingDay, PartnerSettings, Resale, ResaleRule};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn settings() -> PartnerSettings {
    PartnerSettings {
        name: "P".into(),
        billing_day: BillingDay::Day(1),
        payment_terms_days: 30,
        invoice_prefix: String::new(),
        resale: vec![],
        services: vec![],
        financing: vec![],
        discounts: vec![],
        tax_rates: vec![],
        agreement: None,
    }
}

fn reseller(id: &str, from: &str, until: Option<&str>, mpa: bool) -> Reseller {
    Reseller {
        id: id.into(),
        name: id.into(),
        mpn_id: "1".into(),
        mpa_signed: mpa,
        linked_from: day(from),
        linked_until: until.map(day),
        provider_terms: settings(),
        settings: settings(),
    }
}

fn assign(
    customer: &str,
    sub: Option<&str>,
    reseller: Option<&str>,
    from: &str,
) -> RecordAssignment {
    RecordAssignment {
        customer: customer.into(),
        subscription: sub.map(Into::into),
        reseller: reseller.map(Into::into),
        from: day(from),
    }
}

fn channel(assignments: Vec<RecordAssignment>) -> Channel {
    Channel {
        resellers: vec![
            reseller("r0", "2024-01-01", Some("2024-06-30"), true),
            reseller("r1", "2024-03-01", None, true),
            reseller("unsigned", "2024-01-01", None, false),
        ],
        reseller_of_record: assignments,
    }
}

#[test]
fn a_reseller_of_record_needs_a_link_active_on_its_date() {
    // The link's first and last days are inside it (inclusive).
    for ok in ["2024-01-01", "2024-06-30"] {
        assert!(channel(vec![assign("c", None, Some("r0"), ok)])
            .routing()
            .is_ok());
    }
    for (who, date) in [
        ("r0", "2023-12-31"),
        ("r0", "2024-07-01"),
        ("r1", "2024-02-29"),
        ("nobody", "2024-05-01"),
    ] {
        let c = channel(vec![assign("c", None, Some(who), date)]);
        let err = c.routing().unwrap_err();
        assert_eq!(err.code(), "reseller_not_linked", "{who} {date}");
    }
}

#[test]
fn a_reseller_of_record_needs_a_signed_partner_agreement() {
    let c = channel(vec![assign("c", None, Some("unsigned"), "2024-05-01")]);
    assert_eq!(c.routing().unwrap_err().code(), "reseller_mpa_not_signed");
}

#[test]
fn two_resellers_with_one_id_are_refused() {
    let mut c = channel(vec![]);
    c.resellers.push(reseller("r1", "2024-01-01", None, true));
    let err = c.routing().unwrap_err();
    assert_eq!(err.code(), "duplicate_setting");
}

#[test]
fn the_latest_assignment_on_or_before_a_lines_date_routes_it() {
    let c = channel(vec![
        assign("c", None, Some("r0"), "2024-02-01"),
        assign("c", Some("s2"), Some("r1"), "2024-04-01"),
        assign("c", None, None, "2024-05-01"),
        assign("d", None, Some("r1"), "2024-03-01"),
    ]);
    let routing = c.routing().unwrap();
    let of = |customer: &str, sub: &str, date: &str| {
        routing.reseller_of(&customer.into(), &sub.into(), day(date))
    };
    // Before any assignment: the provider's.
    assert_eq!(of("c", "s1", "2024-01-31"), None);
    // From its date, the whole customer.
    assert_eq!(of("c", "s1", "2024-02-01"), Some(0));
    assert_eq!(of("c", "s2", "2024-03-31"), Some(0));
    // A subscription's own assignment from its date, the others unchanged.
    assert_eq!(of("c", "s2", "2024-04-01"), Some(1));
    assert_eq!(of("c", "s1", "2024-04-15"), Some(0));
    // `null` gives every line back to the provider from its date, later than s2's.
    assert_eq!(of("c", "s2", "2024-05-01"), None);
    assert_eq!(of("c", "s1", "2024-12-31"), None);
    // Another customer's assignments are its own.
    assert_eq!(of("d", "s1", "2024-02-29"), None);
    assert_eq!(of("d", "s1", "2024-03-01"), Some(1));
    assert_eq!(of("e", "s1", "2024-03-01"), None);
    assert!(routing.names(&"d".into()) && !routing.names(&"e".into()));
}

#[test]
fn an_erp_discount_is_a_percentage_from_0_to_100() {
    for (percent, ok) in [("0", true), ("100", true), ("100.01", false), ("-1", false)] {
        let mut s = settings();
        s.resale.push(ResaleRule {
            offer: "E3".into(),
            rule: Resale::ErpDiscount {
                percent: percent.parse().unwrap(),
            },
        });
        assert_eq!(s.validate().is_ok(), ok, "{percent}");
    }
}
