"""GET /api/v1/my/admissions/: a supplier's own admissions and their status, and no one else's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.admission import services
from marketplace.admission.models import Admission

URL = "/api/v1/my/admissions/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(supplier_admin, supplier_org, admit, operator):
    admit(supplier_admin, supplier_org, admitted=("artificial-intelligence", "data-analytics"))
    suspended = Admission.objects.get(organisation=supplier_org, category__slug="data-analytics")
    services.admission_suspend(actor=operator, admission=suspended, reason="Cyber Essentials certificate expired")
    return supplier_org


@pytest.fixture
def others(other_supplier_admin, other_supplier_org, admit):
    admit(other_supplier_admin, other_supplier_org, admitted=("geospatial",))
    return other_supplier_org


def test_anonymous_is_refused(api, own):
    assert api().get(URL).status_code == 403


@pytest.mark.parametrize("role", ["buyer_admin", "buyer_member", "operator"])
def test_buyers_and_operators_are_refused(api, roles, own, others, role):
    response = api(roles[role]).get(URL)
    assert response.status_code == 403
    assert "artificial-intelligence" not in response.content.decode()


@pytest.mark.parametrize("role", ["supplier_admin", "supplier_member"])
def test_a_supplier_lists_its_own_admissions(api, roles, own, others, role):
    response = api(roles[role]).get(URL)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(item["category"]["slug"], item["status"], item["status_reason"]) for item in results] == [
        ("artificial-intelligence", "active", ""),
        ("data-analytics", "suspended", "Cyber Essentials certificate expired"),
    ]
    assert results[0]["category"]["name"] == "Artificial intelligence and machine learning"
    assert set(results[0]) == {"category", "status", "admitted_at", "status_changed_at", "status_reason"}
    assert "geospatial" not in response.content.decode()


def test_another_supplier_sees_only_its_own(api, roles, own, others):
    results = api(roles["other_supplier_admin"]).get(URL).json()["results"]
    assert [item["category"]["slug"] for item in results] == ["geospatial"]


def test_a_supplier_with_no_admissions_gets_an_empty_list(api, supplier_admin):
    body = api(supplier_admin).get(URL).json()
    assert body["count"] == 0


def test_the_api_is_read_only(api, supplier_admin, own):
    assert api(supplier_admin).post(URL, {"category": "quantum"}).status_code == 405
    assert api(supplier_admin).get(f"{URL}1/").status_code == 404


def test_the_list_makes_a_fixed_number_of_queries(api, supplier_admin, supplier_org, admit):
    def queries():
        client = api(supplier_admin)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL)
        return len(response.json()["results"]), len(captured)

    admit(supplier_admin, supplier_org, admitted=("artificial-intelligence",))
    listed, few = queries()
    admit(supplier_admin, supplier_org, admitted=("data-analytics", "geospatial", "quantum"))
    listed_more, many = queries()
    assert (listed, listed_more) == (1, 4)
    assert many == few
