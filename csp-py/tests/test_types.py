"""Types in and out: money is Decimal (or text), never float or bool; dates are
datetime.date, never datetime; results are frozen, comparable, readable records."""

from __future__ import annotations

import copy
import dataclasses
import datetime
from decimal import Decimal
from typing import Any, Callable, Dict, List

import pytest

import csp_billing as cb

from conftest import JANUARY_CSV

DT = datetime.datetime(2016, 3, 1, 12, 0)


def _assert_money_type_error(call: Callable[[], Any]) -> None:
    with pytest.raises(TypeError) as info:
        call()
    msg = str(info.value)
    assert "Decimal" in msg and "string" in msg, msg


# --------------------------------------------------------------------------- money in


@pytest.mark.parametrize("price", [4.0, 211.2, float("nan"), True, False])
def test_prorate_refuses_float_and_bool_money(price: Any) -> None:
    _assert_money_type_error(lambda: cb.prorate(price, 1, 19, 31))


@pytest.mark.parametrize("price", [Decimal("4.00"), "4.00", " 4.00 ", 4])
def test_prorate_accepts_decimal_text_and_int(price: Any) -> None:
    # 4 × 19 / 31 = 2.4516… → 2.45
    assert cb.prorate(price, 1, 19, 31).amount == Decimal("2.45")


@pytest.mark.parametrize("bad", [1.0, True, "2"])
def test_prorate_quantity_and_days_are_ints(bad: Any) -> None:
    with pytest.raises(TypeError):
        cb.prorate("4.00", bad, 19, 31)
    with pytest.raises(TypeError):
        cb.prorate("4.00", 1, bad, 31)
    with pytest.raises(TypeError):
        cb.prorate("4.00", 1, 19, bad)


def test_non_finite_decimal_is_refused() -> None:
    for v in (Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")):
        with pytest.raises(cb.InputError):
            cb.prorate(v, 1, 1, 31)


def _paths(data: Any, path: tuple = ()) -> List[tuple]:
    """Every path to a string leaf that looks like money ("16.00", "0.0875", "10"...)."""
    out = []
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, path + (i,))
    elif isinstance(data, str) and path and path[-1] in {
            "list_price", "erp_price", "price", "amount", "percent", "rate"}:
        out.append(path)
    return out


def _set(data: Any, path: tuple, value: Any) -> Any:
    data = copy.deepcopy(data)
    node = data
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value
    return data


DEMO = cb.Scenario.demo().to_dict()
MONEY_PATHS = _paths(DEMO)


def test_the_demo_has_money_everywhere_we_look() -> None:
    keys = {p[-1] for p in MONEY_PATHS}
    assert keys == {"list_price", "erp_price", "price", "amount", "percent", "rate"}


@pytest.mark.parametrize("path", MONEY_PATHS, ids=[".".join(map(str, p)) for p in MONEY_PATHS])
def test_scenario_dict_refuses_a_float_anywhere_money_is(path: tuple) -> None:
    value = float(Decimal(_get(DEMO, path)))
    _assert_money_type_error(lambda: cb.Scenario.from_dict(_set(DEMO, path, value)))


@pytest.mark.parametrize("path", MONEY_PATHS[::3], ids=[".".join(map(str, p))
                                                        for p in MONEY_PATHS[::3]])
def test_scenario_dict_refuses_a_bool_where_money_is(path: tuple) -> None:
    _assert_money_type_error(lambda: cb.Scenario.from_dict(_set(DEMO, path, True)))


def _get(data: Any, path: tuple) -> Any:
    for k in path:
        data = data[k]
    return data


def test_scenario_dict_refuses_a_float_even_where_no_money_is() -> None:
    # A float is never a valid value of the scenario form: quantity 5.0 is refused too.
    bad = _set(DEMO, ("events", 6, "quantity"), 5.0)
    with pytest.raises(TypeError):
        cb.Scenario.from_dict(bad)


def test_scenario_dict_takes_decimal_and_date_values() -> None:
    data = _set(DEMO, ("price_lists", 0, "rows", 0, "list_price"), Decimal("16.00"))
    data = _set(data, ("events", 0, "date"), datetime.date(2016, 1, 11))
    data = _set(data, ("partner", "tax_rates", 0, "rate"), Decimal("0.0875"))
    assert cb.Scenario.from_dict(data) == cb.Scenario.demo()


def test_bools_that_are_flags_stay_allowed() -> None:
    data = copy.deepcopy(DEMO)
    data["customers"][0]["delegated_admin"] = True
    cb.Scenario.from_dict(data)


# --------------------------------------------------------------------------- dates in


def test_datetime_is_refused_where_a_date_is_expected() -> None:
    demo = cb.Scenario.demo()
    book = cb.PriceBook("USD", [cb.PriceList.from_csv(JANUARY_CSV, "2016-01", "USD")])
    agreement = cb.Agreement.mcra(datetime.date(2015, 10, 1))
    calls: Dict[str, Callable[[], Any]] = {
        "charges as_of": lambda: demo.charges(as_of=DT),
        "bill month": lambda: demo.bill(DT),
        "projection month": lambda: demo.projection(DT, 1),
        "price on": lambda: book.price("E3", DT, as_of=datetime.date(2016, 1, 5)),
        "price as_of": lambda: book.price("E3", datetime.date(2016, 1, 5), as_of=DT),
        "visible_from": lambda: book.visible_from(DT),
        "agreement signed_on": lambda: cb.Agreement.mcra(DT),
        "agreement notice": lambda: agreement.with_notice(DT),
        "agreement notice record": lambda: cb.Agreement(datetime.date(2015, 10, 1),
                                                        notices=(cb.Notice(DT),)),
        "agreement status": lambda: agreement.status(DT),
        "scenario dict": lambda: cb.Scenario.from_dict(_set(DEMO, ("events", 0, "date"), DT)),
    }
    for what, call in calls.items():
        with pytest.raises(TypeError, match="datetime"):
            call()
        assert what


def test_dates_as_text_are_accepted() -> None:
    a = cb.Agreement.mcra(datetime.date(2015, 10, 1))
    assert a.next_renewal("2015-10-01") == a.next_renewal(datetime.date(2015, 10, 1)) \
        == datetime.date(2016, 8, 31)


# --------------------------------------------------------------------------- records out


def _proration() -> cb.Proration:
    return cb.prorate(Decimal("211.20"), 2, 27, 365)


def test_results_are_frozen() -> None:
    run = cb.Scenario.demo().bill("2016-03")
    line = cb.Scenario.demo().charges()[0]
    records = [_proration(), line, run, run.bills[0].invoice, run.bills[0].statement,
               run.totals, run.window, cb.authorize("csp:admin_agent", "add_seats"),
               cb.Agreement.mcra(datetime.date(2015, 10, 1)).status(datetime.date(2016, 1, 1)),
               cb.ProrationPolicy(), cb.Rounding(2),
               cb.PriceList.from_csv(JANUARY_CSV, "2016-01", "USD")]
    for r in records:
        field = dataclasses.fields(r)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(r, field, None)


def test_equality_and_hash_by_value() -> None:
    a, b = _proration(), _proration()
    assert a == b and a is not b and hash(a) == hash(b)
    assert a != cb.prorate(Decimal("211.20"), 2, 28, 365)
    assert cb.Scenario.demo().bill("2016-03") == cb.Scenario.demo().bill("2016-03")
    assert cb.Scenario.demo().bill("2016-03", first_number=1) != \
        cb.Scenario.demo().bill("2016-03", first_number=2)


def test_repr_is_readable() -> None:
    # 211.20 × 2 × 27 / 365 = 31.2460… → 31.25; unit 211.20 × 27 / 365 = 15.623… → 15.62
    assert repr(_proration()) == (
        "Proration(daily_rate=None, unit=Decimal('15.62'), quantity=2, "
        "amount=Decimal('31.25'), currency='USD')")
    run = cb.Scenario.demo().bill("2016-03")
    assert "core_json" not in repr(run)
    assert "Period(first=datetime.date(2016, 2, 5), last=datetime.date(2016, 3, 4))" in repr(run)
    assert repr(cb.Scenario.demo()).startswith("Scenario(currency='USD', customers=4")


def test_to_dict() -> None:
    assert _proration().to_dict() == {"daily_rate": None, "unit": Decimal("15.62"),
                                      "quantity": 2, "amount": Decimal("31.25"),
                                      "currency": "USD"}
    run = cb.Scenario.demo().bill("2016-03")
    d = run.to_dict()
    assert "core_json" not in d
    assert d["window"] == {"first": datetime.date(2016, 2, 5), "last": datetime.date(2016, 3, 4)}
    assert isinstance(d["bills"], list) and isinstance(d["bills"][0]["invoice"]["lines"], list)
    assert d["totals"]["cost"] == Decimal("3198.89")


def test_decimal_and_date_types_out() -> None:
    run = cb.Scenario.demo().bill("2016-03")
    assert type(run.issue_date) is datetime.date
    assert type(run.window.first) is datetime.date
    for b in run.bills:
        assert type(b.invoice.total) is Decimal and type(b.invoice.due_date) is datetime.date
        for line in b.invoice.lines:
            assert type(line.amount) is Decimal and type(line.unit_price) is Decimal
            if line.service_period is not None:
                assert type(line.service_period.first) is datetime.date
    for line in cb.Scenario.demo().charges():
        assert type(line.amount) is Decimal and type(line.unit_amount) is Decimal
        assert type(line.date) is datetime.date and type(line.price_list) is datetime.date
    book = cb.PriceBook("USD", [cb.PriceList.from_csv(JANUARY_CSV, "2016-01", "USD")])
    p = book.price("E3", datetime.date(2016, 1, 5), as_of=datetime.date(2016, 1, 5))
    assert type(p.list) is Decimal and type(p.list_effective_from) is datetime.date
    assert type(book.visible_from(datetime.date(2016, 3, 1))) is datetime.date
    # 2016-03-01 − 30 days = 2016-01-31 (February 2016 has 29 days).
    assert book.visible_from(datetime.date(2016, 3, 1)) == datetime.date(2016, 1, 31)


def test_to_records_and_dataframe_keep_decimals() -> None:
    pd = pytest.importorskip("pandas")
    lines = cb.Scenario.demo().charges()
    recs = cb.to_records(lines)
    assert len(recs) == len(lines)
    assert {"service_period_start", "service_period_end", "charge_period_start"} <= set(recs[0])
    df = cb.to_dataframe(lines)
    assert isinstance(df, pd.DataFrame) and len(df) == len(lines)
    assert all(type(a) is Decimal for a in df["amount"])
    assert sum(df["amount"]) == sum(l.amount for l in lines)


def test_price_list_rows_are_decimal_as_written() -> None:
    pl = cb.PriceList.from_csv(JANUARY_CSV, "2016-01", "usd")
    assert pl.currency == "USD" and pl.month == "2016-01"
    # Rows come back keyed by offer id (in id order), with the prices as written.
    by_id = {r.offer_id: r for r in pl.rows}
    assert {k: r.list_price for k, r in by_id.items()} == {
        "E3": Decimal("17.60"), "BE": Decimal("4.00"), "EXO1": Decimal("3.20")}
    assert {k: str(r.erp_price) for k, r in by_id.items()} == {
        "E3": "22.00", "BE": "5.00", "EXO1": "4.00"}
    assert {d["offer_id"] for d in pl.to_dicts()} == {"E3", "BE", "EXO1"}


def test_a_price_list_of_another_currency_is_refused_by_the_book() -> None:
    # SPEC §1.4: amounts of different currencies never mix. A EUR list in a USD book must
    # not be read as USD prices.
    eur = cb.PriceList.from_csv(JANUARY_CSV, "2016-01", "EUR")
    with pytest.raises(cb.MoneyError) as info:
        cb.PriceBook("USD", [eur])
    assert info.value.code == "currency_mismatch"
    assert info.value.context == {"expected": "USD", "actual": "EUR"}
    with pytest.raises(cb.MoneyError):
        cb.PriceBook("USD").with_list(eur)


def test_charge_lines_are_deeply_frozen_and_hashable() -> None:
    # A frozen record whose `rounding` mapping could be changed in place (and which could not
    # be hashed) would not be frozen: the mapping is read-only too.
    line = cb.Scenario.demo().charges()[0]
    assert line.rounding == {"daily_rate": None, "unit": None, "line": "half_up"}
    with pytest.raises(TypeError):
        line.rounding["line"] = "down"  # type: ignore[index]
    with pytest.raises(TypeError):
        line.rounding.update(line="down")
    assert line.rounding["line"] == "half_up"
    assert len({line, copy.deepcopy(line)}) == 1
    assert type(line.to_dict()["rounding"]) is dict
