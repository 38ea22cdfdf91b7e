"""The reseller agreement (SPEC §2): terms ending each 31 August, 30 days' notice."""

from __future__ import annotations

import dataclasses
import datetime
import json
from typing import Any, Dict, Optional, Tuple

from . import _native
from ._convert import DateLike, _refuse_type, civil_date, date, date_value, decode, text
from ._records import AgreementStatus, Term

__all__ = ["Agreement", "Notice"]


@dataclasses.dataclass(frozen=True)
class Notice:
    """A notice of non-renewal given on ``given_on`` by ``"partner"`` or ``"microsoft"``."""

    given_on: datetime.date
    by: str = "partner"


def _d(text: Optional[str]) -> Optional[datetime.date]:
    return None if text is None else civil_date(text)


@dataclasses.dataclass(frozen=True)
class Agreement:
    """A reseller agreement: the signing date, its kind and the notices given.

    >>> import datetime
    >>> a = Agreement.mcra(datetime.date(2015, 10, 1))
    >>> a.next_renewal(datetime.date(2015, 10, 1))
    datetime.date(2016, 8, 31)
    >>> a.with_notice(datetime.date(2016, 8, 2)).end_date   # one day late for 2016
    datetime.date(2017, 8, 31)
    """

    signed_on: datetime.date
    kind: Tuple[Tuple[str, Any], ...] = (("kind", "annual_renewal"), ("term_end_month", 8),
                                         ("term_end_day", 31), ("notice_days", 30))
    notices: Tuple[Notice, ...] = ()

    def __post_init__(self) -> None:
        # Dates as dates (a datetime is an InputTypeError), in the core's range.
        date_value(self.signed_on, "signed_on")
        for n in self.notices:
            if not isinstance(n, Notice):
                _refuse_type("notices", n, "Notice objects")
            date_value(n.given_on, "notice given_on")
            text(n.by, "notice by")
        self._eval("check")

    @classmethod
    def mcra(cls, signed_on: datetime.date) -> "Agreement":
        """The Microsoft Cloud Reseller Agreement: terms end each 31 August, 30 days' notice."""
        return cls(signed_on)

    @classmethod
    def perpetual(cls, signed_on: datetime.date) -> "Agreement":
        """An agreement with one term and no renewals."""
        return cls(signed_on, (("kind", "perpetual"),))

    def with_notice(self, given_on: DateLike, by: str = "partner") -> "Agreement":
        """A new agreement with a notice of non-renewal added."""
        on = civil_date(date(given_on, "given_on"), "given_on")
        return dataclasses.replace(self, notices=self.notices + (Notice(on, by),))

    def _to_core(self) -> Dict[str, Any]:
        return {"signed_on": self.signed_on.isoformat(), "kind": dict(self.kind),
                "notices": [{"given_on": n.given_on.isoformat(), "by": n.by}
                            for n in self.notices]}

    def _eval(self, query: str, on: Optional[DateLike] = None) -> Any:
        return json.loads(_native.agreement_eval(json.dumps(self._to_core()), query,
                                                 None if on is None else date(on)))

    def status(self, on: DateLike) -> AgreementStatus:
        """Term, next renewal, notice deadline and end date as of ``on``."""
        return decode(AgreementStatus, self._eval("status", on))

    def term_on(self, on: DateLike) -> Optional[Term]:
        """The term in force on ``on``, if any."""
        data = self._eval("term_on", on)
        return None if data is None else decode(Term, data)

    def next_renewal(self, on: DateLike) -> Optional[datetime.date]:
        """The next renewal date after ``on`` (None when the agreement ends first)."""
        return _d(self._eval("next_renewal", on))

    def notice_deadline(self, renewal: DateLike) -> Optional[datetime.date]:
        """The last day a notice stops the renewal on ``renewal``."""
        return _d(self._eval("notice_deadline", renewal))

    def in_force(self, on: DateLike) -> bool:
        """Whether the agreement is in force on ``on``."""
        return bool(self._eval("in_force", on))

    @property
    def end_date(self) -> Optional[datetime.date]:
        """The last day given the notices (None while it keeps renewing)."""
        return _d(self._eval("end_date"))
