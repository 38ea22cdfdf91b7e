"""The batch API: seat changes in volume, as Arrow, with the GIL released."""

from __future__ import annotations

import dataclasses
from typing import Any, Optional

from . import _native
from ._convert import _refuse_type, text
from ._policy import ProrationPolicy
from ._prices import PriceBook

__all__ = ["BatchResult", "prorate_batch", "BATCH_COLUMNS"]

#: The input columns of :func:`prorate_batch`.
BATCH_COLUMNS = {
    "customer": "string or categorical: the customer, for the totals",
    "offer": "string or categorical: the offer id as in the price list",
    "quantity": "integer: seats added (negative: removed), never 0",
    "term_start": "date: the order date; the price is the list price in force on it",
    "change_date": "date: the day of the change, inside the term",
    "frequency": "string, optional: 'annual' (default) or 'monthly'",
}


@dataclasses.dataclass(frozen=True)
class BatchResult:
    """The lines (one per input row, in order; None when ``lines=False``) and the totals
    per customer (in order of first appearance), as ``pyarrow.Table`` when pyarrow is
    installed, else as objects with ``__arrow_c_stream__``."""

    lines: Optional[Any]
    totals: Any


def _table(obj: Any) -> Any:
    if obj is None:
        return None
    try:
        import pyarrow as pa  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError:  # pragma: no cover - depends on the environment
        return obj
    return pa.table(obj)


def prorate_batch(data: Any, book: PriceBook, policy: Optional[ProrationPolicy] = None, *,
                  program: str = "legacy_2015", lines: bool = True) -> BatchResult:
    """Prorates every seat change of ``data`` to the end of its charge period.

    ``data`` is anything with ``__arrow_c_stream__``: a pyarrow Table, RecordBatch or
    RecordBatchReader (streaming: batches are read one at a time), a polars DataFrame, a
    pandas DataFrame (pandas ≥ 2.2 with pyarrow). Columns: see :data:`BATCH_COLUMNS`.

    Customer and offer columns may be plain strings or dictionary-encoded (pandas and
    polars categoricals, ``pa.DictionaryArray``): a categorical is read by its integer keys,
    each distinct value interned once, which is the fastest layout for millions of rows.
    ``date32`` dates are read in place.

    Output ``lines`` columns: customer, offer, quantity, amount (``decimal128(38, minor
    units)``), service_start, service_end, days, period_days. ``totals``: customer, lines,
    total. A refused row raises the core's error with ``context["row"]`` (0-based).
    """
    if policy is not None and not isinstance(policy, ProrationPolicy):
        _refuse_type("policy", policy, "a ProrationPolicy or None")
    if not isinstance(book, PriceBook):
        _refuse_type("book", book, "a PriceBook")
    if not isinstance(lines, bool):
        _refuse_type("lines", lines, "True or False")
    policy_json = (policy or ProrationPolicy()).to_json()
    if not hasattr(data, "__arrow_c_stream__"):
        _refuse_type("data", data, "an Arrow table or stream (pyarrow, polars, pandas ≥ 2.2)")
    got_lines, totals = _native.prorate_batch(data, book._core(), policy_json,
                                              text(program, "program"), lines)
    return BatchResult(_table(got_lines), _table(totals))
