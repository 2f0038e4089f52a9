"""The applications queue: never drafts, waiting ones first by due date, overdue ones marked, filters, fixed queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from marketplace.admission import services
from marketplace.admission.models import ApplicationStatus, CategoryDecision
from marketplace.taxonomy.models import Category

from ..applications import complete_application
from .conftest import row_of

pytestmark = pytest.mark.django_db

INDEX = "admission_applications:index"


def test_waiting_applications_come_first_by_due_date_and_overdue_ones_are_marked(
    operator_client, operator, make_application, make_supplier
):
    today = timezone.localdate()
    later = make_application("Later Ltd", due_on=today + timedelta(days=9))
    overdue = make_application("Overdue Ltd", due_on=today - timedelta(days=2))
    due_today = make_application("Due Today Ltd", due_on=today)
    decided = make_application("Decided Ltd", slugs=("quantum",), due_on=today - timedelta(days=30))
    services.application_decide_category(
        actor=operator, application=decided, category=Category.objects.get(slug="quantum"),
        decision=CategoryDecision.ADMITTED,
    )
    draft_org, draft_admin = make_supplier("Draft Ltd")
    complete_application(draft_admin, draft_org)

    response = operator_client.get(reverse(INDEX))

    assert response.status_code == 200
    content = response.content.decode()
    # Waiting ones by due date, soonest (here, overdue) first; decided ones after, even though long past due.
    assert (
        content.index("Overdue Ltd") < content.index("Due Today Ltd") < content.index("Later Ltd")
        < content.index("Decided Ltd")
    )
    assert "Draft Ltd" not in content  # drafts never reach the queue
    assert "data-overdue" in row_of(content, "Overdue Ltd")
    for name in ("Due Today Ltd", "Later Ltd", "Decided Ltd"):  # due today is not late yet; decided is never
        assert "data-overdue" not in row_of(content, name), name
    overdue_row = row_of(content, "Overdue Ltd")
    assert overdue.reference in overdue_row
    assert "Artificial intelligence and machine learning, Data and analytics" in overdue_row
    assert (today - timedelta(days=2)).strftime("%-d %b %Y") in overdue_row  # the due date, in UK form
    assert timezone.localdate(overdue.submitted_at).strftime("%-d %b %Y") in overdue_row
    assert "Submitted" in overdue_row
    assert "Admitted" in row_of(content, "Decided Ltd")
    assert reverse("admission_applications:inspect", args=[later.pk]) in content
    assert reverse("admission_applications:decide", args=[due_today.pk]) in content
    assert reverse("admission_applications:decide", args=[decided.pk]) not in content


def test_an_extended_application_is_marked_in_the_queue(operator_client, operator, application):
    services.application_extend(actor=operator, application=application, justification="Waiting for references")

    content = operator_client.get(reverse(INDEX)).content.decode()

    assert "Extended once" in row_of(content, "Acme Analytics Ltd")


def test_the_queue_filters_by_status(operator_client, operator, make_application):
    waiting = make_application("Waiting Ltd")
    rejected = make_application("Rejected Ltd", slugs=("quantum",))
    services.application_decide_category(
        actor=operator, application=rejected, category=Category.objects.get(slug="quantum"),
        decision=CategoryDecision.REJECTED, reason="No quantum products yet",
    )

    submitted_only = operator_client.get(reverse(INDEX), {"status": ApplicationStatus.SUBMITTED}).content.decode()
    rejected_only = operator_client.get(reverse(INDEX), {"status": ApplicationStatus.REJECTED}).content.decode()

    assert waiting.organisation.name in submitted_only and rejected.organisation.name not in submitted_only
    assert rejected.organisation.name in rejected_only and waiting.organisation.name not in rejected_only


def test_the_status_filter_offers_no_drafts(operator_client):
    content = operator_client.get(reverse(INDEX)).content.decode()

    assert 'value="submitted"' in content
    assert 'value="draft"' not in content


def test_the_queue_filters_by_category(operator_client, make_application):
    ai = make_application("Thinking Machines Ltd", slugs=("artificial-intelligence",))
    quantum = make_application("Qubit Works Ltd", slugs=("quantum",))

    response = operator_client.get(reverse(INDEX), {"category": Category.objects.get(slug="quantum").pk})

    content = response.content.decode()
    assert quantum.organisation.name in content
    assert ai.organisation.name not in content


def test_the_queue_filters_overdue_applications(operator_client, make_application):
    today = timezone.localdate()
    late = make_application("Late Ltd", due_on=today - timedelta(days=1))
    on_time = make_application("On Time Ltd", due_on=today + timedelta(days=3))

    content = operator_client.get(reverse(INDEX), {"overdue": "true"}).content.decode()

    assert late.organisation.name in content
    assert on_time.organisation.name not in content


def test_the_queue_searches_by_supplier_name_and_reference(operator_client, make_application):
    first = make_application("Northern Robotics Ltd")
    second = make_application("Southern Sensors Ltd")

    by_name = operator_client.get(reverse("admission_applications:index_results"), {"q": "robotics"})
    by_reference = operator_client.get(reverse("admission_applications:index_results"), {"q": second.reference})

    assert first.organisation.name in by_name.content.decode()
    assert second.organisation.name not in by_name.content.decode()
    assert second.organisation.name in by_reference.content.decode()
    assert first.organisation.name not in by_reference.content.decode()


def _queue_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(INDEX))
    assert response.status_code == 200
    return len(queries)


def test_the_queue_makes_the_same_number_of_queries_for_2_or_15_applications(operator_client, make_application):
    for number in range(2):
        make_application(f"Supplier {number} Ltd")
    with_two = _queue_queries(operator_client)
    assert "Supplier 1 Ltd" in operator_client.get(reverse(INDEX)).content.decode()

    for number in range(2, 15):
        make_application(f"Supplier {number} Ltd", slugs=("quantum", "geospatial", "cyber-security"))
    with_fifteen = _queue_queries(operator_client)

    assert "Supplier 14 Ltd" in operator_client.get(reverse(INDEX)).content.decode()
    assert with_fifteen == with_two


def test_the_operations_menu_lists_the_admission_screens_for_operators(operator_client):
    content = operator_client.get(reverse("wagtailadmin_home")).content.decode()

    for name in ("admission_applications:index", "admission_admissions:index", "admission_debarment:index"):
        assert reverse(name) in content, name


def test_the_queue_offers_no_add_edit_or_delete(operator_client, application):
    content = operator_client.get(reverse(INDEX)).content.decode()

    assert "/admin/applications/new/" not in content
    for path in ("new/", f"edit/{application.pk}/", f"delete/{application.pk}/", f"history/{application.pk}/"):
        assert f"/admin/applications/{path}" not in content
        assert operator_client.get(f"/admin/applications/{path}").status_code == 404
