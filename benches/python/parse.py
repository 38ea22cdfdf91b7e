"""The parse rows of benches/RESULTS.md: reading a 300k-row NCE price sheet and a 20k-row
legacy price list (written by ``price_sheets gen``, deterministic) by

- the ``csp`` CLI (``csp price-list show FILE --offer …``: parses the whole file, prints
  one offer's rows);
- csp-core's parser in Rust (``price_sheets parse``, in-process);
- csp_billing in Python (``PriceBook.with_nce_file``, ``PriceList.read``; the rows stay
  native until read, and reading every legacy row as a record is timed apart:
  ``parse_csp_billing_legacy_records_s``);
- polars ``read_csv`` (every column as text) + exact ``str.to_decimal`` of the price column
  (the practical limit: a multi-threaded native CSV reader);
- the same polars code on one thread (``POLARS_MAX_THREADS=1``), as the other readers run;
- pandas ``read_csv(dtype=str)`` + ``decimal.Decimal`` of the price column.

Each runs in its own process, one run, with its peak RSS (``ru_maxrss`` of the child). The
Python readers time the read inside the child (interpreter start and imports excluded);
the CLI is timed as a whole process. Every reader's sum of the price column must agree.

    python benches/python/parse.py --data DIR --csp target/release/csp \\
        --price-sheets target/release/price_sheets

Prints ``key=value`` lines: ``parse_<reader>_<format>_s``, ``…_rss_mb``, the price sums,
and ``parse_<reader>_<format>_vs_polars`` (polars' time over the reader's: above 1 is
faster than polars).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from decimal import Decimal
from typing import Dict, List, Optional, Tuple

# The child programs: each prints `s=<seconds>` (its own timing) and `sum=<price sum>`.
CHILD = {
    "csp_billing": {
        "nce": """
import csp_billing as cb
t = time.perf_counter()
book = cb.PriceBook("USD").with_nce_file(PATH)
s = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
total = sum(Decimal(x) for x in book.nce_table().column("unit_price").to_pylist())
""",
        "legacy": """
import csp_billing as cb
t = time.perf_counter()
rows = cb.PriceList.read(PATH, "2016-03", "USD").rows
s = time.perf_counter() - t
# The rows stay native until read: reading every one as a PriceRow record is timed apart.
t = time.perf_counter()
records = tuple(rows)
records_s = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
total = sum(r.list_price for r in records)
""",
    },
    "polars": {
        fmt: f"""
import polars as pl
t = time.perf_counter()
df = pl.read_csv(PATH, infer_schema=False)
price = df.get_column({col!r}).str.to_decimal(scale=4)
s = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
total = price.sum().normalize()
""" for fmt, col in (("nce", "UnitPrice"), ("legacy", "List Price"))
    },
    "pandas": {
        fmt: f"""
import pandas as pd
t = time.perf_counter()
df = pd.read_csv(PATH, dtype=str, keep_default_na=False, encoding="utf-8-sig")
price = df[{col!r}].map(Decimal)
s = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
total = sum(price)
""" for fmt, col in (("nce", "UnitPrice"), ("legacy", "List Price"))
    },
}

PRELUDE = "import resource, time\nfrom decimal import Decimal\nPATH = {path!r}\n"
EPILOGUE = ("print(f's={s:.6f}'); print(f'rss_kb={rss}'); print(f'sum={Decimal(total).normalize()}')\n"
            "if 'records_s' in globals(): print(f'records_s={records_s:.6f}')\n")


def run(cmd: List[str], env: Optional[Dict[str, str]] = None) -> str:
    """Runs `cmd` (with `env` added to the environment) and returns its stdout (exits with
    its stderr when it fails)."""
    p = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **(env or {})})
    if p.returncode != 0:
        raise SystemExit(f"{cmd[-1][:60]!r} failed: {p.stderr.strip()[-2000:]}")
    return p.stdout


def measured(cmd: List[str], env: Optional[Dict[str, str]] = None) -> Tuple[float, int, str]:
    """`cmd`'s wall time, peak RSS (KB) and stdout: run from a fresh process whose only
    child it is, so that that process's RUSAGE_CHILDREN is `cmd`'s own."""
    probe = ("import resource, subprocess, sys, time\n"
             "t = time.perf_counter()\n"
             "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
             "wall = time.perf_counter() - t\n"
             "sys.stderr.write(p.stderr)\n"
             "print(p.stdout, end='')\n"
             "print(f'__wall={wall:.6f}')\n"
             "print(f'__rss_kb={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}')\n"
             "sys.exit(p.returncode)\n")
    out = run([sys.executable, "-c", probe, *cmd], env)
    fields = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    return float(fields["__wall"]), int(fields["__rss_kb"]), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, help="directory with nce.csv and legacy.csv")
    ap.add_argument("--csp", required=True, help="the csp CLI (release build)")
    ap.add_argument("--price-sheets", required=True, help="the price_sheets bench binary")
    args = ap.parse_args()
    files = {"nce": os.path.join(args.data, "nce.csv"),
             "legacy": os.path.join(args.data, "legacy.csv")}
    offers = {"nce": "CFQ7TTC00001:0001", "legacy": ""}
    with open(files["legacy"], encoding="utf-8-sig") as f:
        f.readline()
        offers["legacy"] = f.readline().split(",")[4]

    print(f"parse_load_average={os.getloadavg()[0]:.2f}")
    for fmt, path in files.items():
        times: Dict[str, float] = {}
        sums: Dict[str, str] = {}

        def report(name: str, seconds: float, rss_kb: int, total: str) -> None:
            total = str(Decimal(total).normalize()) if total else ""
            times[name] = seconds
            sums[name] = total
            print(f"parse_{name}_{fmt}_s={seconds:.3f}")
            print(f"parse_{name}_{fmt}_rss_mb={rss_kb / 1024:.0f}")
            if total:
                print(f"parse_{name}_{fmt}_price_sum={total}")
            sys.stdout.flush()

        wall, rss, _ = measured([args.csp, "price-list", "show", path, "--offer", offers[fmt],
                                 "--format", "csv"])
        report("cli", wall, rss, "")
        _, rss, out = measured([args.price_sheets, "parse", fmt, path, "1"])
        fields = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
        report("rust_core", float(fields[f"rust_core_{fmt}_ms"]) / 1000, rss,
               fields[f"rust_core_{fmt}_price_sum"])
        for name, programs in CHILD.items():
            program = PRELUDE.format(path=path) + programs[fmt] + EPILOGUE
            runs = [(name, None)]
            if name == "polars":  # and on one thread, as the single-threaded readers run
                runs.append(("polars_1_thread", {"POLARS_MAX_THREADS": "1"}))
            for label, env in runs:
                _, _, out = measured([sys.executable, "-c", program], env)
                fields = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
                report(label, float(fields["s"]), int(fields["rss_kb"]), fields["sum"])
                if "records_s" in fields:
                    print(f"parse_{label}_{fmt}_records_s={float(fields['records_s']):.3f}")
        distinct = {v for v in sums.values() if v}
        if len(distinct) != 1:
            raise SystemExit(f"{fmt}: price sums differ: {sums}")
        for name, seconds in times.items():
            if name != "polars":
                print(f"parse_{name}_{fmt}_vs_polars={times['polars'] / seconds:.2f}")


if __name__ == "__main__":
    main()
