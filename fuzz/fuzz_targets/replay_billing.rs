//! Random dated event sequences (orders, add-ons, seat changes, suspensions, reactivations,
//! trial transitions, over about two years) on a small fixed catalog and price book, through
//! `charges::replay`, the incremental `Ledger`, and `billing::bill_month` with random partner
//! settings.
//!
//! Oracle: no panic; every refusal has a code; SPEC §6.5: replay is deterministic (same
//! events → identical lines, byte for byte), the order of events across days does not matter
//! (within a day it is the order given), the incremental ledger that skips refused events
//! agrees with a replay of the accepted ones, a replay of all events stops at the ledger's
//! first refusal; credits never exceed what was charged for the same subscription and charge
//! period; SPEC §8: invoice total = sum of lines + tax, margin = revenue − cost − cost
//! adjustment, run totals add up, rerunning a bill gives the same bill, and over consecutive
//! bills (with back-dated events revealed late) the Microsoft cost billed plus its
//! corrections equals the cost of the final replay over the same windows.
#![no_main]

use std::cmp::Reverse;

use arbitrary::Arbitrary;
use chrono::NaiveDate;
use csp_core::access::{Actor, CustomerRole, PartnerProgram, PartnerRole};
use csp_core::billing::{
    bill_month, BillRun, BillingDay, Discount, Instalments, PartnerSettings, Resale, ResaleRule,
    Service, TaxRate,
};
use csp_core::calendar::YearMonth;
use csp_core::catalog::{CustomerId, OfferId, SubscriptionId};
use csp_core::charges::{replay, Ledger, LineForm, ReplayOptions};
use csp_core::money::{ProrationPolicy, Rounding, RoundingMode};
use csp_core::subscription::{BillingFrequency, Event, EventKind};
use csp_fuzz::{
    check_error, check_lines, check_run, day_after, epoch, inputs, pick, CUSTOMERS, OFFERS,
};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

const SUBS: &[&str] = &["s0", "s1", "s2", "s3", "s4", "s5"];
const MODES: &[RoundingMode] = &[
    RoundingMode::HalfUp,
    RoundingMode::HalfEven,
    RoundingMode::Down,
];
/// Days after 2016-01-01 events can fall on (two years).
const SPAN: u16 = 731;

#[derive(Arbitrary, Debug)]
struct Input {
    policy: PolicyIn,
    reconciliation: bool,
    as_of_day: u16,
    events: Vec<EventIn>,
    settings: SettingsIn,
    first_bill: u8,
    bills: u8,
}

#[derive(Arbitrary, Debug)]
struct PolicyIn {
    daily_rate: Option<(u8, u8)>,
    unit: Option<(u8, u8)>,
    line: u8,
}

#[derive(Arbitrary, Debug)]
struct EventIn {
    /// Days after the previous event (mod 64), or from 0xF000 on an absolute day.
    day: u16,
    sub: u8,
    kind: KindIn,
    actor: u8,
    /// Known only from this bill run on (a back-dated event).
    revealed_at: u8,
}

#[derive(Arbitrary, Debug)]
enum KindIn {
    Order {
        customer: u8,
        offer: u8,
        quantity: u16,
        annual: bool,
    },
    AddOn {
        base: u8,
        offer: u8,
        quantity: u16,
        frequency: u8,
    },
    AddSeats {
        quantity: u16,
        billed_after: Option<u8>,
    },
    RemoveSeats {
        quantity: u16,
        billed_after: Option<u8>,
    },
    Suspend,
    Reactivate,
    TransitionTrial {
        customer: u8,
        offer: u8,
        quantity: u16,
        annual: bool,
        started: u8,
        length: u8,
    },
    HugeSeats {
        quantity: u32,
    },
}

#[derive(Arbitrary, Debug)]
struct SettingsIn {
    billing_day: u8,
    payment_terms: u8,
    resale: Vec<(u8, ResaleIn)>,
    services: Vec<ServiceIn>,
    financing: Vec<(u8, u8)>,
    discounts: Vec<(u8, u8, u8, u8)>,
    tax: Vec<(u8, u16)>,
}

#[derive(Arbitrary, Debug)]
enum ResaleIn {
    Erp,
    Markup(u16),
    Fixed(u16),
}

#[derive(Arbitrary, Debug)]
enum ServiceIn {
    MonthlyFee {
        customer: u8,
        cents: u16,
    },
    PerSeat {
        cents: u16,
        sub: Option<u8>,
        offer: Option<u8>,
    },
    OneTime {
        customer: u8,
        day: u16,
        cents: u16,
    },
}

fn cents(c: u16) -> Decimal {
    Decimal::new(i64::from(c), 2)
}

fn rounding(r: Option<(u8, u8)>) -> Option<Rounding> {
    r.map(|(scale, mode)| {
        Rounding::new(u32::from(scale % 7), pick(MODES, mode)).expect("scale ≤ 28")
    })
}

fn actor(a: u8) -> Option<Actor> {
    use PartnerRole as P;
    Some(match a {
        0 => Actor::partner(PartnerProgram::Csp, &[P::SalesAgent]),
        1 => Actor::partner(PartnerProgram::Csp, &[P::HelpdeskAgent]),
        2 => Actor::partner(PartnerProgram::Csp, &[P::BillingAdmin, P::GlobalAdmin]),
        3 => Actor::partner(PartnerProgram::Advisor, &[P::AdminAgent]),
        4 => Actor::Customer {
            role: CustomerRole::GlobalAdmin,
        },
        _ => return None,
    })
}

fn frequency(annual: bool) -> BillingFrequency {
    if annual {
        BillingFrequency::Annual
    } else {
        BillingFrequency::Monthly
    }
}

/// The event on `day` (days after 2016-01-01).
fn event(e: &EventIn, day: u16) -> Event {
    let date = day_after(epoch(), u64::from(day % SPAN));
    // Mostly orderable offers and a customer that may buy them (so that most sequences get
    // deep), now and then anything.
    let offer = |o: u8| {
        OfferId::new(if o < 200 {
            pick(&["E1", "E3", "GOV", "EDU", "EOL", "E1", "E3"], o)
        } else {
            pick(OFFERS, o)
        })
    };
    let customer = |c: u8, o: u8| {
        let offer = offer(o);
        CustomerId::new(match (c < 224, offer.as_str()) {
            (true, "GOV") => "city",
            (true, "EDU") => "school",
            (true, _) => pick(&["contoso", "contoso", "nodap", "direct"], c),
            (false, _) => pick(CUSTOMERS, c),
        })
    };
    let billed = |after: Option<u8>| after.map(|n| day_after(date, u64::from(n % 40)));
    let kind = match &e.kind {
        KindIn::Order {
            customer: c,
            offer: o,
            quantity,
            annual,
        } => EventKind::Order {
            customer: customer(*c, *o),
            offer: offer(*o),
            quantity: u32::from(*quantity % 400),
            frequency: frequency(*annual),
        },
        KindIn::AddOn {
            base,
            offer: o,
            quantity,
            frequency: f,
        } => EventKind::OrderAddOn {
            base: SubscriptionId::new(pick(SUBS, *base)),
            offer: OfferId::new(if *o < 200 { "ARM" } else { pick(OFFERS, *o) }),
            quantity: u32::from(*quantity % 400),
            frequency: match f % 3 {
                0 => None,
                1 => Some(BillingFrequency::Monthly),
                _ => Some(BillingFrequency::Annual),
            },
        },
        KindIn::AddSeats {
            quantity,
            billed_after,
        } => EventKind::AddSeats {
            quantity: u32::from(*quantity % 400),
            billed_on: billed(*billed_after),
        },
        KindIn::RemoveSeats {
            quantity,
            billed_after,
        } => EventKind::RemoveSeats {
            quantity: u32::from(*quantity % 400),
            billed_on: billed(*billed_after),
        },
        KindIn::Suspend => EventKind::Suspend,
        KindIn::Reactivate => EventKind::Reactivate,
        KindIn::TransitionTrial {
            customer: c,
            offer: o,
            quantity,
            annual,
            started,
            length,
        } => {
            let first = date
                .checked_sub_days(chrono::Days::new(u64::from(*started % 60)))
                .unwrap_or(date);
            let last = day_after(first, u64::from(*length % 60));
            EventKind::TransitionTrial {
                customer: if *c < 128 {
                    CustomerId::new("direct")
                } else {
                    customer(*c, *o)
                },
                offer: offer(*o),
                quantity: u32::from(*quantity % 400),
                frequency: frequency(*annual),
                trial: csp_core::calendar::Period::new(first, last).expect("first ≤ last"),
            }
        }
        KindIn::HugeSeats { quantity } => EventKind::AddSeats {
            quantity: *quantity,
            billed_on: None,
        },
    };
    Event {
        date,
        subscription: SubscriptionId::new(pick(SUBS, e.sub)),
        kind,
        actor: actor(e.actor),
    }
}

fn settings(s: &SettingsIn) -> PartnerSettings {
    let customer = |c: u8| CustomerId::new(pick(CUSTOMERS, c));
    PartnerSettings {
        name: "Fuzz Partner".to_string(),
        billing_day: match s.billing_day % 30 {
            0 => BillingDay::Last,
            d => BillingDay::Day(u32::from(d)),
        },
        payment_terms_days: u32::from(s.payment_terms % 91),
        invoice_prefix: "F-".to_string(),
        resale: s
            .resale
            .iter()
            .take(4)
            .map(|(o, r)| ResaleRule {
                offer: OfferId::new(pick(OFFERS, *o)),
                rule: match r {
                    ResaleIn::Erp => Resale::Erp,
                    ResaleIn::Markup(p) => Resale::Markup {
                        percent: Decimal::new(i64::from(*p % 5000), 1),
                    },
                    ResaleIn::Fixed(c) => Resale::Fixed { price: cents(*c) },
                },
            })
            .collect(),
        services: s
            .services
            .iter()
            .take(4)
            .map(|sv| match sv {
                ServiceIn::MonthlyFee {
                    customer: c,
                    cents: a,
                } => Service::MonthlyFee {
                    customer: customer(*c),
                    description: "Monthly support".to_string(),
                    amount: cents(*a),
                    from: None,
                    until: None,
                },
                ServiceIn::PerSeat {
                    cents: a,
                    sub,
                    offer,
                } => Service::PerSeatFee {
                    description: "Managed seat".to_string(),
                    price: cents(*a),
                    subscription: sub.map(|x| SubscriptionId::new(pick(SUBS, x))),
                    offer: offer.map(|x| OfferId::new(pick(OFFERS, x))),
                    from: None,
                    until: None,
                },
                ServiceIn::OneTime {
                    customer: c,
                    day,
                    cents: a,
                } => Service::OneTime {
                    customer: customer(*c),
                    date: day_after(epoch(), u64::from(day % SPAN)),
                    description: "Onboarding".to_string(),
                    amount: cents(*a),
                },
            })
            .collect(),
        financing: s
            .financing
            .iter()
            .take(3)
            .map(|(sub, n)| Instalments {
                subscription: SubscriptionId::new(pick(SUBS, *sub)),
                months: u32::from(n % 13),
            })
            .collect(),
        discounts: s
            .discounts
            .iter()
            .take(3)
            .map(|(c, p, first, n)| Discount {
                customer: customer(*c),
                percent: Decimal::from(p % 101),
                first_month: month_after(u32::from(*first % 30)),
                months: u32::from(n % 13),
            })
            .collect(),
        tax_rates: s
            .tax
            .iter()
            .take(3)
            .map(|(c, bp)| TaxRate {
                customer: customer(*c),
                rate: Decimal::new(i64::from(bp % 3000), 4),
            })
            .collect(),
        agreement: None,
    }
}

fn month_after(n: u32) -> YearMonth {
    YearMonth::new(2016 + i32::try_from(n / 12).unwrap_or(0), n % 12 + 1).expect("month")
}

fn lines_json(lines: &[csp_core::charges::ChargeLine]) -> String {
    serde_json::to_string(lines).expect("lines serialise")
}

fuzz_target!(|input: Input| {
    let inputs = inputs();
    let options = ReplayOptions {
        policy: ProrationPolicy {
            daily_rate: rounding(input.policy.daily_rate),
            unit: rounding(input.policy.unit),
            line: pick(MODES, input.policy.line),
        },
        form: if input.reconciliation {
            LineForm::Reconciliation
        } else {
            LineForm::Net
        },
    };
    // Days mostly move forward from one event to the next (up to 63 days), so sequences
    // reach deep states; a `day` from 0xF000 on is an absolute day instead (out of order).
    let mut today = 0u16;
    let events: Vec<Event> = input
        .events
        .iter()
        .take(40)
        .map(|e| {
            let day = if e.day >= 0xF000 {
                e.day % SPAN
            } else {
                today = (today + e.day % 64).min(SPAN - 1);
                today
            };
            event(e, day)
        })
        .collect();
    let last_event = events.iter().map(|e| e.date).max().unwrap_or(epoch());
    let as_of = last_event.max(day_after(epoch(), u64::from(input.as_of_day % 800)));

    // The incremental ledger, skipping refused events (each refusal leaves it unchanged).
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.sort_by_key(|&i| events[i].date);
    let mut ledger = Ledger::new(inputs.context(as_of), options);
    let mut accepted: Vec<usize> = Vec::new();
    let mut first_refusal = None;
    for &i in &order {
        let before = ledger.lines().len();
        match ledger.apply(&events[i]) {
            Ok(()) => accepted.push(i),
            Err(e) => {
                check_error(&e);
                if std::env::var_os("FUZZ_DEBUG").is_some() {
                    eprintln!("refused: {} {}", events[i].kind.name(), e.code());
                }
                let after_steps = ledger.lines().len();
                assert!(after_steps >= before);
                first_refusal.get_or_insert((i, e));
            }
        }
    }
    let incremental = match ledger.finish() {
        Ok(r) => r,
        Err(e) => {
            check_error(&e);
            return;
        }
    };
    if std::env::var_os("FUZZ_DEBUG").is_some() {
        eprintln!("options: {options:?}\nas of {as_of}");
        for &i in &accepted {
            eprintln!("event {i}: {:?}", events[i]);
        }
        for l in &incremental.lines {
            eprintln!(
                "{} {} {} {} q={} unit={} amount={} period={} days={:?}",
                l.date,
                l.subscription,
                l.kind,
                l.service_period,
                l.quantity,
                l.unit_amount,
                l.amount.amount(),
                l.charge_period,
                l.days()
            );
        }
    }
    check_lines(&incremental.lines, options.form, options.policy);

    // A replay of all events stops at the ledger's first refusal, or agrees with it.
    match (replay(inputs, &events, as_of, options), &first_refusal) {
        (Ok(r), None) => assert_eq!(r, incremental, "replay = incremental ledger"),
        (Err(r), Some((i, e))) => {
            assert_eq!(
                (r.index, &r.error),
                (Some(*i), e),
                "replay stops at the first refusal"
            );
            assert_eq!(r.event.as_deref(), Some(&events[*i]));
        }
        (got, want) => panic!("replay {got:?} but the ledger's first refusal is {want:?}"),
    }

    // The accepted events replay to the same lines, deterministically and whatever the
    // order across days.
    let known: Vec<Event> = accepted.iter().map(|&i| events[i].clone()).collect();
    let r1 = replay(inputs, &known, as_of, options).expect("accepted events replay");
    let r2 = replay(inputs, &known, as_of, options).expect("accepted events replay");
    assert_eq!(
        r1, incremental,
        "replay of accepted events = incremental ledger"
    );
    assert_eq!(
        lines_json(&r1.lines),
        lines_json(&r2.lines),
        "byte-for-byte determinism"
    );
    let mut shuffled: Vec<usize> = (0..known.len()).collect();
    shuffled.sort_by_key(|&i| (Reverse(known[i].date), i));
    let shuffled: Vec<Event> = shuffled.iter().map(|&i| known[i].clone()).collect();
    let r3 = replay(inputs, &shuffled, as_of, options).expect("reordered events replay");
    assert_eq!(r3.lines, r1.lines, "order across days does not matter");

    // Consecutive bills, with events revealed late (back-dated) on later runs.
    let settings = settings(&input.settings);
    let count = u32::from(input.bills % 4) + 1;
    let first = month_after(u32::from(input.first_bill % 26));
    let mut issued: Vec<BillRun> = Vec::new();
    let mut number = 1u64;
    let mut month = first;
    for run_index in 0..count {
        let last_run = run_index + 1 == count;
        let visible: Vec<Event> = accepted
            .iter()
            .filter(|&&i| last_run || u32::from(input.events[i].revealed_at % 4) <= run_index)
            .map(|&i| events[i].clone())
            .collect();
        let run = match bill_month(inputs, &visible, options, &settings, month, &issued, number) {
            Ok(run) => run,
            Err(r) => {
                check_error(&r.error);
                return;
            }
        };
        check_run(&run);
        let again = bill_month(inputs, &visible, options, &settings, month, &issued, number);
        assert_eq!(
            again.as_ref(),
            Ok(&run),
            "rerunning a bill gives the same bill"
        );
        number += run.bills.len() as u64;
        issued.push(run);
        if !last_run {
            month = month.next().expect("month");
        }
    }

    if std::env::var_os("FUZZ_DEBUG").is_some() {
        let bills: usize = issued.iter().map(|r| r.bills.len()).sum();
        let adjusted = issued
            .iter()
            .flat_map(|r| &r.bills)
            .any(|b| !b.statement.cost_adjustment.is_zero());
        eprintln!(
            "stats: accepted {} lines {} runs {} bills {bills} adjusted {adjusted}",
            accepted.len(),
            r1.lines.len(),
            issued.len()
        );
    }
    // What was billed as Microsoft cost, with its corrections, is the final replay's cost over
    // the billed windows.
    let (Some(first_run), Some(last_run)) = (issued.first(), issued.last()) else {
        return;
    };
    let (from, to): (NaiveDate, NaiveDate) = (first_run.window.first(), last_run.window.last());
    let known_last: Vec<Event> = known.iter().filter(|e| e.date <= to).cloned().collect();
    let Ok(truth) = replay(inputs, &known_last, to, options) else {
        return;
    };
    let expected = truth
        .lines
        .iter()
        .filter(|l| l.date >= from && l.date <= to)
        .try_fold(Decimal::ZERO, |acc, l| acc.checked_add(l.amount.amount()));
    let billed = issued
        .iter()
        .flat_map(|r| &r.bills)
        .try_fold(Decimal::ZERO, |acc, b| {
            acc.checked_add(b.statement.cost.amount())?
                .checked_add(b.statement.cost_adjustment.amount())
        });
    if let (Some(expected), Some(billed)) = (expected, billed) {
        assert_eq!(
            billed, expected,
            "billed cost + corrections = the final replay's cost"
        );
    }
});
