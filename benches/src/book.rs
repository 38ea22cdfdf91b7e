//! A deterministic synthetic distributor's book (issue 14): `customers` customers with about
//! three subscriptions each and a year of events, twelve monthly price lists, and partner
//! settings that name customers and subscriptions (tax rates, per-seat fees, monthly and
//! one-time fees, financing, discounts, resale rules), as a version-1 scenario document.
//!
//! The whole-engine benchmarks (`scripts/bench`) run `csp charges` and `csp bill` on it at
//! 1 k, 10 k and 100 k customers. Every draw comes from [`SplitMix64`] with a fixed seed, so
//! a size always gives the same bytes. The events are valid by construction (seat counts
//! are tracked, suspensions are reactivated before any other change, add-ons are ordered on
//! an active base with the prerequisite offer), so a replay takes all of them.
//!
//! The document is written as it is generated ([`write_book`]): 100 k customers never sit in
//! memory as one string.

use std::io::{self, Write};

use chrono::NaiveDate;
use csp_core::calendar::add_days;

use crate::SplitMix64;

/// Base offers of the book's catalog.
pub const BASE_OFFERS: usize = 30;
/// Add-on offers (each requires one base offer).
pub const ADD_ON_OFFERS: usize = 10;
/// The book's as-of date: the end of its year.
pub const AS_OF: &str = "2016-12-31";
/// The month whose bill the benchmarks compute (its window is the last one fully replayed).
pub const BILL_MONTH: &str = "2016-12";

fn base_id(i: usize) -> String {
    format!("BASE-{i:02}")
}

fn add_on_id(i: usize) -> String {
    format!("ADDON-{i:02}")
}

/// The base offer an add-on requires.
fn prerequisite(add_on: usize) -> usize {
    add_on * 3 % BASE_OFFERS
}

fn customer_id(i: usize) -> String {
    format!("C{i:06}")
}

fn date_of(day_of_year: u64) -> NaiveDate {
    let jan1 = NaiveDate::from_ymd_opt(2016, 1, 1).unwrap_or(NaiveDate::MIN);
    add_days(jan1, i64::try_from(day_of_year).unwrap_or(0)).unwrap_or(jan1)
}

/// One generated event, as the JSON object of the scenario format.
struct Event {
    date: NaiveDate,
    json: String,
}

/// The events and settings entries of one customer.
#[derive(Default)]
struct CustomerBook {
    events: Vec<Event>,
    services: Vec<String>,
    financing: Vec<String>,
    discounts: Vec<String>,
    tax_rates: Vec<String>,
}

fn customer_book(rng: &mut SplitMix64, c: usize) -> CustomerBook {
    let cid = customer_id(c);
    let mut book = CustomerBook::default();
    let subs = 2 + rng.below(3) as usize; // 2–4 subscriptions
    for s in 0..subs {
        let sid = format!("{cid}-S{s}");
        let offer = rng.below(BASE_OFFERS as u64) as usize;
        let annual = rng.below(4) == 0;
        let frequency = if annual { "annual" } else { "monthly" };
        let start = rng.below(180);
        let mut seats = 1 + rng.below(200);
        book.events.push(Event {
            date: date_of(start),
            json: format!(
                r#"{{"date":"{}","subscription":"{sid}","type":"order","customer":"{cid}","offer":"{}","quantity":{seats},"frequency":"{frequency}"}}"#,
                date_of(start),
                base_id(offer)
            ),
        });
        // Changes on distinct later days, at most one per day, in date order.
        let mut day = start;
        let changes = 1 + rng.below(4);
        for _ in 0..changes {
            day += 1 + rng.below(50);
            if day >= 360 {
                break;
            }
            let date = date_of(day);
            let mut kind = rng.below(4);
            if (kind == 2 && seats <= 1) || (kind == 3 && day >= 350) {
                kind = 0;
            }
            let json = match kind {
                0 | 1 => {
                    let q = 1 + rng.below(20);
                    seats += q;
                    format!(
                        r#"{{"date":"{date}","subscription":"{sid}","type":"add_seats","quantity":{q}}}"#
                    )
                }
                2 => {
                    let q = 1 + rng.below(seats - 1);
                    seats -= q;
                    format!(
                        r#"{{"date":"{date}","subscription":"{sid}","type":"remove_seats","quantity":{q}}}"#
                    )
                }
                _ => {
                    // Suspended for a few days, then reactivated before anything else.
                    let back = day + 1 + rng.below(10);
                    book.events.push(Event {
                        date,
                        json: format!(
                            r#"{{"date":"{date}","subscription":"{sid}","type":"suspend"}}"#
                        ),
                    });
                    day = back;
                    let date = date_of(back);
                    format!(r#"{{"date":"{date}","subscription":"{sid}","type":"reactivate"}}"#)
                }
            };
            book.events.push(Event { date, json });
        }
        // An add-on on some bases, after their last change.
        if let Some(a) = (0..ADD_ON_OFFERS).find(|&a| prerequisite(a) == offer) {
            if rng.below(3) == 0 && day < 358 {
                let date = date_of(day + 1);
                book.events.push(Event {
                    date,
                    json: format!(
                        r#"{{"date":"{date}","subscription":"{sid}-A","type":"add_on","base":"{sid}","offer":"{}","quantity":{}}}"#,
                        add_on_id(a),
                        1 + rng.below(seats)
                    ),
                });
            }
        }
        match rng.below(10) {
            0..=2 => book.services.push(format!(
                r#"{{"type":"per_seat_fee","description":"Managed service ({sid})","price":"{}.{:02}","subscription":"{sid}"}}"#,
                1 + rng.below(5),
                rng.below(100)
            )),
            3 if annual => book
                .financing
                .push(format!(r#"{{"subscription":"{sid}","months":12}}"#)),
            _ => {}
        }
    }
    if rng.below(10) == 0 {
        book.services.push(format!(
            r#"{{"type":"monthly_fee","customer":"{cid}","description":"Premium support","amount":"{}.00"}}"#,
            50 + rng.below(200)
        ));
    }
    if rng.below(20) == 0 {
        book.services.push(format!(
            r#"{{"type":"one_time","customer":"{cid}","date":"{}","description":"Onboarding","amount":"500.00"}}"#,
            date_of(rng.below(360))
        ));
    }
    if rng.below(20) == 0 {
        book.discounts.push(format!(
            r#"{{"customer":"{cid}","percent":"10","first_month":"2016-{:02}","months":3}}"#,
            1 + rng.below(12)
        ));
    }
    if rng.below(2) == 0 {
        book.tax_rates
            .push(format!(r#"{{"customer":"{cid}","rate":"0.0875"}}"#));
    }
    book.events.sort_by_key(|e| e.date);
    book
}

/// Writes `items` as a JSON array body (comma-separated), one per line.
fn write_list<W: Write>(out: &mut W, items: impl Iterator<Item = String>) -> io::Result<()> {
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.write_all(b",\n")?;
        }
        out.write_all(item.as_bytes())?;
    }
    Ok(())
}

fn price_lists<W: Write>(out: &mut W, rng: &mut SplitMix64) -> io::Result<()> {
    let mut offers: Vec<(String, String, &str, u64)> = (0..BASE_OFFERS)
        .map(|i| {
            (
                base_id(i),
                format!("Base offer {i}"),
                "base",
                200 + rng.below(3_000),
            )
        })
        .collect();
    for i in 0..ADD_ON_OFFERS {
        let cents = 100 + rng.below(500);
        offers.push((add_on_id(i), format!("Add-on offer {i}"), "add_on", cents));
    }
    write_list(
        out,
        (1..=12).map(|m| {
            let rows: Vec<String> = offers
                .iter()
                .map(|(id, name, secondary, cents)| {
                    // Prices drift a few cents a month; the resale (ERP) price is 25 % above.
                    let list = cents + (m % 4) * 7;
                    let erp = list * 5 / 4;
                    format!(
                        r#"{{"offer_id":"{id}","offer_name":"{name}","agreement_type":"corporate","secondary_type":"{secondary}","list_price":"{}.{:02}","erp_price":"{}.{:02}"}}"#,
                        list / 100,
                        list % 100,
                        erp / 100,
                        erp % 100
                    )
                })
                .collect();
            format!(r#"{{"month":"2016-{m:02}","rows":[{}]}}"#, rows.join(","))
        }),
    )
}

/// Writes the book of `customers` customers (seed `seed`) as a scenario document.
///
/// # Errors
/// The writer's.
pub fn write_book<W: Write>(out: &mut W, customers: usize, seed: u64) -> io::Result<()> {
    let mut rng = SplitMix64::new(seed);
    writeln!(
        out,
        r#"{{"version":1,"program":"legacy_2015","currency":"USD","as_of":"{AS_OF}","#
    )?;
    out.write_all(b"\"offers\":[")?;
    write_list(
        out,
        (0..ADD_ON_OFFERS).map(|a| {
            format!(
                r#"{{"id":"{}","name":"Add-on offer {a}","agreement_type":"corporate","kind":{{"type":"add_on","prerequisites":["{}"]}}}}"#,
                add_on_id(a),
                base_id(prerequisite(a))
            )
        }),
    )?;
    out.write_all(b"],\n\"customers\":[\n")?;
    write_list(
        out,
        (0..customers).map(|c| {
            format!(
                r#"{{"id":"{}","name":"Customer {c}","segment":"commercial","origin":"created_by_partner"}}"#,
                customer_id(c)
            )
        }),
    )?;
    out.write_all(b"],\n\"price_lists\":[\n")?;
    price_lists(out, &mut rng)?;
    // Events are written customer by customer (the format takes any order across dates);
    // the settings entries are kept until the events are out.
    out.write_all(b"],\n\"events\":[\n")?;
    let mut settings = CustomerBook::default();
    let mut first = true;
    for c in 0..customers {
        let book = customer_book(&mut rng, c);
        for e in &book.events {
            if !first {
                out.write_all(b",\n")?;
            }
            first = false;
            out.write_all(e.json.as_bytes())?;
        }
        settings.services.extend(book.services);
        settings.financing.extend(book.financing);
        settings.discounts.extend(book.discounts);
        settings.tax_rates.extend(book.tax_rates);
    }
    out.write_all(b"],\n\"partner\":{\"name\":\"Synthetic Distributor Ltd\",\"billing_day\":5,\"payment_terms_days\":30,\"invoice_prefix\":\"SD-\",\n\"resale\":[")?;
    write_list(
        out,
        (0..BASE_OFFERS).step_by(5).map(|i| {
            format!(
                r#"{{"offer":"{}","rule":{{"type":"markup","percent":"{}"}}}}"#,
                base_id(i),
                10 + i
            )
        }),
    )?;
    for (name, items) in [
        ("services", settings.services),
        ("financing", settings.financing),
        ("discounts", settings.discounts),
        ("tax_rates", settings.tax_rates),
    ] {
        write!(out, "],\n\"{name}\":[\n")?;
        write_list(out, items.into_iter())?;
    }
    out.write_all(b"]}}\n")?;
    Ok(())
}
