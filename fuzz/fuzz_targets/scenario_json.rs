//! `Scenario::from_json` on arbitrary text and on mutated valid scenarios (the files of
//! `testdata/scenarios/`), then `charges`, `bill` and `projection` on what parses.
//!
//! Oracle: no panic; every error has a code in `ALL_CODES`; a parsed scenario written back
//! with `to_json` reads back equal; `charges` and `bill` are deterministic and their results
//! satisfy the SPEC §6.5 line checks and the SPEC §8 bill arithmetic.
//!
//! A scenario replays renewals and cycle fees day by day up to its as-of date, so a far
//! `as_of` is slow by design: the replay here is bounded to three years after the earliest
//! event (and bills to that month), which keeps every run fast.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use chrono::{Months, NaiveDate};
use csp_core::calendar::YearMonth;
use csp_core::scenario::Scenario;
use csp_fuzz::{check_error, check_lines, check_run, pick};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const BASES: &[&str] = &[
    include_str!("../../testdata/scenarios/example.json"),
    include_str!("../../testdata/scenarios/demo-partner.json"),
];

/// Values a mutation writes into the tree: interesting dates, months, amounts, ids and tags.
const STRINGS: &[&str] = &[
    "2016-01-01",
    "2016-01-31",
    "2016-02-29",
    "2016-03-31",
    "2016-12-31",
    "2017-02-28",
    "2018-06-15",
    "2015-10-01",
    "9999-12-31",
    "0001-01-01",
    "2016-02-30",
    "2016-01",
    "2016-02",
    "2016-13",
    "0.00",
    "4.00",
    "-1",
    "1e3",
    "0.0000000000000000000000000001",
    "79228162514264337593543950335",
    "100",
    "fab-e3",
    "school-e3",
    "nw-be",
    "s1",
    "contoso",
    "fabrikam",
    "O365-E3",
    "AZ-RMS",
    "E1",
    "order",
    "add_on",
    "add_seats",
    "remove_seats",
    "suspend",
    "reactivate",
    "transition_trial",
    "monthly",
    "annual",
    "half_up",
    "half_even",
    "down",
    "net",
    "reconciliation",
    "last",
    "markup",
    "fixed",
    "erp",
    "per_seat_fee",
    "monthly_fee",
    "one_time",
    "partner",
    "customer",
    "admin_agent",
    "sales_agent",
    "global_admin",
    "government",
    "education",
    "syndication",
    "existing_direct",
    "legacy_2015",
    "USD",
    "JPY",
    "",
];

#[derive(Arbitrary, Debug)]
enum Leaf {
    Null,
    Bool(bool),
    Small(u8),
    Int(i64),
    Pool(u8),
    Text(String),
    Scale { scale: u8, mode: u8 },
}

#[derive(Arbitrary, Debug)]
enum Op {
    /// Replace the node at a path.
    Set { path: Vec<u8>, leaf: Leaf },
    /// Remove the node at a path (an object key or an array element).
    Remove { path: Vec<u8> },
    /// Duplicate an array element (or an object's value under a new key).
    Duplicate { path: Vec<u8> },
    /// Swap two elements of the array at a path.
    Swap { path: Vec<u8>, a: u8, b: u8 },
}

#[derive(Arbitrary, Debug)]
struct Mutation {
    base: u8,
    ops: Vec<Op>,
    month_offset: u8,
    projection: u8,
}

fn leaf(l: &Leaf) -> Value {
    match l {
        Leaf::Null => Value::Null,
        Leaf::Bool(b) => Value::Bool(*b),
        Leaf::Small(n) => Value::from(*n),
        Leaf::Int(n) => Value::from(*n),
        Leaf::Pool(i) => Value::from(pick(STRINGS, *i)),
        Leaf::Text(t) => Value::from(t.as_str()),
        Leaf::Scale { scale, mode } => serde_json::json!({
            "scale": scale % 30,
            "mode": pick(&["half_up", "half_even", "down"], *mode),
        }),
    }
}

/// The node reached by following `path` (each byte picks a child), and the last container
/// on the way with the child index taken from it.
fn walk<'v>(root: &'v mut Value, path: &[u8]) -> &'v mut Value {
    let mut node = root;
    for &step in path.iter().take(8) {
        let len = match &*node {
            Value::Object(m) => m.len(),
            Value::Array(a) => a.len(),
            _ => 0,
        };
        if len == 0 {
            break;
        }
        let i = usize::from(step) % len;
        node = match node {
            Value::Object(m) => m.values_mut().nth(i).expect("index < len"),
            Value::Array(a) => &mut a[i],
            _ => unreachable!("containers only"),
        };
    }
    node
}

fn apply(root: &mut Value, op: &Op) {
    match op {
        Op::Set { path, leaf: l } => *walk(root, path) = leaf(l),
        Op::Remove { path } | Op::Duplicate { path } => {
            let Some((&last, parent)) = path.split_last() else {
                return;
            };
            let remove = matches!(op, Op::Remove { .. });
            match walk(root, parent) {
                Value::Object(m) if !m.is_empty() => {
                    let key = m
                        .keys()
                        .nth(usize::from(last) % m.len())
                        .cloned()
                        .expect("key");
                    if remove {
                        m.remove(&key);
                    } else {
                        let v = m[&key].clone();
                        m.insert(format!("{key}_"), v);
                    }
                }
                Value::Array(a) if !a.is_empty() => {
                    let i = usize::from(last) % a.len();
                    if remove {
                        a.remove(i);
                    } else if a.len() < 64 {
                        let v = a[i].clone();
                        a.insert(i, v);
                    }
                }
                _ => {}
            }
        }
        Op::Swap { path, a, b } => {
            if let Value::Array(arr) = walk(root, path) {
                if !arr.is_empty() {
                    let n = arr.len();
                    arr.swap(usize::from(*a) % n, usize::from(*b) % n);
                }
            }
        }
    }
}

/// The scenario's as-of date, bounded to three years after its earliest event.
fn bounded_as_of(s: &Scenario) -> Option<NaiveDate> {
    let as_of = s.as_of?;
    let earliest = s.events.iter().map(|e| e.date).min().unwrap_or(as_of);
    let limit = earliest
        .checked_add_months(Months::new(36))
        .unwrap_or(earliest);
    Some(as_of.min(limit))
}

fn run(text: &str, month_offset: u8, projection: u8) {
    let scenario = match Scenario::from_json(text) {
        Ok(s) => s,
        Err(e) => {
            check_error(&e);
            return;
        }
    };
    let json = scenario.to_json();
    let back = Scenario::from_json(&json)
        .unwrap_or_else(|e| panic!("to_json does not read back: {e}\n{json}"));
    assert_eq!(back, scenario, "to_json reads back equal");

    if let Err(e) = scenario.inputs() {
        check_error(&e);
    }
    let Some(as_of) = bounded_as_of(&scenario) else {
        // Without an as-of date the replay is refused, at once.
        let e = scenario.charges(None).expect_err("no as-of date");
        check_error(&e);
        return;
    };
    let (form, policy) = (scenario.form, scenario.policy);
    match scenario.charges(Some(as_of)) {
        Ok(lines) => {
            if std::env::var_os("FUZZ_DEBUG").is_some() {
                eprintln!("charges ok: {} lines", lines.len());
            }
            check_lines(&lines, form, policy);
            assert_eq!(
                scenario.charges(Some(as_of)),
                Ok(lines),
                "charges are deterministic"
            );
        }
        Err(e) => check_error(&e),
    }
    if scenario.partner.is_none() {
        return;
    }
    // Bill a month around the (bounded) as-of date.
    let mut month = YearMonth::of(as_of);
    for _ in 0..month_offset % 3 {
        let Ok(m) = month.next() else { break };
        month = m;
    }
    match scenario.bill(month, &[], 1) {
        Ok(bill) => {
            if std::env::var_os("FUZZ_DEBUG").is_some() {
                eprintln!("bill ok: {} bills", bill.bills.len());
            }
            check_run(&bill);
            assert_eq!(
                scenario.bill(month, &[], 1).as_ref(),
                Ok(&bill),
                "bills are deterministic"
            );
            // The next month, with this one issued.
            if let Ok(next) = month.next() {
                match scenario.bill(next, std::slice::from_ref(&bill), 100) {
                    Ok(run) => check_run(&run),
                    Err(r) => check_error(&r.error),
                }
            }
        }
        Err(r) => check_error(&r.error),
    }
    match scenario.projection(month, u32::from(projection % 4)) {
        Ok(runs) => runs.iter().for_each(check_run),
        Err(r) => check_error(&r.error),
    }
}

// The first byte chooses the mode: even, the rest is the JSON text itself (seeds: the
// scenario files); odd, the rest drives structured mutations of a valid scenario.
fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 2 == 0 {
        run(&String::from_utf8_lossy(rest), mode / 2, mode / 8);
        return;
    }
    let Ok(m) = Mutation::arbitrary_take_rest(Unstructured::new(rest)) else {
        return;
    };
    let mut value: Value = serde_json::from_str(pick(BASES, m.base)).expect("valid base");
    for op in m.ops.iter().take(8) {
        apply(&mut value, op);
    }
    let text = serde_json::to_string(&value).expect("serialise");
    run(&text, m.month_offset, m.projection);
});
