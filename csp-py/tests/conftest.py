"""Shared fixtures of the csp_billing tests: the language-neutral vectors, the demo
partner's scenario and a small price book.

Run from outside ``csp-py`` so that the installed wheel is imported, not the source tree:
``cd /tmp && python -m pytest -q -p no:cacheprovider /work/main/csp-py/tests``.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any, Dict

import pytest
from hypothesis import settings

import csp_billing as cb

# No example database in the working directory (the runs use -p no:cacheprovider too);
# every test sets its own example counts.
settings.register_profile("csp_billing", database=None)
settings.load_profile("csp_billing")

#: The repository's testdata/ (this file is csp-py/tests/conftest.py).
TESTDATA = Path(__file__).resolve().parents[2] / "testdata"
VECTORS = TESTDATA / "vectors"

#: A legacy price list of January 2016 (USD): E3 at 17.60 (Microsoft's $211.20-a-year
#: example offer), Business Essentials at 4.00, Exchange Online (Plan 1) at 3.20.
JANUARY_CSV = (
    "Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,List Price,ERP Price\n"
    "E3,Office 365 Enterprise E3,Corporate,Non-specific,17.60,22.00\n"
    "BE,Office 365 Business Essentials,Corporate,Non-specific,4.00,5.00\n"
    "EXO1,Exchange Online (Plan 1),Corporate,Non-specific,3.20,4.00\n"
)
#: March 2016: E3 goes up to 18.00; the others unchanged.
MARCH_CSV = (
    "Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,List Price,ERP Price\n"
    "E3,Office 365 Enterprise E3,Corporate,Non-specific,18.00,22.50\n"
    "BE,Office 365 Business Essentials,Corporate,Non-specific,4.00,5.00\n"
    "EXO1,Exchange Online (Plan 1),Corporate,Non-specific,3.20,4.00\n"
)
#: List prices of the small book by (month, offer), written out independently of the code.
LIST_PRICES = {
    ("2016-01", "E3"): "17.60", ("2016-01", "BE"): "4.00", ("2016-01", "EXO1"): "3.20",
    ("2016-03", "E3"): "18.00", ("2016-03", "BE"): "4.00", ("2016-03", "EXO1"): "3.20",
}


def load_vectors(name: str) -> Dict[str, Any]:
    """One vector file, parsed."""
    with open(VECTORS / name, encoding="utf-8") as f:
        return json.load(f)


def day(text: str) -> datetime.date:
    """A vector's date."""
    return datetime.date.fromisoformat(text)


@pytest.fixture(scope="session")
def vectors_dir() -> Path:
    assert VECTORS.is_dir(), f"no vectors at {VECTORS}"
    return VECTORS


@pytest.fixture(scope="session")
def demo() -> cb.Scenario:
    return cb.Scenario.demo()


@pytest.fixture(scope="session")
def march_run(demo: cb.Scenario) -> cb.BillRun:
    return demo.bill("2016-03", first_number=1001)


@pytest.fixture(scope="session")
def small_book() -> cb.PriceBook:
    return cb.PriceBook("USD", [cb.PriceList.from_csv(JANUARY_CSV, "2016-01", "USD"),
                                cb.PriceList.from_csv(MARCH_CSV, "2016-03", "USD")])
