"""Every public class pickles and round-trips equal (so it can travel to Dask, Spark or Ray
workers), and what comes back still works."""

from __future__ import annotations

import datetime
import pickle
from decimal import Decimal
from typing import Any, List

import pytest

import csp_billing as cb

from conftest import JANUARY_CSV

PROTOCOLS = list(range(2, pickle.HIGHEST_PROTOCOL + 1))


def roundtrip(obj: Any, protocol: int = pickle.HIGHEST_PROTOCOL) -> Any:
    back = pickle.loads(pickle.dumps(obj, protocol=protocol))
    assert type(back) is type(obj)
    return back


def _objects() -> List[Any]:
    demo = cb.Scenario.demo()
    run = demo.bill("2016-03", first_number=1001)
    book = cb.PriceBook("USD", [cb.PriceList.from_csv(JANUARY_CSV, "2016-01", "USD")],
                        notice_days=20)
    agreement = cb.Agreement.mcra(datetime.date(2015, 10, 1)).with_notice(
        datetime.date(2016, 9, 1), "microsoft")
    policy = cb.ProrationPolicy(daily_rate=cb.Rounding(3, "half_even"), unit=None, line="down")
    return [
        cb.PriceList.from_csv(JANUARY_CSV, "2016-01", "USD"),
        book,
        book.price("E3", datetime.date(2016, 1, 5), as_of=datetime.date(2016, 1, 5)),
        agreement,
        agreement.status(datetime.date(2016, 10, 1)),
        agreement.term_on(datetime.date(2016, 10, 1)),
        cb.Notice(datetime.date(2016, 9, 1)),
        demo,
        run,
        run.bills[0],
        run.bills[0].invoice,
        run.bills[0].invoice.lines[0],
        run.bills[0].statement,
        run.totals,
        run.window,
        demo.charges()[0],
        cb.authorize("csp:sales_agent", "add_seats"),
        cb.access_matrix()[0],
        policy,
        cb.Rounding(2),
        cb.prorate("4.00", 1, 19, 31, policy=policy),
        cb.CostAdjustment("2016-02", Decimal("10.32")),
    ]


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_every_record_roundtrips_equal(protocol: int) -> None:
    for obj in _objects():
        back = roundtrip(obj, protocol)
        assert back == obj, type(obj).__name__
        assert repr(back) == repr(obj)


def test_the_public_classes_are_covered() -> None:
    covered = {type(o).__name__ for o in _objects()}
    public = {"PriceList", "PriceBook", "Price", "Agreement", "AgreementStatus", "Term",
              "Notice", "Scenario", "BillRun", "Bill", "Invoice", "InvoiceLine", "Statement",
              "Totals", "Period", "ChargeLine", "Decision", "AccessCell", "ProrationPolicy",
              "Rounding", "Proration", "CostAdjustment"}
    assert public <= covered, public - covered


def test_unpickled_book_still_prices_and_keeps_its_notice() -> None:
    book = cb.PriceBook("USD", [cb.PriceList.from_csv(JANUARY_CSV, "2016-01", "USD")],
                        notice_days=20)
    back = roundtrip(book)
    # 20 days' notice: the January list is visible from 2016-01-01 − 20 days = 2015-12-12.
    assert back.visible_from(datetime.date(2016, 1, 1)) == datetime.date(2015, 12, 12)
    assert back.price("e3", datetime.date(2016, 1, 5), as_of=datetime.date(2015, 12, 12)).list \
        == Decimal("17.60")
    with pytest.raises(cb.PriceListError):
        back.price("E3", datetime.date(2016, 1, 5), as_of=datetime.date(2015, 12, 11))


def test_unpickled_scenario_bills_the_same() -> None:
    demo = cb.Scenario.demo()
    back = roundtrip(demo)
    assert back.bill("2016-03").totals.margin == Decimal("-1287.72")


def test_unpickled_run_can_be_passed_as_issued() -> None:
    # A run issued on one worker and corrections computed on another: the core's JSON
    # travels with it. Same back-dated change as test_bill.py: 2 seats on 2016-02-01.
    demo = cb.Scenario.demo()
    feb = roundtrip(demo.bill("2016-02"))
    assert feb.core_json
    data = demo.to_dict()
    data["events"].append({"date": "2016-02-01", "subscription": "fab-e3",
                           "type": "add_seats", "quantity": 2})
    march = cb.Scenario.from_dict(data).bill("2016-03", issued=[feb])
    adjust = [l.amount for b in march.bills for l in b.invoice.lines if l.adjusts == "2016-02"]
    assert sum(adjust) == Decimal("14.84")


def test_unpickled_agreement_is_checked_again() -> None:
    a = roundtrip(cb.Agreement.mcra(datetime.date(2015, 10, 1)))
    with pytest.raises(cb.AgreementError):
        a.with_notice(datetime.date(2015, 9, 30))


def test_batch_result_tables_pickle() -> None:
    pa = pytest.importorskip("pyarrow")
    book = cb.PriceBook("USD", [cb.PriceList.from_csv(JANUARY_CSV, "2016-01", "USD")])
    table = pa.table({
        "customer": ["a", "b", "a"], "offer": ["E3", "BE", "EXO1"], "quantity": [2, 1, -1],
        "term_start": [datetime.date(2016, 1, 6)] * 3,
        "change_date": [datetime.date(2016, 12, 5), datetime.date(2016, 6, 1),
                        datetime.date(2016, 1, 6)],
    })
    result = cb.prorate_batch(table, book)
    assert isinstance(result.lines, pa.Table) and isinstance(result.totals, pa.Table)
    back = roundtrip(result)
    assert back.lines.equals(result.lines) and back.totals.equals(result.totals)
    assert back.lines.schema == result.lines.schema
    assert back == result
    # The book travels too (what a worker needs to run the batch).
    assert cb.prorate_batch(table, roundtrip(book)) == result


def test_exceptions_pickle_with_code_and_context() -> None:
    with pytest.raises(cb.CspError) as info:
        cb.prorate("4.00", 1, 40, 31)
    back = roundtrip(info.value)
    assert (back.code, back.context, str(back)) == (
        "invalid_proration", {"days_billed": "40", "days_in_period": "31"}, str(info.value))
    assert isinstance(back, cb.MoneyError)
