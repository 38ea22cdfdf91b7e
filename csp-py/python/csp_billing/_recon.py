"""Reconciliation (SPEC-NCE §15): a month of a scenario against Microsoft's reconciliation
file — the core's ``recon`` module and ``Scenario::reconcile``/``NceScenario::reconcile``
for Python. The core reads, matches, classes and totals; this module only converts."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Iterable, List, Mapping, Optional, Tuple, Union

from . import _native
from ._batch import _table
from ._convert import MoneyLike, _refuse_type, money, text
from ._convert import month as _month
from ._records import Record

if TYPE_CHECKING:  # pragma: no cover - imported for the annotations only
    from ._nce import NceScenario
    from ._scenario import Scenario

__all__ = [
    "InvoiceCheck", "RECON_CLASSES", "RECON_COLUMNS", "ReconCoverage", "ReconFlag",
    "ReconTotals", "Reconciliation", "reconcile",
]

#: The classes of a reconciliation entry (SPEC-NCE §15.8), in report order: the keys of
#: :attr:`ReconTotals.by_class`.
RECON_CLASSES: Tuple[str, ...] = (
    "matched", "price_differs", "fx_rate_differs", "convention", "rounding", "amount_differs",
    "quantity_differs", "missing", "unexpected", "not_modelled", "out_of_scope",
)

#: The columns of :attr:`Reconciliation.differences`, in order: the core's
#: ``ENTRY_CSV_COLUMNS``, the columns of ``csp --format csv reconcile`` (SPEC-NCE §15.12).
RECON_COLUMNS: Tuple[str, ...] = tuple(_native.recon_entry_columns())


@dataclasses.dataclass(frozen=True)
class ReconTotals(Record):
    """A reconciliation's totals (SPEC-NCE §15.9), exact: ``microsoft_total`` is Σ amount
    over every row of the file (NCE ``Subtotal``, legacy ``Amount``), ``expected_total`` Σ
    over the engine's lines, ``by_class`` maps every class of :data:`RECON_CLASSES` (zeros
    included) to ``(count, Σ Δ)`` with ``Δ = file amount − expected amount``, so that
    ``microsoft_total = expected_total + Σ by_class amounts`` and ``difference`` (the audited
    difference) ``= microsoft_total − out_of_scope_total − not_modelled_total −
    expected_total``. ``discounts_total`` is Σ ``TotalOtherDiscount`` of a legacy file
    (None for NCE). Amounts have at least the currency's minor units (``Decimal('0.00')``),
    as the JSON report writes them."""

    microsoft_total: Decimal
    expected_total: Decimal
    difference: Decimal
    out_of_scope_total: Decimal
    not_modelled_total: Decimal
    discounts_total: Optional[Decimal]
    by_class: Mapping[str, Tuple[int, Decimal]]  # a FrozenDict


@dataclasses.dataclass(frozen=True)
class ReconCoverage(Record):
    """What a reconciliation audited (SPEC-NCE §15.10): ``file_rows = rows_out_of_scope +
    rows_not_modelled + rows_examined``, ``rows_examined = rows_matched + rows_differing +
    rows_unexpected``, ``expected_lines = rows_matched + rows_differing + expected_missing``.
    The percentages (``100 × rows / file_rows``; ``examined_amount_pct`` of Σ|amount|) are
    half-up to 2 decimals (``Decimal('71.43')``, ``Decimal('100.00')``), None on a zero
    denominator."""

    file_rows: int
    rows_out_of_scope: int
    rows_not_modelled: int
    rows_examined: int
    rows_matched: int
    rows_differing: int
    rows_unexpected: int
    expected_lines: int
    expected_missing: int
    examined_pct: Optional[Decimal]
    matched_pct: Optional[Decimal]
    examined_amount_pct: Optional[Decimal]


@dataclasses.dataclass(frozen=True)
class ReconFlag(Record):
    """A row of the file that failed a self-check (SPEC-NCE §15.11): a flag, never an error.
    ``flag`` is always ``file_inconsistent``; ``row`` the row's CSV line (header = 1);
    ``check`` ``total``, ``subtotal`` or ``amount`` (legacy); ``detail`` the figures
    compared."""

    flag: str
    row: int
    check: str
    detail: str


@dataclasses.dataclass(frozen=True)
class InvoiceCheck(Record):
    """The invoice check of an NCE file (SPEC-NCE §15.11): Σ ``Total`` over every row
    (``rows_total``) minus the ``credit_notes`` given equals the ``invoice_total`` given
    (``agrees``)."""

    rows_total: Decimal
    credit_notes: Decimal
    invoice_total: Decimal
    agrees: bool


@dataclasses.dataclass(frozen=True)
class Reconciliation(Record):
    """The report of a reconciliation (SPEC-NCE §15.12), as :func:`reconcile` returns it.

    ``status`` is ``clean`` (at least one row matched, and every examined row and expected
    line matched), ``differences`` or ``nothing_audited`` (nothing examined and nothing
    expected: never clean); ``file_kind`` ``nce`` or ``legacy``; ``currency`` the billing
    currency; ``period`` the month (``YYYY-MM``); ``policy`` the line convention (``nce_b``)
    or legacy proration policy the expected lines were priced under. ``totals``,
    ``coverage``, ``flags`` and ``invoice_check`` (None unless an invoice total was given)
    are frozen records.

    Two tables built natively (a ``pyarrow.Table`` when pyarrow is installed, else an
    object with ``__arrow_c_stream__``, as :func:`prorate_batch` returns; money, quantities
    and rates exact ``decimal128(38, s)`` with ``s`` at least the currency's minor units for
    money, dates ``date32``, ids dictionary-encoded; never floats):

    - ``differences``: one row per listed entry (``matched`` and ``out_of_scope`` only when
      asked), in the report's order, with the columns :data:`RECON_COLUMNS` (the CSV form's);
      the expected side's columns are null for a row no engine line explains, the file
      side's for a line Microsoft did not bill.
    - ``customers``: one row per customer with a row or an expected line, in id order:
      ``customer_id``, ``file_rows``, ``rows_examined``, ``rows_matched``,
      ``expected_lines``, ``differences`` (counts), ``microsoft_total``, ``expected_total``,
      ``difference``, ``out_of_scope_total``, ``not_modelled_total`` (money; per customer
      as overall, ``microsoft_total = expected_total + Σ Δ``).

    :meth:`to_json` is the core's JSON report, the same text as ``csp --format json
    reconcile``. Two reconciliations are equal when their reports are; ``to_dict()`` has
    every field but the tables.
    """

    status: str
    file_kind: str
    currency: str
    period: str
    policy: str
    totals: ReconTotals
    coverage: ReconCoverage
    flags: Tuple[ReconFlag, ...]
    invoice_check: Optional[InvoiceCheck]
    differences: Any = dataclasses.field(repr=False, compare=False)
    customers: Any = dataclasses.field(repr=False, compare=False)
    #: The core's JSON report (what :meth:`to_json` returns and equality compares).
    _json: str = dataclasses.field(default="", repr=False)

    @property
    def clean(self) -> bool:
        """Whether the status is ``clean`` (what makes ``csp reconcile`` exit 0)."""
        return self.status == "clean"

    def to_json(self) -> str:
        """The report as the core writes it (SPEC-NCE §15.12; pretty-printed, ending in a
        newline): the same inputs give the same text, and the CLI prints the same."""
        return self._json


def _ids(values: object, what: str) -> List[str]:
    """Ids given as an iterable of ``str`` (a bare ``str`` is refused: it is not a list of
    ids); each is read by the core's id reader natively."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        _refuse_type(what, values, "an iterable of id strings (a list or tuple)")
    assert isinstance(values, Iterable)
    return [text(v, f"{what} id") for v in values]


def _flag(value: object, what: str) -> bool:
    if not isinstance(value, bool):
        _refuse_type(what, value, "True or False")
    assert isinstance(value, bool)
    return value


def _query(customers: Iterable[str], exclude_products: Iterable[str], include_matched: bool,
           include_out_of_scope: bool, invoice_total: Optional[MoneyLike],
           credit_notes: Optional[MoneyLike]) -> _native.NativeReconQuery:
    """The scope and options of a reconciliation, read by the core."""
    total = None if invoice_total is None else money(invoice_total, "invoice_total", "exact")
    notes = None if credit_notes is None else money(credit_notes, "credit_notes", "exact")
    return _native.NativeReconQuery(
        _ids(customers, "customer"), _ids(exclude_products, "product"),
        _flag(include_matched, "include_matched"),
        _flag(include_out_of_scope, "include_out_of_scope"), total, notes)


def _report(outcome: Tuple[Any, Any, Any]) -> Reconciliation:
    fields, differences, customers = outcome
    return Reconciliation(**fields, differences=_table(differences), customers=_table(customers))


def reconcile(scenario: Union["Scenario", "NceScenario"], recon_text: str, month: Any, *,
              customers: Iterable[str] = (), exclude_products: Iterable[str] = (),
              include_matched: bool = False, include_out_of_scope: bool = False,
              invoice_total: Optional[MoneyLike] = None,
              credit_notes: Optional[MoneyLike] = None) -> Reconciliation:
    """Reconciles Microsoft's reconciliation file of ``month`` (``YYYY-MM`` or a date)
    against the scenario's lines of that month, re-derived from its event history (SPEC-NCE
    §15; the core's ``Scenario::reconcile`` / ``NceScenario::reconcile``).

    ``scenario`` is an :class:`NceScenario` (its file is the NCE invoice recon file, priced
    under the scenario's line convention) or a legacy :class:`Scenario` (the license-based
    recon file, over the partner's bill window when the scenario has partner settings);
    ``recon_text`` is the file's text (:func:`read_text` reads a file with its encoding).

    Scope: the expected lines' customers and ``customers`` (ids); rows of other customers,
    and rows and lines of the products ``exclude_products`` (NCE ``ProductId``, legacy
    ``DurableOfferId``), are ``out_of_scope``. ``include_matched`` and
    ``include_out_of_scope`` list those entries in :attr:`Reconciliation.differences` too.
    ``invoice_total`` (with optional ``credit_notes``, default 0), an NCE invoice's figures,
    adds the invoice check; both are ``Decimal`` or decimal text read by the core's amount
    reader (a float is refused, an :class:`InputTypeError`).

    A file that cannot be read raises the core's error with its line and column in
    ``context`` (:class:`PriceListError` ``unknown_recon_format``, ``missing_column``,
    ``invalid_decimal``…; :class:`MoneyError` ``currency_mismatch`` for a file in another
    currency than the scenario's or than its own first row).

    >>> import csp_billing
    >>> book = csp_billing.NceScenario.demo()
    >>> header = ("CustomerId,SubscriptionId,ProductId,ChargeType,ChargeStartDate,"
    ...           "ChargeEndDate,UnitPrice,EffectiveUnitPrice,Quantity,Subtotal,Currency\\n")
    >>> # s4's September cycle: 8 seats at 6.00 expected; Microsoft billed 6.50 a seat.
    >>> row = "contoso,s4,CFQ7TTC0LH18,cycleCharge,9/1/2022,9/30/2022,6.50,6.50,8,52.00,USD\\n"
    >>> r = csp_billing.reconcile(book, header + row, "2022-09")
    >>> r.status, r.totals.microsoft_total, r.totals.expected_total, r.totals.difference
    ('differences', Decimal('52.00'), Decimal('662.40'), Decimal('-610.40'))
    >>> r.totals.by_class["price_differs"], r.totals.by_class["missing"]
    ((1, Decimal('4.00')), (4, Decimal('-614.40')))
    >>> r.coverage.examined_pct, r.coverage.expected_missing
    (Decimal('100.00'), 4)
    """
    from ._nce import NceScenario
    from ._scenario import Scenario
    if isinstance(scenario, (Scenario, NceScenario)):
        return scenario.reconcile(
            recon_text, month, customers=customers, exclude_products=exclude_products,
            include_matched=include_matched, include_out_of_scope=include_out_of_scope,
            invoice_total=invoice_total, credit_notes=credit_notes)
    _refuse_type("scenario", scenario, "a Scenario or an NceScenario")
    raise AssertionError  # unreachable


def _reconcile(core: Union[_native.NativeScenario, _native.NativeNceScenario],
               recon_text: str, month_: Any, customers: Iterable[str],
               exclude_products: Iterable[str], include_matched: bool,
               include_out_of_scope: bool, invoice_total: Optional[MoneyLike],
               credit_notes: Optional[MoneyLike]) -> Reconciliation:
    """What both scenarios' ``reconcile`` methods do with their native scenario."""
    query = _query(customers, exclude_products, include_matched, include_out_of_scope,
                   invoice_total, credit_notes)
    return _report(core.reconcile(text(recon_text, "recon_text"), _month(month_), query))
