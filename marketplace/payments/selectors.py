"""Payments' reads."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone

from marketplace.accounts.models import Organisation

from .models import InvoiceStatus, SupplierInvoice

PAYMENT_TERMS_DAYS = 30


@dataclass(frozen=True)
class PromptPayment:
    """One buyer's prompt payment in one calendar quarter (of the payment date), over undisputed invoices."""

    buyer_id: int
    buyer_name: str
    year: int
    quarter: int
    invoices_paid: int
    paid_within_30_days: int
    share_within_30_days_percent: Decimal  # to one decimal place, rounded half up
    average_days_to_pay: Decimal  # days from receipt to payment, to one decimal place, rounded half up

    @property
    def period(self) -> str:
        return f"{self.year} Q{self.quarter}"


def _one_place(numerator: int, denominator: int) -> Decimal:
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def paid_undisputed_invoices():
    """The invoices prompt payment is measured over: paid, received, never disputed. Filter this queryset (by
    buyer, by `paid_on` year or quarter) before `prompt_payment_figures`, so the database narrows it."""
    return SupplierInvoice.objects.filter(
        status=InvoiceStatus.PAID, disputed_at__isnull=True, received_at__isnull=False, paid_on__isnull=False,
    )


def prompt_payment_figures(invoices) -> list[PromptPayment]:
    """Per buyer and per calendar quarter of the payment date, over `invoices` (from `paid_undisputed_invoices`,
    perhaps narrowed): one query. Ordered by buyer name, then year and quarter."""
    invoices = invoices.select_related("buyer").only("buyer__name", "buyer_id", "received_at", "paid_on")
    groups: dict[tuple, list[int]] = defaultdict(list)
    names = {}
    for invoice in invoices.iterator():
        days = (invoice.paid_on - timezone.localtime(invoice.received_at).date()).days
        quarter = (invoice.paid_on.month - 1) // 3 + 1
        groups[(invoice.buyer_id, invoice.paid_on.year, quarter)].append(days)
        names[invoice.buyer_id] = invoice.buyer.name
    rows = []
    for (buyer_id, year, quarter), days in groups.items():
        within = sum(1 for d in days if d <= PAYMENT_TERMS_DAYS)
        rows.append(PromptPayment(
            buyer_id=buyer_id, buyer_name=names[buyer_id], year=year, quarter=quarter, invoices_paid=len(days),
            paid_within_30_days=within, share_within_30_days_percent=_one_place(100 * within, len(days)),
            average_days_to_pay=_one_place(sum(days), len(days)),
        ))
    rows.sort(key=lambda row: (row.buyer_name, row.buyer_id, row.year, row.quarter))
    return rows


def prompt_payment(buyer=None, *, year: int | None = None, quarter: int | None = None) -> list[PromptPayment]:
    """Per buyer and per calendar quarter of the payment date: the share of undisputed invoices paid within 30 days
    of receipt, and the average days from receipt to payment. An invoice ever disputed is left out; days are counted
    between the UK date of receipt and the payment date. Public figures: no permission needed. Narrowed, in the
    database, to one buyer and to a year and/or a quarter of the payment date when given."""
    invoices = paid_undisputed_invoices()
    if buyer is not None:
        invoices = invoices.filter(buyer=buyer)
    if year is not None:
        invoices = invoices.filter(paid_on__year=year)
    if quarter is not None:
        invoices = invoices.filter(paid_on__quarter=quarter)
    return prompt_payment_figures(invoices)


def newest_first(rows: list[PromptPayment]) -> list[PromptPayment]:
    """The same figures, newest quarter first, buyers by name within a quarter."""
    ordered = sorted(rows, key=lambda row: (row.buyer_name, row.buyer_id))
    return sorted(ordered, key=lambda row: (row.year, row.quarter), reverse=True)


def prompt_payment_choices() -> tuple[list[tuple[int, str]], list[tuple[int, int]]]:
    """For a filter: the buyers with figures, by name, as (id, name); and the quarters with figures, newest first,
    as (year, quarter). Two queries."""
    invoices = paid_undisputed_invoices()
    buyers = list(Organisation.objects.filter(pk__in=invoices.values("buyer_id"))
                  .order_by("name", "pk").values_list("pk", "name"))
    periods = list(invoices.annotate(year=ExtractYear("paid_on"), quarter=ExtractQuarter("paid_on"))
                   .order_by("-year", "-quarter").values_list("year", "quarter").distinct())
    return buyers, periods


# Invoices as each side sees them (the viewer's own organisation's only): see invoice_selectors.
from .invoice_selectors import (  # noqa: E402, F401
    INVOICE_FILTERS,
    filter_invoices,
    invoice_counts,
    invoice_for,
    invoices_for_buyer,
    invoices_for_supplier,
    is_overdue,
)


# ---------------------------------------------------------------------------------------------------------------
# The marketplace fee as operators see it (rule 13): every instalment, its facts and its audit history.

from django.db.models import BooleanField, Case, Q, Value, When  # noqa: E402

from marketplace.audit.models import AuditEvent  # noqa: E402

from . import permissions as _permissions  # noqa: E402
from .models import FeeInstalment, FeeStatus  # noqa: E402


def fee_overdue_q(day) -> Q:
    """The instalments overdue on `day` (a UK date), as a query: still due, and the due date has passed. The same
    rule as `FeeInstalment.overdue_on`, decided when the query runs."""
    return Q(status=FeeStatus.DUE, due_date__lt=day)


def fee_instalments_for_operators(*, viewer):
    """Every fee instalment, with its contract, milestone, supplier and whoever decided it, and `overdue` (on the UK
    date today) annotated: one query whatever the number of rows. Nothing for anyone but an operator."""
    if not _permissions.can_manage_fees(viewer):
        return FeeInstalment.objects.none()
    return FeeInstalment.objects.select_related("contract", "milestone", "supplier", "decided_by").annotate(
        overdue=Case(When(fee_overdue_q(timezone.localdate()), then=Value(True)), default=Value(False),
                     output_field=BooleanField())
    )


def fee_instalment_for_operator(*, viewer, instalment_id: int) -> FeeInstalment:
    """One instalment for an operator; raises FeeInstalment.DoesNotExist otherwise (and for anyone else)."""
    return fee_instalments_for_operators(viewer=viewer).get(pk=instalment_id)


def fee_instalment_history(*, viewer, instalment: FeeInstalment) -> list[AuditEvent]:
    """The audit events about one instalment, oldest first, with their actors (one query): for operators only,
    none for anyone else."""
    if not _permissions.can_manage_fees(viewer):
        return []
    return list(
        AuditEvent.objects.filter(object_type=FeeInstalment._meta.label_lower, object_id=str(instalment.pk))
        .select_related("actor").order_by("occurred_at", "seq", "pk")
    )
