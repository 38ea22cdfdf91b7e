//! The Rust rows of benches/RESULTS.md: the library's proration path and the plain i64
//! kernel on the same deterministic workload, best of `--repeat` runs, with the totals every
//! other implementation must match.
//!
//!     cargo run --release -p csp-benches --bin side_by_side -- [LINES] [REPEAT]

use std::time::Instant;

use csp_benches::{i64_totals, library_totals, Totals, Workload};

fn best<F: FnMut() -> Totals>(repeat: usize, mut f: F) -> (Nanos, Totals) {
    let mut best = Nanos::MAX;
    let mut totals = f();
    for _ in 0..repeat {
        let t = Instant::now();
        totals = f();
        best = best.min(Nanos::from(t.elapsed()));
    }
    (best, totals)
}

/// Elapsed nanoseconds (integers: the workspace denies float arithmetic).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
struct Nanos(u128);

impl Nanos {
    const MAX: Nanos = Nanos(u128::MAX);
    fn min(self, other: Nanos) -> Nanos {
        if other < self {
            other
        } else {
            self
        }
    }
}

impl From<std::time::Duration> for Nanos {
    fn from(d: std::time::Duration) -> Nanos {
        Nanos(d.as_nanos())
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let lines: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let repeat: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let w = Workload::generate(1_000, 36, lines, (lines / 20).max(1), 2016);
    let book = w.price_book();
    let (lib_ns, lib) = best(repeat, || library_totals(&w, &book));
    let (i64_ns, limit) = best(repeat, || i64_totals(&w));
    assert_eq!(lib, limit, "the library and the i64 kernel disagree");
    let rate = |ns: u128| (lines as u128) * 1_000_000_000 / ns.max(1);
    println!("grand_cents={} checksum={}", lib.grand_cents, lib.checksum);
    println!("rust_library_rows_per_s={}", rate(lib_ns.0));
    println!("rust_i64_rows_per_s={}", rate(i64_ns.0));
    // Ratio library / limit in thousandths (integers only).
    println!(
        "library_vs_i64_permille={}",
        i64_ns.0 * 1000 / lib_ns.0.max(1)
    );
}
