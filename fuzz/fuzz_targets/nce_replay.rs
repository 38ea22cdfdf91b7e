//! Random NCE scenarios (version 2, SPEC-NCE §11–§14): a small price sheet (a base of rows for
//! three offers and every term and plan, plus generated rows that overlap, start late, end
//! early, carry other markets, currencies or segments, tiers, and now and then hostile text in
//! a field), two customers, the catalog data (upgrade paths, SKU rules, seats held elsewhere:
//! mostly valid, now and then hostile), and up to 40 events of every type at generated instants
//! (mostly moving forward by seconds to weeks, so that the 168-hour windows are hit at their
//! edges; about 1 order in 5 a trial), written as scenario JSON and read by
//! `NceScenario::from_json`, then replayed under both conventions. A refused event is dropped
//! and the replay run again (up to 40 times), so that sequences get deep; the oracles then run
//! on what is left.
//!
//! Oracle: no panic; every refusal has a stable code; a catalog given a value the format
//! refuses (0 seats, a negative or >100 or unquoted percentage, an unknown field…) is refused
//! with `invalid_scenario` or `invalid_input`; a replay is deterministic (twice equal, and equal
//! when the events are given already sorted by instant: SPEC-NCE §13.14); nce_a and nce_b
//! refuse alike and bill the same lines (same facts) except for the money; every line lies in
//! its term, its charge end is its cycle's last day (the cycle `[end − D(C) + 1, end]` spans
//! exactly the plan's cycle months), its days are its dates' and at most `D(C)`; a refund's
//! effective unit price and subtotal are ≤ 0 and a charge's ≥ 0, a `cancelImmediate` is a
//! refund and `new`/`cycleCharge`/`renew` are charges; per line, |nce_b| ≤ |nce_a|
//! (SPEC-NCE §14.6). Then, on the facts of the final replay:
//! - an upgrade bills one refund on its source and one charge on its target, both of the
//!   event's seats and `reference_id`: `moveQuantity` into the `into` subscription, else
//!   `convert` (both over the source's `[d, last(C)]`) on the source itself (full) or the new
//!   one (partial), the charge for the `to` SKU (SPEC-NCE §13.10.2–3);
//! - a `convert_trial` bills `convert (−trial_seats × 0)` on the trial and `convert (+q)`: into
//!   `X`, the trial's seats on `X` from `d`; in place, the event's seats (when given) for a
//!   full first cycle from `d` (§13.12.1–2);
//! - a trial's lines are at no cost and of `trial_seats` seats (§13.12: seat changes refused);
//! - a SKU cap holds at the end: for each capped SKU and customer, the seats held here (active
//!   or suspended) plus elsewhere are at most the cap, unless an automatic step billed that SKU
//!   for that customer (a `renew`, or a trial's conversion at its end: both apply a scheduled
//!   quantity or SKU without a cap check, checked only when scheduled — §13.9.2, §13.13.2).
//!   Replay is not observable event by event through the JSON API, hence this final form.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use std::collections::{BTreeMap, BTreeSet};

use csp_core::charges::{NceLine, NceReplay};
use csp_core::money::nce::LineConvention;
use csp_core::program::Program;
use csp_core::scenario::nce::NceScenario;
use csp_core::subscription::nce::{NceChargeType, NceEventKind, NceFact, NceStatus};
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
/// Ids of the subscriptions partial upgrades create.
const NEW_SUBS: &[&str] = &["u0", "u1", "u2"];
/// The usual upgrade paths, by index in `OFFERS`: 0 → 2 and 1 → 0.
const PATHS: &[(usize, usize)] = &[(0, 2), (1, 0)];
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
    catalog: CatalogIn,
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
        let catalog = CatalogIn::arbitrary(&mut u).ok()?;
        let mut events = Vec::new();
        while !u.is_empty() && events.len() < 40 {
            events.push(EventIn::arbitrary(&mut u).ok()?);
        }
        Some(Input {
            head,
            catalog,
            events,
        })
    }
}

/// The scenario's catalog data (SPEC-NCE §13.10, §13.13).
#[derive(Arbitrary, Debug)]
struct CatalogIn {
    /// Upgrade paths: none when `0 mod 8`, the usual two (`PATHS`) otherwise, plus 2 → 1 when
    /// `1 mod 8` (so that 2 → 0 is a downgrade of a path's reverse).
    paths: u8,
    /// Rules for each offer, when the first byte is `0 mod 3` (see `sku_rules`).
    skus: [(u8, u8, u8, u8); 3],
    /// Seats held elsewhere by each customer: (present when `0 mod 3`, offer, seats).
    elsewhere: [(u8, u8, u8); 2],
    /// A hostile value in the catalog, when the first byte is below 20 (see `HOSTILE`).
    hostile: (u8, u8),
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
    Upgrade {
        /// The source's path target mostly (below 224), else any offer.
        to: u8,
        /// `0 mod 4`: the source's seats as ordered (a full upgrade); else `quantity`.
        quantity: u16,
        /// `into`, `new_subscription`, both or neither (see `upgrade_json`).
        target: u8,
    },
    ConvertTrial {
        /// Mostly 25 to 44 seats (`0 mod 8`: `quantity`, which may be below 25).
        quantity: Option<u16>,
        term: Option<u8>,
        plan: Option<u8>,
        /// Mostly a subscription of the trial's customer and offer.
        into: Option<u8>,
    },
}

/// What the generator knows of a subscription it ordered (events may be refused later, so
/// this is a guess that keeps the events aimed).
#[derive(Debug, Clone)]
struct Ordered {
    id: &'static str,
    customer: &'static str,
    offer: usize,
    term: &'static str,
    plan: &'static str,
    quantity: u32,
    /// A trial's order instant (it converts a month later).
    trial: Option<DateTime<Utc>>,
}

impl Ordered {
    /// Whether it is still a trial at `at` (trials last a month: 28 days at least).
    fn trial_at(&self, at: DateTime<Utc>) -> bool {
        self.trial.is_some_and(|t| at < t + Duration::days(28))
    }
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

/// The path target of `offer` among the usual paths.
fn path_to(offer: usize) -> Option<usize> {
    PATHS.iter().find(|(f, _)| *f == offer).map(|(_, t)| *t)
}

/// Indices of `ordered` that satisfy `f`.
fn aimed(ordered: &[Ordered], f: impl Fn(&Ordered) -> bool) -> Vec<usize> {
    (0..ordered.len()).filter(|&k| f(&ordered[k])).collect()
}

/// `ordered`: the subscriptions ordered so far; other events mostly name one of them (a trial
/// for a conversion, a paid subscription on an upgrade path for an upgrade).
fn event_json(e: &EventIn, i: usize, at: DateTime<Utc>, ordered: &mut Vec<Ordered>) -> Value {
    let preferred = match &e.kind {
        KindIn::ConvertTrial { .. } => aimed(ordered, |o| o.trial_at(at)),
        KindIn::Upgrade { .. } => aimed(ordered, |o| !o.trial_at(at) && path_to(o.offer).is_some()),
        _ => Vec::new(),
    };
    let source: Option<usize> = match &e.kind {
        KindIn::Order { .. } => None,
        _ if e.sub < 240 && !preferred.is_empty() => Some(pick(&preferred, e.sub)),
        _ if e.sub < 240 && !ordered.is_empty() => Some(usize::from(e.sub) % ordered.len()),
        _ => None,
    };
    let src = source.map(|k| ordered[k].clone());
    let sub = match &src {
        Some(o) => o.id,
        None => pick(SUBS, e.sub),
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
            // About 1 order in 5 a trial (plan `none`, `trial_seats` seats, no custom end),
            // now and then with other seats or a custom end (refused). (Orders are 1 event in
            // 14, and a trial lives a month: fewer trials leave conversions rare.)
            let trial = *plan >= 8 && plan % 5 == 3;
            let (term, plan) = if trial {
                (valid_or(*term, &["P1M"], TERMS), "none")
            } else {
                term_plan(*term, *plan)
            };
            let seats = if trial && q % 16 != 0 {
                25
            } else {
                quantity(*q)
            };
            let customer = pick(CUSTOMERS, *customer);
            let offer_index = usize::from(*offer) % OFFERS.len();
            let mut o = json!({
                "type": "order", "customer": customer,
                "offer": OFFERS[offer_index], "term": term,
                "plan": plan, "quantity": seats,
            });
            if let Some(a) = auto_renew {
                o["auto_renew"] = json!(a);
            }
            match custom_end {
                _ if trial && q % 16 != 0 => {}
                Some(Some(days)) => o["custom_end"] = json!(day(*days)),
                // The month end before the order's month ends a year on: often a valid end.
                Some(None) => {
                    let d = at.date_naive();
                    let first = NaiveDate::from_ymd_opt(d.year() + 1, d.month(), 1).expect("day");
                    o["custom_end"] = json!((first - Duration::days(1)).to_string());
                }
                None => {}
            }
            ordered.push(Ordered {
                id: sub,
                customer,
                offer: offer_index,
                term,
                plan,
                quantity: seats,
                trial: trial.then_some(at),
            });
            o
        }
        KindIn::AddSeats(q) => {
            let n = quantity(*q);
            if let Some(k) = source {
                ordered[k].quantity = ordered[k].quantity.saturating_add(n);
            }
            json!({"type": "add_seats", "quantity": n})
        }
        KindIn::ReduceSeats(q) => {
            let n = quantity(*q);
            if let Some(k) = source {
                ordered[k].quantity = ordered[k].quantity.saturating_sub(n).max(1);
            }
            json!({"type": "reduce_seats", "quantity": n})
        }
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
        KindIn::Upgrade {
            to,
            quantity: q,
            target,
        } => upgrade_json(at, src.as_ref(), source, *to, *q, *target, ordered),
        KindIn::ConvertTrial {
            quantity: q,
            term,
            plan,
            into,
        } => {
            let mut o = json!({"type": "convert_trial"});
            if let Some(q) = q {
                let n = if q % 8 == 0 {
                    quantity(*q)
                } else {
                    25 + u32::from(q % 20)
                };
                o["quantity"] = json!(n);
            }
            match (term, plan) {
                (Some(t), Some(p)) => {
                    let (t, p) = term_plan(*t, *p);
                    o["term"] = json!(t);
                    o["plan"] = json!(p);
                }
                (Some(t), None) => o["term"] = json!(valid_or(*t, TERMS, ODD_TERMS)),
                (None, Some(p)) => o["plan"] = json!(valid_or(*p, PLANS, ODD_PLANS)),
                (None, None) => {}
            }
            if let Some(x) = into {
                // Mostly a paid subscription of the trial's customer and offer.
                let fit = aimed(ordered, |o| {
                    !o.trial_at(at)
                        && src
                            .as_ref()
                            .is_some_and(|s| s.customer == o.customer && s.offer == o.offer)
                });
                let id = if *x < 224 && !fit.is_empty() {
                    ordered[pick(&fit, *x)].id
                } else if !ordered.is_empty() {
                    ordered[usize::from(*x) % ordered.len()].id
                } else {
                    pick(SUBS, *x)
                };
                o["into"] = json!(id);
            }
            if let Some(k) = source {
                ordered[k].trial = None;
            }
            o
        }
    };
    for (k, x) in extra.as_object().expect("object") {
        v[k] = x.clone();
    }
    v
}

/// An upgrade of `src` (at `source` in `ordered`): mostly to its path's target, of all its
/// seats (as ordered) one time in four; `into` (mostly a subscription of the target SKU and
/// the same customer) when `target` is `0` or `1 mod 8`, `new_subscription` when `2`–`4`,
/// neither when `5` or `6` (a full upgrade in place, or a partial one refused), both when `7`.
fn upgrade_json(
    at: DateTime<Utc>,
    src: Option<&Ordered>,
    source: Option<usize>,
    to: u8,
    q: u16,
    target: u8,
    ordered: &mut Vec<Ordered>,
) -> Value {
    let to_index = match src.and_then(|s| path_to(s.offer)) {
        Some(t) if to < 224 => t,
        _ => usize::from(to) % OFFERS.len(),
    };
    let seats = match src {
        Some(s) if q % 4 == 0 => s.quantity,
        _ => quantity(q),
    };
    let mut o = json!({"type": "upgrade", "to": OFFERS[to_index], "quantity": seats});
    // An eligible target holds the SKU upgraded to, for the same customer, term and plan.
    let fit = aimed(ordered, |o| {
        !o.trial_at(at)
            && o.offer == to_index
            && src.is_some_and(|s| (s.customer, s.term, s.plan) == (o.customer, o.term, o.plan))
    });
    let into = if target >> 3 < 28 && !fit.is_empty() {
        Some(pick(&fit, target >> 3))
    } else if !ordered.is_empty() {
        Some(usize::from(target >> 3) % ordered.len())
    } else {
        None
    };
    let new_id = pick(NEW_SUBS, target >> 3);
    let (into, new) = match target % 8 {
        0 | 1 => (into, None),
        2..=4 => (None, Some(new_id)),
        5 | 6 => (None, None),
        _ => (into, Some(new_id)),
    };
    if let Some(x) = into {
        o["into"] = json!(ordered[x].id);
    }
    if let Some(n) = new {
        o["new_subscription"] = json!(n);
    }
    // What the generator expects (refused upgrades make it a guess).
    if let (Some(k), Some(s)) = (source, src) {
        let all = seats >= s.quantity;
        ordered[k].quantity = s.quantity.saturating_sub(seats).max(1);
        match (into, new) {
            (Some(x), _) => ordered[x].quantity = ordered[x].quantity.saturating_add(seats),
            (None, Some(n)) if !all => ordered.push(Ordered {
                id: n,
                offer: to_index,
                quantity: seats,
                ..s.clone()
            }),
            _ if all => {
                ordered[k].offer = to_index;
                ordered[k].quantity = s.quantity;
            }
            _ => {}
        }
    }
    o
}

/// A hostile catalog value: what it changes, and whether the format must refuse it.
const HOSTILE: &[(&str, bool)] = &[
    ("max_seats 0", true),
    ("minimum_percent -5", true),
    ("minimum_percent 101", true),
    ("unknown SKU rule field", true),
    ("minimum_percent as a number", true),
    ("0 seats elsewhere", true),
    ("max_seats as a string", true),
    ("unknown upgrade path field", true),
    ("upgrade path without to", true),
    ("max_seats 1000001", true),
    ("-3 seats elsewhere", true),
    ("minimum_percent with 7 decimals", true),
    ("an empty SKU id", true),
    ("prerequisites as a string", true),
    ("a path from a SKU to itself", false),
    ("an unknown prerequisite", false),
    ("seats elsewhere of an unknown customer", false),
    ("a SKU without rules", false),
    ("minimum_percent 100 of another SKU", false),
    ("max_seats 1", false),
];

/// Adds the catalog keys to `doc`; returns the hostile value injected, if any.
fn catalog_json(c: &CatalogIn, doc: &mut Value) -> Option<(&'static str, bool)> {
    let o = |k: usize| OFFERS[k % OFFERS.len()];
    let mut paths: Vec<Value> = Vec::new();
    if c.paths % 8 != 0 {
        paths = PATHS
            .iter()
            .map(|(f, t)| json!({"from": o(*f), "to": o(*t)}))
            .collect();
        if c.paths % 8 == 1 {
            paths.push(json!({"from": o(2), "to": o(1)}));
        }
    }
    let mut skus = serde_json::Map::new();
    for (k, (flags, cap, pre, pct)) in c.skus.iter().enumerate() {
        if flags % 3 != 0 {
            continue;
        }
        let mut r = json!({});
        // A cap of 1 to 60 seats (near the events' seat counts).
        if flags & 4 != 0 {
            r["max_seats"] = json!(1 + u32::from(cap % 60));
        }
        // An add-on of one or both other offers.
        if flags & 8 != 0 {
            r["prerequisites"] = match pre % 3 {
                0 => json!([o(k + 1)]),
                1 => json!([o(k + 2)]),
                _ => json!([o(k + 1), o(k + 2)]),
            };
        }
        if flags & 16 != 0 {
            r["minimum_percent"] = json!(pick(&["5", "0", "12.5", "50", "100", "0.000001"], *pct));
        }
        skus.insert(o(k).to_string(), r);
    }
    let mut elsewhere = serde_json::Map::new();
    for (j, (present, offer, seats)) in c.elsewhere.iter().enumerate() {
        if present % 3 != 0 {
            continue;
        }
        let n = match seats {
            0..=199 => 1 + u32::from(seats % 60),
            200..=249 => 400,
            _ => 1_000_000,
        };
        let mut held = serde_json::Map::new();
        held.insert(o(usize::from(*offer)).to_string(), json!(n));
        elsewhere.insert(["contoso", "school"][j].to_string(), Value::Object(held));
    }
    let hostile = (c.hostile.0 < 20).then(|| pick(HOSTILE, c.hostile.1));
    if let Some((what, _)) = hostile {
        let mut rule = |offer: &str, key: &str, value: Value| {
            let r = skus.entry(offer.to_string()).or_insert_with(|| json!({}));
            r[key] = value;
        };
        match what {
            "max_seats 0" => rule(o(0), "max_seats", json!(0)),
            "minimum_percent -5" => rule(o(0), "minimum_percent", json!("-5")),
            "minimum_percent 101" => rule(o(0), "minimum_percent", json!("101")),
            "unknown SKU rule field" => rule(o(0), "max_seat", json!(5)),
            "minimum_percent as a number" => rule(o(0), "minimum_percent", json!(5)),
            "max_seats as a string" => rule(o(0), "max_seats", json!("10")),
            "max_seats 1000001" => rule(o(0), "max_seats", json!(1_000_001)),
            "minimum_percent with 7 decimals" => rule(o(0), "minimum_percent", json!("5.1234567")),
            "prerequisites as a string" => rule(o(0), "prerequisites", json!(o(1))),
            "an unknown prerequisite" => rule(o(1), "prerequisites", json!(["CFQ7TTC0XXXX:0001"])),
            "minimum_percent 100 of another SKU" => {
                rule(o(0), "minimum_percent", json!("100"));
                rule(o(0), "prerequisites", json!([o(1)]));
            }
            "max_seats 1" => rule(o(0), "max_seats", json!(1)),
            "a SKU without rules" => {
                skus.insert(o(2).to_string(), json!({}));
            }
            "an empty SKU id" => {
                skus.insert(String::new(), json!({}));
            }
            "0 seats elsewhere"
            | "-3 seats elsewhere"
            | "seats elsewhere of an unknown customer" => {
                let (who, n) = match what {
                    "0 seats elsewhere" => ("contoso", 0),
                    "-3 seats elsewhere" => ("school", -3),
                    _ => ("nobody", 5),
                };
                let held = elsewhere
                    .entry(who.to_string())
                    .or_insert_with(|| json!({}));
                held[o(1)] = json!(n);
            }
            "unknown upgrade path field" => {
                paths.push(json!({"from": o(0), "to": o(2), "via": o(1)}))
            }
            "upgrade path without to" => paths.push(json!({"from": o(0)})),
            "a path from a SKU to itself" => paths.push(json!({"from": o(0), "to": o(0)})),
            _ => {}
        }
    }
    if !paths.is_empty() {
        doc["upgrade_paths"] = Value::Array(paths);
    }
    if !skus.is_empty() {
        doc["skus"] = Value::Object(skus);
    }
    if !elsewhere.is_empty() {
        doc["tenant_skus_elsewhere"] = Value::Object(elsewhere);
    }
    hostile
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

/// The scenario's JSON text, and the hostile catalog value injected (if any).
fn scenario_json(input: &Input) -> (String, Option<(&'static str, bool)>) {
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
    let mut doc = json!({
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
    let hostile = catalog_json(&input.catalog, &mut doc);
    (doc.to_string(), hostile)
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

/// SPEC-NCE §13.10.2–3 and §13.12.1–2 on the facts of each upgrade and trial conversion
/// (events whose id no other event has), and §13.12 on every trial line.
fn check_upgrades_and_trials(s: &NceScenario, r: &NceReplay) {
    let trial_seats = Program::nce().trial_seats;
    let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &s.events {
        *uses.entry(e.id.as_str()).or_default() += 1;
    }
    let mut by_reference: BTreeMap<&str, Vec<(&NceFact, &NceLine)>> = BTreeMap::new();
    for (f, l) in r.facts.iter().zip(&r.lines) {
        by_reference
            .entry(f.reference_id.as_str())
            .or_default()
            .push((f, l));
    }
    for e in &s.events {
        if uses.get(e.id.as_str()) != Some(&1) {
            continue;
        }
        let got = by_reference
            .get(e.id.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let why = || format!("{e}: {e:?}\n{got:#?}");
        let d = e.at.date_naive();
        let pair = || {
            let refunds: Vec<_> = got.iter().filter(|(f, _)| f.refund).collect();
            let charges: Vec<_> = got.iter().filter(|(f, _)| !f.refund).collect();
            assert!(
                got.len() == 2 && refunds.len() == 1 && charges.len() == 1,
                "one refund and one charge: {}",
                why()
            );
            (*refunds[0], *charges[0])
        };
        match &e.kind {
            NceEventKind::Upgrade {
                to,
                quantity,
                into,
                new_subscription,
            } => {
                let ((refund, _), (charge, _)) = pair();
                let kind = if into.is_some() {
                    NceChargeType::MoveQuantity
                } else {
                    NceChargeType::Convert
                };
                assert!(
                    refund.charge_type == kind && charge.charge_type == kind,
                    "{kind:?}: {}",
                    why()
                );
                assert!(
                    refund.quantity == *quantity && charge.quantity == *quantity,
                    "the refund's and the charge's seats are the upgrade's: {}",
                    why()
                );
                assert!(
                    refund.subscription == e.subscription && charge.offer == *to,
                    "refund on the source, charge for the target SKU: {}",
                    why()
                );
                assert!(
                    refund.service.first() == d && charge.service.first() == d,
                    "from date(at): {}",
                    why()
                );
                match into {
                    Some(x) => assert!(charge.subscription == *x, "into: {}", why()),
                    None => {
                        assert!(
                            charge.subscription == e.subscription
                                || Some(&charge.subscription) == new_subscription.as_ref(),
                            "charge on the source or the new subscription: {}",
                            why()
                        );
                        assert!(
                            refund.service == charge.service,
                            "both over the source's [d, last(C)]: {}",
                            why()
                        );
                    }
                }
            }
            NceEventKind::ConvertTrial { quantity, into, .. } => {
                let ((refund, refund_line), (charge, charge_line)) = pair();
                assert!(
                    refund.charge_type == NceChargeType::Convert
                        && charge.charge_type == NceChargeType::Convert,
                    "convert lines: {}",
                    why()
                );
                assert!(
                    refund.subscription == e.subscription
                        && refund.trial
                        && refund.quantity == trial_seats
                        && refund_line.subtotal.is_zero(),
                    "convert (−trial_seats × 0) on the trial: {}",
                    why()
                );
                assert!(
                    !charge.trial && refund.service.first() == d && charge.service.first() == d,
                    "a paid charge from date(at): {}",
                    why()
                );
                match into {
                    Some(x) => assert!(
                        charge.subscription == *x && charge.quantity == trial_seats,
                        "the trial's seats on X: {}",
                        why()
                    ),
                    None => {
                        assert!(
                            charge.subscription == e.subscription
                                && quantity.is_none_or(|q| q == charge.quantity)
                                && charge.quantity >= trial_seats,
                            "in place, q ≥ trial_seats seats: {}",
                            why()
                        );
                        assert!(
                            charge_line.days == charge_line.cycle_days,
                            "a full first cycle: {}",
                            why()
                        );
                    }
                }
            }
            _ => {}
        }
    }
    for (f, l) in r.facts.iter().zip(&r.lines) {
        if f.trial {
            assert!(
                f.quantity == trial_seats
                    && l.subtotal.is_zero()
                    && l.product_qualifiers == "Trial",
                "a trial line is trial_seats × 0: {f:?}\n{l:?}"
            );
        }
    }
}

/// SPEC-NCE §13.13.2 on the final subscriptions: for each capped SKU and customer holding
/// some of it here, the seats held here (active, suspended) and elsewhere are within the cap,
/// unless an automatic step (a `renew`, or a trial's conversion at its end: a `convert` line
/// whose reference is no event's id) billed that SKU for that customer, as those apply a
/// scheduled change without a cap check (§13.9.2: checked when scheduled).
/// Returns the (customer, SKU) pairs checked: how many, how many at their cap exactly, and how
/// many past it after an automatic step (for `FUZZ_DEBUG`).
fn check_caps(s: &NceScenario, r: &NceReplay) -> [usize; 3] {
    let mut seen = [0; 3];
    let ids: BTreeSet<&str> = s.events.iter().map(|e| e.id.as_str()).collect();
    for (offer, rules) in &s.catalog.skus {
        let Some(cap) = rules.max_seats else {
            continue;
        };
        let mut here: BTreeMap<_, u64> = BTreeMap::new();
        for sub in r.subscriptions.iter() {
            let held = matches!(sub.status, NceStatus::Active | NceStatus::Suspended { .. });
            if held && sub.offer == *offer {
                *here.entry(&sub.customer).or_default() += u64::from(sub.quantity);
            }
        }
        for (customer, n) in here {
            let elsewhere = u64::from(s.catalog.elsewhere(customer, offer));
            seen[0] += 1;
            if n + elsewhere <= u64::from(cap) {
                seen[1] += usize::from(n + elsewhere == u64::from(cap));
                continue;
            }
            seen[2] += 1;
            let automatic = r.facts.iter().any(|f| {
                f.customer == *customer
                    && f.offer == *offer
                    && !ids.contains(f.reference_id.as_str())
                    && matches!(f.charge_type, NceChargeType::Renew | NceChargeType::Convert)
            });
            assert!(
                automatic,
                "{customer} holds {n} seats of {offer} here and {elsewhere} elsewhere, past its cap of {cap}, and no automatic step billed it: {:#?}",
                r.subscriptions.iter().collect::<Vec<_>>()
            );
        }
    }
    seen
}

fuzz_target!(|data: &[u8]| {
    let Some(input) = Input::read(data) else {
        return;
    };
    let (text, hostile) = scenario_json(&input);
    let debug = std::env::var_os("FUZZ_DEBUG");
    if debug.as_ref().is_some_and(|v| v == "2") {
        eprintln!("{text}");
    }
    let mut scenario = match NceScenario::from_json(&text) {
        Ok(s) => {
            assert!(
                !hostile.is_some_and(|(_, refused)| refused),
                "a hostile catalog was read: {hostile:?}"
            );
            s
        }
        Err(e) => {
            check_error(&e);
            if hostile.is_some_and(|(_, refused)| refused) {
                assert!(
                    matches!(e.code(), "invalid_scenario" | "invalid_input"),
                    "{hostile:?}: {e}"
                );
            }
            if debug.is_some() {
                eprintln!("scenario refused ({hostile:?}): {}: {e}", e.code());
            }
            return;
        }
    };
    // Drop each refused event and replay again (nce_b), so that sequences get deep.
    scenario.convention = LineConvention::NceB;
    for _ in 0..40 {
        match outcome(&scenario) {
            Err((Some(i), e)) => {
                check_error(&e);
                if debug.is_some() {
                    let kind = scenario.events.get(i).map_or("?", |e| e.kind.name());
                    eprintln!("refused event {i} ({kind}): {}: {e}", e.code());
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
            check_upgrades_and_trials(&scenario, &a);
            let caps = check_caps(&scenario, &a);
            if debug.is_some() {
                let ids: BTreeSet<&str> = scenario.events.iter().map(|e| e.id.as_str()).collect();
                let applied = |name: &str| {
                    let n = scenario
                        .events
                        .iter()
                        .filter(|e| e.kind.name() == name)
                        .count();
                    eprintln!("applied {name}: {n}");
                };
                applied("upgrade");
                applied("convert_trial");
                applied("order");
                let at_end = a
                    .facts
                    .iter()
                    .filter(|f| f.charge_type == NceChargeType::Convert && f.refund && f.trial)
                    .filter(|f| !ids.contains(f.reference_id.as_str()))
                    .count();
                eprintln!("applied trial conversion at its end: {at_end}");
                eprintln!(
                    "cap pairs: {} checked, {} at the cap, {} past it after a renewal or conversion",
                    caps[0], caps[1], caps[2]
                );
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
