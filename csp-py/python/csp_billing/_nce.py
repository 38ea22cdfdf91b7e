"""NCE (SPEC-NCE §11–§14): version 2 scenarios replayed into Microsoft's NCE lines, the term
calendar (terms, anchors, cycles, custom ends) and line money under the two conventions —
the core's ``scenario::nce``, ``calendar::nce`` and ``money::nce`` for Python."""

from __future__ import annotations

import datetime
import json
import os
from decimal import Decimal
from typing import Any, Iterable, List, Mapping, Optional, Tuple, Union

from . import _native
from ._calendar import _day
from ._convert import (U32_MAX, U64_MAX, DateLike, InstantLike, MoneyLike, _refuse_type,
                       _plain, civil_date, instant, integer, money, month, text)
from ._prices import MAX_FILE_BYTES, path_arg
from ._records import (BillRun, NceCycle, NceLine, NceLineAmount, NceQuote,
                       NceSubscriptionState, Period)
from ._channel import ChannelRun, _channel_run
from ._recon import Reconciliation, _reconcile
from ._scenario import _first_number, _issued, _run

__all__ = [
    "LINE_CONVENTIONS", "CyclePrice", "NceScenario", "NceTerm", "calendar_aligned_end",
    "check_custom_end", "coterm_ends", "cycles_per_term", "natural_end", "price_nce_line",
]

#: The names of the line conventions (SPEC-NCE §14.4; the core's ``LineConvention``):
#: ``nce_a`` (line truncation) and ``nce_b`` (unit truncation, the default, pinned P18).
LINE_CONVENTIONS: Tuple[str, str] = ("nce_a", "nce_b")


def _as_of(value: Optional[InstantLike]) -> Optional[str]:
    return None if value is None else instant(value, "as_of")


def _event(event: object) -> str:
    """The JSON text of one NCE event in the file form; ``at`` may be an aware ``datetime``
    or a ``date`` (read as ``as_of`` is), money and counts as the scenario's fields."""
    if not isinstance(event, Mapping):
        _refuse_type("event", event, "a dict of one NCE event in the file form "
                                     "(id, at, subscription, type, ...)")
        raise AssertionError  # unreachable
    plain = {str(k): v for k, v in event.items()}
    if "at" in plain:
        plain["at"] = instant(plain["at"], "event.at")

    def refuse(value: object) -> None:
        _refuse_type("event", value, "JSON values (str, int, bool, Decimal, date, lists, "
                                     "dicts) in the NCE event file form")

    return json.dumps(_plain(plain, "event"), separators=(",", ":"), default=refuse)


def _months(value: object, what: str) -> int:
    """A month count for the core (which refuses 0 and a cycle that does not divide)."""
    return integer(value, what, 0, U32_MAX)


class NceScenario:
    """A checked NCE scenario (version 2, ``"program": "nce"``; the format is documented in
    the core's ``scenario::nce`` module, the example is ``testdata/scenarios/nce-example.json``):
    customers, NCE price sheets and events at UTC instants, replayed through an instant into
    Microsoft's lines.

    ``as_of`` (every replay) is an aware ``datetime`` (converted to UTC), a ``date`` (its
    ``00:00:00Z``) or the text ``YYYY-MM-DDTHH:MM:SSZ``, read by the core's instant reader;
    None replays through the scenario's own ``as_of``. A naive ``datetime`` is refused
    (:class:`InputTypeError`). A refused event raises the core's error (e.g.
    :class:`SubscriptionError` ``cancellation_window_closed``) with ``context["event_index"]``
    (its index in ``events``) and ``context["event"]``.

    >>> book = NceScenario.demo()
    >>> lines = book.charges()
    >>> len(lines), sum(line.subtotal for line in lines)
    (30, Decimal('6310.72'))
    >>> [(s.id, s.status) for s in book.subscriptions()][-2:]
    [('s5', 'active'), ('s7', 'disabled')]
    >>> august = book.bill("2022-08")
    >>> [b.invoice.number for b in august.bills], august.totals.revenue
    (['NCE-1'], Decimal('678.15'))
    >>> q = book.what_if({"id": "q", "at": "2022-07-02T00:00:00Z", "subscription": "s1",
    ...                   "type": "reduce_seats", "quantity": 5})
    >>> q.net, q.allowed_until.isoformat()
    (Decimal('-96.00'), '2022-07-08T09:00:00+00:00')
    """

    _core: _native.NativeNceScenario

    def __init__(self, json_text: str) -> None:
        self._core = _native.NativeNceScenario.check(text(json_text, "NCE scenario JSON text"))

    @classmethod
    def from_json(cls, text_: str) -> "NceScenario":
        """An NCE scenario from its JSON text (price sheets as ``{"csv": TEXT}``; a
        ``csv_file`` needs :meth:`load`)."""
        return cls(text_)

    @classmethod
    def load(cls, path: Union[str, "os.PathLike[str]"],
             max_bytes: int = MAX_FILE_BYTES) -> "NceScenario":
        """Reads an NCE scenario file; a price sheet given as ``{"csv_file": "PATH"}`` is
        read relative to the scenario file's directory. Every file is read natively with the
        size cap ``max_bytes`` (default 1 GiB) and the encodings of :func:`read_text`."""
        return cls._of(_native.NativeNceScenario.load(
            path_arg(path), integer(max_bytes, "max_bytes", 0, U64_MAX)))

    @classmethod
    def demo(cls) -> "NceScenario":
        """The example NCE book (``testdata/scenarios/nce-example.json`` with its sheet
        ``nce-sheet.csv``; a copy ships with the package): two customers, seven
        subscriptions, 30 lines totalling 6310.72 USD through its ``as_of``."""
        from importlib import resources
        root = resources.files("csp_billing")
        book = root.joinpath("nce-example.json").read_text(encoding="utf-8")
        sheet = root.joinpath("nce-sheet.csv").read_text(encoding="utf-8")
        return cls._of(_native.NativeNceScenario.resolved(book, [("nce-sheet.csv", sheet)]))

    @classmethod
    def demo_two_tier(cls) -> "NceScenario":
        """The example two-tier book (``testdata/scenarios/nce-two-tier.json``; a copy ships
        with the package): an indirect provider with one customer of its own and two
        resellers, each with one customer (SPEC-NCE §17). Bill it with
        :meth:`bill_channel`."""
        from importlib import resources
        root = resources.files("csp_billing")
        book = root.joinpath("nce-two-tier.json").read_text(encoding="utf-8")
        sheet = root.joinpath("nce-sheet.csv").read_text(encoding="utf-8")
        return cls._of(_native.NativeNceScenario.resolved(book, [("nce-sheet.csv", sheet)]))

    @classmethod
    def _of(cls, core: _native.NativeNceScenario) -> "NceScenario":
        scenario = cls.__new__(cls)
        scenario._core = core
        return scenario

    def charges(self, as_of: Optional[InstantLike] = None) -> List[NceLine]:
        """Every line Microsoft bills through ``as_of`` (default: the scenario's own), in the
        order they happened, priced under the scenario's ``convention``."""
        lines: List[NceLine] = self._core.charges(_as_of(as_of))
        return lines

    def subscriptions(self, as_of: Optional[InstantLike] = None
                      ) -> Tuple[NceSubscriptionState, ...]:
        """Every subscription after the replay through ``as_of`` (default: the scenario's
        own), in order of purchase: status, seats, auto-renew, term, plan, locked price,
        cancellation window and seat batches."""
        states: List[NceSubscriptionState] = self._core.subscriptions(_as_of(as_of))
        return tuple(states)

    def reconcile(self, recon_text: str, month: Any, *, customers: Iterable[str] = (),
                  exclude_products: Iterable[str] = (), include_matched: bool = False,
                  include_out_of_scope: bool = False,
                  invoice_total: Optional[MoneyLike] = None,
                  credit_notes: Optional[MoneyLike] = None) -> Reconciliation:
        """Reconciles Microsoft's NCE invoice recon file ``recon_text`` of ``month``
        against the lines ordered in that month (SPEC-NCE §14.5.4), re-derived from the
        events up to its end and priced under the scenario's ``convention``:
        :func:`reconcile` with this scenario."""
        return _reconcile(self._core, recon_text, month, customers, exclude_products,
                          include_matched, include_out_of_scope, invoice_total,
                          credit_notes)

    def bill(self, month_: Any, issued: Optional[Iterable[BillRun]] = None,
             first_number: Optional[int] = None) -> BillRun:
        """The partner's bill run of ``month_`` (``YYYY-MM``) over the NCE lines (the core's
        ``NceScenario::bill``, SPEC §8 over SPEC-NCE §14): Microsoft's lines in the month's
        window mirrored at the partner's resale prices, with the fees, discounts, tax,
        numbering and corrections of :meth:`Scenario.bill`, which returns the same
        :class:`BillRun` records. ``issued``: the runs issued before (None: none);
        back-dated changes to their months become adjustment lines. Invoice numbers start at
        ``first_number``, or (``None``) one after the highest the issued runs used with the
        partner's prefix. A scenario without ``partner`` is ``invalid_scenario``; a refused
        event raises the core's error with ``context["event_index"]`` and
        ``context["event"]``."""
        if issued is None:
            issued = ()
        elif not isinstance(issued, Iterable):
            _refuse_type("issued", issued, "an iterable of the BillRun objects returned by bill")
        cores = [_issued(r) for r in issued]
        return _run(self._core.bill(month(month_), cores, _first_number(first_number)))

    def bill_channel(self, month_: Any, issued: Optional[Iterable[ChannelRun]] = None,
                     first_number: Optional[int] = None) -> ChannelRun:
        """Every tier's bills of ``month_`` (``YYYY-MM``) in a two-tier book (the core's
        ``NceScenario::bill_channel``, SPEC-NCE §17): the provider's (``partner``) to its own
        customers and, one invoice per end customer, to each reseller; each reseller's to its
        customers; and the margin statement, whose tiers' margins add up to the customers'
        price less Microsoft's cost exactly. ``issued``: the channel runs issued before (each
        tier's corrections and numbers continue from its own); ``first_number`` numbers the
        provider's own customers' invoices. A reseller of record set without an active link
        raises ``reseller_not_linked``, one without a signed Microsoft Partner Agreement
        ``reseller_mpa_not_signed``.

        >>> run = NceScenario.demo_two_tier().bill_channel("2022-11")
        >>> [(t.tier, t.margin) for t in run.margins.tiers]
        [('provider', Decimal('33.12')), ('fabrikam-it', Decimal('25.92')), ('tailspin', Decimal('7.34'))]
        >>> run.reseller("fabrikam-it").to_customers.bills[0].invoice.total
        Decimal('311.04')
        """
        if issued is None:
            issued = ()
        elif not isinstance(issued, Iterable):
            _refuse_type("issued", issued,
                         "an iterable of the ChannelRun objects returned by bill_channel")
        cores = []
        for r in issued:
            if not isinstance(r, ChannelRun) or r._core is None:
                _refuse_type("issued", r, "the ChannelRun objects returned by bill_channel")
            cores.append(r._core)
        return _channel_run(self._core.bill_channel(month(month_), cores,
                                                    _first_number(first_number)))

    def what_if(self, event: Mapping[str, Any],
                as_of: Optional[InstantLike] = None) -> NceQuote:
        """What ``event`` would do if it happened at its instant, changing nothing (the
        core's ``charges::nce_what_if``, SPEC-NCE §13.6–§13.7): the lines Microsoft would
        bill for it under the scenario's ``convention``, their net (negative: a refund) and
        until when the same event stays possible (``allowed_until``).

        ``event`` is a dict of one event in the scenario file's form, read by the core
        (``{"id": "q", "at": "2022-07-02T00:00:00Z", "subscription": "s1", "type":
        "reduce_seats", "quantity": 5}``; ``at`` may also be an aware ``datetime`` or a
        ``date``). The quote answers "what if I did this now, given everything that
        happened before": the scenario's events at or before ``as_of`` are replayed through
        ``as_of``, then the event is quoted. ``as_of`` defaults to the event's own instant
        (not the scenario's ``as_of``): events after it are not replayed, so a quote made
        before a cancellation in the book still sees the subscription. An earlier ``as_of``
        quotes ahead from what was known then; one after the event's instant is refused
        (``invalid_input``). A refused replayed event raises as :meth:`charges` does (with
        ``context["event_index"]``); the quoted event's own refusal (e.g.
        ``cancellation_window_closed``) has ``context["event"]`` and no index."""
        quote: NceQuote = self._core.what_if(_event(event), _as_of(as_of))
        return quote

    def allowed_custom_ends(self, customer: str, at: InstantLike,
                            term: str) -> List[datetime.date]:
        """The custom term ends an order by ``customer`` at ``at`` for ``term`` (``"P1M"``,
        ``"P1Y"``, ``"P3Y"``) may ask for (SPEC-NCE §13.3): the calendar-aligned end and
        the ends coterminous with the customer's subscriptions as the scenario's events up to
        ``at`` leave them (name one in the order's ``coterm_with``), sorted. Raises
        ``coterm_not_allowed`` or ``coterm_date_invalid`` when the program offers none."""
        ends = self._core.allowed_custom_ends(customer, instant(at, "at"), term)
        return [datetime.date.fromisoformat(d) for d in ends]

    @property
    def convention(self) -> str:
        """The line convention, ``nce_a`` or ``nce_b``."""
        return self._core.summary()[5]

    @property
    def currency(self) -> str:
        """The pricing currency."""
        return self._core.summary()[1]

    @property
    def as_of(self) -> Optional[datetime.datetime]:
        """The scenario's own ``as_of`` (aware, UTC), if it has one."""
        text_ = self._core.summary()[6]
        if not text_:
            return None
        return datetime.datetime.fromisoformat(text_.replace("Z", "+00:00"))

    def __reduce__(self) -> Any:
        return (_from_sources, self._core.sources())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NceScenario) and self._core == other._core

    def __hash__(self) -> int:
        # Equal scenarios (the core's ==) read from different texts have one summary.
        return hash(self._core.summary())

    def __repr__(self) -> str:
        program, currency, market, customers, events, convention, as_of = self._core.summary()
        return (f"NceScenario(program={program!r}, currency={currency!r}, market={market!r}, "
                f"customers={customers}, events={events}, convention={convention!r}, "
                f"as_of={as_of or None!r})")


def _from_sources(json_text: str, files: List[Tuple[str, str]]) -> NceScenario:
    """An NCE scenario from its JSON text and its ``csv_file`` sheets as read (unpickling)."""
    return NceScenario._of(_native.NativeNceScenario.resolved(json_text, files))


def _period(pair: Tuple[str, str], what: str) -> Period:
    return Period(civil_date(pair[0], f"{what}.first"), civil_date(pair[1], f"{what}.last"))


def _cycle(c: Tuple[Tuple[str, str], Tuple[str, str], int, bool]) -> NceCycle:
    return NceCycle(_period(c[0], "cycle"), _period(c[1], "cycle.reference"), c[2], c[3])


def _end(value: Optional[DateLike], what: str) -> Optional[datetime.date]:
    return None if value is None else _day(value, what)


class NceTerm:
    """One term of an NCE subscription (the core's ``calendar::nce::NceTerm``, SPEC-NCE
    §13.2): its days, its anchor ``A`` and its cycles. A natural term ``k`` is
    ``[add_months(A, k·m), add_months(A, (k+1)·m) − 1]``; a shortened first term ``[S, E]``
    (a custom end) has ``A = E + 1``, its cycles counted back from ``A`` with a partial first
    cycle when they do not reach ``S``.

    >>> import datetime
    >>> t = NceTerm.first(datetime.date(2021, 4, 22), 12, 1, datetime.date(2022, 4, 2))
    >>> t.is_shortened, t.period.days, t.anchor
    (True, 346, datetime.date(2022, 4, 3))
    >>> c = t.cycles()[0]
    >>> c.period, c.days_in_cycle
    (Period(first=datetime.date(2021, 4, 22), last=datetime.date(2021, 5, 2)), 30)
    >>> t.next().period
    Period(first=datetime.date(2022, 4, 3), last=datetime.date(2023, 4, 2))
    """

    _core: _native.NativeNceTerm
    #: How the term was made: ``("first", start, m, c, end)`` then ``("next",)``,
    #: ``("renewal", m, c, end)`` or ``("with_cycle_months", c)`` steps (what pickling replays).
    _recipe: Tuple[Tuple[Any, ...], ...]

    def __init__(self, start: DateLike, term_months: int, cycle_months: int = 1,
                 custom_end: Optional[DateLike] = None) -> None:
        """The first term (as :meth:`first`)."""
        s, end = _day(start, "start"), _end(custom_end, "custom_end")
        m, c = _months(term_months, "term_months"), _months(cycle_months, "cycle_months")
        self._core = _native.NativeNceTerm.first(s, m, c, end)
        self._recipe = (("first", s, m, c, end),)

    @classmethod
    def first(cls, start: DateLike, term_months: int, cycle_months: int = 1,
              custom_end: Optional[DateLike] = None) -> "NceTerm":
        """The first term from ``start``, ``term_months`` long, billed every
        ``cycle_months`` (dividing it), ending at ``custom_end`` when given (a custom end
        outside ``[start, natural_end(start, term_months)]`` is ``coterm_date_invalid``)."""
        return cls(start, term_months, cycle_months, custom_end)

    @classmethod
    def _of(cls, core: _native.NativeNceTerm, recipe: Tuple[Tuple[Any, ...], ...]) -> "NceTerm":
        term = cls.__new__(cls)
        term._core, term._recipe = core, recipe
        return term

    @property
    def period(self) -> Period:
        """The days of the term."""
        return _period(self._core.period(), "term")

    @property
    def anchor(self) -> datetime.date:
        """The anchor ``A``: the start, or ``E + 1`` after a shortened first term ending ``E``."""
        return civil_date(self._core.anchor(), "anchor")

    @property
    def term_months(self) -> int:
        """The term length ``m`` in months."""
        return self._core.shape()[0]

    @property
    def cycle_months(self) -> int:
        """The billing cycle length ``c`` in months."""
        return self._core.shape()[1]

    @property
    def is_shortened(self) -> bool:
        """Whether this is a shortened first term (a custom end before the natural end)."""
        return self._core.shape()[2]

    def next(self) -> "NceTerm":
        """The following term of the same length and cycle, counted from the anchor."""
        return NceTerm._of(self._core.next(), self._recipe + (("next",),))

    def renewal(self, term_months: int, cycle_months: int,
                custom_end: Optional[DateLike] = None) -> "NceTerm":
        """The term that follows at renewal: the same length without a custom end continues
        on the anchor; another length or a custom end re-anchors on the renewal day."""
        m, c = _months(term_months, "term_months"), _months(cycle_months, "cycle_months")
        end = _end(custom_end, "custom_end")
        return NceTerm._of(self._core.renewal(m, c, end),
                           self._recipe + (("renewal", m, c, end),))

    def with_cycle_months(self, cycle_months: int) -> "NceTerm":
        """The same term with another cycle length (a plan change)."""
        c = _months(cycle_months, "cycle_months")
        return NceTerm._of(self._core.with_cycle_months(c),
                           self._recipe + (("with_cycle_months", c),))

    def cycles(self) -> Tuple[NceCycle, ...]:
        """Every cycle of the term in order (they partition it)."""
        return tuple(_cycle(c) for c in self._core.cycles())

    def cycle_at(self, day: DateLike) -> NceCycle:
        """The cycle holding ``day`` (``date_outside_term`` outside the term)."""
        return _cycle(self._core.cycle_at(_day(day, "day")))

    def next_cycle_start(self, day: DateLike) -> Optional[datetime.date]:
        """The first cycle start strictly after ``day`` inside the term, if any (the term's
        start for a day before it)."""
        d = self._core.next_cycle_start(_day(day, "day"))
        return None if d is None else civil_date(d, "next_cycle_start")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NceTerm) and self._core == other._core

    def __hash__(self) -> int:
        return hash(self._core)

    def __reduce__(self) -> Any:
        return (_replay_term, (self._recipe,))

    def __repr__(self) -> str:
        p = self.period
        return (f"NceTerm(first={p.first.isoformat()}, last={p.last.isoformat()}, "
                f"anchor={self.anchor.isoformat()}, term_months={self.term_months}, "
                f"cycle_months={self.cycle_months})")


def _replay_term(recipe: Tuple[Tuple[Any, ...], ...]) -> NceTerm:
    """The term ``recipe`` made (unpickling)."""
    (_, start, m, c, end), *steps = recipe
    term = NceTerm.first(start, m, c, end)
    for step in steps:
        if step[0] == "next":
            term = term.next()
        elif step[0] == "renewal":
            term = term.renewal(step[1], step[2], step[3])
        else:
            term = term.with_cycle_months(step[1])
    return term


def natural_end(start: DateLike, months: int) -> datetime.date:
    """The natural end of a term of ``months`` months from ``start``:
    ``add_months(start, months) − 1`` (SPEC-NCE §13.2.1).

    >>> import datetime
    >>> natural_end(datetime.date(2021, 1, 31), 1)
    datetime.date(2021, 2, 27)
    """
    return civil_date(_native.nce_natural_end(_day(start, "start"), _months(months, "months")),
                      "end")


def calendar_aligned_end(start: DateLike, term_months: int) -> datetime.date:
    """The latest month end on or before the natural end (SPEC-NCE §13.3.2).

    >>> import datetime
    >>> calendar_aligned_end(datetime.date(2022, 7, 15), 12)
    datetime.date(2023, 6, 30)
    """
    d = _native.nce_calendar_aligned_end(_day(start, "start"),
                                         _months(term_months, "term_months"))
    return civil_date(d, "end")


def coterm_ends(start: DateLike, term_months: int, with_: NceTerm) -> Tuple[datetime.date, ...]:
    """The ends a new term from ``start`` of ``term_months`` may take to be coterminous with
    the existing term ``with_`` (the core's ``with``; SPEC-NCE §13.3.3–4), in order."""
    if not isinstance(with_, NceTerm):
        _refuse_type("with_", with_, "an NceTerm")
    ends = _native.nce_coterm_ends(_day(start, "start"), _months(term_months, "term_months"),
                                   with_._core)
    return tuple(civil_date(d, "end") for d in ends)


def check_custom_end(start: DateLike, term_months: int, end: DateLike,
                     custom_end_dates_from: Optional[DateLike]) -> None:
    """Checks a custom end for a term of ``term_months`` from ``start`` (SPEC-NCE §13.3.1,
    §13.3.4) under a program's ``custom_end_dates_from`` (None: the program has no custom
    ends, ``coterm_not_allowed``): None, or the refusal (``coterm_date_invalid`` with
    ``context["rule"]``)."""
    _native.nce_check_custom_end(_day(start, "start"), _months(term_months, "term_months"),
                                 _day(end, "end"),
                                 _end(custom_end_dates_from, "custom_end_dates_from"))


def cycles_per_term(term_months: int, cycle_months: int) -> int:
    """``n = term_months / cycle_months`` (SPEC-NCE §12.4): P1Y monthly 12, P3Y annual 3…"""
    return _native.nce_cycles_per_term(_months(term_months, "term_months"),
                                       _months(cycle_months, "cycle_months"))


def _percent(value: Optional[MoneyLike]) -> Optional[Decimal]:
    return None if value is None else Decimal(money(value, "percent_off", "percent"))


class CyclePrice:
    """The price a term's lines are computed from (the core's ``money::nce::CyclePrice``,
    SPEC-NCE §12.4): the sheet's ``UnitPrice`` for the whole term, the cycles per term ``n``
    and a promotion's percent off (``0 ≤ p < 100``).

    >>> p = CyclePrice("3393.9", 12)
    >>> p.cycle_price_shown(3), p.cycle_price_shown(2)
    (Decimal('282.825'), Decimal('282.83'))
    """

    def __init__(self, unit_price: MoneyLike, cycles_per_term: int,
                 percent_off: Optional[MoneyLike] = None) -> None:
        self._unit_price = Decimal(money(unit_price, "unit_price", "price"))
        self._cycles = integer(cycles_per_term, "cycles_per_term", 0, U32_MAX)
        self._percent_off = _percent(percent_off)
        self._core = _native.NativeCyclePrice(self._unit_price, self._cycles,
                                              self._percent_off)

    @property
    def unit_price(self) -> Decimal:
        """``U``: the whole-term price, before promotion."""
        return self._unit_price

    @property
    def cycles(self) -> int:
        """``n``: cycles per term."""
        return self._cycles

    @property
    def percent_off(self) -> Optional[Decimal]:
        """The promotion's percent off, as given."""
        return self._percent_off

    def cycle_price_shown(self, scale: int) -> Decimal:
        """``P = U / n`` rounded half-up to ``scale`` decimals (display)."""
        return self._core.cycle_price_shown(integer(scale, "scale", 0, U32_MAX))

    def per_cycle(self, value: MoneyLike, scale: int) -> Decimal:
        """A whole-term amount (an ERP price) per cycle, ``value / n``, half-up to ``scale``."""
        return self._core.per_cycle(Decimal(money(value, "value", "price")),
                                    integer(scale, "scale", 0, U32_MAX))

    def _key(self) -> Tuple[Decimal, int, Optional[Decimal]]:
        return (self._unit_price, self._cycles, self._percent_off)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CyclePrice) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __reduce__(self) -> Any:
        return (CyclePrice, self._key())

    def __repr__(self) -> str:
        return (f"CyclePrice({str(self._unit_price)!r}, {self._cycles}, "
                f"percent_off={None if self._percent_off is None else str(self._percent_off)!r})")


def price_nce_line(convention: str, unit_price: MoneyLike, cycles_per_term: int, num: int,
                   den: int, quantity: int, refund: bool = False,
                   percent_off: Optional[MoneyLike] = None,
                   currency: str = "USD") -> NceLineAmount:
    """One NCE line's money (the core's ``price_nce_line``, SPEC-NCE §14.3–§14.4) at
    exchange rate 1: ``EUP_exact = ±U × (1 − p/100) × num / (n × den)`` truncated under
    ``convention`` (``"nce_a"``: ``subtotal = trunc(EUP × q)``, EUP shown half-up;
    ``"nce_b"``: ``EUP = trunc(EUP)``, ``subtotal = EUP × q``) to the currency's minor units.
    ``num / den`` is the share of the cycle (days charged of ``D(C)``, ``0 < num ≤ den``,
    else ``invalid_proration``); ``refund`` makes the line negative.

    >>> a = price_nce_line("nce_a", "192", 12, 13, 31, 3, refund=True)
    >>> b = price_nce_line("nce_b", "192", 12, 13, 31, 3, refund=True)
    >>> (a.effective_unit_price, a.subtotal), (b.effective_unit_price, b.subtotal)
    ((Decimal('-6.71'), Decimal('-20.12')), (Decimal('-6.70'), Decimal('-20.10')))
    """
    if not isinstance(refund, bool):
        _refuse_type("refund", refund, "a bool")
    price = CyclePrice(unit_price, cycles_per_term, percent_off)
    eup, subtotal, q, code = _native.nce_price_line(
        text(convention, "convention"), price._core, text(currency, "currency"),
        integer(num, "num", 0, U32_MAX), integer(den, "den", 0, U32_MAX),
        integer(quantity, "quantity", 0, U64_MAX), refund)
    return NceLineAmount(eup, subtotal, q, code)
