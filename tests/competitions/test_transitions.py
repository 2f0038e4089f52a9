"""Transition matrices: every from→to pair of the competition and bid state machines is allowed or refused as
COMPETITION_TRANSITIONS and BID_TRANSITIONS say, driven through the services that make each transition.

Standstill and award are reached through the award services (tests/evaluation/test_rule_10_award_to_the_best.py);
here their pairs are checked on the mapping.
"""

import itertools
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from marketplace.audit.models import AuditEvent
from marketplace.competitions import services
from marketplace.competitions.models import (
    BID_TRANSITIONS,
    COMPETITION_TRANSITIONS,
    Bid,
    BidStatus,
    Competition,
    CompetitionStatus,
)
from marketplace.errors import DomainError
from tests.competition_builder import (
    answers_for,
    bid_draft,
    complete_draft,
    current_edit_version,
    published,
    quick_admitted_supplier,
    submitted_bid,
)

pytestmark = pytest.mark.django_db
S = CompetitionStatus


def competition_in(status, owner, *, deadline_passed: bool) -> Competition:
    if status == S.DRAFT:
        competition = complete_draft(owner)
    else:
        competition = published(owner)
        Competition.objects.filter(pk=competition.pk).update(status=status)
    if deadline_passed:
        now = timezone.now()
        Competition.objects.filter(pk=competition.pk).update(
            submission_deadline=now - timedelta(seconds=1), clarification_deadline=now - timedelta(seconds=2)
        )
    return Competition.objects.get(pk=competition.pk)


def effective(status):
    """A published competition past its deadline is closed, stamped or not."""
    return S.CLOSED if status == S.PUBLISHED else status


# Each target with the service that makes it, and whether the deadline has passed for the start state.
COMPETITION_ACTIONS = {
    S.PUBLISHED: (False, lambda owner, c: services.competition_publish(actor=owner, competition=c)),
    S.CANCELLED: (False, lambda owner, c: services.competition_cancel(actor=owner, competition=c, reason="Not needed")),
    S.CLOSED: (True, lambda owner, c: services.competitions_close_due()),
    S.EVALUATING: (True, lambda owner, c: services.competition_open_bids(actor=owner, competition=c)),
}


@pytest.mark.parametrize("start,target", list(itertools.product(S, COMPETITION_ACTIONS)))
def test_competition_transition_matrix(buyer_admin, start, target):
    deadline_passed, action = COMPETITION_ACTIONS[target]
    competition = competition_in(start, buyer_admin, deadline_passed=deadline_passed)
    judged_from = effective(start) if target == S.EVALUATING else start
    allowed = target in COMPETITION_TRANSITIONS[judged_from]

    if target == S.CLOSED:
        # The close stamp is a job: it stamps what may be stamped and leaves every other state alone.
        action(buyer_admin, competition)
        competition.refresh_from_db()
        assert competition.status == (target if allowed else start)
        assert AuditEvent.objects.filter(verb="competition.closed").exists() == allowed
        return
    if target == S.EVALUATING and start == S.STANDSTILL:
        # Back to evaluation from standstill is cancelling the award (award_cancel, tested with rule 10); opening the
        # bids is refused there.
        with pytest.raises(DomainError):
            action(buyer_admin, competition)
        return
    if target == S.EVALUATING and start == S.EVALUATING:
        # Already evaluating: opening again reads the bids for evaluation, without a transition.
        action(buyer_admin, competition)
        competition.refresh_from_db()
        assert competition.status == S.EVALUATING
        return
    if allowed:
        action(buyer_admin, competition)
        competition.refresh_from_db()
        assert competition.status == target
    else:
        before = Competition.objects.filter(pk=competition.pk).values().get()
        with pytest.raises(DomainError):
            action(buyer_admin, competition)
        assert Competition.objects.filter(pk=competition.pk).values().get() == before


def test_an_open_competition_is_neither_closed_nor_opened_before_its_deadline(buyer_admin):
    competition = competition_in(S.PUBLISHED, buyer_admin, deadline_passed=False)
    assert services.competitions_close_due() == 0
    with pytest.raises(DomainError, match="sealed"):
        services.competition_open_bids(actor=buyer_admin, competition=competition)
    competition.refresh_from_db()
    assert competition.status == S.PUBLISHED and competition.closed_at is None


def test_the_competition_machine_reads_as_the_design_says():
    assert set(COMPETITION_TRANSITIONS) == set(S)
    assert all(targets <= set(S) for targets in COMPETITION_TRANSITIONS.values())
    # Forward only, one step at a time, and cancellable until award; the one step back is from standstill to
    # evaluation, when the buyer cancels the award (a challenge upheld).
    order = [S.DRAFT, S.PUBLISHED, S.CLOSED, S.EVALUATING, S.STANDSTILL, S.AWARDED]
    for position, status in enumerate(order[:-1]):
        back = {S.EVALUATING} if status == S.STANDSTILL else set()
        assert COMPETITION_TRANSITIONS[status] == {order[position + 1], S.CANCELLED} | back
    assert COMPETITION_TRANSITIONS[S.AWARDED] == set()
    assert COMPETITION_TRANSITIONS[S.CANCELLED] == set()
    assert not any(S.DRAFT in targets for targets in COMPETITION_TRANSITIONS.values())
    # No award without standstill; no standstill without evaluation.
    assert [s for s, targets in COMPETITION_TRANSITIONS.items() if S.AWARDED in targets] == [S.STANDSTILL]
    assert [s for s, targets in COMPETITION_TRANSITIONS.items() if S.STANDSTILL in targets] == [S.EVALUATING]


B = BidStatus


def bid_in(status, user, competition, operator) -> Bid:
    if status == B.DRAFT:
        return bid_draft(user, competition)
    submitted_bid(user, competition)
    if status == B.WITHDRAWN:
        services.bid_withdraw(actor=user, competition=competition,
                              expected_edit_version=current_edit_version(user, competition))
    if status == B.SET_ASIDE:
        set_aside(user, competition, operator)
    return Bid.objects.get(competition=competition, supplier__memberships__user=user)


def set_aside(user, competition, operator):
    with transaction.atomic():
        return services.bids_set_aside(actor=operator, organisation=user.membership.organisation,
                                       category=competition.category, reason="Excluded: test")


BID_ACTIONS = {
    B.SUBMITTED: lambda user, competition, operator: services.bid_submit(
        actor=user, competition=competition, expected_edit_version=current_edit_version(user, competition)
    ),
    B.WITHDRAWN: lambda user, competition, operator: services.bid_withdraw(
        actor=user, competition=competition, expected_edit_version=current_edit_version(user, competition)
    ),
    B.SET_ASIDE: set_aside,
}


@pytest.mark.parametrize("start,target", list(itertools.product(B, BID_ACTIONS)))
def test_bid_transition_matrix(buyer_admin, operator, start, target):
    organisation, user = quick_admitted_supplier()
    competition = published(buyer_admin)
    bid = bid_in(start, user, competition, operator)
    assert bid.status == start
    before = Bid.objects.filter(pk=bid.pk).values().get()

    if target in BID_TRANSITIONS[start]:
        BID_ACTIONS[target](user, competition, operator)
        bid.refresh_from_db()
        assert bid.status == target
    elif target == B.SET_ASIDE:
        # Setting aside is applied to a supplier's bids by the admission services: one already set aside stays.
        assert BID_ACTIONS[target](user, competition, operator) == 0
        assert Bid.objects.filter(pk=bid.pk).values().get() == before
    else:
        with pytest.raises(DomainError):
            BID_ACTIONS[target](user, competition, operator)
        assert Bid.objects.filter(pk=bid.pk).values().get() == before


@pytest.mark.parametrize("start", [B.SUBMITTED, B.WITHDRAWN])
def test_editing_the_working_copy_never_takes_a_bid_back_to_draft(buyer_admin, operator, start):
    assert not any(B.DRAFT in targets for targets in BID_TRANSITIONS.values())
    organisation, user = quick_admitted_supplier()
    competition = published(buyer_admin)
    bid = bid_in(start, user, competition, operator)
    services.bid_save_answers(actor=user, competition=competition, expected_edit_version=bid.edit_version,
                              answers=answers_for(competition, "An edit after submitting."))
    bid.refresh_from_db()
    assert bid.status == start


def test_the_bid_machine_reads_as_the_design_says():
    assert set(BID_TRANSITIONS) == set(B)
    assert BID_TRANSITIONS[B.SET_ASIDE] == set()  # final: a set-aside bid never comes back
    assert all(B.SET_ASIDE in targets for status, targets in BID_TRANSITIONS.items() if status != B.SET_ASIDE)
    assert [s for s, targets in BID_TRANSITIONS.items() if B.WITHDRAWN in targets] == [B.SUBMITTED]
