"""The core functions Python reaches since issue 15: the term calendar, the standalone
eligibility check, the replay's subscription states (stopped ones with their reason), price
list diffs, NCE lookups and instalments. Expected values are derived by hand from
/work/shared/SPEC.md (month boundaries never chained, SPEC §1.3; eligibility order, §10.11;
a renewal that cannot be priced stops its subscription, §10.4) or come from the vectors."""

from __future__ import annotations

import copy
import datetime
import pickle
from decimal import Decimal
from typing import Any, Dict

import pytest

import csp_billing as cb

from conftest import JANUARY_CSV, MARCH_CSV, load_vectors

d = datetime.date
BASE = load_vectors("edges/scenarios.json")["base"]

# --------------------------------------------------------------------------- calendar


def test_term_schedule_monthly_from_a_31st() -> None:
    # Ordered 31 January 2016 (a leap year), one-year terms billed monthly. Boundary k is
    # anchor + k months, clamped: Feb 29, Mar 31, Apr 30 ... Jan 31 2017.
    s = cb.TermSchedule(d(2016, 1, 31), 12, 1)
    assert [s.boundary(k) for k in (0, 1, 2, 3, 12)] == [
        d(2016, 1, 31), d(2016, 2, 29), d(2016, 3, 31), d(2016, 4, 30), d(2017, 1, 31)]
    assert s.term(1) == cb.Period(d(2016, 1, 31), d(2017, 1, 30))
    assert s.term(2) == cb.Period(d(2017, 1, 31), d(2018, 1, 30))
    assert s.period_holding(1, d(2016, 2, 15)) == cb.Period(d(2016, 1, 31), d(2016, 2, 28))
    assert s.period_holding(1, d(2016, 3, 15)) == cb.Period(d(2016, 2, 29), d(2016, 3, 30))
    assert s.period_holding(1, d(2017, 1, 15)) == cb.Period(d(2016, 12, 31), d(2017, 1, 30))
    assert s.period_holding(1, d(2017, 1, 31)) is None  # term 2's first day
    assert s.next_period_start(1, d(2016, 3, 15)) == d(2016, 3, 31)
    assert s.next_period_start(1, d(2017, 1, 15)) is None  # the term's last period
    assert s.term(1).days == 366


def test_term_schedule_annual_is_one_period() -> None:
    s = cb.TermSchedule("2016-03-01", 12, 12)
    term = cb.Period(d(2016, 3, 1), d(2017, 2, 28))
    assert s.term(1) == term and s.period_holding(1, "2016-09-01") == term
    assert s.next_period_start(1, "2016-03-01") is None
    assert pickle.loads(pickle.dumps(s)) == s and hash(s) == hash(cb.TermSchedule(
        d(2016, 3, 1), 12, 12))


@pytest.mark.parametrize("call", [
    lambda: cb.TermSchedule(d(2016, 1, 1), 0),
    lambda: cb.TermSchedule(d(2016, 1, 1), 12, 0),
    lambda: cb.TermSchedule(d(2016, 1, 1), 12).term(0),
    lambda: cb.TermSchedule(d(2016, 1, 1), 12).term(-1),
    lambda: cb.TermSchedule("2016-1-1", 12),
], ids=["zero-term", "zero-cycle", "term-0", "term-negative", "loose-date"])
def test_term_schedule_refusals(call: Any) -> None:
    with pytest.raises(cb.InputError) as info:
        call()
    assert info.value.code == "invalid_input"


def test_a_term_beyond_datetime_date_is_date_out_of_range() -> None:
    with pytest.raises(cb.CspError) as info:
        cb.TermSchedule(d(9999, 6, 1), 12).term(1)
    assert info.value.code == "date_out_of_range"


# --------------------------------------------------------------------------- eligibility

CUSTOMER = {"id": "c", "name": "C", "segment": "commercial", "origin": "created_by_partner"}
OFFER = {"id": "E3", "name": "E3", "agreement_type": "corporate", "kind": {"type": "base"}}


@pytest.mark.parametrize("customer,offer,code", [
    ({}, {}, None),
    ({}, {"agreement_type": "academic"}, "segment_not_eligible"),
    ({"segment": "education"}, {"agreement_type": "academic"}, None),
    ({}, {"agreement_type": "government"}, "segment_not_eligible"),
    ({"segment": "government"}, {"agreement_type": "government"}, None),
    # An add-on is not segment-checked (SPEC §10.13).
    ({}, {"agreement_type": "academic", "kind": {"type": "add_on", "prerequisites": ["X"]}},
     None),
    ({}, {"kind": {"type": "trial"}}, "trial_not_offered"),
    # A syndication tenant is refused first, before the trial (SPEC §10.11 order).
    ({"origin": "syndication"}, {"kind": {"type": "trial"}}, "tenant_not_eligible"),
], ids=["corporate", "academic-to-commercial", "academic-to-education", "gov-to-commercial",
        "gov-to-gov", "addon", "trial", "syndication-first"])
def test_check_order_eligibility(customer: Dict[str, Any], offer: Dict[str, Any],
                                 code: Any) -> None:
    c, o = dict(CUSTOMER, **customer), dict(OFFER, **offer)
    if code is None:
        assert cb.check_order_eligibility(c, o) is None
        return
    with pytest.raises(cb.EligibilityError) as info:
        cb.check_order_eligibility(c, o)
    assert info.value.code == code


def test_scenario_check_order_eligibility(demo: cb.Scenario) -> None:
    # The demo: school is an education customer, fabrikam a commercial one.
    assert demo.check_order_eligibility("school", "O365-E3-EDU") is None
    assert demo.check_order_eligibility("fabrikam", "o365-e3") is None
    for customer, offer, code in [("fabrikam", "O365-E3-EDU", "segment_not_eligible"),
                                  ("nobody", "O365-E3", "unknown_customer"),
                                  ("fabrikam", "NOPE", "unknown_offer")]:
        with pytest.raises(cb.EligibilityError) as info:
            demo.check_order_eligibility(customer, offer)
        assert info.value.code == code


# --------------------------------------------------------------------------- replay state


def _stopping_scenario() -> Dict[str, Any]:
    """The edge base (E3 at 4.00 from March 2016, 2 seats ordered 2016-03-01, monthly) with
    a February 2017 list that no longer has E3: the renewal on 2017-03-01 (boundary 12) is
    priced from that list and cannot be, so the subscription stops (SPEC §10.4)."""
    doc = copy.deepcopy(BASE)
    doc["price_lists"].append({"month": "2017-02", "rows": [{
        "offer_id": "OTHER", "offer_name": "Another", "agreement_type": "corporate",
        "secondary_type": "base", "list_price": "1.00", "erp_price": "1.25"}]})
    return doc


def test_subscription_state_of_an_active_subscription() -> None:
    (st,) = cb.Scenario.from_dict(BASE).subscriptions(as_of="2016-03-31")
    assert (st.id, st.customer, st.offer, st.status) == ("s1", "c1", "E3", "active")
    assert (st.quantity, st.price, st.currency) == (2, Decimal("4.00"), "USD")
    assert st.term == cb.Period(d(2016, 3, 1), d(2017, 2, 28)) and st.term_number == 1
    assert st.price_list == d(2016, 3, 1) and st.anchor == st.ordered_on == d(2016, 3, 1)
    assert (st.deleted_on, st.stopped_on, st.stop_code, st.suspended_since) == (None,) * 4


def test_a_stopped_subscription_and_its_reason_are_visible() -> None:
    s = cb.Scenario.from_dict(_stopping_scenario())
    (before,) = s.subscriptions(as_of="2017-02-28")
    assert before.status == "active" and s.stopped(as_of="2017-02-28") == ()
    (st,) = s.stopped(as_of="2017-03-31")
    assert st.status == "stopped" and st.stopped_on == d(2017, 3, 1)
    assert st.stop_code == "offer_not_in_price_list", st
    assert st.stop_reason and "E3" in st.stop_reason
    # The price locked for the first term is still what it was.
    assert st.price == Decimal("4.00") and st.quantity == 2


def test_a_suspended_subscription() -> None:
    doc = copy.deepcopy(BASE)
    doc["events"].append({"date": "2016-03-10", "subscription": "s1", "type": "suspend"})
    (st,) = cb.Scenario.from_dict(doc).subscriptions(as_of="2016-03-31")
    assert st.status == "suspended" and st.suspended_since == d(2016, 3, 10)


# --------------------------------------------------------------------------- diff, NCE


def test_diff_of_the_small_book() -> None:
    jan = cb.PriceList.from_csv(JANUARY_CSV, "2016-01", "USD")
    mar = cb.PriceList.from_csv(MARCH_CSV, "2016-03", "USD")
    rows = cb.diff(jan, mar)
    # Sorted by offer id; E3 17.60 -> 18.00 (and its ERP 22.00 -> 22.50): CHG.
    assert [(r.offer_id, r.indicator, r.erp_changed) for r in rows] == [
        ("BE", "UNC", False), ("E3", "CHG", True), ("EXO1", "UNC", False)]
    e3 = rows[1]
    assert (e3.old_list_price, e3.new_list_price) == (Decimal("17.60"), Decimal("18.00"))
    assert (e3.old_erp_price, e3.new_erp_price) == (Decimal("22.00"), Decimal("22.50"))
    assert [r.indicator for r in cb.diff(jan, cb.PriceList("2016-03", "USD", ()))] == ["DEL"] * 3


def test_nce_price_refusals() -> None:
    book = cb.PriceBook("USD")
    with pytest.raises(cb.CspError) as info:
        book.nce_price("P:S", "P1X", "annual", "US", "2021-11-01")
    assert info.value.code == "invalid_input" and "term duration" in str(info.value)
    with pytest.raises(cb.CspError) as info:
        book.nce_price("P:S", "P1Y", "yearly", "US", "2021-11-01")
    assert info.value.code == "invalid_input" and "billing plan" in str(info.value)
    with pytest.raises(cb.PriceListError) as info:
        book.nce_price("P:S", "P1Y", "annual", "US", "2021-11-01")
    assert info.value.code == "nce_price_not_found"


@pytest.mark.parametrize("total,n,currency,want", [
    ("100.00", 3, "USD", ["33.33", "33.33", "33.34"]),
    ("0.05", 3, "USD", ["0.01", "0.01", "0.03"]),
    ("10", 4, "JPY", ["2", "2", "2", "4"]),
])
def test_instalments_by_hand(total: str, n: int, currency: str, want: Any) -> None:
    # floor(total / n) in minor units each, the remainder on the last (SPEC §8).
    assert [str(p) for p in cb.instalments(total, n, currency)] == want


@pytest.mark.parametrize("n", [0, 121, -1])
def test_instalments_count_range(n: int) -> None:
    with pytest.raises(cb.InputError) as info:
        cb.instalments("100.00", n)
    assert info.value.code == "invalid_input" and "1 to 120" in str(info.value)
