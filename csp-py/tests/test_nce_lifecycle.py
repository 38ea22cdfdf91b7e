"""The NCE lifecycle vectors (testdata/vectors/nce/lifecycle.json: SPEC-NCE §13.15 E9 and E10
and hand-derived cases of §13) through ``csp_billing.NceScenario``: each case's scenario is
read with ``from_json`` and replayed once per convention of each outcome, as
csp-core/tests/nce_lifecycle_vectors.rs does."""

from __future__ import annotations

import dataclasses
import datetime
import json
from decimal import Decimal
from typing import Any, Dict, List, Tuple

import pytest

import csp_billing as cb

from conftest import load_vectors

FILE = load_vectors("nce/lifecycle.json")
CASES = FILE["cases"]


def _instant(t: datetime.datetime) -> str:
    return t.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _text(v: Any) -> Any:
    """A record's value as the file writes it (csp charges --format csv)."""
    if v is None:
        return ""
    if isinstance(v, datetime.datetime):
        return _instant(v)
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, tuple):  # month_fraction (k, of)
        return f"{v[0]}/{v[1]}"
    return v


def _line(line: cb.NceLine) -> Dict[str, Any]:
    return {f.name: _text(getattr(line, f.name)) for f in dataclasses.fields(line)}


#: The field holding a status's first day (or the suspension's instant).
SINCE = {"suspended": "suspended_since", "expired": "expired_on", "disabled": "disabled_on",
         "deleted": "deleted_on", "stopped": "stopped_on"}


def _state(s: cb.NceSubscriptionState) -> Dict[str, Any]:
    since = getattr(s, SINCE[s.status]) if s.status in SINCE else None
    return {
        "id": s.id, "status": s.status, "quantity": s.quantity, "auto_renew": s.auto_renew,
        "term_start": s.term_start.isoformat(), "term_end": s.term_end.isoformat(),
        "offer": s.offer, "term_duration": s.term, "plan": s.plan,
        "cancellable_until": None if s.cancellable_until is None else _instant(
            s.cancellable_until),
        "since": None if since is None else _text(since),
        "deleted_on": s.deleted_on.isoformat() if s.status == "disabled" and s.deleted_on
        else None,
    }


def _pick(got: Dict[str, Any], want: Dict[str, Any]) -> Dict[str, Any]:
    return {k: got.get(k, "<missing>") for k in want}


def _runs() -> List[Tuple[str, Dict[str, Any], Dict[str, Any], str]]:
    return [(f"{c['name']} [{conv}]", c, o, conv)
            for c in CASES for o in c["outcomes"] for conv in o["conventions"]]


RUNS = _runs()


def test_every_case_runs() -> None:
    names = [c["name"] for c in CASES]
    assert len(CASES) == FILE["count"] == 37
    assert len(set(names)) == len(names) and {"E9", "E10"} <= set(names)
    assert {c["name"] for _, c, _, _ in RUNS} == set(names)  # no case without an outcome
    assert len(RUNS) == 74


@pytest.mark.parametrize("why,case,outcome,convention", RUNS, ids=[r[0] for r in RUNS])
def test_nce_lifecycle_vector(why: str, case: Dict[str, Any], outcome: Dict[str, Any],
                              convention: str) -> None:
    doc = dict(case["scenario"], convention=convention)
    scenario = cb.NceScenario.from_json(json.dumps(doc))
    assert scenario.convention == convention
    if "refusal" in outcome:
        want = outcome["refusal"]
        with pytest.raises(cb.CspError) as e:
            scenario.charges()
        assert e.value.code == want["code"], f"{why}: {e.value}"
        assert e.value.context["event_index"] == str(want["event_index"]), why
        return
    lines = scenario.charges()
    want_lines = outcome["lines"]
    assert len(lines) == len(want_lines), f"{why}: {[_line(x) for x in lines]}"
    for i, (line, want) in enumerate(zip(lines, want_lines)):
        assert _pick(_line(line), want) == want, f"{why}: line {i}"
        assert line.convention == convention, why
    states = {s.id: s for s in scenario.subscriptions()}
    for want in outcome.get("subscriptions", []):
        assert _pick(_state(states[want["id"]]), want) == want, f"{why}: {want['id']}"
