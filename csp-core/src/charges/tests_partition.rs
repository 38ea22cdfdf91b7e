//! Property tests of the customer-by-customer replay (SPEC §8, §10.6): over random books of
//! several customers (with refused events: unknown customers and subscriptions, ids reused
//! across customers, add-ons on another customer's base, seat changes before an order),
//! each group's replay gives every subscription exactly the lines of the whole book's
//! replay, and a refused book reports the refusal the whole book's replay meets first.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use proptest::prelude::*;

use super::*;
use crate::calendar::add_days;
use crate::catalog::{Customer, Segment, TenantOrigin};
use crate::subscription::{Event, EventKind};
use crate::testkit::*;

fn fixture() -> &'static Inputs {
    static INPUTS: OnceLock<Inputs> = OnceLock::new();
    INPUTS.get_or_init(|| {
        let mut inputs = inputs();
        for id in ["fabrikam", "litware"] {
            let c = Customer::new(id, id, Segment::Commercial, TenantOrigin::CreatedByPartner);
            inputs.customers.insert(c.id.clone(), c);
        }
        inputs
    })
}

const CASES: u32 = 2_000;

const CUSTOMERS: [&str; 6] = ["contoso", "fabrikam", "litware", "synd", "direct", "ghost"];

/// (day offset, subscription slot, operation, customer, quantity).
type Op = (u16, u8, u8, u8, u8);

/// A raw event: anything, mostly refused.
fn raw_event(&(offset, slot, op, customer, q): &Op) -> Event {
    let date = add_days(d("2016-01-01"), i64::from(offset))
        .unwrap()
        .to_string();
    let sub = format!("s{}", slot % 8);
    let q = u32::from(q % 5) + 1;
    match op % 8 {
        0 | 1 => order_for(
            &date,
            &sub,
            CUSTOMERS[usize::from(customer) % CUSTOMERS.len()],
            ["E1", "E3", "GOV"][usize::from(slot / 8) % 3],
            q,
            customer % 2 == 0,
        ),
        2 => add_on(&date, &sub, &format!("s{}", customer % 8), "ARM", q),
        3 => seats(&date, &sub, i64::from(q)),
        4 => seats(&date, &sub, -1),
        5 => event(&date, &sub, EventKind::Suspend),
        _ => event(&date, &sub, EventKind::Reactivate),
    }
}

/// Mostly valid books: ops in date order, the first of a slot an order of a commercial
/// customer, then seat changes, suspensions and reactivations that fit the slot's state,
/// and add-ons on E3 bases; about one op in 64 is a raw event (most are refused).
fn to_events(ops: &[Op]) -> Vec<Event> {
    let mut ops = ops.to_vec();
    ops.sort_by_key(|o| o.0);
    // Per slot: (offer is E3, seats, suspended, has its add-on).
    let mut slots: BTreeMap<u8, (bool, u32, bool, bool)> = BTreeMap::new();
    let mut out = Vec::new();
    for o in &ops {
        let &(offset, slot, op, customer, q) = o;
        if op % 64 == 63 {
            out.push(raw_event(o));
            continue;
        }
        let slot = slot % 8;
        let date = add_days(d("2016-01-01"), i64::from(offset))
            .unwrap()
            .to_string();
        let sub = format!("s{slot}");
        let q = u32::from(q % 5) + 1;
        let Some(state) = slots.get_mut(&slot) else {
            let e3 = op % 2 == 0;
            let customer = ["contoso", "fabrikam", "litware"][usize::from(customer) % 3];
            let offer = if e3 { "E3" } else { "E1" };
            out.push(order_for(
                &date,
                &sub,
                customer,
                offer,
                q,
                customer.len() % 2 == 0,
            ));
            slots.insert(slot, (e3, q, false, false));
            continue;
        };
        let event = match (op % 4, state.2) {
            (_, true) => {
                state.2 = false;
                event(&date, &sub, EventKind::Reactivate)
            }
            (0, false) => {
                state.1 += q;
                seats(&date, &sub, i64::from(q))
            }
            (1, false) if state.1 > 1 => {
                state.1 -= 1;
                seats(&date, &sub, -1)
            }
            (2, false) if state.0 && !state.3 => {
                state.3 = true;
                add_on(&date, &format!("a{slot}"), &sub, "ARM", q)
            }
            _ => {
                state.2 = true;
                event(&date, &sub, EventKind::Suspend)
            }
        };
        out.push(event);
    }
    out
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec(
        (
            0u16..400,
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
        ),
        0..24,
    )
}

/// Each subscription's lines, in order.
fn by_subscription(lines: &[ChargeLine]) -> BTreeMap<String, Vec<ChargeLine>> {
    let mut out: BTreeMap<String, Vec<ChargeLine>> = BTreeMap::new();
    for l in lines {
        out.entry(l.subscription.to_string())
            .or_default()
            .push(l.clone());
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn customer_replays_agree_with_the_whole_book(ops in ops()) {
        let events = to_events(&ops);
        let as_of = d("2017-03-31");
        let options = ReplayOptions::default();
        let whole = replay(fixture(), &events, as_of, options);
        let mut book = CustomerReplays::new(fixture(), &events, |_| true, as_of, options);
        let mut lines = Vec::new();
        let mut seen = Vec::new();
        while let Some((customer, group)) = book.next_group() {
            seen.extend(group.indices.iter().copied());
            if let Some(c) = customer {
                prop_assert_eq!(group.customer.as_ref(), Some(c.0));
            }
            if let Some(r) = book.replay(&group) {
                lines.extend(r.lines);
            }
        }
        // Every event is in exactly one group.
        seen.sort_unstable();
        prop_assert_eq!(seen, (0..events.len()).collect::<Vec<_>>());
        match (whole, book.finish()) {
            (Ok(whole), Ok(())) => {
                prop_assert_eq!(by_subscription(&lines), by_subscription(&whole.lines));
            }
            (Err(expected), Err(got)) => {
                prop_assert_eq!(got.index, expected.index);
                prop_assert_eq!(got.error, expected.error);
            }
            (whole, got) => prop_assert!(false, "whole book {:?}, by customer {:?}", whole.map(|r| r.lines.len()), got),
        }
    }
}

#[test]
fn an_id_reused_by_another_customer_is_refused_in_the_first_owner_s_group() {
    let events = vec![
        order_for("2016-01-10", "s1", "contoso", "E1", 1, true),
        order_for("2016-01-05", "s1", "direct", "E1", 1, true),
        seats("2016-02-01", "s1", 1),
    ];
    let groups = by_customer(&events, |_| true);
    // The first order in replay order (5 January) owns the id: every event goes with it.
    assert_eq!(groups.len(), 1);
    assert_eq!(
        groups[0].customer.as_ref().map(|c| c.as_str()),
        Some("direct")
    );
    assert_eq!(groups[0].indices, [0, 1, 2]);
    let refusal = groups[0]
        .replay(
            fixture(),
            &events,
            d("2016-03-01"),
            ReplayOptions::default(),
        )
        .unwrap_err();
    assert_eq!(refusal.index, Some(0));
    assert_eq!(refusal.error.code(), "duplicate_subscription");
}

#[test]
fn events_of_a_subscription_nothing_creates_form_the_last_group() {
    let events = vec![
        seats("2016-01-03", "nobody", 1),
        order("2016-01-04", "s1", "E1", 1, true),
        add_on("2016-01-05", "a1", "s1", "ARM", 1),
    ];
    let groups = by_customer(&events, |_| true);
    let shape: Vec<(Option<&str>, Vec<usize>)> = groups
        .iter()
        .map(|g| (g.customer.as_ref().map(|c| c.as_str()), g.indices.clone()))
        .collect();
    assert_eq!(shape, [(Some("contoso"), vec![1, 2]), (None, vec![0])]);
}

/// The generator's coverage (a deterministic sample of 2,000 books): books the replay
/// takes, with lines of several customers, and refused books.
#[test]
fn the_generator_covers_accepted_multi_customer_and_refused_books() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut accepted, mut refused, mut several) = (0, 0, 0);
    for _ in 0..2_000 {
        let events = to_events(&ops().new_tree(&mut runner).unwrap().current());
        match replay(
            fixture(),
            &events,
            d("2017-03-31"),
            ReplayOptions::default(),
        ) {
            Ok(r) => {
                accepted += 1;
                let customers: std::collections::BTreeSet<_> =
                    r.lines.iter().map(|l| &l.customer).collect();
                several += usize::from(customers.len() > 1);
            }
            Err(_) => refused += 1,
        }
    }
    assert!(
        accepted > 1_000 && several > 500 && refused > 400,
        "{accepted} accepted ({several} with several customers), {refused} refused"
    );
}
