"""Scenarios: offers, customers, price lists, dated events and the partner's settings, in
the documented JSON form (testdata/scenarios/README.md) — replayed into charge lines and
monthly bills."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from typing import Any, Iterable, List, Mapping, Optional, Tuple, Union

from . import _native
from ._convert import (U32_MAX, U64_MAX, DateLike, MoneyLike, _plain, _refuse_type,
                       civil_date, date, identifier, integer, month, text)
from ._prices import MAX_FILE_BYTES, path_arg
from ._lines import ChargeLines, _to_pyarrow
from ._records import BillRun, Period, SubscriptionState
from ._recon import Reconciliation, _reconcile

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
        self._core = _native.NativeScenario.check(text(json_text, "scenario JSON text"))

    @classmethod
    def from_json(cls, text: str) -> "Scenario":
        """A scenario from its JSON text."""
        return cls(text)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Scenario":
        """A scenario from plain Python data of the documented shape."""
        if not isinstance(data, Mapping):
            _refuse_type("scenario", data, "a mapping of the documented shape")
        return cls(json.dumps(_plain(data, "scenario"), separators=(",", ":")))

    @classmethod
    def load(cls, path: Union[str, "os.PathLike[str]"],
             max_bytes: int = MAX_FILE_BYTES) -> "Scenario":
        """Reads a scenario file. A price list given as ``"csv_file": "PATH"`` is the legacy
        CSV file at PATH, relative to the scenario file's directory (the core's resolver
        ``Scenario::from_json_with``; the JSON is never rewritten): each file is read once
        and parsed into the list's rows (a parse error names the list and the file in its
        context, ``price_list`` and ``file``). Every file, the scenario's own too, is read
        natively with the size cap ``max_bytes`` (default 1 GiB) and the encodings of
        :func:`read_text` (UTF-8 with or without a BOM, UTF-16 with a BOM).

        >>> import json, os, tempfile
        >>> d = tempfile.mkdtemp()
        >>> demo = Scenario.demo().to_dict()
        >>> with open(os.path.join(d, "prices.csv"), "w") as f:
        ...     _ = f.write("Offer ID,Offer Display Name,License Agreement Type,"
        ...                 "Secondary License Type,List Price,ERP Price\\n" + "\\n".join(
        ...         f"{r['offer_id']},{r['offer_name']},{r['agreement_type']},"
        ...         f"{r['secondary_type']},{r['list_price']},{r['erp_price']}"
        ...         for r in demo["price_lists"][0]["rows"]) + "\\n")
        >>> demo["price_lists"][0] = {"month": demo["price_lists"][0]["month"],
        ...                           "csv_file": "prices.csv"}
        >>> with open(os.path.join(d, "s.json"), "w") as f:
        ...     json.dump(demo, f)
        >>> Scenario.load(os.path.join(d, "s.json")).bill("2016-03") == Scenario.demo().bill("2016-03")
        True
        """
        scenario = cls.__new__(cls)
        scenario._core = _native.NativeScenario.load(
            path_arg(path), integer(max_bytes, "max_bytes", 0, U64_MAX))
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

    def reconcile(self, recon_text: str, month: Any, *, customers: Iterable[str] = (),
                  exclude_products: Iterable[str] = (), include_matched: bool = False,
                  include_out_of_scope: bool = False,
                  invoice_total: Optional[MoneyLike] = None,
                  credit_notes: Optional[MoneyLike] = None) -> Reconciliation:
        """Reconciles Microsoft's legacy license-based recon file ``recon_text`` of
        ``month`` against the scenario's lines of that month's window (the partner's bill
        window when the scenario has partner settings, else the calendar month), re-derived
        from the events up to its last day: :func:`reconcile` with this scenario."""
        return _reconcile(self._core, recon_text, month, customers, exclude_products,
                          include_matched, include_out_of_scope, invoice_total,
                          credit_notes)

    def subscriptions(self, as_of: Optional[DateLike] = None) -> Tuple[SubscriptionState, ...]:
        """Every subscription's state after the replay through ``as_of`` (default: the
        scenario's own), in order of purchase (the core's ``Replay::subscriptions``): its
        status, seats, locked price, term, and for a stopped subscription the day and the
        reason (a renewal that could not be priced, SPEC §10.4) — which the charge lines
        alone do not show.

        >>> s = Scenario.demo()
        >>> [(st.id, st.status, st.quantity, st.price) for st in s.subscriptions()][:2]
        [('fab-e3', 'active', 25, Decimal('16.00')), ('school-e3', 'active', 100, Decimal('2.00'))]
        """
        states = json.loads(self._core.subscriptions(
            None if as_of is None else date(as_of, "as_of")))
        return tuple(_state(st) for st in states)

    def stopped(self, as_of: Optional[DateLike] = None) -> Tuple[SubscriptionState, ...]:
        """The subscriptions whose replay stopped (status ``stopped``), with their reason
        (``stop_code``, ``stop_reason``): what the CLI prints as a warning."""
        return tuple(st for st in self.subscriptions(as_of) if st.status == "stopped")

    def check_order_eligibility(self, customer: str, offer: str) -> None:
        """Whether the scenario's ``customer`` may be sold its catalog's ``offer`` under its
        program (see :func:`check_order_eligibility`): None, or the refusal
        (``unknown_customer`` and ``unknown_offer`` for ids it does not have).

        >>> Scenario.demo().check_order_eligibility("fabrikam", "nobody")
        Traceback (most recent call last):
        ...
        csp_billing._errors.EligibilityError: [unknown_offer] unknown offer NOBODY
        """
        self._core.eligibility(identifier(customer, "customer"), identifier(offer, "offer"))

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
        _refuse_type("issued", run, "the BillRun objects returned by Scenario.bill")
    core: _native.NativeBillRun = run._core
    return core


def _day_or_none(value: Any, what: str) -> Any:
    return None if value is None else civil_date(value, what)


def _state(st: Mapping[str, Any]) -> SubscriptionState:
    """A ``SubscriptionState`` record of the core's JSON of one."""
    status = st["status"]
    kind = status["status"] if isinstance(status, Mapping) else status
    error = status.get("error") if isinstance(status, Mapping) else None
    price = st["price"]
    amount, currency = ((price["amount"], price["currency"]) if isinstance(price, Mapping)
                        else (price, ""))
    term = st["term"]
    return SubscriptionState(
        id=st["id"], customer=st["customer"], offer=st["offer"], base=st.get("base"),
        add_ons=tuple(st.get("add_ons", ())), frequency=st["frequency"],
        anchor=civil_date(st["anchor"], "anchor"),
        ordered_on=civil_date(st["ordered_on"], "ordered_on"),
        term_number=int(st["term_number"]),
        term=Period(civil_date(term["first"], "term.first"),
                    civil_date(term["last"], "term.last")),
        quantity=int(st["quantity"]), price=Decimal(amount), currency=currency,
        price_list=civil_date(st["price_list"], "price_list"), status=kind,
        suspended_since=(_day_or_none(status.get("since"), "since")
                         if kind == "suspended" else None),
        deleted_on=_day_or_none(status.get("on"), "on") if kind == "deleted" else None,
        stopped_on=_day_or_none(status.get("on"), "on") if kind == "stopped" else None,
        stop_code=None if error is None else error.get("code"),
        stop_reason=None if error is None else error.get("message"),
        billed_from=civil_date(st["billed_from"], "billed_from"))
