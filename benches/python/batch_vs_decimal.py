"""csp_billing's Arrow batch API against the pure-Python ``decimal.Decimal`` + ``datetime``
loop a finance script would write, on the same deterministic workload; both must agree to
the cent on every customer.

    python benches/python/batch_vs_decimal.py [--rows 200000] [--offers 1000] [--months 36]

Workload (fixed seed): ``offers`` offers × ``months`` monthly price lists from 2016-01
(list prices 1.00–60.00 with monthly drift); ``rows`` seat changes on annual subscriptions
over 5 % as many customers, quantity 1–300, ordered over the first year, each changed once
mid-term: price lookup by offer and order date, proration to the term end, half-up to
cents, sum per customer. Prints rows/s for each and the ratio (one run).
"""

from __future__ import annotations

import argparse
import calendar
import datetime
import platform
import random
import time
from decimal import ROUND_HALF_UP, Decimal
from typing import Dict, List, Tuple

import pyarrow as pa

import csp_billing as csp

HEADER = ("Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,"
          "List Price,ERP Price\n")


def add_months(d: datetime.date, n: int) -> datetime.date:
    """SPEC §1.3: from the anchor, the day clamped to the month's length."""
    index = d.year * 12 + (d.month - 1) + n
    y, m = divmod(index, 12)
    return datetime.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def workload(rows: int, offers: int, months: int, seed: int = 2016):
    rng = random.Random(seed)
    ids = [f"OFFER-{i:05d}" for i in range(offers)]
    base = [Decimal(rng.randrange(100, 6000)) / 100 for _ in ids]
    prices: Dict[Tuple[str, int, int], Decimal] = {}
    texts = {}
    for k in range(months):
        y, m = divmod(2016 * 12 + k, 12)
        lines = [HEADER]
        for i, offer in enumerate(ids):
            p = base[i] + Decimal(k % 5) / 100
            prices[(offer, y, m + 1)] = p
            lines.append(f"{offer},Offer {i},Corporate,Non-specific,{p},{p * Decimal('1.25')}\n")
        texts[f"{y:04d}-{m + 1:02d}"] = "".join(lines)
    customers = [f"C{i:06d}" for i in range(max(1, rows // 20))]
    start0 = datetime.date(2016, 1, 1)
    cols: Dict[str, List[object]] = {k: [] for k in
                                     ("customer", "offer", "quantity", "term_start", "change_date")}
    for _ in range(rows):
        start = start0 + datetime.timedelta(days=rng.randrange(0, 366))
        end = add_months(start, 12) - datetime.timedelta(days=1)
        cols["customer"].append(rng.choice(customers))
        cols["offer"].append(rng.choice(ids))
        cols["quantity"].append(rng.randrange(1, 301))
        cols["term_start"].append(start)
        cols["change_date"].append(start + datetime.timedelta(days=rng.randrange(1, (end - start).days + 1)))
    return texts, prices, cols


def python_loop(prices, cols) -> Dict[str, Decimal]:
    """What a finance script does: Decimal arithmetic, one row at a time."""
    cent = Decimal("0.01")
    totals: Dict[str, Decimal] = {}
    for customer, offer, q, start, d in zip(cols["customer"], cols["offer"], cols["quantity"],
                                            cols["term_start"], cols["change_date"]):
        period_price = prices[(offer, start.year, start.month)] * 12
        end = add_months(start, 12) - datetime.timedelta(days=1)
        days = (end - d).days + 1
        period_days = (end - start).days + 1
        amount = (period_price * q * days / period_days).quantize(cent, rounding=ROUND_HALF_UP)
        totals[customer] = totals.get(customer, Decimal(0)) + amount
    return totals


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--offers", type=int, default=1000)
    ap.add_argument("--months", type=int, default=36)
    args = ap.parse_args()
    texts, prices, cols = workload(args.rows, args.offers, args.months)
    book = csp.PriceBook("USD", [csp.PriceList.from_csv(t, m, "USD") for m, t in texts.items()])
    table = pa.table({
        "customer": pa.array(cols["customer"], pa.string()),
        "offer": pa.array(cols["offer"], pa.string()),
        "quantity": pa.array(cols["quantity"], pa.int64()),
        "term_start": pa.array(cols["term_start"], pa.date32()),
        "change_date": pa.array(cols["change_date"], pa.date32()),
    })

    t0 = time.perf_counter()
    expected = python_loop(prices, cols)
    t_py = time.perf_counter() - t0

    t0 = time.perf_counter()
    result = csp.prorate_batch(table, book, lines=False)
    t_batch = time.perf_counter() - t0
    got = {r["customer"]: r["total"] for r in result.totals.to_pylist()}
    assert got == expected, "the batch and the Decimal loop disagree"

    grand = sum(expected.values(), Decimal(0))
    n = args.rows
    print(f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
          f"{datetime.date.today()}")
    print(f"{n} rows, {len(expected)} customers, grand total {grand} USD (identical)")
    print(f"pure-Python Decimal loop: {n / t_py:,.0f} rows/s")
    print(f"csp_billing batch:        {n / t_batch:,.0f} rows/s")
    print(f"ratio: {t_py / t_batch:.1f}x")


if __name__ == "__main__":
    main()
