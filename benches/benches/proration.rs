//! Criterion: the library's proration path against a plain i64 kernel, same workload, same
//! totals (checked before measuring). `BENCH_LINES` sets the number of lines (default
//! 1,000,000); see benches/README.md for the side-by-side script.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use csp_benches::{i64_totals, library_totals, row_at_a_time_totals, Workload};

fn lines() -> usize {
    std::env::var("BENCH_LINES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

fn proration(c: &mut Criterion) {
    let n = lines();
    let w = Workload::generate(1_000, 36, n, (n / 20).max(1), 2016);
    let book = w.price_book();
    let cols = w.columns();
    let (lib, limit) = (library_totals(&w, &book, &cols), i64_totals(&w, &cols));
    assert_eq!(lib, limit, "the library and the i64 kernel disagree");
    println!(
        "{n} lines: grand total {}.{:02} USD, checksum {}",
        lib.grand_cents / 100,
        lib.grand_cents % 100,
        lib.checksum
    );
    let mut g = c.benchmark_group("proration");
    g.throughput(Throughput::Elements(n as u64));
    g.sample_size(10);
    g.bench_function("csp_core batch path", |b| {
        b.iter(|| library_totals(&w, &book, &cols))
    });
    g.bench_function("csp_core one row at a time", |b| {
        b.iter(|| row_at_a_time_totals(&w, &book))
    });
    g.bench_function("plain i64 kernel", |b| b.iter(|| i64_totals(&w, &cols)));
    g.finish();
}

criterion_group!(benches, proration);
criterion_main!(benches);
