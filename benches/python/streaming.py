"""Streamed against one table: ``csp_billing.prorate_batch`` over the shared workload (see
baselines.py) given as one Arrow table, and as a stream of record batches of the same
table (``lines=False``, as a stream that keeps memory flat is read), categorical customer
and offer columns sharing one dictionary.

    python benches/python/streaming.py [--lines 1000000] [--batch 65536]

Prints ``key=value`` lines (rows/s of each, and streamed / one table); the totals must
agree.
"""

from __future__ import annotations

import argparse
import time

import pyarrow as pa

import csp_billing as csp
from baselines import categorical_table, from_command_line


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=65_536)
    args, n, customers, _, cols, book = from_command_line(ap)
    table = categorical_table(cols, customers)
    batches = table.to_batches(max_chunksize=args.batch)

    def one_table() -> object:
        return csp.prorate_batch(table, book, lines=False).totals

    def streamed() -> object:
        reader = pa.RecordBatchReader.from_batches(table.schema, batches)
        return csp.prorate_batch(reader, book, lines=False).totals

    best = {}
    results = {}
    for _ in range(3):  # interleaved, best of 3
        for name, f in (("one_table", one_table), ("streamed", streamed)):
            t = time.perf_counter()
            results[name] = f()
            best[name] = min(best.get(name, float("inf")), time.perf_counter() - t)
    assert results["one_table"].equals(results["streamed"])
    print(f"batches={len(batches)} rows_per_batch={args.batch}")
    for name, t in best.items():
        print(f"python_batch_{name}_rows_per_s={n / t:.0f}")
    print(f"streamed_vs_one_table={best['one_table'] / best['streamed']:.2f}")


if __name__ == "__main__":
    main()
