"""A supplier admin fills in every section through the pages, submits, and sees the confirmation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.admission.models import (
    Application,
    ApplicationStatus,
    CyberEssentials,
    ExclusionGround,
    SubjectKind,
)
from marketplace.admission.working_days import add_working_days, uk_date
from tests.applications import categories

from .helpers import save, url

pytestmark = pytest.mark.django_db


def test_start_fill_every_section_and_submit(admin_client, supplier_org, supplier_admin):
    # Start from the dashboard.
    dashboard = admin_client.get("/supplier/").content.decode()
    assert "Apply to join the marketplace" in dashboard
    assert admin_client.get("/supplier/application/start/").status_code == 200
    response = admin_client.post("/supplier/application/start/")
    application = Application.objects.get(organisation=supplier_org)
    assert response.status_code == 302 and response["Location"] == url(application)
    task_list = admin_client.get(url(application)).content.decode()
    assert "govuk-task-list" in task_list and "Not yet started" in task_list and "Cannot start yet" in task_list

    # Organisation details.
    response = save(admin_client, url(application, "organisation-details"), {"details_confirmed": "on"})
    assert response["Location"] == url(application, "categories")

    # Categories, then a statement per category.
    ai, data = categories("artificial-intelligence", "data-analytics")
    response = save(admin_client, url(application, "categories"), {"categories": [ai.pk, data.pk]})
    assert response["Location"] == url(application, "why-your-solutions-fit")
    response = save(
        admin_client,
        url(application, "why-your-solutions-fit"),
        {
            f"statement_{ai.pk}": "Our models triage casework for councils.",
            f"statement_{data.pk}": "Dashboards for NHS trusts.",
        },
    )
    assert response["Location"] == url(application)

    # Exclusion grounds for the supplier: one discretionary ground, then what happened and the self-cleaning.
    supplier = application.subjects.get(kind=SubjectKind.SUPPLIER)
    response = save(
        admin_client,
        url(application, "exclusion-grounds", supplier.pk),
        {"grounds": [ExclusionGround.POOR_PERFORMANCE]},
    )
    assert response["Location"] == url(application, "exclusion-grounds", supplier.pk, "details")
    response = save(
        admin_client,
        url(application, "exclusion-grounds", supplier.pk, "details"),
        {
            "explanation_poor_performance": "A contract ended early in 2023.",
            "self_cleaning_poor_performance": "New delivery controls.",
        },
    )
    assert response["Location"] == url(application)

    # Connected persons: yes, add one, who has none of the grounds.
    response = save(admin_client, url(application, "connected-persons"), {"has_connected_persons": "yes"})
    assert response["Location"] == url(application, "connected-persons", "list")
    response = save(
        admin_client, url(application, "connected-persons", "add"), {"name": "Ada Lovelace", "relationship": "Director"}
    )
    person = application.subjects.get(kind=SubjectKind.CONNECTED_PERSON)
    assert response["Location"] == url(application, "exclusion-grounds", person.pk)
    response = save(admin_client, url(application, "exclusion-grounds", person.pk), {"grounds": ["none"]})
    assert response["Location"] == url(application, "connected-persons", "list")
    assert "Ada Lovelace" in admin_client.get(url(application, "connected-persons", "list")).content.decode()

    # No subcontractors relied on.
    response = save(admin_client, url(application, "subcontractors"), {"relies_on_subcontractors": "no"})
    assert response["Location"] == url(application)

    # Insurance held now, in pounds.
    save(
        admin_client,
        url(application, "insurance"),
        {
            "insurance_by_award": "held",
            "employers_liability": "5,000,000",
            "public_liability": "£2,000,000",
            "professional_indemnity": "1000000",
        },
    )

    # Cyber Essentials Plus, valid for another year.
    expiry = timezone.localdate() + timedelta(days=365)
    save(
        admin_client,
        url(application, "cyber-essentials"),
        {
            "cyber_essentials": CyberEssentials.PLUS,
            "certificate_number": "IASME-CEP-001234",
            "expiry_day": str(expiry.day),
            "expiry_month": str(expiry.month),
            "expiry_year": str(expiry.year),
        },
    )

    # The declaration leads to check your answers.
    response = save(
        admin_client,
        url(application, "declaration"),
        {"name": "Grace Hopper", "role": "Managing director", "confirmed": "on"},
    )
    assert response["Location"] == url(application, "check-your-answers")

    task_list = admin_client.get(url(application)).content.decode()
    assert "You have completed 9 of 9 sections" in task_list
    assert "Not yet started" in task_list  # only "Check your answers and submit" is left

    check = admin_client.get(url(application, "check-your-answers")).content.decode()
    for answer in (
        "Our models triage casework",
        "A contract ended early in 2023.",
        "Ada Lovelace",
        "£5,000,000",
        "IASME-CEP-001234",
        "Grace Hopper",
    ):
        assert answer in check
    assert check.count("govuk-summary-list__actions") > 10  # Change links back to each section

    response = admin_client.post(url(application, "check-your-answers"))
    assert response["Location"] == url(application, "submitted")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.due_on == add_working_days(uk_date(application.submitted_at), 10)
    assert application.employers_liability_pence == 500_000_000
    assert application.declaration_name == "Grace Hopper"

    confirmation = admin_client.get(url(application, "submitted")).content.decode()
    assert "govuk-panel--confirmation" in confirmation
    assert application.reference in confirmation
    assert (
        f"We will decide by <strong>{application.due_on:%A} {application.due_on.day} {application.due_on:%B %Y}"
        in confirmation
    )

    dashboard = admin_client.get("/supplier/").content.decode()
    assert "Waiting for a decision" in dashboard and application.reference in dashboard
