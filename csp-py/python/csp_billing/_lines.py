"""Charge lines of a replay as a lazy, read-only sequence backed by the native lines."""

from __future__ import annotations

from typing import Any, Iterator, List, Sequence, Union, overload

from . import _native
from ._records import ChargeLine

__all__ = ["ChargeLines"]

#: Records built per native call while iterating.
_CHUNK = 4096


class ChargeLines(Sequence[ChargeLine]):
    """The charge lines of ``Scenario.charges()``: a read-only ``Sequence`` of
    :class:`ChargeLine` kept in the native replay. A record is built when it is read (by
    index, slice or iteration), so ``len`` and :meth:`table` cost nothing per line; a slice is
    a ``list``. It equals a list or tuple of the same records, and another ``ChargeLines``
    with the same lines.

    >>> from csp_billing import Scenario
    >>> lines = Scenario.demo().charges()
    >>> len(lines), lines[0].kind, lines[-1] == list(lines)[-1]
    (11, 'purchase', True)
    """

    __slots__ = ("_core",)

    def __init__(self, core: _native.NativeCharges) -> None:
        self._core = core

    def __len__(self) -> int:
        return len(self._core)

    @overload
    def __getitem__(self, index: int) -> ChargeLine: ...

    @overload
    def __getitem__(self, index: slice) -> List[ChargeLine]: ...

    def __getitem__(self, index: Union[int, slice]) -> Union[ChargeLine, List[ChargeLine]]:
        n = len(self._core)
        if isinstance(index, slice):
            start, stop, step = index.indices(n)
            if step == 1:
                return self._core.records(start, max(start, stop))
            return [self[i] for i in range(start, stop, step)]
        i = index.__index__()
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("charge line index out of range")
        record: ChargeLine = self._core.records(i, i + 1)[0]
        return record

    def __iter__(self) -> Iterator[ChargeLine]:
        n = len(self._core)
        for start in range(0, n, _CHUNK):
            yield from self._core.records(start, start + _CHUNK)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ChargeLines):
            return self._core.same(other._core)
        if isinstance(other, (list, tuple)):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ChargeLines(<{len(self)} lines>)"

    def __reduce__(self) -> Any:
        return (list, (list(self),))

    def table(self) -> Any:
        """The lines as a ``pyarrow.Table`` (needs pyarrow), one row per line in order.

        Columns: ``subscription``, ``customer``, ``offer``, ``kind`` (dictionary-encoded
        strings), ``date``, ``service_period_start``/``_end`` (``date32``), ``quantity``,
        ``unit_amount`` and ``amount`` (``decimal128(38, s)``, exact: s is the column's
        largest scale, at least the currency's minor units), ``charge_period_start``/``_end``,
        ``days`` and ``period_days`` (null for a line over its whole period), ``daily_rate``
        (decimal, null unless the policy rounds it), ``price_list`` (``date32``),
        ``currency``."""
        return _to_pyarrow(self._core.table())


def _to_pyarrow(obj: Any) -> Any:
    try:
        import pyarrow as pa  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("Arrow tables need pyarrow: pip install pyarrow") from e
    return pa.table(obj)
