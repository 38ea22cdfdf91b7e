//! Helpers shared by the csp-core fuzz targets: the error oracle, a fixed catalog and price
//! book (as `csp-core/src/testkit.rs` builds for the unit tests), and small pickers that map
//! fuzzer bytes onto bounded domain values.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{Days, NaiveDate};
use csp_core::access::Actor;
use csp_core::billing::BillRun;
use csp_core::calendar::{Period, YearMonth};
use csp_core::catalog::{
    Catalog, Customer, CustomerId, LicenseAgreementType, Offer, OfferId, SecondaryType, Segment,
    TenantOrigin,
};
use csp_core::charges::{ChargeKind, ChargeLine, Inputs, LineForm};
use csp_core::money::{Currency, Money, ProrationPolicy};
use csp_core::price_list::{PriceBook, PriceList, PriceRow};
use csp_core::program::Program;
use rust_decimal::Decimal;

/// Every error csp-core returns must carry one of the stable codes, and rendering it (message
/// and context) must not panic.
pub fn check_error(e: &csp_core::Error) {
    let code = e.code();
    assert!(
        csp_core::ALL_CODES.contains(&code),
        "error code {code:?} is not in ALL_CODES: {e:?}"
    );
    let _ = e.to_string();
    let _ = e.context();
}

/// `base + days`, or `base` when that leaves the calendar.
pub fn day_after(base: NaiveDate, days: u64) -> NaiveDate {
    base.checked_add_days(Days::new(days)).unwrap_or(base)
}

/// 2016-01-01, the first day of the fixture's event range.
pub fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(2016, 1, 1).expect("valid date")
}

/// Offer ids of the fixture catalog, by index.
pub const OFFERS: &[&str] = &["E1", "E3", "GOV", "ARM", "TRIAL", "EOL", "EDU", "GHOST"];
/// Customer ids of the fixture, by index (`nobody` is not a customer).
pub const CUSTOMERS: &[&str] = &[
    "contoso", "school", "synd", "direct", "city", "nodap", "nobody",
];

fn row(
    id: &str,
    list: &str,
    erp: &str,
    secondary: SecondaryType,
    agreement: LicenseAgreementType,
) -> PriceRow {
    PriceRow {
        offer_id: OfferId::new(id),
        offer_name: format!("Offer {id}"),
        agreement_type: agreement,
        secondary_type: secondary,
        list_price: list.parse::<Decimal>().expect("decimal"),
        erp_price: erp.parse::<Decimal>().expect("decimal"),
        purchase_unit: None,
        end_customer_type: None,
        change_indicator: None,
        effective_start: None,
        effective_end: None,
    }
}

/// The fixed replay inputs: offers E1 ($4.00, $5.00 from 2017-01), E3 ($20), GOV
/// (government, $15.20), ARM (add-on of E3, $1.60), TRIAL, EOL ($3, gone from 2017-01), EDU
/// (academic, $2.03 — a price that does not divide evenly), GHOST (not in any list);
/// customers of every segment and tenant origin; lists for 2015-12 … 2019-12 (USD).
pub fn inputs() -> &'static Inputs {
    static INPUTS: OnceLock<Inputs> = OnceLock::new();
    INPUTS.get_or_init(build_inputs)
}

fn build_inputs() -> Inputs {
    use LicenseAgreementType::*;
    use SecondaryType as S;
    let mut catalog = Catalog::new();
    for offer in [
        Offer::base("E1", "Office 365 E1", Corporate),
        Offer::base("E3", "Office 365 E3", Corporate),
        Offer::base("GOV", "Office 365 E3 Government", Government),
        Offer::add_on("ARM", "Azure Rights Management", Corporate, &["E3", "E1"]),
        Offer::trial("TRIAL", "Office 365 E3 Trial", Corporate),
        Offer::base("EOL", "Retired offer", Corporate),
        Offer::base("EDU", "Office 365 Education", Academic),
        Offer::base("GHOST", "Never priced", Corporate),
    ] {
        catalog.add(offer).expect("unique offers");
    }
    let mut book = PriceBook::new(Currency::USD);
    let mut month: YearMonth = "2015-12".parse().expect("month");
    let last = NaiveDate::from_ymd_opt(2019, 12, 1).expect("date");
    while month.first_day() <= last {
        let new_prices = month.first_day() >= NaiveDate::from_ymd_opt(2017, 1, 1).expect("date");
        let mut rows = vec![
            row(
                "E1",
                if new_prices { "5.00" } else { "4.00" },
                "5.00",
                S::Base,
                Corporate,
            ),
            row("E3", "20.00", "25.00", S::Base, Corporate),
            row("GOV", "15.20", "19.00", S::Base, Government),
            row("ARM", "1.60", "2.00", S::AddOn, Corporate),
            row("TRIAL", "0.00", "0.00", S::Trial, Corporate),
            row("EDU", "2.03", "2.537", S::Base, Academic),
        ];
        if !new_prices {
            rows.push(row("EOL", "3.00", "3.75", S::Base, Corporate));
        }
        book.add(PriceList::new(month, Currency::USD, rows).expect("list"))
            .expect("book");
        month = month.next().expect("next month");
    }
    let mut nodap = Customer::new(
        "nodap",
        "No DAP",
        Segment::Commercial,
        TenantOrigin::CreatedByPartner,
    );
    nodap.delegated_admin = false;
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
        Customer::new(
            "city",
            "City Hall",
            Segment::Government,
            TenantOrigin::CreatedByPartner,
        ),
        nodap,
    ]
    .into_iter()
    .map(|c| (c.id.clone(), c))
    .collect();
    Inputs {
        catalog,
        customers,
        book,
        program: Program::legacy_2015(),
        default_actor: Actor::csp_admin_agent(),
    }
}

/// `items[i % len]`.
pub fn pick<T: Copy>(items: &[T], i: impl Into<u64>) -> T {
    let i = usize::try_from(i.into() % items.len() as u64).unwrap_or(0);
    items[i]
}

/// SPEC §6.5 on one replay's lines: each line lies in its charge period; in the net form
/// charges are never negative and credits never positive; and per subscription and charge
/// period, credits never exceed what was charged: in seat-days always, and in money when the
/// policy keeps the daily rate and the one-seat amount exact (SPEC §6.4's default). A policy
/// that rounds them prices a prorated rebill with the rounded rate while the reversal of the
/// whole period is the period price (a rate of $5/30 days rounded to $0 rebills nothing), so
/// there the period's net can go below zero by design (SPEC §6.5, conservation bullet).
pub fn check_lines(lines: &[ChargeLine], form: LineForm, policy: ProrationPolicy) {
    let exact = policy.daily_rate.is_none() && policy.unit.is_none();
    let Some(currency) = lines.first().map(|l| l.amount.currency()) else {
        return;
    };
    use std::collections::HashMap;
    let mut nets: HashMap<(&str, Period), (Decimal, i64)> = HashMap::new();
    for l in lines {
        assert_eq!(l.amount.currency(), currency, "one currency: {l:?}");
        assert!(
            l.charge_period.contains(l.service_period.first())
                && l.charge_period.contains(l.service_period.last()),
            "service period outside its charge period: {l:?}"
        );
        let credit = l.amount.is_negative()
            || (l.unit_amount.is_sign_negative() && !l.unit_amount.is_zero());
        if form == LineForm::Net {
            let credit_kind = matches!(
                l.kind,
                ChargeKind::SeatsRemoved | ChargeKind::SuspensionCredit
            );
            assert!(
                !credit || credit_kind,
                "a {} line credits in the net form: {l:?}",
                l.kind
            );
            assert!(
                !credit_kind || !l.amount.is_sign_positive_nonzero(),
                "a {} line charges: {l:?}",
                l.kind
            );
        }
        if let Some((billed, of)) = l.days() {
            assert!(
                billed >= 1 && billed < of && of == l.charge_period.days(),
                "days {l:?}"
            );
            assert_eq!(billed, l.service_period.days(), "days billed: {l:?}");
        }
        let entry = nets
            .entry((l.subscription.as_str(), l.charge_period))
            .or_insert((Decimal::ZERO, 0));
        entry.0 = entry
            .0
            .checked_add(l.amount.amount())
            .expect("line sums fit");
        // A full suspension credit takes back the period's net (money), not seat-days.
        if !l.full_credit {
            assert!(
                !credit || l.quantity < 0,
                "a credit with a positive quantity: {l:?}"
            );
            entry.1 += l.quantity * i64::from(l.service_period.days());
        }
    }
    for ((sub, period), (money, seat_days)) in nets {
        assert!(
            !exact || !money.is_sign_negative() || money.is_zero(),
            "{sub} {period}: credits exceed charges by {money}"
        );
        assert!(
            seat_days >= 0,
            "{sub} {period}: more seat-days credited than charged ({seat_days})"
        );
    }
}

trait SignExt {
    fn is_sign_positive_nonzero(&self) -> bool;
}

impl SignExt for Money {
    fn is_sign_positive_nonzero(&self) -> bool {
        !self.is_negative() && !self.is_zero()
    }
}

fn sum<'a>(items: impl IntoIterator<Item = &'a Money>) -> Option<Decimal> {
    items
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, m| acc.checked_add(m.amount()))
}

/// SPEC §8 arithmetic of one bill run: every invoice total is the sum of its lines plus tax,
/// every statement's margin is revenue − cost − cost adjustment, and the run's totals add up.
/// (Sums that would overflow the decimal type are not checked.)
pub fn check_run(run: &BillRun) {
    let mut cost = Some(Decimal::ZERO);
    let mut revenue = Some(Decimal::ZERO);
    let mut financed = Some(Decimal::ZERO);
    for bill in &run.bills {
        let (inv, st) = (&bill.invoice, &bill.statement);
        assert_eq!(inv.customer, st.customer);
        assert_eq!(
            (inv.month, inv.issue_date, inv.window),
            (run.month, run.issue_date, run.window)
        );
        assert!(inv.due_date >= inv.issue_date);
        if let Some(s) = sum(inv.lines.iter().map(|l| &l.amount)) {
            assert_eq!(s, inv.subtotal.amount(), "subtotal = sum of lines: {inv:?}");
        }
        if inv.tax_rate.is_none() {
            assert!(inv.tax.is_zero(), "no rate, no tax: {inv:?}");
        }
        if let Some(t) = inv.subtotal.amount().checked_add(inv.tax.amount()) {
            assert_eq!(t, inv.total.amount(), "total = subtotal + tax: {inv:?}");
        }
        assert_eq!(inv.credit_note, inv.total.is_negative());
        for l in &inv.lines {
            assert!(
                l.adjusts.is_none_or(|m| m < run.month),
                "adjusts a later month: {l:?}"
            );
            assert!(
                !l.reversal || l.adjusts.is_some(),
                "a reversal adjusts a month: {l:?}"
            );
        }
        assert_eq!(st.revenue, inv.subtotal, "revenue is the invoice subtotal");
        if let Some(adj) = sum(st.cost_adjustments.iter().map(|c| &c.amount)) {
            assert_eq!(adj, st.cost_adjustment.amount());
        }
        let margin = st
            .revenue
            .amount()
            .checked_sub(st.cost.amount())
            .and_then(|m| m.checked_sub(st.cost_adjustment.amount()));
        if let Some(m) = margin {
            assert_eq!(
                m,
                st.margin.amount(),
                "margin = revenue − cost − cost adjustment: {st:?}"
            );
        }
        assert_eq!(st.margin_percent.is_none(), st.revenue.is_zero());
        cost = cost
            .and_then(|c| c.checked_add(st.cost.amount()))
            .and_then(|c| c.checked_add(st.cost_adjustment.amount()));
        revenue = revenue.and_then(|r| r.checked_add(st.revenue.amount()));
        financed = financed.and_then(|f| f.checked_add(st.financed_balance.amount()));
    }
    let t = &run.totals;
    if let (Some(c), Some(r), Some(f)) = (cost, revenue, financed) {
        assert_eq!(c, t.cost.amount(), "total cost");
        assert_eq!(r, t.revenue.amount(), "total revenue");
        assert_eq!(f, t.financed_balance.amount(), "total financed balance");
        if let Some(m) = r.checked_sub(c) {
            assert_eq!(m, t.margin.amount(), "total margin");
        }
    }
    assert_eq!(t.margin_percent.is_none(), t.revenue.is_zero());
}
