"""The shared bill vectors ``testdata/vectors/edges/bills.json`` (issue 15, class Bills)
through the Python API: invoice numbering across issued runs, fee dates, and the refused
settings. The Rust tests (csp-core/tests/edge_bills.rs) read the same file; the expected
figures are the file's, derived by hand in each case's ``_comment``.
"""

from __future__ import annotations

import copy
from typing import Any, Dict, List

import pytest

import csp_billing as cb

from conftest import load_vectors

BILLS = load_vectors("edges/bills.json")


def _line(line: Any) -> Dict[str, Any]:
    """An invoice line in the vectors' form."""
    assert line.service_period is not None
    return {
        "description": line.description,
        "service_start": line.service_period.first.isoformat(),
        "service_end": line.service_period.last.isoformat(),
        "quantity": line.quantity,
        "unit_price": str(line.unit_price),
        "amount": str(line.amount),
    }


@pytest.mark.parametrize("case", BILLS["cases"], ids=lambda c: c["name"])
def test_bill_vector(case: Dict[str, Any]) -> None:
    issued: List[cb.BillRun] = []
    for i, run in enumerate(case["runs"]):
        doc = copy.deepcopy(BILLS["scenario"])
        doc["partner"] = copy.deepcopy(case["partner"])
        if "invoice_prefix" in run:
            doc["partner"]["invoice_prefix"] = run["invoice_prefix"]
        expect = run["expect"]
        at = f"{case['name']} run {i}"
        if "error" in expect:
            with pytest.raises(cb.CspError) as info:
                cb.Scenario.from_dict(doc).bill(run["month"], issued, run["first_number"])
            assert info.value.code == expect["error"], (at, str(info.value))
            continue
        got = cb.Scenario.from_dict(doc).bill(run["month"], issued, run["first_number"])
        if "numbers" in expect:
            assert [b.invoice.number for b in got.bills] == expect["numbers"], at
        if "invoices" in expect:
            shown = [{"customer": b.invoice.customer, "lines": [_line(x) for x in b.invoice.lines]}
                     for b in got.bills]
            assert shown == expect["invoices"], at
        issued.append(got)


def test_every_case_runs() -> None:
    runs = [r for c in BILLS["cases"] for r in c["runs"]]
    refused = sum(1 for r in runs if "error" in r["expect"])
    assert len(BILLS["cases"]) >= 20 and refused >= 10 and len(runs) - refused >= 15
