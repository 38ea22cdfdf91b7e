"""Scenarios: offers, customers, price lists, dated events and the partner's settings, in
the documented JSON form (testdata/scenarios/README.md) — replayed into charge lines and
monthly bills."""

from __future__ import annotations

import json
import os
from typing import Any, Iterable, List, Mapping, Optional, Union

from . import _native
from ._convert import U32_MAX, U64_MAX, DateLike, _plain, date, integer, month
from ._lines import ChargeLines, _to_pyarrow
from ._records import BillRun

__all__ = ["Scenario"]


def _run(core: _native.NativeBillRun) -> BillRun:
    run: BillRun = core.record()
    return run


class Scenario:
    """A checked scenario. Build it from JSON text, a file, or plain dicts and lists of the
    same shape (``Decimal`` or strings for money, ``date`` or strings for dates; a float is
    refused with TypeError).

    The scenario is parsed and checked once and kept native (with its catalog, customers
    and price book): each call replays or bills it without reading it again, and its
    results are built natively (no JSON text in between).

    >>> import datetime
    >>> s = Scenario.demo()
    >>> run = s.bill("2016-03", first_number=1001)
    >>> [(b.invoice.number, b.invoice.total) for b in run.bills][:2]
    [('CCP-2016-1001', Decimal('513.00')), ('CCP-2016-1002', Decimal('770.50'))]
    >>> run.totals.margin
    Decimal('-1287.72')
    """

    def __init__(self, json_text: str) -> None:
        self._core = _native.NativeScenario.check(json_text)

    @classmethod
    def from_json(cls, text: str) -> "Scenario":
        """A scenario from its JSON text."""
        return cls(text)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Scenario":
        """A scenario from plain Python data of the documented shape."""
        return cls(json.dumps(_plain(data, "scenario"), separators=(",", ":")))

    @classmethod
    def load(cls, path: Union[str, "os.PathLike[str]"]) -> "Scenario":
        """Reads a scenario file. A price list given as ``"csv_file": "PATH"`` is the legacy
        CSV file at PATH, relative to the scenario file's directory: each file is read once
        and parsed into the list's rows (a parse error names the list and the file in its
        context, ``price_list`` and ``file``)."""
        base = os.path.dirname(os.fspath(path))

        def read(file: str) -> str:
            with open(os.path.join(base, file), encoding="utf-8") as f:
                return f.read()

        with open(path, encoding="utf-8-sig") as f:
            text = f.read()
        scenario = cls.__new__(cls)
        scenario._core = _native.NativeScenario.resolve(text, read)
        return scenario

    @classmethod
    def demo(cls) -> "Scenario":
        """The built-in demo partner (Contoso Cloud Partners Ltd, four customers, 2016)."""
        from importlib import resources
        return cls(resources.files("csp_billing").joinpath("demo-partner.json")
                   .read_text(encoding="utf-8"))

    def to_json(self) -> str:
        """The normalised JSON text."""
        return self._core.to_json()

    def to_dict(self) -> Any:
        """The scenario as plain JSON data (money and dates as strings)."""
        return json.loads(self._core.to_json())

    def charges(self, as_of: Optional[DateLike] = None) -> ChargeLines:
        """Every line Microsoft bills through ``as_of`` (default: the scenario's own), as a
        read-only sequence of :class:`ChargeLine` kept native: a record is built when it
        is read (see :class:`ChargeLines`; a ``list`` of them is ``list(lines)``)."""
        return ChargeLines(self._core.charges(None if as_of is None else date(as_of, "as_of")))

    def charges_table(self, as_of: Optional[DateLike] = None) -> Any:
        """The lines of :meth:`charges` as a ``pyarrow.Table`` built natively (exact
        ``decimal128`` money, ``date32`` dates, dictionary-encoded ids; see
        :meth:`ChargeLines.table`).

        >>> t = Scenario.demo().charges_table()
        >>> t.num_rows, str(t.schema.field("amount").type)
        (11, 'decimal128(38, 2)')
        """
        return self.charges(as_of).table()

    def bill(self, month_: Any, issued: Iterable[BillRun] = (),
             first_number: Optional[int] = None) -> BillRun:
        """The partner's bill run of ``month_`` (``YYYY-MM``). ``issued``: the runs issued
        before; back-dated changes to their months become adjustment lines. Invoice numbers
        start at ``first_number``, or (``None``) one after the highest the issued runs used
        with the partner's prefix (1 without them); a number already issued is refused
        (``duplicate_invoice_number``)."""
        cores = [_issued(r) for r in issued]
        first = _first_number(first_number)
        return _run(self._core.bill(month(month_), cores, first))

    def bill_table(self, month_: Any, issued: Iterable[BillRun] = (),
                   first_number: Optional[int] = None) -> Any:
        """The invoice lines of :meth:`bill` as a ``pyarrow.Table`` built natively, without
        building the records (see :meth:`BillRun.lines_table`)."""
        cores = [_issued(r) for r in issued]
        first = _first_number(first_number)
        return _to_pyarrow(self._core.bill(month(month_), cores, first).lines_table())

    def projection(self, month_: Any, count: int) -> List[BillRun]:
        """The next ``count`` bill runs after ``month_``, projected: no further events,
        locked prices, no renewals. Marked ``projected``; never pass them as issued."""
        runs = self._core.projection(month(month_), integer(count, "count", 0, U32_MAX))
        return [_run(r) for r in runs]

    def split(self, parts: int) -> List["Scenario"]:
        """The scenario in at most ``parts`` parts for billing a book in parallel (Dask, Ray,
        Spark): each part has a range of whole customers, in id order, with every event of
        their subscriptions, and the rest of the scenario as it is. A part's bills are those
        of its customers in the whole book, and the parts' totals add up to the whole's
        (invoice numbers start again in each part). Example: ``examples/python/ray_bill.py``.

        >>> s = Scenario.demo()
        >>> parts = s.split(2)
        >>> [len(p.bill("2016-03").bills) for p in parts], len(s.bill("2016-03").bills)
        ([2, 2], 4)
        >>> sum(p.bill("2016-03").totals.cost for p in parts) == s.bill("2016-03").totals.cost
        True
        """
        out = []
        for core in self._core.split(integer(parts, "parts", 1, U32_MAX)):
            part = Scenario.__new__(Scenario)
            part._core = core
            out.append(part)
        return out

    def __reduce__(self) -> Any:
        return (Scenario, (self._core.to_json(),))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Scenario) and other._core.to_json() == self._core.to_json()

    def __hash__(self) -> int:
        return hash(self._core.to_json())

    def __repr__(self) -> str:
        currency, customers, events, partner = self._core.summary()
        return (f"Scenario(currency={currency!r}, customers={customers}, "
                f"events={events}, partner={partner})")


def _first_number(first_number: Optional[int]) -> Optional[int]:
    """The first invoice number checked, or ``None`` to continue after the issued runs."""
    if first_number is None:
        return None
    return integer(first_number, "first_number", 0, U64_MAX)


def _issued(run: Any) -> _native.NativeBillRun:
    if not isinstance(run, BillRun) or run._core is None:
        raise TypeError("issued: pass the BillRun objects returned by Scenario.bill")
    core: _native.NativeBillRun = run._core
    return core
