"""The scenario path from Python against the native core alone, on a book file (e.g. the
synthetic books of ``cargo run --release -p csp-benches --bin synth_book -- N FILE``).

    python benches/python/engine.py BOOK.json [--month 2016-12] [--best 3]

Times, on the scenario loaded once (``Scenario.from_json``, timed too):

- ``native_charges``: the replay alone (``NativeScenario.charges``: the core's lines, kept
  native, no record built) and ``python_charges``: ``Scenario.charges()`` (a lazy
  ``ChargeLines`` over the same native lines);
- ``python_charges_iterate``: ``Scenario.charges()`` and summing every line's ``amount``
  (every record built: the honest cost of reading them all);
- ``charges_table``: ``Scenario.charges_table()`` (pyarrow, built natively);
- ``native_bill`` (``NativeScenario.bill``, no record built), ``python_bill``
  (``Scenario.bill()``: every record of the run built natively) and ``bill_table``;

each one run, or the best of ``--best`` runs when the book has at most 20,000 customers
(``--best 1`` for one run always). Prints ``name=value`` lines: seconds, the ratios
python/native, the line counts and the peak RSS of the process.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from decimal import Decimal
from typing import Any, Callable, Tuple

import csp_billing as csp


def timed(fn: Callable[[], Any], runs: int) -> Tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(runs):
        out = None  # free the previous result before the next run
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("book")
    ap.add_argument("--month", default="2016-12")
    ap.add_argument("--best", type=int, default=3)
    args = ap.parse_args()

    with open(args.book, encoding="utf-8") as f:
        text = f.read()
    t_load, scenario = timed(lambda: csp.Scenario.from_json(text), 1)
    del text
    customers = scenario._core.summary()[1]
    runs = args.best if customers <= 20_000 else 1
    core = scenario._core

    out = {"customers": customers, "runs": runs, "load_s": t_load}
    out["native_charges_s"], native_lines = timed(lambda: core.charges(), runs)
    out["lines"] = len(native_lines)
    del native_lines
    out["python_charges_s"], lines = timed(lambda: scenario.charges(), runs)
    assert len(lines) == out["lines"]
    del lines

    def iterate() -> Decimal:
        return sum((l.amount for l in scenario.charges()), Decimal(0))

    out["python_charges_iterate_s"], total = timed(iterate, 1)
    out["charges_total"] = total
    out["charges_table_s"], table = timed(lambda: scenario.charges_table(), runs)
    assert table.num_rows == out["lines"]
    import pyarrow.compute as pc
    assert pc.sum(table.column("amount")).as_py() == total, "table and records disagree"
    del table

    m = args.month
    out["native_bill_s"], native_run = timed(lambda: core.bill(m), runs)
    del native_run
    out["python_bill_s"], run = timed(lambda: scenario.bill(m), runs)
    out["bills"] = len(run.bills)
    out["invoice_lines"] = sum(len(b.invoice.lines) for b in run.bills)
    out["bill_total_revenue"] = run.totals.revenue
    del run
    out["bill_table_s"], table = timed(lambda: scenario.bill_table(m), runs)
    assert table.num_rows == out["invoice_lines"]
    del table

    out["ratio_charges_python_over_native"] = out["python_charges_s"] / out["native_charges_s"]
    out["ratio_charges_iterate_over_native"] = (out["python_charges_iterate_s"]
                                                / out["native_charges_s"])
    out["ratio_charges_table_over_native"] = out["charges_table_s"] / out["native_charges_s"]
    out["ratio_bill_python_over_native"] = out["python_bill_s"] / out["native_bill_s"]
    out["ratio_bill_table_over_native"] = out["bill_table_s"] / out["native_bill_s"]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out["peak_rss_mib"] = rss / 1024 if sys.platform != "darwin" else rss / 2**20
    with open("/proc/loadavg") as f:
        out["load_average"] = f.read().split()[0]
    for k, v in out.items():
        print(f"{k}={v:.4f}" if isinstance(v, float) else f"{k}={v}")


if __name__ == "__main__":
    main()
