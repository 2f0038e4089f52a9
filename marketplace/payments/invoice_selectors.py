"""Payments' reads of invoices, as each side sees them: only the viewer's own organisation's, whatever id is asked for.
Re-exported by `selectors` (kept in its own module while other reads of `selectors` are being written)."""

from django.db.models import Count, Q
from django.utils import timezone

from marketplace.accounts.models import Role, Side
from marketplace.accounts.permissions import membership_of

from .models import InvoiceStatus, SupplierInvoice

# The statuses the invoice lists filter on. "overdue" is derived (received, unpaid, past its due date), never stored;
# "received" means waiting for payment and not yet overdue.
INVOICE_FILTERS = ("received", "overdue", "disputed", "paid")


def _invoices_base():
    return SupplierInvoice.objects.select_related("contract", "milestone", "supplier", "buyer")


def _membership(viewer, side: str):
    membership = membership_of(viewer)
    if membership is None or membership.organisation.kind != side:
        return None
    if side == Side.BUYER and membership.role == Role.EVALUATOR:
        return None  # evaluators score bids; they do not handle contracts or invoices
    return membership


def invoices_for_supplier(viewer):
    """The invoices the viewer's supplier organisation has raised, newest first (none for anyone else)."""
    membership = _membership(viewer, Side.SUPPLIER)
    if membership is None:
        return SupplierInvoice.objects.none()
    return _invoices_base().filter(supplier_id=membership.organisation_id)


def invoices_for_buyer(viewer):
    """The invoices the viewer's buyer organisation has received, newest first (its admins and members only)."""
    membership = _membership(viewer, Side.BUYER)
    if membership is None:
        return SupplierInvoice.objects.none()
    return _invoices_base().filter(buyer_id=membership.organisation_id)


def invoice_for(viewer, pk: int) -> SupplierInvoice:
    """One invoice of the viewer's organisation (as its supplier or its buyer); SupplierInvoice.DoesNotExist
    otherwise, so another organisation's invoice reads as not found."""
    if _membership(viewer, Side.SUPPLIER) is not None:
        return invoices_for_supplier(viewer).get(pk=pk)
    if _membership(viewer, Side.BUYER) is not None:
        return invoices_for_buyer(viewer).get(pk=pk)
    raise SupplierInvoice.DoesNotExist("No such invoice")


def _overdue(today) -> Q:
    return Q(status=InvoiceStatus.RECEIVED, due_date__lt=today)


def filter_invoices(invoices, status: str | None, today=None):
    """`invoices` narrowed to one of INVOICE_FILTERS (anything else: all of them)."""
    today = today or timezone.localdate()
    if status == "overdue":
        return invoices.filter(_overdue(today))
    if status == "received":
        return invoices.filter(status__in=(InvoiceStatus.SUBMITTED, InvoiceStatus.RECEIVED)).exclude(_overdue(today))
    if status in (InvoiceStatus.DISPUTED, InvoiceStatus.PAID):
        return invoices.filter(status=status)
    return invoices


def invoice_counts(invoices, today=None) -> dict[str, int]:
    """How many of `invoices` fall under each of INVOICE_FILTERS, in one query."""
    today = today or timezone.localdate()
    overdue = _overdue(today)
    return invoices.aggregate(
        received=Count("pk", filter=Q(status__in=(InvoiceStatus.SUBMITTED, InvoiceStatus.RECEIVED)) & ~overdue),
        overdue=Count("pk", filter=overdue),
        disputed=Count("pk", filter=Q(status=InvoiceStatus.DISPUTED)),
        paid=Count("pk", filter=Q(status=InvoiceStatus.PAID)),
    )


def is_overdue(invoice: SupplierInvoice, today=None) -> bool:
    today = today or timezone.localdate()
    return invoice.status == InvoiceStatus.RECEIVED and invoice.due_date is not None and today > invoice.due_date
