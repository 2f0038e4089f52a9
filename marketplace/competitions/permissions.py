"""Who may do what with competitions and bids. Views call these to decide what to show; services call them
again to enforce."""

from marketplace.accounts.models import Role, Side
from marketplace.accounts.permissions import can_publish as organisation_may_publish
from marketplace.accounts.permissions import membership_of


def _buyer_membership(user):
    membership = membership_of(user)
    if membership is None or membership.organisation.kind != Side.BUYER:
        return None
    return membership


def is_buyer_staff(user) -> bool:
    """A buyer admin or member: runs competitions (evaluators only score)."""
    membership = _buyer_membership(user)
    return membership is not None and membership.role in (Role.ADMIN, Role.MEMBER)


def can_create_competition(user) -> bool:
    return is_buyer_staff(user)


def can_view_as_buyer(user, competition) -> bool:
    membership = _buyer_membership(user)
    return (
        membership is not None
        and membership.organisation_id == competition.buyer_id
        and membership.role in (Role.ADMIN, Role.MEMBER)
    )


def can_manage(user, competition) -> bool:
    """Edit a draft, amend, answer clarifications, cancel: the owner or a buyer admin of the organisation."""
    membership = _buyer_membership(user)
    if membership is None or membership.organisation_id != competition.buyer_id:
        return False
    return competition.owner_id == user.pk or membership.role == Role.ADMIN


def can_publish(user, competition) -> bool:
    """The owner or a buyer admin, in a verified buyer organisation."""
    return can_manage(user, competition) and organisation_may_publish(user, competition.buyer)


def can_open_bids(user, competition) -> bool:
    """Rule 7: only the owner opens the bids, after the deadline."""
    return can_view_as_buyer(user, competition) and competition.owner_id == user.pk


def is_evaluator_of(user, competition) -> bool:
    """Rule 9: a member of the buying organisation with the evaluator role, assigned to this competition."""
    from .models import EvaluatorAssignment

    return is_evaluator_in(user, competition) and EvaluatorAssignment.objects.filter(
        competition=competition, evaluator=user
    ).exists()


def is_evaluator_in(user, competition) -> bool:
    """An active member of the competition's buyer with the evaluator role (who may be assigned to it)."""
    membership = _buyer_membership(user)
    return (
        membership is not None
        and membership.organisation_id == competition.buyer_id
        and membership.role == Role.EVALUATOR
        and user.is_active
    )


def is_evaluator(user) -> bool:
    membership = _buyer_membership(user)
    return membership is not None and membership.role == Role.EVALUATOR


def can_run_evaluation(user, competition) -> bool:
    """Assign evaluators, moderate, ask about an abnormally low price, send summaries, publish the award notice,
    pause or resume standstill: the competition's owner (as for opening the bids)."""
    return can_open_bids(user, competition)


def can_decide_award(user, competition) -> bool:
    """Rule 10: the award decision, and cancelling it, are a buyer admin's."""
    membership = _buyer_membership(user)
    return membership is not None and membership.organisation_id == competition.buyer_id and membership.role == Role.ADMIN


def supplier_membership(user):
    """The membership of a supplier admin or member (who may ask and bid), else None."""
    membership = membership_of(user)
    if membership is None or membership.organisation.kind != Side.SUPPLIER:
        return None
    if membership.role not in (Role.ADMIN, Role.MEMBER):
        return None
    return membership
