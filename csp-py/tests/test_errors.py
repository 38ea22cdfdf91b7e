"""The exception hierarchy: the drift test against the core's codes, the exceptions' shape,
pickling, and no input giving anything but a CspError or a TypeError (never a
``pyo3_runtime.PanicException``, never a bare ValueError/OverflowError)."""

from __future__ import annotations

import datetime
import json
import pickle
import re
import string
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, List

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import csp_billing as cb
from csp_billing import _native

from conftest import JANUARY_CSV

#: Where csp-core declares its errors: one `Variant = "code" in family { ... }` entry each.
ERROR_RS = Path(__file__).resolve().parents[2] / "csp-core" / "src" / "error" / "variants.rs"

#: SPEC §10.12: the codes the specification requires at least.
SPEC_CODES = [
    "price_list_not_published", "no_price_list_in_force", "offer_not_in_price_list",
    "trial_not_offered", "tenant_not_eligible", "segment_not_eligible", "addon_requires_base",
    "not_an_addon", "prerequisite_not_met", "customer_mismatch", "subscription_not_active",
    "subscription_not_suspended", "subscription_deleted", "unknown_subscription",
    "duplicate_subscription", "unknown_customer", "invalid_quantity", "invalid_frequency",
    "date_outside_term", "date_after_as_of", "notice_before_signing", "currency_mismatch",
    "amount_overflow", "not_permitted",
]

FAMILY_CLASSES = [cb.MoneyError, cb.InputError, cb.CalendarError, cb.AgreementError,
                  cb.EligibilityError, cb.SubscriptionError, cb.AccessError, cb.GdapError,
                  cb.PriceListError, cb.InternalError]


def rust_all_codes() -> List[str]:
    """The codes csp-core declares (its ``ALL_CODES``, in order), read from the Rust source
    text: each ``Variant = "code" in family {`` entry of the ``errors!`` declaration."""
    text = ERROR_RS.read_text(encoding="utf-8")
    codes = re.findall(r'^    [A-Z][A-Za-z]* = "([a-z0-9_]+)" in [a-z_]+ \{$', text, re.M)
    assert codes, f"no error declarations in {ERROR_RS}"
    assert len(codes) >= 20, codes
    return codes


# --------------------------------------------------------------------------- drift


def test_every_native_code_maps_to_a_family_class() -> None:
    native = _native.error_codes()
    assert native, "the core lists its codes"
    for code, family in native:
        cls = cb.ERROR_CODES.get(code)
        assert cls is not None, f"core code {code!r} has no Python exception"
        assert issubclass(cls, cb.CspError) and cls is not cb.CspError, code
        assert cls.family == family, (code, family, cls)
        assert cb.error_class(code) is cls
    assert set(cb.ERROR_CODES) == {c for c, _ in native}


def test_every_code_of_the_rust_source_is_mapped() -> None:
    missing = [c for c in rust_all_codes() if c not in cb.ERROR_CODES]
    assert not missing, f"codes declared in {ERROR_RS.name} without a Python class: {missing}"


def test_the_spec_codes_are_mapped() -> None:
    assert [c for c in SPEC_CODES if c not in cb.ERROR_CODES] == []


def test_rust_source_and_built_module_agree() -> None:
    # The installed module was built from this source: same codes, same order.
    assert rust_all_codes() == [c for c, _ in _native.error_codes()]


@pytest.mark.parametrize("code, cls", [
    ("invalid_proration", cb.MoneyError), ("currency_mismatch", cb.MoneyError),
    ("invalid_scenario", cb.InputError), ("invalid_input", cb.InputError),
    ("date_out_of_range", cb.CalendarError), ("notice_before_signing", cb.AgreementError),
    ("tenant_not_eligible", cb.EligibilityError), ("trial_not_offered", cb.EligibilityError),
    ("date_outside_term", cb.SubscriptionError), ("invalid_quantity", cb.SubscriptionError),
    ("not_permitted", cb.AccessError), ("offer_not_in_price_list", cb.PriceListError),
    ("missing_column", cb.PriceListError), ("invalid_column", cb.InputError),
    ("internal_error", cb.InternalError),
    ("gdap_invalid_duration", cb.GdapError), ("gdap_not_active", cb.GdapError),
    ("reseller_not_linked", cb.AccessError),
])
def test_family_of_known_codes(code: str, cls: type) -> None:
    # The families as csp-core's error module documents them.
    assert cb.ERROR_CODES[code] is cls


def test_gdap_refusals_are_access_errors_too() -> None:
    # SPEC-NCE §19.2's own family, caught by handlers of privilege refusals as well.
    assert issubclass(cb.GdapError, cb.AccessError)


def test_unknown_code_gives_the_base_class() -> None:
    assert cb.error_class("no_such_code") is cb.CspError


def test_every_family_has_a_code() -> None:
    used = set(cb.ERROR_CODES.values())
    assert used == set(FAMILY_CLASSES)


# --------------------------------------------------------------------------- shape

def _raise(f: Callable[[], Any]) -> cb.CspError:
    with pytest.raises(cb.CspError) as info:
        f()
    return info.value


def _real_errors() -> List[cb.CspError]:
    """One real refusal of each family, raised by the package."""
    book = cb.PriceBook("USD", [cb.PriceList.from_csv(JANUARY_CSV, "2016-01", "USD")])
    demo = cb.Scenario.demo().to_dict()
    late = dict(demo, events=demo["events"] + [
        {"date": "2016-02-25", "subscription": "fab-e3", "type": "remove_seats",
         "quantity": 25}])
    customer_acts = dict(demo, events=demo["events"] + [
        {"date": "2016-02-25", "subscription": "fab-e3", "type": "add_seats", "quantity": 1,
         "actor": {"type": "customer", "role": "global_admin"}}])
    return [
        _raise(lambda: cb.prorate("4.00", 1, 0, 31)),                         # money
        _raise(lambda: cb.Scenario.from_json("{")),                           # input
        _raise(lambda: cb.Agreement.mcra(datetime.date(2015, 10, 1))
               .with_notice(datetime.date(2015, 9, 30))),                    # agreement
        _raise(lambda: book.price("NOPE", datetime.date(2016, 1, 5),
                                  as_of=datetime.date(2016, 1, 5))),           # price list
        _raise(lambda: cb.Scenario.from_dict(late).bill("2016-03")),         # subscription
        _raise(lambda: cb.Scenario.from_dict(customer_acts).bill("2016-03")),  # access
    ]


def test_raised_errors_are_value_errors_with_code_and_context() -> None:
    errors = _real_errors()
    assert [e.code for e in errors] == [
        "invalid_proration", "invalid_scenario", "notice_before_signing",
        "offer_not_in_price_list", "invalid_quantity", "not_permitted"]
    for e in errors:
        assert isinstance(e, ValueError)
        assert type(e) is cb.ERROR_CODES[e.code]
        assert isinstance(e.context, dict)
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in e.context.items())
        assert str(e).startswith(f"[{e.code}] ")
    money, _, agreement, price, seats, access = errors
    assert money.context == {"days_billed": "0", "days_in_period": "31"}
    assert agreement.context == {"notice": "2015-09-30", "signed_on": "2015-10-01"}
    assert price.context["offer"] == "NOPE"
    # A refused event names its index in the scenario's events (the demo has 8 events).
    assert seats.context["event_index"] == "8"
    assert access.context["event_index"] == "8"


def test_catch_by_family() -> None:
    with pytest.raises(cb.MoneyError):
        cb.prorate("4.00", 1, 32, 31)
    with pytest.raises(ValueError):
        cb.prorate("4.00", 1, 32, 31)


def test_constructor_defaults() -> None:
    e = cb.CspError("boom")
    assert (e.code, e.context, str(e)) == ("invalid_input", {}, "boom")
    ctx = {"a": "1"}
    e = cb.MoneyError("m", "amount_overflow", ctx)
    ctx["a"] = "2"
    assert e.context == {"a": "1"}, "the context is the exception's own copy"


# --------------------------------------------------------------------------- pickling

def test_raised_errors_pickle() -> None:
    for e in _real_errors():
        back = pickle.loads(pickle.dumps(e))
        assert type(back) is type(e)
        assert (back.code, back.context, str(back), back.args) == (e.code, e.context, str(e),
                                                                   e.args)


@pytest.mark.parametrize("cls", [cb.CspError] + FAMILY_CLASSES)
def test_every_exception_class_pickles(cls: type) -> None:
    e = cls("[x] message", "x", {"k": "v"})
    back = pickle.loads(pickle.dumps(e, protocol=pickle.HIGHEST_PROTOCOL))
    assert type(back) is cls and back.code == "x" and back.context == {"k": "v"}
    assert str(back) == "[x] message"


# --------------------------------------------------------------------------- no panics

FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

ALLOWED = (cb.CspError, TypeError)
garbage = st.text(alphabet=st.characters(codec="utf-8"), max_size=80)
ascii_garbage = st.text(alphabet=string.printable, max_size=40)


def refused_or_ok(f: Callable[[], Any]) -> None:
    """``f()`` returns, or raises a CspError or a TypeError; anything else (a
    PanicException is a BaseException) propagates and fails the test."""
    try:
        f()
    except ALLOWED:
        pass


def _mutations() -> st.SearchStrategy[str]:
    text = cb.Scenario.demo().to_json()
    return st.lists(st.tuples(st.integers(0, len(text) - 1), st.sampled_from(
        list('{}[]",:0123456789-.aetn ') + ["\\u0000", "null", "1e400", "-0", "\ufffd"])),
        min_size=1, max_size=4).map(
        lambda edits: _apply(text, edits))


def _apply(text: str, edits: List[Any]) -> str:
    for i, s in edits:
        text = text[:i] + s + text[i + 1:]
    return text


@FUZZ
@given(garbage)
def test_fuzz_scenario_from_json_text(text: str) -> None:
    refused_or_ok(lambda: cb.Scenario.from_json(text))


@FUZZ
@given(_mutations())
def test_fuzz_mutated_demo_scenario(text: str) -> None:
    def run() -> None:
        s = cb.Scenario.from_json(text)
        s.charges()
        s.bill("2016-03")
    refused_or_ok(run)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | garbage
    | st.decimals(allow_nan=False, allow_infinity=False) | st.dates(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["version", "currency", "customers", "price_lists",
                                       "events", "partner", "rows", "month", "date", "type",
                                       "quantity", "list_price", "id"]) | garbage,
                      children, max_size=5),
    max_leaves=20)


@FUZZ
@given(st.dictionaries(st.sampled_from(["version", "currency", "customers", "price_lists",
                                        "events", "partner", "as_of", "policy"]),
                       json_values, max_size=8))
def test_fuzz_scenario_from_dict(data: Any) -> None:
    refused_or_ok(lambda: cb.Scenario.from_dict(data).bill("2016-03"))


HEADER = ("Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,"
          "List Price,ERP Price\n")


@FUZZ
@given(st.one_of(garbage, garbage.map(lambda t: HEADER + t),
                 st.just(HEADER) .flatmap(lambda h: st.lists(st.lists(
                     st.sampled_from(["E3", "x", "Corporate", "Non-specific", "1.00", "-1",
                                      "", '"', "1e3", "Academic", "Trial"]), max_size=8),
                     max_size=4).map(lambda rows: h + "\n".join(",".join(r) for r in rows)))),
       st.one_of(st.just("2016-01"), ascii_garbage), st.one_of(st.just("USD"), ascii_garbage))
def test_fuzz_price_list_from_csv(text: str, month: str, currency: str) -> None:
    refused_or_ok(lambda: cb.PriceList.from_csv(text, month, currency))
    refused_or_ok(lambda: cb.PriceBook(currency).with_nce_csv(text))


@FUZZ
@given(st.one_of(ascii_garbage, st.decimals(allow_nan=True), st.integers(-2**100, 2**100)),
       st.integers(-2**70, 2**70), st.integers(-2**40, 2**40), st.integers(-2**40, 2**40),
       st.one_of(st.sampled_from(["USD", "JPY", "KWD", "EUR"]), ascii_garbage),
       st.one_of(st.none(), st.integers(-5, 40)),
       st.sampled_from(["half_up", "half_even", "down", "up", ""]))
def test_fuzz_prorate(price: Any, q: int, billed: int, period: int, currency: str,
                      scale: Any, mode: str) -> None:
    policy = cb.ProrationPolicy(daily_rate=None if scale is None else cb.Rounding(scale, mode),
                                line=mode)
    refused_or_ok(lambda: cb.prorate(price, q, billed, period, currency=currency,
                                     policy=policy))


@FUZZ
@given(st.one_of(st.sampled_from(["csp:admin_agent", "customer:global_admin",
                                  "advisor:admin_agent", "csp:", "csp:x+y"]), garbage),
       st.one_of(st.sampled_from(["add_seats", "manage_users"]), garbage),
       st.booleans(), st.booleans(), st.one_of(st.just("legacy_2015"), ascii_garbage))
def test_fuzz_authorize(actor: str, action: str, da: bool, csp: bool, program: str) -> None:
    refused_or_ok(lambda: cb.authorize(actor, action, delegated_admin=da, csp_partner=csp,
                                       program=program))
    refused_or_ok(lambda: cb.access_matrix(program))


@FUZZ
@given(st.dates(), st.lists(st.tuples(st.dates(), st.sampled_from(["partner", "microsoft",
                                                                  "nobody"])), max_size=3),
       st.one_of(st.dates(), ascii_garbage),
       st.one_of(st.just(None), st.tuples(st.integers(-3, 14), st.integers(-3, 40),
                                          st.integers(-1, 2**33))))
def test_fuzz_agreement(signed: datetime.date, notices: Any, on: Any, kind: Any) -> None:
    def run() -> None:
        if kind is None:
            a = cb.Agreement.mcra(signed)
        else:
            a = cb.Agreement(signed, (("kind", "annual_renewal"), ("term_end_month", kind[0]),
                                      ("term_end_day", kind[1]), ("notice_days", kind[2])))
        for given_on, by in notices:
            a = a.with_notice(given_on, by)
        a.status(on)
        a.end_date
        a.next_renewal(on)
        a.notice_deadline(on)
    refused_or_ok(run)


@FUZZ
@given(ascii_garbage, st.one_of(st.dates(), ascii_garbage), st.one_of(st.dates(), ascii_garbage))
def test_fuzz_price_book_queries(offer: str, on: Any, as_of: Any) -> None:
    book = cb.PriceBook("USD", [cb.PriceList.from_csv(JANUARY_CSV, "2016-01", "USD")])
    refused_or_ok(lambda: book.price(offer, on, as_of))
    refused_or_ok(lambda: book.visible_from(on))


def _annual_order_in_9999() -> cb.Scenario:
    """An annual order on 9999-06-01: its term ends 10000-05-31, a date the core computes
    and datetime.date cannot hold."""
    return cb.Scenario.from_dict({
        "version": 1, "currency": "USD", "as_of": "9999-06-30",
        "customers": [{"id": "c", "name": "C", "segment": "commercial",
                       "origin": "created_by_partner"}],
        "price_lists": [{"month": "9999-06", "rows": [{
            "offer_id": "E3", "offer_name": "E3", "agreement_type": "corporate",
            "secondary_type": "base", "list_price": "1.00", "erp_price": "1.00"}]}],
        "events": [{"date": "9999-06-01", "subscription": "s", "type": "order",
                    "customer": "c", "offer": "E3", "quantity": 1, "frequency": "annual"}]})


@pytest.mark.parametrize("call", [
    # Edges found by exploring: ints the native types cannot hold, dates Python cannot hold.
    lambda: cb.prorate("4.00", 1, -1, 31),
    lambda: cb.prorate("4.00", 1, 1, 2**40),
    lambda: cb.prorate("4.00", 2**64, 1, 31),
    lambda: cb.Scenario.demo().projection("2016-03", -1),
    lambda: cb.Scenario.demo().bill("2016-03", first_number=-1),
    lambda: cb.PriceBook("USD", notice_days=-1),
    lambda: cb.Agreement.mcra(datetime.date(9999, 12, 31)).status(datetime.date(9999, 12, 31)),
    lambda: cb.PriceBook("USD").visible_from(datetime.date(1, 1, 1)),
    lambda: _annual_order_in_9999().charges(),
], ids=["negative-days", "huge-period", "huge-quantity", "negative-count",
        "negative-number", "negative-notice", "renewal-after-9999", "visible-before-year-1",
        "charges-after-9999"])
def test_out_of_range_edges_are_core_errors(call: Callable[[], Any]) -> None:
    with pytest.raises(cb.CspError) as info:
        call()
    # invalid_quantity: a seat count is read by the core's seat reader (issue 15).
    assert info.value.code in {"invalid_proration", "invalid_input", "date_out_of_range",
                               "amount_overflow", "invalid_quantity"}, info.value
