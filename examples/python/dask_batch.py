"""The batch API in Dask workers: ``map_partitions`` over a table of seat changes, each
partition prorated by csp_billing with the GIL released, then totals per customer.

    python examples/python/dask_batch.py [--rows 20000] [--partitions 4]

The same function works with Spark ``mapInArrow`` and Ray ``map_batches`` (see README).
The script checks that the distributed totals equal a single in-process batch, exactly.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
from decimal import Decimal
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import dask
import dask.dataframe as dd
import pandas as pd
import pyarrow as pa

import csp_billing as csp

ROOT = Path(__file__).resolve().parents[2]
LISTS = ROOT / "testdata" / "price-lists"


def price_book() -> csp.PriceBook:
    """February and March 2016 from the sample price lists."""
    return csp.PriceBook.from_files("USD", {
        "2016-02": LISTS / "legacy-2016-02-USD.csv",
        "2016-03": LISTS / "legacy-2016-03-USD.csv",
    })


def generate(rows: int, seed: int = 7) -> pd.DataFrame:
    """Seat changes on annual subscriptions ordered in February–March 2016."""
    book = price_book()
    offers = [r.offer_id for r in book.lists[0].rows
              if r.secondary_type != "add_on" and r.offer_id in
              {x.offer_id for x in book.lists[1].rows}]
    rng = random.Random(seed)
    start0 = datetime.date(2016, 2, 1)
    data: Dict[str, List[object]] = {k: [] for k in
                                     ("customer", "offer", "quantity", "term_start", "change_date")}
    for _ in range(rows):
        start = start0 + datetime.timedelta(days=rng.randrange(0, 60))
        data["customer"].append(f"c{rng.randrange(0, 200):04d}")
        data["offer"].append(rng.choice(offers))
        data["quantity"].append(rng.randrange(1, 300))
        data["term_start"].append(start)
        data["change_date"].append(start + datetime.timedelta(days=rng.randrange(0, 365)))
    frame = pd.DataFrame(data)
    # Arrow-backed date columns: they stay dates through Dask (object columns become text).
    for column in ("term_start", "change_date"):
        frame[column] = frame[column].astype(pd.ArrowDtype(pa.date32()))
    return frame


def prorate_partition(df: pd.DataFrame, book: csp.PriceBook) -> pd.DataFrame:
    """One partition: the lines' amounts as exact Decimal objects (never floats)."""
    table = pa.Table.from_pandas(df, preserve_index=False)
    lines = csp.prorate_batch(table, book).lines
    assert lines is not None  # asked for (the default)
    out: pd.DataFrame = lines.select(["customer", "amount"]).to_pandas()
    return out


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--partitions", type=int, default=4)
    args = parser.parse_args(argv)

    book = price_book()
    frame = generate(args.rows)
    ddf = dd.from_pandas(frame, npartitions=args.partitions)  # type: ignore[no-untyped-call]
    meta = pd.DataFrame({"customer": pd.Series(dtype="object"),
                         "amount": pd.Series(dtype="object")})
    lines = ddf.map_partitions(prorate_partition, book, meta=meta)
    with dask.config.set(scheduler="threads"):
        amounts = lines.compute()
    distributed: Dict[str, Decimal] = {}
    for customer, amount in zip(amounts["customer"], amounts["amount"]):
        distributed[customer] = distributed.get(customer, Decimal("0")) + amount

    single = csp.prorate_batch(pa.Table.from_pandas(frame, preserve_index=False), book,
                               lines=False).totals.to_pylist()
    expected = {row["customer"]: row["total"] for row in single}
    if distributed != expected:
        print("distributed totals differ from the single batch", file=sys.stderr)
        return 1
    grand = sum(expected.values(), Decimal("0"))
    print(f"{args.rows} seat changes in {args.partitions} partitions: {len(expected)} "
          f"customers, total {grand} USD (equal to the single batch)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
