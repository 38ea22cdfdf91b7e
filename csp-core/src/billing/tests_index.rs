//! The indexed settings answer as the settings' own list scans (SPEC §8): the first entry
//! for a key wins, and per-seat fees keep the services' order, each once.

use rust_decimal::Decimal;

use super::index::SettingsIndex;
use super::*;
use crate::catalog::{CustomerId, OfferId, SubscriptionId};

fn fee(subscription: Option<&str>, offer: Option<&str>) -> Service {
    Service::PerSeatFee {
        description: "fee".into(),
        price: Decimal::ONE,
        subscription: subscription.map(SubscriptionId::new),
        offer: offer.map(OfferId::new),
        from: None,
        until: None,
    }
}

fn settings() -> PartnerSettings {
    let json = r#"{"name": "P", "billing_day": 5,
        "resale": [{"offer": "E1", "rule": {"type": "markup", "percent": "10"}},
                   {"offer": "E1", "rule": {"type": "fixed", "price": "9.00"}}],
        "financing": [{"subscription": "s1", "months": 3}, {"subscription": "s1", "months": 6}],
        "tax_rates": [{"customer": "c1", "rate": "0.1"}, {"customer": "c1", "rate": "0.2"}],
        "discounts": [{"customer": "c1", "percent": "5", "first_month": "2016-01", "months": 1},
                      {"customer": "c2", "percent": "7", "first_month": "2016-01", "months": 1},
                      {"customer": "c1", "percent": "6", "first_month": "2016-02", "months": 1}]}"#;
    let mut s: PartnerSettings = serde_json::from_str(json).unwrap();
    s.services = vec![
        fee(Some("s1"), None),
        fee(None, Some("E3")),
        fee(Some("s1"), Some("E1")),
        fee(Some("s2"), Some("E1")),
        Service::MonthlyFee {
            customer: CustomerId::new("c1"),
            description: "m".into(),
            amount: Decimal::ONE,
            from: None,
            until: None,
        },
    ];
    s
}

#[test]
fn the_first_entry_for_a_key_wins_as_in_the_settings_scans() {
    let s = settings();
    let index = SettingsIndex::new(&s);
    for offer in ["E1", "E3"] {
        let offer = OfferId::new(offer);
        assert_eq!(*index.resale_of(&offer), s.resale_of(&offer));
    }
    for sub in ["s1", "s2"] {
        let sub = SubscriptionId::new(sub);
        assert_eq!(index.instalments_of(&sub), s.instalments_of(&sub));
    }
    for c in ["c1", "c3"] {
        let c = CustomerId::new(c);
        assert_eq!(index.tax_rate_of(&c), s.tax_rate_of(&c));
    }
    assert_eq!(index.instalments_of(&SubscriptionId::new("s1")), Some(3));
    assert_eq!(
        index.tax_rate_of(&CustomerId::new("c1")),
        Some(Decimal::new(1, 1))
    );
}

#[test]
fn per_seat_fees_match_by_subscription_or_offer_in_order_each_once() {
    let s = settings();
    let index = SettingsIndex::new(&s);
    // s1 on E1: fee 0 (s1), fee 2 (s1 and E1: once), fee 3 (E1).
    assert_eq!(
        index.seat_fees(&SubscriptionId::new("s1"), &OfferId::new("E1")),
        [0, 2, 3]
    );
    assert_eq!(
        index.seat_fees(&SubscriptionId::new("s9"), &OfferId::new("E3")),
        [1]
    );
    assert!(index
        .seat_fees(&SubscriptionId::new("s9"), &OfferId::new("E9"))
        .is_empty());
    assert_eq!(index.customer_services(&CustomerId::new("c1")), [4]);
    let percents: Vec<Decimal> = index
        .discounts_of(&CustomerId::new("c1"))
        .iter()
        .map(|d| d.percent)
        .collect();
    assert_eq!(percents, [Decimal::new(5, 0), Decimal::new(6, 0)]);
}
