"""The Python rows of benches/RESULTS.md on the shared deterministic workload (the same
SplitMix64 generator as benches/src/lib.rs, so every implementation prints the same grand
total and per-customer checksum):

- a pure-Python ``decimal.Decimal`` + ``datetime`` loop (what a finance script does);
- a plain numpy int64 version (vectorised date arithmetic per row, exact integer half-up);
- the expert numpy version: the i64 kernel's tables (term end, term days and month index
  tabled per start day), vectorised gathers, exact integer half-up, ``np.bincount`` per
  customer — the numpy baseline to beat;
- csp_billing's Arrow batch API (``prorate_batch``) on the Arrow layout that matches the
  numpy script's integer ids: dictionary-encoded (categorical) customer and offer columns
  and ``date32`` dates; and, for comparison, on plain string id columns.

    python benches/python/baselines.py [--lines 1000000]

Prints ``key=value`` lines (rows/s of each, totals); every path's totals must agree.
"""

from __future__ import annotations

import argparse
import calendar
import datetime
import time
from decimal import ROUND_HALF_UP, Decimal
from typing import Dict, List, Tuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

import csp_billing as csp

MASK = (1 << 64) - 1
HEADER = ("Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,"
          "List Price,ERP Price\n")
DAY0 = datetime.date(2016, 1, 1)


class SplitMix64:
    """Bit for bit the generator of benches/src/lib.rs."""

    def __init__(self, seed: int) -> None:
        self.state = seed & MASK

    def next_u64(self) -> int:
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n: int) -> int:
        return self.next_u64() % max(n, 1)


def add_months(d: datetime.date, n: int) -> datetime.date:
    index = d.year * 12 + (d.month - 1) + n
    y, m = divmod(index, 12)
    return datetime.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def term_end(start: datetime.date) -> datetime.date:
    return add_months(start, 12) - datetime.timedelta(days=1)


def workload(offers: int, months: int, lines: int, customers: int, seed: int = 2016):
    rng = SplitMix64(seed)
    base = [100 + rng.below(5901) for _ in range(offers)]
    prices = [[b + m % 5 for b in base] for m in range(months)]  # cents
    cols: Dict[str, list] = {k: [] for k in ("customer", "offer", "quantity", "term_start",
                                             "change_date")}
    for _ in range(lines):
        cols["customer"].append(rng.below(customers))
        cols["offer"].append(rng.below(offers))
        cols["quantity"].append(1 + rng.below(300))
        start = DAY0 + datetime.timedelta(days=rng.below(366))
        term_days = (term_end(start) - start).days + 1
        cols["term_start"].append(start)
        cols["change_date"].append(start + datetime.timedelta(days=1 + rng.below(term_days - 1)))
    return prices, cols


def checksum(per_customer: List[int]) -> Tuple[int, int]:
    s = 0
    for i, t in enumerate(per_customer):
        s = (s + (i + 1) * (t & MASK)) & MASK
    return sum(per_customer), s


def decimal_loop(prices, cols, customers: int) -> Tuple[int, int]:
    cent = Decimal("0.01")
    book = {(o, m): Decimal(p) / 100 for m, row in enumerate(prices) for o, p in enumerate(row)}
    totals = [Decimal(0)] * customers
    for c, o, q, start, d in zip(cols["customer"], cols["offer"], cols["quantity"],
                                 cols["term_start"], cols["change_date"]):
        month = (start.year - 2016) * 12 + start.month - 1
        period_price = book[(o, month)] * 12
        end = term_end(start)
        amount = (period_price * q * ((end - d).days + 1) / ((end - start).days + 1)).quantize(
            cent, rounding=ROUND_HALF_UP)
        totals[c] += amount
    return checksum([int(t * 100) for t in totals])


def numpy_int64(prices, arrays, customers: int) -> Tuple[int, int]:
    """Plain numpy, per row: month index, anchor-based term end with month-end clamping, exact
    integer half-up (2·num + D) // 2D, bincount per customer."""
    start = arrays["term_start"]  # datetime64[D]
    change = arrays["change_date"]
    months = start.astype("datetime64[M]")
    month_index = (months - np.datetime64("2016-01", "M")).astype(np.int64)
    day = (start - months.astype("datetime64[D]")).astype(np.int64) + 1
    end_month = months + 12
    month_len = ((end_month + 1).astype("datetime64[D]") - end_month.astype("datetime64[D]")
                 ).astype(np.int64)
    end = end_month.astype("datetime64[D]") + (np.minimum(day, month_len) - 1) - 1
    days = (end - change).astype(np.int64) + 1
    period_days = (end - start).astype(np.int64) + 1
    table = np.asarray(prices, dtype=np.int64)
    num = 12 * table[month_index, arrays["offer"]] * arrays["quantity"] * days
    amount = (2 * num + period_days) // (2 * period_days)
    per_customer = np.zeros(customers, dtype=np.int64)
    np.add.at(per_customer, arrays["customer"], amount)
    return checksum_np(per_customer)


def numpy_tabled(prices, arrays, customers: int) -> Tuple[int, int]:
    """The expert numpy version, with the i64 kernel's tables: each possible start day
    (2016) tabled once with its month index and its term's last day and length, so that
    every row is a few vectorised gathers — start day → (month, term end, term days), (month,
    offer) → price in a flat table — one exact integer half-up division ``(2·num + D) //
    2D``, and ``np.bincount`` per customer (float64 sums of whole cents: exact while every
    partial sum stays below 2⁵³, far above these totals; the result is checked against
    every other path)."""
    base = np.datetime64(DAY0, "D").astype(np.int64)
    month_of = np.empty(366, dtype=np.int64)
    last_of = np.empty(366, dtype=np.int64)
    for o in range(366):
        start = DAY0 + datetime.timedelta(days=o)
        month_of[o] = (start.year - 2016) * 12 + start.month - 1
        last_of[o] = (term_end(start) - DAY0).days
    term_days = last_of - np.arange(366, dtype=np.int64) + 1
    table = 12 * np.asarray(prices, dtype=np.int64)
    offers = table.shape[1]
    day = arrays["term_start"].view(np.int64) - base
    change = arrays["change_date"].view(np.int64) - base
    period = term_days[day]
    price = table.ravel()[month_of[day] * offers + arrays["offer"]]
    num = price * arrays["quantity"] * (last_of[day] - change + 1)
    amount = (2 * num + period) // (2 * period)
    per_customer = np.bincount(arrays["customer"], weights=amount, minlength=customers)
    return checksum_np(per_customer.astype(np.int64))


def checksum_np(per_customer: np.ndarray) -> Tuple[int, int]:
    """:func:`checksum` vectorised (uint64 products and sums wrap modulo 2⁶⁴ as the
    definition does)."""
    index = np.arange(1, len(per_customer) + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        s = int((index * per_customer.astype(np.uint64)).sum(dtype=np.uint64))
    return int(per_customer.sum()), s


def batch(book: csp.PriceBook, table: pa.Table, customers: int) -> Tuple[int, int]:
    """The library's batch, then (vectorised, as the numpy script's bincount) totals in cents
    by customer index: the decimal128 mantissas read as little-endian words (low word = the
    cents, high word its sign: every total here fits 64 bits), indices from ``C000123``."""
    totals = csp.prorate_batch(table, book, lines=False).totals.combine_chunks()
    total = totals.column("total").chunk(0)
    words = np.frombuffer(total.buffers()[1], dtype=np.int64)[2 * total.offset:][:2 * len(total)]
    low, high = words[0::2], words[1::2]
    assert (high == (low >> 63)).all(), "a total beyond 64 bits"
    index = pc.cast(pc.utf8_slice_codeunits(totals.column("customer"), 1), pa.int64())
    per_customer = np.zeros(customers, dtype=np.int64)
    per_customer[index.to_numpy()] = low
    return checksum_np(per_customer)


def timed(f, *args, repeat: int = 1):
    """Best time of ``repeat`` runs (the Rust side takes the best of several too)."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        out = f(*args)
        best = min(best, time.perf_counter() - t)
    return best, out


def interleaved(runs, repeat: int):
    """Best time of each of ``runs`` (name → zero-argument callable), run in turn ``repeat``
    times, so that a slow spell of the machine falls on every path alike; and their
    results by name."""
    best = {name: float("inf") for name in runs}
    out = {}
    for _ in range(repeat):
        for name, f in runs.items():
            t = time.perf_counter()
            out[name] = f()
            best[name] = min(best[name], time.perf_counter() - t)
    return best, out


def price_book(prices) -> csp.PriceBook:
    """The workload's monthly lists (prices in cents) as a csp_billing book."""
    return csp.PriceBook("USD", [
        csp.PriceList.from_csv(HEADER + "".join(
            f"OFFER-{o:05d},OFFER-{o:05d},Corporate,Non-specific,{Decimal(p) / 100},"
            f"{Decimal(p) / 100}\n" for o, p in enumerate(row)),
            f"{2016 + m // 12:04d}-{m % 12 + 1:02d}", "USD")
        for m, row in enumerate(prices)])


def categorical_table(cols, customers: int) -> pa.Table:
    """The rows as Arrow, customer and offer as categoricals (what pandas/polars hand over
    for a column of repeated ids) and ``date32`` dates."""
    customer_names = pa.array([f"C{c:06d}" for c in range(customers)], pa.string())
    offer_names = pa.array([f"OFFER-{o:05d}" for o in range(1000)], pa.string())
    return pa.table({
        "customer": pa.DictionaryArray.from_arrays(
            pa.array(cols["customer"], pa.int32()), customer_names),
        "offer": pa.DictionaryArray.from_arrays(pa.array(cols["offer"], pa.int32()), offer_names),
        "quantity": pa.array(cols["quantity"], pa.int64()),
        "term_start": pa.array(cols["term_start"], pa.date32()),
        "change_date": pa.array(cols["change_date"], pa.date32()),
    })


def from_command_line(ap: argparse.ArgumentParser):
    """``--lines`` (and ``ap``'s own options) read, and the workload of that many lines:
    ``(args, lines, customers, prices, cols, book)``."""
    ap.add_argument("--lines", type=int, default=1_000_000)
    args = ap.parse_args()
    customers = max(1, args.lines // 20)
    prices, cols = workload(1000, 36, args.lines, customers)
    return args, args.lines, customers, prices, cols, price_book(prices)


def main() -> None:
    _, n, customers, prices, cols, book = from_command_line(argparse.ArgumentParser())
    arrays = {
        "customer": np.asarray(cols["customer"], dtype=np.int64),
        "offer": np.asarray(cols["offer"], dtype=np.int64),
        "quantity": np.asarray(cols["quantity"], dtype=np.int64),
        "term_start": np.asarray(cols["term_start"], dtype="datetime64[D]"),
        "change_date": np.asarray(cols["change_date"], dtype="datetime64[D]"),
    }
    table = categorical_table(cols, customers)
    strings = pa.table({
        "customer": pa.array([f"C{c:06d}" for c in cols["customer"]], pa.string()),
        "offer": pa.array([f"OFFER-{o:05d}" for o in cols["offer"]], pa.string()),
        **{k: table.column(k) for k in ("quantity", "term_start", "change_date")},
    })
    best, got = interleaved({
        "np": lambda: numpy_int64(prices, arrays, customers),
        "nt": lambda: numpy_tabled(prices, arrays, customers),
        "b": lambda: batch(book, table, customers),
        "s": lambda: batch(book, strings, customers),
    }, repeat=5)
    t_np, t_nt, t_b, t_s = (best[k] for k in ("np", "nt", "b", "s"))
    r_np, r_nt, r_b, r_s = (got[k] for k in ("np", "nt", "b", "s"))
    t_dec, r_dec = timed(decimal_loop, prices, cols, customers)
    assert r_np == r_nt == r_b == r_s == r_dec, (r_np, r_nt, r_b, r_s, r_dec)
    print(f"grand_cents={r_b[0]} checksum={r_b[1]}")
    print(f"python_decimal_rows_per_s={n / t_dec:.0f}")
    print(f"python_numpy_int64_rows_per_s={n / t_np:.0f}")
    print(f"python_numpy_tabled_rows_per_s={n / t_nt:.0f}")
    print(f"python_csp_billing_batch_rows_per_s={n / t_b:.0f}")
    print(f"python_csp_billing_batch_strings_rows_per_s={n / t_s:.0f}")
    print(f"batch_vs_decimal={t_dec / t_b:.2f}")
    print(f"batch_vs_numpy={t_np / t_b:.2f}")
    print(f"batch_vs_numpy_tabled={t_nt / t_b:.2f}")


if __name__ == "__main__":
    main()
