"""Monthly price lists and the price book (SPEC §3)."""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
from decimal import Decimal
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import _native
from ._convert import (U32_MAX, U64_MAX, DateLike, MoneyLike, _refuse_type, civil_date, date,
                       decode, identifier, integer, month, to_json)
from ._convert import seats as _seats
from ._convert import text as _text
from ._price_rows import PriceRows
from ._records import DiffRow, NceRow, Price, PriceRow

__all__ = ["PriceList", "PriceBook", "read_text", "diff", "diff_rows", "MAX_FILE_BYTES"]


#: The largest file read unless a call says otherwise: the core's cap, 1 GiB (the CLI's
#: too; a larger file, or a device such as ``/dev/zero``, is refused before it is read whole).
MAX_FILE_BYTES: int = _native.max_file_bytes()


def path_arg(path: object, what: str = "path") -> str:
    """A file path (``str`` or ``os.PathLike``); anything else is an :class:`InputTypeError`."""
    if isinstance(path, os.PathLike):
        path = os.fspath(path)
    if not isinstance(path, str):
        _refuse_type(what, path, "a str or os.PathLike path")
    assert isinstance(path, str)
    return path


def read_text(path: Union[str, "os.PathLike[str]"], max_bytes: int = MAX_FILE_BYTES) -> str:
    """A price file's text, read natively (the core itself reads no files): at most
    ``max_bytes`` bytes (default 1 GiB; more is refused with ``invalid_input`` before the
    rest is read, so ``/dev/zero`` is not read forever), decoded from UTF-8 (with or
    without a byte order mark) or UTF-16 with a byte order mark (Excel's "Unicode text").
    Other encodings (Latin-1, Windows-1252, UTF-16 without a mark) are refused with a
    :class:`CspError` naming the file and the line, never a ``UnicodeDecodeError``; a file
    that cannot be opened is the ``OSError`` of the operating system.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("wb", suffix=".csv", delete=False) as f:
    ...     _ = f.write("Offer ID\\nE3\\n".encode("utf-16"))
    >>> read_text(f.name)
    'Offer ID\\nE3\\n'
    >>> os.unlink(f.name)
    """
    return str(_native.read_text_file(path_arg(path), integer(max_bytes, "max_bytes", 0,
                                                               U64_MAX)))


@dataclasses.dataclass(frozen=True)
class PriceList:
    """One month's legacy price list: its month, currency and rows.

    >>> csv = ("Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,"
    ...        "List Price,ERP Price\\nE3,Office 365 Enterprise E3,Corporate,Non-specific,20.00,25.00\\n")
    >>> PriceList.from_csv(csv, "2016-03", "USD").rows[0].list_price
    Decimal('20.00')
    """

    month: str
    currency: str
    #: A tuple of :class:`PriceRow` when built from records; :class:`PriceRows` (a
    #: sequence equal to that tuple, kept native) when read from CSV.
    rows: Sequence[PriceRow]

    def __post_init__(self) -> None:
        _text(self.month, "month")
        _text(self.currency, "currency")
        if isinstance(self.rows, PriceRows):
            return
        if isinstance(self.rows, (str, bytes)) or not isinstance(self.rows, Iterable):
            _refuse_type("rows", self.rows, "a tuple of PriceRow")
        object.__setattr__(self, "rows", tuple(self.rows))
        for r in self.rows:
            if not isinstance(r, PriceRow):
                _refuse_type("rows", r, "PriceRow objects")

    @classmethod
    def from_csv(cls, text: str, month_: Any, currency: str) -> "PriceList":
        """Parses a legacy price list's CSV text (month ``YYYY-MM`` and currency given)."""
        m = month(month_)
        csv, currency = _text(text, "price list text"), _text(currency, "currency")
        # The core's list stays native: its records are built when a row is read, and a
        # PriceBook takes the list itself (no JSON text, no per-row Python work).
        rows = PriceRows(_native.NativeLegacyList.from_csv(csv, m, currency))
        return cls(m, currency.strip().upper(), rows)

    @classmethod
    def read(cls, path: Union[str, "os.PathLike[str]"], month_: Any, currency: str,
             max_bytes: int = MAX_FILE_BYTES) -> "PriceList":
        """Reads and parses a legacy price list file (read and decoded as :func:`read_text`
        reads it, natively: the text never becomes a Python string)."""
        m, currency = month(month_), _text(currency, "currency")
        path = path_arg(path)
        max_bytes = integer(max_bytes, "max_bytes", 0, U64_MAX)
        rows = PriceRows(_native.NativeLegacyList.read(path, m, currency, max_bytes))
        return cls(m, currency.strip().upper(), rows)

    def diff(self, new: "PriceList") -> Tuple[DiffRow, ...]:
        """This list compared with a later one offer by offer (:func:`diff`)."""
        return diff(self, new)

    def to_dicts(self) -> List[Dict[str, Any]]:
        """The rows as dicts."""
        return [r.to_dict() for r in self.rows]

    def to_arrow(self) -> Any:
        """The rows as a ``pyarrow.Table`` (pyarrow must be installed): one column per
        :class:`PriceRow` field; prices as their exact decimal text (``"20.00"``, never a
        float), dates as ``date32``. A list read from CSV builds it natively, without
        building its records.

        >>> csv = ("Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,"
        ...        "List Price,ERP Price\\nE3,Office 365 Enterprise E3,Corporate,Non-specific,20.00,25.00\\n")
        >>> PriceList.from_csv(csv, "2016-03", "USD").to_arrow().column("list_price").to_pylist()
        ['20.00']
        """
        import pyarrow as pa  # type: ignore[import-untyped, import-not-found, unused-ignore]
        if isinstance(self.rows, PriceRows):  # read from CSV: built natively, no record
            return pa.table(self.rows._core.to_arrow())
        names = [f.name for f in dataclasses.fields(PriceRow)]
        columns = {n: [getattr(r, n) for r in self.rows] for n in names}
        for n in ("list_price", "erp_price"):
            columns[n] = [format(d, "f") for d in columns[n]]
        types = {n: pa.string() for n in names}
        types["effective_start"] = types["effective_end"] = pa.date32()
        return pa.table({n: pa.array(columns[n], type=types[n]) for n in names})


class PriceBook:
    """Monthly price lists of one currency, with the 30-day visibility rule.

    A list effective on the 1st of a month may be read from 30 days before (the program's
    notice). Immutable: ``with_list`` returns a new book. Pickles (by its lists).

    >>> import datetime
    >>> csv = ("Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,"
    ...        "List Price,ERP Price\\nE3,Office 365 Enterprise E3,Corporate,Non-specific,20.00,25.00\\n")
    >>> book = PriceBook("USD", [PriceList.from_csv(csv, "2016-03", "USD")])
    >>> book.price("E3", datetime.date(2016, 3, 15), as_of=datetime.date(2016, 1, 31)).list
    Decimal('20.00')
    """

    def __init__(self, currency: str, lists: Iterable[PriceList] = (),
                 notice_days: Optional[int] = None,
                 nce_rows: Optional[Tuple[Mapping[str, Any], ...]] = None) -> None:
        currency = _text(currency, "currency")
        if isinstance(lists, (str, bytes)) or not isinstance(lists, Iterable):
            _refuse_type("lists", lists, "an iterable of PriceList")
        lists = tuple(lists)
        for pl in lists:
            if not isinstance(pl, PriceList):
                _refuse_type("lists", pl, "PriceList objects (PriceList.from_csv or .read)")
        nce = tuple(nce_rows or ())
        self._init(currency, lists, notice_days, None)
        if nce:
            # NCE rows given as dicts (the core's JSON form) are read once into native rows,
            # after the lists and notice days are checked (the order of refusals is kept).
            self._init(currency, self._lists, notice_days,
                       _native.NceRows.from_json(json.dumps(list(nce))))

    def _init(self, currency: str, lists: Iterable[PriceList], notice_days: Optional[int],
              nce: Optional[_native.NceRows]) -> None:
        self._currency = currency.strip().upper()
        self._lists: Tuple[PriceList, ...] = tuple(lists)
        self._notice_days = (None if notice_days is None
                             else integer(notice_days, "notice_days", 0, U32_MAX))
        # The NCE rows stay native: never copied to Python objects unless asked.
        self._nce: Optional[_native.NceRows] = nce
        self._native = _native.NativeBook(
            self._currency,
            # The core refuses a list of another currency (currency_mismatch, SPEC §1.4).
            [(pl.month, pl.currency,
              pl.rows._core if isinstance(pl.rows, PriceRows) else to_json(pl.rows, "rows"))
             for pl in self._lists],
            self._nce,
            self._notice_days,
        )

    @classmethod
    def _of(cls, currency: str, lists: Iterable[PriceList], notice_days: Optional[int],
            nce: Optional[_native.NceRows]) -> "PriceBook":
        book = cls.__new__(cls)
        book._init(currency, lists, notice_days, nce)
        return book

    @classmethod
    def from_files(cls, currency: str, files: Mapping[str, Union[str, "os.PathLike[str]"]],
                   notice_days: Optional[int] = None) -> "PriceBook":
        """A book from ``{"YYYY-MM": path}`` of legacy price list files."""
        return cls(currency, [PriceList.read(p, m, currency) for m, p in sorted(files.items())],
                   notice_days)

    def with_list(self, price_list: PriceList) -> "PriceBook":
        """A new book with one more month."""
        if not isinstance(price_list, PriceList):
            _refuse_type("price_list", price_list, "a PriceList")
        return PriceBook._of(self._currency, self._lists + (price_list,), self._notice_days,
                             self._nce)

    def with_nce_csv(self, text: str) -> "PriceBook":
        """A new book with the rows of an NCE price sheet (CSV text) added."""
        rows = _native.NceRows.from_csv(_text(text, "NCE price sheet text"))
        if self._nce is not None:
            rows = _native.NceRows.concat([self._nce, rows])
        return PriceBook._of(self._currency, self._lists, self._notice_days, rows)

    def with_nce_file(self, path: Union[str, "os.PathLike[str]"],
                      max_bytes: int = MAX_FILE_BYTES) -> "PriceBook":
        """A new book with the rows of the NCE price sheet file at ``path`` added: read and
        decoded as :func:`read_text` reads it, natively (the text never becomes a Python
        string: the CLI's memory), then parsed as :meth:`with_nce_csv` parses it."""
        rows = _native.NceRows.read(path_arg(path),
                                    integer(max_bytes, "max_bytes", 0, U64_MAX))
        if self._nce is not None:
            rows = _native.NceRows.concat([self._nce, rows])
        return PriceBook._of(self._currency, self._lists, self._notice_days, rows)

    def nce_table(self) -> Any:
        """The book's NCE rows as a ``pyarrow.Table`` (pyarrow must be installed), built
        natively: offer, product_title, sku_title, term, plan, market, currency,
        unit_price and erp_price (exact decimal text as published, never a float),
        effective_start and effective_end (ISO 8601 text, UTC), tags, line.

        >>> csv = ("ProductTitle,ProductId,SkuId,SkuTitle,TermDuration,BillingPlan,Market,"
        ...        "Currency,UnitPrice,EffectiveStartDate,EffectiveEndDate\\n"
        ...        "Apps,CFQ7TTC0HD7P,0001,Apps,P1Y,Annual,US,USD,104.4,11/1/2021 12:00:00 AM,\\n")
        >>> PriceBook("USD").with_nce_csv(csv).nce_table().column("unit_price").to_pylist()
        ['104.4']
        """
        import pyarrow as pa  # type: ignore[import-untyped, import-not-found, unused-ignore]
        return pa.table((self._nce or _native.NceRows.from_json("[]")).to_arrow())

    @property
    def currency(self) -> str:
        """The book's currency."""
        return self._currency

    @property
    def lists(self) -> Tuple[PriceList, ...]:
        """The monthly lists, in the order added."""
        return self._lists

    def price(self, offer: str, on: DateLike, as_of: DateLike) -> Price:
        """The price of ``offer`` on ``on``, as the lists visible on ``as_of`` give it."""
        data = json.loads(self._native.price(identifier(offer, "offer"), date(on, "on"),
                                             date(as_of, "as_of")))
        return decode(Price, data, currency=data["list"]["currency"])

    def nce_price(self, offer: str, term: str, plan: str, market: str, on: DateLike,
                  currency: Optional[str] = None, *, segment: Optional[str] = None,
                  tier: Optional[Tuple[int, int]] = None,
                  seats: Optional[int] = None) -> NceRow:
        """The NCE row that governs ``offer`` (``ProductId:SkuId``) with ``term`` (``P1M``,
        ``P1Y``, ``P3Y``), billing ``plan`` (``monthly``, ``annual``, ``triennial``…) in
        ``market`` and ``currency`` (default: the book's) at 00:00 UTC of ``on``: the core's
        ``PriceBook::nce_price`` (among overlapping rows the one ending first governs).

        ``segment`` (``commercial``, ``education``…) and ``tier`` (``(min, max)`` seats) are
        part of the key: a sheet with rows of several segments or tiers for the offer
        answers ``ambiguous_price`` unless the query names them; ``seats`` picks the tier
        whose range contains the seat count (``NceSheet::price_for_seats``).
        ``nce_price_not_found`` when no row covers the day.

        >>> csv = ("ProductTitle,ProductId,SkuId,SkuTitle,TermDuration,BillingPlan,Market,"
        ...        "Currency,UnitPrice,EffectiveStartDate,EffectiveEndDate\\n"
        ...        "Apps,CFQ7TTC0HD7P,0001,Apps,P1Y,Annual,US,USD,104.4,11/1/2021 12:00:00 AM,\\n")
        >>> PriceBook("USD").with_nce_csv(csv).nce_price(
        ...     "CFQ7TTC0HD7P:0001", "P1Y", "annual", "US", "2021-11-04").unit_price
        Decimal('104.4')
        """
        cur = self._currency if currency is None else _text(currency, "currency")
        seg = None if segment is None else _text(segment, "segment")
        tier_min = tier_max = None
        if tier is not None:
            if not isinstance(tier, tuple) or len(tier) != 2:
                _refuse_type("tier", tier, "a tuple (min, max) of ints")
            tier_min = integer(tier[0], "tier min", 0, U32_MAX)
            tier_max = integer(tier[1], "tier max", 0, U32_MAX)
        n = None if seats is None else _seats(seats, "seats")
        data = json.loads(self._native.nce_price(
            identifier(offer, "offer"), _text(term, "term"), _text(plan, "billing plan"),
            _text(market, "market"), cur, date(on, "on"), seg, tier_min, tier_max, n))
        return _nce_row(data)

    def visible_from(self, effective_from: DateLike) -> Any:
        """The first day a list effective on ``effective_from`` may be read."""
        return civil_date(self._native.visible_from(date(effective_from)), "visible_from")

    def _core(self) -> Any:
        return self._native

    def _nce_rows(self) -> Tuple[Mapping[str, Any], ...]:
        return () if self._nce is None else tuple(json.loads(self._nce.to_json()))

    def __reduce__(self) -> Any:
        return (PriceBook, (self._currency, self._lists, self._notice_days, self._nce_rows()))

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, PriceBook)
                and (self._currency, self._lists, self._notice_days)
                == (other._currency, other._lists, other._notice_days)
                and len(self._nce or ()) == len(other._nce or ())
                and (self._nce is None or self._nce == other._nce))

    def __hash__(self) -> int:
        return hash((self._currency, self._lists, self._notice_days))

    def __repr__(self) -> str:
        months = ", ".join(pl.month for pl in self._lists)
        return f"PriceBook({self._currency!r}, months=[{months}], nce_rows={len(self._nce or ())})"


def _nce_row(data: Mapping[str, Any]) -> NceRow:
    key = data["key"]
    erp = data.get("erp_price")
    return NceRow(
        offer=key["offer"], term=key["term"], plan=key["plan"], market=key["market"],
        currency=key["currency"], product_title=data["product_title"],
        sku_title=data["sku_title"], unit_price=Decimal(data["unit_price"]),
        erp_price=None if erp is None else Decimal(erp),
        effective_start=datetime.datetime.fromisoformat(data["effective_start"]),
        effective_end=datetime.datetime.fromisoformat(data["effective_end"]),
        tags=data.get("tags", ""), line=int(data["line"]), segment=key.get("segment"),
        tier=None if key.get("tier") is None else (int(key["tier"]["min"]),
                                                   int(key["tier"]["max"])))


def diff_rows(old: Iterable[PriceRow], new: Iterable[PriceRow]) -> Tuple[DiffRow, ...]:
    """Two lists' rows compared offer by offer, sorted by offer id (the core's
    ``diff_rows``): ``CHG`` when the list price changes, compared as numbers (4.0 = 4.00);
    an ERP-only change keeps ``UNC`` with ``erp_changed``; ``ADD``/``DEL`` for an offer in
    one list only (SPEC §10.9).

    >>> h = ("Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,"
    ...      "List Price,ERP Price\\n")
    >>> old = PriceList.from_csv(h + "A,Alpha,Corporate,Non-specific,4.0,5\\n", "2016-02", "USD")
    >>> new = PriceList.from_csv(h + "A,Alpha,Corporate,Non-specific,4.00,5.50\\n"
    ...                          "C,Gamma,Corporate,Non-specific,1,2\\n", "2016-03", "USD")
    >>> [(r.offer_id, r.indicator, r.erp_changed) for r in diff(old, new)]
    [('A', 'UNC', True), ('C', 'ADD', False)]
    """
    def rows(side: Iterable[PriceRow], what: str) -> str:
        if isinstance(side, (str, bytes)) or not isinstance(side, Iterable):
            _refuse_type(what, side, "an iterable of PriceRow")
        listed = tuple(side)
        for r in listed:
            if not isinstance(r, PriceRow):
                _refuse_type(what, r, "PriceRow objects")
        return to_json(listed, "rows")

    def price(v: Optional[str]) -> Optional[Decimal]:
        return None if v is None else Decimal(v)

    data = json.loads(_native.price_list_diff(rows(old, "old"), rows(new, "new")))
    return tuple(
        DiffRow(offer_id=r["offer_id"], offer_name=r["offer_name"], indicator=r["indicator"],
                old_list_price=price(r["old_list_price"]),
                new_list_price=price(r["new_list_price"]),
                old_erp_price=price(r["old_erp_price"]), new_erp_price=price(r["new_erp_price"]),
                erp_changed=bool(r["erp_changed"]))
        for r in data)


def diff(old: PriceList, new: PriceList) -> Tuple[DiffRow, ...]:
    """Two price lists compared offer by offer (the core's ``diff``; see :func:`diff_rows`)."""
    for what, pl in (("old", old), ("new", new)):
        if not isinstance(pl, PriceList):
            _refuse_type(what, pl, "a PriceList")
    return diff_rows(old.rows, new.rows)
