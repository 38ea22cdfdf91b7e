"""Whole-engine benchmarks (issue 14): `csp charges` and `csp bill` on the synthetic
distributor's book (benches/src/book.rs) at several sizes, with wall time, peak RSS, the
growth exponent between sizes, and the practical limit: reading and scanning the book's JSON
(`book_scan`). Totals are checked exactly (Decimal sums of the CSV amount columns).

    python3 benches/engine/whole_engine.py --bin target/release [--sizes 1000,10000,100000]
        [--books DIR] [--python PY]

Prints `name=value` lines (one run each; the scan is the best of 3). With `--python`, also
runs benches/python/engine.py (the Python `Scenario` API against the native path) when it
exists, with the interpreter PY.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parents[2]
BILL_MONTH = "2016-12"


def run(cmd: List[str], stdout: Optional[int] = subprocess.DEVNULL,
        out_path: Optional[Path] = None) -> Tuple[float, int]:
    """Runs `cmd`; returns (wall seconds, peak RSS in bytes) of that process alone."""
    sink = open(out_path, "wb") if out_path else None
    try:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=sink or stdout, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        err = proc.stderr.read().decode() if proc.stderr else ""
    finally:
        if sink:
            sink.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed: {err}")
    return wall, usage.ru_maxrss * 1024


def csv_total(path: Path, column: str) -> Tuple[Decimal, int]:
    """The exact sum of a CSV column, and the number of rows."""
    total, rows = Decimal(0), 0
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            total += Decimal(row[column])
            rows += 1
    return total, rows


def book(bin_dir: Path, books: Path, customers: int) -> Path:
    path = books / f"book-{customers}.json"
    if not path.exists():
        books.mkdir(parents=True, exist_ok=True)
        subprocess.run([str(bin_dir / "synth_book"), str(customers), str(path)], check=True)
    return path


def scan(bin_dir: Path, path: Path) -> Dict[str, int]:
    out = subprocess.run([str(bin_dir / "book_scan"), str(path), "3"], check=True,
                         capture_output=True, text=True).stdout
    return {k: int(v) for k, v in (line.split("=") for line in out.split())}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", type=Path, default=ROOT / "target" / "release")
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--books", type=Path, default=ROOT / "target" / "bench-books")
    ap.add_argument("--python", default=None)
    args = ap.parse_args()
    csp = str(args.bin / "csp")
    sizes = [int(s) for s in args.sizes.split(",")]
    times: Dict[str, Dict[int, float]] = {"charges": {}, "bill": {}}
    tmp = args.books / "out"
    tmp.mkdir(parents=True, exist_ok=True)
    for n in sizes:
        path = book(args.bin, args.books, n)
        s = scan(args.bin, path)
        print(f"engine_{n}_book_bytes={s['scan_bytes']}")
        print(f"engine_{n}_scan_s={s['scan_ns'] / 1e9:.3f}")
        charges_out, bill_out = tmp / f"charges-{n}.csv", tmp / f"bill-{n}.csv"
        t, rss = run([csp, "charges", str(path), "--format", "csv"], out_path=charges_out)
        times["charges"][n] = t
        print(f"engine_{n}_charges_s={t:.3f}")
        print(f"engine_{n}_charges_rss_mb={rss / 2**20:.0f}")
        t, rss = run([csp, "bill", str(path), "--month", BILL_MONTH, "--format", "csv"],
                     out_path=bill_out)
        times["bill"][n] = t
        print(f"engine_{n}_bill_s={t:.3f}")
        print(f"engine_{n}_bill_rss_mb={rss / 2**20:.0f}")
        print(f"engine_{n}_bill_vs_charges={times['bill'][n] / times['charges'][n]:.2f}")
        print(f"engine_{n}_charges_vs_scan={times['charges'][n] / (s['scan_ns'] / 1e9):.1f}")
        print(f"engine_{n}_bill_vs_scan={times['bill'][n] / (s['scan_ns'] / 1e9):.1f}")
        cost, lines = csv_total(charges_out, "amount")
        revenue, rows = csv_total(bill_out, "amount")
        print(f"engine_{n}_charge_lines={lines}")
        print(f"engine_{n}_charges_total={cost}")
        print(f"engine_{n}_invoice_lines={rows}")
        print(f"engine_{n}_bill_revenue={revenue}")
        charges_out.unlink()
        bill_out.unlink()
        if args.python:
            out = subprocess.run([args.python, str(ROOT / "benches" / "python" / "engine.py"),
                                  str(path), "--month", BILL_MONTH],
                                 check=True, capture_output=True, text=True).stdout
            py = dict(line.split("=", 1) for line in out.split())
            for k, v in py.items():
                print(f"engine_{n}_python_{k}={v}")
            same = (Decimal(py["charges_total"]) == cost
                    and Decimal(py["bill_total_revenue"]) == revenue)
            print(f"engine_{n}_python_totals_equal={'yes' if same else 'NO'}")
        sys.stdout.flush()
    for what, by_size in times.items():
        ns = sorted(by_size)
        for a, b in zip(ns, ns[1:]):
            k = math.log(by_size[b] / by_size[a]) / math.log(b / a)
            print(f"engine_{what}_exponent_{a}_{b}={k:.2f}")


if __name__ == "__main__":
    main()
