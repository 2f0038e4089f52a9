"""Admissions: listed, filtered and searched; suspended, reinstated or removed with a reason the supplier is told."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from marketplace.admission.models import Admission, AdmissionStatus
from marketplace.taxonomy.models import Category

from .conftest import events, row_of

pytestmark = pytest.mark.django_db

INDEX = "admission_admissions:index"


def action_url(action, admission):
    return reverse(f"admission_admissions:{action}", args=[admission.pk])


def test_the_listing_shows_admissions_with_their_actions(operator_client, make_admitted):
    (admission,) = make_admitted("Active Ltd")

    response = operator_client.get(reverse(INDEX))

    assert response.status_code == 200
    content = response.content.decode()
    row = row_of(content, "Active Ltd")
    assert "Artificial intelligence and machine learning" in row
    assert "Admitted" in row
    assert action_url("suspend", admission) in row
    assert action_url("remove", admission) in row
    assert action_url("reinstate", admission) not in row  # it is active


def test_the_listing_filters_by_status_and_category_and_searches_by_name(operator_client, operator, make_admitted):
    from marketplace.admission import services

    (ai,) = make_admitted("Clever Ltd")
    (quantum,) = make_admitted("Qubit Ltd", slugs=("quantum",))
    services.admission_suspend(actor=operator, admission=quantum, reason="Investigating a complaint")

    suspended = operator_client.get(reverse(INDEX), {"status": AdmissionStatus.SUSPENDED}).content.decode()
    assert "Qubit Ltd" in suspended and "Clever Ltd" not in suspended

    by_category = operator_client.get(
        reverse(INDEX), {"category": Category.objects.get(slug="artificial-intelligence").pk}
    ).content.decode()
    assert "Clever Ltd" in by_category and "Qubit Ltd" not in by_category

    by_name = operator_client.get(reverse("admission_admissions:index_results"), {"q": "qubit"}).content.decode()
    assert "Qubit Ltd" in by_name and "Clever Ltd" not in by_name
    assert "Investigating a complaint" in by_name


def test_suspend_reinstate_and_remove_with_reasons(
    operator_client, operator, make_admitted, django_capture_on_commit_callbacks
):
    (admission,) = make_admitted("Wobbly Ltd")
    organisation = admission.organisation

    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(action_url("suspend", admission), {"reason": "Complaint under investigation"})
    assert response.status_code == 302 and response.url == reverse(INDEX)
    admission.refresh_from_db()
    assert admission.status == AdmissionStatus.SUSPENDED
    assert admission.status_reason == "Complaint under investigation"
    suspended = events(organisation, "admission.suspended").get()
    assert suspended.actor_id == operator.pk and suspended.data["reason"] == "Complaint under investigation"
    assert mail.outbox[-1].to == ["admin@wobbly-ltd.example"]

    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(action_url("reinstate", admission), {"reason": "Complaint not upheld"})
    assert response.status_code == 302
    admission.refresh_from_db()
    assert admission.status == AdmissionStatus.ACTIVE
    assert events(organisation, "admission.reinstated").get().data["reason"] == "Complaint not upheld"

    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(action_url("remove", admission), {"reason": "Stopped trading"})
    assert response.status_code == 302
    admission.refresh_from_db()
    assert admission.status == AdmissionStatus.REMOVED
    assert events(organisation, "admission.removed").get().data["reason"] == "Stopped trading"
    assert len(mail.outbox) == 3
    assert "Stopped trading" in mail.outbox[-1].body


@pytest.mark.parametrize("action", ["suspend", "remove"])
def test_a_change_without_a_reason_is_refused(operator_client, make_admitted, action):
    (admission,) = make_admitted("Steady Ltd")
    before = events(admission.organisation).count()

    response = operator_client.post(action_url(action, admission), {"reason": "  "})

    assert response.status_code == 200
    assert "Enter the reason for" in response.content.decode()
    admission.refresh_from_db()
    assert admission.status == AdmissionStatus.ACTIVE
    assert events(admission.organisation).count() == before


def test_a_removed_admission_cannot_be_reinstated(operator_client, operator, make_admitted):
    from marketplace.admission import services

    (admission,) = make_admitted("Gone Ltd")
    services.admission_remove(actor=operator, admission=admission, reason="Stopped trading")
    before = events(admission.organisation).count()

    page = operator_client.get(action_url("reinstate", admission)).content.decode()
    assert "comes back only through a new application" in page
    response = operator_client.post(action_url("reinstate", admission), {"reason": "Trading again"})

    assert response.status_code == 200
    assert "cannot be changed that way" in response.content.decode()
    assert Admission.objects.get(pk=admission.pk).status == AdmissionStatus.REMOVED
    assert events(admission.organisation).count() == before


def test_an_active_admission_cannot_be_reinstated(operator_client, make_admitted):
    (admission,) = make_admitted("Fine Ltd")

    response = operator_client.post(action_url("reinstate", admission), {"reason": "Why not"})

    assert response.status_code == 200
    assert "cannot be changed that way" in response.content.decode()


def test_an_unknown_admission_is_not_found(operator_client):
    assert operator_client.get(reverse("admission_admissions:suspend", args=[999999])).status_code == 404


def _listing_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(INDEX)).status_code == 200
    return len(queries)


def test_the_listing_makes_the_same_number_of_queries_for_2_or_15_admissions(operator_client, make_admitted):
    make_admitted("First Ltd", slugs=("artificial-intelligence", "quantum"))
    with_two = _listing_queries(operator_client)

    for number in range(13):
        make_admitted(f"Supplier {number} Ltd", slugs=("geospatial",))
    assert Admission.objects.count() == 15

    assert _listing_queries(operator_client) == with_two
