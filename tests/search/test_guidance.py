"""Guidance pages through the search service: what is findable (live and public), how Wagtail's publishing keeps
the index up to date, the text a page's StreamField gives, the hits' links, and the Elasticsearch document."""

from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction, Revision
from wagtail.rich_text import RichText

from cms.models import GuidanceIndexPage, GuidancePage, HomePage
from search import service
from search.backends import elasticsearch as es_backend
from search.backends.elasticsearch import ElasticsearchBackend, GuidanceDocument
from search.models import SearchEntry
from search.query import FACETS, GUIDANCE, SearchRequest, parse
from search.sources import SOURCES, GuidanceSource, stream_text

pytestmark = pytest.mark.django_db

BODY = [
    ("heading", {"text": "Consensus meeting", "level": "h2"}),
    ("text", RichText("<p>Moderate each <b>evaluator</b>&#x27;s marks before the award.</p>")),
]


def find(text="", **fields):
    return service.search(SearchRequest(kind=GUIDANCE, query=parse(text), **fields), load=True)


def titles(results) -> list[str]:
    return [hit.object.title for hit in results.hits]


@pytest.fixture
def guide():
    home = HomePage.objects.get()
    return home.add_child(instance=GuidanceIndexPage(title="Buying", slug="buying"))


@pytest.fixture
def guidance(guide):
    """make(title, ..., publish=True): a guidance page under the guide, published through a revision."""

    def make(title="Scoring bids", slug=None, summary="What a panel does once every bid has been read.",
             body=None, publish=True, parent=None):
        page = (parent or guide).add_child(instance=GuidancePage(
            title=title, slug=slug or title.lower().replace(" ", "-"), summary=summary,
            body=BODY if body is None else body, live=False))
        revision = page.save_revision()
        if publish:
            revision.publish()
            page.refresh_from_db()
        return page

    return make


# What is findable


def test_a_published_page_is_found_by_words_of_its_body_and_headings(guidance):
    page = guidance()

    for words in ("moderate", "evaluator", "consensus", '"before the award"', "panel"):
        results = find(words)
        assert titles(results) == ["Scoring bids"], words
        assert results.hits[0].kind == GUIDANCE and results.hits[0].object_id == page.pk
    assert find("bids").total == 1  # the title
    # Guidance is its own kind: the catalogue's search does not find it.
    assert service.search(SearchRequest(query=parse("moderate"))).total == 0
    entry = SearchEntry.objects.get(kind=GUIDANCE, object_id=page.pk)
    assert entry.body == "Consensus meeting Moderate each evaluator's marks before the award."
    assert entry.published_at == page.last_published_at


def test_a_draft_is_not_found(guidance):
    draft = guidance(title="Awarding a contract", body=[("heading", {"text": "Standstill", "level": "h2"})],
                     publish=False)

    assert not draft.live
    assert find("standstill").total == 0
    assert not SearchEntry.objects.filter(kind=GUIDANCE, object_id=draft.pk, live=True).exists()
    assert GuidanceSource().count() == 0


def test_unpublishing_removes_a_page_from_the_results_and_publishing_again_brings_it_back(guidance):
    page = guidance()
    assert find("moderate").total == 1

    page.unpublish()

    assert find("moderate").total == 0
    assert not SearchEntry.objects.get(kind=GUIDANCE, object_id=page.pk).live

    page.refresh_from_db()
    page.save_revision().publish()  # the entry was a tombstone: written again, text and all
    assert titles(find("moderate")) == ["Scoring bids"]


def test_a_new_revision_published_replaces_the_indexed_text(guidance):
    page = guidance()
    page.body = [("heading", {"text": "Clarification questions", "level": "h2"})]
    page.save_revision().publish()

    assert titles(find("clarification")) == ["Scoring bids"]
    assert find("moderate").total == 0


def test_a_draft_of_a_live_page_leaves_the_live_text_findable(guidance):
    page = guidance()
    page.body = [("heading", {"text": "Clarification questions", "level": "h2"})]
    page.save_revision()  # not published

    assert find("moderate").total == 1 and find("clarification").total == 0


def test_a_page_with_a_view_restriction_is_not_found(guidance, guide):
    page = guidance()
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD,
                                                     password="letmein")

    assert find("moderate").total == 0
    assert not SearchEntry.objects.get(kind=GUIDANCE, object_id=page.pk).live, "restricting it removed it"

    restriction.delete()
    assert find("moderate").total == 1, "lifting the restriction brings it back"

    # A restriction on the guide above hides every page in it.
    PageViewRestriction.objects.create(page=guide, restriction_type=PageViewRestriction.LOGIN)
    assert find("moderate").total == 0
    assert find("moderate", page_size=0).total == 0, "not even counted in the tab"


def test_a_page_restricted_behind_the_indexs_back_is_still_never_shown(guidance):
    page = guidance()
    # A restriction made without its signal (a raw fixture, say): the index still holds the page.
    PageViewRestriction.objects.bulk_create([PageViewRestriction(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="letmein")])

    results = find("moderate")
    assert results.hits == [], "the second check hides it at once"
    call_command("search_index", "--update", "--kind", GUIDANCE, stdout=StringIO())
    assert find("moderate").total == 0


def test_deleting_a_page_or_its_guide_removes_it(guidance, guide):
    first = guidance()
    second = guidance(title="Writing a specification", body=[("heading", {"text": "Outcomes", "level": "h2"})])
    first.delete()
    assert find("moderate").total == 0
    assert find("outcomes").total == 1

    guide.delete()
    assert find("outcomes").total == 0
    assert not SearchEntry.objects.filter(kind=GUIDANCE, object_id=second.pk, live=True).exists()


def test_scheduled_publishing_and_expiry_update_the_index(guidance):
    page = guidance(publish=False)
    now = timezone.now()
    page.go_live_at = now + timedelta(hours=1)
    page.expire_at = now + timedelta(hours=2)
    page.save_revision().publish()  # scheduled, not live
    assert Revision.objects.filter(object_id=str(page.pk), approved_go_live_at__isnull=False).exists()
    assert find("moderate").total == 0

    with time_machine.travel(now + timedelta(hours=1, minutes=1), tick=False):
        call_command("publish_scheduled", stdout=StringIO())
    assert titles(find("moderate")) == ["Scoring bids"]

    with time_machine.travel(now + timedelta(hours=2, minutes=1), tick=False):
        call_command("publish_scheduled", stdout=StringIO())
    assert find("moderate").total == 0


def test_publishing_queues_the_update_to_run_after_the_commit(settings, guidance,
                                                              django_capture_on_commit_callbacks):
    settings.SEARCH_UPDATE_ON_COMMIT = True
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        guidance()
    assert find("moderate").total == 0, "the editor does not wait for the index"
    for callback in callbacks:
        callback()
    assert find("moderate").total == 1


# Hits, the search page and the API


def test_the_hit_links_to_the_page_and_shows_its_summary(guidance, client):
    page = guidance()
    [hit] = find("moderate").hits
    assert hit.url == page.url == "/buying/scoring-bids/"
    assert "<mark>Moderate</mark> each evaluator" in hit.snippet  # only the body holds the word: its passage

    html = client.get("/search/?q=scoring&kind=guidance").content.decode()
    assert "Guidance (1)" in html and "Solutions (0)" in html
    assert '<a class="govuk-link" href="/buying/scoring-bids/"><mark>Scoring</mark> bids</a>' in html
    assert "What a panel does once every bid has been read." in html  # the summary

    answer = client.get("/api/v1/search/?kind=guidance&q=moderate").json()
    assert answer["total"] == 1
    assert answer["hits"][0]["kind"] == "guidance" and answer["hits"][0]["url"] == "/buying/scoring-bids/"

    none = client.get("/search/?q=nothinglikeit&kind=guidance").content.decode()
    assert "No guidance pages match ‘nothinglikeit’" in none


def test_a_guidance_search_reads_a_fixed_number_of_queries(guidance):
    for number in range(3):
        guidance(title=f"Scoring {number}")
    find("scoring", facets=FACETS)
    service.search(SearchRequest(kind=GUIDANCE, query=parse("scoring")))
    with CaptureQueriesContext(connection) as few:
        find("scoring", facets=FACETS)
    with CaptureQueriesContext(connection) as few_ids:
        service.search(SearchRequest(kind=GUIDANCE, query=parse("scoring")))
    for number in range(3, 25):
        guidance(title=f"Scoring {number}")
    find("scoring", facets=FACETS)
    with CaptureQueriesContext(connection) as many:
        results = find("scoring", facets=FACETS)
        assert len(results.hits) == 20 and all(hit.url.startswith("/buying/scoring-") for hit in results.hits)
    with CaptureQueriesContext(connection) as many_ids:
        assert len(service.search(SearchRequest(kind=GUIDANCE, query=parse("scoring"))).hits) == 20
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(many_ids.captured_queries) == len(few_ids.captured_queries)


def test_the_search_index_command_rebuilds_and_updates_guidance(guidance):
    page = guidance()
    SearchEntry.objects.filter(kind=GUIDANCE).delete()
    out = StringIO()
    call_command("search_index", "--update", stdout=out)
    assert "Updated guidance: 1 findable, 0 removed" in out.getvalue()
    assert find("moderate").total == 1

    GuidancePage.objects.filter(pk=page.pk).update(title="Moderating marks")
    out = StringIO()
    call_command("search_index", "--rebuild", stdout=out)
    assert "Rebuilt guidance: 1 entries" in out.getvalue()
    assert titles(find("moderating")) == ["Moderating marks"]
    assert GUIDANCE in SOURCES


# The text of a body


def test_the_body_text_covers_every_kind_of_block_that_holds_words():
    raw = [
        {"type": "heading", "value": {"text": "Before you start", "level": "h2"}},
        {"type": "text", "value": "<p>Read the <a linktype=\"page\" id=\"3\">rules</a> &amp; terms.</p>"},
        {"type": "inset_text", "value": {"text": "<p>An example: <i>council</i> housing</p>"}},
        {"type": "warning_text", "value": {"text": "Late bids are rejected"}},
        {"type": "details", "value": {"summary": "What counts as late", "content": "<p>After noon</p>"}},
        {"type": "step_by_step", "value": {"steps": [
            {"type": "item", "value": {"title": "Register", "content": "<p>Make an account</p>"}, "id": "a"},
            {"title": "Apply", "content": "<p>Answer the questions</p>"},  # the older list format
        ]}},
        {"type": "table", "value": {"caption": "Deadlines", "table": {
            "data": [["Stage", "Date"], ["Clarification", None], ["", "1 May"]], "first_row_is_table_header": True,
            "table_header_choice": "row"}}},
        {"type": "image", "value": {"image": 4, "alt_text": "A chart", "caption": "Bids by month"}},
        {"type": "document", "value": {"document": 7, "title": "Scoring template"}},
        {"type": "call_to_action", "value": {"text": "Apply to join", "url": "/apply/", "start": True}},
    ]

    assert stream_text(raw) == (
        "Before you start Read the rules & terms. An example: council housing Late bids are rejected "
        "What counts as late After noon Register Make an account Apply Answer the questions Deadlines Stage Date "
        "Clarification 1 May Bids by month Scoring template"
    )
    assert stream_text([]) == "" and stream_text(None) == ""


def test_the_body_text_of_a_saved_page_reads_no_chosen_images_or_documents(guidance, django_assert_num_queries):
    page = guidance(body=[
        ("heading", {"text": "Scoring", "level": "h2"}),
        ("details", {"summary": "Ties", "content": RichText("<p>The lower price wins</p>")}),
        ("step_by_step", {"steps": [{"title": "Read", "content": RichText("<p>Each bid</p>")},
                                    {"title": "Mark", "content": RichText("<p>Each answer</p>")}]}),
    ])
    body = GuidancePage.objects.get(pk=page.pk).body

    with django_assert_num_queries(0):
        assert stream_text(body) == "Scoring Ties The lower price wins Read Each bid Mark Each answer"


# Elasticsearch (no server)


def test_elasticsearch_gets_a_guidance_document_its_mapping_accepts(guidance, monkeypatch):
    page = guidance()
    [document] = GuidanceSource().documents([page.pk])

    source = ElasticsearchBackend.to_source(document)
    assert source["kind"] == "guidance" and source["object_id"] == page.pk
    assert source["title"] == "Scoring bids"
    assert source["summary"] == "What a panel does once every bid has been read."
    assert source["body"] == "Consensus meeting Moderate each evaluator's marks before the award."
    assert source["published_at"] == page.last_published_at.isoformat()
    assert source["suggest"]["input"][0] == "Scoring bids"
    assert source["organisation_id"] is None and source["categories"] == [] and source["trl"] is None
    assert source["pricing_model"] is None and source["supplier_size"] is None
    # The mapping is strict: every field written must be mapped.
    assert set(source) <= set(GuidanceDocument._doc_type.mapping.to_dict()["properties"])

    written = []
    monkeypatch.setattr(es_backend, "bulk", lambda client, actions, **kwargs: (
        written.extend(actions), (len(written), []))[1])
    backend = ElasticsearchBackend("http://elasticsearch.invalid:9200", prefix="spark",
                                   client=SimpleNamespace(options=lambda **kwargs: None))
    assert backend.index([document]) == 1
    [action] = written
    assert (action["_op_type"], action["_index"], action["_id"]) == ("index", "spark-guidance", str(page.pk))
    assert action["_source"] == source


def test_an_elasticsearch_guidance_search_asks_the_guidance_alias_and_ignores_catalogue_facets():
    backend = ElasticsearchBackend("http://elasticsearch.invalid:9200", prefix="spark",
                                   client=SimpleNamespace())
    search = backend.build_search(SearchRequest(kind=GUIDANCE, query=parse("scoring"), filters={"trl": ("5",)},
                                                facets=("trl",), today=timezone.localdate()))

    assert search._index == ["spark-guidance"]
    body = search.to_dict()
    assert "post_filter" not in body and "aggs" not in body
    assert body["query"]["function_score"]["query"]["bool"]["must"][0]["multi_match"]["query"] == "scoring"
