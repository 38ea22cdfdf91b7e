"""The two-tier channel's bills (SPEC-NCE §17): the records of ``NceScenario.bill_channel``.

An indirect provider buys from Microsoft and bills its resellers; each reseller bills its
customers; the provider also bills its own customers. Every tier is billed by the core's one
engine; these records only carry what it computed (money as ``Decimal``).
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from decimal import Decimal
from typing import Any, Tuple

from . import _native
from ._records import BillRun, Period, Record

__all__ = ["ChannelRun", "MarginStatement", "ResellerRun", "TierMargin"]


@dataclasses.dataclass(frozen=True)
class TierMargin(Record):
    """One tier's share of the month's Microsoft lines: what it paid, what it sold them for,
    and the difference. ``tier`` is ``"provider"`` or the reseller's id."""

    tier: str
    lines: int
    cost: Decimal
    revenue: Decimal
    margin: Decimal


@dataclasses.dataclass(frozen=True)
class MarginStatement(Record):
    """The month's margin statement over the Microsoft lines of the provider's window:
    ``microsoft_cost`` + every tier's ``margin`` = ``customer_price``, exactly.

    >>> from csp_billing import NceScenario
    >>> m = NceScenario.demo_two_tier().bill_channel("2022-11").margins
    >>> m.microsoft_cost + sum(t.margin for t in m.tiers) == m.customer_price
    True
    """

    window: Period
    lines: int
    microsoft_cost: Decimal
    tiers: Tuple[TierMargin, ...]
    customer_price: Decimal
    currency: str
    #: Σ of the tiers' margins, as the core sums them.
    total_margin: Decimal


@dataclasses.dataclass(frozen=True)
class ResellerRun(Record):
    """A reseller's two bill runs of the month: the provider's bills to it (one per end
    customer) and its bills to its customers."""

    reseller: str
    name: str
    from_provider: BillRun
    to_customers: BillRun


@dataclasses.dataclass(frozen=True)
class ChannelRun(Record):
    """Every tier's bills of one month. Keep issued runs:
    ``NceScenario.bill_channel(month, issued=[...])`` continues each tier's invoice numbers
    and corrects its earlier bills."""

    month: str
    provider: BillRun
    resellers: Tuple[ResellerRun, ...]
    margins: MarginStatement
    #: The native run (what ``issued`` passes back; pickles as the core's JSON).
    _core: Any = dataclasses.field(default=None, repr=False, compare=False)

    def reseller(self, reseller_id: str) -> ResellerRun:
        """The runs of reseller ``reseller_id`` (KeyError when the channel has none)."""
        for r in self.resellers:
            if r.reseller == reseller_id:
                return r
        raise KeyError(reseller_id)

    @property
    def core_json(self) -> str:
        """The core's JSON of this run (what ``csp bill --tier all --format json`` prints)."""
        return "" if self._core is None else str(self._core.to_json())


def _money(value: Any) -> Decimal:
    """A money object of the core's JSON (``{"amount": "1.00", ...}``) as a Decimal."""
    return Decimal(value["amount"])


def _margins(text: str, total_margin: str) -> MarginStatement:
    m = json.loads(text)
    window = m["window"]
    return MarginStatement(
        window=Period(datetime.date.fromisoformat(window["first"]),
                      datetime.date.fromisoformat(window["last"])),
        lines=int(m["lines"]),
        microsoft_cost=_money(m["microsoft_cost"]),
        tiers=tuple(TierMargin(tier=t["tier"], lines=int(t["lines"]), cost=_money(t["cost"]),
                               revenue=_money(t["revenue"]), margin=_money(t["margin"]))
                    for t in m["tiers"]),
        customer_price=_money(m["customer_price"]),
        currency=str(m["microsoft_cost"]["currency"]),
        total_margin=Decimal(total_margin),
    )


def _channel_run(core: _native.NativeChannelRun) -> ChannelRun:
    """The ``ChannelRun`` record of a native run."""
    return ChannelRun(
        month=core.month(),
        provider=core.provider().record(),
        resellers=tuple(ResellerRun(reseller=rid, name=name, from_provider=hop1.record(),
                                    to_customers=hop2.record())
                        for rid, name, hop1, hop2 in core.resellers()),
        margins=_margins(core.margins_json(), core.total_margin()),
        _core=core,
    )
