"""The partner's monthly bill through Python: the demo partner's March 2016 bills (figures
derived by hand in csp-core/tests/demo_bill.rs), back-dated corrections, projections, and
the flat outputs.

Billing day 5: the March bill is issued 2016-03-05 and covers the charge lines dated
2016-02-05..2016-03-04. Resale at ERP unless said; amounts half-up to cents.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Dict

import pytest

import csp_billing as cb

D = Decimal


def _bills(run: cb.BillRun) -> Dict[str, cb.Bill]:
    return {b.invoice.customer: b for b in run.bills}


def _lines(bill: cb.Bill) -> list:
    return [(l.description, l.amount) for l in bill.invoice.lines]


def test_march_window_numbers_and_dates(march_run: cb.BillRun) -> None:
    assert march_run.month == "2016-03"
    assert march_run.partner == "Contoso Cloud Partners Ltd"
    assert march_run.currency == "USD"
    assert march_run.window == cb.Period(datetime.date(2016, 2, 5), datetime.date(2016, 3, 4))
    assert march_run.issue_date == datetime.date(2016, 3, 5)
    # One bill per customer, numbered by customer id from 1001; net 30 → due 2016-04-04.
    assert [(b.invoice.customer, b.invoice.number) for b in march_run.bills] == [
        ("cityhall", "CCP-2016-1001"), ("fabrikam", "CCP-2016-1002"),
        ("northwind", "CCP-2016-1003"), ("school", "CCP-2016-1004")]
    assert {b.invoice.due_date for b in march_run.bills} == {datetime.date(2016, 4, 4)}


def test_fabrikam(march_run: cb.BillRun) -> None:
    b = _bills(march_run)["fabrikam"]
    assert _lines(b) == [
        # E3 cycle fee 2/11–3/10: 20 × 20.00 (ERP); its managed service 20 × 3.00.
        ("Office 365 Enterprise E3", D("400.00")),
        ("Managed service for Office 365 E3 (per seat)", D("60.00")),
        # RMS add-on: list 1.60 + 20 % = 1.92 × 10 = 19.20.
        ("Azure Rights Management Premium", D("19.20")),
        # 5 seats on 2/20 for 20 of the period's 29 days: 5 × 20 × 20/29 = 68.9655 → 68.97,
        # managed service 5 × 3 × 20/29 = 10.3448 → 10.34.
        ("Office 365 Enterprise E3: seats added", D("68.97")),
        ("Managed service for Office 365 E3 (per seat): seats added", D("10.34")),
        ("Premium support (monthly)", D("150.00")),
    ]
    inv = b.invoice
    # Subtotal 708.51; tax 8.75 % = 61.994625 → 61.99; total 770.50.
    assert (inv.subtotal, inv.tax_rate, inv.tax, inv.total) == (
        D("708.51"), D("0.0875"), D("61.99"), D("770.50"))
    assert inv.credit_note is False
    # Cost: 20 × 16.00 + 10 × 1.60 + 5 × 16 × 20/29 (55.1724 → 55.17) = 391.17;
    # margin 708.51 − 391.17 = 317.34 = 44.79 % of 708.51.
    st = b.statement
    assert (st.cost, st.revenue, st.margin, st.margin_percent) == (
        D("391.17"), D("708.51"), D("317.34"), D("44.79"))


def test_northwind_financed(march_run: cb.BillRun) -> None:
    b = _bills(march_run)["northwind"]
    # Annual Business Essentials ×50 at ERP 12 × 5.00 = 3,000.00 in 12 instalments of 250.00;
    # onboarding 500.00. Tax 8.75 % of 750.00 = 65.625 → 65.63; total 815.63.
    assert _lines(b) == [
        ("Office 365 Business Essentials (new subscription) — instalment 1 of 12", D("250.00")),
        ("Onboarding and migration", D("500.00"))]
    assert b.invoice.lines[0].source == "instalment"
    assert (b.invoice.subtotal, b.invoice.tax, b.invoice.total) == (
        D("750.00"), D("65.63"), D("815.63"))
    # Microsoft bills the year now: 50 × 12 × 4.00 = 2,400.00; margin 750 − 2,400 = −1,650.00,
    # explained by the 2,750.00 still owed.
    assert (b.statement.cost, b.statement.margin, b.statement.financed_balance) == (
        D("2400.00"), D("-1650.00"), D("2750.00"))


def test_school_credit_note(march_run: cb.BillRun) -> None:
    b = _bills(march_run)["school"]
    # Suspended 2/8 inside 30 days: −100 × 2.50 = −250.00; reactivated 2/22 for 22 of 29
    # days: 100 × 2.5 × 22/29 = 189.6552 → 189.66. Total −60.34: a credit note.
    assert _lines(b) == [
        ("Office 365 Education E3 for faculty: suspension credit", D("-250.00")),
        ("Office 365 Education E3 for faculty: reactivation", D("189.66"))]
    assert b.invoice.credit_note is True
    assert b.invoice.total == D("-60.34") and b.invoice.tax == 0
    # Cost −200.00 + 100 × 2 × 22/29 (151.7241 → 151.72) = −48.28; margin −60.34 + 48.28.
    assert (b.statement.cost, b.statement.margin) == (D("-48.28"), D("-12.06"))


def test_cityhall(march_run: cb.BillRun) -> None:
    b = _bills(march_run)["cityhall"]
    # Cycle fee 3/1–3/31: 30 × 19.00 = 570.00; discount 10 % month 2 of 3: −57.00; no tax.
    assert _lines(b) == [("Office 365 Enterprise E3 for Government", D("570.00")),
                         ("Discount 10% (month 2 of 3)", D("-57.00"))]
    assert (b.invoice.total, b.invoice.tax_rate) == (D("513.00"), None)
    # Cost 30 × 15.20 = 456.00; margin 57.00 = 11.11 %.
    assert (b.statement.cost, b.statement.margin, b.statement.margin_percent) == (
        D("456.00"), D("57.00"), D("11.11"))


def test_partner_totals(march_run: cb.BillRun) -> None:
    # Cost 391.17 + 2,400.00 − 48.28 + 456.00 = 3,198.89; revenue 708.51 + 750.00 − 60.34
    # + 513.00 = 1,911.17; margin −1,287.72; financed 2,750.00.
    t = march_run.totals
    assert (t.cost, t.revenue, t.margin, t.financed_balance) == (
        D("3198.89"), D("1911.17"), D("-1287.72"), D("2750.00"))


def test_invariants_of_every_bill(march_run: cb.BillRun) -> None:
    _check_invariants(march_run)


def _check_invariants(run: cb.BillRun) -> None:
    """Invoice total = lines + tax; margin = revenue − cost − cost adjustment; totals add up."""
    march_run = run
    for b in march_run.bills:
        inv, st = b.invoice, b.statement
        assert inv.subtotal == sum(l.amount for l in inv.lines), inv.customer
        assert inv.total == inv.subtotal + inv.tax, inv.customer
        assert inv.credit_note is (inv.total < 0)
        assert st.revenue == inv.subtotal
        assert st.margin == st.revenue - st.cost - st.cost_adjustment, inv.customer
    t = march_run.totals
    assert t.cost == sum(b.statement.cost + b.statement.cost_adjustment for b in march_run.bills)
    assert t.revenue == sum(b.statement.revenue for b in march_run.bills)
    assert t.margin == t.revenue - t.cost
    assert t.financed_balance == sum(b.statement.financed_balance for b in march_run.bills)


def test_reruns_are_identical(demo: cb.Scenario) -> None:
    a, b = demo.bill("2016-03", first_number=1001), demo.bill("2016-03", first_number=1001)
    assert a == b and a.core_json == b.core_json


# --------------------------------------------------------------------------- corrections


@pytest.fixture(scope="module")
def corrected(demo: cb.Scenario) -> cb.BillRun:
    """February issued from the demo; then a back-dated change into February's window
    (2 seats added to fab-e3 on 2016-02-01) is recorded, and March is billed."""
    feb = demo.bill("2016-02", first_number=901)
    data = demo.to_dict()
    data["events"].append({"date": "2016-02-01", "subscription": "fab-e3",
                           "type": "add_seats", "quantity": 2})
    return cb.Scenario.from_dict(data).bill("2016-03", issued=[feb], first_number=1001)


def test_backdated_change_becomes_an_adjustment(corrected: cb.BillRun) -> None:
    fab = _bills(corrected)["fabrikam"]
    adjust = [l for l in fab.invoice.lines if l.adjusts == "2016-02"]
    # The change lies in February's window (1/5–2/4), already billed: it shows on March's
    # bill. 2 seats for 2/1–2/10, 10 of the 31 days of 1/11–2/10:
    # E3 at ERP 2 × 20 × 10/31 = 12.903 → 12.90; managed service 2 × 3 × 10/31 = 1.935 → 1.94.
    assert sorted(l.amount for l in adjust) == [D("1.94"), D("12.90")]
    assert sum(l.amount for l in adjust) == D("14.84")
    assert {l.service_period for l in adjust} == {
        cb.Period(datetime.date(2016, 2, 1), datetime.date(2016, 2, 10))}
    # Microsoft's cost of that month changes by 2 × 16 × 10/31 = 10.3226 → 10.32.
    st = fab.statement
    assert st.cost_adjustment == D("10.32")
    assert st.cost_adjustments == (cb.CostAdjustment("2016-02", D("10.32")),)
    assert st.margin == st.revenue - st.cost - st.cost_adjustment
    # The cycle fee of 2/11 now bills 22 seats: 22 × 20.00 = 440.00 (cost 22 × 16.00 = 352.00,
    # + RMS 16.00 + 55.17 = 423.17); revenue 440 + 66 + 19.20 + 68.97 + 10.34 + 150 + 12.90 +
    # 1.94 = 769.35; margin 769.35 − 423.17 − 10.32 = 335.86.
    assert fab.invoice.lines[0].amount == D("440.00")
    assert (st.cost, st.revenue, st.margin) == (D("423.17"), D("769.35"), D("335.86"))
    _check_invariants(corrected)
    # Partner totals include the cost adjustment: 3,198.89 + 32.00 + 10.32 = 3,241.21.
    assert corrected.totals.cost == D("3241.21")
    # Other customers are untouched by the change.
    assert all(l.adjusts is None for b in corrected.bills if b.invoice.customer != "fabrikam"
               for l in b.invoice.lines)


def test_without_issued_runs_there_is_no_adjustment(demo: cb.Scenario) -> None:
    data = demo.to_dict()
    data["events"].append({"date": "2016-02-01", "subscription": "fab-e3",
                           "type": "add_seats", "quantity": 2})
    run = cb.Scenario.from_dict(data).bill("2016-03")
    assert all(l.adjusts is None for b in run.bills for l in b.invoice.lines)


def test_issued_must_be_bill_runs(demo: cb.Scenario) -> None:
    with pytest.raises(TypeError):
        demo.bill("2016-03", issued=[{"month": "2016-02"}])  # type: ignore[list-item]


# --------------------------------------------------------------------------- projections


def test_projection_is_marked_and_never_issued(demo: cb.Scenario) -> None:
    runs = demo.projection("2016-03", 2)
    assert [r.month for r in runs] == ["2016-04", "2016-05"]
    assert all(r.projected for r in runs)
    assert demo.bill("2016-03").projected is False
    april = _bills(runs[0])
    # Fabrikam: E3 cycle fee 3/11 for 25 seats 500.00 + managed service 75.00 + RMS 19.20 +
    # support 150.00 = 744.20. City hall: 570.00 − 10 % (month 3 of 3) = 513.00.
    assert april["fabrikam"].invoice.subtotal == D("744.20")
    assert april["cityhall"].invoice.subtotal == D("513.00")
    assert april["northwind"].statement.financed_balance == D("2500.00")
    with pytest.raises(cb.CspError) as info:
        demo.bill("2016-05", issued=[runs[0]])
    assert info.value.code == "invalid_input"
    assert type(info.value) is cb.InputError


# --------------------------------------------------------------------------- outputs


def test_invoice_lines_and_statements_are_flat_with_decimals(march_run: cb.BillRun) -> None:
    rows = march_run.invoice_lines()
    assert len(rows) == sum(len(b.invoice.lines) for b in march_run.bills) == 12
    assert all(type(r["amount"]) is Decimal and type(r["unit_price"]) is Decimal for r in rows)
    assert all(r["currency"] == "USD" for r in rows)
    assert sum(r["amount"] for r in rows) == D("1911.17")
    stmts = march_run.statements()
    assert [s["customer"] for s in stmts] == ["cityhall", "fabrikam", "northwind", "school"]
    assert sum(s["margin"] for s in stmts) == D("-1287.72")


def test_to_dataframe_keeps_decimal_amounts(march_run: cb.BillRun) -> None:
    pd = pytest.importorskip("pandas")
    df = cb.to_dataframe(march_run.invoice_lines())
    assert isinstance(df, pd.DataFrame) and len(df) == 12
    assert all(type(a) is Decimal for a in df["amount"])
    by_customer = df.groupby("customer")["amount"].apply(lambda s: sum(s, D(0)))
    assert by_customer["fabrikam"] == D("708.51") and by_customer["school"] == D("-60.34")
    st = cb.to_dataframe(march_run.statements())
    assert all(type(m) is Decimal for m in st["margin"])
