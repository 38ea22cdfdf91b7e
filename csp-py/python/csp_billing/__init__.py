"""csp_billing: Microsoft CSP billing for partners, exact to the cent.

Price lists and the price book, seat proration with explicit rounding, the reseller
agreement, subscriptions replayed from dated events into the lines Microsoft bills, the
partner's monthly bill (invoices, statements, corrections, projections), NCE
subscriptions replayed from events at UTC instants into Microsoft's NCE lines, a month
reconciled against Microsoft's reconciliation file, privilege decisions — all computed by
the Rust core ``csp-core``. Money is ``decimal.Decimal`` and dates are ``datetime.date``,
in and out; floats are refused.

>>> import csp_billing
>>> csp_billing.prorate("4.00", 1, 19, 31).amount
Decimal('2.45')
"""

from ._errors import (AccessError, AgreementError, CalendarError, CspError, EligibilityError,
                      GdapError,
                      ERROR_CODES, InputError, InputTypeError, InternalError, MoneyError,
                      PriceListError, SubscriptionError, SubscriptionTypeError, error_class)
from ._records import (AccessCell, AgreementStatus, Bill, BillRun, ChargeLine, CostAdjustment,
                       Decision, DiffRow, Invoice, InvoiceLine, NceRow, Period, Price,
                       PriceRow, Proration, Record, Rounding, Statement, SubscriptionState,
                       Term, Totals, to_dataframe, to_records, NceCycle, NceLine,
                       NceLineAmount, NceQuote, NceSubscriptionState)
from ._policy import ProrationPolicy, prorate
from ._prices import MAX_FILE_BYTES, PriceBook, PriceList, diff, diff_rows, read_text
from ._calendar import TermSchedule, check_order_eligibility, instalments
from ._agreement import Agreement, Notice
from ._scenario import Scenario
from ._lines import ChargeLines
from ._price_rows import PriceRows
from ._nce import (LINE_CONVENTIONS, CyclePrice, NceScenario, NceTerm, calendar_aligned_end,
                   check_custom_end, coterm_ends, cycles_per_term, natural_end, price_nce_line)
from ._access import access_matrix, authorize
from ._channel import ChannelRun, MarginStatement, ResellerRun, TierMargin
from ._gdap import gdap_access_days, gdap_decide, gdap_timeline
from ._batch import BATCH_COLUMNS, BatchResult, prorate_batch
from ._recon import (RECON_CLASSES, RECON_COLUMNS, InvoiceCheck, ReconCoverage, ReconFlag,
                     ReconTotals, Reconciliation, reconcile)
from . import _native
from . import input as input

__version__: str = _native.version()

__all__ = [
    "AccessCell", "AccessError", "Agreement", "AgreementError", "AgreementStatus",
    "BATCH_COLUMNS", "BatchResult", "Bill", "BillRun", "CalendarError", "ChargeLine",
    "ChargeLines",
    "CostAdjustment", "CspError", "Decision", "ERROR_CODES", "EligibilityError", "InputError",
    "InternalError", "Invoice", "InvoiceLine", "MoneyError", "Notice", "Period", "Price", "PriceBook",
    "PriceList", "PriceListError", "PriceRow", "PriceRows", "Proration", "ProrationPolicy", "Record",
    "Rounding", "Scenario", "Statement", "SubscriptionError", "Term", "Totals",
    "access_matrix", "authorize", "error_class", "prorate", "prorate_batch", "read_text",
    "to_dataframe", "to_records", "__version__",
    "DiffRow", "InputTypeError", "MAX_FILE_BYTES", "NceRow", "SubscriptionState",
    "SubscriptionTypeError", "TermSchedule", "check_order_eligibility", "diff", "diff_rows",
    "instalments",
    "CyclePrice", "LINE_CONVENTIONS", "NceCycle", "NceLine", "NceLineAmount", "NceQuote",
    "NceScenario",
    "NceSubscriptionState", "NceTerm", "calendar_aligned_end", "check_custom_end",
    "coterm_ends", "cycles_per_term", "natural_end", "price_nce_line",
    "InvoiceCheck", "RECON_CLASSES", "RECON_COLUMNS", "ReconCoverage", "ReconFlag",
    "ReconTotals", "Reconciliation", "reconcile",
    "ChannelRun", "MarginStatement", "ResellerRun", "TierMargin",
    "GdapError", "gdap_access_days", "gdap_decide", "gdap_timeline",
]
