//! Test fixtures shared by the subscription and charges tests.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::calendar::YearMonth;
use crate::catalog::*;
use crate::charges::{ChargeLine, Inputs, Ledger, ReplayOptions};
use crate::money::Currency;
use crate::price_list::{PriceBook, PriceList, PriceRow};
use crate::program::Program;
use crate::subscription::{BillingFrequency, Event, EventKind};

pub fn d(s: &str) -> NaiveDate {
    crate::calendar::read_iso_date(s).unwrap()
}

fn row(
    id: &str,
    list: &str,
    secondary: SecondaryType,
    agreement: LicenseAgreementType,
) -> PriceRow {
    PriceRow {
        offer_id: OfferId::new(id),
        offer_name: format!("Offer {id}"),
        agreement_type: agreement,
        secondary_type: secondary,
        list_price: list.parse::<Decimal>().unwrap(),
        erp_price: list.parse::<Decimal>().unwrap(),
        purchase_unit: None,
        end_customer_type: None,
        change_indicator: None,
        effective_start: None,
        effective_end: None,
    }
}

/// Offers: E1 ($4.00/month until 2016-12, $5.00 from 2017-01), E3 ($20), GOV (government,
/// $15), ARM (add-on of E3, $2), TRIAL (a trial), EOL ($3, removed from 2017-01 on).
/// Customers: contoso (commercial), school (education), synd (syndication tenant),
/// direct (an existing direct tenant). Lists for every month 2015-12 … 2028-12.
pub fn inputs() -> Inputs {
    use LicenseAgreementType::*;
    use SecondaryType as S;
    let mut catalog = Catalog::new();
    catalog
        .add(Offer::base("E1", "Office 365 E1", Corporate))
        .unwrap();
    catalog
        .add(Offer::base("E3", "Office 365 E3", Corporate))
        .unwrap();
    catalog
        .add(Offer::base("GOV", "Office 365 E3 Government", Government))
        .unwrap();
    catalog
        .add(Offer::add_on(
            "ARM",
            "Azure Rights Management",
            Corporate,
            &["E3"],
        ))
        .unwrap();
    catalog
        .add(Offer::trial("TRIAL", "Office 365 E3 Trial", Corporate))
        .unwrap();
    catalog
        .add(Offer::base("EOL", "Retired offer", Corporate))
        .unwrap();
    let mut book = PriceBook::new(Currency::USD);
    let mut month: YearMonth = "2015-12".parse().unwrap();
    while month.first_day() <= d("2028-12-01") {
        let new_prices = month.first_day() >= d("2017-01-01");
        let mut rows = vec![
            row(
                "E1",
                if new_prices { "5.00" } else { "4.00" },
                S::Base,
                Corporate,
            ),
            row("E3", "20.00", S::Base, Corporate),
            row("GOV", "15.00", S::Base, Government),
            row("ARM", "2.00", S::AddOn, Corporate),
            row("TRIAL", "0.00", S::Trial, Corporate),
        ];
        if !new_prices {
            rows.push(row("EOL", "3.00", S::Base, Corporate));
        }
        book.add(PriceList::new(month, Currency::USD, rows).unwrap())
            .unwrap();
        month = month.next().unwrap();
    }
    let customers: BTreeMap<CustomerId, Customer> = [
        Customer::new(
            "contoso",
            "Contoso",
            Segment::Commercial,
            TenantOrigin::CreatedByPartner,
        ),
        Customer::new(
            "school",
            "Contoso School",
            Segment::Education,
            TenantOrigin::CreatedByPartner,
        ),
        Customer::new(
            "synd",
            "Syndicated",
            Segment::Commercial,
            TenantOrigin::Syndication,
        ),
        Customer::new(
            "direct",
            "Direct",
            Segment::Commercial,
            TenantOrigin::ExistingDirect,
        ),
    ]
    .into_iter()
    .map(|c| (c.id.clone(), c))
    .collect();
    Inputs {
        catalog,
        customers,
        book,
        program: Program::legacy_2015(),
        default_actor: crate::access::Actor::csp_admin_agent(),
    }
}

pub fn ledger<'a>(inputs: &'a Inputs, as_of: &str) -> Ledger<'a> {
    Ledger::new(inputs.context(d(as_of)), ReplayOptions::default())
}

pub fn event(date: &str, sub: &str, kind: EventKind) -> Event {
    Event {
        date: d(date),
        subscription: SubscriptionId::new(sub),
        kind,
        actor: None,
    }
}

pub fn order(date: &str, sub: &str, offer: &str, quantity: u32, monthly: bool) -> Event {
    order_for(date, sub, "contoso", offer, quantity, monthly)
}

pub fn order_for(
    date: &str,
    sub: &str,
    customer: &str,
    offer: &str,
    quantity: u32,
    monthly: bool,
) -> Event {
    let frequency = if monthly {
        BillingFrequency::Monthly
    } else {
        BillingFrequency::Annual
    };
    event(
        date,
        sub,
        EventKind::Order {
            customer: CustomerId::new(customer),
            offer: OfferId::new(offer),
            quantity,
            frequency,
        },
    )
}

pub fn add_on(date: &str, sub: &str, base: &str, offer: &str, quantity: u32) -> Event {
    event(
        date,
        sub,
        EventKind::OrderAddOn {
            base: SubscriptionId::new(base),
            offer: OfferId::new(offer),
            quantity,
            frequency: None,
        },
    )
}

pub fn seats(date: &str, sub: &str, delta: i64) -> Event {
    let quantity = u32::try_from(delta.unsigned_abs()).unwrap();
    let kind = if delta >= 0 {
        EventKind::AddSeats {
            quantity,
            billed_on: None,
        }
    } else {
        EventKind::RemoveSeats {
            quantity,
            billed_on: None,
        }
    };
    event(date, sub, kind)
}

/// `(kind, service period, amount)` of each line, as text, for compact assertions.
pub fn summary(lines: &[ChargeLine]) -> Vec<(String, String, String)> {
    lines
        .iter()
        .map(|l| {
            (
                l.kind.to_string(),
                l.service_period.to_string(),
                l.amount.amount().to_string(),
            )
        })
        .collect()
}

pub fn s(kind: &str, period: &str, amount: &str) -> (String, String, String) {
    (kind.to_string(), period.to_string(), amount.to_string())
}
