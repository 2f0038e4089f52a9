"""The search service with the database backend: query semantics, facets, order, visibility and freshness."""

import logging
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.admission import services as admission
from marketplace.admission.models import Admission
from search import service
from search.models import SearchEntry
from search.query import FACETS, SearchRequest, parse
from suppliers import services as listings
from suppliers.models import Deployment, PricingModel

pytestmark = pytest.mark.django_db


def titles(results) -> list[str]:
    return [hit.object.title if hit.object else None for hit in results.hits]


def find(text="", **fields):
    return service.search(SearchRequest(query=parse(text), **fields), load=True)


@pytest.fixture
def three(listing):
    """Three listings of the shared supplier that differ in words and facets."""
    return {
        "sensors": listing(title="Damp sensors for council homes", slugs=("artificial-intelligence",),
                           pricing_model=PricingModel.SUBSCRIPTION, deployment=Deployment.CLOUD,
                           regions=("TLI",), readiness_level=7),
        "triage": listing(title="Casework triage with machine learning", slugs=("data-analytics",),
                          pricing_model=PricingModel.FIXED_PRICE, deployment=Deployment.HYBRID,
                          regions=("TLM",), readiness_level=4),
        "both": listing(title="Sensor data triage", slugs=("artificial-intelligence", "data-analytics"),
                        pricing_model=PricingModel.SUBSCRIPTION, deployment=Deployment.HYBRID,
                        regions=("TLI", "TLM"), readiness_level=9),
    }


def test_words_combine_with_and_and_match_by_stem(three):
    assert sorted(titles(find("sensor triage"))) == ["Sensor data triage"]
    assert sorted(titles(find("sensors"))) == ["Damp sensors for council homes", "Sensor data triage"]


def test_a_quoted_phrase_must_appear_in_order_and_a_minus_excludes(three):
    assert titles(find('"machine learning"')) == ["Casework triage with machine learning"]
    assert titles(find('"learning machine"')) == []
    assert titles(find("triage -machine")) == ["Sensor data triage"]
    assert titles(find('triage -"machine learning"')) == ["Sensor data triage"]


def test_within_a_facet_values_combine_with_or_and_across_facets_with_and(three):
    either = find(filters={"deployment": ("cloud", "hybrid")})
    assert either.total == 3
    both = find(filters={"deployment": ("hybrid",), "region": ("TLI",)})
    assert titles(both) == ["Sensor data triage"]


def test_facet_counts_reflect_the_other_facets_selections_but_not_their_own(three):
    results = find(filters={"deployment": ("hybrid",)}, facets=FACETS)
    # Deployment's own counts ignore the deployment chosen, so a person can widen the choice.
    assert results.facets["deployment"] == {"cloud": 1, "hybrid": 2}
    # Every other facet counts only the hybrid listings.
    assert results.facets["pricing_model"] == {"fixed_price": 1, "subscription": 1}
    assert results.facets["region"] == {"TLI": 1, "TLM": 2}
    assert results.facets["trl"] == {"4": 1, "9": 1}
    assert results.facets["category"] == {"artificial-intelligence": 1, "data-analytics": 2}


def test_ranges_filter_readiness_and_price(three):
    assert sorted(titles(find(trl_min=7))) == ["Damp sensors for council homes", "Sensor data triage"]
    assert titles(find(trl_max=4)) == ["Casework triage with machine learning"]
    assert find(price_min_pence=100_000_000_000).total == 0


def test_the_title_outranks_the_summary_and_description(listing):
    listing(title="Route planning for waste collection")  # "triage" only in the description
    listing(title="Triage desk")
    assert titles(find("triage"))[0] == "Triage desk"


def test_equal_scores_keep_their_order_all_day_and_rotate_from_day_to_day(listing):
    for number in range(12):
        listing(title=f"Listing {number:02d}")
    monday = [hit.object_id for hit in find(today=date(2026, 11, 23), page_size=12).hits]
    assert monday == [hit.object_id for hit in find(today=date(2026, 11, 23), page_size=12).hits]
    # Paging through keeps the order: page 2 continues page 1.
    paged = [hit.object_id for page in (1, 2, 3) for hit in find(today=date(2026, 11, 23), page=page,
                                                                   page_size=4).hits]
    assert paged == monday
    days = {tuple(hit.object_id for hit in find(today=date(2026, 11, day), page_size=12).hits)
            for day in range(23, 30)}
    assert len(days) > 1, "the order must change from one day to the next"
    firsts = {order[0] for order in days}
    assert len(firsts) > 1, "no listing sits first every day"


def test_sorts_by_name_newest_and_price(three):
    assert titles(find(sort="title")) == sorted(titles(find(sort="title")), key=str.casefold)
    assert titles(find(sort="newest"))[0] == "Sensor data triage"


def test_a_suspension_hides_a_listing_at_once_even_before_the_index_catches_up(settings, three, operator):
    settings.SEARCH_UPDATE_ON_COMMIT = True  # the real timing: the index update waits for the commit
    for held in Admission.objects.filter(organisation=three["sensors"].organisation):
        admission.admission_suspend(actor=operator, admission=held, reason="Insurance lapsed")
    # The index has not been told yet (nothing committed) but the page of hits is checked again.
    assert SearchEntry.objects.filter(object_id=three["sensors"].pk, live=True).exists()
    assert titles(find("sensors")) == []


def test_publishing_queues_an_index_update_that_runs_after_the_commit(settings, listing, draft, operator,
                                                                       supplier_member,
                                                                       django_capture_on_commit_callbacks):
    settings.SEARCH_UPDATE_ON_COMMIT = True
    revision = draft(title="Gully level monitoring")
    listings.revision_submit(actor=supplier_member, revision=revision)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        solution = listings.revision_publish(actor=operator, revision=revision)
    assert not SearchEntry.objects.filter(object_id=solution.pk).exists(), "the request does not wait"
    for callback in callbacks:
        callback()
    assert titles(find("gully")) == ["Gully level monitoring"]


def test_archiving_removes_a_listing_from_the_index(listing, operator):
    solution = listing(title="Bridge strain monitoring")
    listings.solution_archive(actor=operator, solution=solution)
    assert find("bridge").total == 0
    assert not SearchEntry.objects.get(object_id=solution.pk).live


@pytest.mark.parametrize("text", [
    "", "   ", "a" * 10_000, "sensors " * 2_000, '"unbalanced', "sens*", "NEAR(sensors triage)", "(((", ")",
    "sensors AND OR NOT", "title:sensors", "-", '""', "\x00", "{title}: sensors", "'; DROP TABLE x; --", "😀 sensors",
])
def test_any_words_give_an_answer_never_an_error(three, text):
    results = find(text, facets=FACETS)
    # An answer, not an error: at most the three listings, each shown with a link.
    assert 0 <= results.total <= 3 and len(results.hits) == results.total
    assert all(hit.url.startswith("/catalogue/") for hit in results.hits)


def test_unknown_facet_values_match_nothing_and_a_page_past_the_end_is_empty(three):
    assert find(filters={"category": ("no-such-category",)}).total == 0
    assert find(filters={"trl": ("eleven",)}).total == 0
    past = find(page=50)
    assert past.total == 3 and past.hits == []


def test_a_search_reads_a_fixed_number_of_queries(listing):
    for number in range(3):
        listing(title=f"Sensor {number}")
    find("sensor", facets=FACETS)
    with CaptureQueriesContext(connection) as few:
        find("sensor", facets=FACETS)
    for number in range(3, 25):
        listing(title=f"Sensor {number}")
    find("sensor", facets=FACETS)
    with CaptureQueriesContext(connection) as many:
        assert len(find("sensor", facets=FACETS).hits) == 20
    assert len(many.captured_queries) == len(few.captured_queries)


def test_an_unreachable_elasticsearch_falls_back_to_the_database_with_a_warning(settings, three, caplog):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.SEARCH_ELASTICSEARCH_TIMEOUT = 0.5
    with caplog.at_level(logging.WARNING, logger="search.service"):
        results = find("sensors")
    assert results.fell_back and results.backend == "database"
    assert sorted(titles(results)) == ["Damp sensors for council homes", "Sensor data triage"]
    assert "Elasticsearch did not answer" in caplog.text


def test_highlights_mark_the_words_and_escape_the_text(listing):
    listing(title="Sensors <script>alert(1)</script> & more")
    hit = find("sensors").hits[0]
    assert "<mark>Sensors</mark>" in hit.title and "<script>" not in hit.title and "&lt;script&gt;" in hit.title


def test_suggestions_offer_titles_by_prefix(three):
    assert set(service.suggest("sens")) == {"Sensor data triage", "Damp sensors for council homes"}
    assert service.suggest("casework tri") == ["Casework triage with machine learning"]
    assert service.suggest("") == [] and service.suggest("zzz") == []
