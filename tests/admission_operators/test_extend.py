"""Extending the time to decide: once, to 15 working days after submission, with a recorded justification (rule 2)."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from marketplace.admission.models import Application, CategoryDecision
from marketplace.admission.working_days import add_working_days, uk_date

from .conftest import events

pytestmark = pytest.mark.django_db


def extend_url(application):
    return reverse("admission_applications:extend", args=[application.pk])


def test_an_operator_extends_once_with_a_justification(
    operator_client, operator, application, applicant, django_capture_on_commit_callbacks
):
    organisation, admin = applicant
    page = operator_client.get(extend_url(application))
    assert page.status_code == 200
    assert 'name="justification"' in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(extend_url(application), {"justification": "Waiting for the insurer"})

    assert response.status_code == 302
    assert response.url == reverse("admission_applications:inspect", args=[application.pk])
    application.refresh_from_db()
    expected = add_working_days(uk_date(application.submitted_at), settings.SPARK_EXTENDED_DECISION_WORKING_DAYS)
    assert application.due_on == expected
    assert application.extended_by == operator
    assert application.extension_justification == "Waiting for the insurer"
    event = events(organisation, "application.extended").get()
    assert event.actor_id == operator.pk
    assert [message.to for message in mail.outbox] == [[admin.email]]
    assert expected.strftime("%-d %b %Y") in operator_client.get(response.url).content.decode()


def test_a_second_extension_is_refused(operator_client, application, applicant, django_capture_on_commit_callbacks):
    organisation, _admin = applicant
    operator_client.post(extend_url(application), {"justification": "Waiting for the insurer"})
    application.refresh_from_db()
    due, before = application.due_on, events(organisation).count()

    page = operator_client.get(extend_url(application))
    assert "already been extended once" in page.content.decode()
    assert 'name="justification"' not in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(extend_url(application), {"justification": "Still waiting"})

    assert response.status_code == 200
    assert "cannot be extended again" in response.content.decode()
    application.refresh_from_db()
    assert application.due_on == due
    assert application.extension_justification == "Waiting for the insurer"
    assert events(organisation).count() == before
    assert mail.outbox == []


def test_an_extension_needs_a_justification(operator_client, application, applicant):
    organisation, _admin = applicant
    due = application.due_on

    response = operator_client.post(extend_url(application), {"justification": "  "})

    assert response.status_code == 200
    assert "Enter why the decision needs more time" in response.content.decode()
    application.refresh_from_db()
    assert application.due_on == due and application.extended_at is None
    assert not events(organisation, "application.extended").exists()


def test_a_decided_application_cannot_be_extended(operator_client, operator, make_application):
    from marketplace.admission import services
    from marketplace.taxonomy.models import Category

    application = make_application("Quick Ltd", slugs=("quantum",))
    services.application_decide_category(
        actor=operator, application=application, category=Category.objects.get(slug="quantum"),
        decision=CategoryDecision.ADMITTED,
    )

    page = operator_client.get(extend_url(application))
    assert "only an application waiting for a decision can be extended" in page.content.decode()
    response = operator_client.post(extend_url(application), {"justification": "Why not"})
    assert response.status_code == 200
    assert "Only an application waiting for a decision can be extended" in response.content.decode()
    assert Application.objects.get(pk=application.pk).extended_at is None
