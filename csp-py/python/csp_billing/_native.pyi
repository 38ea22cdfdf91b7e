"""Type stub of the native module (conversions only; see the package for the documented API)."""

from typing import Any, Callable, List, Optional, Tuple, final

__all__ = [
    "NativeBook",
    "NceRows",
    "access_matrix",
    "agreement_eval",
    "authorize",
    "error_codes",
    "invalid_proration_message",
    "legacy_rows",
    "parse_nce_csv",
    "parse_price_list",
    "price_format",
    "prorate",
    "prorate_batch",
    "scenario_bill",
    "scenario_charges",
    "scenario_check",
    "scenario_projection",
    "scenario_resolve",
    "version",
]

def version() -> str: ...
def error_codes() -> List[Tuple[str, str]]: ...
def invalid_proration_message(days_billed: str, days_in_period: str) -> str: ...
def prorate(
    price: str, currency: str, quantity: int, days_billed: int, days_in_period: int, policy: str
) -> str: ...
def parse_price_list(text: str, month: str, currency: str) -> str: ...
def parse_nce_csv(text: str) -> str: ...
def legacy_rows(
    text: str, month: str, currency: str
) -> List[
    Tuple[
        str, str, str, str, str, str,
        Optional[str], Optional[str], Optional[str], Optional[str], Optional[str],
    ]
]: ...
def price_format(text: str) -> str: ...
def agreement_eval(agreement: str, query: str, on: Optional[str] = None) -> str: ...
def scenario_check(text: str) -> str: ...
def scenario_charges(text: str, as_of: Optional[str] = None) -> str: ...
def scenario_bill(text: str, month: str, issued: str = "[]", first_number: int = 1) -> str: ...
def scenario_projection(text: str, month: str, count: int) -> str: ...
def scenario_resolve(text: str, resolve: Callable[[str], str]) -> str: ...
def authorize(
    actor: str,
    action: str,
    delegated_admin: bool = True,
    csp_partner: bool = True,
    program: str = "legacy_2015",
) -> str: ...
def access_matrix(program: str = "legacy_2015") -> str: ...

@final
class NativeBook:
    def __new__(
        cls,
        currency: str,
        lists: List[Tuple[str, str, str]],
        nce: Optional["NceRows"] = None,
        notice_days: Optional[int] = None,
    ) -> "NativeBook": ...
    def price(self, offer: str, on: str, as_of: str) -> str: ...
    def visible_from(self, effective_from: str) -> str: ...

@final
class NceRows:
    @staticmethod
    def from_csv(text: str) -> "NceRows": ...
    @staticmethod
    def from_json(text: str) -> "NceRows": ...
    @staticmethod
    def concat(parts: List["NceRows"]) -> "NceRows": ...
    def to_json(self) -> str: ...
    def to_arrow(self) -> Any: ...
    def __len__(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...

def prorate_batch(
    data: Any,
    book: NativeBook,
    policy: str,
    program: str = "legacy_2015",
    lines: bool = True,
) -> Tuple[Optional[Any], Any]: ...
