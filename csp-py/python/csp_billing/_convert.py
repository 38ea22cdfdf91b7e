"""Conversions between Python values and the core's JSON form: Decimal and date only."""

from __future__ import annotations

import dataclasses
import datetime
import json
from decimal import Decimal, InvalidOperation
from typing import (Any, Dict, Mapping, Tuple, Type, TypeVar, Union, get_args, get_origin,
                    get_type_hints)

from . import _native
from ._errors import CalendarError, InputError, MoneyError

T = TypeVar("T")

#: What money may be given as.
MoneyLike = Union[Decimal, str, int]
#: What a date may be given as.
DateLike = Union[datetime.date, str]


def money(value: object, what: str = "amount") -> str:
    """An amount as the core's decimal text; a float (or bool) is refused with TypeError."""
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(
            f"{what}: got {type(value).__name__} {value!r}; money is never a float here — "
            f"pass a decimal.Decimal or a string such as '4.00'"
        )
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InputError(f"[invalid_input] {what}: {value} is not a finite amount",
                             "invalid_input", {"what": what, "text": str(value)})
        return format(value, "f")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        try:
            Decimal(value.strip())
        except InvalidOperation:
            pass  # the core says why, with its code
        return value.strip()
    raise TypeError(f"{what}: expected a decimal.Decimal or a string, got {type(value).__name__}")


def date(value: object, what: str = "date") -> str:
    """A date as ``YYYY-MM-DD`` (a datetime is refused: dates here are civil days)."""
    if isinstance(value, datetime.datetime):
        raise TypeError(f"{what}: pass a datetime.date, not a datetime")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    raise TypeError(f"{what}: expected a datetime.date or 'YYYY-MM-DD', got {type(value).__name__}")


def civil_date(text: str, what: str = "date") -> datetime.date:
    """A ``YYYY-MM-DD`` date of the core as ``datetime.date``.

    The core's calendar is wider than Python's (years 1–9999): a date outside it is the
    core's ``date_out_of_range`` refusal, never a bare ``ValueError`` from ``fromisoformat``.
    """
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CalendarError(
            f"[date_out_of_range] date out of range: {what} {text} is outside the years "
            f"1–9999 of datetime.date", "date_out_of_range", {"date": text, "what": what}
        ) from None


def integer(value: object, what: str, lo: int, hi: int) -> int:
    """An int argument in ``[lo, hi]`` (the native type's range): a bool or non-int is a
    TypeError, an int out of range the core's ``invalid_input`` (never an OverflowError)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what}: pass an int, not {type(value).__name__}")
    if not lo <= value <= hi:
        raise InputError(f"[invalid_input] invalid {what} {value!r}: expected an integer "
                         f"from {lo} to {hi}", "invalid_input",
                         {"what": what, "text": str(value), "expected": f"{lo}..={hi}"})
    return value


def days(days_billed: object, days_in_period: object) -> Tuple[int, int]:
    """Day counts of a proration: ints; out of ``1 <= billed <= period`` is the core's
    ``invalid_proration`` (also when a count does not even fit the native u32)."""
    for what, v in (("days_billed", days_billed), ("days_in_period", days_in_period)):
        if isinstance(v, bool) or not isinstance(v, int):
            raise TypeError(f"{what}: pass an int, not {type(v).__name__}")
    assert isinstance(days_billed, int) and isinstance(days_in_period, int)
    if not (0 <= days_billed <= U32_MAX and 0 <= days_in_period <= U32_MAX):
        context = {"days_billed": str(days_billed), "days_in_period": str(days_in_period)}
        # The core's message, written once there (the native u32 cannot hold these counts).
        message = _native.invalid_proration_message(context["days_billed"],
                                                    context["days_in_period"])
        raise MoneyError(f"[invalid_proration] {message}", "invalid_proration", context)
    return days_billed, days_in_period


U32_MAX = 2**32 - 1
U64_MAX = 2**64 - 1
I64_MIN, I64_MAX = -(2**63), 2**63 - 1

#: Keys of the scenario form whose values are money or rates (a bool there is a TypeError).
_MONEY_KEYS = frozenset({"list_price", "erp_price", "price", "amount", "percent", "rate"})


def month(value: object, what: str = "month") -> str:
    """A month as ``YYYY-MM`` (a date gives its month)."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, str):
        return value.strip()
    raise TypeError(f"{what}: expected 'YYYY-MM' or a datetime.date, got {type(value).__name__}")


def _plain(value: Any, path: str) -> Any:
    """`value` with Decimal, date and dataclasses turned into JSON types; floats refused."""
    if isinstance(value, float):
        raise TypeError(f"{path}: got float {value!r}; pass a decimal.Decimal or a string")
    if isinstance(value, Decimal):
        return money(value, path)
    if isinstance(value, datetime.datetime):
        raise TypeError(f"{path}: pass a datetime.date, not a datetime")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        to_core = getattr(value, "_to_core", None)
        if to_core is not None:
            return to_core()
        return {f.name: _plain(getattr(value, f.name), f"{path}.{f.name}")
                for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        for k, v in value.items():
            if isinstance(v, bool) and str(k) in _MONEY_KEYS:
                raise TypeError(f"{path}.{k}: got bool {v!r}; money is never a bool or a "
                                f"float — pass a decimal.Decimal or a string")
        return {str(k): _plain(v, f"{path}.{k}") for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v, f"{path}[{i}]") for i, v in enumerate(value)]
    return value


def to_json(value: Any, what: str = "value") -> str:
    """JSON text of plain data with Decimal/date values (floats refused)."""
    return json.dumps(_plain(value, what), separators=(",", ":"))


def _decode(tp: Any, value: Any, path: str) -> Any:
    origin = get_origin(tp)
    if origin is Union:
        args = [a for a in get_args(tp) if a is not type(None)]
        if value is None:
            return None
        return _decode(args[0], value, path)
    if origin in (tuple, Tuple):
        (item, _) = get_args(tp)
        return tuple(_decode(item, v, f"{path}[{i}]") for i, v in enumerate(value))
    if origin in (dict, Dict):
        from ._records import FrozenDict
        return FrozenDict(value)
    if tp is Decimal:
        if isinstance(value, dict):
            return Decimal(value["amount"])
        return Decimal(str(value))
    if tp is datetime.date:
        return civil_date(value, path.lstrip(".") or "date")
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return decode(tp, value, path)
    return value


def decode(cls: Type[T], data: Mapping[str, Any], path: str = "", **extra: Any) -> T:
    """A frozen record of `cls` from the core's JSON object (strict: an unknown key is a bug)."""
    hints = get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = set(data) - set(fields)
    if unknown:
        raise RuntimeError(f"csp_billing: {cls.__name__}{path} has no field for {sorted(unknown)}")
    kwargs: Dict[str, Any] = {}
    for name, f in fields.items():
        if name in extra:
            kwargs[name] = extra[name]
        elif name in data:
            kwargs[name] = _decode(hints[name], data[name], f"{path}.{name}")
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise RuntimeError(f"csp_billing: {cls.__name__}{path} lacks {name}")
    return cls(**kwargs)
