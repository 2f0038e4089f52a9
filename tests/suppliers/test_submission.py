"""Submitting: once only, from the check-your-answers page."""

import pytest

from marketplace.admission.models import ApplicationStatus
from marketplace.audit.models import AuditEvent
from tests.applications import complete_application

from .helpers import save, url

pytestmark = pytest.mark.django_db


def test_a_second_submission_is_refused_and_changes_nothing(
    admin_client, supplier_admin, supplier_org, django_capture_on_commit_callbacks
):
    application = complete_application(supplier_admin, supplier_org)
    assert admin_client.post(url(application, "check-your-answers"))["Location"] == url(application, "submitted")
    application.refresh_from_db()
    submitted_at, due_on = application.submitted_at, application.due_on
    events = AuditEvent.objects.count()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = admin_client.post(url(application, "check-your-answers"), follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This application has already been submitted. You cannot submit it again, and nothing has changed." in page
    application.refresh_from_db()
    assert (application.status, application.submitted_at, application.due_on) == (
        ApplicationStatus.SUBMITTED,
        submitted_at,
        due_on,
    )
    assert AuditEvent.objects.count() == events
    assert not callbacks  # no second confirmation email


def test_a_submitted_application_can_no_longer_be_changed(admin_client, supplier_admin, supplier_org):
    application = complete_application(supplier_admin, supplier_org)
    admin_client.post(url(application, "check-your-answers"))
    response = save(
        admin_client, url(application, "declaration"), {"name": "Someone Else", "role": "Intern", "confirmed": "on"}
    )
    assert response["Location"] == url(application)
    application.refresh_from_db()
    assert application.declaration_name != "Someone Else"
    page = admin_client.get(url(application)).content.decode()
    assert "can no longer be changed" in page
    # The submitted application reads back without Change links.
    assert "Waiting for a decision" in page and "govuk-summary-list__actions" not in page
    # And the check page sends you there.
    assert admin_client.get(url(application, "check-your-answers"))["Location"] == url(application)


def test_the_confirmation_page_is_only_for_a_submitted_application(admin_client, draft):
    assert admin_client.get(url(draft, "submitted"))["Location"] == url(draft)


def test_starting_again_while_a_draft_exists_returns_to_it(admin_client, draft):
    assert admin_client.get("/supplier/application/start/")["Location"] == url(draft)
    assert admin_client.post("/supplier/application/start/")["Location"] == url(draft)
