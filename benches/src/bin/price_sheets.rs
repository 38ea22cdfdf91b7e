//! The parse benchmark's inputs and its Rust row: a deterministic NCE price sheet and legacy
//! price list (SplitMix64, seed 2021), and the core's parse of them timed in-process.
//!
//!     cargo run --release -p csp-benches --bin price_sheets -- gen DIR [NCE_ROWS] [LEGACY_ROWS]
//!     cargo run --release -p csp-benches --bin price_sheets -- parse nce|legacy FILE [REPEAT]
//!     cargo run --release -p csp-benches --bin price_sheets -- phases NCE_FILE [PARTS]
//!
//! `gen` writes `DIR/nce.csv` (default 300,000 rows) and `DIR/legacy.csv` (default 20,000
//! rows). `parse` prints `name=value` lines: the best wall time of `REPEAT` parses (ms), the
//! row count and the sum of the price column (exact decimal), which every other reader of
//! the bench must match. The clock stops before the rows are dropped (as polars' frame is
//! kept). An NCE sheet is timed on the path the CLI and Python take
//! (`parse_nce_rows_parallel` on every core: `rust_core_nce_*`) and on one thread
//! (`parse_nce_rows`: `rust_core_nce_1thread_*`).

use std::fmt::Write as _;
use std::time::Instant;

use csp_benches::SplitMix64;
use csp_core::price_list::{
    parse_legacy_rows, parse_nce_rows, parse_nce_rows_parallel, NceParts, NceRow, PriceRow,
};
use rust_decimal::Decimal;

const MARKETS: &[(&str, &str)] = &[
    ("US", "USD"),
    ("CA", "CAD"),
    ("GB", "GBP"),
    ("DE", "EUR"),
    ("FR", "EUR"),
    ("NL", "EUR"),
    ("JP", "JPY"),
    ("AU", "AUD"),
    ("NZ", "NZD"),
    ("CH", "CHF"),
    ("SE", "SEK"),
    ("NO", "NOK"),
    ("DK", "DKK"),
    ("IN", "INR"),
    ("BR", "BRL"),
];

const TERMS: &[(&str, &str)] = &[
    ("P1M", "Monthly"),
    ("P1Y", "Monthly"),
    ("P1Y", "Annual"),
    ("P3Y", "Annual"),
    ("P3Y", "Triennial"),
];

const WORDS: &[&str] = &[
    "Microsoft",
    "365",
    "Office",
    "Business",
    "Premium",
    "Standard",
    "Basic",
    "Enterprise",
    "E3",
    "E5",
    "F1",
    "Teams",
    "Exchange",
    "Online",
    "Plan",
    "Defender",
    "Intune",
    "Power",
    "BI",
    "Pro",
    "Project",
    "Visio",
    "Dynamics",
    "Sales",
    "Copilot",
    "Entra",
    "ID",
    "P2",
];

fn title(rng: &mut SplitMix64) -> String {
    let n = 2 + rng.below(4);
    let words: Vec<&str> = (0..n)
        .map(|_| WORDS[usize::try_from(rng.below(WORDS.len() as u64)).unwrap_or(0)])
        .collect();
    words.join(" ")
}

/// A price with 0 to 4 decimals, as Microsoft's files write them (`99`, `104.4`, `9.60`).
fn price(rng: &mut SplitMix64, max_units: u64) -> String {
    let units = rng.below(max_units);
    match rng.below(4) {
        0 => units.to_string(),
        1 => format!("{units}.{}", rng.below(10)),
        2 => format!("{units}.{:02}", rng.below(100)),
        _ => format!("{units}.{:04}", rng.below(10_000)),
    }
}

fn timestamp(rng: &mut SplitMix64, first_year: u64) -> String {
    let year = first_year + rng.below(3);
    let h = 1 + rng.below(12);
    let ampm = if rng.below(2) == 0 { "AM" } else { "PM" };
    format!(
        "{}/{}/{year} {h}:{:02}:{:02} {ampm}",
        1 + rng.below(12),
        1 + rng.below(28),
        rng.below(60),
        rng.below(60)
    )
}

fn nce(rows: usize) -> String {
    let mut rng = SplitMix64::new(2021);
    let mut out = String::with_capacity(rows * 330);
    out.push_str(
        "\"ProductTitle\",\"ProductId\",\"SkuId\",\"SkuTitle\",\"Publisher\",\"SkuDescription\",\
         \"UnitOfMeasure\",\"TermDuration\",\"BillingPlan\",\"Market\",\"Currency\",\"UnitPrice\",\
         \"PricingTierRangeMin\",\"PricingTierRangeMax\",\"EffectiveStartDate\",\
         \"EffectiveEndDate\",\"Tags\",\"ERP Price\"\n",
    );
    let mut written = 0;
    let mut product = 0u64;
    while written < rows {
        product += 1;
        let product_title = title(&mut rng);
        let skus = 1 + rng.below(3);
        for sku in 1..=skus {
            let sku_title = format!("{product_title} {}", title(&mut rng));
            let description = format!("{sku_title}, for {} users.", 1 + rng.below(300));
            for (market, currency) in MARKETS {
                for (term, plan) in TERMS {
                    if written == rows {
                        break;
                    }
                    let start = timestamp(&mut rng, 2021);
                    let end = if rng.below(3) == 0 {
                        "11/30/9999 11:59:59 PM".to_string()
                    } else {
                        timestamp(&mut rng, 2024)
                    };
                    let _ = writeln!(
                        out,
                        "\"{product_title}\",\"CFQ7TTC0{product:04X}\",\"{sku:04}\",\"{sku_title}\",\
                         \"Microsoft Corporation\",\"{description}\",\"\",\"{term}\",\"{plan}\",\
                         \"{market}\",\"{currency}\",\"{}\",\"\",\"\",\"{start}\",\"{end}\",\
                         \"License\",\"{}\"",
                        price(&mut rng, 2000),
                        price(&mut rng, 2500),
                    );
                    written += 1;
                }
            }
        }
    }
    out
}

fn legacy(rows: usize) -> String {
    let mut rng = SplitMix64::new(2016);
    let mut out = String::with_capacity(rows * 200);
    out.push_str(
        "\u{feff}Change Indicator,Effective Start Date,Effective End Date,Offer Display Name,\
         Offer ID,License Agreement Type,Purchase Unit,Secondary License Type,\
         End Customer Type,List Price,ERP Price,Min Seat Count\n",
    );
    let agreements = ["Corporate", "Government", "Academic"];
    let secondary = ["Non-specific", "Add-on", "Trial"];
    let changes = ["UNC", "ADD", "CHG", "UNC", "UNC"];
    for i in 0..rows {
        let a = rng.next_u64();
        let b = rng.next_u64();
        let agreement = agreements[i % 3];
        let _ = writeln!(
            out,
            "{},10/1/2015 12:00:00 AM,12/31/9999 11:59:59 PM,{},{:08X}-{:04X}-{:04X}-{:04X}-{:012X},\
             {agreement},Monthly,{},{agreement},{},{},1",
            changes[usize::try_from(rng.below(5)).unwrap_or(0)],
            title(&mut rng),
            a >> 32,
            (a >> 16) & 0xFFFF,
            a & 0xFFFF,
            b >> 48,
            b & 0xFFFF_FFFF_FFFF,
            secondary[usize::try_from(rng.below(3)).unwrap_or(0)],
            price(&mut rng, 60),
            price(&mut rng, 75),
        );
    }
    out
}

/// The rows of one parse.
enum Rows {
    Nce(Vec<NceRow>),
    Legacy(Vec<PriceRow>),
}

/// Milliseconds with three decimals, for printing.
fn ms(d: std::time::Duration) -> String {
    let us = d.as_micros();
    format!("{}.{:03}", us / 1000, us % 1000)
}

fn arg<T: std::str::FromStr>(args: &[String], i: usize, default: T) -> T {
    args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let usage =
        "usage: price_sheets gen DIR [NCE_ROWS] [LEGACY_ROWS] | parse nce|legacy FILE [REPEAT] \
         | phases NCE_FILE [PARTS]";
    match args.get(1).map(String::as_str) {
        Some("gen") => {
            let dir = std::path::PathBuf::from(args.get(2).ok_or(usage)?);
            std::fs::create_dir_all(&dir)?;
            std::fs::write(dir.join("nce.csv"), nce(arg(&args, 3, 300_000)))?;
            std::fs::write(dir.join("legacy.csv"), legacy(arg(&args, 4, 20_000)))?;
        }
        Some("parse") => {
            let format = args.get(2).ok_or(usage)?.clone();
            let text = std::fs::read_to_string(args.get(3).ok_or(usage)?)?;
            let repeat: usize = arg(&args, 4, 5);
            // The path the CLI and Python take (an NCE sheet in parts on every core), then
            // the same parse on one thread.
            let paths: [(&str, usize); 2] = [("", 0), ("_1thread", 1)];
            for (suffix, threads) in paths {
                let mut best = u128::MAX;
                let mut summary = (0usize, Decimal::ZERO);
                for _ in 0..repeat.max(1) {
                    // The rows are dropped after the clock stops, as polars' frame is.
                    let t = Instant::now();
                    let (rows, elapsed) = match (format.as_str(), threads) {
                        ("nce", 1) => {
                            let rows = parse_nce_rows(&text)?;
                            (Rows::Nce(rows), t.elapsed())
                        }
                        ("nce", _) => {
                            let rows = parse_nce_rows_parallel(&text, threads)?;
                            (Rows::Nce(rows), t.elapsed())
                        }
                        _ => {
                            let rows = parse_legacy_rows(&text)?;
                            (Rows::Legacy(rows), t.elapsed())
                        }
                    };
                    best = best.min(elapsed.as_micros());
                    summary = match rows {
                        Rows::Nce(rows) => (rows.len(), rows.iter().map(|r| r.unit_price).sum()),
                        Rows::Legacy(rows) => (rows.len(), rows.iter().map(|r| r.list_price).sum()),
                    };
                }
                let name = format!("rust_core_{format}{suffix}");
                println!("{name}_ms={}.{:03}", best / 1000, best % 1000);
                println!("{name}_rows={}", summary.0);
                println!("{name}_price_sum={}", summary.1);
                if format != "nce" {
                    // A legacy list is one part: one row.
                    break;
                }
            }
        }
        Some("phases") => {
            // Where the parallel parse's time goes: the cut, each part (on this thread, one
            // after another), the merge.
            let text = std::fs::read_to_string(args.get(2).ok_or(usage)?)?;
            let n: usize = arg(&args, 3, 2);
            let t = Instant::now();
            let parts = NceParts::split(&text, n);
            println!("split_ms={}", ms(t.elapsed()));
            let mut parsed = Vec::new();
            for i in 0..parts.len() {
                let t = Instant::now();
                parsed.push(parts.parse(i));
                println!("part{i}_ms={}", ms(t.elapsed()));
            }
            let t = Instant::now();
            let rows = parts.merge(parsed)?;
            println!("merge_ms={}", ms(t.elapsed()));
            let t = Instant::now();
            drop(rows);
            println!("drop_ms={}", ms(t.elapsed()));
        }
        _ => return Err(usage.into()),
    }
    Ok(())
}
