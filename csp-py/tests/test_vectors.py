"""The language-neutral vectors of ``testdata/vectors/*.json`` through the Python API.

The Rust tests (csp-core/tests/vectors.rs, access_vectors.rs, billing_vectors.rs) read the
same files; the expected values are the files', compared here as ``Decimal`` and
``datetime.date``. Every case either runs or is skipped with its reason (see ``SKIPPED``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Dict, List, Optional

import pytest

import csp_billing as cb

from conftest import TESTDATA, VECTORS, day, load_vectors

PRORATION = load_vectors("proration.json")
AGREEMENT = load_vectors("agreement.json")
PRICE_LIST = load_vectors("price_list.json")
CHARGES = load_vectors("charges.json")
BILLING = load_vectors("billing.json")
ACCESS = load_vectors("access.json")
GDAP = load_vectors("gdap.json")

#: What the Python API cannot express, and why (each is a pytest skip with this reason).
SKIP_PROGRAM_FLAG = ("access.json: authorize() takes a program by name and the only one is "
                     "legacy_2015 (customer_may_remove_csp_delegated_admin = false); a program "
                     "with the flag set cannot be expressed in Python")


def _id(case: Dict[str, Any], i: int) -> str:
    return f"{i:03d}"


def _expect_money(got: Decimal, want: str, what: str) -> None:
    """Equal as numbers, and written with the same digits (the core keeps scales exact)."""
    assert isinstance(got, Decimal), f"{what}: {type(got).__name__}, not Decimal"
    assert got == Decimal(want), f"{what}: got {got}, expected {want}"
    assert str(got) == want, f"{what}: got {got!s}, expected the digits {want}"


def _check_error(err: cb.CspError, expect: Dict[str, Any], code_key: str = "error") -> None:
    """Code and every context entry the vector names (not `_`-prefixed), as text."""
    assert isinstance(err, cb.CspError)
    assert err.code == expect[code_key], str(err)
    assert type(err) is cb.ERROR_CODES[err.code]
    for k, want in expect.items():
        if k == code_key or k.startswith("_"):
            continue
        want_text = want if isinstance(want, str) else str(want)
        assert err.context.get(k) == want_text, f"context {k} of {err}: {err.context}"


# --------------------------------------------------------------------------- proration


@pytest.mark.parametrize("case", PRORATION["cases"],
                         ids=[_id(c, i) for i, c in enumerate(PRORATION["cases"])])
def test_proration_vector(case: Dict[str, Any]) -> None:
    policy = cb.ProrationPolicy.from_dict(case["policy"])
    expect = case["expect"]
    args = (Decimal(case["period_price"]), case["quantity"], case["days_billed"],
            case["days_in_period"])
    if "error" in expect:
        with pytest.raises(cb.CspError) as info:
            cb.prorate(*args, currency=case["currency"], policy=policy)
        _check_error(info.value, expect)
        return
    p = cb.prorate(*args, currency=case["currency"], policy=policy)
    _expect_money(p.amount, expect["amount"], f"{case['_comment']}: amount")
    _expect_money(p.unit, expect["unit"], f"{case['_comment']}: unit")
    if expect.get("daily_rate") is None:
        assert p.daily_rate is None, case["_comment"]
    else:
        _expect_money(p.daily_rate, expect["daily_rate"], f"{case['_comment']}: rate")
    assert p.quantity == case["quantity"]
    assert p.currency == case["currency"]


def test_proration_vectors_are_all_there() -> None:
    assert len(PRORATION["cases"]) >= 15


# --------------------------------------------------------------------------- agreement


def _opt_day(v: Optional[str]) -> Optional[datetime.date]:
    return None if v is None else day(v)


@pytest.mark.parametrize("case", AGREEMENT["cases"],
                         ids=[_id(c, i) for i, c in enumerate(AGREEMENT["cases"])])
def test_agreement_vector(case: Dict[str, Any]) -> None:
    why = case["_comment"]
    signed = day(case["signed_on"])
    if case["kind"] == "mcra":
        agreement = cb.Agreement.mcra(signed)
    elif case["kind"] == "perpetual":
        agreement = cb.Agreement.perpetual(signed)
    else:  # pragma: no cover - a new kind in the vectors must be bound here
        pytest.fail(f"unknown kind {case['kind']}")
    if case["expect_error"] is not None:
        with pytest.raises(cb.CspError) as info:
            for n in case["notices"]:
                agreement = agreement.with_notice(day(n["given_on"]), n["by"])
        _check_error(info.value, case["expect_error"], code_key="code")
        return
    for n in case["notices"]:
        agreement = agreement.with_notice(day(n["given_on"]), n["by"])
    assert agreement.end_date == _opt_day(case["end_date"]), why
    for q in case["queries"]:
        on = day(q["on"])
        s = agreement.status(on)
        where = f"{why} — on {on}"
        assert s.on == on
        assert s.in_force is q["in_force"], where
        assert agreement.in_force(on) is q["in_force"], where
        if q["term"] is None:
            assert s.term is None, where
            assert agreement.term_on(on) is None, where
        else:
            assert s.term is not None, where
            assert (s.term.number, s.term.first, s.term.last) == (
                q["term"]["number"], day(q["term"]["first"]), _opt_day(q["term"]["last"])), where
            assert agreement.term_on(on) == s.term, where
        assert s.next_renewal == _opt_day(q["next_renewal"]), where
        assert agreement.next_renewal(on) == _opt_day(q["next_renewal"]), where
        assert s.notice_deadline == _opt_day(q["notice_deadline"]), where
        if q["next_renewal"] is not None:
            # The last day a notice stops that renewal.
            assert agreement.notice_deadline(day(q["next_renewal"])) == \
                _opt_day(q["notice_deadline"]), where
        assert s.end_date == _opt_day(case["end_date"]), where


# --------------------------------------------------------------------------- price lists


def _price_list(spec: Dict[str, Any], currency: str) -> cb.PriceList:
    if "csv" in spec:
        return cb.PriceList.from_csv(spec["csv"], spec["month"], currency)
    # A file relative to testdata/, read by the package's helper (BOM and CRLF as written).
    return cb.PriceList.read(TESTDATA / spec["file"], spec["month"], currency)


_BOOK_QUERIES = [(b, q) for b in PRICE_LIST["books"] for q in b["queries"]]
_BOOK_DIFFS = [(b, d) for b in PRICE_LIST["books"] for d in b["diffs"]]
_books: Dict[int, cb.PriceBook] = {}


def _book(spec: Dict[str, Any]) -> cb.PriceBook:
    key = id(spec)
    if key not in _books:
        _books[key] = cb.PriceBook(spec["currency"],
                                   [_price_list(l, spec["currency"]) for l in spec["lists"]])
    return _books[key]


@pytest.mark.parametrize("book_and_query", _BOOK_QUERIES,
                         ids=[f"{b['currency']}-{i:02d}" for i, (b, _) in enumerate(_BOOK_QUERIES)])
def test_price_book_vector(book_and_query: Any) -> None:
    spec, q = book_and_query
    book = _book(spec)
    expect = q["expect"]
    if "error" in expect:
        with pytest.raises(cb.PriceListError) as info:
            book.price(q["offer"], day(q["date"]), as_of=day(q["as_of"]))
        _check_error(info.value, expect)
        return
    p = book.price(q["offer"], day(q["date"]), as_of=day(q["as_of"]))
    _expect_money(p.list, expect["list_price"], f"{q['_comment']}: list")
    _expect_money(p.erp, expect["erp_price"], f"{q['_comment']}: erp")
    assert p.list_effective_from == day(expect["list_effective_from"])
    assert type(p.list_effective_from) is datetime.date
    assert p.currency == spec["currency"]
    # Offer ids compare case-insensitively and are reported upper case.
    assert p.offer == q["offer"].upper()


@pytest.mark.parametrize("book_and_diff", _BOOK_DIFFS,
                         ids=[f"{b['currency']}-{d['old']}-{d['new']}" for b, d in _BOOK_DIFFS])
def test_price_list_diff_vector(book_and_diff: Any) -> None:
    spec, d = book_and_diff
    lists = {l.month: l for l in _book(spec).lists}
    old, new = lists[d["old"]], lists[d["new"]]
    rows = cb.diff(old, new)
    assert [(r.offer_id, r.indicator, r.erp_changed) for r in rows] == [
        (w["offer_id"], w["indicator"], w["erp_changed"]) for w in d["expect"]], d["_comment"]
    # The same through the method and the rows form; prices are the lists' own.
    assert old.diff(new) == rows == cb.diff_rows(old.rows, new.rows)
    by_id = {r.offer_id.upper(): r for r in old.rows}
    for r in rows:
        if r.indicator in ("UNC", "CHG", "DEL"):
            assert r.old_list_price == by_id[r.offer_id.upper()].list_price
            assert isinstance(r.old_list_price, Decimal)
        else:
            assert r.old_list_price is None and r.old_erp_price is None


_PARSE = PRICE_LIST["parse_errors"]


@pytest.mark.parametrize("case", _PARSE, ids=[f"{c['format']}-{i:02d}" for i, c in enumerate(_PARSE)])
def test_price_list_parse_error_vector(case: Dict[str, Any]) -> None:
    expect = case["expect"]
    with pytest.raises(cb.PriceListError) as info:
        if case["format"] == "legacy":
            cb.PriceList.from_csv(case["csv"], "2016-01", "USD")
        elif case["format"] == "nce":
            cb.PriceBook("USD").with_nce_csv(case["csv"])
        else:  # pragma: no cover
            pytest.fail(f"unknown format {case['format']}")
    e = info.value
    assert e.code == expect["code"], str(e)
    assert e.context.get("line") == str(expect["line"]), f"{case['_comment']}: {e.context}"
    assert e.context.get("column") == str(expect["column"]), f"{case['_comment']}: {e.context}"
    if "name" in expect:
        assert e.context.get("name") == expect["name"]


def test_price_list_vectors_are_all_there() -> None:
    assert len(_BOOK_QUERIES) >= 10 and len(_PARSE) >= 10


_NCE = [(s, q) for s in PRICE_LIST["nce"] for q in s["queries"]]


@pytest.mark.parametrize("sheet_and_query", _NCE, ids=[f"nce-{i:02d}" for i in range(len(_NCE))])
def test_nce_query_vector(sheet_and_query: Any) -> None:
    sheet, q = sheet_and_query
    text = cb.read_text(TESTDATA / sheet["file"])
    book = cb.PriceBook("USD").with_nce_csv(text)
    expect = q["expect"]
    args = (q["offer"], q["term"], q["plan"], q["market"], day(q["date"]))
    if "error" in expect:
        with pytest.raises(cb.PriceListError) as info:
            book.nce_price(*args, currency=q["currency"])
        assert info.value.code == expect["error"], q["_comment"]
        return
    row = book.nce_price(*args, currency=q["currency"])
    _expect_money(row.unit_price, expect["unit_price"], q["_comment"])
    assert (row.offer, row.term, row.market, row.currency) == (
        q["offer"].upper(), q["term"], q["market"], q["currency"])
    start = datetime.datetime.combine(day(q["date"]), datetime.time())
    assert row.effective_start <= start <= row.effective_end, q["_comment"]


# --------------------------------------------------------------------------- charges

_LINE_KEYS = ["kind", "date", "service_start", "service_end", "quantity", "unit_amount", "amount"]


@pytest.mark.parametrize("case", CHARGES["cases"],
                         ids=[_id(c, i) for i, c in enumerate(CHARGES["cases"])])
def test_charge_vector(case: Dict[str, Any]) -> None:
    scenario = cb.Scenario.from_dict(case["scenario"])
    lines = scenario.charges(as_of=day(case["as_of"]))
    first, last = (day(d) for d in case["window"])
    got = [line for line in lines if first <= line.date <= last]
    assert [(l.kind, l.date, l.service_period.first, l.service_period.last, l.quantity,
             l.unit_amount, l.amount) for l in got] == [
        (w["kind"], day(w["date"]), day(w["service_start"]), day(w["service_end"]),
         w["quantity"], Decimal(w["unit_amount"]), Decimal(w["amount"]))
        for w in case["expect"]], case["_comment"]
    for line, w in zip(got, case["expect"]):
        _expect_money(line.amount, w["amount"], f"{case['_comment']}: amount")
        assert type(line.date) is datetime.date
        assert line.currency == case["scenario"]["currency"]


def test_charge_vectors_are_all_there() -> None:
    assert len(CHARGES["cases"]) >= 8


# --------------------------------------------------------------------------- billing


@pytest.mark.parametrize("case", BILLING["bills"], ids=[c["month"] for c in BILLING["bills"]])
def test_bill_vector(case: Dict[str, Any]) -> None:
    run = cb.Scenario.load(TESTDATA / case["scenario"]).bill(
        case["month"], first_number=case["first_number"])
    expect = case["expect"]
    assert (run.window.first, run.window.last) == tuple(day(d) for d in expect["window"])
    assert run.issue_date == day(expect["issue_date"])
    assert run.projected is False
    assert len(run.bills) == len(expect["invoices"])
    for bill, want in zip(run.bills, expect["invoices"]):
        why = want["_comment"]
        inv, st = bill.invoice, bill.statement
        assert inv.customer == want["customer"], why
        assert inv.number == want["number"], why
        for key, got in [("subtotal", inv.subtotal), ("tax", inv.tax), ("total", inv.total),
                         ("cost", st.cost), ("margin", st.margin),
                         ("financed_balance", st.financed_balance)]:
            assert isinstance(got, Decimal)
            assert got == Decimal(want[key]), f"{why}: {key} {got}"
        assert inv.credit_note is want["credit_note"], why
    for key in ["cost", "revenue", "margin", "financed_balance"]:
        _expect_money(getattr(run.totals, key), expect["totals"][key], f"totals {key}")


def _instalment_id(case: Dict[str, Any]) -> str:
    return f"{case['currency']}-{case['total']}-in-{case['n']}"


@pytest.mark.parametrize("case", BILLING["instalments"],
                         ids=[_instalment_id(c) for c in BILLING["instalments"]])
def test_instalment_vector(case: Dict[str, Any], demo: cb.Scenario) -> None:
    # The one instalment plan a scenario expresses: the demo's Northwind finances its annual
    # Business Essentials, 50 seats × 12 × ERP 5.00 = 3,000.00 USD, over 12 months. Its
    # instalments are on the March 2016 bill (1 of 12) and the next 11 projected bills.
    # Every case through the bound core function (exact Decimal amounts, as written).
    parts = cb.instalments(case["total"], case["n"], currency=case["currency"])
    assert [str(p) for p in parts] == case["expect"]
    assert sum(parts) == Decimal(case["total"])
    if (case["currency"], case["total"], case["n"]) != ("USD", "3000.00", 12):
        return  # a scenario can only finance 12 × price × seats of an annual subscription
    runs = [demo.bill("2016-03")] + demo.projection("2016-03", 11)
    got = []
    for k, run in enumerate(runs, start=1):
        nw = [b for b in run.bills if b.invoice.customer == "northwind"]
        assert len(nw) == 1, run.month
        lines = [l for l in nw[0].invoice.lines if l.source == "instalment"]
        assert len(lines) == 1, run.month
        assert lines[0].description.endswith(f"instalment {k} of 12")
        got.append(lines[0].amount)
    assert [str(a) for a in got] == case["expect"]
    assert sum(got) == Decimal(case["total"])


@pytest.mark.parametrize("case", BILLING["windows"],
                         ids=[f"{c['billing_day']}-{c['month']}" for c in BILLING["windows"]])
def test_window_vector(case: Dict[str, Any]) -> None:
    # A partner with nothing to bill still has the window of its billing day.
    scenario = cb.Scenario.from_dict({
        "version": 1, "currency": "USD", "customers": [], "price_lists": [], "events": [],
        "partner": {"name": "P", "billing_day": case["billing_day"]},
    })
    run = scenario.bill(case["month"])
    assert (run.window.first, run.window.last) == tuple(day(d) for d in case["expect"])
    assert run.bills == ()
    # The bill is issued on the day after the window.
    assert run.issue_date == run.window.last + datetime.timedelta(days=1)


# --------------------------------------------------------------------------- access

_ACCESS = ACCESS["cases"]


@pytest.mark.parametrize("case", _ACCESS, ids=[_id(c, i) for i, c in enumerate(_ACCESS)])
def test_access_vector(case: Dict[str, Any]) -> None:
    if case["program"]["customer_may_remove_csp_delegated_admin"]:
        pytest.skip(SKIP_PROGRAM_FLAG)
    rel = case["relationship"]
    d = cb.authorize(case["actor"], case["action"], delegated_admin=rel["delegated_admin"],
                     csp_partner=rel["csp_partner"], program="legacy_2015")
    assert (d.allowed, d.rule) == (case["expect"]["allowed"], case["expect"]["rule"]), \
        case["_comment"]
    assert d.reason, "every decision says why"


def test_access_vectors_are_all_there() -> None:
    assert len(_ACCESS) >= 90
    # The two-tier channel (SPEC-NCE §17.4): indirect providers and resellers.
    for kind in ("indirect_provider:", "indirect_reseller:"):
        assert sum(c["actor"].startswith(kind) for c in _ACCESS) >= 15, kind


def test_access_matrix_by_kind() -> None:
    """SPEC-NCE §17.4: a reseller's profiles never transact or attest; the kinds split the
    matrix (5 roles per CSP tier, 23 actions)."""
    reseller = cb.access_matrix(kinds="indirect_reseller")
    assert len(reseller) == 5 * 23
    assert {c.actor.split(":")[0] for c in reseller} == {"indirect_reseller"}
    rules = {(c.profile, c.action): (c.allowed, c.rule) for c in reseller}
    assert rules["reseller_admin_agent", "order_subscription"] == (
        False, "reseller_transacts_through_provider")
    assert rules["reseller_sales_agent", "attest_customer_agreement"] == (
        False, "reseller_cannot_attest")
    assert rules["reseller_billing_admin", "view_reseller_bills"] == (
        True, "reseller_sees_own_bills")
    both = cb.access_matrix(kinds=["indirect_provider", "indirect_reseller"])
    assert len(both) == 10 * 23
    assert len(cb.access_matrix()) == 20 * 23
    with pytest.raises(cb.CspError) as info:
        cb.access_matrix(kinds=["distributor"])
    assert info.value.code == "invalid_input"


# --------------------------------------------------------------------------- gdap

_GDAP = GDAP["cases"]


@pytest.mark.parametrize("case", _GDAP, ids=[_id(c, i) for i, c in enumerate(_GDAP)])
def test_gdap_vector(case: Dict[str, Any]) -> None:
    why = case["_comment"]
    doc = case["document"]
    if "expect_error" in case:
        with pytest.raises(cb.CspError) as err:
            cb.gdap_timeline(doc, "2025-01-01")
        assert err.value.code == case["expect_error"], why
        return
    for q in case.get("timeline", []):
        got = {t["id"]: t for t in cb.gdap_timeline(doc, q["as_of"])}[q["relationship"]]
        for key, want in q["expect"].items():
            assert got[key] == want, f"{why}: {q['as_of']} {key}"
    for q in case.get("access_days", []):
        got = cb.gdap_access_days(doc, q["relationship"], day(q["from"]), day(q["to"]))
        want = None if q["expect"] is None else (day(q["expect"][0]), day(q["expect"][1]))
        assert got == want, why
    for q in case.get("decide", []):
        d = cb.gdap_decide(doc, user=q["user"], action=q["action"], customer=q["customer"],
                           at=q["at"])
        assert (d.allowed, d.rule) == (q["expect"]["allowed"], q["expect"]["rule"]), \
            f"{why} / {q['_comment']}"
        assert d.reason, "every decision says why"


def test_gdap_vectors_are_all_there() -> None:
    assert len(_GDAP) >= 60


def test_every_vector_file_is_consumed() -> None:
    """A new vector file must get a test here (or a skip with its reason)."""
    consumed = {"proration.json", "agreement.json", "price_list.json", "charges.json",
                "billing.json", "access.json", "gdap.json"}
    assert {p.name for p in VECTORS.glob("*.json")} == consumed
