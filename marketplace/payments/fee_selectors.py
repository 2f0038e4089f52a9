"""Payments' reads of the marketplace fee for the supplier who owes it: only the viewer's own organisation's
instalments, whatever id is asked for (another organisation's reads as not found)."""

from django.db.models import Count, Q, Sum

from marketplace.accounts.models import Side

from .invoice_selectors import _membership
from .models import FeeInstalment, FeeStatus


def fee_instalments_for_supplier(viewer):
    """The fee instalments the viewer's supplier organisation owes or has settled, newest first."""
    membership = _membership(viewer, Side.SUPPLIER)
    if membership is None:
        return FeeInstalment.objects.none()
    return FeeInstalment.objects.select_related("contract", "milestone").filter(
        supplier_id=membership.organisation_id)


def fee_instalment_for(viewer, pk: int) -> FeeInstalment:
    """One instalment of the viewer's supplier organisation; FeeInstalment.DoesNotExist otherwise."""
    return fee_instalments_for_supplier(viewer).get(pk=pk)


def fee_totals(instalments, today) -> dict[str, int]:
    """Due (and of that, overdue) in pence and count, in one query."""
    due = Q(status=FeeStatus.DUE)
    overdue = due & Q(due_date__lt=today)
    return instalments.aggregate(
        due_count=Count("pk", filter=due),
        due_pence=Sum("amount_pence", filter=due, default=0),
        overdue_count=Count("pk", filter=overdue),
        overdue_pence=Sum("amount_pence", filter=overdue, default=0),
    )
