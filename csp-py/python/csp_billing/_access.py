"""Privilege rules (SPEC §7): deny by default, every decision names its rule."""

from __future__ import annotations

import json
from typing import List

from . import _native
from ._convert import _refuse_type, decode, text
from ._records import AccessCell, Decision

__all__ = ["authorize", "access_matrix"]


def authorize(actor: str, action: str, *, delegated_admin: bool = True,
              csp_partner: bool = True, program: str = "legacy_2015") -> Decision:
    """May ``actor`` (e.g. ``"csp:sales_agent"``, ``"customer:global_admin"``) do ``action``?

    >>> authorize("customer:global_admin", "add_seats").allowed
    False
    >>> authorize("csp:admin_agent", "add_seats").rule
    'csp_agents_manage_subscriptions'
    """
    for what, flag in (("delegated_admin", delegated_admin), ("csp_partner", csp_partner)):
        if not isinstance(flag, bool):
            _refuse_type(what, flag, "True or False")
    return decode(Decision, json.loads(
        _native.authorize(text(actor, "actor"), text(action, "action"), delegated_admin,
                          csp_partner, text(program, "program"))))


def access_matrix(program: str = "legacy_2015") -> List[AccessCell]:
    """Every (role profile, action) decision for a program."""
    data = json.loads(_native.access_matrix(text(program, "program")))
    out = []
    for c in data["cells"]:
        d = c["decision"]
        out.append(AccessCell(
            profile=c["profile"], actor=data["profiles"].get(c["profile"], ""),
            action=c["action"], delegated_admin=c["relationship"]["delegated_admin"],
            csp_partner=c["relationship"]["csp_partner"], allowed=d["allowed"],
            rule=d["rule"], reason=d["reason"]))
    return out
