"""The debarment list: listed, and added to; an entry suspends the matching supplier's admissions (rule 3)."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from marketplace.admission import services
from marketplace.admission.models import AdmissionStatus, DebarmentEntry, ExclusionGround
from marketplace.audit.models import AuditEvent

from .conftest import events, row_of

pytestmark = pytest.mark.django_db

INDEX = "admission_debarment:index"
ADD = "admission_debarment:add"


def entry_data(**overrides):
    data = {
        "organisation_name": "Crooked Contracts Ltd",
        "companies_house_number": "",
        "grounds": [ExclusionGround.FRAUD, ExclusionGround.POOR_PERFORMANCE],
        "details": "Convicted at Leeds Crown Court",
        "starts_on": "2025-01-06",
        "ends_on": "",
    }
    data.update(overrides)
    return data


def test_the_add_form_offers_the_grounds_as_checkboxes(operator_client):
    response = operator_client.get(reverse(ADD))

    assert response.status_code == 200
    content = response.content.decode()
    for ground in ExclusionGround:
        assert f'value="{ground.value}"' in content
    assert 'type="checkbox"' in content
    assert "Mandatory exclusion grounds" in content and "Discretionary exclusion grounds" in content


def test_an_operator_adds_an_entry(operator_client, operator):
    response = operator_client.post(reverse(ADD), entry_data(companies_house_number="sc 123456"))

    assert response.status_code == 302 and response.url == reverse(INDEX)
    entry = DebarmentEntry.objects.get()
    assert entry.organisation_name == "Crooked Contracts Ltd"
    assert entry.companies_house_number == "SC123456"
    assert entry.grounds == [ExclusionGround.FRAUD, ExclusionGround.POOR_PERFORMANCE]
    assert entry.starts_on == date(2025, 1, 6) and entry.ends_on is None
    assert entry.added_by == operator and entry.organisation is None
    assert AuditEvent.objects.filter(verb="debarment.added", actor_id=operator.pk).exists()

    content = operator_client.get(reverse(INDEX)).content.decode()
    row = row_of(content, "Crooked Contracts Ltd")
    assert "SC123456" in row
    assert ExclusionGround.FRAUD.label in row
    assert "6 Jan 2025" in row
    assert "No end date" in row
    assert "In force" in row


def test_adding_a_spark_supplier_suspends_its_admissions(
    operator_client, make_admitted, django_capture_on_commit_callbacks
):
    admissions = make_admitted("Soon Debarred Ltd", slugs=("artificial-intelligence", "quantum"))
    organisation = admissions[0].organisation

    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(
            reverse(ADD),
            entry_data(
                organisation_name="Soon Debarred Limited", companies_house_number=organisation.companies_house_number
            ),
        )

    assert response.status_code == 302
    entry = DebarmentEntry.objects.get()
    assert entry.organisation == organisation
    for admission in admissions:
        admission.refresh_from_db()
        assert admission.status == AdmissionStatus.SUSPENDED
        assert admission.status_reason == "Added to the debarment list"
    assert events(organisation, "admission.suspended").count() == 2
    assert len(mail.outbox) == 2 and all(message.to == ["admin@soon-debarred-ltd.example"] for message in mail.outbox)
    page = operator_client.get(response.url).content.decode()
    assert "its admissions are suspended" in page
    assert "Soon Debarred Ltd" in row_of(page, "Soon Debarred Limited")  # the Spark supplier it matched

    listing = operator_client.get(reverse("admission_admissions:index")).content.decode()
    assert "On the list now" in row_of(listing, "Quantum technologies")


def test_an_end_date_before_the_start_date_is_refused(operator_client):
    response = operator_client.post(reverse(ADD), entry_data(starts_on="2025-03-01", ends_on="2025-02-28"))

    assert response.status_code == 200
    assert "The end date must be on or after the start date" in response.content.decode()
    assert not DebarmentEntry.objects.exists()


def test_the_required_answers_are_asked_for(operator_client):
    response = operator_client.post(reverse(ADD), entry_data(organisation_name=" ", grounds=[], starts_on=""))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Enter the organisation’s name" in content
    assert "Select the grounds for the debarment" in content
    assert "Enter the date the debarment starts" in content
    assert not DebarmentEntry.objects.exists()


def test_bad_values_are_refused(operator_client):
    response = operator_client.post(
        reverse(ADD),
        entry_data(companies_house_number="ABC", grounds=["not_a_ground"], starts_on="31/02/2025"),
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Enter a Companies House number in the correct format" in content
    assert "Select the grounds for the debarment from the list" in content
    assert "Start date must be a real date" in content
    assert not DebarmentEntry.objects.exists()


def test_the_list_shows_whether_each_entry_is_in_force(operator_client, operator):
    today = timezone.localdate()
    services.debarment_add(
        actor=operator, organisation_name="Past Ltd", grounds=[ExclusionGround.CARTEL],
        starts_on=today - timedelta(days=400), ends_on=today - timedelta(days=35),
    )
    services.debarment_add(
        actor=operator, organisation_name="Future Ltd", grounds=[ExclusionGround.CARTEL],
        starts_on=today + timedelta(days=10),
    )

    content = operator_client.get(reverse(INDEX)).content.decode()

    assert "Ended" in row_of(content, "Past Ltd")
    assert "Not started yet" in row_of(content, "Future Ltd")


def test_the_list_offers_no_edit_or_delete(operator_client, operator):
    entry = services.debarment_add(
        actor=operator, organisation_name="Fixed Ltd", grounds=[ExclusionGround.CARTEL], starts_on=date(2025, 1, 1)
    )

    content = operator_client.get(reverse(INDEX)).content.decode()

    assert reverse(ADD) in content
    for path in (f"edit/{entry.pk}/", f"delete/{entry.pk}/"):
        assert f"/admin/debarment-list/{path}" not in content
        assert operator_client.get(f"/admin/debarment-list/{path}").status_code == 404
