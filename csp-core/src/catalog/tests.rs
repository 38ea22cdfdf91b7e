use chrono::NaiveDate;

use super::*;
use crate::calendar::parse_date;

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

fn legacy() -> crate::program::Program {
    crate::program::Program::legacy_2015()
}

fn customer(segment: Segment, origin: TenantOrigin) -> Customer {
    Customer::new("c1", "Contoso", segment, origin)
}

#[test]
fn segment_rules_for_base_offers() {
    use LicenseAgreementType as L;
    use Segment as S;
    // SPEC §4: corporate → any segment; government → government only; academic → education only.
    let expected = [
        (L::Corporate, S::Commercial, true),
        (L::Corporate, S::Government, true),
        (L::Corporate, S::Education, true),
        (L::Government, S::Commercial, false),
        (L::Government, S::Government, true),
        (L::Government, S::Education, false),
        (L::Academic, S::Commercial, false),
        (L::Academic, S::Government, false),
        (L::Academic, S::Education, true),
    ];
    for (agreement, segment, ok) in expected {
        let offer = Offer::base("O1", "Offer", agreement);
        let r = check_order_eligibility(
            &customer(segment, TenantOrigin::CreatedByPartner),
            &offer,
            &legacy(),
        );
        match (ok, r) {
            (true, Ok(())) => {}
            (
                false,
                Err(Error::SegmentNotEligible {
                    agreement_type,
                    segment: s,
                    ..
                }),
            ) => {
                assert_eq!((agreement_type, s), (agreement, segment));
            }
            (_, other) => panic!("{agreement} for {segment}: {other:?}"),
        }
    }
}

#[test]
fn refusal_order_syndication_then_trial_then_segment() {
    // SPEC §10.11.
    let gov_trial = Offer::trial("T1", "Gov trial", LicenseAgreementType::Government);
    let synd = customer(Segment::Commercial, TenantOrigin::Syndication);
    assert_eq!(
        check_order_eligibility(&synd, &gov_trial, &legacy())
            .unwrap_err()
            .code(),
        "tenant_not_eligible"
    );
    let direct = customer(Segment::Commercial, TenantOrigin::ExistingDirect);
    assert_eq!(
        check_order_eligibility(&direct, &gov_trial, &legacy())
            .unwrap_err()
            .code(),
        "trial_not_offered"
    );
    let corp_trial = Offer::trial("T2", "Trial", LicenseAgreementType::Corporate);
    assert_eq!(
        check_order_eligibility(&direct, &corp_trial, &legacy())
            .unwrap_err()
            .code(),
        "trial_not_offered"
    );
    let base = Offer::base("B", "Base", LicenseAgreementType::Corporate);
    assert_eq!(
        check_order_eligibility(&synd, &base, &legacy())
            .unwrap_err()
            .code(),
        "tenant_not_eligible"
    );
    assert!(check_order_eligibility(&direct, &base, &legacy()).is_ok());
}

#[test]
fn add_ons_skip_the_segment_check() {
    // SPEC §10.13: an academic add-on can go on a commercial customer's base.
    let addon = Offer::add_on("A1", "Archiving", LicenseAgreementType::Academic, &["b1"]);
    let c = customer(Segment::Commercial, TenantOrigin::CreatedByPartner);
    assert!(check_order_eligibility(&c, &addon, &legacy()).is_ok());
    assert!(
        addon.accepts_base(&OfferId::new("B1")),
        "prerequisites compare case-insensitively"
    );
    assert!(!addon.accepts_base(&OfferId::new("B2")));
    let synd = customer(Segment::Commercial, TenantOrigin::Syndication);
    assert_eq!(
        check_order_eligibility(&synd, &addon, &legacy())
            .unwrap_err()
            .code(),
        "tenant_not_eligible"
    );
}

#[test]
fn catalog_lookup() {
    let mut c = Catalog::new();
    c.add(Offer::base(
        "bd938f12-058f-4927-bba3-ae36b1d2501c",
        "Business Essentials",
        LicenseAgreementType::Corporate,
    ))
    .unwrap();
    let dup = Offer::base(
        "BD938F12-058F-4927-BBA3-AE36B1D2501C",
        "again",
        LicenseAgreementType::Corporate,
    );
    assert_eq!(c.add(dup).unwrap_err().code(), "duplicate_offer");
    assert_eq!(c.offers().count(), 1);
    assert_eq!(
        c.get(&"Bd938F12-058F-4927-BBA3-AE36B1D2501C".into())
            .unwrap()
            .name,
        "Business Essentials"
    );
    assert_eq!(c.get(&"nope".into()).unwrap_err().code(), "unknown_offer");
}

#[test]
fn direct_trial_transition() {
    let c = customer(Segment::Commercial, TenantOrigin::ExistingDirect);
    let trial = DirectTrial {
        customer: CustomerId::new("c1"),
        period: crate::calendar::Period::new(d("2016-03-10"), d("2016-04-08")).unwrap(),
    };
    let e3 = Offer::base("E3", "Office 365 E3", LicenseAgreementType::Corporate);
    // The CSP subscription starts on the transition date; the trial ends the day before.
    let t = transition_direct_trial(&c, &trial, &e3, d("2016-03-20"), &legacy()).unwrap();
    assert_eq!(
        (t.starts_on, t.trial_ends_on, t.offer.as_str()),
        (d("2016-03-20"), d("2016-03-19"), "E3")
    );
    // On the trial's last day still possible; the day after, the trial has expired.
    assert!(transition_direct_trial(&c, &trial, &e3, d("2016-04-08"), &legacy()).is_ok());
    let e = transition_direct_trial(&c, &trial, &e3, d("2016-04-09"), &legacy()).unwrap_err();
    assert_eq!(e.code(), "date_outside_term");
    // The usual order checks apply.
    let gov = Offer::base("G3", "E3 Government", LicenseAgreementType::Government);
    assert_eq!(
        transition_direct_trial(&c, &trial, &gov, d("2016-03-20"), &legacy())
            .unwrap_err()
            .code(),
        "segment_not_eligible"
    );
    let trial_offer = Offer::trial("T", "E3 Trial", LicenseAgreementType::Corporate);
    assert_eq!(
        transition_direct_trial(&c, &trial, &trial_offer, d("2016-03-20"), &legacy())
            .unwrap_err()
            .code(),
        "trial_not_offered"
    );
    let synd = customer(Segment::Commercial, TenantOrigin::Syndication);
    assert_eq!(
        transition_direct_trial(&synd, &trial, &e3, d("2016-03-20"), &legacy())
            .unwrap_err()
            .code(),
        "tenant_not_eligible"
    );
    let created = customer(Segment::Commercial, TenantOrigin::CreatedByPartner);
    let e = transition_direct_trial(&created, &trial, &e3, d("2016-03-20"), &legacy()).unwrap_err();
    assert_eq!(e.code(), "tenant_not_eligible");
    assert!(e.message().contains("existing direct tenant"), "{e}");
    let other = Customer::new(
        "c2",
        "Fabrikam",
        Segment::Commercial,
        TenantOrigin::ExistingDirect,
    );
    assert_eq!(
        transition_direct_trial(&other, &trial, &e3, d("2016-03-20"), &legacy())
            .unwrap_err()
            .code(),
        "customer_mismatch"
    );
}

#[test]
fn a_program_with_trials_lets_them_through() {
    let mut with_trials = legacy();
    with_trials.trials_allowed = true;
    let c = customer(Segment::Commercial, TenantOrigin::CreatedByPartner);
    let trial = Offer::trial("T", "Trial", LicenseAgreementType::Corporate);
    assert!(check_order_eligibility(&c, &trial, &with_trials).is_ok());
    let gov_trial = Offer::trial("GT", "Gov trial", LicenseAgreementType::Government);
    assert_eq!(
        check_order_eligibility(&c, &gov_trial, &with_trials)
            .unwrap_err()
            .code(),
        "segment_not_eligible"
    );
}

#[test]
fn catalog_from_price_rows_keeps_present_offers_and_the_first_row() {
    use crate::money::Currency;
    use crate::price_list::{PriceBook, PriceList};
    let header = "Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,List Price,ERP Price\n";
    let list = |month: &str, body: &str| {
        let text = format!("{header}{body}");
        PriceList::from_legacy_csv(&text, month.parse().unwrap(), Currency::USD).unwrap()
    };
    let march = list(
        "2016-03",
        "e3,Office 365 E3,Corporate,Non-specific,20,25\nARM,Rights Management,Corporate,Add-on,2,3\n",
    );
    let february = list("2016-02", "E3,Old E3 name,Government,Non-specific,19,24\n");

    // Rows complete a catalog: an offer already there is kept as it is, and among rows of one
    // offer the first one read wins; an add-on read from a row has no prerequisites.
    let mut catalog = Catalog::new();
    catalog
        .add(Offer::add_on(
            "ARM",
            "ARM from the catalog",
            LicenseAgreementType::Corporate,
            &["E3"],
        ))
        .unwrap();
    catalog.add_price_rows(march.rows().chain(february.rows()));
    let e3 = catalog.get(&OfferId::new("E3")).unwrap();
    assert_eq!(
        e3,
        &Offer::base("E3", "Office 365 E3", LicenseAgreementType::Corporate)
    );
    let arm = catalog.get(&OfferId::new("arm")).unwrap();
    assert_eq!(arm.name, "ARM from the catalog");
    assert!(arm.accepts_base(&OfferId::new("E3")));

    // A book's catalog reads its lists month by month: February's row comes first.
    let mut book = PriceBook::new(Currency::USD);
    book.add(march).unwrap();
    book.add(february).unwrap();
    let catalog = Catalog::from_book(&book);
    let e3 = catalog.get(&OfferId::new("E3")).unwrap();
    assert_eq!(
        e3,
        &Offer::base("E3", "Old E3 name", LicenseAgreementType::Government)
    );
    let arm = catalog.get(&OfferId::new("ARM")).unwrap();
    assert_eq!(
        arm.kind,
        OfferKind::AddOn {
            prerequisites: vec![]
        }
    );
    assert_eq!(catalog.offers().count(), 2);
}
