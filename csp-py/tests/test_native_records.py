"""Scenario results built natively (records on access, Arrow tables) against the JSON path
they replace: the core's JSON of the same results, decoded field by field by
``_convert.decode`` (an independent decoder of the documented JSON form)."""

from __future__ import annotations

import datetime
import json
import pickle
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Dict, List

import pytest

import csp_billing as cb
from csp_billing import _native
from csp_billing._convert import decode

from conftest import VECTORS

CHARGES = json.loads((VECTORS / "charges.json").read_text(encoding="utf-8"))
# A policy that rounds the daily rate (3 decimals) and the unit: lines carry a daily rate.
_ROUNDED = {"daily_rate": {"scale": 3, "mode": "half_even"}, "unit": {"scale": 2, "mode": "half_up"},
            "line": "down"}


def _scenarios() -> List[cb.Scenario]:
    out = [cb.Scenario.demo()]
    for case in CHARGES["cases"]:
        data = dict(case["scenario"], as_of=case["as_of"])
        out.append(cb.Scenario.from_dict(data))
        out.append(cb.Scenario.from_dict(dict(data, policy=_ROUNDED)))
    return out


def _json_lines(s: cb.Scenario, as_of: Any = None) -> List[cb.ChargeLine]:
    lines = json.loads(_native.scenario_charges(s.to_json(), as_of))
    return [decode(cb.ChargeLine, l, currency=l["amount"]["currency"]) for l in lines]


def test_charge_records_equal_the_decoded_json() -> None:
    seen_rate = seen_days = False
    for s in _scenarios():
        lines = s.charges()
        want = _json_lines(s)
        assert len(lines) == len(want) > 0
        assert list(lines) == want
        assert [repr(l) for l in lines] == [repr(w) for w in want]
        seen_rate |= any(l.daily_rate is not None for l in lines)
        seen_days |= any(l.days is not None for l in lines)
    assert seen_rate and seen_days
    demo = cb.Scenario.demo()
    assert list(demo.charges(as_of="2017-01-31")) == _json_lines(demo, "2017-01-31")


def test_charge_lines_is_a_read_only_sequence() -> None:
    lines = cb.Scenario.demo().charges()
    plain = _json_lines(cb.Scenario.demo())
    n = len(plain)
    assert isinstance(lines, Sequence) and isinstance(lines, cb.ChargeLines)
    assert len(lines) == n
    assert lines[0] == plain[0] and lines[-1] == plain[-1] and lines[n - 1] == plain[-1]
    assert lines[2:5] == plain[2:5] and lines[::3] == plain[::3] and lines[::-1] == plain[::-1]
    assert lines[5:2] == [] and lines[-3:] == plain[-3:]
    for bad in (n, -n - 1):
        with pytest.raises(IndexError):
            lines[bad]
    assert lines == plain and lines == tuple(plain) and plain == lines
    assert lines == cb.Scenario.demo().charges()
    assert lines != plain[:-1] and lines != cb.Scenario.demo().charges(as_of="2017-01-31")
    assert lines.index(plain[3]) == 3 and plain[4] in lines and lines.count(plain[0]) == 1
    assert sum(l.amount for l in lines) == sum(l.amount for l in plain)
    with pytest.raises(TypeError):
        lines[0] = plain[0]  # type: ignore[index]
    with pytest.raises(TypeError):
        hash(lines)
    assert pickle.loads(pickle.dumps(lines)) == plain
    assert repr(lines) == f"ChargeLines(<{n} lines>)"


def test_charges_table_equals_the_records() -> None:
    pa = pytest.importorskip("pyarrow")
    for s in _scenarios():
        lines = list(s.charges())
        table = s.charges_table()
        assert table.num_rows == len(lines)
        t = table.schema
        assert pa.types.is_dictionary(t.field("customer").type)
        assert t.field("date").type == pa.date32()
        assert pa.types.is_decimal(t.field("amount").type) and t.field("amount").type.scale == 2
        rows = table.to_pylist()
        for row, l in zip(rows, lines):
            days = [row["days"], row["period_days"]] if row["days"] is not None else None
            assert row == {
                "subscription": l.subscription, "customer": l.customer, "offer": l.offer,
                "kind": l.kind, "date": l.date,
                "service_period_start": l.service_period.first,
                "service_period_end": l.service_period.last,
                "quantity": l.quantity, "unit_amount": l.unit_amount, "amount": l.amount,
                "charge_period_start": l.charge_period.first,
                "charge_period_end": l.charge_period.last,
                "days": row["days"], "period_days": row["period_days"],
                "daily_rate": l.daily_rate, "price_list": l.price_list,
                "currency": l.currency,
            }
            assert days == l.days
            # Exact: the table's decimals are the records' (no float anywhere).
            assert str(row["amount"]) == str(l.amount)


def _json_run(run: cb.BillRun) -> cb.BillRun:
    data: Dict[str, Any] = json.loads(run.core_json)
    return decode(cb.BillRun, data, currency=data["totals"]["cost"]["currency"])


def test_bill_records_equal_the_decoded_json() -> None:
    demo = cb.Scenario.demo()
    feb = demo.bill("2016-02")
    data = demo.to_dict()
    data["events"].append({"date": "2016-02-01", "subscription": "fab-e3",
                           "type": "add_seats", "quantity": 2})
    runs = [feb, demo.bill("2016-03", first_number=1001),
            cb.Scenario.from_dict(data).bill("2016-03", issued=[feb]),
            *demo.projection("2016-03", 2)]
    for run in runs:
        want = _json_run(run)
        assert run == want and repr(run) == repr(want)
        assert run.to_dict() == want.to_dict()
    assert any(l.adjusts == "2016-02" for b in runs[2].bills for l in b.invoice.lines)
    # The JSON a run carries reads back as the same native run.
    assert _native.NativeBillRun.from_json(feb.core_json) == feb._core


def test_bill_lines_table_equals_invoice_lines() -> None:
    pytest.importorskip("pyarrow")
    demo = cb.Scenario.demo()
    feb = demo.bill("2016-02")
    data = demo.to_dict()
    data["events"].append({"date": "2016-02-01", "subscription": "fab-e3",
                           "type": "add_seats", "quantity": 2})
    later = cb.Scenario.from_dict(data)
    run = later.bill("2016-03", issued=[feb])
    rows = run.lines_table().to_pylist()
    assert rows == run.invoice_lines()
    assert any(r["adjusts"] == "2016-02" for r in rows)
    assert later.bill_table("2016-03", issued=[feb]).to_pylist() == rows


def test_runs_made_by_hand_have_no_native_run() -> None:
    run = cb.Scenario.demo().bill("2016-03")
    by_hand = cb.BillRun(run.partner, run.month, run.issue_date, run.window, run.bills,
                         run.totals, run.currency)
    assert by_hand == run and by_hand.core_json == ""
    with pytest.raises(TypeError):
        cb.Scenario.demo().bill("2016-04", issued=[by_hand])
    with pytest.raises(ValueError):
        by_hand.lines_table()
    assert isinstance(run.issue_date, datetime.date) and isinstance(run.totals.cost, Decimal)
