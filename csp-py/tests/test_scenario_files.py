"""``Scenario.load`` with ``csv_file`` price lists: read relative to the scenario file, each
parsed once into its list's rows; errors name the list and the file."""

from __future__ import annotations

import json
import pathlib
from typing import Any, Dict

import pytest

import csp_billing as cb

HEADER = ("Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,"
          "List Price,ERP Price")

ROW = {"offer_id": "E1", "offer_name": "Office 365 E1", "agreement_type": "corporate",
       "secondary_type": "base", "list_price": "4.00", "erp_price": "5.00"}


def scenario(first_list: Dict[str, Any]) -> Dict[str, Any]:
    return {
        "version": 1,
        "currency": "USD",
        "customers": [{"id": "contoso", "name": "Contoso", "segment": "commercial",
                       "origin": "created_by_partner"}],
        "price_lists": [dict(month="2018-01", **first_list)],
        "events": [{"date": "2018-01-13", "subscription": "s1", "type": "order",
                    "customer": "contoso", "offer": "E1", "quantity": 1,
                    "frequency": "monthly"}],
    }


def write(tmp_path: pathlib.Path, csv_text: str) -> pathlib.Path:
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "jan.csv").write_text(csv_text, encoding="utf-8")
    path = tmp_path / "s.json"
    path.write_text(json.dumps(scenario({"csv_file": "lists/jan.csv"})), encoding="utf-8")
    return path


def test_a_csv_file_is_read_into_the_lists_rows(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path, f"{HEADER}\nE1,Office 365 E1,Corporate,Base,4.00,5.00\n")
    # The same scenario as the one with the row written inline.
    assert cb.Scenario.load(path) == cb.Scenario.from_dict(scenario({"rows": [ROW]}))


def test_a_csv_error_names_the_list_and_the_file(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path, f"{HEADER}\nE1,Office 365 E1,Corporate,Base,four,5.00\n")
    with pytest.raises(cb.PriceListError) as info:
        cb.Scenario.load(path)
    e = info.value
    assert e.code == "invalid_decimal"
    assert (e.context["line"], e.context["column"]) == ("2", "5")
    assert e.context["price_list"] == "price_lists[0].csv_file"
    assert e.context["file"] == "lists/jan.csv"


def test_a_missing_csv_file_is_the_os_error(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps(scenario({"csv_file": "none.csv"})), encoding="utf-8")
    with pytest.raises(FileNotFoundError):
        cb.Scenario.load(path)
