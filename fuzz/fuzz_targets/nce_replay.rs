//! Random NCE scenarios (version 2, SPEC-NCE §11–§14): a small price sheet (a base of rows for
//! three offers and every term and plan, plus generated rows that overlap, start late, end
//! early, carry other markets, currencies or segments, tiers, and now and then hostile text in
//! a field), two customers, and up to 40 events of every type at generated instants (mostly
//! moving forward by seconds to weeks, so that the 168-hour windows are hit at their edges),
//! written as scenario JSON and read by `NceScenario::from_json`, then replayed under both
//! conventions. A refused event is dropped and the replay run again (up to 40 times), so that
//! sequences get deep; the oracles then run on what is left.
//!
//! Oracle: no panic; every refusal has a stable code; a replay is deterministic (twice equal,
//! and equal when the events are given already sorted by instant: SPEC-NCE §13.14); nce_a and
//! nce_b refuse alike and bill the same lines (same facts) except for the money; every line
//! lies in its term, its charge end is its cycle's last day (the cycle `[end − D(C) + 1, end]`
//! spans exactly the plan's cycle months), its days are its dates' and at most `D(C)`; a
//! refund's effective unit price and subtotal are ≤ 0 and a charge's ≥ 0, a `cancelImmediate`
//! is a refund and `new`/`cycleCharge`/`renew` are charges; per line, |nce_b| ≤ |nce_a|
//! (SPEC-NCE §14.6).
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use csp_core::charges::{NceLine, NceReplay};
use csp_core::money::nce::LineConvention;
use csp_core::scenario::nce::NceScenario;
use csp_core::subscription::nce::NceChargeType;
use csp_fuzz::{check_error, pick};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use serde_json::{json, Value};

const OFFERS: &[&str] = &[
    "CFQ7TTC0LFLX:0001",
    "CFQ7TTC0LH18:0001",
    "CFQ7TTC0HDK0:0001",
];
const TERMS: &[&str] = &["P1M", "P1Y", "P3Y", "P1Y"];
const ODD_TERMS: &[&str] = &["P2Y", "P0M", "PÉ", "P36M", "p1y", "P"];
const PLANS: &[&str] = &["monthly", "annual", "triennial", "monthly"];
const ODD_PLANS: &[&str] = &["none", "OneTime", "Biennial", "Annual", "weekly"];
const SUBS: &[&str] = &["s0", "s1", "s2", "s3", "s4"];
const CUSTOMERS: &[&str] = &["contoso", "school", "contoso", "nobody"];
/// The (term, plan) pairs of the base rows: every one Program::nce sells.
const SOLD: &[(&str, &str, u32)] = &[
    ("P1M", "monthly", 1),
    ("P1Y", "monthly", 12),
    ("P1Y", "annual", 1),
    ("P3Y", "monthly", 36),
    ("P3Y", "annual", 3),
    ("P3Y", "triennial", 1),
];

/// The input: a [`Head`], then events read one after the other until the bytes run out (up
/// to 40: not an `arbitrary` `Vec`, whose continue flags stop random bytes after ~1 element).
#[derive(Debug)]
struct Input {
    head: Head,
    events: Vec<EventIn>,
}

#[derive(Arbitrary, Debug)]
struct Head {
    launch_program: bool,
    /// Cycle prices of the base rows per offer, in cents.
    base: [u16; 3],
    /// Extra sheet rows (few, so that the events get the bytes).
    rows: [Option<RowIn>; 3],
    /// Seconds after the last event (mod 400 days).
    as_of_after: u32,
}

impl Input {
    fn read(data: &[u8]) -> Option<Input> {
        let mut u = Unstructured::new(data);
        let head = Head::arbitrary(&mut u).ok()?;
        let mut events = Vec::new();
        while !u.is_empty() && events.len() < 40 {
            events.push(EventIn::arbitrary(&mut u).ok()?);
        }
        Some(Input { head, events })
    }
}

#[derive(Arbitrary, Debug)]
struct RowIn {
    offer: u8,
    term: u8,
    plan: u8,
    market: u8,
    currency: u8,
    price: u32,
    scale: u8,
    /// Days after 2021-06-01 and seconds into that day.
    start: (u16, u32),
    /// Days after the start, and seconds; `None`: open-ended.
    end: Option<(u16, u32)>,
    segment: u8,
    /// A tier range, when the first byte is below 16.
    tier: (u8, u8, u8),
    /// Hostile text in a field, when the first byte is below 12: pooled, or the bytes as text.
    hostile: (u8, u8, [u8; 6]),
}

#[derive(Arbitrary, Debug)]
struct EventIn {
    /// Seconds after the previous event (see `step`).
    step: u32,
    sub: u8,
    /// The event id: `e<i>`, or now and then a hostile one.
    id: u8,
    kind: KindIn,
}

#[derive(Arbitrary, Debug)]
enum KindIn {
    Order {
        customer: u8,
        offer: u8,
        term: u8,
        plan: u8,
        quantity: u16,
        auto_renew: Option<bool>,
        /// A custom end: days after the order (calendar-aligned when `None` inside).
        custom_end: Option<Option<u16>>,
    },
    AddSeats(u16),
    ReduceSeats(u16),
    Cancel,
    Suspend,
    Reactivate,
    SetAutoRenew(bool),
    ScheduleChange {
        offer: Option<u8>,
        term: Option<u8>,
        plan: Option<u8>,
        quantity: Option<u16>,
        custom_end: Option<u16>,
    },
    ClearScheduled,
    ChangeTerm {
        term: u8,
        plan: u8,
    },
    ChangePlan(u8),
}

fn base_instant() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2022, 1, 1)
        .expect("date")
        .and_hms_opt(0, 0, 0)
        .expect("time")
        .and_utc()
}

fn instant(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn quantity(q: u16) -> u32 {
    // Mostly 1 to 50; 0 and a few huge ones now and then.
    match q {
        0xFF00.. => 1_000_000 + u32::from(q),
        0xF000.. => 0,
        _ => u32::from(q % 50) + 1,
    }
}

/// Hostile text: from a pool (empty, quotes, separators, control characters, Unicode,
/// numbers out of range, a formula), or the bytes themselves as text.
fn hostile(b: &[u8; 6]) -> String {
    const POOL: &[&str] = &[
        "",
        " ",
        "\"",
        "\"\"",
        ",",
        "\n",
        "\r\n",
        "\u{0}",
        "\u{feff}",
        "Ünïcödé ⚡",
        "=1+1",
        "-1",
        "1e308",
        "79228162514264337593543950336",
        "0.0000000000000000000000000001",
        "9999-12-31T23:59:59Z",
        "1753-01-01",
        "2/30/2021",
        "P9999Y",
        "x:y:z",
    ];
    if b[0] < 200 {
        pick(POOL, b[1]).to_string()
    } else {
        String::from_utf8_lossy(&b[1..]).into_owned()
    }
}

/// Mostly a valid value; an odd one when `b` is below 8 (1 in 32).
fn valid_or(b: u8, valid: &[&'static str], odd: &[&'static str]) -> &'static str {
    if b < 8 {
        pick(odd, b)
    } else {
        pick(valid, b)
    }
}

/// A term and a plan that Program::nce sells together, now and then an odd one.
fn term_plan(t: u8, p: u8) -> (&'static str, &'static str) {
    let term = valid_or(t, TERMS, ODD_TERMS);
    let plan = match (term, p) {
        (_, 0..=7) => pick(ODD_PLANS, p),
        ("P1M", _) => "monthly",
        ("P1Y", _) => pick(&["monthly", "annual"], p),
        (_, _) => pick(PLANS, p),
    };
    (term, plan)
}

/// The sheet as CSV: the base rows (from 2021-01-01, open-ended), then the generated ones.
fn sheet(input: &Head) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "ProductTitle",
        "ProductId",
        "SkuId",
        "SkuTitle",
        "TermDuration",
        "BillingPlan",
        "Market",
        "Currency",
        "UnitPrice",
        "PricingTierRangeMin",
        "PricingTierRangeMax",
        "EffectiveStartDate",
        "EffectiveEndDate",
        "Tags",
        "ERP Price",
        "Segment",
    ];
    w.write_record(header).expect("write");
    let record = |offer: &str| -> Vec<String> {
        let (product, sku) = offer.split_once(':').expect("offer");
        let mut r = vec![String::new(); header.len()];
        r[0] = format!("Product {product}");
        r[1] = product.to_string();
        r[2] = sku.to_string();
        r[3] = format!("SKU {sku}");
        r[6] = "US".to_string();
        r[7] = "USD".to_string();
        r[11] = "2021-01-01T00:00:00Z".to_string();
        r[13] = "License".to_string();
        r
    };
    for (i, offer) in OFFERS.iter().enumerate() {
        for (term, plan, n) in SOLD {
            let mut r = record(offer);
            r[4] = (*term).to_string();
            r[5] = (*plan).to_string();
            let cents = i64::from(input.base[i] % 20_000) * i64::from(*n);
            r[8] = Decimal::new(cents, 2).to_string();
            w.write_record(&r).expect("write");
        }
    }
    let day0 = NaiveDate::from_ymd_opt(2021, 6, 1).expect("date");
    for row in input.rows.iter().flatten() {
        let mut r = record(pick(OFFERS, row.offer));
        let (term, plan) = term_plan(row.term, row.plan);
        r[4] = term.to_string();
        r[5] = plan.to_string();
        r[6] = pick(&["US", "US", "US", "GB", "us"], row.market).to_string();
        r[7] = pick(&["USD", "USD", "USD", "EUR", "JPY", "KWD"], row.currency).to_string();
        r[8] = Decimal::new(i64::from(row.price), u32::from(row.scale % 5)).to_string();
        let start = day0.and_hms_opt(0, 0, 0).expect("time").and_utc()
            + Duration::days(i64::from(row.start.0 % 1500))
            + Duration::seconds(i64::from(row.start.1 % 86_400));
        r[11] = instant(start);
        if let Some((days, secs)) = row.end {
            let end = start
                + Duration::days(i64::from(days % 800))
                + Duration::seconds(i64::from(secs % 86_400));
            // Now and then a date-only end (its whole day, pinned P2).
            r[12] = if secs % 7 == 0 {
                end.date_naive().to_string()
            } else {
                instant(end)
            };
        }
        r[15] = pick(&["", "", "commercial", "education", "charity"], row.segment).to_string();
        if row.tier.0 < 16 {
            r[9] = row.tier.1.to_string();
            r[10] = row.tier.2.to_string();
        }
        if row.hostile.0 < 12 {
            let col = usize::from(row.hostile.1) % r.len();
            r[col] = hostile(&row.hostile.2);
        }
        w.write_record(&r).expect("write");
    }
    String::from_utf8(w.into_inner().expect("flush")).expect("utf-8")
}

/// `ordered`: the subscriptions ordered so far; other events mostly name one of them.
fn event_json(e: &EventIn, i: usize, at: DateTime<Utc>, ordered: &mut Vec<&'static str>) -> Value {
    let sub = match &e.kind {
        KindIn::Order { .. } => {
            let s = pick(SUBS, e.sub);
            ordered.push(s);
            s
        }
        _ if e.sub < 240 && !ordered.is_empty() => pick(ordered, e.sub),
        _ => pick(SUBS, e.sub),
    };
    let mut v = json!({
        "id": if e.id < 16 { hostile(&[e.id, e.sub, 0, 0, 0, 0]) } else { format!("e{i}") },
        "at": instant(at),
        "subscription": sub,
    });
    let day = |days: u16| (at.date_naive() + Duration::days(i64::from(days % 1200))).to_string();
    let extra = match &e.kind {
        KindIn::Order {
            customer,
            offer,
            term,
            plan,
            quantity: q,
            auto_renew,
            custom_end,
        } => {
            let (term, plan) = term_plan(*term, *plan);
            let mut o = json!({
                "type": "order", "customer": pick(CUSTOMERS, *customer),
                "offer": pick(OFFERS, *offer), "term": term,
                "plan": plan, "quantity": quantity(*q),
            });
            if let Some(a) = auto_renew {
                o["auto_renew"] = json!(a);
            }
            match custom_end {
                Some(Some(days)) => o["custom_end"] = json!(day(*days)),
                // The month end before the order's month ends a year on: often a valid end.
                Some(None) => {
                    let d = at.date_naive();
                    let first = NaiveDate::from_ymd_opt(d.year() + 1, d.month(), 1).expect("day");
                    o["custom_end"] = json!((first - Duration::days(1)).to_string());
                }
                None => {}
            }
            o
        }
        KindIn::AddSeats(q) => json!({"type": "add_seats", "quantity": quantity(*q)}),
        KindIn::ReduceSeats(q) => json!({"type": "reduce_seats", "quantity": quantity(*q)}),
        KindIn::Cancel => json!({"type": "cancel"}),
        KindIn::Suspend => json!({"type": "suspend"}),
        KindIn::Reactivate => json!({"type": "reactivate"}),
        KindIn::SetAutoRenew(on) => json!({"type": "set_auto_renew", "on": on}),
        KindIn::ScheduleChange {
            offer,
            term,
            plan,
            quantity: q,
            custom_end,
        } => {
            let mut o = json!({"type": "schedule_change"});
            if let Some(x) = offer {
                o["offer"] = json!(pick(OFFERS, *x));
            }
            if let Some(x) = term {
                o["term"] = json!(valid_or(*x, TERMS, ODD_TERMS));
            }
            if let Some(x) = plan {
                o["plan"] = json!(valid_or(*x, PLANS, ODD_PLANS));
            }
            if let Some(x) = q {
                o["quantity"] = json!(quantity(*x));
            }
            if let Some(x) = custom_end {
                o["custom_end"] = json!(day(*x));
            }
            o
        }
        KindIn::ClearScheduled => json!({"type": "clear_scheduled"}),
        KindIn::ChangeTerm { term, plan } => {
            let (term, plan) = term_plan(*term, *plan);
            json!({"type": "change_term", "term": term, "plan": plan})
        }
        KindIn::ChangePlan(p) => {
            json!({"type": "change_plan", "plan": valid_or(*p, PLANS, ODD_PLANS)})
        }
    };
    for (k, x) in extra.as_object().expect("object") {
        v[k] = x.clone();
    }
    v
}

/// Seconds to the next event: a step of seconds, hours, days or weeks (mod 40 days), so that
/// windows of 168 hours are crossed and hit exactly.
fn step(s: u32) -> i64 {
    let n = i64::from(s >> 2);
    match s & 3 {
        0 => n % 120,
        1 => (n % 400) * 3_600,
        2 => (n % 40) * 86_400,
        _ => 168 * 3_600 + (n % 3) - 1,
    }
}

fn scenario_json(input: &Input) -> (String, usize) {
    let mut t = base_instant();
    let mut ordered = Vec::new();
    let events: Vec<Value> = input
        .events
        .iter()
        .take(40)
        .enumerate()
        .map(|(i, e)| {
            t += Duration::seconds(step(e.step));
            event_json(e, i, t, &mut ordered)
        })
        .collect();
    let head = &input.head;
    let as_of = t + Duration::seconds(i64::from(head.as_of_after % (400 * 86_400)));
    let doc = json!({
        "version": 2,
        "program": if head.launch_program { "nce_launch_2022" } else { "nce" },
        "currency": "USD",
        "market": "US",
        "as_of": instant(as_of),
        "customers": [
            {"id": "contoso", "name": "Contoso", "segment": "commercial", "origin": "created_by_partner"},
            {"id": "school", "name": "School", "segment": "education", "origin": "created_by_partner"},
        ],
        "price_sheets": [{"csv": sheet(head)}],
        "events": events,
    });
    (doc.to_string(), events.len())
}

/// A replay's outcome in a comparable form.
fn outcome(s: &NceScenario) -> Result<NceReplay, (Option<usize>, csp_core::Error)> {
    s.replay(None).map_err(|r| (r.index, r.error))
}

fn same(a: &NceReplay, b: &NceReplay) -> bool {
    a.lines == b.lines && a.subscriptions == b.subscriptions
}

/// The per-line checks of one convention.
fn check_line(l: &NceLine) {
    let why = || format!("{l:?}");
    assert!(
        l.subscription_start <= l.charge_start
            && l.charge_start <= l.charge_end
            && l.charge_end <= l.subscription_end,
        "line outside its term: {}",
        why()
    );
    assert!(l.days >= 1 && l.days <= l.cycle_days, "{}", why());
    if l.month_fraction.is_none() {
        let dated = (l.charge_end - l.charge_start).num_days() + 1;
        assert_eq!(dated, i64::from(l.days), "days: {}", why());
        // The cycle (its reference when partial) ends on the charge end and spans the plan's
        // cycle months: [end − D(C) + 1, end] starts a boundary c months before end + 1.
        if let Some(c) = l.plan.cycle_months() {
            let first = l.charge_end - Duration::days(i64::from(l.cycle_days) - 1);
            let after = l.charge_end + Duration::days(1);
            let months = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
            assert_eq!(
                months(after) - months(first),
                i64::from(c),
                "charge end is not a cycle's last day: {}",
                why()
            );
        }
    }
    let zero = Decimal::ZERO;
    let (eup, sub) = (l.effective_unit_price, l.subtotal.amount());
    assert!(
        (eup >= zero && sub >= zero) || (eup <= zero && sub <= zero),
        "refund and charge signs: {}",
        why()
    );
    match l.charge_type {
        NceChargeType::CancelImmediate => assert!(eup <= zero && sub <= zero, "{}", why()),
        NceChargeType::New | NceChargeType::CycleCharge | NceChargeType::Renew => {
            assert!(eup >= zero && sub >= zero, "{}", why())
        }
        _ => {}
    }
}

fn check_conventions(a: &NceReplay, b: &NceReplay) {
    assert_eq!(
        a.lines.len(),
        b.lines.len(),
        "both conventions bill the same facts"
    );
    assert!(a.subscriptions == b.subscriptions);
    for (la, lb) in a.lines.iter().zip(&b.lines) {
        check_line(la);
        check_line(lb);
        let strip = |l: &NceLine| NceLine {
            effective_unit_price: Decimal::ZERO,
            subtotal: csp_core::money::Money::zero(l.subtotal.currency()),
            ..l.clone()
        };
        assert_eq!(strip(la), strip(lb), "same line but the money");
        assert!(
            lb.subtotal.amount().abs() <= la.subtotal.amount().abs(),
            "|B| > |A|: {la:?} {lb:?}"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Some(input) = Input::read(data) else {
        return;
    };
    let (text, _) = scenario_json(&input);
    if std::env::var_os("FUZZ_DEBUG").is_some_and(|v| v == "2") {
        eprintln!("{text}");
    }
    let mut scenario = match NceScenario::from_json(&text) {
        Ok(s) => s,
        Err(e) => {
            check_error(&e);
            return;
        }
    };
    // Drop each refused event and replay again (nce_b), so that sequences get deep.
    scenario.convention = LineConvention::NceB;
    for _ in 0..40 {
        match outcome(&scenario) {
            Err((Some(i), e)) => {
                check_error(&e);
                if std::env::var_os("FUZZ_DEBUG").is_some() {
                    eprintln!("refused event {i}: {e}");
                }
                scenario.events.remove(i);
            }
            _ => break,
        }
    }
    // The oracles on what is left: each convention twice, and with the events sorted.
    let mut results = Vec::new();
    for convention in [LineConvention::NceA, LineConvention::NceB] {
        scenario.convention = convention;
        let first = outcome(&scenario);
        let again = outcome(&scenario);
        // Events given already sorted by instant (ties in their order) replay the same.
        let mut sorted = scenario.clone();
        sorted.events.sort_by_key(|e| e.at);
        let third = outcome(&sorted);
        match (&first, &again, &third) {
            (Ok(x), Ok(y), Ok(z)) => assert!(same(x, y) && same(x, z), "not deterministic"),
            (Err((i, e)), Err((j, f)), Err((_, g))) => {
                check_error(e);
                assert!(i == j && e == f, "refusals differ");
                assert_eq!(e.code(), g.code(), "sorted events refused otherwise");
            }
            _ => panic!("a replay is not deterministic: {first:?} / {again:?} / {third:?}"),
        }
        results.push(first);
    }
    let b = results.pop().expect("two");
    let a = results.pop().expect("two");
    match (a, b) {
        (Ok(a), Ok(b)) => {
            check_conventions(&a, &b);
            if std::env::var_os("FUZZ_DEBUG").is_some() {
                let mut kinds: Vec<&str> = a.lines.iter().map(|l| l.charge_type.as_str()).collect();
                kinds.sort_unstable();
                kinds.dedup();
                let subs: Vec<&str> = a.subscriptions.iter().map(|s| s.status.name()).collect();
                eprintln!(
                    "depth: {} events, {} lines {kinds:?}, subscriptions {subs:?}",
                    scenario.events.len(),
                    a.lines.len()
                );
            }
        }
        (Err((i, e)), Err((j, f))) => {
            assert!(
                i == j && e.code() == f.code(),
                "conventions refuse otherwise: {e} / {f}"
            )
        }
        // Only the money may fail in one convention and not the other.
        (Err((_, e)), _) | (_, Err((_, e))) => {
            assert_eq!(
                e.code(),
                "amount_overflow",
                "conventions refuse otherwise: {e}"
            );
        }
    }
});
