"""Deciding per category: admit, or reject with a reason; the last decision decides the application (rules 2, 3)."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from marketplace.admission import services
from marketplace.admission.models import (
    Admission,
    AdmissionStatus,
    Application,
    ApplicationStatus,
    CategoryDecision,
    ExclusionGround,
)
from marketplace.taxonomy.models import Category

from .conftest import events

pytestmark = pytest.mark.django_db


def decide_url(application):
    return reverse("admission_applications:decide", args=[application.pk])


def category(slug):
    return Category.objects.get(slug=slug)


AI = "artificial-intelligence"
DATA = "data-analytics"


def decide(client, application, slug, decision, reason=""):
    return client.post(decide_url(application), {"category": category(slug).pk, "decision": decision, "reason": reason})


def test_the_decide_page_offers_the_categories_waiting(operator_client, operator, application):
    services.application_decide_category(
        actor=operator, application=application, category=category(DATA), decision=CategoryDecision.ADMITTED
    )

    response = operator_client.get(decide_url(application))

    assert response.status_code == 200
    content = response.content.decode()
    assert f'value="{category(AI).pk}"' in content
    assert f'value="{category(DATA).pk}"' not in content  # already decided
    assert 'name="decision"' in content and 'name="reason"' in content


def test_admitting_one_category_and_rejecting_the_other_partly_admits(
    operator_client, operator, application, applicant, django_capture_on_commit_callbacks
):
    organisation, admin = applicant

    with django_capture_on_commit_callbacks(execute=True):
        first = decide(operator_client, application, AI, "admitted")
    assert first.status_code == 302
    assert first.url == reverse("admission_applications:inspect", args=[application.pk])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED  # one category still waiting
    assert mail.outbox == []  # the supplier hears once, when everything is decided

    with django_capture_on_commit_callbacks(execute=True):
        second = decide(operator_client, application, DATA, "rejected", "No public-sector analytics references")
    assert second.status_code == 302

    application.refresh_from_db()
    assert application.status == ApplicationStatus.PARTLY_ADMITTED
    assert application.decided_at is not None
    entries = {entry.category.slug: entry for entry in application.categories.select_related("category")}
    assert entries[AI].decision == CategoryDecision.ADMITTED and entries[AI].decided_by == operator
    assert entries[DATA].decision == CategoryDecision.REJECTED
    assert entries[DATA].reason == "No public-sector analytics references"
    admission = Admission.objects.get(organisation=organisation)
    assert admission.category.slug == AI and admission.status == AdmissionStatus.ACTIVE
    assert admission.application == application
    # Audit events on the organisation's stream.
    assert events(organisation, "application.category_admitted").get().actor_id == operator.pk
    rejected = events(organisation, "application.category_rejected").get()
    assert rejected.actor_id == operator.pk
    assert rejected.data["reason"] == "No public-sector analytics references"
    assert events(organisation, "application.decided").get().data["outcome"] == ApplicationStatus.PARTLY_ADMITTED
    # The decision email to the supplier's admins, with the reasons.
    assert [message.to for message in mail.outbox] == [[admin.email]]
    body = mail.outbox[0].body
    assert "Artificial intelligence and machine learning: admitted" in body
    assert "Data and analytics: rejected" in body
    assert "No public-sector analytics references" in body

    page = operator_client.get(second.url).content.decode()
    assert "The application is decided (partly admitted)" in page


def test_admitting_every_category_admits(operator_client, application, applicant, django_capture_on_commit_callbacks):
    organisation, admin = applicant

    with django_capture_on_commit_callbacks(execute=True):
        decide(operator_client, application, AI, "admitted")
        decide(operator_client, application, DATA, "admitted", "Strong references")

    application.refresh_from_db()
    assert application.status == ApplicationStatus.ADMITTED
    admitted = Admission.objects.filter(organisation=organisation).values_list("category__slug", flat=True)
    assert set(admitted) == {AI, DATA}
    assert events(organisation, "application.decided").get().data["outcome"] == ApplicationStatus.ADMITTED
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [admin.email]


def test_rejecting_every_category_rejects(operator_client, application, applicant, django_capture_on_commit_callbacks):
    organisation, admin = applicant

    with django_capture_on_commit_callbacks(execute=True):
        decide(operator_client, application, AI, "rejected", "No AI products in the catalogue")
        decide(operator_client, application, DATA, "rejected", "No analytics products in the catalogue")

    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert not Admission.objects.filter(organisation=organisation).exists()
    assert "No AI products in the catalogue" in mail.outbox[0].body
    assert "No analytics products in the catalogue" in mail.outbox[0].body


def test_rejecting_without_a_reason_is_refused_and_changes_nothing(
    operator_client, application, applicant, django_capture_on_commit_callbacks
):
    organisation, _admin = applicant
    before = events(organisation).count()

    with django_capture_on_commit_callbacks(execute=True):
        response = decide(operator_client, application, AI, "rejected", "   ")

    assert response.status_code == 200
    assert "Enter the reason for rejecting this category" in response.content.decode()
    entry = application.categories.get(category__slug=AI)
    assert entry.decision == CategoryDecision.PENDING and entry.reason == ""
    assert events(organisation).count() == before
    assert mail.outbox == []


def test_a_decision_on_a_category_not_applied_for_is_refused(
    operator_client, application, applicant, django_capture_on_commit_callbacks
):
    organisation, _admin = applicant
    before = events(organisation).count()

    with django_capture_on_commit_callbacks(execute=True):
        response = decide(operator_client, application, "quantum", "admitted")

    assert response.status_code == 200
    assert "This application did not apply for Quantum technologies" in response.content.decode()
    assert not Admission.objects.filter(organisation=organisation).exists()
    assert set(application.categories.values_list("decision", flat=True)) == {CategoryDecision.PENDING}
    assert events(organisation).count() == before
    assert mail.outbox == []


def test_a_category_already_decided_is_refused(operator_client, operator, application, applicant):
    organisation, _admin = applicant
    services.application_decide_category(
        actor=operator, application=application, category=category(AI), decision=CategoryDecision.ADMITTED
    )
    before = events(organisation).count()

    response = decide(operator_client, application, AI, "rejected", "Changed my mind")

    assert response.status_code == 200
    assert "has already been decided" in response.content.decode()
    assert application.categories.get(category__slug=AI).decision == CategoryDecision.ADMITTED
    assert Admission.objects.get(organisation=organisation).status == AdmissionStatus.ACTIVE
    assert events(organisation).count() == before


def test_a_debarred_supplier_cannot_be_admitted(operator_client, operator, application, applicant):
    organisation, _admin = applicant
    services.debarment_add(
        actor=operator, organisation_name=organisation.name, companies_house_number=organisation.companies_house_number,
        grounds=[ExclusionGround.FRAUD], starts_on=date(2024, 1, 1),
    )
    before = events(organisation).count()

    response = decide(operator_client, application, AI, "admitted")

    assert response.status_code == 200
    assert "is on the debarment list and cannot be admitted" in response.content.decode()
    assert not Admission.objects.filter(organisation=organisation).exists()
    assert application.categories.get(category__slug=AI).decision == CategoryDecision.PENDING
    assert events(organisation).count() == before

    # Rejecting with that reason is what the page asks for, and it works.
    response = decide(operator_client, application, AI, "rejected", "On the debarment list")
    assert response.status_code == 302


def test_a_decided_application_has_nothing_left_to_decide(operator_client, operator, application):
    for slug in (AI, DATA):
        services.application_decide_category(
            actor=operator, application=application, category=category(slug), decision=CategoryDecision.ADMITTED
        )

    page = operator_client.get(decide_url(application))
    assert page.status_code == 200
    assert "there is no decision left to make" in page.content.decode()

    response = decide(operator_client, application, AI, "rejected", "Too late")
    assert response.status_code == 200
    assert "Only an application waiting for a decision can be decided" in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.ADMITTED


def test_a_decision_needs_a_category_and_a_decision(operator_client, application):
    response = operator_client.post(decide_url(application), {"reason": ""})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Select the category you are deciding" in content
    assert "Select admit or reject" in content
