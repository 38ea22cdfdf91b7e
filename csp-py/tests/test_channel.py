"""The two-tier channel from Python (SPEC-NCE §17, issue 18): the example book
testdata/scenarios/nce-two-tier.json billed at every tier. Its figures are derived by hand in
csp-core/tests/channel_book.rs: in October 2022 Microsoft bills 360.00, the provider sells
393.12 (own customer 86.40, fabrikam-it 233.28, tailspin 73.44), fabrikam-it sells 259.20
(+ 20 % tax) and tailspin 80.78."""

from __future__ import annotations

import json
import pickle
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

import csp_billing as cb

from conftest import TESTDATA

BOOK = TESTDATA / "scenarios" / "nce-two-tier.json"
SHEET = TESTDATA / "scenarios" / "nce-sheet.csv"


def test_the_packaged_demo_is_the_testdata_book() -> None:
    from importlib import resources
    packaged = resources.files("csp_billing").joinpath("nce-two-tier.json")
    assert packaged.read_text(encoding="utf-8") == BOOK.read_text(encoding="utf-8")


def test_the_margins_add_up_to_the_cent() -> None:
    run = cb.NceScenario.load(BOOK).bill_channel("2022-11")
    m = run.margins
    assert (m.lines, m.microsoft_cost, m.customer_price) == (3, Decimal("360.00"),
                                                             Decimal("426.38"))
    assert [(t.tier, t.cost, t.revenue, t.margin) for t in m.tiers] == [
        ("provider", Decimal("360.00"), Decimal("393.12"), Decimal("33.12")),
        ("fabrikam-it", Decimal("233.28"), Decimal("259.20"), Decimal("25.92")),
        ("tailspin", Decimal("73.44"), Decimal("80.78"), Decimal("7.34")),
    ]
    assert m.microsoft_cost + m.total_margin == m.customer_price
    assert all(isinstance(t.margin, Decimal) for t in m.tiers)


def test_each_tier_has_its_own_bills_and_numbers() -> None:
    run = cb.NceScenario.demo_two_tier().bill_channel("2022-11", first_number=7)
    assert [b.invoice.number for b in run.provider.bills] == ["CD-7"]
    fab = run.reseller("fabrikam-it")
    assert [b.invoice.number for b in fab.from_provider.bills] == ["CD-FAB-1"]
    bill = fab.to_customers.bills[0]
    assert (bill.invoice.customer, bill.invoice.subtotal, bill.invoice.tax,
            bill.invoice.total) == ("adatum", Decimal("259.20"), Decimal("51.84"),
                                    Decimal("311.04"))
    assert bill.statement.cost == Decimal("233.28")
    with pytest.raises(KeyError):
        run.reseller("nobody")


def test_issued_runs_continue_every_sequence_and_pickle() -> None:
    book = cb.NceScenario.demo_two_tier()
    november = book.bill_channel("2022-11")
    again = pickle.loads(pickle.dumps(november))
    assert again == november
    december = book.bill_channel("2022-12", issued=[again])
    assert december.provider.bills[0].invoice.number == "CD-2"
    assert december.reseller("tailspin").to_customers.bills[0].invoice.number == "TS-2"
    assert december.margins.customer_price == Decimal("426.38")
    assert json.loads(november.core_json)["margins"]["lines"] == 3
    with pytest.raises(TypeError):
        book.bill_channel("2022-12", issued=[november.provider])  # type: ignore[list-item]


def test_a_channel_book_refuses_the_one_tier_bill_and_unlinked_resellers(tmp_path: Path) -> None:
    book = cb.NceScenario.load(BOOK)
    with pytest.raises(cb.CspError) as e:
        book.bill("2022-11")
    assert e.value.code == "invalid_scenario"
    shutil.copy(SHEET, tmp_path / "nce-sheet.csv")
    late = tmp_path / "late.json"
    late.write_text(BOOK.read_text(encoding="utf-8").replace(
        '"linked_from": "2022-09-15"', '"linked_from": "2022-10-02"'), encoding="utf-8")
    with pytest.raises(cb.AccessError) as e:
        cb.NceScenario.load(late).bill_channel("2022-11")
    assert e.value.code == "reseller_not_linked"
    assert e.value.context["reseller"] == "tailspin"
