"""A legacy price list's rows as a read-only sequence backed by the native list."""

from __future__ import annotations

from typing import Any, Iterator, Optional, Sequence, Tuple, Union, overload

from . import _native
from ._records import PriceRow

__all__ = ["PriceRows"]


class PriceRows(Sequence[PriceRow]):
    """The rows of a :class:`PriceList` read from CSV (``PriceList.read``,
    ``PriceList.from_csv``): a read-only ``Sequence`` of :class:`PriceRow`, in the list's
    order (by offer id), kept in the native list that a :class:`PriceBook` takes as it is.

    ``len`` costs nothing per row; the records are built natively, all at once, the first
    time a row is read (by index, slice or iteration), and kept. It equals (and hashes as)
    the tuple of the same records, and reads and pickles as it; a slice is a tuple.

    >>> from csp_billing import PriceList
    >>> csv = ("Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,"
    ...        "List Price,ERP Price\\nE3,Office 365 E3,Corporate,Non-specific,20.00,25.00\\n"
    ...        "E1,Office 365 E1,Corporate,Non-specific,8.00,10.00\\n")
    >>> rows = PriceList.from_csv(csv, "2016-03", "USD").rows
    >>> len(rows), rows[0].offer_id, rows[-1].list_price
    (2, 'E1', Decimal('20.00'))
    >>> rows == tuple(rows)
    True
    """

    __slots__ = ("_core", "_rows")

    def __init__(self, core: _native.NativeLegacyList) -> None:
        self._core = core
        self._rows: Optional[Tuple[PriceRow, ...]] = None

    def _all(self) -> Tuple[PriceRow, ...]:
        if self._rows is None:
            self._rows = tuple(self._core.records())
        return self._rows

    def __len__(self) -> int:
        return len(self._core)

    @overload
    def __getitem__(self, index: int) -> PriceRow: ...

    @overload
    def __getitem__(self, index: slice) -> Tuple[PriceRow, ...]: ...

    def __getitem__(self, index: Union[int, slice]) -> Union[PriceRow, Tuple[PriceRow, ...]]:
        return self._all()[index]

    def __iter__(self) -> Iterator[PriceRow]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PriceRows):
            return self._core.same(other._core)
        if isinstance(other, (list, tuple)):
            return self._all() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        # The tuple's: a list reads (and unpickles, as a tuple) with the same repr.
        return repr(self._all())

    def __reduce__(self) -> Any:
        return (tuple, (self._all(),))
