"""Frozen result records: what the core computes, with Decimal money and date dates.

Every record compares by value, has a readable ``repr``, pickles, and has ``to_dict()``.
Money amounts are ``decimal.Decimal`` in the record's ``currency``.
"""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from typing import Any, Dict, Iterable, List, Optional, Tuple

__all__ = [
    "Record", "Period", "Proration", "Price", "PriceRow", "DiffRow", "NceRow",
    "SubscriptionState", "Term", "AgreementStatus",
    "Decision", "AccessCell", "Rounding", "ChargeLine", "InvoiceLine", "Invoice",
    "CostAdjustment", "Statement", "Bill", "Totals", "BillRun", "to_records", "to_dataframe",
    "NceLine", "NceSubscriptionState", "NceCycle", "NceLineAmount", "NceQuote",
]



class FrozenDict(Dict[str, Any]):
    """A read-only dict: the mapping fields of frozen records (hashable, picklable, equal to
    the plain dict with the same items)."""

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("this mapping belongs to a frozen record and cannot be changed")

    __setitem__ = __delitem__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __ior__(self, other: Any) -> "FrozenDict":  # type: ignore[misc, override]
        return self._refuse()  # type: ignore[no-any-return]

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted((k, repr(v)) for k, v in self.items())))

    def __reduce__(self) -> Any:
        return (FrozenDict, (dict(self),))

    def __repr__(self) -> str:
        return dict.__repr__(self)


class Record:
    """Base of the result records."""

    def to_dict(self) -> Dict[str, Any]:
        """The record as a dict (nested records as dicts, tuples as lists)."""
        def plain(v: Any) -> Any:
            if isinstance(v, Record):
                return v.to_dict()
            if isinstance(v, tuple):
                return [plain(x) for x in v]
            if isinstance(v, FrozenDict):
                return dict(v)
            return v
        return {f.name: plain(getattr(self, f.name))
                for f in dataclasses.fields(self)  # type: ignore[arg-type]
                if f.repr}


@dataclasses.dataclass(frozen=True)
class Period(Record):
    """A closed range of days ``[first, last]``."""

    first: datetime.date
    last: datetime.date

    @property
    def days(self) -> int:
        """Days in the period, both ends included."""
        return (self.last - self.first).days + 1


@dataclasses.dataclass(frozen=True)
class Rounding(Record):
    """A rounding step: ``scale`` decimals, ``mode`` one of half_up, half_even, down."""

    scale: int
    mode: str = "half_up"


@dataclasses.dataclass(frozen=True)
class Proration(Record):
    """A prorated charge (SPEC §6.4): the rate and unit as the policy shows them, the line."""

    daily_rate: Optional[Decimal]
    unit: Decimal
    quantity: int
    amount: Decimal
    currency: str


@dataclasses.dataclass(frozen=True)
class PriceRow(Record):
    """One row of a legacy monthly price list (prices per seat per month)."""

    offer_id: str
    offer_name: str
    agreement_type: str
    secondary_type: str
    list_price: Decimal
    erp_price: Decimal
    purchase_unit: Optional[str] = None
    end_customer_type: Optional[str] = None
    change_indicator: Optional[str] = None
    effective_start: Optional[datetime.date] = None
    effective_end: Optional[datetime.date] = None

    def __post_init__(self) -> None:
        """Reads the fields strictly, as the core reads a price file: the offer id by the
        core's id reader, the prices by its amount reader as prices (never negative, at most
        6 decimals, no exponent or separators: ``"-4.00"``, ``"1e3"``, ``"1_000"`` and a
        float are refused); a ``str`` price becomes its exact ``Decimal``.

        >>> PriceRow("E3", "Office 365 E3", "corporate", "base", "20.00", "25.00").list_price
        Decimal('20.00')
        >>> PriceRow("E3", "Office 365 E3", "corporate", "base", "-4.00", "25.00")
        Traceback (most recent call last):
        ...
        csp_billing._errors.InputError: [invalid_input] invalid price "-4.00": expected a price of at least 0 such as 12.34 (a price or fee is never negative)
        """
        from ._convert import _refuse_type, identifier, money
        object.__setattr__(self, "offer_id", identifier(self.offer_id, "offer"))
        for name in ("offer_name", "agreement_type", "secondary_type"):
            if not isinstance(getattr(self, name), str):
                _refuse_type(name, getattr(self, name), "a str")
        for name in ("list_price", "erp_price"):
            object.__setattr__(self, name, Decimal(money(getattr(self, name), name, "price")))


@dataclasses.dataclass(frozen=True)
class DiffRow(Record):
    """One offer's line in a price-list diff (the core's ``DiffRow``, SPEC §10.9):
    ``indicator`` is ``ADD``, ``CHG``, ``DEL`` or ``UNC``; the old and new prices are None
    where the offer is not in that list; ``erp_changed`` flags an ERP-only change."""

    offer_id: str
    offer_name: str
    indicator: str
    old_list_price: Optional[Decimal]
    new_list_price: Optional[Decimal]
    old_erp_price: Optional[Decimal]
    new_erp_price: Optional[Decimal]
    erp_changed: bool


@dataclasses.dataclass(frozen=True)
class NceRow(Record):
    """One row of an NCE price sheet (the core's ``NceRow``): its key (``offer`` as
    ``ProductId:SkuId``, ``term``, ``plan``, ``market``, ``currency``), titles, the whole-term
    ``unit_price`` exactly as published, the effective range as UTC ``datetime``s (the end
    inclusive; 9999-12-31 23:59:59 when open-ended), tags, and the CSV line; ``segment``
    (``commercial``, ``education``, ``government``, ``nonprofit``) and ``tier`` (``(min,
    max)`` seats) when the sheet has them (part of the key: SPEC-NCE §12)."""

    offer: str
    term: str
    plan: str
    market: str
    currency: str
    product_title: str
    sku_title: str
    unit_price: Decimal
    erp_price: Optional[Decimal]
    effective_start: datetime.datetime
    effective_end: datetime.datetime
    tags: str
    line: int
    segment: Optional[str] = None
    tier: Optional[Tuple[int, int]] = None


@dataclasses.dataclass(frozen=True)
class SubscriptionState(Record):
    """One subscription after a replay (the core's ``SubscriptionState``, SPEC §5).

    ``status`` is ``active``, ``suspended``, ``deleted`` or ``stopped``; the date of that
    status is in ``suspended_since``, ``deleted_on`` or ``stopped_on`` (None otherwise). A
    stopped subscription (a renewal that could not be priced, SPEC §10.4; later events are
    refused with ``subscription_stopped``) has the core's error code and message in
    ``stop_code`` and ``stop_reason``. ``price`` is the list price per seat per month locked
    for the term, from the list that starts on ``price_list``; ``term`` the current term;
    ``billed_from`` the first billed day of the current charge period."""

    id: str
    customer: str
    offer: str
    base: Optional[str]
    add_ons: Tuple[str, ...]
    frequency: str
    anchor: datetime.date
    ordered_on: datetime.date
    term_number: int
    term: Period
    quantity: int
    price: Decimal
    currency: str
    price_list: datetime.date
    status: str
    suspended_since: Optional[datetime.date]
    deleted_on: Optional[datetime.date]
    stopped_on: Optional[datetime.date]
    stop_code: Optional[str]
    stop_reason: Optional[str]
    billed_from: datetime.date


@dataclasses.dataclass(frozen=True)
class Price(Record):
    """An offer's price on a date: ``list`` (what the partner pays) and ``erp`` (retail)."""

    offer: str
    offer_name: str
    list: Decimal
    erp: Decimal
    list_effective_from: datetime.date
    currency: str


@dataclasses.dataclass(frozen=True)
class Term(Record):
    """A term of the reseller agreement (``last`` is None for a perpetual term)."""

    number: int
    first: datetime.date
    last: Optional[datetime.date]
    notice_deadline: Optional[datetime.date]


@dataclasses.dataclass(frozen=True)
class AgreementStatus(Record):
    """The reseller agreement on a date."""

    on: datetime.date
    in_force: bool
    term: Optional[Term]
    next_renewal: Optional[datetime.date]
    notice_deadline: Optional[datetime.date]
    end_date: Optional[datetime.date]


@dataclasses.dataclass(frozen=True)
class Decision(Record):
    """A privilege decision: allowed or not, the rule that decided, and why."""

    allowed: bool
    rule: str
    reason: str


@dataclasses.dataclass(frozen=True)
class AccessCell(Record):
    """One cell of the privilege matrix."""

    profile: str
    actor: str
    action: str
    delegated_admin: bool
    csp_partner: bool
    allowed: bool
    rule: str
    reason: str


@dataclasses.dataclass(frozen=True)
class ChargeLine(Record):
    """A line Microsoft bills the partner (SPEC §6.3); credits are negative."""

    subscription: str
    customer: str
    offer: str
    kind: str
    date: datetime.date
    service_period: Period
    quantity: int
    unit_amount: Decimal
    amount: Decimal
    charge_period: Period
    days: Optional[int]
    daily_rate: Optional[Decimal]
    price_list: datetime.date
    rounding: Dict[str, Any]  # a FrozenDict: the policy that rounded the line
    currency: str = ""


@dataclasses.dataclass(frozen=True)
class InvoiceLine(Record):
    """A line of the customer's invoice."""

    source: str
    description: str
    subscription: Optional[str]
    service_period: Optional[Period]
    quantity: int
    unit_price: Decimal
    amount: Decimal
    adjusts: Optional[str] = None
    reversal: bool = False


@dataclasses.dataclass(frozen=True)
class Invoice(Record):
    """The partner's invoice (or credit note) to one customer for one month."""

    number: str
    customer: str
    customer_name: str
    month: str
    issue_date: datetime.date
    due_date: datetime.date
    window: Period
    lines: Tuple[InvoiceLine, ...]
    subtotal: Decimal
    tax_rate: Optional[Decimal]
    tax: Decimal
    total: Decimal
    credit_note: bool


@dataclasses.dataclass(frozen=True)
class CostAdjustment(Record):
    """A change of Microsoft's cost for an earlier, already billed month."""

    month: str
    amount: Decimal


@dataclasses.dataclass(frozen=True)
class Statement(Record):
    """The partner's statement for one customer: cost, revenue, margin."""

    customer: str
    cost: Decimal
    cost_adjustment: Decimal
    cost_adjustments: Tuple[CostAdjustment, ...]
    revenue: Decimal
    margin: Decimal
    margin_percent: Optional[Decimal]
    financed_balance: Decimal


@dataclasses.dataclass(frozen=True)
class Bill(Record):
    """One customer's invoice and the partner's statement for it."""

    invoice: Invoice
    statement: Statement


@dataclasses.dataclass(frozen=True)
class Totals(Record):
    """The partner's totals over every customer of a bill run."""

    cost: Decimal
    revenue: Decimal
    margin: Decimal
    margin_percent: Optional[Decimal]
    financed_balance: Decimal


@dataclasses.dataclass(frozen=True)
class BillRun(Record):
    """Every customer's bill of one month, with the partner's totals.

    Keep issued runs: ``Scenario.bill(month, issued=[...])`` compares them with what the
    inputs give now and puts the difference on the new bill as adjustment lines.
    """

    partner: str
    month: str
    issue_date: datetime.date
    window: Period
    bills: Tuple[Bill, ...]
    totals: Totals
    currency: str = ""
    projected: bool = False
    #: The native run this record was built from (what ``issued`` passes back; it pickles
    #: as the core's JSON). Not part of the value: not compared, not shown.
    _core: Any = dataclasses.field(default=None, repr=False, compare=False)

    @property
    def core_json(self) -> str:
        """The core's JSON of this run ("" for a run built by hand)."""
        return "" if self._core is None else str(self._core.to_json())

    def lines_table(self) -> Any:
        """Every invoice line of the run as a ``pyarrow.Table`` (needs pyarrow), built
        natively: the columns of :meth:`invoice_lines` in the same order of rows, ids and
        names dictionary-encoded, dates ``date32``, ``unit_price`` and ``amount`` exact
        ``decimal128(38, s)`` (s at least the currency's minor units).

        >>> from csp_billing import Scenario
        >>> run = Scenario.demo().bill("2016-03")
        >>> t = run.lines_table()
        >>> t.num_rows == len(run.invoice_lines()), str(t.schema.field("amount").type)
        (True, 'decimal128(38, 2)')
        """
        if self._core is None:
            raise ValueError("lines_table: this run was not made by Scenario.bill")
        from ._lines import _to_pyarrow
        return _to_pyarrow(self._core.lines_table())

    def invoice_lines(self) -> List[Dict[str, Any]]:
        """Every invoice line of the run as a flat dict (for CSV or a DataFrame)."""
        out = []
        for b in self.bills:
            inv = b.invoice
            for line in inv.lines:
                sp = line.service_period
                out.append({
                    "invoice": inv.number, "customer": inv.customer,
                    "issue_date": inv.issue_date, "due_date": inv.due_date,
                    "source": line.source, "description": line.description,
                    "subscription": line.subscription,
                    "service_start": sp.first if sp else None,
                    "service_end": sp.last if sp else None,
                    "quantity": line.quantity, "unit_price": line.unit_price,
                    "amount": line.amount, "currency": self.currency,
                    "adjusts": line.adjusts, "reversal": line.reversal,
                })
        return out

    def statements(self) -> List[Dict[str, Any]]:
        """The margin report: one flat dict per customer."""
        return [{
            "customer": s.customer, "cost": s.cost, "cost_adjustment": s.cost_adjustment,
            "revenue": s.revenue, "margin": s.margin, "margin_percent": s.margin_percent,
            "financed_balance": s.financed_balance, "currency": self.currency,
        } for s in (b.statement for b in self.bills)]



@dataclasses.dataclass(frozen=True)
class NceCycle(Record):
    """One billing cycle of an NCE term (the core's ``calendar::nce::Cycle``, SPEC-NCE
    §13.2.3–5): the days it covers, its reference cycle (the whole cycle a partial first
    cycle is the end of, pinned P8; ``period`` otherwise), ``days_in_cycle`` ``D(C)`` (the
    reference's real length, pinned P9) and whether it is partial."""

    period: Period
    reference: Period
    days_in_cycle: int
    is_partial: bool

    @property
    def first(self) -> datetime.date:
        """First day of the cycle."""
        return self.period.first

    @property
    def last(self) -> datetime.date:
        """Last day of the cycle."""
        return self.period.last


@dataclasses.dataclass(frozen=True)
class NceLineAmount(Record):
    """One NCE line's money (the core's ``NceLineAmount``, SPEC-NCE §14.3–§14.4, exchange
    rate 1): Microsoft's shown effective unit price and the subtotal, both signed (negative
    for a refund), and the billable quantity (never negative)."""

    effective_unit_price: Decimal
    subtotal: Decimal
    quantity: int
    currency: str


@dataclasses.dataclass(frozen=True)
class NceLine(Record):
    """One line Microsoft bills the partner for an NCE subscription (the core's
    ``charges::NceLine``, SPEC-NCE §14.1): the fields of the invoice recon file the engine
    knows, in snake_case and in the order of the CSV form (``csp charges --format csv``).

    ``charge_type`` is Microsoft's string (``new``, ``cycleCharge``, ``renew``,
    ``addQuantity``, ``removeQuantity``, ``cancelImmediate``, ``convert``, ``moveQuantity``,
    ``changeBillingPlan``); ``billing_frequency`` is None for a plan paid up front;
    ``unit_price`` is the cycle price ``P`` before promotion, ``effective_unit_price`` and
    ``subtotal`` are negative for a refund (``billable_quantity`` never is); ``unit_price``
    and ``effective_unit_price`` are in ``pricing_currency``, ``subtotal`` in ``currency`` (the
    billing currency), converted at ``fx_rate``, the rate of the month of ``order_date``
    dated its 1st (``fx_rate_date``; 1 when the currencies are the same, SPEC-NCE §16); ``days`` of
    ``cycle_days`` were charged, or for a ``changeBillingPlan`` line ``month_fraction`` (months
    charged, months of the cycle); ``promotion_id`` is the id of the promotion the line's
    price carries (SPEC-NCE §12.5.2: ``effective_unit_price`` is then ``P × (1 − percent_off /
    100) × f``), or None; ``product_qualifiers`` is ``Trial`` for a trial's lines;
    ``convention`` is the one that priced the line (``nce_a`` or ``nce_b``)."""

    order_date: datetime.date
    subscription: str
    customer: str
    offer: str
    charge_type: str
    reference_id: str
    charge_start: datetime.date
    charge_end: datetime.date
    subscription_start: datetime.date
    subscription_end: datetime.date
    term_duration: str
    billing_plan: str
    billing_frequency: Optional[str]
    unit_price: Decimal
    effective_unit_price: Decimal
    billable_quantity: int
    subtotal: Decimal
    currency: str
    pricing_currency: str
    fx_rate: Decimal
    fx_rate_date: datetime.date
    days: int
    cycle_days: int
    month_fraction: Optional[Tuple[int, int]]
    promotion_id: Optional[str]
    product_qualifiers: str
    convention: str


@dataclasses.dataclass(frozen=True)
class NceQuote(Record):
    """What an NCE event would do if it happened (the core's ``charges::NceQuote``, SPEC-NCE
    §13.6–§13.7), changing nothing: the ``lines`` Microsoft would bill for it, under the
    scenario's convention; their ``net`` in ``currency`` (negative: a refund); and
    ``allowed_until``, the last instant the same event stays possible when a window limits
    it (a cancellation: the cancellation window's end; a seat reduction: the last instant
    that many seats stay refundable), an aware UTC ``datetime``, or None for an event no
    window limits."""

    lines: Tuple[NceLine, ...]
    net: Decimal
    currency: str
    allowed_until: Optional[datetime.datetime]


@dataclasses.dataclass(frozen=True)
class NceSubscriptionState(Record):
    """One NCE subscription after a replay (the core's ``subscription::nce::NceSubscription``,
    SPEC-NCE §13.1).

    ``status`` is ``active``, ``suspended``, ``expired``, ``disabled``, ``deleted`` or
    ``stopped``; its instant or day is in ``suspended_since`` (an aware UTC ``datetime``),
    ``expired_on`` (the first day expired), ``disabled_on`` and ``deleted_on`` (for a
    disabled subscription, the day it will be deleted) or ``stopped_on`` with ``stop_code``
    (a renewal that could not be priced). ``term`` and ``plan`` are the duration (``P1Y``)
    and billing plan (``monthly``); ``term_start``/``term_end`` the current term and
    ``anchor`` the day its terms and cycles are counted from. The locked price: the sheet's
    ``unit_price`` for the whole term, ``cycle_price`` (``unit_price / n``, half-up to the
    currency's minor units), ``erp_price`` and ``percent_off`` when known, and the instant it
    was read (``priced_at``). ``cancellable_until`` is the cancellation window's last instant
    and ``seat_batches`` the seats still held per purchase with the last instant each may be
    removed with a refund (``(quantity, allowed_until)``), all aware UTC ``datetime``s."""

    id: str
    customer: str
    offer: str
    status: str
    term: str
    plan: str
    quantity: int
    auto_renew: bool
    term_start: datetime.date
    term_end: datetime.date
    anchor: datetime.date
    unit_price: Decimal
    cycle_price: Decimal
    erp_price: Optional[Decimal]
    percent_off: Optional[Decimal]
    priced_at: datetime.datetime
    currency: str
    cancellable_until: Optional[datetime.datetime]
    seat_batches: Tuple[Tuple[int, datetime.datetime], ...]
    suspended_since: Optional[datetime.datetime]
    expired_on: Optional[datetime.date]
    disabled_on: Optional[datetime.date]
    deleted_on: Optional[datetime.date]
    stopped_on: Optional[datetime.date]
    stop_code: Optional[str]

def _flat(item: Any) -> Dict[str, Any]:
    d = item if isinstance(item, dict) else item.to_dict()
    out: Dict[str, Any] = {}
    for k, v in d.items():
        if isinstance(v, dict) and set(v) == {"first", "last"}:
            out[f"{k}_start"], out[f"{k}_end"] = v["first"], v["last"]
        else:
            out[k] = v
    return out


def to_records(items: Iterable[Any]) -> List[Dict[str, Any]]:
    """Records (or dicts) as flat dicts: periods become ``<name>_start``/``<name>_end``."""
    return [_flat(i) for i in items]


def to_dataframe(items: Iterable[Any]) -> Any:
    """Records as a pandas DataFrame (pandas is optional: ImportError says how to get it).

    Money columns hold ``decimal.Decimal`` objects (never floats).
    """
    try:
        import pandas as pd  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("to_dataframe needs pandas: pip install pandas") from e
    return pd.DataFrame.from_records(to_records(items))
