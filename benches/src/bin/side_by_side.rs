//! The Rust rows of benches/RESULTS.md: the library's proration path and the plain i64
//! kernel on the same deterministic workload, best of `REPEAT` interleaved runs, with the totals every
//! other implementation must match.
//!
//!     cargo run --release -p csp-benches --bin side_by_side -- [LINES] [REPEAT]

use std::time::Instant;

use csp_benches::{i64_totals, library_totals, row_at_a_time_totals, Totals, Workload};

/// Runs every path `repeat` times, interleaved (a, b, c, a, b, c…) so that they share the
/// machine's conditions, and keeps each one's best time and its totals.
fn best_interleaved(
    repeat: usize,
    paths: &mut [&mut dyn FnMut() -> Totals],
) -> Vec<(Nanos, Totals)> {
    let mut out: Vec<(Nanos, Totals)> = paths.iter_mut().map(|f| (Nanos::MAX, f())).collect();
    for _ in 0..repeat {
        for (f, slot) in paths.iter_mut().zip(out.iter_mut()) {
            let t = Instant::now();
            let totals = f();
            *slot = (slot.0.min(Nanos::from(t.elapsed())), totals);
        }
    }
    out
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
    let cols = w.columns();
    let timed = best_interleaved(
        repeat,
        &mut [
            &mut || library_totals(&w, &book, &cols),
            &mut || row_at_a_time_totals(&w, &book),
            &mut || i64_totals(&w, &cols),
        ],
    );
    let [(lib_ns, lib), (row_ns, rows), (i64_ns, limit)] = [timed[0], timed[1], timed[2]];
    assert_eq!(lib, limit, "the library and the i64 kernel disagree");
    assert_eq!(
        rows, limit,
        "the row-at-a-time path and the i64 kernel disagree"
    );
    let rate = |ns: u128| (lines as u128) * 1_000_000_000 / ns.max(1);
    println!("grand_cents={} checksum={}", lib.grand_cents, lib.checksum);
    println!("rust_library_rows_per_s={}", rate(lib_ns.0));
    println!("rust_row_at_a_time_rows_per_s={}", rate(row_ns.0));
    println!("rust_i64_rows_per_s={}", rate(i64_ns.0));
    // Ratio library / limit in thousandths (integers only).
    println!(
        "library_vs_i64_permille={}",
        i64_ns.0 * 1000 / lib_ns.0.max(1)
    );
}
