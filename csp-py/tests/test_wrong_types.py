"""A value of the wrong Python type anywhere is a CspError with the core's code
(``invalid_input``; ``invalid_quantity`` for a seat count): never an AttributeError,
OverflowError or bare TypeError from the binding (issue 15). The refusal is also a
``TypeError`` (``InputTypeError``), so code that caught TypeError keeps working."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Callable, Dict

import pytest

import csp_billing as cb

from conftest import JANUARY_CSV

BOOK = cb.PriceBook("USD", [cb.PriceList.from_csv(JANUARY_CSV, "2016-01", "USD")])
D = datetime.date(2016, 1, 15)
WRONG = [None, 1.5, object(), b"USD", ["USD"], {"a": 1}]
GDAP_DOC = '{"relationships": []}'


def _calls(bad: Any) -> Dict[str, Callable[[], Any]]:
    demo = cb.Scenario.demo()
    return {
        "PriceBook currency": lambda: cb.PriceBook(bad),
        "PriceBook lists": lambda: cb.PriceBook("USD", [bad]),
        "PriceBook notice_days": lambda: cb.PriceBook("USD", notice_days=bad),
        "PriceBook.with_list": lambda: BOOK.with_list(bad),
        "PriceBook.with_nce_csv": lambda: BOOK.with_nce_csv(bad),
        "PriceBook.price offer": lambda: BOOK.price(bad, D, D),
        "PriceBook.price on": lambda: BOOK.price("E3", bad, D),
        "PriceBook.nce_price term": lambda: BOOK.nce_price("P:S", bad, "annual", "US", D),
        "PriceBook.visible_from": lambda: BOOK.visible_from(bad),
        "PriceList.from_csv text": lambda: cb.PriceList.from_csv(bad, "2016-01", "USD"),
        "PriceList.from_csv month": lambda: cb.PriceList.from_csv(JANUARY_CSV, bad, "USD"),
        "PriceList.from_csv currency": lambda: cb.PriceList.from_csv(JANUARY_CSV, "2016-01",
                                                                     bad),
        "PriceList.read path": lambda: cb.PriceList.read(bad, "2016-01", "USD"),
        "PriceRow offer_id": lambda: cb.PriceRow(bad, "n", "corporate", "base", "1", "1"),
        "PriceRow offer_name": lambda: cb.PriceRow("E3", bad, "corporate", "base", "1", "1"),
        "PriceRow list_price": lambda: cb.PriceRow("E3", "n", "corporate", "base", bad, "1"),
        "diff": lambda: cb.diff(bad, bad),
        "diff_rows": lambda: cb.diff_rows([bad], []),
        "read_text": lambda: cb.read_text(bad),
        "prorate price": lambda: cb.prorate(bad, 1, 19, 31),
        "prorate days": lambda: cb.prorate("4.00", 1, bad, 31),
        "prorate currency": lambda: cb.prorate("4.00", 1, 19, 31, currency=bad),
        "prorate policy": lambda: cb.prorate("4.00", 1, 19, 31, policy=bad),
        "Scenario text": lambda: cb.Scenario(bad),
        "Scenario.from_dict": lambda: cb.Scenario.from_dict(bad),
        "Scenario.load": lambda: cb.Scenario.load(bad),
        "Scenario.charges": lambda: demo.charges(as_of=bad),
        "Scenario.bill month": lambda: demo.bill(bad),
        "Scenario.bill issued": lambda: demo.bill("2016-03", issued=[bad]),
        "Scenario.bill first_number": lambda: demo.bill("2016-03", first_number=bad),
        "Scenario.projection": lambda: demo.projection("2016-03", bad),
        "Scenario.split": lambda: demo.split(bad),
        "Scenario.subscriptions": lambda: demo.subscriptions(as_of=bad),
        "Scenario.check_order_eligibility": lambda: demo.check_order_eligibility(bad, "E3"),
        "Agreement signed_on": lambda: cb.Agreement.mcra(bad),
        "Agreement.status": lambda: cb.Agreement.mcra(D).status(bad),
        "Agreement.with_notice by": lambda: cb.Agreement.mcra(D).with_notice(D, bad),
        "authorize actor": lambda: cb.authorize(bad, "add_seats"),
        "authorize flag": lambda: cb.authorize("csp:admin_agent", "add_seats",
                                               delegated_admin=bad),
        "access_matrix": lambda: cb.access_matrix(bad),
        "access_matrix kinds": lambda: cb.access_matrix(kinds=bad),
        "access_matrix kind": lambda: cb.access_matrix(kinds=[bad]),
        "gdap_timeline document": lambda: cb.gdap_timeline(bad, "2025-01-01"),
        "gdap_timeline as_of": lambda: cb.gdap_timeline(GDAP_DOC, bad),
        "gdap_decide user": lambda: cb.gdap_decide(GDAP_DOC, user=bad, action="read_directory",
                                                   customer="c", at="2025-01-01"),
        "gdap_decide at": lambda: cb.gdap_decide(GDAP_DOC, user="u", action="read_directory",
                                                 customer="c", at=bad),
        "gdap_access_days first": lambda: cb.gdap_access_days(GDAP_DOC, "r", bad, D),
        "prorate_batch data": lambda: cb.prorate_batch(bad, BOOK),
        "prorate_batch book": lambda: cb.prorate_batch(bad, bad),
        "TermSchedule anchor": lambda: cb.TermSchedule(bad, 12),
        "TermSchedule months": lambda: cb.TermSchedule(D, bad),
        "TermSchedule.term": lambda: cb.TermSchedule(D, 12).term(bad),
        "check_order_eligibility": lambda: cb.check_order_eligibility(bad, bad),
        "instalments total": lambda: cb.instalments(bad, 3),
        "instalments n": lambda: cb.instalments("100.00", bad),
        "input.amount": lambda: cb.input.amount(bad),
        "input.date": lambda: cb.input.date(bad),
        "input.id": lambda: cb.input.id(bad),
    }


@pytest.mark.parametrize("bad", WRONG, ids=lambda v: type(v).__name__)
def test_every_entry_point_refuses_wrong_types_with_a_csp_error(bad: Any) -> None:
    leaked = {}
    # None is the default of these optional arguments: valid as it is.
    # (first_number=None: continue after the issued runs' highest number.)
    optional = {"PriceBook notice_days", "prorate policy", "Scenario.charges",
                "Scenario.subscriptions", "Scenario.bill first_number", "access_matrix kinds"}
    for name, call in _calls(bad).items():
        if bad is None and name in optional:
            continue
        try:
            call()
        except cb.CspError as e:
            # invalid_scenario: a mapping of the wrong shape, read by the core.
            assert e.code in {"invalid_input", "invalid_quantity", "invalid_scenario"}, (name, e)
            assert str(e).startswith(f"[{e.code}]"), (name, e)
        except BaseException as e:  # noqa: BLE001 - anything else leaked from the binding
            leaked[name] = repr(e)
        else:
            # Only inputs that are valid as they are may pass (none of these are).
            leaked[name] = "accepted"
    assert not leaked, leaked


def test_the_wrong_type_refusal_says_what_was_expected() -> None:
    with pytest.raises(cb.InputTypeError) as info:
        cb.PriceBook(None)  # type: ignore[arg-type]
    e = info.value
    assert isinstance(e, cb.InputError) and isinstance(e, TypeError)
    assert e.code == "invalid_input" and e.context["what"] == "currency"
    assert "NoneType" in str(e) and "a str" in str(e)


@pytest.mark.parametrize("n", [2**64, -(2**64), 2**200])
def test_huge_ints_are_core_refusals_not_overflow_errors(n: int) -> None:
    for call in (lambda: cb.instalments("100.00", n), lambda: cb.TermSchedule(D, n),
                 lambda: cb.TermSchedule(D, 12).term(n), lambda: cb.input.seats(n),
                 lambda: cb.PriceBook("USD", notice_days=n)):
        with pytest.raises(cb.CspError) as info:
            call()
        assert info.value.code in {"invalid_input", "invalid_quantity"}
        # The number given is named (the core shortens a long value).
        assert str(n)[:30] in str(info.value), str(info.value)


def test_a_bool_is_not_a_count() -> None:
    with pytest.raises(cb.InputTypeError):
        cb.instalments("100.00", True)
    with pytest.raises(cb.SubscriptionTypeError):
        cb.prorate("4.00", True, 31, 31)
    assert cb.instalments(Decimal("100.00"), 4) == (Decimal("25.00"),) * 4
