"""Who may do what with a contract. Views call these to decide what to show; services call them again to enforce."""

from marketplace.accounts.models import Role, Side
from marketplace.accounts.permissions import is_operator, membership_of


def _membership(user, organisation_id, kind):
    membership = membership_of(user)
    if membership is None or membership.organisation_id != organisation_id or membership.organisation.kind != kind:
        return None
    return membership


def is_buyer_side(user, contract) -> bool:
    """A buyer admin or member of the contracting authority (evaluators score bids; they do not run contracts)."""
    membership = _membership(user, contract.buyer_id, Side.BUYER)
    return membership is not None and membership.role in (Role.ADMIN, Role.MEMBER)


def is_supplier_side(user, contract) -> bool:
    return _membership(user, contract.supplier_id, Side.SUPPLIER) is not None


def can_view(user, contract) -> bool:
    return is_buyer_side(user, contract) or is_supplier_side(user, contract)


def can_manage(user, contract) -> bool:
    """Prepare, issue and vary the contract, decide milestones: the competition's owner or a buyer admin."""
    membership = _membership(user, contract.buyer_id, Side.BUYER)
    if membership is None:
        return False
    return membership.role == Role.ADMIN or (
        membership.role == Role.MEMBER and contract.competition.owner_id == user.pk
    )


def can_sign_for_buyer(user, contract) -> bool:
    membership = _membership(user, contract.buyer_id, Side.BUYER)
    return membership is not None and membership.role == Role.ADMIN


def can_sign_for_supplier(user, contract) -> bool:
    membership = _membership(user, contract.supplier_id, Side.SUPPLIER)
    return membership is not None and membership.role == Role.ADMIN


def can_deliver(user, contract) -> bool:
    """Mark milestones delivered: any member of the supplier."""
    return is_supplier_side(user, contract)


def can_see_register(user) -> bool:
    membership = membership_of(user)
    return is_operator(user) or (
        membership is not None
        and membership.organisation.kind == Side.BUYER
        and membership.role in (Role.ADMIN, Role.MEMBER)
    )
