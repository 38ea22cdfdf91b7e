"""``prorate_batch`` on several threads: a large record batch is priced in parts, with the
same lines, totals and first refused row as on one thread."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Dict

import pyarrow as pa
import pytest

import csp_billing as cb

from test_batch import ROWS, table

# 700 copies of the 300 rows of test_batch: 210,000 rows in one record batch, three parts of
# at least 65,536 rows each with threads=3.
COPIES = 700


@pytest.fixture(scope="module")
def big() -> Any:
    return pa.concat_tables([table(ROWS)] * COPIES).combine_chunks()


@pytest.fixture(scope="module")
def one_thread(small_book: cb.PriceBook, big: Any) -> cb.BatchResult:
    return cb.prorate_batch(big, small_book, threads=1)


@pytest.mark.parametrize("threads", [2, 3, None])
def test_the_same_lines_and_totals_on_any_number_of_threads(
        small_book: cb.PriceBook, big: Any, one_thread: cb.BatchResult,
        threads: Any) -> None:
    got = cb.prorate_batch(big, small_book, threads=threads)
    assert got.lines.equals(one_thread.lines)
    assert got.totals.equals(one_thread.totals)


def test_totals_are_the_copies_of_one_copys_totals(small_book: cb.PriceBook, big: Any) -> None:
    # Independent of the parts: each customer's total over 700 copies is 700 times its total
    # over one copy, and so is its line count.
    once: Dict[str, Any] = {r["customer"]: r for r in
                            cb.prorate_batch(table(ROWS), small_book).totals.to_pylist()}
    many = cb.prorate_batch(big, small_book, lines=False, threads=3).totals.to_pylist()
    assert [r["customer"] for r in many] == list(once)
    for r in many:
        assert r["total"] == once[r["customer"]]["total"] * COPIES
        assert r["lines"] == once[r["customer"]]["lines"] * COPIES
    assert sum(r["lines"] for r in many) == len(ROWS) * COPIES


def _with_bad(big: Any, at: int) -> Any:
    row = dict(ROWS[at % len(ROWS)], quantity=0)
    return pa.concat_tables([big.slice(0, at), table([row]), big.slice(at + 1)]).combine_chunks()


@pytest.mark.parametrize("at", [5, 100_000, 209_999])
@pytest.mark.parametrize("threads", [1, 3])
def test_the_first_refused_row_whatever_part_holds_it(
        small_book: cb.PriceBook, big: Any, at: int, threads: int) -> None:
    data = _with_bad(big, at)
    # A second bad row later on: the earlier one is reported, whichever part finishes first.
    if at < 200_000:
        data = _with_bad(data, 205_000)
    with pytest.raises(cb.SubscriptionError) as info:
        cb.prorate_batch(data, small_book, lines=False, threads=threads)
    assert (info.value.code, info.value.context["row"]) == ("invalid_quantity", str(at))


@pytest.mark.parametrize("bad", [0, -1, 1025, 2.0, "2", True])
def test_threads_is_a_positive_int(small_book: cb.PriceBook, bad: Any) -> None:
    with pytest.raises((cb.InputError, TypeError)):
        cb.prorate_batch(table(ROWS[:3]), small_book, threads=bad)


def test_a_small_batch_on_many_threads_is_one_part(small_book: cb.PriceBook) -> None:
    rows = [{"customer": "C1", "offer": "E3", "quantity": 1,
             "term_start": datetime.date(2016, 3, 1), "change_date": datetime.date(2016, 3, 1)}]
    t = pa.Table.from_pylist(rows, schema=pa.schema([
        ("customer", pa.string()), ("offer", pa.string()), ("quantity", pa.int64()),
        ("term_start", pa.date32()), ("change_date", pa.date32())]))
    got = cb.prorate_batch(t, small_book, threads=8).totals.to_pylist()
    # A whole year of one seat on its first day: 12 months of E3's list price.
    price = cb.PriceBook.price(small_book, "E3", datetime.date(2016, 3, 1),
                               datetime.date(2016, 3, 1)).list
    assert got == [{"customer": "C1", "lines": 1, "total": price * 12}]
    assert isinstance(got[0]["total"], Decimal)
