"""The shared edge vectors (issue 15) through the Python API: ``testdata/vectors/edges/
values.json`` (amounts by kind, dates, seat counts, ids) and ``scenarios.json`` (scenario
documents with one bad, or one unusual but valid, input each).

Each value is read by ``csp_billing.input`` (the core's readers) and by an entry point that
takes that kind of value (a price row, a proration, a price book query, a schedule, a
scenario). Accepted values are checked against results derived by hand from the spec (a
whole period costs price × seats; a list is visible 30 days before it starts)."""

from __future__ import annotations

import copy
import datetime
import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Callable, Dict, List

import pytest

import csp_billing as cb

from conftest import day, load_vectors

VALUES = load_vectors("edges/values.json")
SCENARIOS = load_vectors("edges/scenarios.json")


def _refused(call: Callable[[], Any], code: str) -> cb.CspError:
    with pytest.raises(cb.CspError) as info:
        call()
    assert info.value.code == code, str(info.value)
    return info.value


def _row(**fields: Any) -> cb.PriceRow:
    base: Dict[str, Any] = dict(offer_id="E3", offer_name="Office 365 E3",
                                agreement_type="corporate", secondary_type="base",
                                list_price="4.00", erp_price="5.00")
    base.update(fields)
    return cb.PriceRow(**base)


# --------------------------------------------------------------------------- amounts

_AMOUNTS = VALUES["amounts"]


@pytest.mark.parametrize("case", _AMOUNTS, ids=[f"{c['kind']}-{c['text']!r}"[:40]
                                                 for c in _AMOUNTS])
def test_amount_vector(case: Dict[str, Any]) -> None:
    text, kind = case["text"], case["kind"]
    if "error" in case:
        e = _refused(lambda: cb.input.amount(text, kind), case["error"])
        assert isinstance(e, cb.InputError)
        # The message names the kind of value and shows the text as given.
        assert json.dumps(text) in str(e) or repr(text) in str(e), str(e)
        return
    got = cb.input.amount(text, kind)
    assert isinstance(got, Decimal) and str(got) == case["value"]


@pytest.mark.parametrize("case", [c for c in _AMOUNTS if c["kind"] == "price"],
                         ids=lambda c: repr(c["text"])[:30])
def test_price_vector_through_price_rows_and_prorate(case: Dict[str, Any]) -> None:
    text = case["text"]
    if "error" in case:
        _refused(lambda: _row(list_price=text), case["error"])
        _refused(lambda: _row(erp_price=text), case["error"])
        _refused(lambda: cb.prorate(text, 1, 31, 31), case["error"])
        return
    value = Decimal(case["value"])
    row = _row(list_price=text)
    assert str(row.list_price) == case["value"]
    # A whole period costs the period price × seats, rounded to cents (SPEC §6.4).
    want = (value * 3).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert cb.prorate(text, 3, 31, 31).amount == want
    assert cb.prorate(text, -3, 31, 31).amount == -want


def test_a_decimal_price_is_read_as_its_text() -> None:
    # Decimal("1_000") is 1000 in Python: the Decimal's str() is read, and that is valid.
    assert cb.prorate(Decimal("1_000"), 1, 31, 31).amount == Decimal("1000.00")
    # An exponent survives in str(): refused as the text "1e3" is.
    _refused(lambda: cb.prorate(Decimal("1E+3"), 1, 31, 31), "invalid_input")
    _refused(lambda: _row(list_price=Decimal("-4.00")), "invalid_input")
    _refused(lambda: _row(list_price=Decimal("NaN")), "invalid_input")
    assert _row(list_price=Decimal("4.50")).list_price == Decimal("4.50")


@pytest.mark.parametrize("money", [4.0, 211.2, float("nan"), float("inf"), True])
def test_float_money_is_refused_with_a_hint(money: Any) -> None:
    for call in (lambda: cb.prorate(money, 1, 31, 31), lambda: _row(list_price=money),
                 lambda: cb.input.amount(money), lambda: cb.instalments(money, 3)):
        e = _refused(call, "invalid_input")
        assert isinstance(e, cb.InputTypeError)
        assert "str or Decimal" in str(e) or "Decimal or a string" in str(e), str(e)


def _tax_scenario(rate: str) -> Dict[str, Any]:
    doc = copy.deepcopy(SCENARIOS["base"])
    doc["partner"]["tax_rates"][0]["rate"] = rate
    return doc


@pytest.mark.parametrize("case", [c for c in _AMOUNTS if c["kind"] == "tax_rate"],
                         ids=lambda c: repr(c["text"]))
def test_tax_rate_vector_through_a_scenario(case: Dict[str, Any]) -> None:
    doc = _tax_scenario(case["text"])
    if "error" in case:
        e = _refused(lambda: cb.Scenario.from_dict(doc), "invalid_scenario")
        assert e.context["path"] == "partner.tax_rates[0].rate"
        return
    inv = cb.Scenario.from_dict(doc).bill("2016-04").bills[0].invoice
    assert str(inv.tax_rate) == case["value"]
    # 2 seats × ERP 5.00 = 10.00 before tax.
    assert inv.subtotal == Decimal("10.00")


@pytest.mark.parametrize("case", [c for c in _AMOUNTS if c["kind"] == "percent"],
                         ids=lambda c: repr(c["text"]))
def test_percent_vector_through_a_markup(case: Dict[str, Any]) -> None:
    doc = copy.deepcopy(SCENARIOS["base"])
    doc["partner"]["resale"] = [{"offer": "E3", "rule": {"type": "markup",
                                                         "percent": case["text"]}}]
    if "error" in case:
        _refused(lambda: cb.Scenario.from_dict(doc), "invalid_scenario")
        return
    run = cb.Scenario.from_dict(doc).bill("2016-04")
    # list 4.00 + p % per seat, 2 seats, then 10 % tax.
    pct = Decimal(case["value"])
    subtotal = (Decimal("4.00") * (1 + pct / 100) * 2).quantize(Decimal("0.01"))
    assert run.bills[0].invoice.subtotal == subtotal
    assert run.bills[0].invoice.total == subtotal + (subtotal / 10).quantize(Decimal("0.01"))


@pytest.mark.parametrize("case", [c for c in _AMOUNTS if c["kind"] == "exact"],
                         ids=lambda c: repr(c["text"])[:30])
def test_exact_vector_through_instalments(case: Dict[str, Any]) -> None:
    if "error" in case:
        _refused(lambda: cb.instalments(case["text"], 2), case["error"])
        return
    if Decimal(case["value"]).as_tuple().exponent == -2:  # whole cents: split exactly
        parts = cb.instalments(case["text"], 2)
        assert sum(parts) == Decimal(case["value"])


# --------------------------------------------------------------------------- dates

_DATES = VALUES["dates"]


@pytest.mark.parametrize("case", _DATES, ids=lambda c: repr(c["text"]))
def test_date_vector(case: Dict[str, Any]) -> None:
    text = case["text"]
    book = cb.PriceBook("USD")
    if "error" in case:
        _refused(lambda: cb.input.date(text), case["error"])
        _refused(lambda: book.visible_from(text), case["error"])
        _refused(lambda: cb.TermSchedule(text, 12), case["error"])
        return
    d = cb.input.date(text)
    assert d == datetime.date.fromisoformat(case["value"]) and type(d) is datetime.date
    assert cb.input.check_date(d) == d
    assert cb.TermSchedule(text, 12).anchor == d
    # A list is visible 30 days before it takes effect (SPEC §3), when that is a date.
    if d >= datetime.date(2000, 1, 31):
        assert book.visible_from(text) == d - datetime.timedelta(days=30)


@pytest.mark.parametrize("d", [datetime.date(1, 1, 1), datetime.date(1999, 12, 31)])
def test_date_objects_out_of_range_are_refused(d: datetime.date) -> None:
    _refused(lambda: cb.input.check_date(d), "invalid_input")
    _refused(lambda: cb.PriceBook("USD").visible_from(d), "invalid_input")
    _refused(lambda: cb.Agreement.mcra(d), "invalid_input")
    _refused(lambda: cb.TermSchedule(d, 12), "invalid_input")
    _refused(lambda: cb.Scenario.demo().charges(as_of=d), "invalid_input")


def test_a_datetime_where_a_date_is_expected_is_refused() -> None:
    dt = datetime.datetime(2016, 3, 1, 23, 30)
    for call in (lambda: cb.input.check_date(dt),  # type: ignore[arg-type]
                 lambda: cb.PriceBook("USD").visible_from(dt),
                 lambda: cb.TermSchedule(dt, 12),
                 lambda: cb.Scenario.demo().charges(as_of=dt)):
        e = _refused(call, "invalid_input")
        assert isinstance(e, cb.InputTypeError) and "datetime" in str(e)


# --------------------------------------------------------------------------- seats

_SEATS = [c for c in VALUES["seats"] if "js" not in c]


@pytest.mark.parametrize("case", _SEATS, ids=lambda c: repr(c["value"]))
def test_seat_vector(case: Dict[str, Any]) -> None:
    value = case["value"]
    if "error" in case:
        _refused(lambda: cb.input.seats(value), case["error"])
        if value == -1:
            # prorate's quantity is a signed seat change: -1 is a one-seat credit (its size
            # is a valid seat count), exactly the negative of one seat's whole period.
            assert cb.prorate("4.00", value, 31, 31).amount == Decimal("-4.00")
            return
        _refused(lambda: cb.prorate("4.00", value, 31, 31), case["error"])
        return
    assert cb.input.seats(value) == case["seats"]
    # A whole period of n seats at 4.00 costs 4.00 n.
    assert cb.prorate("4.00", value, 31, 31).amount == Decimal("4.00") * case["seats"]


@pytest.mark.parametrize("value", [True, False, 2.0, 2.9, float("nan"), "3", None,
                                   Decimal("2"), 2**64, -(2**64), 0])
def test_seat_counts_of_every_wrong_kind_are_invalid_quantity(value: Any) -> None:
    e = _refused(lambda: cb.prorate("4.00", value, 31, 31), "invalid_quantity")
    assert isinstance(e, cb.SubscriptionError)
    _refused(lambda: cb.input.seats(value), "invalid_quantity")


def test_prorate_zero_seats_is_refused_as_the_batch_refuses_it() -> None:
    e = _refused(lambda: cb.prorate("4.00", 0, 19, 31), "invalid_quantity")
    assert "0 seats" in str(e)


# --------------------------------------------------------------------------- ids

_IDS = VALUES["ids"]


@pytest.mark.parametrize("case", _IDS, ids=lambda c: repr(c["text"])[:20])
def test_id_vector(case: Dict[str, Any]) -> None:
    text = case["text"]
    if "error" in case:
        _refused(lambda: cb.input.id(text, "subscription"), case["error"])
        _refused(lambda: _row(offer_id=text), case["error"])
        _refused(lambda: cb.PriceBook("USD").price(text, "2016-03-01", "2016-03-01"),
                 case["error"])
        return
    assert cb.input.id(text, "subscription") == case["value"]
    assert _row(offer_id=text).offer_id == case["value"]


# --------------------------------------------------------------------------- scenarios


def _doc(case: Dict[str, Any]) -> Dict[str, Any]:
    doc = copy.deepcopy(SCENARIOS["base"])
    for path, value in case["set"]:
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return doc


def _has_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_has_float(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_float(v) for v in value)
    return False


def _run(scenario: cb.Scenario) -> List[Decimal]:
    charges = sum((l.amount for l in scenario.charges(as_of="2016-03-31")), Decimal(0))
    run = scenario.bill("2016-04")
    return [charges, sum((b.invoice.total for b in run.bills), Decimal(0))]


@pytest.mark.parametrize("case", SCENARIOS["cases"], ids=lambda c: c["name"])
def test_scenario_vector(case: Dict[str, Any]) -> None:
    doc = _doc(case)
    readers: List[Callable[[], cb.Scenario]] = [
        lambda: cb.Scenario.from_json(json.dumps(doc))]
    if not _has_float(doc):  # a float in a dict is refused by the package before the core
        readers.append(lambda: cb.Scenario.from_dict(doc))
    for read in readers:
        if "error" in case:
            def run() -> None:
                s = read()
                if case["op"] == "bill":
                    _run(s)
            e = _refused(run, case["error"])
            if "path" in case:
                assert e.context.get("path") == case["path"], e.context
            if "message_contains" in case:
                assert case["message_contains"] in str(e), str(e)
            continue
        charges, total = _run(read())
        assert (charges, total) == (Decimal(case["charges_total"]), Decimal(case["bill_total"]))
        assert str(charges) == case["charges_total"] and str(total) == case["bill_total"]


def test_a_float_in_a_scenario_dict_is_refused_before_the_core() -> None:
    doc = copy.deepcopy(SCENARIOS["base"])
    doc["events"][0]["quantity"] = 2.9
    e = _refused(lambda: cb.Scenario.from_dict(doc), "invalid_input")
    assert isinstance(e, cb.InputTypeError) and "events[0].quantity" in str(e)


def test_every_edge_vector_is_used() -> None:
    assert len(_AMOUNTS) >= 30 and len(_DATES) >= 10 and len(_SEATS) >= 9
    assert len(_IDS) >= 8 and len(SCENARIOS["cases"]) >= 30
    assert {c["kind"] for c in _AMOUNTS} == set(cb.input.AMOUNT_KINDS)


PRICE_FILES = load_vectors("edges/price_files.json")
_NCE_QUERIES = [(i, j, sheet, q) for i, sheet in enumerate(PRICE_FILES["nce_queries"])
                for j, q in enumerate(sheet["queries"])]


@pytest.mark.parametrize("i,j,sheet,q", _NCE_QUERIES, ids=lambda v: str(v)[:8])
def test_nce_query_vector(i: int, j: int, sheet: Dict[str, Any], q: Dict[str, Any]) -> None:
    """Every NCE query of edges/price_files.json (segment, tier, seats in the key)."""
    book = cb.PriceBook(q["currency"]).with_nce_csv(sheet["csv"])
    tier = None if q.get("tier") is None else (q["tier"]["min"], q["tier"]["max"])
    call = lambda: book.nce_price(q["offer"], q["term"], q["plan"], q["market"], q["date"],  # noqa: E731
                                  q["currency"], segment=q.get("segment"), tier=tier,
                                  seats=q.get("seats"))
    expect = q["expect"]
    if "error" in expect:
        e = _refused(call, expect["error"])
        for k, want in expect.get("context", {}).items():
            assert e.context[k] == want, (k, e.context)
    else:
        row = call()
        assert isinstance(row.unit_price, Decimal)
        assert str(row.unit_price) == expect["unit_price"], (i, j, row)


def test_nce_query_arguments_are_checked() -> None:
    sheet = PRICE_FILES["nce_queries"][0]
    book = cb.PriceBook("USD").with_nce_csv(sheet["csv"])
    q = sheet["queries"][0]
    args = (q["offer"], q["term"], q["plan"], q["market"], q["date"])
    _refused(lambda: book.nce_price(*args, segment="academic"), "invalid_input")
    _refused(lambda: book.nce_price(*args, tier=(5, 1)), "invalid_input")
    _refused(lambda: book.nce_price(*args, tier=(1, 2.5)), "invalid_input")  # type: ignore[arg-type]
    _refused(lambda: book.nce_price(*args, seats=0), "invalid_quantity")
    _refused(lambda: book.nce_price(*args, seats=2.9), "invalid_quantity")  # type: ignore[arg-type]


def _parse(fmt: str, csv: str) -> List[str]:
    """The offer ids a price file's text is read into, in file order."""
    if fmt == "legacy":
        return [r.offer_id for r in cb.PriceList.from_csv(csv, "2016-03", "USD").rows]
    table = cb.PriceBook("USD").with_nce_csv(csv).nce_table()
    return [str(offer) for offer in table.column("offer").to_pylist()]


@pytest.mark.parametrize("case", PRICE_FILES["parse_errors"], ids=lambda c: c["_comment"][:30])
def test_price_file_parse_error_vector(case: Dict[str, Any]) -> None:
    e = _refused(lambda: _parse(case["format"], case["csv"]), case["expect"]["error"])
    want = case["expect"]
    assert (e.context.get("line"), e.context.get("column")) == (str(want["line"]),
                                                               str(want["column"])), e.context
    for k, v in want.get("context", {}).items():
        assert e.context[k] == v, (k, e.context)


@pytest.mark.parametrize("case", PRICE_FILES["accepted"], ids=lambda c: c["_comment"][:30])
def test_price_file_accepted_vector(case: Dict[str, Any]) -> None:
    assert _parse(case["format"], case["csv"]) == case["expect"]["offers"]


@pytest.mark.parametrize("case", PRICE_FILES["encodings"], ids=lambda c: c["_comment"][:30])
def test_price_file_encoding_vector(case: Dict[str, Any], tmp_path: Any) -> None:
    path = tmp_path / "prices.csv"
    path.write_bytes(bytes.fromhex(case["hex"]))
    want = case["expect"]
    if "error" in want:
        e = _refused(lambda: cb.read_text(str(path)), want["error"])
        assert e.context["line"] == str(want["line"]), e.context
    else:
        assert cb.read_text(str(path)) == want["text"]
