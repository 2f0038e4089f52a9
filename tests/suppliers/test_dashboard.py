"""The supplier dashboard: the application in progress or the latest decided, decisions, admissions, applying again."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marketplace.admission import services
from marketplace.admission.models import (
    Admission,
    AdmissionStatus,
    Application,
    ApplicationCategory,
    ApplicationStatus,
    CategoryDecision,
)
from marketplace.taxonomy.models import Category
from tests.applications import categories, submitted_application

from .helpers import url

pytestmark = pytest.mark.django_db


def decide(operator, application, **decisions):
    for slug, (decision, reason) in decisions.items():
        (category,) = categories(slug.replace("_", "-"))
        services.application_decide_category(
            actor=operator, application=application, category=category, decision=decision, reason=reason
        )
    application.refresh_from_db()
    return application


def test_a_new_supplier_is_invited_to_apply(admin_client):
    page = admin_client.get("/supplier/").content.decode()
    assert "You have not applied yet" in page
    assert 'href="/supplier/application/start/"' in page and "Apply to join the marketplace" in page


def test_the_dashboard_shows_the_due_date_the_extension_the_decisions_and_the_admissions(
    admin_client, supplier_admin, supplier_org, operator
):
    application = submitted_application(supplier_admin, supplier_org, slugs=("quantum", "geospatial"))
    page = admin_client.get("/supplier/").content.decode()
    assert "Waiting for a decision" in page and "Decision due by" in page and "Not extended" in page
    assert f"{application.due_on.day} {application.due_on:%B %Y}" in page

    services.application_extend(actor=operator, application=application, justification="We are checking a reference.")
    application.refresh_from_db()
    page = admin_client.get("/supplier/").content.decode()
    assert "extended the time to decide" in page and "because: We are checking a reference." in page
    assert f"{application.due_on.day} {application.due_on:%B %Y}" in page

    decide(
        operator,
        application,
        quantum=(CategoryDecision.ADMITTED, ""),
        geospatial=(CategoryDecision.REJECTED, "No evidence of earth observation work."),
    )
    admission = Admission.objects.get(organisation=supplier_org)
    services.admission_suspend(actor=operator, admission=admission, reason="Investigating a complaint.")

    page = admin_client.get("/supplier/").content.decode()
    assert "Partly admitted" in page
    assert "Decisions on application " + application.reference in page
    assert "Quantum technologies" in page and "Geospatial and location" in page
    assert "No evidence of earth observation work." in page
    assert "Categories you are admitted to" in page
    assert "Suspended" in page and "Reason: Investigating a complaint." in page
    # Rule 1: it may apply again, at any time, for the categories it lacks.
    assert "Apply for more categories" in page and 'href="/supplier/application/start/"' in page
    offered = page.split("You can apply at any time")[1].split("</p>")[0]
    assert "Geospatial and location" in offered
    assert "Quantum technologies" not in offered  # suspended: only an operator's reinstatement ends it
    # Once removed, the category may be applied for again through a new application.
    services.admission_remove(actor=operator, admission=admission, reason="Complaint upheld.")
    page = admin_client.get("/supplier/").content.decode()
    assert "Removed" in page and "Reason: Complaint upheld." in page
    assert "Quantum technologies" in page.split("You can apply at any time")[1].split("</p>")[0]


def test_a_rejected_supplier_may_apply_again(admin_client, supplier_admin, supplier_org, operator):
    application = submitted_application(supplier_admin, supplier_org, slugs=("quantum",))
    decide(operator, application, quantum=(CategoryDecision.REJECTED, "No quantum products yet."))
    page = admin_client.get("/supplier/").content.decode()
    assert "Rejected" in page and "No quantum products yet." in page
    assert "Apply again" in page and "Quantum technologies" in page.split("You can apply at any time")[1]


def test_an_admitted_supplier_may_apply_for_more_categories(admin_client, supplier_admin, supplier_org, operator):
    application = submitted_application(supplier_admin, supplier_org, slugs=("quantum",))
    decide(operator, application, quantum=(CategoryDecision.ADMITTED, ""))
    page = admin_client.get("/supplier/").content.decode()
    assert "Admitted" in page and "Apply for more categories" in page
    assert "Quantum technologies" not in page.split("You can apply at any time")[1].split(".")[0]
    # The categories page no longer offers what it is admitted to.
    response = admin_client.post("/supplier/application/start/")
    second = Application.objects.get(organisation=supplier_org, status=ApplicationStatus.DRAFT)
    assert response["Location"] == url(second)
    categories_page = admin_client.get(url(second, "categories")).content.decode()
    assert "Quantum technologies" not in categories_page and "Cyber security" in categories_page
    # The earlier application and its outcome stay on the dashboard.
    page = admin_client.get("/supplier/").content.decode()
    assert "Continue your application" in page and "Earlier applications" in page and application.reference in page


def test_nothing_left_to_apply_for(admin_client, supplier_admin, supplier_org, operator):
    everything = list(Category.objects.filter(active=True).values_list("slug", flat=True))
    application = submitted_application(supplier_admin, supplier_org, slugs=tuple(everything))
    decide(operator, application, **{slug: (CategoryDecision.ADMITTED, "") for slug in everything})
    page = admin_client.get("/supplier/").content.decode()
    assert "You can apply at any time" not in page
    assert (
        "You are already admitted to every category"
        in admin_client.get("/supplier/application/start/").content.decode()
    )


def grow(organisation, admin, applications: int, per_application: int, admissions: int):
    """Decided applications with categories, and admissions, written directly: only the count matters here."""
    chosen = list(Category.objects.order_by("position")[: max(per_application, admissions)])
    now = timezone.now()
    for _ in range(applications):
        application = Application.objects.create(
            organisation=organisation,
            created_by=admin,
            status=ApplicationStatus.REJECTED,
            submitted_at=now,
            due_on=now.date(),
            decided_at=now,
        )
        ApplicationCategory.objects.bulk_create(
            ApplicationCategory(
                application=application,
                category=category,
                decision=CategoryDecision.REJECTED,
                reason="Not a fit",
                decided_at=now,
            )
            for category in chosen[:per_application]
        )
    for category in chosen[:admissions]:
        Admission.objects.update_or_create(
            organisation=organisation,
            category=category,
            defaults={
                "application": Application.objects.filter(organisation=organisation).first(),
                "status": AdmissionStatus.SUSPENDED,
                "status_reason": "Checking",
            },
        )


def queries_for(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_dashboard_query_count_does_not_grow_with_rows(
    admin_client, supplier_org, supplier_admin, django_assert_max_num_queries
):
    grow(supplier_org, supplier_admin, applications=2, per_application=1, admissions=1)
    few = queries_for(admin_client, "/supplier/")
    grow(supplier_org, supplier_admin, applications=25, per_application=8, admissions=10)
    assert Application.objects.filter(organisation=supplier_org).count() == 27
    many = queries_for(admin_client, "/supplier/")
    assert many == few
    with django_assert_max_num_queries(few):
        admin_client.get("/supplier/")


def test_member_dashboard_query_count_is_fixed_too(client, supplier_org, supplier_admin, supplier_member):
    client.force_login(supplier_member)
    grow(supplier_org, supplier_admin, applications=1, per_application=1, admissions=1)
    few = queries_for(client, "/supplier/")
    grow(supplier_org, supplier_admin, applications=10, per_application=5, admissions=8)
    assert queries_for(client, "/supplier/") == few
