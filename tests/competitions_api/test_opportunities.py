"""GET /api/v1/opportunities/ and /api/v1/opportunities/<id>/: open competitions for everyone, the public tender
notice only, and never a bid."""

import pytest
from django.urls import reverse

from marketplace.competitions.models import Competition
from tests.competition_builder import pass_deadline, published

from .conftest import IDENTIFYING_QUESTION, OTHER_MARKER, OWN_MARKER

LIST = "/api/v1/opportunities/"

pytestmark = pytest.mark.django_db

ROLES = [None, "supplier_admin", "supplier_member", "other_supplier_member", "buyer_admin", "buyer_member",
         "operator"]


def detail(competition):
    return f"{LIST}{competition.pk}/"


def titles(response):
    return [item["title"] for item in response.json()["results"]]


@pytest.fixture
def roles(supplier_admin, supplier_member, other_supplier_member, buyer_admin, buyer_member, operator):
    return {
        "supplier_admin": supplier_admin,
        "supplier_member": supplier_member,
        "other_supplier_member": other_supplier_member,
        "buyer_admin": buyer_admin,
        "buyer_member": buyer_member,
        "operator": operator,
    }


@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_open_competitions_only_to_everyone(api, roles, world, role):
    """Not the draft, not the closed one (its deadline passed), not the cancelled one."""
    response = api(roles[role] if role else None).get(LIST)
    assert response.status_code == 200
    assert titles(response) == [world.open.title, world.unbid.title]  # soonest deadline first
    assert response.json()["count"] == 2


def test_a_competition_leaves_the_list_the_moment_its_deadline_passes(api, world):
    """Closed is derived from the deadline when the query runs: no tick has stamped it."""
    pass_deadline(world.unbid)
    assert Competition.objects.get(pk=world.unbid.pk).status == "published"
    assert titles(api().get(LIST)) == [world.open.title]


def test_each_opportunity_is_its_tender_notice_in_brief(api, world):
    (item, _) = api().get(LIST).json()["results"]
    competition = world.open
    assert item == {
        "id": competition.pk,
        "reference": competition.reference,
        "title": "Reduce missed bin collections",
        "buyer": {"name": competition.buyer.name},
        "category": {"slug": "artificial-intelligence", "name": "Artificial intelligence and machine learning"},
        "budget_min_pence": 5_000_000,
        "budget_max_pence": 15_000_000,
        "summary": "Find a way to cut missed bin collections across the borough.",
        "submission_deadline": competition.submission_deadline.isoformat().replace("+00:00", "Z"),
        "clarification_deadline": competition.clarification_deadline.isoformat().replace("+00:00", "Z"),
        "published_at": item["published_at"],
        "url": "http://testserver" + reverse("opportunities:detail", args=[competition.pk]),
    }
    assert item["published_at"].endswith("Z")  # UTC


def test_filter_by_category(api, world, buyer_admin, operator, supplier_admin, supplier_org):
    published(buyer_admin, title="Map flood risk street by street", slug="geospatial")
    assert titles(api().get(LIST, {"category": "geospatial"})) == ["Map flood risk street by street"]
    assert titles(api().get(LIST, {"category": "artificial-intelligence"})) == [world.open.title, world.unbid.title]
    assert titles(api().get(LIST, {"category": "quantum"})) == []
    assert len(titles(api().get(LIST))) == 3


def test_an_unknown_category_is_refused_with_a_message(api, world):
    response = api().get(LIST, {"category": "no-such-category"})
    assert response.status_code == 400
    assert "category" in response.json()["error"]["fields"]


def test_the_detail_is_the_public_tender_notice(api, world):
    response = api().get(detail(world.open))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "published" and body["regime"] == "pa2023"
    assert body["problem"].startswith("Around 1,200 bin collections are missed each month")
    assert body["outcomes"] == [
        {"description": "Fewer missed collections", "success_measure": "Missed collections fall by 30% in 6 months"}
    ]
    assert body["regions"] == ["TLE"] and body["location"] == "Leeds" and body["contract_months"] == 12
    assert body["cancel_reason"] == "" and body["cancelled_at"] is None
    # Documents, questions and clarifications are for invited suppliers only.
    for private in ("documents", "criteria", "questions", "clarifications", "bids", "invitations", "wrapped_key"):
        assert private not in body
    text = response.content.decode()
    for private in ("How will you deliver the outcomes?", "Yes, if they meet the data standard", IDENTIFYING_QUESTION):
        assert private not in text


def test_a_draft_is_not_found(api, roles, world):
    for user in (None, roles["buyer_admin"], roles["supplier_admin"], roles["operator"]):
        assert api(user).get(detail(world.draft)).status_code == 404


def test_an_unknown_competition_is_not_found(api, world):
    assert api().get(f"{LIST}999999/").status_code == 404


def test_closed_and_cancelled_notices_stay_public_with_their_status(api, world):
    closed = api().get(detail(world.closed)).json()
    assert closed["status"] == "closed"
    cancelled = api().get(detail(world.cancelled)).json()
    assert cancelled["status"] == "cancelled"
    assert cancelled["cancel_reason"] == "The highways budget was withdrawn for this year."
    assert cancelled["cancelled_at"]


def test_the_api_is_read_only(api, roles, world):
    for user in (None, roles["buyer_admin"], roles["operator"]):
        client = api(user)
        assert client.post(LIST, {"title": "Mine"}).status_code in (403, 405)
        assert client.delete(detail(world.open)).status_code in (403, 405)
    assert Competition.objects.filter(title="Mine").count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_rule_7_no_opportunity_response_carries_bid_content(api, roles, world, role):
    client = api(roles[role] if role else None)
    urls = [LIST, f"{LIST}?category=artificial-intelligence"] + [
        detail(competition) for competition in (world.open, world.closed, world.cancelled, world.unbid)
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert OWN_MARKER not in text and OTHER_MARKER not in text, url
        assert "price" not in text, url


def test_the_list_runs_a_fixed_number_of_queries(api, world, buyer_admin, django_assert_max_num_queries):
    client = api()
    with django_assert_max_num_queries(2):  # the count and the page (buyer and category joined)
        assert len(titles(client.get(LIST))) == 2
    for number in range(6):
        published(buyer_admin, title=f"More work {number}", slug="data-analytics" if number % 2 else
                  "artificial-intelligence")
    with django_assert_max_num_queries(2):
        assert len(titles(client.get(LIST))) == 8
    with django_assert_max_num_queries(3):  # and the category looked up by its slug
        assert len(titles(client.get(LIST, {"category": "data-analytics"}))) == 3


def test_the_detail_runs_a_fixed_number_of_queries(api, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # the competition, its regions, its outcomes
        assert api().get(detail(world.open)).status_code == 200
