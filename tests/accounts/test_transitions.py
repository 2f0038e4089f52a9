"""Transition matrices: every from→to pair of each accounts state machine is allowed or refused as written."""

import itertools

import pytest

from marketplace.accounts import services
from marketplace.accounts.models import (
    JOIN_REQUEST_TRANSITIONS,
    VERIFICATION_TRANSITIONS,
    JoinRequestStatus,
    Role,
    VerificationStatus,
)
from marketplace.errors import DomainError
from tests.factories import BuyerOrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

VERIFY = {
    VerificationStatus.VERIFIED: lambda actor, org: services.organisation_verify(actor=actor, organisation=org),
    VerificationStatus.REJECTED: lambda actor, org: services.organisation_reject_verification(
        actor=actor, organisation=org, note="No such body"
    ),
}


@pytest.mark.parametrize(
    "start,target", [(s, t) for s, t in itertools.product(VerificationStatus, VERIFY) if s != t]
)
def test_verification_transition_matrix(operator, start, target):
    organisation = BuyerOrganisationFactory(verification_status=start)
    allowed = target in VERIFICATION_TRANSITIONS[start]
    if allowed:
        VERIFY[target](operator, organisation)
        organisation.refresh_from_db()
        assert organisation.verification_status == target
    else:
        with pytest.raises(DomainError):
            VERIFY[target](operator, organisation)
        organisation.refresh_from_db()
        assert organisation.verification_status == start


JOIN_ACTIONS = {
    JoinRequestStatus.APPROVED: lambda admin, applicant, jr: services.join_request_approve(
        actor=admin, join_request=jr, role=Role.MEMBER
    ),
    JoinRequestStatus.REJECTED: lambda admin, applicant, jr: services.join_request_decline(actor=admin, join_request=jr),
    JoinRequestStatus.WITHDRAWN: lambda admin, applicant, jr: services.join_request_withdraw(
        actor=applicant, join_request=jr
    ),
}


@pytest.mark.parametrize("start,target", list(itertools.product(JoinRequestStatus, JOIN_ACTIONS)))
def test_join_request_transition_matrix(supplier_org, supplier_admin, start, target):
    applicant = UserFactory()
    join_request = services.join_request_create(user=applicant, organisation=supplier_org)
    type(join_request).objects.filter(pk=join_request.pk).update(status=start)
    join_request.refresh_from_db()
    if target in JOIN_REQUEST_TRANSITIONS[start]:
        JOIN_ACTIONS[target](supplier_admin, applicant, join_request)
        join_request.refresh_from_db()
        assert join_request.status == target
    else:
        with pytest.raises(DomainError):
            JOIN_ACTIONS[target](supplier_admin, applicant, join_request)
        join_request.refresh_from_db()
        assert join_request.status == start
