//! The two-tier channel at a distributor's scale (issue 18, SPEC-NCE §17): a deterministic
//! NCE book of `CUSTOMERS` customers, 70 % of them sold through `RESELLERS` resellers, billed
//! at every tier in-process, against the one-tier bill of the same book (the practical
//! limit: the same replay and one mirror per line, where the channel mirrors a resold line
//! twice and bills three tiers).
//!
//!     cargo run --release -p csp-benches --bin channel_book -- CUSTOMERS RESELLERS
//!
//! Customer `c` (SplitMix64, seed 2022) orders 1 to 3 subscriptions between 2022-07-01 and
//! 2022-11-20 (Business Basic monthly or yearly, E3 monthly, yearly or annual), 1 to 50
//! seats, some with seats added later. Customers with `c % 10 < 7` are resold by reseller
//! `c % RESELLERS` from 2022-06-01. Prints `name=value` lines: the times in ms of the
//! one-tier bill and the channel bill of 2022-12, their ratio, the margin statement and its
//! identity check, the bills of each tier and the peak RSS (`/proc/self/status`).

use std::fmt::Write as _;
use std::time::Instant;

use csp_benches::SplitMix64;
use csp_core::calendar::YearMonth;
use csp_core::scenario::nce::NceScenario;

const SHEET: &str = include_str!("../../../testdata/scenarios/nce-sheet.csv");

const BUYS: [(&str, &str, &str); 5] = [
    ("CFQ7TTC0LH18:0001", "P1M", "monthly"),
    ("CFQ7TTC0LH18:0001", "P1Y", "monthly"),
    ("CFQ7TTC0LFLX:0001", "P1M", "monthly"),
    ("CFQ7TTC0LFLX:0001", "P1Y", "monthly"),
    ("CFQ7TTC0LFLX:0001", "P1Y", "annual"),
];

fn settings(name: &str, prefix: &str, lflx_rule: &str) -> String {
    format!(
        r#"{{"name": "{name}", "billing_day": 1, "invoice_prefix": "{prefix}", "resale": [
           {{"offer": "CFQ7TTC0LH18:0001", "rule": {{"type": "markup", "percent": "15"}}}},
           {{"offer": "CFQ7TTC0LFLX:0001", "rule": {lflx_rule}}}]}}"#
    )
}

fn day(d: u64) -> String {
    let date =
        chrono::NaiveDate::from_ymd_opt(2022, 7, 1).unwrap_or_default() + chrono::Days::new(d);
    date.format("%Y-%m-%d").to_string()
}

/// The book's JSON, with or without its channel.
fn book(customers: usize, resellers: usize, channel: bool) -> String {
    let mut out = String::with_capacity(customers * 600);
    let _ = write!(
        out,
        r#"{{"version": 2, "program": "nce", "currency": "USD", "market": "US", "convention": "nce_b",
           "price_sheets": [{{"csv": {}}}], "customers": ["#,
        serde_json::to_string(SHEET).unwrap_or_default()
    );
    for c in 0..customers {
        let sep = if c == 0 { "" } else { "," };
        let _ = write!(
            out,
            r#"{sep}{{"id": "c{c}", "name": "Customer {c}", "segment": "commercial", "origin": "created_by_partner"}}"#
        );
    }
    out.push_str(r#"], "events": ["#);
    let mut events: Vec<(u64, String)> = Vec::new();
    for c in 0..customers {
        let mut rng = SplitMix64::new(2022 ^ (c as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        for k in 0..=rng.below(3) {
            let (offer, term, plan) = BUYS[usize::try_from(rng.below(5)).unwrap_or(0)];
            let d = rng.below(143);
            let seats = 1 + rng.below(50);
            events.push((d, format!(
                r#"{{"id": "o{c}-{k}", "at": "{}T10:00:00Z", "subscription": "s{c}-{k}", "type": "order", "customer": "c{c}", "offer": "{offer}", "term": "{term}", "plan": "{plan}", "quantity": {seats}}}"#,
                day(d)
            )));
            if rng.below(3) == 0 {
                let a = d + 1 + rng.below(20);
                events.push((a, format!(
                    r#"{{"id": "a{c}-{k}", "at": "{}T12:00:00Z", "subscription": "s{c}-{k}", "type": "add_seats", "quantity": {}}}"#,
                    day(a), 1 + rng.below(5)
                )));
            }
        }
    }
    events.sort_by_key(|(d, _)| *d);
    for (i, (_, e)) in events.iter().enumerate() {
        out.push_str(if i == 0 { "" } else { "," });
        out.push_str(e);
    }
    let _ = write!(
        out,
        r#"], "partner": {}"#,
        settings("Provider", "P-", r#"{"type": "markup", "percent": "10"}"#)
    );
    if channel {
        out.push_str(r#", "channel": {"resellers": ["#);
        for r in 0..resellers {
            let sep = if r == 0 { "" } else { "," };
            let _ = write!(
                out,
                r#"{sep}{{"id": "r{r}", "name": "Reseller {r}", "mpn_id": "{}", "mpa_signed": true, "linked_from": "2022-01-01", "provider_terms": {}, "settings": {}}}"#,
                5_000_000 + r,
                settings(
                    "Provider",
                    &format!("P{r}-"),
                    r#"{"type": "erp_discount", "percent": "12"}"#
                ),
                settings(
                    &format!("Reseller {r}"),
                    &format!("R{r}-"),
                    r#"{"type": "erp"}"#
                ),
            );
        }
        out.push_str(r#"], "reseller_of_record": ["#);
        let mut first = true;
        for c in (0..customers).filter(|c| c % 10 < 7) {
            out.push_str(if first { "" } else { "," });
            first = false;
            let _ = write!(
                out,
                r#"{{"customer": "c{c}", "reseller": "r{}", "from": "2022-06-01"}}"#,
                c % resellers.max(1)
            );
        }
        out.push_str("]}");
    }
    out.push('}');
    out
}

fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let (customers, resellers) = match args.as_slice() {
        [c, r] if *r > 0 => (*c, *r),
        _ => {
            eprintln!("usage: channel_book CUSTOMERS RESELLERS");
            std::process::exit(2);
        }
    };
    let month: YearMonth = "2022-12".parse().unwrap_or_else(|_| std::process::exit(2));
    let plain = NceScenario::from_json(&book(customers, resellers, false));
    let two_tier = NceScenario::from_json(&book(customers, resellers, true));
    let (Ok(plain), Ok(two_tier)) = (plain, two_tier) else {
        eprintln!("the generated book does not read");
        std::process::exit(1);
    };
    let t = Instant::now();
    let one = plain.bill(month, &[], 1);
    let one_ms = t.elapsed().as_millis().max(1);
    let t = Instant::now();
    let run = two_tier.bill_channel(month, &[], 1);
    let channel_ms = t.elapsed().as_millis();
    let (Ok(one), Ok(run)) = (one, run) else {
        eprintln!("a bill was refused");
        std::process::exit(1);
    };
    let m = &run.margins;
    let identity = m
        .total_margin()
        .ok()
        .and_then(|t| m.microsoft_cost.checked_add(&t).ok())
        == Some(m.customer_price);
    let resold_bills: usize = run
        .resellers
        .iter()
        .map(|r| r.to_customers.bills.len())
        .sum();
    println!("customers={customers}");
    println!("resellers={resellers}");
    // The ratio to two decimals, rounded half-up, in integers.
    let hundredths = (channel_ms * 200 / one_ms).div_ceil(2);
    println!("one_tier_ms={one_ms}");
    println!("channel_ms={channel_ms}");
    println!(
        "channel_vs_one_tier={}.{:02}",
        hundredths / 100,
        hundredths % 100
    );
    println!("one_tier_cost={}", one.totals.cost.amount());
    println!("microsoft_cost={}", m.microsoft_cost.amount());
    println!("customer_price={}", m.customer_price.amount());
    println!("margin_lines={}", m.lines);
    println!("identity_holds={identity}");
    println!("own_bills={}", run.provider.bills.len());
    println!("resold_bills={resold_bills}");
    println!("peak_rss_mb={}", peak_rss_kb() / 1024);
}
