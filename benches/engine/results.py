"""The whole-engine section of benches/RESULTS.md, from the `name=value` lines of
whole_engine.py (and benches/python/engine.py when it ran).

    python3 benches/engine/results.py VALUES_FILE
"""

from __future__ import annotations

import sys
from typing import Dict, List


def main() -> None:
    values: Dict[str, str] = {}
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            if "=" in line:
                k, v = line.strip().split("=", 1)
                values.setdefault(k, v)
    sizes: List[int] = sorted({int(k.split("_")[1]) for k in values
                               if k.startswith("engine_") and k.split("_")[1].isdigit()})
    g = lambda n, key, default="–": values.get(f"engine_{n}_{key}", default)  # noqa: E731
    out = [
        "## The whole engine on a distributor's book",
        "",
        "`benches/engine/whole_engine.py`: the synthetic book of `synth_book` (benches/src/book.rs,",
        "SplitMix64 seed 2016: about 3 subscriptions and 13 events per customer over 2016, twelve",
        "price lists, partner settings naming customers and subscriptions), `csp charges` and",
        f"`csp bill --month 2016-12` with `--format csv` to a file, one run each. The practical",
        "limit of the time is reading the book and scanning its JSON (`book_scan`, best of 3):",
        "no engine reading this format does less. The memory limit is the issue's 2 GB.",
        "",
        "| customers | book | charge lines | `csp charges` | peak RSS | `csp bill` | peak RSS | bill ÷ charges | JSON scan (limit) | charges ÷ scan | bill ÷ scan |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n in sizes:
        mb = int(g(n, "book_bytes", "0")) / 2**20
        out.append(
            f"| {n:,} | {mb:.0f} MB | {int(g(n, 'charge_lines', '0')):,} | {g(n, 'charges_s')} s "
            f"| {g(n, 'charges_rss_mb')} MB | {g(n, 'bill_s')} s | {g(n, 'bill_rss_mb')} MB "
            f"| {g(n, 'bill_vs_charges')} | {g(n, 'scan_s')} s | {g(n, 'charges_vs_scan')}× "
            f"| {g(n, 'bill_vs_scan')}× |")
    out.append("")
    exps = [(k, v) for k, v in values.items() if "_exponent_" in k]
    if exps:
        out.append("Growth exponent k in time ∝ customersᵏ (1 is linear): " + "; ".join(
            f"{k.split('_')[1]} {k.split('_')[3]}→{k.split('_')[4]}: {v}" for k, v in exps) + ".")
        out.append("")
    out.append("Totals (exact sums of the CSV amount columns): " + "; ".join(
        f"{n:,} customers: charges {g(n, 'charges_total')}, bill revenue {g(n, 'bill_revenue')} "
        f"over {g(n, 'invoice_lines')} invoice lines" for n in sizes) + ".")
    py = [n for n in sizes if f"engine_{n}_python_python_charges_s" in values]
    if py:
        out += [
            "",
            "The Python `Scenario` API against the native core call under it",
            "(benches/python/engine.py; one run at 100 k, best of 3 below). `charges()` returns a",
            "lazy `ChargeLines` over the native lines; reading every record costs the",
            "\"iterate\" column; `charges_table()` builds the Arrow table natively. The target is",
            "at most 1.5× the native time.",
            "",
            "| customers | native charges | `charges()` | ratio | iterate all | `charges_table()` | native bill | `bill()` | ratio | peak RSS | totals equal the CLI's |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for n in py:
            p = lambda key: values.get(f"engine_{n}_python_{key}", "–")  # noqa: E731
            r = lambda key: f"{float(p(key)):.2f}" if p(key) != "–" else "–"  # noqa: E731
            out.append(
                f"| {n:,} | {r('native_charges_s')} s | {r('python_charges_s')} s "
                f"| {r('ratio_charges_python_over_native')}× | {r('python_charges_iterate_s')} s "
                f"| {r('charges_table_s')} s | {r('native_bill_s')} s | {r('python_bill_s')} s "
                f"| {r('ratio_bill_python_over_native')}× | {float(p('peak_rss_mib')):.0f} MiB "
                f"| {g(n, 'python_totals_equal')} |")
    print("\n".join(out))


if __name__ == "__main__":
    main()
