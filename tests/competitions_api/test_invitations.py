"""The supplier's API: /api/v1/invitations/, and per competition its clarifications and its own bid.

Only a supplier admin or member of an invited organisation reads them; a bid's content only ever reaches the
organisation that wrote it (rule 7); clarifications never say who asked (rule 6).
"""

import pytest

from marketplace.accounts.models import Role
from marketplace.competitions import services
from marketplace.competitions.models import Bid, BidRevision, BidStatus
from tests.competition_builder import published, submitted_bid
from tests.factories import OrganisationFactory, UserFactory, member
from tests.listings import admit

from .conftest import (
    IDENTIFYING_QUESTION,
    OTHER_MARKER,
    OTHER_WAITING_QUESTION,
    OWN_MARKER,
    OWN_WAITING_QUESTION,
    PUBLISHED_WORDING,
)

LIST = "/api/v1/invitations/"

pytestmark = pytest.mark.django_db


def clarifications(competition):
    return f"{LIST}{competition.pk}/clarifications/"


def bid(competition):
    return f"{LIST}{competition.pk}/bid/"


def every_url(world):
    urls = [LIST]
    for competition in (world.open, world.draft, world.closed, world.cancelled, world.unbid):
        urls += [clarifications(competition), bid(competition)]
    return urls


# Who may ask.


def test_anonymous_people_are_refused(api, world):
    """Session authentication has no challenge, so not signed in is 403, as in the rest of the API."""
    for url in every_url(world):
        assert api().get(url).status_code == 403, url


def test_someone_without_an_organisation_is_refused(api, world):
    for url in every_url(world):
        assert api(UserFactory()).get(url).status_code == 403, url


@pytest.mark.parametrize("role", ["buyer_admin", "buyer_member", "operator"])
def test_rule_7_buyers_and_operators_are_refused_and_read_no_bid(api, request, world, role):
    """There is no buyer endpoint for bids; the supplier endpoints refuse buyers and operators before anything."""
    client = api(request.getfixturevalue(role))
    for url in every_url(world):
        response = client.get(url)
        assert response.status_code == 403, url
        text = response.content.decode()
        assert OWN_MARKER not in text and OTHER_MARKER not in text, url


def test_a_buyer_evaluator_is_refused(api, world, buyer_org):
    evaluator = member(buyer_org, Role.EVALUATOR, mfa=False)
    for url in every_url(world):
        assert api(evaluator).get(url).status_code == 403, url


def test_a_supplier_evaluator_role_is_refused(api, world, supplier_org):
    """Invitations and bids are for those who may bid: the organisation's admins and members."""
    someone = member(supplier_org, Role.EVALUATOR, mfa=False)
    for url in every_url(world):
        assert api(someone).get(url).status_code == 403, url


def test_the_api_is_read_only(api, world, supplier_member):
    client = api(supplier_member)
    assert client.post(LIST, {}).status_code == 405
    assert client.post(bid(world.open), {"price_pence": 1}).status_code == 405
    assert client.post(clarifications(world.open), {"question": "Hello?"}).status_code == 405
    assert client.delete(bid(world.open)).status_code == 405


# Invitations.


@pytest.mark.parametrize("role", ["supplier_admin", "supplier_member"])
def test_a_supplier_lists_its_invitations_with_its_own_bid_status(api, request, world, role):
    response = api(request.getfixturevalue(role)).get(LIST)
    assert response.status_code == 200
    items = {item["title"]: item for item in response.json()["results"]}
    # Every published competition of its category, whatever its state now; never the draft.
    assert set(items) == {world.open.title, world.closed.title, world.cancelled.title, world.unbid.title}
    open_item = items[world.open.title]
    assert open_item == {
        "competition_id": world.open.pk,
        "reference": world.open.reference,
        "title": world.open.title,
        "buyer": {"name": world.open.buyer.name},
        "category": {"slug": "artificial-intelligence", "name": "Artificial intelligence and machine learning"},
        "status": "published",
        "submission_deadline": world.open.submission_deadline.isoformat().replace("+00:00", "Z"),
        "clarification_deadline": world.open.clarification_deadline.isoformat().replace("+00:00", "Z"),
        "invited_at": open_item["invited_at"],
        "bid_status": "submitted",
        "bid_revision": 2,
    }
    # The other supplier bid in the closed one; this one did not.
    assert items[world.closed.title]["status"] == "closed"
    assert items[world.closed.title]["bid_status"] is None and items[world.closed.title]["bid_revision"] == 0
    assert items[world.cancelled.title]["status"] == "cancelled"
    assert items[world.unbid.title]["bid_status"] is None
    text = response.content.decode()
    assert OWN_MARKER not in text and OTHER_MARKER not in text  # statuses, never content


def test_the_other_supplier_sees_its_own_bid_status_not_ours(api, world, other_supplier_member):
    items = {item["title"]: item for item in api(other_supplier_member).get(LIST).json()["results"]}
    assert items[world.open.title]["bid_status"] == "submitted" and items[world.open.title]["bid_revision"] == 1
    assert items[world.closed.title]["bid_status"] == "submitted"


def test_a_supplier_not_admitted_has_no_invitations(api, world):
    stranger = member(OrganisationFactory(), Role.MEMBER, mfa=False)
    response = api(stranger).get(LIST)
    assert response.status_code == 200 and response.json()["results"] == []


def test_a_withdrawn_bid_shows_as_withdrawn(api, world, supplier_member):
    edit_version = Bid.objects.get(competition=world.open, supplier__memberships__user=supplier_member).edit_version
    services.bid_withdraw(actor=supplier_member, competition=world.open, expected_edit_version=edit_version)
    items = {item["title"]: item for item in api(supplier_member).get(LIST).json()["results"]}
    assert items[world.open.title]["bid_status"] == "withdrawn" and items[world.open.title]["bid_revision"] == 2


def test_the_invitations_list_runs_a_fixed_number_of_queries(api, world, buyer_admin, supplier_member,
                                                             django_assert_max_num_queries):
    client = api(supplier_member)
    client.get(LIST)  # the session is warm
    # The session and its user, the membership, the count, the page, and the own bids prefetched.
    with django_assert_max_num_queries(6):
        assert len(client.get(LIST).json()["results"]) == 4
    for number in range(5):
        competition = published(buyer_admin, title=f"More work {number}")
        submitted_bid(supplier_member, competition)
    with django_assert_max_num_queries(6):
        assert len(client.get(LIST).json()["results"]) == 9


# Clarifications.


def test_published_clarifications_never_say_who_asked_and_own_waiting_ones_are_flagged(
    api, world, supplier_member
):
    response = api(supplier_member).get(clarifications(world.open))
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(item["status"], item["own"]) for item in results] == [("published", False), ("asked", True)]
    published_one, waiting = results
    assert published_one["published_question"] == PUBLISHED_WORDING
    assert published_one["answer"] == "Yes, if they meet the data standard in the documents."
    assert published_one["answered_at"]
    assert published_one["asked_question"] is None and published_one["asked_at"] is None
    assert set(published_one) == {"id", "status", "own", "published_question", "answer", "answered_at",
                                  "asked_question", "asked_at"}
    assert waiting["asked_question"] == OWN_WAITING_QUESTION and waiting["asked_at"]
    assert waiting["published_question"] == "" and waiting["answer"] == "" and waiting["answered_at"] is None
    text = response.content.decode()
    # Neither the asker's original wording, nor its organisation, nor another supplier's waiting question.
    for private in (IDENTIFYING_QUESTION, OTHER_WAITING_QUESTION, "asked_by", "Supplier"):
        assert private not in text


def test_the_asker_sees_the_published_wording_of_its_own_question(api, world, other_supplier_member):
    results = api(other_supplier_member).get(clarifications(world.open)).json()["results"]
    assert [(item["status"], item["own"]) for item in results] == [("published", True), ("asked", True)]
    assert results[0]["published_question"] == PUBLISHED_WORDING and results[0]["asked_question"] is None
    assert IDENTIFYING_QUESTION not in str(results)
    assert results[1]["asked_question"] == OTHER_WAITING_QUESTION
    assert OWN_WAITING_QUESTION not in str(results)


def test_clarifications_of_a_competition_without_any(api, world, supplier_member):
    response = api(supplier_member).get(clarifications(world.unbid))
    assert response.status_code == 200 and response.json()["results"] == []


# The own bid.


def test_a_supplier_reads_its_own_bid_decrypted(api, world, supplier_member, supplier_admin, supplier_org):
    revision = BidRevision.objects.get(bid__competition=world.open, bid__supplier=supplier_org, number=2)
    own = Bid.objects.get(competition=world.open, supplier=supplier_org)
    for user in (supplier_member, supplier_admin):
        response = api(user).get(bid(world.open))
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "submitted" and body["revision"] == 2
        assert body["submitted_at"] == revision.received_at.isoformat().replace("+00:00", "Z")
        assert body["receipt_hmac"] == revision.content_hmac and len(body["receipt_hmac"]) == 64
        assert body["edit_version"] == own.edit_version
        assert body["has_unsubmitted_changes"] is False and body["set_aside_reason"] == ""
        content = body["content"]
        assert set(content["answers"].values()) == {f"Revised answer {OWN_MARKER}"}
        assert content["price_pence"] == 8_500_000
        assert content["price_breakdown"] == [{"item": "Delivery", "pence": 8_500_000}]
        assert content["price_note"] == f"Revised note {OWN_MARKER}"
        assert content["attachments"] == []
        assert OTHER_MARKER not in response.content.decode()


def test_rule_7_a_supplier_never_reads_another_suppliers_bid(api, world, supplier_member, other_supplier_member):
    """Each organisation reads only its own bid at the same address; nothing of the other's comes back."""
    mine = api(supplier_member).get(bid(world.open)).content.decode()
    theirs = api(other_supplier_member).get(bid(world.open)).content.decode()
    assert OWN_MARKER in mine and OTHER_MARKER not in mine
    assert OTHER_MARKER in theirs and OWN_MARKER not in theirs
    # In the closed competition only the other supplier bid: ours shows no bid, and none of its content.
    response = api(supplier_member).get(bid(world.closed))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] is None and body["revision"] == 0 and body["receipt_hmac"] is None
    assert body["content"] == {"answers": {}, "price_pence": None, "price_breakdown": [], "price_note": "",
                               "attachments": []}
    assert OTHER_MARKER not in response.content.decode()


def test_unsubmitted_changes_show_in_the_working_copy(api, world, supplier_member, supplier_org):
    own = Bid.objects.get(competition=world.open, supplier=supplier_org)
    services.bid_save_price(actor=supplier_member, competition=world.open, expected_edit_version=own.edit_version,
                            price_pence=7_000_000, breakdown=[{"item": "Delivery", "pence": 7_000_000}],
                            note="Cheaper")
    body = api(supplier_member).get(bid(world.open)).json()
    assert body["has_unsubmitted_changes"] is True
    assert body["content"]["price_pence"] == 7_000_000 and body["revision"] == 2


def test_a_set_aside_bid_shows_its_reason(api, world, operator, supplier_member, supplier_org):
    from marketplace.admission import services as admission
    from marketplace.admission.models import Admission

    admission.admission_suspend(
        actor=operator, admission=Admission.objects.get(organisation=supplier_org,
                                                        category__slug="artificial-intelligence"),
        reason="Insurance certificate lapsed",
    )
    body = api(supplier_member).get(bid(world.open)).json()
    assert body["status"] == BidStatus.SET_ASIDE and "Insurance certificate lapsed" in body["set_aside_reason"]


# Competitions that are not the supplier's.


def test_a_competition_the_organisation_is_not_invited_to_is_not_found(api, world, buyer_admin, operator):
    outsider_org = OrganisationFactory()
    outsider_admin = member(outsider_org, Role.ADMIN)
    admit(operator, outsider_admin, outsider_org, "geospatial")
    outsider = member(outsider_org, Role.MEMBER, mfa=False)
    elsewhere = published(buyer_admin, title="Map flood risk", slug="geospatial")
    for competition in (world.open, world.closed, world.cancelled, world.unbid):
        for url in (clarifications(competition), bid(competition)):
            response = api(outsider).get(url)
            assert response.status_code == 404, url
            assert OWN_MARKER not in response.content.decode()
    assert api(outsider).get(bid(elsewhere)).status_code == 200
    assert [item["title"] for item in api(outsider).get(LIST).json()["results"]] == ["Map flood risk"]


def test_a_draft_and_an_unknown_competition_are_not_found(api, world, supplier_member):
    for url in (clarifications(world.draft), bid(world.draft), f"{LIST}999999/bid/", f"{LIST}999999/clarifications/"):
        assert api(supplier_member).get(url).status_code == 404, url


def test_the_own_bid_runs_a_fixed_number_of_queries(api, world, supplier_member, django_assert_max_num_queries):
    client = api(supplier_member)
    client.get(bid(world.open))
    # The session, its user and membership; the competition as the supplier sees it (regions, outcomes, criteria
    # and documents prefetched); the invitation, the bid and its last revision.
    with django_assert_max_num_queries(11):
        assert client.get(bid(world.open)).status_code == 200
    # The same first eight; the count and the page of clarifications.
    with django_assert_max_num_queries(10):
        assert client.get(clarifications(world.open)).status_code == 200
