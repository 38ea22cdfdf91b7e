//! The reconciliation benchmark (issue 17): a deterministic NCE invoice recon file of any
//! length, and the core's reconciliation of it against the same lines, timed in-process.
//!
//!     cargo run --release -p csp-benches --bin recon_file -- gen FILE ROWS
//!     cargo run --release -p csp-benches --bin recon_file -- run FILE ROWS [IN_SCOPE]
//!
//! Row `i` (SplitMix64, seed 2022) is a September 2022 `cycleCharge` of subscription
//! `sub-i` of customer `cust-(i / 4)`: 1 to 50 seats at one of eight unit prices, all 46
//! columns of SPEC-NCE §15.2 written as Microsoft writes them. `gen` plants known
//! differences: every 1,000th row is billed a cent high (`rounding`), every 5,000th is left
//! out (`missing`) and after every 7,000th an unknown subscription is billed (`unexpected`).
//! `run` builds the expected lines of the customers below `IN_SCOPE` (default: all) and
//! reconciles the file read from disk as a stream; it prints `name=value` lines (times in
//! ms, counts, totals, status and the peak RSS from `/proc/self/status`).

use std::fmt::Write as _;
use std::io::Write as _;
use std::time::Instant;

use chrono::NaiveDate;
use csp_benches::SplitMix64;
use csp_core::money::Currency;
use csp_core::recon::{
    reconcile_read, ExpectedLine, ReconClass, ReconOptions, ReconRequest, ReconScope,
    NCE_RECON_COLUMNS,
};
use rust_decimal::Decimal;

const PRICES: [i64; 8] = [600, 720, 1250, 2200, 3600, 3900, 5700, 10_800];

/// Row `i`: seats and unit price in cents.
fn row(i: u64) -> (u32, i64) {
    let mut rng = SplitMix64::new(2022 ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let seats = 1 + u32::try_from(rng.below(50)).unwrap_or(0);
    let pick = usize::try_from(rng.below(PRICES.len() as u64)).unwrap_or(0);
    let price = PRICES[pick];
    (seats, price)
}

fn cents(c: i64) -> Decimal {
    Decimal::new(c, 2)
}

fn date(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 9, d).unwrap_or_default()
}

/// One CSV record of the 46 columns for subscription `sub` of customer `customer`.
fn record(out: &mut String, customer: &str, sub: &str, seats: u32, unit: i64, subtotal: i64) {
    let (u, s) = (cents(unit), cents(subtotal));
    let _ = writeln!(
        out,
        "3b4f1a6e-0000-4000-8000-000000000001,{customer},{customer} Ltd,{customer}.onmicrosoft.com,US,\
         G000987654,1234567,,ord-{sub},9/1/2022 12:00:00 AM,CFQ7TTC0LH18,0001,CFQ7TTC0K5DM,\
         Microsoft 365 Business Basic,Microsoft 365 Business Basic,cycleCharge,{u},{seats},{s},0,{s},\
         USD,,Microsoft Corporation,,{sub} description,{sub},9/1/2022,9/30/2022,1 Year - 1 Month,\
         {u},,alt-{sub},{seats},Monthly,USD,1,9/1/2022 12:00:00 AM,,,,3/1/2022,2/28/2023,\
         cycle:2022-09-01,[],"
    );
}

fn gen(path: &str, rows: u64) -> std::io::Result<()> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(file, "{}", NCE_RECON_COLUMNS.join(","))?;
    let mut chunk = String::with_capacity(1 << 20);
    for i in 0..rows {
        let (seats, unit) = row(i);
        let customer = format!("cust-{:07}", i / 4);
        let mut subtotal = unit * i64::from(seats);
        if i % 5_000 == 4_999 {
            continue;
        }
        if i % 1_000 == 999 {
            subtotal += 1;
        }
        record(
            &mut chunk,
            &customer,
            &format!("sub-{i:08}"),
            seats,
            unit,
            subtotal,
        );
        if i % 7_000 == 6_999 {
            record(&mut chunk, &customer, &format!("extra-{i:08}"), 1, 600, 600);
        }
        if chunk.len() > (1 << 20) - 4096 {
            file.write_all(chunk.as_bytes())?;
            chunk.clear();
        }
    }
    file.write_all(chunk.as_bytes())?;
    file.flush()
}

fn expected(rows: u64, in_scope: u64) -> Vec<ExpectedLine> {
    (0..rows)
        .filter(|i| i / 4 < in_scope)
        .map(|i| {
            let (seats, unit) = row(i);
            let sub = format!("sub-{i:08}");
            ExpectedLine {
                customer_id: format!("cust-{:07}", i / 4),
                subscription_id: sub,
                product_id: "CFQ7TTC0LH18".to_string(),
                charge_type: "cycleCharge".to_string(),
                charge_start: date(1),
                charge_end: date(30),
                quantity: Decimal::from(seats),
                unit_price: cents(unit),
                exact_unit_price: cents(unit),
                eup: Some(cents(unit)),
                fx_rate: Some(Decimal::ONE),
                amount: cents(unit * i64::from(seats)),
                other_convention_amount: None,
                reference_id: "cycle:2022-09-01".to_string(),
            }
        })
        .collect()
}

/// A duration in milliseconds, to the microsecond (no float).
fn ms(d: std::time::Duration) -> String {
    let us = d.as_micros();
    format!("{}.{:03}", us / 1000, us % 1000)
}

/// The process's peak resident set (`VmHWM`), in MiB.
fn peak_rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).map(str::to_string))
        })
        .and_then(|kb| kb.parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

fn run(path: &str, rows: u64, in_scope: u64) -> Result<(), String> {
    let t0 = Instant::now();
    let lines = expected(rows, in_scope);
    let built = t0.elapsed();
    let t1 = Instant::now();
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let scope = ReconScope::default();
    let report = reconcile_read(
        file,
        &ReconRequest {
            kind: None,
            expected: &lines,
            currency: Currency::USD,
            period: "2022-09",
            policy: "nce_b",
            scope: &scope,
            options: ReconOptions::default(),
        },
    )
    .map_err(|e| e.message())?;
    let reconciled = t1.elapsed();
    let count = |c| report.totals.by_class[&c].count;
    println!("expected_lines={}", lines.len());
    println!("build_ms={}", ms(built));
    println!("reconcile_ms={}", ms(reconciled));
    println!("file_rows={}", report.coverage.file_rows);
    println!("matched={}", count(ReconClass::Matched));
    println!("rounding={}", count(ReconClass::Rounding));
    println!("missing={}", count(ReconClass::Missing));
    println!("unexpected={}", count(ReconClass::Unexpected));
    println!("out_of_scope={}", count(ReconClass::OutOfScope));
    println!("microsoft_total={}", report.totals.microsoft_total);
    println!("difference={}", report.totals.difference);
    println!("status={}", report.status.as_str());
    println!("peak_rss_mib={}", peak_rss_mib());
    Ok(())
}

/// Reads every row of the file (the reader alone, for the profile of `run`).
fn read(path: &str) -> Result<(), String> {
    let t = Instant::now();
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut rows = 0u64;
    let mut sum = Decimal::ZERO;
    for row in csp_core::recon::nce_recon_reader_from(file).map_err(|e| e.message())? {
        let row = row.map_err(|e| e.message())?;
        rows += 1;
        sum += row.subtotal;
    }
    println!("rows={rows}");
    println!("subtotal_sum={sum}");
    println!("read_ms={}", ms(t.elapsed()));
    println!("peak_rss_mib={}", peak_rss_mib());
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize| args.get(i).and_then(|s| s.parse::<u64>().ok());
    let result = match (args.first().map(String::as_str), args.get(1), number(2)) {
        (Some("gen"), Some(path), Some(rows)) => gen(path, rows).map_err(|e| e.to_string()),
        (Some("run"), Some(path), Some(rows)) => run(path, rows, number(3).unwrap_or(u64::MAX)),
        (Some("read"), Some(path), _) => read(path),
        _ => Err("usage: recon_file gen FILE ROWS | run FILE ROWS [IN_SCOPE]".to_string()),
    };
    if let Err(e) = result {
        eprintln!("recon_file: {e}");
        std::process::exit(2);
    }
}
