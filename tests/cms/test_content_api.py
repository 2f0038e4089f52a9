"""Wagtail's content API (v2) is read-only and shows only what the public can already see."""

import pytest
from wagtail.documents import get_document_model
from django.core.files.base import ContentFile
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from .content import editorial_user, guidance_index, guidance_page

pytestmark = pytest.mark.django_db


def _titles(response):
    return {item["title"] for item in response.json()["items"]}


def test_pages_lists_live_public_pages_only(client):
    index = guidance_index()
    guidance_page(index, title="Evaluating bids fairly", slug="evaluating")
    guidance_page(index, title="Unfinished draft", slug="draft", live=False)
    private = guidance_page(index, title="Internal notes", slug="internal")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")

    response = client.get("/api/content/v2/pages/?type=cms.GuidancePage")

    assert response.status_code == 200
    assert _titles(response) == {"Evaluating bids fairly"}


def test_a_guidance_page_in_full_has_its_summary_audience_and_body(client):
    page = guidance_page(guidance_index())

    body = client.get(f"/api/content/v2/pages/{page.pk}/").json()

    assert body["meta"]["type"] == "cms.GuidancePage"
    assert body["audience"] == "buyers"
    assert body["summary"] == "How evaluators score bids against the published criteria."
    assert body["body"][0] == {"type": "heading", "value": {"text": "Before you score", "level": "h2"},
                               "id": body["body"][0]["id"]}


def test_a_draft_page_is_not_found(client):
    page = guidance_page(guidance_index(), live=False)

    assert client.get(f"/api/content/v2/pages/{page.pk}/").status_code == 404


def test_the_api_refuses_writes(client):
    page = guidance_page(guidance_index())

    # Refused (403 to the anonymous, 405 to the signed in) and nothing changes.
    assert client.post("/api/content/v2/pages/", {"title": "Mine"}).status_code in (403, 405)
    client.force_login(editorial_user("Moderators"))
    assert client.post("/api/content/v2/pages/", {"title": "Mine"}).status_code == 405
    assert client.delete(f"/api/content/v2/pages/{page.pk}/").status_code == 405
    assert Page.objects.filter(pk=page.pk, live=True).exists()
    assert not Page.objects.filter(title="Mine").exists()


def test_documents_in_a_private_collection_are_left_out(client):
    Document = get_document_model()
    root = Collection.get_first_root_node()
    private = root.add_child(name="Drafts")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    Document.objects.create(title="Timeline template", file=ContentFile(b"a,b\n", name="timeline.csv"))
    Document.objects.create(title="Draft policy", file=ContentFile(b"a,b\n", name="draft.csv"), collection=private)

    response = client.get("/api/content/v2/documents/")

    assert _titles(response) == {"Timeline template"}
