"""Transition matrices: every from→to pair of the admission state machines is allowed or refused as written."""

import itertools

import pytest

from marketplace.admission import services
from marketplace.admission.models import (
    ADMISSION_TRANSITIONS,
    APPLICATION_TRANSITIONS,
    Admission,
    AdmissionStatus,
    Application,
    ApplicationStatus,
)
from marketplace.errors import DomainError
from tests.applications import categories, complete_application

pytestmark = pytest.mark.django_db


def application_in(status, admin, organisation) -> Application:
    application = complete_application(admin, organisation, slugs=("quantum",))
    Application.objects.filter(pk=application.pk).update(status=status, due_on="2026-12-01", submitted_at="2026-11-17T10:00Z")
    application.refresh_from_db()
    return application


ACTIONS = {
    ApplicationStatus.SUBMITTED: lambda admin, operator, app: services.application_submit(actor=admin, application=app),
    ApplicationStatus.ADMITTED: lambda admin, operator, app: services.application_decide_category(
        actor=operator, application=app, category=categories("quantum")[0], decision="admitted"
    ),
    ApplicationStatus.REJECTED: lambda admin, operator, app: services.application_decide_category(
        actor=operator, application=app, category=categories("quantum")[0], decision="rejected", reason="No fit"
    ),
}


@pytest.mark.parametrize("start,target", list(itertools.product(ApplicationStatus, ACTIONS)))
def test_application_transition_matrix(supplier_org, supplier_admin, operator, start, target):
    application = application_in(start, supplier_admin, supplier_org)
    if target in APPLICATION_TRANSITIONS[start]:
        ACTIONS[target](supplier_admin, operator, application)
        application.refresh_from_db()
        assert application.status == target
    else:
        with pytest.raises(DomainError):
            ACTIONS[target](supplier_admin, operator, application)
        application.refresh_from_db()
        assert application.status == start


ADMISSION_ACTIONS = {
    "suspend": (AdmissionStatus.SUSPENDED, services.admission_suspend),
    "reinstate": (AdmissionStatus.ACTIVE, services.admission_reinstate),
    "remove": (AdmissionStatus.REMOVED, services.admission_remove),
}
# Reinstating a removed admission is refused: a removed supplier comes back by applying again.
BY_APPLICATION_ONLY = {(AdmissionStatus.REMOVED, AdmissionStatus.ACTIVE)}


@pytest.mark.parametrize("start,action", list(itertools.product(AdmissionStatus, ADMISSION_ACTIONS)))
def test_admission_transition_matrix(supplier_org, supplier_admin, operator, start, action):
    application = application_in(ApplicationStatus.ADMITTED, supplier_admin, supplier_org)
    admission = Admission.objects.create(
        organisation=supplier_org, category=categories("quantum")[0], application=application, status=start
    )
    target, service = ADMISSION_ACTIONS[action]
    allowed = target in ADMISSION_TRANSITIONS[start] and (start, target) not in BY_APPLICATION_ONLY
    if allowed:
        service(actor=operator, admission=admission, reason="Recorded reason")
        admission.refresh_from_db()
        assert admission.status == target
    else:
        with pytest.raises(DomainError):
            service(actor=operator, admission=admission, reason="Recorded reason")
        admission.refresh_from_db()
        assert admission.status == start
