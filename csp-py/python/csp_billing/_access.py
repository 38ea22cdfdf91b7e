"""Privilege rules (SPEC §7, SPEC-NCE §17.4): deny by default, every decision names its rule.

Actors are ``KIND:ROLE[+ROLE…]`` for a partner user, KIND one of ``csp`` (a direct-bill
partner; ``direct_bill`` is read the same), ``indirect_provider``, ``indirect_reseller``,
``advisor``; or ``customer:ROLE``.
"""

from __future__ import annotations

import json
from typing import List, Optional, Sequence, Union

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
    >>> authorize("indirect_reseller:admin_agent", "attest_customer_agreement").rule
    'reseller_cannot_attest'
    """
    for what, flag in (("delegated_admin", delegated_admin), ("csp_partner", csp_partner)):
        if not isinstance(flag, bool):
            _refuse_type(what, flag, "True or False")
    return decode(Decision, json.loads(
        _native.authorize(text(actor, "actor"), text(action, "action"), delegated_admin,
                          csp_partner, text(program, "program"))))


def access_matrix(program: str = "legacy_2015", *,
                  kinds: Optional[Union[str, Sequence[str]]] = None) -> List[AccessCell]:
    """Every (role profile, action) decision for a program; with ``kinds`` (one name or
    several of ``direct_bill``, ``indirect_provider``, ``indirect_reseller``, ``advisor``,
    ``customer``), only the profiles of those kinds of actor.

    >>> cells = access_matrix(kinds="indirect_reseller")
    >>> sorted({c.rule for c in cells if c.action == "order_subscription"})
    ['reseller_transacts_through_provider']
    """
    names = None
    if kinds is not None:
        seq = [kinds] if isinstance(kinds, str) else kinds
        if not isinstance(seq, (list, tuple)):
            _refuse_type("kinds", kinds, "a str or a list of str")
        names = [text(k, "kind") for k in seq]
    data = json.loads(_native.access_matrix(text(program, "program"), names))
    out = []
    for c in data["cells"]:
        d = c["decision"]
        out.append(AccessCell(
            profile=c["profile"], actor=data["profiles"].get(c["profile"], ""),
            action=c["action"], delegated_admin=c["relationship"]["delegated_admin"],
            csp_partner=c["relationship"]["csp_partner"], allowed=d["allowed"],
            rule=d["rule"], reason=d["reason"]))
    return out
