"""SPEC §6.4/§6.5 invariants through Python, by Hypothesis.

Conservation: split a period of D days into consecutive sub-periods and prorate each with
the default policy (rate and unit exact, the line half-up to minor units): the lines sum to
the whole-period amount within one minor unit per line (half-up: within half a unit each).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import List

from hypothesis import given, settings
from hypothesis import strategies as st

import csp_billing as cb

#: ISO 4217 minor units (SPEC §1.4).
MINOR = {"USD": 2, "EUR": 2, "JPY": 0, "KWD": 3}

currencies = st.sampled_from(sorted(MINOR))
quantities = st.integers(1, 10_000) | st.integers(-10_000, -1)
period_days = st.integers(1, 366)


@st.composite
def price_in(draw: st.DrawFn, currency: str) -> Decimal:
    units = draw(st.integers(0, 10**8))
    return Decimal(units).scaleb(-MINOR[currency])


@st.composite
def split(draw: st.DrawFn, days: int) -> List[int]:
    """Consecutive sub-periods of a period of `days` days: their lengths, summing to it."""
    cuts = sorted(draw(st.sets(st.integers(1, days - 1), max_size=min(40, days - 1)))
                  if days > 1 else set())
    bounds = [0] + cuts + [days]
    return [b - a for a, b in zip(bounds, bounds[1:])]


def half_up(x: Fraction, scale: int) -> Decimal:
    """Round half away from zero to `scale` decimals, exactly."""
    scaled = abs(x) * 10**scale
    whole = int(scaled)
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Decimal(whole if x >= 0 else -whole).scaleb(-scale)


PROPS = settings(max_examples=300, deadline=None)


@PROPS
@given(st.data(), currencies, quantities, period_days)
def test_conservation_over_any_split(data: st.DataObject, currency: str, q: int, days: int) -> None:
    price = data.draw(price_in(currency))
    parts = data.draw(split(days))
    assert sum(parts) == days and all(p >= 1 for p in parts)
    whole = cb.prorate(price, q, days, days, currency=currency).amount
    lines = [cb.prorate(price, q, d, days, currency=currency).amount for d in parts]
    unit = Decimal(1).scaleb(-MINOR[currency])
    # SPEC §6.5: at most one minor unit per line …
    assert abs(sum(lines) - whole) <= len(lines) * unit
    # … and, rounding half-up once per line, at most half a unit per line.
    assert abs(sum(lines) - whole) * 2 <= len(lines) * unit


@PROPS
@given(st.data(), currencies, quantities, period_days,
       st.sampled_from(["half_up", "half_even", "down"]))
def test_each_line_is_within_a_unit_of_exact(data: st.DataObject, currency: str, q: int,
                                             days: int, mode: str) -> None:
    price = data.draw(price_in(currency))
    billed = data.draw(st.integers(1, days))
    exact = Fraction(price) * q * billed / days
    got = cb.prorate(price, q, billed, days, currency=currency,
                     policy=cb.ProrationPolicy(line=mode)).amount
    scale = MINOR[currency]
    assert got.as_tuple().exponent == -scale, "rounded to the currency's minor units"
    err = abs(Fraction(got) - exact) * 10**scale
    if mode == "down":
        assert err < 1 and abs(Fraction(got)) <= abs(exact)
    else:
        assert err <= Fraction(1, 2)
    if mode == "half_up":
        assert got == half_up(exact, scale)


@PROPS
@given(st.data(), currencies, quantities, period_days,
       st.one_of(st.none(), st.builds(cb.Rounding, st.integers(0, 6),
                                      st.sampled_from(["half_up", "half_even", "down"]))),
       st.one_of(st.none(), st.builds(cb.Rounding, st.integers(0, 6),
                                      st.sampled_from(["half_up", "half_even", "down"]))))
def test_whole_period_is_exactly_price_times_quantity(data: st.DataObject, currency: str, q: int,
                                                      days: int, rate: cb.Rounding,
                                                      unit: cb.Rounding) -> None:
    # SPEC §6.4: a charge for a whole period is exactly P × q whatever the rate rounding;
    # §6.5: a seat added on the period's first day costs exactly the period price.
    price = data.draw(price_in(currency))
    policy = cb.ProrationPolicy(daily_rate=rate, unit=unit)
    got = cb.prorate(price, q, days, days, currency=currency, policy=policy)
    assert got.amount == price * q


@PROPS
@given(st.data(), currencies, period_days)
def test_last_day_costs_one_days_share(data: st.DataObject, currency: str, days: int) -> None:
    # SPEC §6.5: a seat added on the period's last day costs one day's share, P / D rounded.
    price = data.draw(price_in(currency))
    got = cb.prorate(price, 1, 1, days, currency=currency).amount
    assert got == half_up(Fraction(price) / days, MINOR[currency])


@PROPS
@given(st.data(), currencies, quantities, period_days)
def test_credits_mirror_charges(data: st.DataObject, currency: str, q: int, days: int) -> None:
    # Half away from zero is symmetric: removing the seats credits exactly what adding charged.
    price = data.draw(price_in(currency))
    billed = data.draw(st.integers(1, days))
    plus = cb.prorate(price, q, billed, days, currency=currency).amount
    minus = cb.prorate(price, -q, billed, days, currency=currency).amount
    assert minus == -plus
