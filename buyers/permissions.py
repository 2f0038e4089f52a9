"""Who may do what with shortlists. Views call these to decide what to show; services call them again to enforce."""

from marketplace.accounts import permissions as accounts
from marketplace.accounts.models import Role, Side

SHORTLISTERS = (Role.ADMIN, Role.MEMBER)


def _buyer_membership(user):
    membership = accounts.membership_of(user)
    if membership is None or not user.is_active or membership.organisation.kind != Side.BUYER:
        return None
    return membership


def can_use_shortlists(user, organisation) -> bool:
    """A buyer organisation's admins and members keep its shortlists. Evaluators see only the evaluations they
    are assigned to (DESIGN section 6), so not the organisation's shortlists; nobody else does either."""
    membership = _buyer_membership(user)
    return membership is not None and membership.organisation_id == organisation.pk and membership.role in SHORTLISTERS


def can_use_shortlist(user, shortlist) -> bool:
    membership = _buyer_membership(user)
    return (membership is not None and membership.organisation_id == shortlist.organisation_id
            and membership.role in SHORTLISTERS)
