"""Who may do what with shortlists. Views call these to decide what to show; services call them again to enforce."""

from marketplace.accounts import permissions as accounts
from marketplace.accounts.models import Side


def _buyer_membership(user):
    membership = accounts.membership_of(user)
    if membership is None or not user.is_active or membership.organisation.kind != Side.BUYER:
        return None
    return membership


def can_use_shortlists(user, organisation) -> bool:
    """Every member of a buyer organisation (admin, member or evaluator) keeps its shortlists; nobody else."""
    membership = _buyer_membership(user)
    return membership is not None and membership.organisation_id == organisation.pk


def can_use_shortlist(user, shortlist) -> bool:
    membership = _buyer_membership(user)
    return membership is not None and membership.organisation_id == shortlist.organisation_id
