"""GET /api/v1/admitted-suppliers/: public, admitted suppliers only, public facts only (rule 3)."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marketplace.accounts.models import Role
from marketplace.admission import services
from marketplace.admission.models import Admission, ExclusionGround
from tests.applications import complete_application, submitted_application
from tests.factories import OrganisationFactory, member

URL = "/api/v1/admitted-suppliers/"

pytestmark = pytest.mark.django_db


def names(response):
    return [supplier["name"] for supplier in response.json()["results"]]


def admission(organisation, slug):
    return Admission.objects.get(organisation=organisation, category__slug=slug)


@pytest.fixture
def admitted(supplier_admin, supplier_org, admit):
    """The supplier admitted to artificial intelligence and data analytics, rejected in cyber security."""
    admit(supplier_admin, supplier_org, admitted=("artificial-intelligence", "data-analytics"),
          rejected=("cyber-security",))
    return supplier_org


@pytest.mark.parametrize("role", [None, "supplier_admin", "supplier_member", "other_supplier_admin", "buyer_admin",
                                  "buyer_member", "operator"])
def test_everyone_reads_the_public_list(api, roles, admitted, role):
    response = api(roles[role] if role else None).get(URL)
    assert response.status_code == 200
    assert names(response) == [admitted.name]


def test_the_list_holds_public_facts_only(api, admitted):
    body = api().get(URL).json()
    assert body["count"] == 1
    (supplier,) = body["results"]
    assert supplier == {
        "name": admitted.name,
        "size": admitted.size,
        "categories": [
            {"slug": "artificial-intelligence", "name": "Artificial intelligence and machine learning"},
            {"slug": "data-analytics", "name": "Data and analytics"},
        ],
    }
    text = str(body)
    for private in (admitted.address_line_1, admitted.postcode, admitted.companies_house_number, "cyber-security"):
        assert private not in text


def test_the_list_is_read_only(api, roles, admitted):
    """Like the taxonomy API: no write methods, whoever asks."""
    for user in (None, roles["supplier_admin"], roles["operator"]):
        assert api(user).post(URL, {"name": "Mine"}).status_code == 405
    assert names(api().get(URL)) == [admitted.name]


def test_rule_3_only_admitted_suppliers_are_listed(api, admitted, other_supplier_admin, other_supplier_org):
    # A draft, a submitted application and a rejection admit nobody.
    complete_application(other_supplier_admin, other_supplier_org)
    assert names(api().get(URL)) == [admitted.name]
    third = OrganisationFactory()
    submitted_application(member(third, Role.ADMIN), third)
    assert names(api().get(URL)) == [admitted.name]


def test_filter_by_category(api, admitted, admit, other_supplier_admin, other_supplier_org):
    admit(other_supplier_admin, other_supplier_org, admitted=("geospatial",))
    everyone = names(api().get(URL))
    assert sorted(everyone) == sorted([admitted.name, other_supplier_org.name])

    response = api().get(URL, {"category": "data-analytics"})
    assert response.status_code == 200
    assert names(response) == [admitted.name]
    # A supplier listed for one category still shows all the categories it is admitted to.
    assert [c["slug"] for c in response.json()["results"][0]["categories"]] == [
        "artificial-intelligence", "data-analytics"
    ]
    assert names(api().get(URL, {"category": "geospatial"})) == [other_supplier_org.name]
    assert names(api().get(URL, {"category": "quantum"})) == []


def test_an_unknown_category_is_refused_with_a_message(api, admitted):
    response = api().get(URL, {"category": "no-such-category"})
    assert response.status_code == 400
    assert "category" in response.json()["error"]["fields"]


def test_rule_3_a_suspended_admission_leaves_the_list_for_that_category(api, operator, admitted):
    services.admission_suspend(actor=operator, admission=admission(admitted, "data-analytics"),
                               reason="Insurance certificate lapsed")
    assert names(api().get(URL, {"category": "data-analytics"})) == []
    (supplier,) = api().get(URL).json()["results"]
    assert [c["slug"] for c in supplier["categories"]] == ["artificial-intelligence"]

    services.admission_suspend(actor=operator, admission=admission(admitted, "artificial-intelligence"),
                               reason="Insurance certificate lapsed")
    assert names(api().get(URL)) == []
    assert names(api().get(URL, {"category": "artificial-intelligence"})) == []

    services.admission_reinstate(actor=operator, admission=admission(admitted, "artificial-intelligence"),
                                 reason="New certificate seen")
    assert names(api().get(URL)) == [admitted.name]


def test_rule_3_a_removed_supplier_is_not_listed(api, operator, admitted):
    for slug in ("artificial-intelligence", "data-analytics"):
        services.admission_remove(actor=operator, admission=admission(admitted, slug), reason="Left the market")
    assert names(api().get(URL)) == []
    assert names(api().get(URL, {"category": "artificial-intelligence"})) == []


def test_rule_3_a_debarred_supplier_is_not_listed(api, operator, admitted):
    services.debarment_add(
        actor=operator, organisation_name=admitted.name, companies_house_number=admitted.companies_house_number,
        grounds=[ExclusionGround.FRAUD], starts_on=timezone.localdate(),
    )
    assert names(api().get(URL)) == []
    assert names(api().get(URL, {"category": "artificial-intelligence"})) == []


def test_rule_3_a_debarment_hides_the_supplier_the_day_it_starts_without_any_job(api, operator, admitted):
    """A debarment starting later suspends nothing when added; from its first day the list leaves the supplier out."""
    starts = timezone.localdate() + timedelta(days=3)
    services.debarment_add(
        actor=operator, organisation_name=admitted.name, companies_house_number=admitted.companies_house_number,
        grounds=[ExclusionGround.BRIBERY], starts_on=starts,
    )
    assert names(api().get(URL)) == [admitted.name]
    assert admission(admitted, "artificial-intelligence").status == "active"
    with time_machine.travel(timezone.now() + timedelta(days=4), tick=True):
        assert names(api().get(URL)) == []
        assert names(api().get(URL, {"category": "artificial-intelligence"})) == []


def test_a_debarment_of_another_organisation_hides_nobody_else(api, operator, admitted):
    services.debarment_add(actor=operator, organisation_name="Unrelated Shell Ltd", companies_house_number="99999999",
                           grounds=[ExclusionGround.CARTEL], starts_on=timezone.localdate())
    assert names(api().get(URL)) == [admitted.name]


@pytest.mark.parametrize("params", [{}, {"category": "artificial-intelligence"}])
def test_the_list_makes_a_fixed_number_of_queries_however_many_suppliers(api, admit, operator, params):
    def add_suppliers(how_many):
        for _ in range(how_many):
            organisation = OrganisationFactory()
            admit(member(organisation, Role.ADMIN), organisation,
                  admitted=("artificial-intelligence", "data-analytics", "geospatial"))

    def queries():
        client = api()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, params)
        assert response.status_code == 200
        return len(response.json()["results"]), len(captured)

    add_suppliers(2)
    listed, few = queries()
    assert listed == 2
    add_suppliers(5)
    listed, many = queries()
    assert listed == 7
    assert many == few
    assert few <= 5  # count, page, admissions with their categories (+ the category looked up by slug)


def test_the_list_is_paginated(api, admit, monkeypatch):
    from marketplace.admission.api import AdmittedSupplierViewSet

    monkeypatch.setattr(AdmittedSupplierViewSet.pagination_class, "page_size", 2)
    for _ in range(3):
        organisation = OrganisationFactory()
        admit(member(organisation, Role.ADMIN), organisation)
    body = api().get(URL).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
    assert len(api().get(body["next"]).json()["results"]) == 1
