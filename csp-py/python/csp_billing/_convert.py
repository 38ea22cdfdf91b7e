"""Conversions between Python values and the core's JSON form: Decimal and date only."""

from __future__ import annotations

import dataclasses
import datetime
import json
from decimal import Decimal
from typing import (Any, Dict, Mapping, Tuple, Type, TypeVar, Union, get_args, get_origin,
                    get_type_hints)

from . import _native
from ._errors import CalendarError, InputError, MoneyError, wrong_type

T = TypeVar("T")

#: What money may be given as.
MoneyLike = Union[Decimal, str, int]
#: What a date may be given as.
DateLike = Union[datetime.date, str]
#: What an instant may be given as (SPEC-NCE §11.1.1).
InstantLike = Union[datetime.datetime, datetime.date, str]


def _type_name(value: object) -> str:
    return type(value).__name__


def _refuse_type(what: str, value: object, expected: str, code: str = "invalid_input") -> None:
    shown = repr(value)
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    raise wrong_type(code, f"invalid {what}: got {_type_name(value)} {shown}; expected {expected}",
                     {"what": what, "text": shown, "expected": expected})


def text(value: object, what: str) -> str:
    """A text argument (a currency code, a name): anything but a ``str`` is the core's
    ``invalid_input`` (an :class:`InputTypeError`), never an ``AttributeError``."""
    if not isinstance(value, str):
        _refuse_type(what, value, "a str")
    assert isinstance(value, str)
    return value


#: The amount kinds of the core's one amount reader (``csp_core::input::AmountKind``).
AMOUNT_KINDS = ("price", "percent", "tax_rate", "exact")


def money(value: object, what: str = "amount", kind: str = "price") -> str:
    """An amount as the core's decimal text, read by the core's one amount reader as
    ``kind`` (``price``: never negative, at most 6 decimals; ``percent``; ``tax_rate``: a
    fraction below 1; ``exact``: any sign). A ``str`` is read as written; a ``Decimal`` is
    read as ``str(value)`` (``Decimal("1E+3")`` is refused as ``"1e3"`` is); an ``int`` as
    its digits. A float or bool is refused (an :class:`InputTypeError` saying to pass a str
    or Decimal): a binary float is not an amount of money."""
    if isinstance(value, (bool, float)):
        _refuse_type(what, value, f"a decimal.Decimal or a string such as '4.00' (money is "
                                  f"never a float here: pass a str or Decimal)")
    if isinstance(value, (Decimal, int)):
        value = str(value)
    if not isinstance(value, str):
        _refuse_type(what, value, "a decimal.Decimal or a string such as '4.00'")
    assert isinstance(value, str)
    return str(_native.read_amount(value, kind))


def date(value: object, what: str = "date") -> str:
    """A date as ``YYYY-MM-DD``. A ``datetime.date`` is checked against the core's range
    (2000-01-01 to 9999-12-31); a ``str`` is read by the core's date reader where it is
    used. A ``datetime.datetime`` is refused (an :class:`InputTypeError`): dates here are
    civil days, and the day of an instant depends on a time zone the library cannot know —
    pass ``value.date()`` after converting it to the zone the bill is in."""
    if isinstance(value, datetime.datetime):
        _refuse_type(what, value, "a datetime.date, not a datetime (pass value.date() in the "
                                  "time zone the bill is in)")
    if isinstance(value, datetime.date):
        return str(_native.check_date(value).isoformat())
    if isinstance(value, str):
        return value.strip()
    _refuse_type(what, value, "a datetime.date or 'YYYY-MM-DD'")
    raise AssertionError  # unreachable


def instant(value: object, what: str = "as_of") -> str:
    """An instant as the text the core's instant reader (``input::instant``) reads, where it
    is used: an aware ``datetime`` converted to UTC (``…Z``; a fraction of a second stays in
    the text, and the core refuses it: instants are whole seconds), a ``date`` as its
    ``00:00:00Z`` (``YYYY-MM-DD``), a ``str`` as written (``2022-09-01T08:00:00Z`` or
    ``2022-09-01``). A naive ``datetime`` is refused (an :class:`InputTypeError`,
    ``invalid_input``): its instant depends on a time zone the library cannot know."""
    if isinstance(value, datetime.datetime):
        if value.utcoffset() is None:
            _refuse_type(what, value, "an aware datetime (tzinfo set, e.g. "
                                      "datetime.timezone.utc), a datetime.date or "
                                      "'YYYY-MM-DDTHH:MM:SSZ' (a naive datetime has no "
                                      "time zone)")
        try:
            utc = value.astimezone(datetime.timezone.utc)
        except (OverflowError, ValueError):
            # Beyond datetime's years once in UTC: the core refuses the text as written.
            return value.isoformat()
        return utc.replace(tzinfo=None).isoformat() + "Z"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    _refuse_type(what, value, "an aware datetime, a datetime.date or 'YYYY-MM-DDTHH:MM:SSZ'")
    raise AssertionError  # unreachable


def date_value(value: object, what: str = "date") -> datetime.date:
    """A field that holds a ``datetime.date`` (not a ``datetime``, not a text), checked
    against the core's range (``input::check_date``)."""
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        _refuse_type(what, value, "a datetime.date (not a datetime or a text)")
    assert isinstance(value, datetime.date)
    checked: datetime.date = _native.check_date(value)
    return checked


def seats(value: object, what: str = "quantity") -> int:
    """A seat count through the core's reader (1 to 1,000,000): a ``bool``, a float such as
    ``2.9`` (never truncated) or a text is the core's ``invalid_quantity``
    (:class:`SubscriptionTypeError`); an int out of range too."""
    if isinstance(value, bool) or not isinstance(value, int):
        _refuse_type(what, value, "a whole number of seats (an int) from 1 to 1000000",
                     "invalid_quantity")
    assert isinstance(value, int)
    return int(_native.read_seats(value))


def seat_change(value: object, what: str = "quantity") -> int:
    """A signed seat change (a negative one is a credit): its size is a seat count, read by
    the core's seat reader (so 0 is refused, as the batch refuses it)."""
    if isinstance(value, bool) or not isinstance(value, int):
        _refuse_type(what, value, "a whole number of seats (an int), negative for a credit",
                     "invalid_quantity")
    assert isinstance(value, int)
    return int(_native.read_seat_change(value))


def count(value: object, name: str) -> int:
    """A whole number of kind ``name`` (``instalments``, ``term_months``, ``cycle_months``,
    ``term_number``, ``boundary``) through the core's count reader."""
    if isinstance(value, bool) or not isinstance(value, int):
        _refuse_type(name, value, "an int")
    assert isinstance(value, int)
    return int(_native.read_count(value, name))


def identifier(value: object, what: str) -> str:
    """An id (``offer``, ``customer``, ``subscription``) through the core's id reader:
    trimmed, non-empty, at most 128 characters, no control characters."""
    return str(_native.read_id(text(value, f"{what} id"), what))


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
        _refuse_type(what, value, "an int")
    assert isinstance(value, int)
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
            _refuse_type(what, v, "an int")
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
    _refuse_type(what, value, "'YYYY-MM' or a datetime.date")
    raise AssertionError  # unreachable


def _plain(value: Any, path: str) -> Any:
    """`value` with Decimal, date and dataclasses turned into JSON types; floats refused."""
    if isinstance(value, float):
        _refuse_type(path, value, "a decimal.Decimal or a string (a float is never money or "
                                  "a count here: pass a str or Decimal, or an int count)")
    if isinstance(value, Decimal):
        # Written as the text the core's reader sees (str(), not format(): 1E+3 stays
        # refused); the scenario's reader checks it with the kind of its field.
        return str(value)
    if isinstance(value, datetime.datetime):
        _refuse_type(path, value, "a datetime.date, not a datetime")
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
                _refuse_type(f"{path}.{k}", v, "a decimal.Decimal or a string (money is "
                                               "never a bool or a float)")
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
