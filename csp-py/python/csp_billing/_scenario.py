"""Scenarios: offers, customers, price lists, dated events and the partner's settings, in
the documented JSON form (testdata/scenarios/README.md) — replayed into charge lines and
monthly bills."""

from __future__ import annotations

import json
import os
from typing import Any, Iterable, List, Mapping, Optional, Sequence, Union

from . import _native
from ._convert import U32_MAX, U64_MAX, DateLike, _plain, date, decode, integer, month
from ._records import BillRun, ChargeLine

__all__ = ["Scenario"]


def _run(data: Mapping[str, Any]) -> BillRun:
    currency = data["totals"]["cost"]["currency"]
    return decode(BillRun, data, currency=currency,
                  core_json=json.dumps(data, separators=(",", ":")))


class Scenario:
    """A checked scenario. Build it from JSON text, a file, or plain dicts and lists of the
    same shape (``Decimal`` or strings for money, ``date`` or strings for dates; a float is
    refused with TypeError).

    >>> import datetime
    >>> s = Scenario.demo()
    >>> run = s.bill("2016-03", first_number=1001)
    >>> [(b.invoice.number, b.invoice.total) for b in run.bills][:2]
    [('CCP-2016-1001', Decimal('513.00')), ('CCP-2016-1002', Decimal('770.50'))]
    >>> run.totals.margin
    Decimal('-1287.72')
    """

    def __init__(self, json_text: str) -> None:
        self._json = _native.scenario_check(json_text)

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
        scenario._json = _native.scenario_resolve(text, read)
        return scenario

    @classmethod
    def demo(cls) -> "Scenario":
        """The built-in demo partner (Contoso Cloud Partners Ltd, four customers, 2016)."""
        from importlib import resources
        return cls(resources.files("csp_billing").joinpath("demo-partner.json")
                   .read_text(encoding="utf-8"))

    def to_json(self) -> str:
        """The normalised JSON text."""
        return self._json

    def to_dict(self) -> Any:
        """The scenario as plain JSON data (money and dates as strings)."""
        return json.loads(self._json)

    def charges(self, as_of: Optional[DateLike] = None) -> List[ChargeLine]:
        """Every line Microsoft bills through ``as_of`` (default: the scenario's own)."""
        lines = json.loads(_native.scenario_charges(
            self._json, None if as_of is None else date(as_of, "as_of")))
        return [decode(ChargeLine, line, currency=line["amount"]["currency"])
                for line in lines]

    def bill(self, month_: Any, issued: Iterable[BillRun] = (),
             first_number: int = 1) -> BillRun:
        """The partner's bill run of ``month_`` (``YYYY-MM``). ``issued``: the runs issued
        before; back-dated changes to their months become adjustment lines."""
        issued_json = "[" + ",".join(_issued(r) for r in issued) + "]"
        first_number = integer(first_number, "first_number", 0, U64_MAX)
        return _run(json.loads(_native.scenario_bill(self._json, month(month_), issued_json,
                                                     first_number)))

    def projection(self, month_: Any, count: int) -> List[BillRun]:
        """The next ``count`` bill runs after ``month_``, projected: no further events,
        locked prices, no renewals. Marked ``projected``; never pass them as issued."""
        runs: Sequence[Mapping[str, Any]] = json.loads(
            _native.scenario_projection(self._json, month(month_),
                                        integer(count, "count", 0, U32_MAX)))
        return [_run(r) for r in runs]

    def __reduce__(self) -> Any:
        return (Scenario, (self._json,))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Scenario) and other._json == self._json

    def __hash__(self) -> int:
        return hash(self._json)

    def __repr__(self) -> str:
        d = json.loads(self._json)
        return (f"Scenario(currency={d.get('currency')!r}, customers={len(d.get('customers', []))}, "
                f"events={len(d.get('events', []))}, partner={'partner' in d})")


def _issued(run: Any) -> str:
    if not isinstance(run, BillRun) or not run.core_json:
        raise TypeError("issued: pass the BillRun objects returned by Scenario.bill")
    return run.core_json
