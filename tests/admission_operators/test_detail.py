"""An application's page: every answer, the timetable, the decisions so far, and the debarment list's say."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from marketplace.admission import services
from marketplace.admission.models import Application, CategoryDecision, ExclusionGround
from marketplace.taxonomy.models import Category

from ..applications import complete_application

pytestmark = pytest.mark.django_db


def detail_url(application):
    return reverse("admission_applications:inspect", args=[application.pk])


def test_the_page_shows_every_answer(operator_client, application, applicant):
    organisation, admin = applicant

    response = operator_client.get(detail_url(application))

    assert response.status_code == 200
    content = response.content.decode()
    # Organisation details, from the organisation record.
    assert organisation.name in content
    assert organisation.companies_house_number in content
    assert organisation.postcode in content
    # Each category with its statement.
    assert "Artificial intelligence and machine learning" in content
    assert "Our tools have served councils in artificial intelligence and machine learning since 2019." in content
    assert "Our tools have served councils in data and analytics since 2019." in content
    # The exclusion grounds: the supplier's declared ground, discretionary, with explanation and self-cleaning.
    assert ExclusionGround.POOR_PERFORMANCE.label in content
    assert "Discretionary ground" in content
    assert "Mandatory ground" not in content
    assert "A contract ended early in 2021." in content
    assert "New delivery controls since 2022." in content
    # The subcontractor relied on, with no grounds.
    assert "Cloud Hosting Ltd" in content
    assert "Hosts our platform" in content
    assert "None of the exclusion grounds apply." in content
    # Insurance in pounds, from integer pence.
    assert "£5,000,000" in content and "£2,000,000" in content and "£1,000,000" in content
    # Cyber Essentials and the declaration.
    assert "CE-123456" in content
    assert "Cyber Essentials" in content
    assert escape(admin.get_full_name()) in content  # Faker makes names such as O'Neill, escaped in HTML
    assert "Managing director" in content
    # The timetable.
    assert application.due_on.strftime("%-d %b %Y") in content
    assert "is not on it today" in content
    assert reverse("admission_applications:decide", args=[application.pk]) in content
    assert reverse("admission_applications:extend", args=[application.pk]) in content


def test_a_mandatory_ground_is_marked_as_mandatory(operator_client, make_application):
    application = make_application("Shady Ltd", ground=ExclusionGround.FRAUD)

    content = operator_client.get(detail_url(application)).content.decode()

    assert ExclusionGround.FRAUD.label in content
    assert "Mandatory ground" in content


def test_pence_are_shown_as_pounds_and_pence(operator_client, application):
    Application.objects.filter(pk=application.pk).update(public_liability_pence=123_456_78)

    content = operator_client.get(detail_url(application)).content.decode()

    assert "£123,456.78" in content


def test_the_page_shows_the_extension_and_its_justification(operator_client, operator, application):
    services.application_extend(
        actor=operator, application=application, justification="The insurer has not confirmed the cover yet"
    )
    application.refresh_from_db()

    content = operator_client.get(detail_url(application)).content.decode()

    assert "The insurer has not confirmed the cover yet" in content
    assert application.due_on.strftime("%-d %b %Y") in content
    assert operator.email in content
    assert reverse("admission_applications:extend", args=[application.pk]) not in content


def test_an_overdue_application_is_marked(operator_client, application):
    Application.objects.filter(pk=application.pk).update(due_on=timezone.localdate() - timedelta(days=1))

    content = operator_client.get(detail_url(application)).content.decode()

    assert "data-overdue" in content


def test_the_page_shows_the_decisions_and_their_reasons(operator_client, operator, application):
    services.application_decide_category(
        actor=operator, application=application, category=Category.objects.get(slug="data-analytics"),
        decision=CategoryDecision.REJECTED, reason="No evidence of analytics work for the public sector",
    )

    content = operator_client.get(detail_url(application)).content.decode()

    assert "No evidence of analytics work for the public sector" in content
    assert "Rejected" in content
    assert "Waiting for a decision" in content


def test_the_page_shows_a_debarment_of_the_supplier(operator_client, operator, application, applicant):
    organisation, _admin = applicant
    services.debarment_add(
        actor=operator, organisation_name=organisation.name, companies_house_number=organisation.companies_house_number,
        grounds=[ExclusionGround.BRIBERY], starts_on=date(2024, 1, 1), details="Convicted in 2023",
    )

    content = operator_client.get(detail_url(application)).content.decode()

    assert "is on the debarment list now" in content
    assert ExclusionGround.BRIBERY.label in content
    assert "Convicted in 2023" in content


def test_a_draft_has_no_page(operator_client, make_supplier):
    organisation, admin = make_supplier("Drafting Ltd")
    draft = complete_application(admin, organisation)

    for name in ("inspect", "decide", "extend"):
        assert operator_client.get(reverse(f"admission_applications:{name}", args=[draft.pk])).status_code == 404


def test_an_unknown_application_is_not_found(operator_client):
    assert operator_client.get(reverse("admission_applications:inspect", args=[999999])).status_code == 404


def test_the_page_makes_the_same_number_of_queries_however_many_answers(operator_client, make_application):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plain = make_application("Plain Ltd", slugs=("quantum",))
    rich = make_application(
        "Rich Ltd", slugs=("quantum", "geospatial", "cyber-security"), ground=ExclusionGround.FRAUD, subcontractor=True
    )

    def queries(application):
        with CaptureQueriesContext(connection) as captured:
            assert operator_client.get(detail_url(application)).status_code == 200
        return len(captured)

    assert queries(plain) == queries(rich)
