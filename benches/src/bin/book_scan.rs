//! The practical limit of the whole-engine benchmarks: reading a scenario file and scanning
//! its JSON (serde_json, every value parsed and thrown away). No engine that reads this
//! format can be faster; `scripts/bench` reports `csp charges` and `csp bill` against it.
//!
//!     cargo run --release -p csp-benches --bin book_scan -- BOOK.json [REPEAT]
//!
//! Prints `scan_ns=<best of REPEAT>` and `scan_bytes=<file size>`.

use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: book_scan BOOK.json [REPEAT]");
        return ExitCode::from(2);
    };
    let repeat: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(3);
    let mut best = u128::MAX;
    let mut bytes = 0;
    for _ in 0..repeat.max(1) {
        let t = Instant::now();
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("book_scan: {path}: {e}");
                return ExitCode::FAILURE;
            }
        };
        if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(&text) {
            eprintln!("book_scan: {path}: {e}");
            return ExitCode::FAILURE;
        }
        best = best.min(t.elapsed().as_nanos());
        bytes = text.len();
    }
    println!("scan_ns={best}");
    println!("scan_bytes={bytes}");
    ExitCode::SUCCESS
}
