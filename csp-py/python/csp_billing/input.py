"""The strict readers of input values: the core's ``csp_core::input``, one per kind of value
(SPEC §1.4, §9). Every function of the package reads its amounts, dates, seat counts and ids
through these, so a value is accepted or refused the same way in Python, Rust, the CLI and
JavaScript, with the same code and message.

>>> from csp_billing import input
>>> input.amount("4.00")
Decimal('4.00')
>>> input.amount("1_000")
Traceback (most recent call last):
...
csp_billing._errors.InputError: [invalid_input] invalid price "1_000": expected a price written as plain decimal text such as 12.34 (no exponent, no thousands separators, no sign)
>>> input.amount("8.75", "tax_rate")
Traceback (most recent call last):
...
csp_billing._errors.InputError: [invalid_input] invalid tax rate "8.75": expected a fraction below 1, e.g. 0.0875 for 8.75 % (write the rate as a fraction, not a percentage)
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Union

from . import _convert, _native

__all__ = ["amount", "date", "check_date", "seats", "id", "AMOUNT_KINDS", "FIRST_DATE",
           "LAST_DATE", "MAX_SEATS", "MAX_DECIMALS", "MAX_ID_CHARS"]

#: The kinds of amount: ``price`` (a price, fee or resale price: never negative, at most 6
#: decimals), ``percent`` (a markup or discount: never negative), ``tax_rate`` (a fraction
#: from 0 to below 1) and ``exact`` (a computed amount: any sign, up to 28 digits).
AMOUNT_KINDS = _convert.AMOUNT_KINDS
#: The first and last dates any input may name.
FIRST_DATE = _dt.date(2000, 1, 1)
LAST_DATE = _dt.date(9999, 12, 31)
#: The most seats one event, line or quote may name.
MAX_SEATS = 1_000_000
#: The most decimals of a price, fee, percentage or rate.
MAX_DECIMALS = 6
#: The longest id, in characters.
MAX_ID_CHARS = 128


def amount(text: Union[str, Decimal, int], kind: str = "price") -> Decimal:
    """The amount of ``text`` read as ``kind`` (see :data:`AMOUNT_KINDS`): plain decimal
    text ``digits[.digits]`` (surrounding spaces ignored), a ``-`` only for ``exact``; no
    exponent, separators or ``+``. A ``Decimal`` is read as ``str(value)``; a float is
    refused. The value keeps its decimals as written.

    >>> amount(" 007.10 "), amount("-0.50", "exact")
    (Decimal('7.10'), Decimal('-0.50'))
    """
    if kind not in AMOUNT_KINDS:
        _convert._refuse_type("amount kind", kind, "price, percent, tax_rate or exact")
    return Decimal(_convert.money(text, "amount", kind))


def date(text: str) -> _dt.date:
    """The date of ``text`` written ``YYYY-MM-DD`` (two digits for month and day) between
    :data:`FIRST_DATE` and :data:`LAST_DATE`.

    >>> date("2016-03-01")
    datetime.date(2016, 3, 1)
    """
    return _dt.date.fromisoformat(
        _native.read_date(_convert.text(text, "date")).isoformat())


def check_date(value: _dt.date) -> _dt.date:
    """``value`` if it is a ``datetime.date`` (not a ``datetime``) between
    :data:`FIRST_DATE` and :data:`LAST_DATE`; the refusal otherwise.

    >>> check_date(_dt.date(1, 1, 1))
    Traceback (most recent call last):
    ...
    csp_billing._errors.InputError: [invalid_input] invalid date "0001-01-01": expected a date YYYY-MM-DD between 2000-01-01 and 9999-12-31, e.g. 2016-03-01 (two digits for month and day)
    """
    if not isinstance(value, _dt.date) or isinstance(value, _dt.datetime):
        _convert._refuse_type("date", value, "a datetime.date")
    return _dt.date.fromisoformat(_convert.date(value))


def seats(value: int) -> int:
    """A seat count: an ``int`` (not a ``bool``, a float or a text) from 1 to
    :data:`MAX_SEATS`; ``invalid_quantity`` otherwise.

    >>> seats(25)
    25
    """
    return _convert.seats(value)


def id(text: str, what: str = "id") -> str:  # noqa: A001 - the core's name
    """An id (``what``: ``offer``, ``customer``, ``subscription``): trimmed, non-empty, at
    most :data:`MAX_ID_CHARS` characters, no control characters (no NUL, tab or line break).

    >>> id(" s1 ", "subscription")
    's1'
    """
    return _convert.identifier(text, what)
