"""Who may use the buyer's competition pages: the organisation's admins and members; another organisation's
competition is not found; evaluators and the other sides are refused; changes need the owner or an admin."""

import pytest
from django.urls import reverse

from marketplace.accounts.models import Role
from marketplace.competitions import services
from marketplace.competitions.models import Competition, CompetitionStatus
from tests.competition_builder import complete_draft, pdf_upload, published
from tests.factories import member

from .helpers import html, problem_data, url

pytestmark = pytest.mark.django_db

DRAFT_ROUTES = (
    "competition", "competition_problem", "competition_outcomes", "competition_budget", "competition_location",
    "competition_criteria", "competition_scale", "competition_documents", "competition_timeline",
    "competition_conflicts", "competition_preview", "competition_publish", "competition_cancel",
)
PUBLISHED_ROUTES = ("competition", "competition_preview", "competition_amend", "clarifications",
                    "competition_cancel", "competition_open_bids")
WRITE_ROUTES = (
    "competition_problem", "competition_outcomes", "competition_budget", "competition_location",
    "competition_criteria", "competition_scale", "competition_documents", "competition_timeline",
    "competition_conflicts", "competition_publish", "competition_cancel",
)


@pytest.fixture
def world(buyer_admin, admitted_supplier):
    _organisation, supplier = admitted_supplier()
    draft = complete_draft(buyer_admin, title="Draft one")
    document = services.competition_document_add(actor=buyer_admin, competition=draft, uploaded=pdf_upload(),
                                                  title="Draft data")
    live = published(buyer_admin, title="Live one")
    question = services.clarification_ask(actor=supplier, competition=live, question="A question?")
    return {"draft": draft, "document": document, "live": live, "question": question}


def _urls(world) -> list[str]:
    draft, live = world["draft"], world["live"]
    return [
        *[url(name, draft) for name in DRAFT_ROUTES],
        url("competition_document", draft, world["document"].pk),
        url("competition_document_remove", draft, world["document"].pk),
        *[url(name, live) for name in PUBLISHED_ROUTES],
        url("competition_version", live, 1),
        url("clarification_answer", live, world["question"].pk),
    ]


def test_another_organisations_buyer_gets_404_everywhere(client, other_buyer, world):
    client.force_login(other_buyer)
    for page_url in _urls(world):
        assert client.get(page_url).status_code == 404, page_url
        # Not found before anything else is said about it (a read-only page does not say it refuses POST).
        assert client.post(page_url, problem_data(title="Hijacked")).status_code == 404, page_url
    assert not Competition.objects.filter(title="Hijacked").exists()
    page = html(client.get(reverse("buyers:competitions")))
    assert "Draft one" not in page and "Live one" not in page


def test_evaluators_and_suppliers_are_refused_and_anonymous_people_sign_in(client, buyer_evaluator, world,
                                                                          supplier_member):
    urls = [reverse("buyers:competitions"), reverse("buyers:competition_new"), *_urls(world)]
    for user in (buyer_evaluator, supplier_member):
        client.force_login(user)
        for page_url in urls:
            assert client.get(page_url).status_code == 403, (user, page_url)
    client.logout()
    for page_url in urls:
        response = client.get(page_url)
        assert response.status_code == 302 and "login" in response["Location"], page_url


def test_a_member_who_is_not_the_owner_can_read_but_not_change(client, buyer_org, world):
    colleague = member(buyer_org, Role.MEMBER)
    client.force_login(colleague)
    draft, live = world["draft"], world["live"]
    for page_url in (url("competition", draft), url("competition_preview", draft), url("competition", live),
                     url("clarifications", live), url("competition_version", live, 1),
                     url("competition_document", draft, world["document"].pk)):
        assert client.get(page_url).status_code == 200, page_url
    page = html(client.get(url("competition", draft)))
    assert "Only the competition’s owner" in page
    assert url("competition_problem", draft) not in page
    for name in WRITE_ROUTES:
        assert client.get(url(name, draft)).status_code == 403, name
        assert client.post(url(name, draft), problem_data(title="Changed")).status_code == 403, name
    for page_url in (url("competition_amend", live), url("competition_cancel", live),
                     url("clarification_answer", live, world["question"].pk),
                     url("competition_document_remove", draft, world["document"].pk)):
        assert client.post(page_url, {"reason": "No"}).status_code == 403, page_url
    draft.refresh_from_db()
    live.refresh_from_db()
    assert draft.title == "Draft one" and live.status == CompetitionStatus.PUBLISHED
    assert url("clarification_answer", live, world["question"].pk) not in html(client.get(url("clarifications", live)))


def test_a_buyer_admin_may_change_a_colleagues_competition(client, buyer_org, world):
    admin = member(buyer_org, Role.ADMIN)
    client.force_login(admin)
    draft = world["draft"]
    response = client.post(url("competition_problem", draft), problem_data(title="Renamed by an admin"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Renamed by an admin"


def test_the_document_is_downloaded_as_an_attachment(owner_client, world):
    response = owner_client.get(url("competition_document", world["draft"], world["document"].pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    other = published(world["live"].owner, title="Third")
    assert owner_client.get(url("competition_document", other, world["document"].pk)).status_code == 404


def test_removing_a_document_asks_first(owner_client, world):
    draft, document = world["draft"], world["document"]
    remove = url("competition_document_remove", draft, document.pk)
    assert "Are you sure you want to remove Draft data?" in html(owner_client.get(remove))
    assert draft.documents.count() == 1
    response = owner_client.post(remove)
    assert response.status_code == 302 and response["Location"] == url("competition_documents", draft)
    assert draft.documents.count() == 0


def test_only_post_changes_and_csrf_is_checked(buyer_admin, world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(buyer_admin)
    response = strict.post(url("competition_problem", world["draft"]), problem_data(title="Forged"))
    assert response.status_code == 403
    world["draft"].refresh_from_db()
    assert world["draft"].title == "Draft one"
