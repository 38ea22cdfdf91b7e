"""Conversions between Python values and the core's JSON form: Decimal and date only."""

from __future__ import annotations

import dataclasses
import datetime
import json
from decimal import Decimal, InvalidOperation
from typing import (Any, Dict, Mapping, Tuple, Type, TypeVar, Union, get_args, get_origin,
                    get_type_hints)

from ._errors import InputError

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
        return dict(value)
    if tp is Decimal:
        if isinstance(value, dict):
            return Decimal(value["amount"])
        return Decimal(str(value))
    if tp is datetime.date:
        return datetime.date.fromisoformat(value)
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
