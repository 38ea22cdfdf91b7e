//! SPEC-NCE §17.3's invariants over random two-tier books: up to five customers ordering
//! every term and plan of two SKUs (with seats added later), one or two resellers with random
//! resale rules (ERP, ERP − p %, markup, fixed), and random dated reseller-of-record
//! assignments (whole customers or single subscriptions, some giving lines back to the
//! provider).

use csp_core::billing::BillRun;
use csp_core::calendar::YearMonth;
use csp_core::channel::ChannelRun;
use csp_core::money::Money;
use csp_core::scenario::nce::NceScenario;
use proptest::prelude::*;

const SHEET: &str = include_str!("../../testdata/scenarios/nce-sheet.csv");

/// (offer, term, plan) the sheet prices.
const BUYS: [(&str, &str, &str); 5] = [
    ("CFQ7TTC0LH18:0001", "P1M", "monthly"),
    ("CFQ7TTC0LH18:0001", "P1Y", "monthly"),
    ("CFQ7TTC0LFLX:0001", "P1M", "monthly"),
    ("CFQ7TTC0LFLX:0001", "P1Y", "monthly"),
    ("CFQ7TTC0LFLX:0001", "P1Y", "annual"),
];

#[derive(Debug, Clone)]
struct Order {
    customer: usize,
    buy: usize,
    day: u32,
    seats: u32,
    added: Option<(u32, u32)>,
}

#[derive(Debug, Clone)]
struct Assign {
    customer: usize,
    /// Only this order's subscription.
    order: Option<usize>,
    reseller: Option<usize>,
    day: u32,
}

#[derive(Debug, Clone)]
struct Book {
    orders: Vec<Order>,
    rules: Vec<(u8, u32)>,
    days: Vec<u32>,
    assigns: Vec<Assign>,
    resellers: usize,
    month: u32,
}

/// Day `d` (0-based) of 2022-09-01 onwards.
fn date(d: u32) -> String {
    let day =
        chrono::NaiveDate::from_ymd_opt(2022, 9, 1).unwrap() + chrono::Days::new(u64::from(d));
    day.format("%Y-%m-%d").to_string()
}

fn rule(kind: u8, n: u32) -> String {
    match kind {
        0 => r#"{"type": "erp"}"#.to_string(),
        1 => format!(r#"{{"type": "erp_discount", "percent": "{}"}}"#, n % 41),
        2 => format!(r#"{{"type": "markup", "percent": "{}.5"}}"#, n % 30),
        _ => format!(
            r#"{{"type": "fixed", "price": "{}.{:02}"}}"#,
            5 + n % 50,
            n % 100
        ),
    }
}

fn settings(name: &str, prefix: &str, day: u32, rule_of: &(u8, u32)) -> String {
    let (k, n) = *rule_of;
    let rules: Vec<String> = [("CFQ7TTC0LH18:0001", 0u8), ("CFQ7TTC0LFLX:0001", 1u8)]
        .iter()
        .map(|(offer, i)| {
            format!(
                r#"{{"offer": "{offer}", "rule": {}}}"#,
                rule((k + i) % 4, n + u32::from(*i) * 7)
            )
        })
        .collect();
    format!(
        r#"{{"name": "{name}", "billing_day": {day}, "invoice_prefix": "{prefix}", "resale": [{}]}}"#,
        rules.join(", ")
    )
}

impl Book {
    fn json(&self, channel: bool, aligned: bool) -> String {
        let day = |i: usize| {
            if aligned {
                1
            } else {
                self.days[i % self.days.len()]
            }
        };
        let customers: Vec<String> = (0..5)
            .map(|c| format!(r#"{{"id": "c{c}", "name": "C{c}", "segment": "commercial", "origin": "created_by_partner"}}"#))
            .collect();
        let mut events = Vec::new();
        for (i, o) in self.orders.iter().enumerate() {
            let (offer, term, plan) = BUYS[o.buy];
            events.push((o.day, format!(
                r#"{{"id": "o{i}", "at": "{}T10:00:00Z", "subscription": "s{i}", "type": "order", "customer": "c{}", "offer": "{offer}", "term": "{term}", "plan": "{plan}", "quantity": {}}}"#,
                date(o.day), o.customer, o.seats
            )));
            if let Some((after, seats)) = o.added {
                events.push((o.day + 1 + after, format!(
                    r#"{{"id": "a{i}", "at": "{}T12:00:00Z", "subscription": "s{i}", "type": "add_seats", "quantity": {seats}}}"#,
                    date(o.day + 1 + after)
                )));
            }
        }
        events.sort_by_key(|(d, _)| *d);
        let events: Vec<String> = events.into_iter().map(|(_, e)| e).collect();
        let resellers: Vec<String> = (0..self.resellers)
            .map(|r| {
                format!(
                    r#"{{"id": "r{r}", "name": "R{r}", "mpn_id": "{r}", "mpa_signed": true, "linked_from": "2022-01-01",
                       "provider_terms": {}, "settings": {}}}"#,
                    settings("Provider", &format!("P{r}-"), day(1 + 2 * r), &self.rules[(1 + 2 * r) % self.rules.len()]),
                    settings(&format!("R{r}"), &format!("R{r}-"), day(2 + 2 * r), &self.rules[(2 + 2 * r) % self.rules.len()]),
                )
            })
            .collect();
        let assigns: Vec<String> = self
            .assigns
            .iter()
            .map(|a| {
                let sub = a
                    .order
                    .filter(|o| *o < self.orders.len())
                    .map(|o| format!(r#""subscription": "s{o}", "#))
                    .unwrap_or_default();
                let reseller = a
                    .reseller
                    .filter(|r| *r < self.resellers)
                    .map_or("null".to_string(), |r| format!(r#""r{r}""#));
                format!(
                    r#"{{"customer": "c{}", {sub}"reseller": {reseller}, "from": "{}"}}"#,
                    a.customer,
                    date(a.day)
                )
            })
            .collect();
        let channel = if channel {
            format!(
                r#", "channel": {{"resellers": [{}], "reseller_of_record": [{}]}}"#,
                resellers.join(", "),
                assigns.join(", ")
            )
        } else {
            String::new()
        };
        format!(
            r#"{{"version": 2, "program": "nce", "currency": "USD", "market": "US", "convention": "nce_b",
               "customers": [{}], "price_sheets": [{{"csv": {}}}], "events": [{}],
               "partner": {}{channel}}}"#,
            customers.join(", "),
            serde_json::to_string(SHEET).unwrap(),
            events.join(", "),
            settings("Provider", "P-", day(0), &self.rules[0]),
        )
    }

    fn month(&self) -> YearMonth {
        format!("2022-{}", 10 + self.month).parse().unwrap()
    }

    fn channel_run(&self, aligned: bool) -> ChannelRun {
        let scenario = NceScenario::from_json(&self.json(true, aligned)).unwrap();
        scenario.bill_channel(self.month(), &[], 1).unwrap()
    }

    fn one_tier_run(&self, aligned: bool) -> BillRun {
        let scenario = NceScenario::from_json(&self.json(false, aligned)).unwrap();
        scenario.bill(self.month(), &[], 1).unwrap()
    }
}

fn arb_book() -> impl Strategy<Value = Book> {
    let order = (
        0..5usize,
        0..BUYS.len(),
        0..80u32,
        1..20u32,
        prop::option::of((0..40u32, 1..5u32)),
    )
        .prop_map(|(customer, buy, day, seats, added)| Order {
            customer,
            buy,
            day,
            seats,
            added,
        });
    let assign = (
        0..5usize,
        prop::option::of(0..8usize),
        prop::option::of(0..2usize),
        0..90u32,
    )
        .prop_map(|(customer, order, reseller, day)| Assign {
            customer,
            order,
            reseller,
            day,
        });
    (
        prop::collection::vec(order, 1..8),
        prop::collection::vec((0..4u8, 0..1000u32), 5),
        prop::collection::vec(prop::sample::select(vec![1u32, 5, 15, 28]), 5),
        prop::collection::vec(assign, 0..8),
        1..3usize,
        0..3u32,
    )
        .prop_map(|(orders, rules, days, assigns, resellers, month)| Book {
            orders,
            rules,
            days,
            assigns,
            resellers,
            month,
        })
}

fn sum<'a>(items: impl IntoIterator<Item = &'a Money>) -> Money {
    Money::sum(csp_core::money::Currency::USD, items).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Microsoft's cost + every tier's margin = the customers' price, exactly, whatever the
    /// tiers' rules and billing days.
    #[test]
    fn tier_margins_sum_exactly(book in arb_book()) {
        let m = book.channel_run(false).margins;
        let margins = m.total_margin().unwrap();
        prop_assert_eq!(m.microsoft_cost.checked_add(&margins).unwrap(), m.customer_price);
        // Every tier's margin is its revenue less its cost, and each reseller's cost is the
        // provider's sale of its lines.
        let provider = &m.tiers[0];
        prop_assert_eq!(provider.cost, m.microsoft_cost);
        prop_assert_eq!(provider.lines, m.lines);
        let resold = sum(m.tiers[1..].iter().map(|t| &t.cost));
        let own_sales = provider.revenue.checked_sub(&resold).unwrap();
        let reseller_sales = sum(m.tiers[1..].iter().map(|t| &t.revenue));
        prop_assert_eq!(own_sales.checked_add(&reseller_sales).unwrap(), m.customer_price);
    }

    /// With every tier billing on one day and no fees, the bills themselves add up: the
    /// provider's own customers and resellers pay Microsoft's whole cost between them, what
    /// each reseller pays the provider is its customers' bills' cost, and the bills' margins
    /// are the statement's.
    #[test]
    fn aligned_bills_reconcile_with_the_statement(book in arb_book()) {
        let run = book.channel_run(true);
        let one_tier = book.one_tier_run(true);
        let m = &run.margins;
        // Every hop-0 line goes to exactly one of hop 1 or hop 1′.
        let hop0 = sum(std::iter::once(&run.provider.totals.cost)
            .chain(run.resellers.iter().map(|r| &r.from_provider.totals.cost)));
        prop_assert_eq!(hop0, one_tier.totals.cost);
        prop_assert_eq!(hop0, m.microsoft_cost);
        for (r, t) in run.resellers.iter().zip(&m.tiers[1..]) {
            prop_assert_eq!(r.to_customers.totals.cost, r.from_provider.totals.revenue);
            prop_assert_eq!(r.to_customers.totals.cost, t.cost);
            prop_assert_eq!(r.to_customers.totals.revenue, t.revenue);
            prop_assert_eq!(r.to_customers.totals.margin, t.margin);
        }
        let billed = sum(std::iter::once(&run.provider.totals.revenue)
            .chain(run.resellers.iter().map(|r| &r.to_customers.totals.revenue)));
        prop_assert_eq!(billed, m.customer_price);
        let provider_margin = sum(std::iter::once(&run.provider.totals.margin)
            .chain(run.resellers.iter().map(|r| &r.from_provider.totals.margin)));
        prop_assert_eq!(provider_margin, m.tiers[0].margin);
    }

    /// A sale line keeps its cost line's subscription, period and quantity: each reseller's
    /// Microsoft lines to its customers are the provider's lines to it, one for one.
    #[test]
    fn sale_lines_keep_their_cost_lines_facts(book in arb_book()) {
        let run = book.channel_run(true);
        for r in &run.resellers {
            let facts = |b: &BillRun| {
                let mut v: Vec<(String, String, String, u32)> = b.bills.iter().flat_map(|b| {
                    b.invoice.lines.iter().filter(|l| l.source == csp_core::billing::LineSource::Microsoft)
                        .map(|l| (
                            b.invoice.customer.to_string(),
                            l.subscription.as_ref().map(|s| s.to_string()).unwrap_or_default(),
                            l.service_period.map(|p| p.to_string()).unwrap_or_default(),
                            l.quantity,
                        ))
                }).collect();
                v.sort();
                v
            };
            prop_assert_eq!(facts(&r.from_provider), facts(&r.to_customers));
        }
    }

    /// A one-tier partner's bill equals hop 1′: a channel that routes nothing leaves the
    /// provider's bill as it was, whatever its resellers.
    #[test]
    fn a_channel_without_assignments_leaves_the_one_tier_bill(mut book in arb_book()) {
        book.assigns.clear();
        let run = book.channel_run(false);
        prop_assert_eq!(&run.provider, &book.one_tier_run(false));
        for r in &run.resellers {
            prop_assert!(r.from_provider.bills.is_empty() && r.to_customers.bills.is_empty());
        }
    }
}

/// The generator reaches what the properties are about: books where resellers bill, where
/// the provider keeps customers, and where the tiers bill on different days.
#[test]
fn the_generator_routes_lines_to_every_tier() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut resold, mut own, mut both) = (0, 0, 0);
    for _ in 0..200 {
        let book = arb_book().new_tree(&mut runner).unwrap().current();
        let run = book.channel_run(false);
        let r = run
            .resellers
            .iter()
            .any(|r| !r.to_customers.bills.is_empty());
        let o = !run.provider.bills.is_empty();
        resold += usize::from(r);
        own += usize::from(o);
        both += usize::from(r && o);
    }
    assert!(
        resold > 40 && own > 40 && both > 20,
        "{resold} {own} {both}"
    );
}
