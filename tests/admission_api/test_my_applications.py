"""GET /api/v1/my/applications/ and /api/v1/my/applications/<id>/: a supplier's own applications, and no one else's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.accounts.models import Role
from marketplace.admission import services
from marketplace.admission.models import ExclusionGround
from tests.applications import complete_application, submitted_application
from tests.factories import UserFactory, member

LIST = "/api/v1/my/applications/"

pytestmark = pytest.mark.django_db


def detail(application):
    return f"{LIST}{application.pk}/"


@pytest.fixture
def own(supplier_admin, supplier_org, admit):
    """The supplier's decided application (partly admitted) and its next one, still a draft."""
    decided = admit(supplier_admin, supplier_org, admitted=("artificial-intelligence",), rejected=("data-analytics",))
    draft = services.application_start(actor=supplier_admin, organisation=supplier_org)
    return decided, draft


@pytest.fixture
def others(other_supplier_admin, other_supplier_org):
    return submitted_application(other_supplier_admin, other_supplier_org, ground=ExclusionGround.POOR_PERFORMANCE)


def test_anonymous_is_refused(api, own, others):
    for url in (LIST, detail(own[0]), detail(others)):
        assert api().get(url).status_code == 403


def test_someone_without_an_organisation_is_refused(api, own):
    for url in (LIST, detail(own[0])):
        assert api(UserFactory()).get(url).status_code == 403


@pytest.mark.parametrize("role", ["buyer_admin", "buyer_member", "operator"])
def test_buyers_and_operators_are_refused(api, roles, own, others, role):
    """Operators read applications in the admin, never through the supplier API; buyers never."""
    client = api(roles[role])
    for url in (LIST, detail(own[0]), detail(others)):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "APP-" not in response.content.decode()


@pytest.mark.parametrize("role", ["supplier_admin", "supplier_member"])
def test_a_supplier_lists_its_own_applications(api, roles, own, others, role):
    decided, draft = own
    response = api(roles[role]).get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert [item["reference"] for item in body["results"]] == [draft.reference, decided.reference]
    item = body["results"][1]
    assert item["status"] == "partly_admitted"
    assert item["submitted_at"] and item["decided_at"] and item["due_on"] == decided.due_on.isoformat()
    assert item["extended"] is False
    assert item["categories"] == [
        {"slug": "artificial-intelligence", "name": "Artificial intelligence and machine learning",
         "decision": "admitted", "reason": "", "decided_at": item["categories"][0]["decided_at"]},
        {"slug": "data-analytics", "name": "Data and analytics", "decision": "rejected",
         "reason": "The statement does not show solutions in data and analytics.",
         "decided_at": item["categories"][1]["decided_at"]},
    ]
    assert body["results"][0]["status"] == "draft"
    assert body["results"][0]["submitted_at"] is None and body["results"][0]["due_on"] is None
    assert others.reference not in response.content.decode()


def test_the_list_keeps_to_status_and_decisions(api, supplier_admin, supplier_org):
    application = complete_application(supplier_admin, supplier_org, ground=ExclusionGround.POOR_PERFORMANCE,
                                       subcontractor=True)
    body = api(supplier_admin).get(LIST).json()
    (item,) = body["results"]
    assert set(item) == {"id", "reference", "status", "created_at", "submitted_at", "due_on", "extended",
                         "decided_at", "categories"}
    assert set(item["categories"][0]) == {"slug", "name", "decision", "reason", "decided_at"}
    text = str(body)
    for private in ("poor_performance", "A contract ended early", "New delivery controls", "Cloud Hosting Ltd",
                    "CE-123456", application.declaration_name):
        assert private not in text


def test_the_detail_has_the_statements_but_never_the_declarations(api, supplier_admin, supplier_org, supplier_member):
    application = submitted_application(supplier_admin, supplier_org, ground=ExclusionGround.POOR_PERFORMANCE,
                                        subcontractor=True)
    for user in (supplier_admin, supplier_member):
        response = api(user).get(detail(application))
        assert response.status_code == 200
        body = response.json()
        assert body["reference"] == application.reference and body["status"] == "submitted"
        assert [c["statement"] for c in body["categories"]] == [
            "Our tools have served councils in artificial intelligence and machine learning since 2019.",
            "Our tools have served councils in data and analytics since 2019.",
        ]
        assert all(c["decision"] == "pending" for c in body["categories"])
        text = response.content.decode()
        for private in ("poor_performance", "A contract ended early", "New delivery controls", "Cloud Hosting Ltd",
                        "subjects", "declarations", "grounds"):
            assert private not in text


def test_an_extension_shows(api, supplier_admin, supplier_org, operator):
    application = submitted_application(supplier_admin, supplier_org)
    services.application_extend(actor=operator, application=application, justification="Waiting for references")
    application.refresh_from_db()
    body = api(supplier_admin).get(detail(application)).json()
    assert body["extended"] is True and body["due_on"] == application.due_on.isoformat()
    assert "Waiting for references" not in str(body)


def test_another_suppliers_application_is_not_found(api, roles, own, others):
    """Never another's: the id of another supplier's application is a 404, not a 403 that would confirm it."""
    for role in ("supplier_admin", "supplier_member"):
        response = api(roles[role]).get(detail(others))
        assert response.status_code == 404
        assert others.reference not in response.content.decode()
    other = api(roles["other_supplier_admin"])
    assert [item["reference"] for item in other.get(LIST).json()["results"]] == [others.reference]
    for application in own:
        assert other.get(detail(application)).status_code == 404
    assert other.get(detail(others)).status_code == 200


def test_an_unknown_or_malformed_id_is_not_found(api, supplier_admin, own):
    client = api(supplier_admin)
    assert client.get(f"{LIST}999999/").status_code == 404
    assert client.get(f"{LIST}abc/").status_code == 404


def test_the_api_is_read_only(api, supplier_admin, own):
    client = api(supplier_admin)
    decided, draft = own
    assert client.post(LIST, {"status": "submitted"}).status_code == 405
    for method in (client.put, client.patch, client.delete):
        assert method(detail(draft), {"status": "submitted"}).status_code == 405
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_the_list_makes_a_fixed_number_of_queries_however_many_applications(api, supplier_admin, supplier_org,
                                                                            admit):
    def queries():
        client = api(supplier_admin)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(LIST)
        assert response.status_code == 200
        return len(response.json()["results"]), len(captured)

    admit(supplier_admin, supplier_org, admitted=("artificial-intelligence",), rejected=("quantum",))
    listed, few = queries()
    assert listed == 1
    admit(supplier_admin, supplier_org, admitted=("data-analytics", "geospatial"), rejected=("cyber-security",))
    admit(supplier_admin, supplier_org, admitted=("quantum",), rejected=("cloud-native",))
    listed, many = queries()
    assert listed == 3
    assert many == few


def test_a_supplier_with_no_applications_gets_an_empty_list(api, supplier_org):
    newcomer = member(supplier_org, Role.MEMBER, mfa=False)
    body = api(newcomer).get(LIST).json()
    assert body["count"] == 0 and body["results"] == []
