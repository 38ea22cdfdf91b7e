"""The exceptions of csp_billing: one class per family of the core's stable error codes."""

from __future__ import annotations

from typing import Dict, Mapping, Type

from . import _native

__all__ = [
    "CspError",
    "MoneyError",
    "InputError",
    "CalendarError",
    "AgreementError",
    "EligibilityError",
    "SubscriptionError",
    "AccessError",
    "PriceListError",
    "InternalError",
    "InputTypeError",
    "SubscriptionTypeError",
    "ERROR_CODES",
    "error_class",
]


class CspError(ValueError):
    """A refusal of csp-core.

    ``code`` is the core's stable snake_case code (e.g. ``"offer_not_in_price_list"``) and
    ``context`` a dict of its typed fields, as text. Catch a family's subclass to handle a
    group of codes alike.

    >>> import csp_billing
    >>> try:
    ...     csp_billing.prorate("4.00", 1, 0, 31)
    ... except csp_billing.CspError as e:
    ...     (e.code, e.context["days_billed"], type(e).__name__)
    ('invalid_proration', '0', 'MoneyError')
    """

    family = "input"

    def __init__(self, message: str, code: str = "invalid_input",
                 context: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.code: str = code
        self.context: Dict[str, str] = dict(context or {})

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (str(self), self.code, self.context))


class MoneyError(CspError):
    """Amounts, currencies, rounding and proration."""

    family = "money"


class InputError(CspError):
    """Unreadable arguments and scenario files."""

    family = "input"


class CalendarError(CspError):
    """Periods and dates out of range."""

    family = "calendar"


class AgreementError(CspError):
    """The reseller agreement and its notices."""

    family = "agreement"


class EligibilityError(CspError):
    """Offers, customers, segments and trials."""

    family = "eligibility"


class SubscriptionError(CspError):
    """Subscription lifecycle refusals (state, quantity, dates, add-ons)."""

    family = "subscription"


class AccessError(CspError):
    """Privilege refusals (``not_permitted``)."""

    family = "access"


class GdapError(AccessError):
    """GDAP relationships' rules (SPEC-NCE §18): a duration out of range, auto-extend with
    Global Administrator, a change the relationship's status does not allow, an expired
    request. A subclass of :class:`AccessError`, so handlers of privilege refusals see it."""

    family = "gdap"


class PriceListError(CspError):
    """Price lists: visibility, lookups and parsing."""

    family = "price_list"


class InternalError(CspError):
    """A broken invariant of csp-core itself (``internal_error``): a bug to report, never a
    fault of the input."""

    family = "internal"


class InputTypeError(InputError, TypeError):
    """A value of the wrong Python type (``None`` for a currency, a float for money, a
    ``datetime`` for a date): the core's ``invalid_input``. Also a ``TypeError``, so code
    that caught the ``TypeError`` raised before keeps working.

    >>> import csp_billing
    >>> try:
    ...     csp_billing.PriceBook(None)  # type: ignore[arg-type]
    ... except csp_billing.CspError as e:
    ...     (e.code, isinstance(e, TypeError))
    ('invalid_input', True)
    """


class SubscriptionTypeError(SubscriptionError, TypeError):
    """A seat count that is not an int (a float ``2.9``, a ``bool``, the text ``"3"``): the
    core's ``invalid_quantity``, refused rather than truncated (also a ``TypeError``)."""


#: The wrong-type class of each family that reads typed values.
_TYPED: Dict[str, Type[CspError]] = {
    "input": InputTypeError, "subscription": SubscriptionTypeError,
}


def wrong_type(code: str, message: str, context: Mapping[str, str]) -> CspError:
    """The refusal of a value of the wrong Python type: the class of ``code``'s family that
    is also a ``TypeError`` (``InputTypeError`` for ``invalid_input``)."""
    family = error_class(code).family
    return _TYPED.get(family, InputTypeError)(f"[{code}] {message}", code, context)


_FAMILIES: Dict[str, Type[CspError]] = {
    cls.family: cls
    for cls in (MoneyError, InputError, CalendarError, AgreementError, EligibilityError,
                SubscriptionError, AccessError, GdapError, PriceListError, InternalError)
}

#: Every core error code and the exception class raised for it.
ERROR_CODES: Dict[str, Type[CspError]] = {
    code: _FAMILIES[family] for code, family in _native.error_codes()
}


def error_class(code: str) -> Type[CspError]:
    """The exception class raised for a core error code (``CspError`` for an unknown one)."""
    return ERROR_CODES.get(code, CspError)


def _make(code: str, family: str, message: str, context: Mapping[str, str]) -> CspError:
    """Called by the native module to build the exception of a core error."""
    cls = _FAMILIES.get(family, CspError)
    return cls(f"[{code}] {message}", code, context)
