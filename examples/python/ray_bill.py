"""A distributor's month billed in Ray, locally: the synthetic book (benches/src/book.rs)
split by customer (``Scenario.split``: whole customers with every event of their
subscriptions), each part billed in a Ray task, and the parts' totals checked against the
single-process bill of the whole book, exactly (Decimal, never floats).

    python examples/python/ray_bill.py [--customers 2000] [--parts 4] [--book BOOK.json]

Without ``--book`` the book is generated with ``cargo run --release -p csp-benches --bin
synth_book``. Ray starts a local instance (no cluster needed) on the machine's cores.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

import ray

import csp_billing as csp

ROOT = Path(__file__).resolve().parents[2]
MONTH = "2016-12"

# What a part sends back: its number of bills, then cost, revenue, margin and financed
# balance as decimal text (exact).
PartTotals = Tuple[int, str, str, str, str]


def totals(run: csp.BillRun) -> PartTotals:
    t = run.totals
    return (len(run.bills), str(t.cost), str(t.revenue), str(t.margin),
            str(t.financed_balance))


def exact(t: PartTotals) -> Tuple[Decimal, ...]:
    return tuple(Decimal(v) for v in t)


@ray.remote
def bill_part(part: csp.Scenario) -> PartTotals:
    """One part's bill run (the scenario travels pickled)."""
    return totals(part.bill(MONTH))


def generate(customers: int, path: Path) -> None:
    subprocess.run(["cargo", "run", "-q", "--release", "-p", "csp-benches", "--bin",
                    "synth_book", "--", str(customers), str(path)], check=True, cwd=ROOT)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=2_000)
    parser.add_argument("--parts", type=int, default=4)
    parser.add_argument("--book", type=Path, default=None)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        book = args.book or Path(tmp) / "book.json"
        if args.book is None:
            generate(args.customers, book)
        scenario = csp.Scenario.load(book)
    whole = exact(totals(scenario.bill(MONTH)))
    parts = scenario.split(args.parts)

    ray.init(num_cpus=min(2, os.cpu_count() or 1), include_dashboard=False,
             log_to_driver=False)
    try:
        results: List[PartTotals] = ray.get([bill_part.remote(p) for p in parts])
    finally:
        ray.shutdown()
    bills = sum(r[0] for r in results)
    sums = [sum((Decimal(r[i]) for r in results), Decimal("0")) for i in range(1, 5)]
    distributed = (Decimal(bills), *sums)
    if distributed != whole:
        print(f"Ray totals {distributed} differ from the single process {whole}",
              file=sys.stderr)
        return 1
    print(f"{MONTH}: {len(parts)} parts billed in Ray, {bills} bills, cost {whole[1]}, "
          f"revenue {whole[2]} USD (equal to the single process)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
