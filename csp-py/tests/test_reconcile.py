"""Reconciliation from Python (SPEC-NCE §15, issue 17): the example NCE book
(testdata/scenarios/nce-example.json, a copy of which ships as ``NceScenario.demo()``)
against testdata/recon/nce-example-2022-09.csv, the fixture of csp-cli/tests/reconcile.rs,
whose figures are derived by hand there:

The book's lines ordered in September 2022: s4 cycle 8 × 6 = 48.00, s3 new 5 × 7.20 = 36.00
and its cancellation −33.60, s2's renewal 20 × 7.20 = 144.00, s1's cycle 13 × 36 = 468.00:
662.40 over 5 lines. The file: s1 billed 468.01 (rounding +0.01), s4 at 6.50 a seat, 52.00
(price_differs +4.00), s3's two lines as expected, s2's renewal absent (missing −144.00), an
unknown s9 of contoso 10.00 (unexpected), a customerCredit −5.00 (not_modelled) and
northwind's 99.00 (out_of_scope). Microsoft's total: 468.01 + 52 + 36 − 33.60 + 10 − 5 + 99
= 626.41; the audited difference 0.01 + 4 − 144 + 10 = −129.99."""

from __future__ import annotations

import csv
import io
import json
import pickle
from decimal import Decimal
from typing import Any, Dict, List

import pytest

import csp_billing as cb

from conftest import TESTDATA

BOOK = TESTDATA / "scenarios" / "nce-example.json"
FILE = TESTDATA / "recon" / "nce-example-2022-09.csv"
LEGACY_FILE = TESTDATA / "recon" / "legacy-license-2016-02-USD.csv"

#: SPEC-NCE §15.12's CSV header, written out as the specification gives it.
SPEC_COLUMNS = (
    "class,customer_id,subscription_id,charge_type,charge_start,charge_end,sign,"
    "expected_index,expected_quantity,expected_unit_price,expected_eup,expected_fx_rate,"
    "expected_amount,file_row,file_charge_type,file_quantity,file_unit_price,file_eup,"
    "file_fx_rate,file_amount,delta").split(",")

D = Decimal


def _text() -> str:
    return FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def book() -> cb.NceScenario:
    return cb.NceScenario.load(BOOK)


@pytest.fixture(scope="module")
def report(book: cb.NceScenario) -> cb.Reconciliation:
    return cb.reconcile(book, _text(), "2022-09")


def _rows(table: Any) -> List[Dict[str, Any]]:
    rows: List[Dict[str, Any]] = table.to_pylist()
    return rows


# --- the fixture's hand-derived figures --------------------------------------------------

def test_the_shipped_demo_is_the_fixtures_book(book: cb.NceScenario) -> None:
    assert cb.NceScenario.demo() == book


def test_every_perturbation_is_found_with_its_class_and_delta(
        report: cb.Reconciliation) -> None:
    pytest.importorskip("pyarrow")
    assert (report.status, report.file_kind, report.currency, report.period,
            report.policy) == ("differences", "nce", "USD", "2022-09", "nce_b")
    assert not report.clean
    got = [(r["class"], r["customer_id"], r["subscription_id"], r["charge_type"], r["delta"])
           for r in _rows(report.differences)]
    assert got == [
        ("rounding", "contoso", "s1", "cycleCharge", D("0.01")),
        ("price_differs", "contoso", "s4", "cycleCharge", D("4.00")),
        ("unexpected", "contoso", "s9", "new", D("10.00")),
        ("missing", "fabrikam", "s2", "renew", D("-144.00")),
        ("not_modelled", "fabrikam", "s2", "customerCredit", D("-5.00")),
    ]


def test_the_totals_are_the_hand_derived_ones_and_add_up(report: cb.Reconciliation) -> None:
    t = report.totals
    assert t.microsoft_total == D("626.41")
    assert t.expected_total == D("662.40")
    assert t.difference == D("-129.99")
    assert t.out_of_scope_total == D("99.00")
    assert t.not_modelled_total == D("-5.00")
    assert t.discounts_total is None  # NCE
    assert tuple(t.by_class) == cb.RECON_CLASSES
    assert t.by_class["rounding"] == (1, D("0.01"))
    assert t.by_class["price_differs"] == (1, D("4.00"))
    assert t.by_class["matched"] == (2, D("0"))
    assert t.by_class["missing"] == (1, D("-144.00"))
    assert t.by_class["unexpected"] == (1, D("10.00"))
    assert t.by_class["convention"] == (0, D("0"))
    # Written as the JSON report writes them: at least the currency's 2 decimals.
    assert [str(t.difference), str(t.by_class["matched"][1])] == ["-129.99", "0.00"]
    # SPEC-NCE §15.9, exactly.
    assert t.expected_total + sum(a for _, a in t.by_class.values()) == t.microsoft_total
    audited = sum(a for c, (_, a) in t.by_class.items()
                  if c not in ("out_of_scope", "not_modelled"))
    assert audited == t.difference == (t.microsoft_total - t.out_of_scope_total
                                       - t.not_modelled_total - t.expected_total)
    with pytest.raises(TypeError):
        t.by_class["rounding"] = (0, D("0"))  # type: ignore[index]


def test_the_totals_identity_holds_over_the_tables_delta_column(
        book: cb.NceScenario) -> None:
    pytest.importorskip("pyarrow")
    every = book.reconcile(_text(), "2022-09", include_matched=True,
                           include_out_of_scope=True)
    rows = _rows(every.differences)
    # Every row and every expected line is one entry: 7 rows + s2's missing renewal.
    assert len(rows) == 8
    assert [r["class"] for r in rows].count("matched") == 2
    deltas = [r["delta"] for r in rows]
    assert all(type(d) is Decimal for d in deltas)
    assert sum(deltas) == every.totals.microsoft_total - every.totals.expected_total
    assert sum(deltas) == D("626.41") - D("662.40") == D("-35.99")
    # Listing more changes the entries listed, never the report's figures.
    report = cb.reconcile(book, _text(), "2022-09")
    assert (every.totals, every.coverage) == (report.totals, report.coverage)
    # Without matched and out-of-scope rows, Σ Δ listed = the audited difference plus the
    # rows not modelled.
    listed = sum(r["delta"] for r in _rows(report.differences))
    assert listed == report.totals.difference + report.totals.not_modelled_total


def test_coverage_is_the_hand_derived_one(report: cb.Reconciliation) -> None:
    c = report.coverage
    assert (c.file_rows, c.rows_out_of_scope, c.rows_not_modelled, c.rows_examined,
            c.rows_matched, c.rows_differing, c.rows_unexpected, c.expected_lines,
            c.expected_missing) == (7, 1, 1, 5, 2, 2, 1, 5, 1)
    # 5 of 7 rows examined, 2 of 7 matched; |468.01| + 52 + 36 + 33.60 + 10 = 599.61 of
    # 703.61 → 85.22 %.
    assert c.examined_pct == D("71.43")
    assert c.matched_pct == D("28.57")
    assert c.examined_amount_pct == D("85.22")
    assert str(c.examined_pct) == "71.43"
    assert all(type(v) is Decimal for v in (c.examined_pct, c.matched_pct,
                                            c.examined_amount_pct))
    # SPEC-NCE §15.10's identities.
    assert c.file_rows == c.rows_out_of_scope + c.rows_not_modelled + c.rows_examined
    assert c.rows_examined == c.rows_matched + c.rows_differing + c.rows_unexpected
    assert c.expected_lines == c.rows_matched + c.rows_differing + c.expected_missing
    assert report.flags == () and report.invoice_check is None


def test_the_differences_table_has_the_spec_columns_and_exact_types(
        report: cb.Reconciliation) -> None:
    pa = pytest.importorskip("pyarrow")
    t = report.differences
    assert isinstance(t, pa.Table)
    assert t.column_names == SPEC_COLUMNS == list(cb.RECON_COLUMNS)
    for field in t.schema:
        assert not pa.types.is_floating(field.type), field
    for name in ("expected_unit_price", "expected_eup", "expected_amount", "file_unit_price",
                 "file_eup", "file_amount", "delta"):
        assert str(t.schema.field(name).type) == "decimal128(38, 2)", name
    for name in ("expected_quantity", "expected_fx_rate", "file_quantity", "file_fx_rate"):
        assert pa.types.is_decimal(t.schema.field(name).type), name
    assert str(t.schema.field("charge_start").type) == "date32[day]"
    s1, s4, s9, missing, credit = _rows(t)
    # The rounding entry: both sides, as in the file and as the book prices s1's cycle.
    assert (s1["charge_start"].isoformat(), s1["charge_end"].isoformat(), s1["sign"]) == (
        "2022-09-18", "2022-10-17", "+")
    assert (s1["expected_quantity"], s1["expected_unit_price"], s1["expected_amount"]) == (
        13, D("36.00"), D("468.00"))
    assert (s1["file_row"], s1["file_quantity"], s1["file_amount"]) == (2, 13, D("468.01"))
    assert s4["file_unit_price"] - s4["expected_unit_price"] == D("0.50")
    # An unexpected row has no expected side; a missing line no file side.
    assert s9["expected_index"] is None and s9["expected_amount"] is None
    assert s9["file_row"] == 6 and s9["file_amount"] == D("10.00")
    assert missing["file_row"] is None and missing["file_amount"] is None
    assert missing["expected_quantity"] == 20 and missing["expected_amount"] == D("144.00")
    assert credit["file_charge_type"] == "customerCredit" and credit["sign"] == "-"
    for row in _rows(t):
        for v in row.values():
            assert not isinstance(v, float), row


def test_the_customers_table_is_the_hand_derived_one(report: cb.Reconciliation) -> None:
    pa = pytest.importorskip("pyarrow")
    t = report.customers
    assert t.column_names == [
        "customer_id", "file_rows", "rows_examined", "rows_matched", "expected_lines",
        "differences", "microsoft_total", "expected_total", "difference",
        "out_of_scope_total", "not_modelled_total"]
    assert str(t.schema.field("microsoft_total").type) == "decimal128(38, 2)"
    assert not any(pa.types.is_floating(f.type) for f in t.schema)
    contoso, fabrikam, northwind = _rows(t)
    # contoso: s1 468.01, s4 52.00, s9 10.00 against s1 468.00 and s4 48.00.
    assert contoso == {
        "customer_id": "contoso", "file_rows": 3, "rows_examined": 3, "rows_matched": 0,
        "expected_lines": 2, "differences": 3, "microsoft_total": D("530.01"),
        "expected_total": D("516.00"), "difference": D("14.01"),
        "out_of_scope_total": D("0.00"), "not_modelled_total": D("0.00")}
    # fabrikam: s3's two rows matched, s2's renewal missing, the credit not modelled.
    assert fabrikam == {
        "customer_id": "fabrikam", "file_rows": 3, "rows_examined": 2, "rows_matched": 2,
        "expected_lines": 3, "differences": 1, "microsoft_total": D("-2.60"),
        "expected_total": D("146.40"), "difference": D("-144.00"),
        "out_of_scope_total": D("0.00"), "not_modelled_total": D("-5.00")}
    assert northwind["customer_id"] == "northwind"
    assert (northwind["file_rows"], northwind["rows_examined"], northwind["expected_lines"],
            northwind["out_of_scope_total"]) == (1, 0, 0, D("99.00"))
    totals = report.totals
    assert sum(r["microsoft_total"] for r in _rows(t)) == totals.microsoft_total
    assert sum(r["difference"] for r in _rows(t)) == totals.difference


def test_to_json_is_the_cores_report(report: cb.Reconciliation) -> None:
    text = report.to_json()
    assert text.endswith("\n")
    data = json.loads(text)
    assert data["version"] == 1 and data["status"] == "differences"
    assert data["totals"]["difference"] == "-129.99"
    assert [e["class"] for e in data["entries"]] == [
        "rounding", "price_differs", "unexpected", "missing", "not_modelled"]
    assert data["customers"][0]["customer_id"] == "contoso"
    assert cb.reconcile(cb.NceScenario.demo(), _text(), "2022-09").to_json() == text


def test_the_record_is_frozen_comparable_and_pickles(report: cb.Reconciliation) -> None:
    with pytest.raises(AttributeError):
        report.status = "clean"  # type: ignore[misc]
    again = cb.NceScenario.demo().reconcile(_text(), "2022-09")
    assert again == report
    d = report.to_dict()
    assert d["totals"]["difference"] == D("-129.99")
    assert "differences" not in d and "_json" not in d
    assert "differences=" not in repr(report) and "customers=" not in repr(report)
    pytest.importorskip("pyarrow")
    back = pickle.loads(pickle.dumps(report))
    assert back == report and back.differences.equals(report.differences)


def test_the_same_file_without_its_perturbations_is_clean(book: cb.NceScenario) -> None:
    lines = _text().splitlines()
    # As csp-cli/tests/reconcile.rs builds it: s1 and s4 put right, s3's rows kept, s2's
    # renewal added, the rest dropped but northwind's (out of scope).
    clean = [lines[0], lines[1].replace("468.01", "468.00"),
             lines[2].replace("6.50", "6.00").replace("52.00", "48.00"), lines[3], lines[4],
             lines[3].replace("s3", "s2").replace(",new,", ",renew,")
             .replace("9/1/2022", "9/10/2022").replace("9/30/2022", "10/9/2022")
             .replace(",5,36.00,", ",20,144.00,").replace(",36.00,", ",144.00,")
             .replace(",5,Monthly", ",20,Monthly"),
             lines[7]]
    r = book.reconcile("\n".join(clean) + "\n", "2022-09")
    assert r.status == "clean" and r.clean
    assert r.totals.difference == 0 and r.coverage.rows_out_of_scope == 1
    # The out-of-scope customer taken into scope: its row becomes unexpected.
    r = book.reconcile("\n".join(clean) + "\n", "2022-09", customers=["northwind"])
    assert r.status == "differences"
    assert r.totals.by_class["unexpected"] == (1, D("99.00"))


def test_scope_and_invoice_check(book: cb.NceScenario) -> None:
    # s1's product left out: its row and its line are out of the audit.
    r = book.reconcile(_text(), "2022-09", exclude_products=("CFQ7TTC0LFLX",))
    assert r.totals.by_class["rounding"] == (0, D("0"))
    assert r.totals.expected_total == D("662.40") - D("468.00")
    assert r.coverage.rows_out_of_scope == 2
    # Σ Total = 626.41 (no tax); less 10.00 of credit notes, 616.41.
    r = book.reconcile(_text(), "2022-09", invoice_total=D("616.41"), credit_notes="10.00")
    assert r.invoice_check == cb.InvoiceCheck(D("626.41"), D("10.00"), D("616.41"), True)
    r = book.reconcile(_text(), "2022-09", invoice_total="626.40")
    assert r.invoice_check is not None and not r.invoice_check.agrees
    assert r.invoice_check.credit_notes == 0


def test_a_row_that_does_not_add_up_is_flagged_not_refused(book: cb.NceScenario) -> None:
    # s9's row (line 6) with Total 10.50 ≠ Subtotal 10.00 + TaxTotal 0 (SPEC-NCE §15.11).
    text = _text().replace(",10.00,0,10.00,USD,", ",10.00,0,10.50,USD,")
    assert text != _text()
    r = book.reconcile(text, "2022-09", invoice_total="626.91")
    assert [(f.flag, f.row, f.check) for f in r.flags] == [("file_inconsistent", 6, "total")]
    assert "10.50" in r.flags[0].detail
    # The row is still reconciled on its Subtotal; the invoice check sums the Totals.
    assert r.totals.microsoft_total == D("626.41")
    assert r.invoice_check is not None and r.invoice_check.agrees
    assert r.invoice_check.rows_total == D("626.91")


def test_another_month_reconciles_the_past(book: cb.NceScenario) -> None:
    import datetime
    r = book.reconcile(_text(), datetime.date(2022, 1, 15))
    assert r.period == "2022-01" and r.status == "nothing_audited"
    assert r.coverage.rows_out_of_scope == 7 and str(r.coverage.examined_pct) == "0.00"
    assert r.coverage.file_rows == 7 and r.totals.expected_total == 0


def test_a_legacy_scenario_reconciles_a_license_based_file() -> None:
    text = LEGACY_FILE.read_text(encoding="utf-8")
    r = cb.Scenario.demo().reconcile(text, "2016-02", include_out_of_scope=True)
    assert r.file_kind == "legacy"
    rows = list(csv.DictReader(io.StringIO(text)))
    # Σ Amount and Σ TotalOtherDiscount of the file, summed here.
    assert r.totals.microsoft_total == sum(D(row["Amount"]) for row in rows)
    assert r.totals.discounts_total == sum(D(row["TotalOtherDiscount"]) for row in rows)
    assert r.coverage.file_rows == len(rows)
    t = r.totals
    assert t.expected_total + sum(a for _, a in t.by_class.values()) == t.microsoft_total
    assert r.policy.startswith("rate ")


# --- refusals -------------------------------------------------------------------------------

def _refused(book: cb.NceScenario, text: str) -> cb.CspError:
    with pytest.raises(cb.CspError) as info:
        book.reconcile(text, "2022-09")
    return info.value


def test_a_bad_decimal_is_refused_with_its_line_and_column(book: cb.NceScenario) -> None:
    e = _refused(book, _text().replace("468.01", "4.68e2"))
    assert type(e) is cb.PriceListError and e.code == "invalid_decimal"
    assert e.context["line"] == "2" and e.context["value"] == "4.68e2"
    assert int(e.context["column"]) > 0
    assert "line 2" in str(e)


@pytest.mark.parametrize("change, code, cls, line", [
    # The scenario tells the file's kind (an NCE book reads an NCE file): a header without
    # the kind's columns lacks a required one.
    (("EffectiveUnitPrice", "Eup"), "missing_column", cb.PriceListError, "1"),
    ((",SubscriptionId,", ",SubId,"), "missing_column", cb.PriceListError, "1"),
    ((",USD,", ",EUR,"), "currency_mismatch", cb.MoneyError, None),
    (("468.01", "468,01"), "csv_malformed", cb.PriceListError, "2"),
])
def test_bad_files_raise_the_cores_error(book: cb.NceScenario, change: Any, code: str,
                                         cls: type, line: Any) -> None:
    e = _refused(book, _text().replace(*change))
    assert e.code == code and type(e) is cls, e
    assert cb.ERROR_CODES[code] is cls
    if line is not None:
        assert e.context["line"] == line, e.context


def test_a_file_of_the_other_kind_is_refused(book: cb.NceScenario) -> None:
    e = _refused(book, LEGACY_FILE.read_text(encoding="utf-8"))
    assert (type(e), e.code) == (cb.InputError, "invalid_input")
    assert "legacy recon file" in str(e)
    with pytest.raises(cb.InputError) as info:
        cb.Scenario.demo().reconcile(_text(), "2016-02")
    assert info.value.code == "invalid_input"
    # The recon codes all have their family's class (detection's own code too, which
    # `csp_core::recon::ReconKind::detect` raises when no scenario tells the kind).
    for code, cls in (("unknown_recon_format", cb.PriceListError),
                      ("missing_column", cb.PriceListError),
                      ("invalid_decimal", cb.PriceListError),
                      ("currency_mismatch", cb.MoneyError)):
        assert cb.ERROR_CODES[code] is cls and cb.error_class(code) is cls


def test_a_row_in_another_currency_than_the_first_is_refused(book: cb.NceScenario) -> None:
    lines = _text().splitlines()
    lines[5] = lines[5].replace(",USD,", ",EUR,", 1)
    e = _refused(book, "\n".join(lines) + "\n")
    assert (type(e), e.code) == (cb.MoneyError, "currency_mismatch")
    assert (e.context["expected"], e.context["actual"]) == ("USD", "EUR")


@pytest.mark.parametrize("bad", [626.41, 0.0, True])
def test_a_float_is_refused_for_money(book: cb.NceScenario, bad: Any) -> None:
    with pytest.raises(TypeError) as info:
        book.reconcile(_text(), "2022-09", invoice_total=bad)
    e = info.value
    assert isinstance(e, cb.InputTypeError) and e.code == "invalid_input"
    assert "Decimal" in str(e) and "str" in str(e)
    with pytest.raises(cb.InputTypeError):
        book.reconcile(_text(), "2022-09", invoice_total="1.00", credit_notes=bad)


def test_wrong_arguments_are_refused(book: cb.NceScenario) -> None:
    with pytest.raises(cb.InputTypeError):
        cb.reconcile(object(), _text(), "2022-09")  # type: ignore[arg-type]
    with pytest.raises(cb.InputTypeError):
        book.reconcile(_text().encode(), "2022-09")  # type: ignore[arg-type]
    with pytest.raises(cb.InputTypeError):
        book.reconcile(_text(), "2022-09", customers="northwind")
    with pytest.raises(cb.InputTypeError):
        book.reconcile(_text(), "2022-09", include_matched=1)  # type: ignore[arg-type]
    with pytest.raises(cb.InputError) as info:
        book.reconcile(_text(), "2022-09", customers=[" "])
    assert info.value.code == "invalid_input"
    with pytest.raises(cb.InputError) as info:
        book.reconcile(_text(), "2022-13")
    assert info.value.code == "invalid_input"
    with pytest.raises(cb.InputError) as info:
        book.reconcile(_text(), "2022-09", invoice_total="1e3")
    assert info.value.code == "invalid_input"
    with pytest.raises(cb.InputError) as info:
        book.reconcile(_text(), "2022-09", credit_notes="1.00")
    assert info.value.code == "invalid_input"
    assert info.value.context["what"] == "credit_notes"


def test_the_reconcile_function_and_methods_agree(book: cb.NceScenario,
                                                  report: cb.Reconciliation) -> None:
    assert book.reconcile(_text(), "2022-09") == report
    assert cb.reconcile(book, _text(), month="2022-09") == book.reconcile(_text(),
                                                                          month="2022-09")
    legacy = LEGACY_FILE.read_text(encoding="utf-8")
    assert (cb.reconcile(cb.Scenario.demo(), legacy, "2016-02")
            == cb.Scenario.demo().reconcile(legacy, "2016-02"))
