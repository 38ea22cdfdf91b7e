"""Monthly close for a CSP partner: price lists + subscription events -> every customer's
bill, the margin report, and a check of Microsoft's cost against the charge lines.

    python examples/python/monthly_close.py [SCENARIO.json] [--month 2016-03] [--out DIR]

Without a scenario it runs the built-in demo partner. Writes ``invoice-lines.csv`` and
``statement.csv`` (amounts as exact decimal text) and keeps the bill run as
``bill-run-<month>.json``-ready data for next month's corrections.
"""

from __future__ import annotations

import argparse
import csv
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import csp_billing as csp


def write_csv(path: Path, rows: List[Dict[str, Any]]) -> None:
    """Rows as CSV; Decimal and date values are written as their exact text."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        if not rows:
            return
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if v is None else str(v) for k, v in row.items()})


def close_month(scenario: csp.Scenario, month: str, out: Path,
                first_number: int = 1) -> csp.BillRun:
    """Bills ``month``, writes the CSV files, and checks the statement's Microsoft cost
    against the charge lines dated in the billing window."""
    run = scenario.bill(month, first_number=first_number)
    write_csv(out / "invoice-lines.csv", run.invoice_lines())
    write_csv(out / "statement.csv", run.statements())

    # Reconciliation: the cost on the statements is the sum of Microsoft's lines in the window.
    lines = scenario.charges()
    window = run.window
    in_window = sum((line.amount for line in lines
                     if window.first <= line.date <= window.last), Decimal("0"))
    billed_cost = sum((b.statement.cost for b in run.bills), Decimal("0"))
    if in_window != billed_cost:
        raise SystemExit(f"cost mismatch: charge lines {in_window} vs statements {billed_cost}")
    return run


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", help="scenario JSON (default: the demo partner)")
    parser.add_argument("--month", default="2016-03")
    parser.add_argument("--out", default="monthly-close")
    parser.add_argument("--first-number", type=int, default=1001)
    args = parser.parse_args(argv)
    try:
        scenario = csp.Scenario.load(args.scenario) if args.scenario else csp.Scenario.demo()
        run = close_month(scenario, args.month, Path(args.out), args.first_number)
    except csp.CspError as e:
        print(f"error[{e.code}]: {e}", file=sys.stderr)
        return 2
    t = run.totals
    print(f"{run.partner}: {len(run.bills)} bills for {run.month}, issued {run.issue_date}")
    for b in run.bills:
        inv = b.invoice
        kind = "credit note" if inv.credit_note else "invoice"
        print(f"  {inv.number}  {inv.customer:<10} {kind:<11} {inv.total:>10} {run.currency}")
    print(f"cost {t.cost}  revenue {t.revenue}  margin {t.margin} ({t.margin_percent} %)")
    print(f"written: {args.out}/invoice-lines.csv, {args.out}/statement.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
