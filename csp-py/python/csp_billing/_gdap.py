"""GDAP (SPEC-NCE §18): relationship timelines and access decisions from a GDAP document.

A document is the JSON ``csp gdap`` reads (users, DAP grants, relationships with their
events), given as its text or as a ``dict``; the core reads it with its one strict reader.
Instants are ``YYYY-MM-DDTHH:MM:SSZ`` (UTC) or ``YYYY-MM-DD`` (00:00:00Z) text.
"""

from __future__ import annotations

import datetime
import json
from typing import Any, Dict, List, Mapping, Optional, Tuple, Union

from . import _native
from ._convert import _refuse_type, decode, text
from ._records import Decision

__all__ = ["gdap_timeline", "gdap_decide", "gdap_access_days"]

Document = Union[str, Mapping[str, Any]]


def _document(document: Document) -> str:
    if isinstance(document, str):
        return document
    if isinstance(document, Mapping):
        return json.dumps(document)
    _refuse_type("GDAP document", document, "JSON text (str) or a dict")
    raise AssertionError("unreachable")


def gdap_timeline(document: Document, as_of: str) -> List[Dict[str, Any]]:
    """Every relationship's timeline as of ``as_of``: a dict per relationship with ``id``,
    ``status`` (``None`` before it was requested), ``roles``, ``duration``, ``auto_extend``,
    ``created_at``, ``request_expires_at``, ``activated_at``, ``end_at`` (with the
    auto-extensions so far), ``terminated_at``, ``extensions``, ``notices_due``, ``active``
    (``{"from", "until"}`` or ``None``) and ``assignments`` (instants as text)."""
    return list(json.loads(_native.gdap_timeline(_document(document), text(as_of, "as_of"))))


def gdap_decide(document: Document, *, user: str, action: str, customer: str,
                at: str) -> Decision:
    """May ``user`` do the administrative ``action`` (e.g. ``"reset_user_password"``) for
    ``customer`` at ``at``? GDAP roles first, then DAP (SPEC §7), else ``default_deny``."""
    return decode(Decision, json.loads(_native.gdap_decide(
        _document(document), text(user, "user"), text(action, "action"),
        text(customer, "customer"), text(at, "at"))))


def gdap_access_days(document: Document, relationship: str, first: datetime.date,
                     last: datetime.date) -> Optional[Tuple[datetime.date, datetime.date]]:
    """The UTC days of ``first..=last`` on which ``relationship`` was active at some instant,
    as ``(first day, last day)``, or ``None``."""
    for what, value in (("first", first), ("last", last)):
        if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
            _refuse_type(what, value, "a datetime.date")
    days = json.loads(_native.gdap_access_days(
        _document(document), text(relationship, "relationship"), first.isoformat(),
        last.isoformat()))
    if days is None:
        return None
    return (datetime.date.fromisoformat(days[0]), datetime.date.fromisoformat(days[1]))
