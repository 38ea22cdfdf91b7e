"""NCE from Python (SPEC-NCE §11–§14, issue 16): the shared NCE vectors
(testdata/vectors/nce/calendar.json and lines.json, read as csp-core/tests/nce_*_vectors.rs
read them), the example book testdata/scenarios/nce-example.json (its figures derived by hand
in csp-cli/tests/nce.rs), instants, refusals, wrong types and pickling."""

from __future__ import annotations

import dataclasses
import datetime
import json
import pickle
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

import pytest

import csp_billing as cb
from csp_billing import _native

from conftest import TESTDATA, day, load_vectors

UTC = datetime.timezone.utc
BOOK = TESTDATA / "scenarios" / "nce-example.json"
SHEET = TESTDATA / "scenarios" / "nce-sheet.csv"


def _opt_day(v: Dict[str, Any], key: str) -> Optional[datetime.date]:
    return None if v.get(key) is None else day(v[key])


# --- the calendar vectors ---------------------------------------------------------------

def _term(v: Dict[str, Any]) -> cb.NceTerm:
    return cb.NceTerm.first(day(v["start"]), v["term_months"], v["cycle_months"],
                            _opt_day(v, "custom_end"))


def _cycle(c: cb.NceCycle) -> Dict[str, Any]:
    out: Dict[str, Any] = {"first": c.first.isoformat(), "last": c.last.isoformat(),
                           "days_in_cycle": c.days_in_cycle}
    if c.is_partial:
        out["reference"] = {"first": c.reference.first.isoformat(),
                            "last": c.reference.last.isoformat()}
    return out


def _calendar_outcome(case: Dict[str, Any]) -> Dict[str, Any]:
    """The case's outcome in the file's shape (as nce_calendar_vectors.rs computes it)."""
    op = case["op"]
    try:
        if op == "term_end":
            value: Dict[str, Any] = {
                "end": cb.natural_end(day(case["start"]), case["term_months"]).isoformat()}
        elif op == "term":
            t = _term(case)
            n = t.next()
            value = {"first": t.period.first.isoformat(), "last": t.period.last.isoformat(),
                     "days": t.period.days, "anchor": t.anchor.isoformat(),
                     "shortened": t.is_shortened,
                     "next": {"first": n.period.first.isoformat(),
                              "last": n.period.last.isoformat()}}
        elif op == "cycles":
            value = {"cycles": [_cycle(c) for c in _term(case).cycles()]}
        elif op == "cycle_days":
            c = _term(case).cycle_at(day(case["day"]))
            value = {"first": c.first.isoformat(), "last": c.last.isoformat(),
                     "days_in_cycle": c.days_in_cycle}
        elif op == "aligned_end":
            value = {"end": cb.calendar_aligned_end(day(case["start"]),
                                                    case["term_months"]).isoformat()}
        elif op == "coterm_ends":
            ends = cb.coterm_ends(day(case["start"]), case["term_months"], _term(case["with"]))
            value = {"ends": [e.isoformat() for e in ends]}
        elif op == "check_custom_end":
            assert cb.check_custom_end(day(case["start"]), case["term_months"], day(case["end"]),
                                       _opt_day(case, "custom_end_dates_from")) is None
            value = {}
        else:
            raise AssertionError(f"unknown op {op!r}")
    except cb.CspError as e:
        err: Dict[str, Any] = {"code": e.code}
        if "rule" in case.get("expect_error", {}):
            err["rule"] = e.context.get("rule")
        return {"expect_error": err}
    return {"expect": value}


def test_every_nce_calendar_vector() -> None:
    file = load_vectors("nce/calendar.json")
    failures, ran = [], 0
    for case in file["cases"]:
        want = ({"expect": case["expect"]} if "expect" in case
                else {"expect_error": case["expect_error"]})
        got = _calendar_outcome(case)
        ran += 1
        if got != want:
            failures.append(f"{case['name']}\n    expected {want}\n    got      {got}")
    assert ran == len(file["cases"]) == 45
    assert not failures, "\n".join(failures)


# --- the line vectors -------------------------------------------------------------------

#: Months of a term and of a plan's cycle, written out from SPEC-NCE §12.4.
TERM_MONTHS = {"P1M": 1, "P1Y": 12, "P3Y": 36}
PLAN_MONTHS = {"monthly": 1, "annual": 12, "triennial": 36}


def _cycles(case: Dict[str, Any]) -> int:
    n = cb.cycles_per_term(TERM_MONTHS[case["term"]], PLAN_MONTHS[case["plan"]])
    assert n == case["cycles_per_term"], case["name"]
    return n


def _opt_dec(v: Optional[Dict[str, Any]], key: str) -> Optional[Decimal]:
    return None if not v or v.get(key) is None else Decimal(v[key])


def _run_cycle_price(case: Dict[str, Any]) -> None:
    name, expect = case["name"], case["expect"]
    try:
        price = cb.CyclePrice(case["unit_price"], _cycles(case), case.get("percent_off"))
    except cb.CspError as e:
        assert e.code == expect.get("error"), name
        return
    assert "error" not in expect, f"{name}: accepted"
    erp = _opt_dec(case, "erp_price")
    shown = []
    for s in expect["shown"]:
        got = price.cycle_price_shown(s["scale"])
        assert str(got) == s["cycle_price"], f"{name} at {s['scale']}"
        shown.append(got)
        if "erp_per_cycle" in s:
            assert erp is not None
            assert str(price.per_cycle(erp, s["scale"])) == s["erp_per_cycle"], name
    if _opt_dec(expect, "erp_over_unit_price") is not None:
        assert erp is not None
        assert erp / price.unit_price == _opt_dec(expect, "erp_over_unit_price"), name
    if _opt_dec(expect, "margin") is not None:
        assert erp is not None
        assert erp - price.unit_price == _opt_dec(expect, "margin"), name
    published = case.get("published")
    if _opt_dec(published, "cycle_price") is not None:
        assert _opt_dec(published, "cycle_price") in shown, name
    if _opt_dec(published, "erp_per_cycle") is not None:
        assert erp is not None
        assert price.per_cycle(erp, 2) == _opt_dec(published, "erp_per_cycle"), name


def _run_line(case: Dict[str, Any]) -> None:
    name = case["name"]
    if case.get("charge_start"):
        span = (day(case["charge_end"]) - day(case["charge_start"])).days + 1
        assert span == case["share"]["num"], f"{name}: days billed"
        cycle = (day(case["cycle_end"]) - day(case["cycle_start"])).days + 1
        assert cycle == case["share"]["den"], f"{name}: cycle days"
    n = _cycles(case)
    q, refund = case["quantity"], case["refund"]
    assert case["expect"], f"{name}: expects nothing"
    results: Dict[str, cb.NceLineAmount] = {}
    for convention, want in case["expect"].items():
        call = lambda: cb.price_nce_line(  # noqa: E731
            convention, case["unit_price"], n, case["share"]["num"], case["share"]["den"], q,
            refund=refund, percent_off=case.get("percent_off"), currency=case["currency"])
        if "error" in want:
            with pytest.raises(cb.CspError) as e:
                call()
            assert e.value.code == want["error"], f"{name} {convention}"
            continue
        got = call()
        assert str(got.subtotal) == want["subtotal"], f"{name} {convention}"
        assert str(got.effective_unit_price) == want["effective_unit_price"], name
        assert got.quantity == q and got.currency == case["currency"], name
        results[convention] = got
    published = case.get("published")
    for convention in case["published_fits"]:
        got = results[convention]
        assert got.subtotal == _opt_dec(published, "subtotal"), f"{name} {convention}"
        if _opt_dec(published, "effective_unit_price") is not None:
            assert got.effective_unit_price == _opt_dec(published, "effective_unit_price")
        if _opt_dec(published, "unit_price") is not None:
            m = 0 if case["currency"] == "JPY" else 3 if case["currency"] == "KWD" else 2
            price = cb.CyclePrice(case["unit_price"], n, case.get("percent_off"))
            assert price.cycle_price_shown(m) == _opt_dec(published, "unit_price"), name
        tax, total = _opt_dec(published, "tax_total"), _opt_dec(published, "total")
        if tax is not None and total is not None:
            assert got.subtotal + tax == total, name


def test_every_nce_line_vector() -> None:
    file = load_vectors("nce/lines.json")
    ran = 0
    for case in file["cases"]:
        {"cycle_price": _run_cycle_price, "line": _run_line}[case["kind"]](case)
        ran += 1
    assert ran == file["count"] == len(file["cases"]) == 30


# --- the example book -------------------------------------------------------------------

#: Per subscription, derived by hand in csp-cli/tests/nce.rs (nce_B).
BY_SUBSCRIPTION = {"s1": "3706.80", "s2": "876.00", "s3": "2.40", "s4": "314.32",
                   "s5": "1296.00", "s6": "28.80", "s7": "86.40"}


@pytest.fixture(scope="module")
def book() -> cb.NceScenario:
    return cb.NceScenario.load(BOOK)


def test_the_example_book_bills_the_hand_derived_lines(book: cb.NceScenario) -> None:
    lines = book.charges()
    assert len(lines) == 30
    assert sum(line.subtotal for line in lines) == Decimal("6310.72")
    for sub, total in BY_SUBSCRIPTION.items():
        assert str(sum(line.subtotal for line in lines if line.subscription == sub)) == total
    # s4: 6 × 17/31 = 3.2903… → 3.29 × 8 seats (SPEC-NCE §13.15 E8's partial cycle).
    s4 = next(line for line in lines if line.subscription == "s4")
    assert (s4.charge_type, s4.effective_unit_price, s4.subtotal, s4.days, s4.cycle_days) == (
        "new", Decimal("3.29"), Decimal("26.32"), 17, 31)
    assert (s4.charge_start, s4.charge_end) == (datetime.date(2022, 7, 15),
                                                datetime.date(2022, 7, 31))
    # s5 is paid up front (P1Y annual): no billing frequency, P = 432.00.
    s5 = next(line for line in lines if line.subscription == "s5")
    assert (s5.billing_frequency, s5.unit_price, s5.billing_plan) == (None, Decimal("432.00"),
                                                                      "annual")
    assert {line.convention for line in lines} == {"nce_b"} == {book.convention}
    assert {line.currency for line in lines} == {"USD"}
    assert all(line.month_fraction is None for line in lines)
    assert {line.charge_type for line in lines} >= {"new", "cycleCharge", "renew",
                                                   "addQuantity", "removeQuantity",
                                                   "cancelImmediate"}
    assert all(line.billable_quantity >= 0 for line in lines)
    assert all(type(line.order_date) is datetime.date for line in lines)


def test_the_line_record_has_the_core_fields_in_order() -> None:
    names = [f.name for f in dataclasses.fields(cb.NceLine)]
    assert names == list(_native.nce_line_fields())


def test_load_demo_and_from_json_agree(book: cb.NceScenario, tmp_path: Path) -> None:
    assert cb.NceScenario.demo() == book
    assert cb.NceScenario.demo().charges() == book.charges()
    # The package's copy of the book is the repository's.
    import importlib.resources as resources
    root = resources.files("csp_billing")
    for f in (BOOK, SHEET):
        assert root.joinpath(f.name).read_bytes() == f.read_bytes(), f.name
    doc = json.loads(BOOK.read_text(encoding="utf-8"))
    doc["price_sheets"] = [{"csv": SHEET.read_text(encoding="utf-8")}]
    inline = cb.NceScenario.from_json(json.dumps(doc))
    assert inline.charges() == book.charges()
    assert inline == book and hash(inline) == hash(book)
    assert book.as_of == datetime.datetime(2023, 1, 31, 23, 59, 59, tzinfo=UTC)
    assert book.currency == "USD"
    # from_json cannot read a csv_file: it says to use load.
    with pytest.raises(cb.CspError) as e:
        cb.NceScenario.from_json(BOOK.read_text(encoding="utf-8"))
    assert e.value.code == "invalid_scenario"


def test_subscriptions_after_the_replay(book: cb.NceScenario) -> None:
    subs = {s.id: s for s in book.subscriptions()}
    assert [s.id for s in book.subscriptions()] == ["s1", "s4", "s2", "s3", "s6", "s5", "s7"]
    s1 = subs["s1"]
    # 10 + 5 − 2 seats; the cancellation window is 168 hours from the order (2022-06-18T10Z).
    assert (s1.status, s1.quantity, s1.auto_renew, s1.term, s1.plan) == (
        "active", 13, True, "P1Y", "monthly")
    assert (s1.term_start, s1.term_end) == (datetime.date(2022, 6, 18), datetime.date(2023, 6, 17))
    assert s1.cancellable_until == datetime.datetime(2022, 6, 25, 10, 0, tzinfo=UTC)
    assert s1.cancellable_until.tzinfo is not None
    assert (s1.unit_price, s1.cycle_price) == (Decimal("432"), Decimal("36.00"))
    # s4: calendar-aligned to 2023-06-30, anchored on the day after.
    assert (subs["s4"].term_end, subs["s4"].anchor) == (datetime.date(2023, 6, 30),
                                                        datetime.date(2023, 7, 1))
    assert (subs["s3"].status, subs["s3"].deleted_on) == ("deleted", datetime.date(2022, 9, 3))
    assert subs["s5"].term_end == datetime.date(2023, 11, 1)
    # s7 suspended 2022-12-15 (billing continues), disabled after its term ends 2022-12-31.
    s7 = book.subscriptions(as_of=datetime.date(2022, 12, 20))[-1]
    assert (s7.id, s7.status) == ("s7", "suspended")
    assert s7.suspended_since == datetime.datetime(2022, 12, 15, tzinfo=UTC)
    assert (subs["s7"].status, subs["s7"].disabled_on) == ("disabled", datetime.date(2023, 1, 1))


# --- as_of, refusals --------------------------------------------------------------------

def test_as_of_forms(book: cb.NceScenario) -> None:
    # An event after the as-of instant is refused, never skipped: a1 (s1 add_seats, event 1)
    # is at 2022-07-01T09:00:00Z, r1 (event 2) on 2022-07-05.
    at_a1 = [datetime.datetime(2022, 7, 1, 9, 0, tzinfo=UTC),
             datetime.datetime(2022, 7, 1, 11, 0,
                               tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
             "2022-07-01T09:00:00Z"]
    before_a1 = [datetime.datetime(2022, 7, 1, 8, 59, 59, tzinfo=UTC),
                 datetime.datetime(2022, 7, 1, 4, 59, 59,
                                   tzinfo=datetime.timezone(-datetime.timedelta(hours=4))),
                 datetime.date(2022, 7, 1), "2022-07-01"]
    for as_of, index, event in ([(a, "2", "s1 reduce_seats (r1)") for a in at_a1]
                                + [(a, "1", "s1 add_seats (a1)") for a in before_a1]):
        with pytest.raises(cb.CspError) as e:
            book.charges(as_of=as_of)
        assert e.value.code == "date_after_as_of", as_of
        assert e.value.context["event_index"] == index, as_of
        assert event in e.value.context["event"], as_of
    # The whole book as of its own instant, given three ways.
    own = book.charges()
    assert book.charges(as_of="2023-01-31T23:59:59Z") == own
    assert book.charges(as_of=datetime.datetime(2023, 2, 1, 0, 59, 59, tzinfo=datetime.timezone(
        datetime.timedelta(hours=1)))) == own


@pytest.mark.parametrize("bad", ["2022-07-01T09:00", "2022-07-01T09:00:00+01:00",
                                 "2022-07-01 09:00:00Z", "1999-12-31",
                                 datetime.datetime(2023, 1, 1, 0, 0, 0, 500000, tzinfo=UTC),
                                 datetime.date(1999, 12, 31)])
def test_bad_instants_are_the_core_readers_refusal(book: cb.NceScenario, bad: Any) -> None:
    with pytest.raises(cb.InputError) as e:
        book.charges(as_of=bad)
    assert e.value.code == "invalid_input"


def test_a_naive_datetime_is_refused(book: cb.NceScenario) -> None:
    naive = datetime.datetime(2023, 1, 31, 23, 59, 59)
    for call in (lambda: book.charges(as_of=naive), lambda: book.subscriptions(as_of=naive)):
        with pytest.raises(cb.InputTypeError) as e:
            call()
        assert e.value.code == "invalid_input" and isinstance(e.value, TypeError)
        assert "naive" in str(e.value)


def test_a_late_cancellation_is_refused_with_the_event(tmp_path: Path) -> None:
    doc = json.loads(BOOK.read_text(encoding="utf-8"))
    assert doc["events"][6]["id"] == "c3"
    doc["events"][6]["at"] = "2022-09-08T08:00:01Z"  # 168 h and one second after o3
    (tmp_path / "late.json").write_text(json.dumps(doc), encoding="utf-8")
    shutil.copy(SHEET, tmp_path / "nce-sheet.csv")
    late = cb.NceScenario.load(tmp_path / "late.json")
    for call in (late.charges, late.subscriptions):
        with pytest.raises(cb.CspError) as e:
            call()
        err = e.value
        assert err.code == "cancellation_window_closed"
        assert type(err) is cb.error_class("cancellation_window_closed")
        assert err.context["event_index"] == "6"
        assert "s3 cancel (c3)" in err.context["event"]
        assert "2022-09-08T08:00:00Z" in str(err)  # the window's last instant


def test_a_missing_sheet_file_and_a_bad_document(tmp_path: Path) -> None:
    shutil.copy(BOOK, tmp_path / "book.json")
    with pytest.raises(OSError):
        cb.NceScenario.load(tmp_path / "book.json")
    doc = json.loads(BOOK.read_text(encoding="utf-8"))
    doc["market"] = "USA"
    doc["price_sheets"] = [{"csv": SHEET.read_text(encoding="utf-8")}]
    with pytest.raises(cb.CspError) as e:
        cb.NceScenario.from_json(json.dumps(doc))
    assert e.value.code == "invalid_scenario"
    doc["market"], doc["version"] = "US", 1
    with pytest.raises(cb.CspError) as e:
        cb.NceScenario.from_json(json.dumps(doc))
    assert e.value.code == "unsupported_version"


def _promoted(promotion: Optional[str], at: str = "2022-06-18T10:00:00Z") -> cb.NceScenario:
    """The example book's sheet with one order of 10 seats of E3 P1Y monthly at ``at``
    (naming ``promotion``, if any) and E3-15: 15 % off E3 P1Y monthly in June 2022."""
    doc = json.loads(BOOK.read_text(encoding="utf-8"))
    doc["price_sheets"] = [{"csv": SHEET.read_text(encoding="utf-8")}]
    doc["as_of"] = "2022-07-02T00:00:00Z"
    doc["promotions"] = [{
        "id": "E3-15", "percent_off": "15", "offer": "CFQ7TTC0LFLX:0001", "terms": ["P1Y"],
        "plans": ["monthly"], "segments": ["commercial"], "markets": ["US"],
        "from": "2022-06-01", "to": "2022-06-30"}]
    order: Dict[str, Any] = {
        "id": "o1", "at": at, "subscription": "s1", "type": "order", "customer": "contoso",
        "offer": "CFQ7TTC0LFLX:0001", "term": "P1Y", "plan": "monthly", "quantity": 10}
    if promotion is not None:
        order["promotion"] = promotion
    doc["events"] = [order]
    return cb.NceScenario.from_json(json.dumps(doc))


def test_a_promoted_order_bills_the_discounted_price() -> None:
    # SPEC-NCE §12.5.2, §14.3: U = 432 for P1Y monthly, P = 432 / 12 = 36.00; 15 % off:
    # EUP = 36 × 0.85 = 30.60 for the full first cycle 06-18..07-17; 10 seats = 306.00.
    # Named or not (in force at the order), the same line; unit_price stays P.
    for named in ("E3-15", None):
        [line] = _promoted(named).charges()
        assert (line.charge_type, line.unit_price, line.effective_unit_price, line.subtotal,
                line.promotion_id) == ("new", Decimal("36.00"), Decimal("30.60"),
                                       Decimal("306.00"), "E3-15")
    # From July no promotion is in force: 10 × 36 = 360.00, no id.
    [line] = _promoted(None, "2022-07-01T00:00:00Z").charges()
    assert (line.subtotal, line.promotion_id) == (Decimal("360.00"), None)


def test_an_ineligible_promotion_is_refused() -> None:
    # Named after its end (2022-06-30, covering its day): promotion_not_eligible, with the id
    # and the reason in the context.
    for call in (lambda s: s.charges(), lambda s: s.subscriptions()):
        with pytest.raises(cb.CspError) as e:
            call(_promoted("E3-15", "2022-07-01T00:00:00Z"))
        err = e.value
        assert err.code == "promotion_not_eligible"
        assert type(err) is cb.error_class("promotion_not_eligible")
        assert err.context["promotion"] == "E3-15"
        assert err.context["reason"] == "it ended at 2022-06-30T23:59:59Z"
    with pytest.raises(cb.CspError) as e:
        _promoted("NOPE").charges()
    assert e.value.code == "promotion_not_eligible"


# --- the calendar and line money beyond the vectors -------------------------------------

def test_term_steps_derived_by_hand() -> None:
    # P1Y monthly from 2021-01-31 (E4): the second cycle starts 2021-02-28, never chained.
    t = cb.NceTerm.first("2021-01-31", 12, 1)
    assert t.next_cycle_start(datetime.date(2021, 2, 1)) == datetime.date(2021, 2, 28)
    assert t.next_cycle_start(datetime.date(2022, 1, 30)) is None
    assert t.next_cycle_start(datetime.date(2020, 12, 1)) == datetime.date(2021, 1, 31)
    annual = t.with_cycle_months(12)
    assert [c.period for c in annual.cycles()] == [t.period]
    assert (annual.term_months, annual.cycle_months) == (12, 12)
    # A renewal to P3Y re-anchors on the renewal day 2022-01-31: ends 2025-01-30.
    r = t.renewal(36, 12)
    assert (r.period.first, r.period.last, r.anchor) == (
        datetime.date(2022, 1, 31), datetime.date(2025, 1, 30), datetime.date(2022, 1, 31))
    # The same length continues on the anchor: 2022-01-31 .. 2023-01-30.
    assert t.renewal(12, 1) == t.next()
    with pytest.raises(cb.CspError) as e:
        t.cycle_at(datetime.date(2022, 1, 31))
    assert e.value.code == "date_outside_term"
    with pytest.raises(cb.CspError) as e:
        cb.NceTerm.first("2021-01-31", 12, 5)
    assert e.value.code == "invalid_input"
    assert cb.NceTerm.first("2021-01-31", 12) == cb.NceTerm("2021-01-31", 12, 1)
    assert cb.LINE_CONVENTIONS == ("nce_a", "nce_b")


def test_a_date_beyond_python_dates_is_date_out_of_range() -> None:
    # The natural end of a P1Y from 9999-06-01 is 10000-05-31, beyond datetime.date.
    with pytest.raises(cb.CalendarError) as e:
        cb.natural_end(datetime.date(9999, 6, 1), 12)
    assert e.value.code == "date_out_of_range"


def test_conventions_are_read_by_the_core() -> None:
    a = cb.price_nce_line("nce_A", "192", 12, 13, 31, 3, refund=True)
    assert (a.effective_unit_price, a.subtotal) == (Decimal("-6.71"), Decimal("-20.12"))
    with pytest.raises(cb.InputError) as e:
        cb.price_nce_line("nce_c", "192", 12, 13, 31, 3)
    assert e.value.code == "invalid_input"
    # JPY has no minor units: 26400 / 12 × 10/31 = 709.677… → 709 under nce_B.
    jpy = cb.price_nce_line("nce_b", "26400", 12, 10, 31, 7, currency="JPY")
    assert (jpy.effective_unit_price, jpy.subtotal) == (Decimal("709"), Decimal("4963"))


# --- wrong types, floats ----------------------------------------------------------------

WRONG = [1.5, object(), b"x", ["x"], {"a": 1}]


def _entry_points(bad: Any) -> Dict[str, Callable[[], Any]]:
    demo = cb.NceScenario.demo()
    term = cb.NceTerm.first("2022-07-15", 12)
    d = datetime.date(2022, 7, 15)
    return {
        "NceScenario": lambda: cb.NceScenario(bad),
        "NceScenario.from_json": lambda: cb.NceScenario.from_json(bad),
        "NceScenario.load path": lambda: cb.NceScenario.load(bad),
        "NceScenario.load max_bytes": lambda: cb.NceScenario.load(BOOK, max_bytes=bad),
        "NceScenario.charges": lambda: demo.charges(as_of=bad),
        "NceScenario.subscriptions": lambda: demo.subscriptions(as_of=bad),
        "NceTerm start": lambda: cb.NceTerm.first(bad, 12),
        "NceTerm term_months": lambda: cb.NceTerm.first(d, bad),
        "NceTerm cycle_months": lambda: cb.NceTerm.first(d, 12, bad),
        "NceTerm custom_end": lambda: cb.NceTerm.first(d, 12, 1, bad),
        "NceTerm()": lambda: cb.NceTerm(bad, 12),
        "NceTerm.renewal": lambda: term.renewal(bad, 1),
        "NceTerm.renewal custom_end": lambda: term.renewal(12, 1, bad),
        "NceTerm.with_cycle_months": lambda: term.with_cycle_months(bad),
        "NceTerm.cycle_at": lambda: term.cycle_at(bad),
        "NceTerm.next_cycle_start": lambda: term.next_cycle_start(bad),
        "natural_end start": lambda: cb.natural_end(bad, 1),
        "natural_end months": lambda: cb.natural_end(d, bad),
        "calendar_aligned_end": lambda: cb.calendar_aligned_end(bad, 1),
        "calendar_aligned_end months": lambda: cb.calendar_aligned_end(d, bad),
        "coterm_ends start": lambda: cb.coterm_ends(bad, 12, term),
        "coterm_ends with_": lambda: cb.coterm_ends(d, 12, bad),
        "check_custom_end end": lambda: cb.check_custom_end(d, 12, bad, d),
        "check_custom_end from": lambda: cb.check_custom_end(d, 12, d, bad),
        "cycles_per_term": lambda: cb.cycles_per_term(bad, 1),
        "CyclePrice unit_price": lambda: cb.CyclePrice(bad, 12),
        "CyclePrice cycles": lambda: cb.CyclePrice("192", bad),
        "CyclePrice percent_off": lambda: cb.CyclePrice("192", 12, bad),
        "CyclePrice.cycle_price_shown": lambda: cb.CyclePrice("192", 12).cycle_price_shown(bad),
        "CyclePrice.per_cycle": lambda: cb.CyclePrice("192", 12).per_cycle(bad, 2),
        "price_nce_line convention": lambda: cb.price_nce_line(bad, "192", 12, 1, 31, 1),
        "price_nce_line unit_price": lambda: cb.price_nce_line("nce_b", bad, 12, 1, 31, 1),
        "price_nce_line cycles": lambda: cb.price_nce_line("nce_b", "192", bad, 1, 31, 1),
        "price_nce_line num": lambda: cb.price_nce_line("nce_b", "192", 12, bad, 31, 1),
        "price_nce_line den": lambda: cb.price_nce_line("nce_b", "192", 12, 1, bad, 1),
        "price_nce_line quantity": lambda: cb.price_nce_line("nce_b", "192", 12, 1, 31, bad),
        "price_nce_line refund": lambda: cb.price_nce_line("nce_b", "192", 12, 1, 31, 1,
                                                           refund=bad),
        "price_nce_line percent_off": lambda: cb.price_nce_line("nce_b", "192", 12, 1, 31, 1,
                                                                percent_off=bad),
        "price_nce_line currency": lambda: cb.price_nce_line("nce_b", "192", 12, 1, 31, 1,
                                                             currency=bad),
    }


@pytest.mark.parametrize("bad", WRONG, ids=[type(b).__name__ for b in WRONG])
def test_a_wrong_type_on_every_nce_entry_point_is_a_csp_error(bad: Any) -> None:
    calls = _entry_points(bad)
    assert len(calls) == 39
    for name, call in calls.items():
        with pytest.raises(cb.CspError) as e:
            call()
        assert e.value.code == "invalid_input", name
        assert isinstance(e.value, cb.InputTypeError), name


def test_a_float_amount_is_refused_saying_what_to_pass() -> None:
    for call in (lambda: cb.price_nce_line("nce_b", 192.0, 12, 13, 31, 3),
                 lambda: cb.price_nce_line("nce_b", "192", 12, 13, 31, 3, percent_off=10.0),
                 lambda: cb.CyclePrice(115.2, 12)):
        with pytest.raises(cb.InputTypeError) as e:
            call()
        assert e.value.code == "invalid_input" and "str or Decimal" in str(e.value)


def test_out_of_range_counts_are_csp_errors() -> None:
    for call in (lambda: cb.natural_end("2022-01-01", -1),
                 lambda: cb.natural_end("2022-01-01", 2**40),
                 lambda: cb.price_nce_line("nce_b", "192", 12, 1, 31, -1)):
        with pytest.raises(cb.InputError) as e:
            call()
        assert e.value.code == "invalid_input"
    with pytest.raises(cb.CspError) as e:
        cb.natural_end("2022-01-01", 0)
    assert e.value.code == "invalid_input"


# --- pickling ---------------------------------------------------------------------------

def _picklable() -> List[Any]:
    book = cb.NceScenario.load(BOOK)
    term = cb.NceTerm.first("2021-04-22", 12, 1, "2022-04-02")
    return [
        book, cb.NceScenario.demo(), book.charges()[0], book.charges()[-1],
        book.subscriptions()[0], book.subscriptions()[-1],
        term, term.next(), term.renewal(36, 12), term.next().with_cycle_months(12),
        term.renewal(1, 1, "2022-04-30").next(), term.cycles()[0],
        cb.CyclePrice("192", 12, "10"), cb.price_nce_line("nce_b", "192", 12, 13, 31, 3),
    ]


@pytest.mark.parametrize("protocol", list(range(2, pickle.HIGHEST_PROTOCOL + 1)))
def test_the_nce_types_pickle(protocol: int) -> None:
    for obj in _picklable():
        back = pickle.loads(pickle.dumps(obj, protocol=protocol))
        assert type(back) is type(obj) and back == obj, repr(obj)
        assert hash(back) == hash(obj), repr(obj)
    book = pickle.loads(pickle.dumps(cb.NceScenario.load(BOOK), protocol=protocol))
    assert sum(line.subtotal for line in book.charges()) == Decimal("6310.72")
    term = pickle.loads(pickle.dumps(cb.NceTerm.first("2021-04-22", 12, 1, "2022-04-02").next(),
                                     protocol=protocol))
    assert term.period == cb.Period(datetime.date(2022, 4, 3), datetime.date(2023, 4, 2))


# --- the partner's bill (SPEC §8 over the NCE lines) -------------------------------------

def _doc(**changes: Any) -> Dict[str, Any]:
    """The example book as a dict, its sheet inline, with `changes` applied (None deletes)."""
    doc: Dict[str, Any] = json.loads(BOOK.read_text(encoding="utf-8"))
    doc["price_sheets"] = [{"csv": SHEET.read_text(encoding="utf-8")}]
    for key, value in changes.items():
        if value is None:
            del doc[key]
        else:
            doc[key] = value
    return doc


def test_the_partner_bills_its_nce_lines_at_its_resale_prices(book: cb.NceScenario) -> None:
    # The figures derived by hand in csp-cli/tests/nce.rs (same name).
    aug = book.bill("2022-08")
    assert type(aug) is cb.BillRun
    assert [(b.invoice.customer, b.invoice.number) for b in aug.bills] == [("contoso", "NCE-1")]
    assert (aug.totals.revenue, aug.totals.cost) == (Decimal("678.15"), Decimal("565.12"))
    july = book.bill(datetime.date(2022, 7, 1))
    assert (july.totals.revenue, july.totals.cost) == (Decimal("432.00"), Decimal("360.00"))
    # Numbering continues after the issued July run, or starts where it is told to.
    assert [b.invoice.number for b in book.bill("2022-08", issued=[july]).bills] == ["NCE-2"]
    assert [b.invoice.number for b in book.bill("2022-08", [], 7).bills] == ["NCE-7"]
    assert book.bill("2022-08", issued=None) == aug
    # The records are the legacy bill's: flat invoice lines, a table, pickling, issued again.
    assert any("Microsoft 365 E3: seats added" in str(row.values())
               for row in aug.invoice_lines())
    back = pickle.loads(pickle.dumps(july))
    assert back == july
    assert book.bill("2022-08", issued=[back]) == book.bill("2022-08", issued=[july])


def test_a_bill_needs_the_partner_and_names_a_refused_event(tmp_path: Path) -> None:
    without = cb.NceScenario.from_json(json.dumps(_doc(partner=None)))
    with pytest.raises(cb.CspError) as e:
        without.bill("2022-08")
    assert e.value.code == "invalid_scenario"
    doc = _doc()
    doc["events"][6]["at"] = "2022-09-08T08:00:01Z"  # c3, 168 h and one second after o3
    late = cb.NceScenario.from_json(json.dumps(doc))
    late.bill("2022-08")  # August's window ends before the late cancellation
    with pytest.raises(cb.CspError) as e:
        late.bill("2022-10")
    assert e.value.code == "cancellation_window_closed"
    assert e.value.context["event_index"] == "6"
    assert "s3 cancel (c3)" in e.value.context["event"]


# --- what-if quotes (SPEC-NCE §13.6–§13.7) -----------------------------------------------

def _q(at: Any, sub: str, type_: str, **fields: Any) -> Dict[str, Any]:
    return {"id": "q", "at": at, "subscription": sub, "type": type_, **fields}


def test_a_seat_reduction_is_quoted_with_its_refund_window(book: cb.NceScenario) -> None:
    # s1: P1Y monthly at 432 a year, P = 36.00; 10 seats from 2022-06-18 10:00, 5 added on
    # 07-01 09:00. On 07-02 the cycle 06-18..07-17 has 16 of its 30 days left: 36 × 16/30 =
    # 19.20 a seat; Microsoft refunds the 15 seats and charges the 10 kept. The 5 added seats
    # stay refundable for 168 h: until 07-08 09:00.
    q = book.what_if(_q("2022-07-02T00:00:00Z", "s1", "reduce_seats", quantity=5))
    assert type(q) is cb.NceQuote
    assert q.net == Decimal("-96.00") and q.currency == "USD"
    assert q.allowed_until == datetime.datetime(2022, 7, 8, 9, 0, tzinfo=UTC)
    assert [(line.charge_type, line.billable_quantity, line.effective_unit_price,
             line.subtotal) for line in q.lines] == [
        ("removeQuantity", 15, Decimal("-19.20"), Decimal("-288.00")),
        ("removeQuantity", 10, Decimal("19.20"), Decimal("192.00"))]
    assert all(type(line) is cb.NceLine and line.reference_id == "q" for line in q.lines)
    assert {(line.charge_start, line.charge_end) for line in q.lines} == {
        (datetime.date(2022, 7, 2), datetime.date(2022, 7, 17))}
    # An added seat: 16 × 19.20 − 15 × 19.20, no window limits it.
    add = book.what_if(_q("2022-07-02T00:00:00Z", "s1", "add_seats", quantity=1))
    assert (add.net, add.allowed_until) == (Decimal("19.20"), None)


def test_a_cancellation_is_quoted_before_the_books_own(book: cb.NceScenario) -> None:
    # s3: P1M monthly, 5 seats at 7.20 from 2022-09-01 08:00 (window: 168 h, until 09-08
    # 08:00). On 09-02, 09-02..09-30 is 29 of 30 days: 7.20 × 29/30 = 6.96 a seat.
    before = book.charges()
    q = book.what_if(_q("2022-09-02T00:00:00Z", "s3", "cancel"))
    assert (q.net, q.allowed_until) == (Decimal("-34.80"),
                                        datetime.datetime(2022, 9, 8, 8, 0, tzinfo=UTC))
    assert [(line.charge_type, line.billable_quantity, line.effective_unit_price)
            for line in q.lines] == [("cancelImmediate", 5, Decimal("-6.96"))]
    # The same event as an aware datetime in another zone, or as the book knew it at o3's
    # instant (a quote ahead; an event at as_of is replayed).
    cet = datetime.timezone(datetime.timedelta(hours=2))
    assert book.what_if(_q(datetime.datetime(2022, 9, 2, 2, 0, tzinfo=cet), "s3", "cancel")) == q
    assert book.what_if(_q("2022-09-02T00:00:00Z", "s3", "cancel"),
                        as_of="2022-09-01T08:00:00Z") == q
    with pytest.raises(cb.CspError) as e:  # before o3, s3 does not exist yet
        book.what_if(_q("2022-09-02T00:00:00Z", "s3", "cancel"), as_of=datetime.date(2022, 9, 1))
    assert e.value.code == "unknown_subscription"
    # One second before the book's own cancellation c3 (09-03 10:00) it is not replayed:
    # 09-03..09-30, 28 of 30 days, 7.20 × 28/30 = 6.72 a seat.
    just_before = book.what_if(_q("2022-09-03T09:59:59Z", "s3", "cancel"))
    assert just_before.net == Decimal("-33.60")
    # At c3's instant it is: s3 is deleted that day.
    with pytest.raises(cb.CspError) as e:
        book.what_if(_q("2022-09-03T10:00:00Z", "s3", "cancel"))
    assert e.value.code == "subscription_deleted"
    assert e.value.context["deleted_on"] == "2022-09-03"
    # Quoting changes nothing.
    assert book.charges() == before


def test_a_cancellation_after_its_window_is_refused(book: cb.NceScenario) -> None:
    late = _q("2022-09-08T08:00:01Z", "s3", "cancel")
    checks = [
        # As the book stood before c3, looking ahead to the late instant.
        lambda: book.what_if(late, as_of="2022-09-02T00:00:00Z"),
        # In a book without c3.
        lambda: cb.NceScenario.from_json(json.dumps(_doc(events=[
            ev for ev in _doc()["events"] if ev["id"] != "c3"]))).what_if(late),
    ]
    for call in checks:
        with pytest.raises(cb.CspError) as e:
            call()
        err = e.value
        assert err.code == "cancellation_window_closed"
        assert type(err) is cb.error_class("cancellation_window_closed")
        assert "2022-09-08T08:00:00Z" in str(err)  # the window's last instant
        assert "s3 cancel (q)" in err.context["event"] and "event_index" not in err.context
    # At the window's last instant it is still possible: 09-08..09-30, 23 of 30 days,
    # 7.20 × 23/30 = 5.52 a seat.
    last = book.what_if(_q("2022-09-08T08:00:00Z", "s3", "cancel"), as_of="2022-09-02")
    assert last.net == Decimal("-27.60")


def test_a_quote_replays_only_the_events_until_its_as_of() -> None:
    # c3 made late and moved to the end of the file: a quote after it names its index in
    # the file (11), not in the events replayed; a quote before it never reaches it.
    doc = _doc()
    c3 = doc["events"].pop(6)
    c3["at"] = "2022-09-08T08:00:01Z"
    doc["events"].append(c3)
    late = cb.NceScenario.from_json(json.dumps(doc))
    with pytest.raises(cb.CspError) as e:
        late.what_if(_q("2022-10-01T00:00:00Z", "s1", "add_seats", quantity=1))
    assert e.value.code == "cancellation_window_closed"
    assert e.value.context["event_index"] == "11"
    assert "s3 cancel (c3)" in e.value.context["event"]
    assert late.what_if(_q("2022-09-02T00:00:00Z", "s3", "cancel")).net == Decimal("-34.80")
    # An as_of after the quoted event is refused: the quote is made on what came before.
    with pytest.raises(cb.InputError) as e:
        late.what_if(_q("2022-09-02T00:00:00Z", "s3", "cancel"), as_of="2022-09-02T00:00:01Z")
    assert e.value.code == "invalid_input" and e.value.context["what"] == "as_of"


def test_a_bad_event_is_the_core_readers_refusal(book: cb.NceScenario) -> None:
    for bad in [_q("2022-09-02T00:00:00Z", "s3", "cancel_now"),
                _q("2022-09-02T00:00:00+01:00", "s3", "cancel"),
                _q("2022-09-02T00:00:00Z", "s1", "reduce_seats"),
                _q("2022-09-02T00:00:00Z", "s1", "reduce_seats", quantity="2.5"),
                _q("2022-09-02T00:00:00Z", "s1", "reduce_seats", quantity=["x"]),
                {"at": "2022-09-02T00:00:00Z", "subscription": "s3", "type": "cancel"}]:
        with pytest.raises(cb.InputError) as e:
            book.what_if(bad)
        assert e.value.code == "invalid_input", bad
    with pytest.raises(cb.CspError) as unknown:
        book.what_if(_q("2022-09-02T00:00:00Z", "s9", "cancel"))
    assert unknown.value.code == "unknown_subscription"


NCE_BILL_AND_QUOTE: Dict[str, Callable[[cb.NceScenario, Any], Any]] = {
    "NceScenario.bill month_": lambda demo, bad: demo.bill(bad),
    "NceScenario.bill issued": lambda demo, bad: demo.bill("2022-08", issued=bad),
    "NceScenario.bill issued[0]": lambda demo, bad: demo.bill("2022-08", issued=[bad]),
    "NceScenario.bill first_number": lambda demo, bad: demo.bill("2022-08", first_number=bad),
    "NceScenario.what_if event": lambda demo, bad: demo.what_if(bad),
    "NceScenario.what_if event.at": lambda demo, bad: demo.what_if(
        _q(bad, "s3", "cancel")),
    "NceScenario.what_if event.quantity": lambda demo, bad: demo.what_if(
        _q("2022-07-02", "s1", "add_seats", quantity=bad)),
    "NceScenario.what_if as_of": lambda demo, bad: demo.what_if(
        _q("2022-09-02", "s3", "cancel"), as_of=bad),
}


@pytest.mark.parametrize("bad", [1.5, object(), b"x", ["x"]],
                         ids=["float", "object", "bytes", "list"])
def test_a_wrong_type_on_bill_and_what_if_is_a_csp_error(bad: Any) -> None:
    demo = cb.NceScenario.demo()
    for name, call in NCE_BILL_AND_QUOTE.items():
        if name == "NceScenario.bill issued" and isinstance(bad, (bytes, list)):
            continue  # an iterable: its items are checked (the next entry)
        if name == "NceScenario.what_if event.quantity" and isinstance(bad, list):
            continue  # a JSON value: the core's reader refuses it (test_a_bad_event_...)
        with pytest.raises(cb.InputTypeError) as e:
            call(demo, bad)
        assert e.value.code == "invalid_input", name
    naive = datetime.datetime(2022, 9, 2)
    for refused in (lambda: demo.what_if(_q(naive, "s3", "cancel")),
                    lambda: demo.what_if(_q("2022-09-02", "s3", "cancel"), as_of=naive),
                    lambda: demo.what_if(_q("2022-09-02", "s1", "add_seats",
                                            quantity=Decimal("1.0")))):
        with pytest.raises(cb.CspError) as err:
            refused()
        assert err.value.code == "invalid_input"
    with pytest.raises(cb.InputTypeError):
        demo.what_if(_q("2022-09-02", "s1", "add_seats", quantity=1.0))


@pytest.mark.parametrize("protocol", list(range(2, pickle.HIGHEST_PROTOCOL + 1)))
def test_quotes_and_nce_bills_pickle(protocol: int) -> None:
    demo = cb.NceScenario.demo()
    for obj in (demo.what_if(_q("2022-07-02T00:00:00Z", "s1", "reduce_seats", quantity=5)),
                demo.what_if(_q("2022-07-02T00:00:00Z", "s1", "add_seats", quantity=1)),
                demo.bill("2022-08")):
        back = pickle.loads(pickle.dumps(obj, protocol=protocol))
        assert type(back) is type(obj) and back == obj, repr(obj)
    q = demo.what_if(_q("2022-09-02T00:00:00Z", "s3", "cancel"))
    assert hash(pickle.loads(pickle.dumps(q, protocol=protocol))) == hash(q)
    assert q.to_dict()["lines"][0]["subtotal"] == Decimal("-34.80")


def test_allowed_custom_ends(book: cb.NceScenario) -> None:
    # contoso on 2022-08-01, P1Y (SPEC-NCE §13.3): the calendar end 2023-07-31 (the natural
    # end is a month end); s1 (P1Y from 2022-06-18) ends 2023-06-17; s4 (P1Y from 2022-07-15,
    # custom end 2023-06-30) ends 2023-06-30. fabrikam's subscriptions are not contoso's.
    at = datetime.datetime(2022, 8, 1, tzinfo=UTC)
    assert book.allowed_custom_ends("contoso", at, "P1Y") == [
        datetime.date(2023, 6, 17), datetime.date(2023, 6, 30), datetime.date(2023, 7, 31)]
    # Before custom_end_dates_from (2022-03-10) the program offers none.
    with pytest.raises(cb.CspError) as e:
        book.allowed_custom_ends("contoso", datetime.date(2022, 3, 1), "P1Y")
    assert e.value.code == "coterm_date_invalid"
    with pytest.raises(cb.CspError) as e:
        book.allowed_custom_ends("contoso", at, "P2W")
    assert e.value.code == "invalid_input"
