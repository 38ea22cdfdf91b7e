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
from baselines import HEADER, workload
from decimal import Decimal


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--batch", type=int, default=65_536)
    args = ap.parse_args()
    n = args.lines
    customers = max(1, n // 20)
    prices, cols = workload(1000, 36, n, customers)
    book = csp.PriceBook("USD", [
        csp.PriceList.from_csv(HEADER + "".join(
            f"OFFER-{o:05d},OFFER-{o:05d},Corporate,Non-specific,{Decimal(p) / 100},"
            f"{Decimal(p) / 100}\n" for o, p in enumerate(row)),
            f"{2016 + m // 12:04d}-{m % 12 + 1:02d}", "USD")
        for m, row in enumerate(prices)])
    customer_names = pa.array([f"C{c:06d}" for c in range(customers)], pa.string())
    offer_names = pa.array([f"OFFER-{o:05d}" for o in range(1000)], pa.string())
    table = pa.table({
        "customer": pa.DictionaryArray.from_arrays(
            pa.array(cols["customer"], pa.int32()), customer_names),
        "offer": pa.DictionaryArray.from_arrays(pa.array(cols["offer"], pa.int32()), offer_names),
        "quantity": pa.array(cols["quantity"], pa.int64()),
        "term_start": pa.array(cols["term_start"], pa.date32()),
        "change_date": pa.array(cols["change_date"], pa.date32()),
    })
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
