"""Monthly price lists and the price book (SPEC §3)."""

from __future__ import annotations

import dataclasses
import json
import os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from . import _native
from ._convert import U32_MAX, DateLike, civil_date, date, decode, integer, month, to_json
from ._records import Price, PriceRow

__all__ = ["PriceList", "PriceBook", "read_text"]


def read_text(path: Union[str, "os.PathLike[str]"]) -> str:
    """A price file's text (UTF-8, with or without a BOM). The core itself reads no files."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        return f.read()


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
    rows: Tuple[PriceRow, ...]

    @classmethod
    def from_csv(cls, text: str, month_: Any, currency: str) -> "PriceList":
        """Parses a legacy price list's CSV text (month ``YYYY-MM`` and currency given)."""
        m = month(month_)
        rows = json.loads(_native.parse_price_list(text, m, currency))
        return cls(m, currency.strip().upper(), tuple(decode(PriceRow, r) for r in rows))

    @classmethod
    def read(cls, path: Union[str, "os.PathLike[str]"], month_: Any, currency: str) -> "PriceList":
        """Reads and parses a legacy price list file."""
        return cls.from_csv(read_text(path), month_, currency)

    def to_dicts(self) -> List[Dict[str, Any]]:
        """The rows as dicts."""
        return [r.to_dict() for r in self.rows]


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
        self._currency = currency.strip().upper()
        self._lists: Tuple[PriceList, ...] = tuple(lists)
        self._notice_days = (None if notice_days is None
                             else integer(notice_days, "notice_days", 0, U32_MAX))
        self._nce: Tuple[Mapping[str, Any], ...] = tuple(nce_rows or ())
        self._native = _native.NativeBook(
            self._currency,
            # The core refuses a list of another currency (currency_mismatch, SPEC §1.4).
            [(pl.month, pl.currency, to_json(pl.rows, "rows")) for pl in self._lists],
            json.dumps(list(self._nce)),
            self._notice_days,
        )

    @classmethod
    def from_files(cls, currency: str, files: Mapping[str, Union[str, "os.PathLike[str]"]],
                   notice_days: Optional[int] = None) -> "PriceBook":
        """A book from ``{"YYYY-MM": path}`` of legacy price list files."""
        return cls(currency, [PriceList.read(p, m, currency) for m, p in sorted(files.items())],
                   notice_days)

    def with_list(self, price_list: PriceList) -> "PriceBook":
        """A new book with one more month."""
        return PriceBook(self._currency, self._lists + (price_list,), self._notice_days,
                         self._nce)

    def with_nce_csv(self, text: str) -> "PriceBook":
        """A new book with the rows of an NCE price sheet (CSV text) added."""
        rows = tuple(json.loads(_native.parse_nce_csv(text)))
        return PriceBook(self._currency, self._lists, self._notice_days, self._nce + rows)

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
        data = json.loads(self._native.price(offer, date(on, "on"), date(as_of, "as_of")))
        return decode(Price, data, currency=data["list"]["currency"])

    def visible_from(self, effective_from: DateLike) -> Any:
        """The first day a list effective on ``effective_from`` may be read."""
        return civil_date(self._native.visible_from(date(effective_from)), "visible_from")

    def _core(self) -> Any:
        return self._native

    def __reduce__(self) -> Any:
        return (PriceBook, (self._currency, self._lists, self._notice_days, self._nce))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PriceBook) and self.__reduce__() == other.__reduce__()

    def __hash__(self) -> int:
        return hash((self._currency, self._lists, self._notice_days))

    def __repr__(self) -> str:
        months = ", ".join(pl.month for pl in self._lists)
        return f"PriceBook({self._currency!r}, months=[{months}], nce_rows={len(self._nce)})"
