"""Role-aware reads of contracts. A buyer sees its own organisation's contracts, a supplier its own, an operator
every contract in the register; anyone sees the public contract details notices."""

from django.conf import settings
from django.db.models import QuerySet

from marketplace.accounts.models import Role, Side
from marketplace.accounts.permissions import is_operator, membership_of

from .models import Contract, ContractDocument, ContractStatus

_RELATED = ("buyer", "supplier", "category", "competition")


def _base() -> QuerySet:
    return Contract.objects.select_related(*_RELATED)


def contracts_for_buyer(*, viewer) -> QuerySet:
    """The viewer's buyer organisation's contracts (admins and members; evaluators run no contracts)."""
    membership = membership_of(viewer)
    if membership is None or membership.organisation.kind != Side.BUYER or membership.role == Role.EVALUATOR:
        return Contract.objects.none()
    return _base().filter(buyer_id=membership.organisation_id)


def contracts_for_supplier(*, viewer) -> QuerySet:
    membership = membership_of(viewer)
    if membership is None or membership.organisation.kind != Side.SUPPLIER:
        return Contract.objects.none()
    return _base().filter(supplier_id=membership.organisation_id).exclude(status=ContractStatus.DRAFT)


def register(*, viewer) -> QuerySet:
    """The contract register: every contract for an operator, the organisation's own for a buyer."""
    if is_operator(viewer):
        return _base().all()
    return contracts_for_buyer(viewer=viewer)


def buyer_contract(*, viewer, pk: int) -> Contract:
    """Raises Contract.DoesNotExist for a contract the viewer's organisation is not the buyer of."""
    return contracts_for_buyer(viewer=viewer).get(pk=pk)


def supplier_contract(*, viewer, pk: int) -> Contract:
    """Raises Contract.DoesNotExist unless the viewer's organisation is the supplier and it has been issued."""
    return contracts_for_supplier(viewer=viewer).get(pk=pk)


def document_of(contract: Contract, document_id: int) -> ContractDocument:
    return contract.documents.get(pk=document_id)


def public_notices() -> QuerySet:
    """Contract details notices: signed contracts at or over the publication threshold (rule 11)."""
    return _base().filter(
        notice_published_at__isnull=False, value_pence__gte=settings.SPARK_CONTRACT_NOTICE_MIN_PENCE
    ).order_by("-notice_published_at", "-pk")


def public_notice(pk: int) -> Contract:
    return public_notices().get(pk=pk)
