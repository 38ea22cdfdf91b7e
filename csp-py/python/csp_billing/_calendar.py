"""The term calendar (SPEC §1.3), eligibility (SPEC §10.11) and instalments (SPEC §8): the
core's ``TermSchedule``, ``check_order_eligibility`` and ``instalments`` for Python."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Mapping, Optional, Tuple

from . import _native
from ._convert import (DateLike, MoneyLike, _refuse_type, civil_date, count, date, money,
                       text, to_json)
from ._records import Period

__all__ = ["TermSchedule", "check_order_eligibility", "instalments"]


def _day(value: DateLike, what: str) -> datetime.date:
    """A date argument as a ``datetime.date`` read by the core's date readers."""
    return datetime.date.fromisoformat(_native.read_date(date(value, what)).isoformat())


def _period(pair: Tuple[str, str], what: str) -> Period:
    return Period(civil_date(pair[0], f"{what}.first"), civil_date(pair[1], f"{what}.last"))


class TermSchedule:
    """The terms and charge periods of a subscription counted from its anchor (the order
    date; an add-on's is its base's), as the core computes them (``calendar::TermSchedule``):
    month boundary ``k`` is ``anchor + k months`` (never chained: a 31st stays a 31st where
    the month has one); term ``n`` runs from boundary ``T·(n−1)`` to the day before
    boundary ``T·n``; its charge periods step ``cycle_months`` from the term's start, the
    last one cut at the term's end.

    >>> import datetime
    >>> s = TermSchedule(datetime.date(2016, 1, 31), 12, 1)
    >>> s.term(2)
    Period(first=datetime.date(2017, 1, 31), last=datetime.date(2018, 1, 30))
    >>> s.period_holding(1, datetime.date(2016, 3, 15))
    Period(first=datetime.date(2016, 2, 29), last=datetime.date(2016, 3, 30))
    >>> s.next_period_start(1, datetime.date(2016, 3, 15))
    datetime.date(2016, 3, 31)
    """

    def __init__(self, anchor: DateLike, term_months: int, cycle_months: int = 1) -> None:
        self._anchor = _day(anchor, "anchor")
        self._term_months = count(term_months, "term_months")
        self._cycle_months = count(cycle_months, "cycle_months")
        self._native = _native.NativeSchedule(self._anchor, self._term_months,
                                              self._cycle_months)

    @property
    def anchor(self) -> datetime.date:
        """The date terms and periods are counted from."""
        return self._anchor

    def boundary(self, k: int) -> datetime.date:
        """Month boundary ``k``: the anchor plus ``k`` months (clamped to the month's end)."""
        return civil_date(self._native.boundary(count(k, "boundary")), "boundary")

    def term(self, number: int) -> Period:
        """Term ``number`` (1 for the first)."""
        return _period(self._native.term(count(number, "term_number")), "term")

    def period_holding(self, number: int, day: DateLike) -> Optional[Period]:
        """The charge period of term ``number`` that holds ``day``; None outside the term."""
        p = self._native.period_holding(count(number, "term_number"), _day(day, "day"))
        return None if p is None else _period(p, "period")

    def next_period_start(self, number: int, after: DateLike) -> Optional[datetime.date]:
        """The first day of the first charge period of term ``number`` that starts after
        ``after``; None when the term has no later period."""
        d = self._native.next_period_start(count(number, "term_number"), _day(after, "after"))
        return None if d is None else civil_date(d, "next_period_start")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TermSchedule) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> Tuple[datetime.date, int, int]:
        return (self._anchor, self._term_months, self._cycle_months)

    def __reduce__(self) -> Any:
        return (TermSchedule, self._key())

    def __repr__(self) -> str:
        return (f"TermSchedule({self._anchor!r}, term_months={self._term_months}, "
                f"cycle_months={self._cycle_months})")


def check_order_eligibility(customer: Mapping[str, Any], offer: Mapping[str, Any],
                            program: str = "legacy_2015") -> None:
    """Whether ``customer`` may be sold ``offer`` through CSP (the core's
    ``check_order_eligibility``): returns None, or raises the refusal, in this order: a
    syndication tenant (``tenant_not_eligible``), a trial offer where the program has no
    trials (``trial_not_offered``), a government or academic offer for another segment
    (``segment_not_eligible``). Add-ons are not segment-checked (SPEC §10.13).

    ``customer`` is a customer as a scenario writes it (``id``, ``name``, ``segment``,
    ``origin``); ``offer`` an offer of the catalog: ``id``, ``name``, ``agreement_type``
    and ``kind`` (``{"type": "base"}``, ``{"type": "trial"}`` or ``{"type": "add_on",
    "prerequisites": [...]}``). :meth:`Scenario.check_order_eligibility` checks a
    scenario's own customer and offer by id.

    >>> c = {"id": "school", "name": "School", "segment": "education",
    ...      "origin": "created_by_partner"}
    >>> o = {"id": "E3", "name": "Office 365 E3", "agreement_type": "academic",
    ...      "kind": {"type": "base"}}
    >>> check_order_eligibility(c, o)
    >>> check_order_eligibility({**c, "segment": "commercial"}, o)
    Traceback (most recent call last):
    ...
    csp_billing._errors.EligibilityError: [segment_not_eligible] offer E3 is a academic offer and cannot be sold to a commercial customer
    """
    for what, value in (("customer", customer), ("offer", offer)):
        if not isinstance(value, Mapping):
            _refuse_type(what, value, "a mapping in the scenario's JSON form")
    _native.order_eligibility(to_json(customer, "customer"), to_json(offer, "offer"),
                              text(program, "program"))


def instalments(total: MoneyLike, n: int, currency: str = "USD") -> Tuple[Decimal, ...]:
    """``total`` split into ``n`` monthly instalments in whole minor units of ``currency``,
    the remainder on the last (the core's ``instalments``): ``n`` from 1 to 120; ``total``
    an exact amount (a credit may be negative).

    >>> instalments("100.00", 3)
    (Decimal('33.33'), Decimal('33.33'), Decimal('33.34'))
    """
    parts = _native.instalments(money(total, "total", "exact"), count(n, "instalments"),
                                text(currency, "currency"))
    return tuple(parts)
