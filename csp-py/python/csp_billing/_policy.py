"""Rounding policies and seat proration (SPEC §6.4)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any, Dict, Optional

from . import _native
from ._convert import MoneyLike, _refuse_type, days, decode, money, seat_change
from ._convert import text as _text
from ._records import Proration, Rounding

__all__ = ["ProrationPolicy", "prorate"]


@dataclasses.dataclass(frozen=True)
class ProrationPolicy:
    """The three rounding steps of a prorated charge.

    ``daily_rate`` and ``unit`` are optional :class:`Rounding` steps (None keeps them exact);
    ``line`` is the mode of the line rounding to the currency's minor units. The default is
    exact, exact, half-up.

    >>> ProrationPolicy(daily_rate=Rounding(3))
    ProrationPolicy(daily_rate=Rounding(scale=3, mode='half_up'), unit=None, line='half_up')
    """

    daily_rate: Optional[Rounding] = None
    unit: Optional[Rounding] = None
    line: str = "half_up"

    def _to_core(self) -> Dict[str, Any]:
        def step(r: Optional[Rounding]) -> Optional[Dict[str, Any]]:
            return None if r is None else {"scale": r.scale, "mode": r.mode}
        return {"daily_rate": step(self.daily_rate), "unit": step(self.unit), "line": self.line}

    def to_json(self) -> str:
        """The policy in the scenario file's form."""
        return json.dumps(self._to_core())

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> "ProrationPolicy":
        """A policy from the scenario file's form."""
        def step(v: Any) -> Optional[Rounding]:
            return None if v is None else Rounding(int(v["scale"]), str(v.get("mode", "half_up")))
        return cls(step(data.get("daily_rate")), step(data.get("unit")),
                   str(data.get("line", "half_up")))


def prorate(price: MoneyLike, quantity: int, days_billed: int, days_in_period: int, *,
            currency: str = "USD", policy: Optional[ProrationPolicy] = None) -> Proration:
    """Prorates ``quantity`` seats of a period price over ``days_billed`` of the period.

    ``price`` is a period price read by the core's amount reader (never negative, at most 6
    decimals, no exponent or separators); ``quantity`` a signed seat change whose size is a
    seat count (1 to 1,000,000: 0 is refused, as the batch refuses it; negative is a credit).

    Microsoft's example: $211.20 a year, 2 seats for 27 of 365 days.

    >>> from decimal import Decimal
    >>> prorate(Decimal("211.20"), 2, 27, 365).amount
    Decimal('31.25')
    >>> prorate("211.20", 2, 27, 365, policy=ProrationPolicy(daily_rate=Rounding(3))).amount
    Decimal('31.27')
    >>> prorate(211.2, 2, 27, 365)
    Traceback (most recent call last):
    ...
    csp_billing._errors.InputTypeError: [invalid_input] invalid price: got float 211.2; expected a decimal.Decimal or a string such as '4.00' (money is never a float here: pass a str or Decimal)
    >>> prorate("1_000", 1, 1, 31)
    Traceback (most recent call last):
    ...
    csp_billing._errors.InputError: [invalid_input] invalid price "1_000": expected a price written as plain decimal text such as 12.34 (no exponent, no thousands separators, no sign)
    >>> prorate("4.00", 0, 19, 31)
    Traceback (most recent call last):
    ...
    csp_billing._errors.SubscriptionError: [invalid_quantity] invalid quantity: a seat change of 0 seats: expected 1 to 1000000 seats added or removed
    """
    quantity = seat_change(quantity)
    days_billed, days_in_period = days(days_billed, days_in_period)
    if policy is not None and not isinstance(policy, ProrationPolicy):
        _refuse_type("policy", policy, "a ProrationPolicy or None")
    text = _native.prorate(money(price, "price"), _text(currency, "currency"), quantity,
                           days_billed, days_in_period, (policy or ProrationPolicy()).to_json())
    data = json.loads(text)
    return decode(Proration, data, currency=data["amount"]["currency"])
