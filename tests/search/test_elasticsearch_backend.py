"""The Elasticsearch backend without a server: mappings, request bodies, and writes against a fake client.

The integration class at the end runs against a real cluster when ELASTICSEARCH_URL is set.
"""

import os
import time
import uuid
from datetime import date, datetime, timedelta
from types import SimpleNamespace

import elasticsearch
import pytest

from search.backends import elasticsearch as es_backend
from search.backends.elasticsearch import (
    UNAVAILABLE,
    ElasticsearchBackend,
    GuidanceDocument,
    OpportunityDocument,
    SolutionDocument,
)
from search.query import FACETS, SORTS, IndexDocument, SearchRequest, parse

TODAY = date(2025, 3, 14)


class FakeIndices:
    def __init__(self, client):
        self.client = client

    def create(self, **kwargs):
        self.client.calls.append(("create", kwargs))

    def refresh(self, **kwargs):
        self.client.calls.append(("refresh", kwargs))

    def get_alias(self, **kwargs):
        self.client.calls.append(("get_alias", kwargs))
        if self.client.aliased is None:
            raise elasticsearch.NotFoundError("alias missing", meta=None, body={})
        return {index: {"aliases": {kwargs["index"]: {}}} for index in self.client.aliased}

    def update_aliases(self, **kwargs):
        self.client.calls.append(("update_aliases", kwargs))

    def delete(self, **kwargs):
        self.client.calls.append(("delete", kwargs))


class FakeClient:
    """Records what the backend asks of a client; answers searches with a canned response."""

    def __init__(self, aliased=None, response=None):
        self.aliased = aliased  # indices the alias points at now; None: the alias does not exist
        self.response = response
        self.calls = []
        self.indices = FakeIndices(self)

    def options(self, **kwargs):
        self.calls.append(("options", kwargs))
        return self

    def search(self, index, body, **params):
        self.calls.append(("search", {"index": index, "body": body}))
        if isinstance(self.response, Exception):
            raise self.response
        return SimpleNamespace(body=self.response)

    def ping(self):
        return True


@pytest.fixture
def backend():
    return ElasticsearchBackend("http://elasticsearch.invalid:9200", prefix="spark", client=FakeClient())


@pytest.fixture
def bulk_calls(monkeypatch):
    """Replace bulk() where the backend imported it; record each call's actions (consumed) and options."""
    calls = []

    def fake_bulk(client, actions, **kwargs):
        actions = list(actions)
        calls.append({"client": client, "actions": actions, "kwargs": kwargs})
        return len(actions), []

    monkeypatch.setattr(es_backend, "bulk", fake_bulk)
    return calls


def body(backend, **kwargs):
    kwargs.setdefault("today", TODAY)
    return backend.build_search(SearchRequest(**kwargs)).to_dict()


def inner_query(request_body):
    """The text query inside the relevance sort's function_score."""
    return request_body["query"]["function_score"]["query"]


def doc(object_id, title="A listing", kind="solution", **kwargs):
    return IndexDocument(kind=kind, object_id=object_id, title=title, **kwargs)


# Mappings


@pytest.mark.parametrize("document", [SolutionDocument, OpportunityDocument, GuidanceDocument])
def test_mapping_analyses_text_in_english_and_keeps_facets_as_keywords(document):
    properties = document._doc_type.mapping.to_dict()["properties"]

    for name in ("title", "summary", "body"):
        assert (properties[name]["type"], properties[name]["analyzer"]) == ("text", "english")
    assert properties["title"]["fields"]["keyword"]["type"] == "keyword"
    assert properties["title"]["fields"]["keyword"]["normalizer"] == "lowercase_sort"
    assert properties["suggest"]["type"] == "completion"
    for name in ("categories", "regions", "standards", "pricing_model", "deployment", "supplier_size", "kind"):
        assert properties[name]["type"] == "keyword", name
    assert properties["trl"]["type"] == "integer"
    assert properties["object_id"]["type"] == "integer"
    assert properties["organisation_id"]["type"] == "integer"
    assert properties["price_min_pence"]["type"] == "long"
    assert properties["price_max_pence"]["type"] == "long"
    assert properties["published_at"]["type"] == "date"


def test_index_settings_define_the_sort_normalizer_the_mapping_uses():
    settings = SolutionDocument._index.clone(name="x").to_dict()["settings"]

    assert settings["analysis"]["normalizer"]["lowercase_sort"]["filter"] == ["lowercase", "asciifolding"]


def test_aliases_come_from_the_prefix_argument_or_the_setting(settings):
    assert ElasticsearchBackend("http://x", prefix="acme").alias("guidance") == "acme-guidance"
    assert ElasticsearchBackend("http://x").alias("solution") == "spark-solution"
    settings.SEARCH_ELASTICSEARCH_PREFIX = "staging"
    assert ElasticsearchBackend("http://x").alias("opportunity") == "staging-opportunity"
    with pytest.raises(ValueError):
        ElasticsearchBackend("http://x").alias("people")


# The text query


def test_two_words_must_both_match(backend):
    query = inner_query(body(backend, query=parse("cloud hosting")))

    must = query["bool"]["must"]
    assert [clause["multi_match"]["query"] for clause in must] == ["cloud", "hosting"]
    for clause in must:
        assert clause["multi_match"]["type"] == "best_fields"
        assert clause["multi_match"]["fields"] == ["title^3", "summary^2", "body"]
    assert "should" not in query["bool"]


def test_quoted_phrase_matches_as_a_phrase(backend):
    must = inner_query(body(backend, query=parse('"zero trust" network')))["bool"]["must"]

    assert {"query": "network", "type": "best_fields"}.items() <= must[0]["multi_match"].items()
    assert {"query": "zero trust", "type": "phrase"}.items() <= must[1]["multi_match"].items()


def test_a_quoted_stopword_cannot_empty_the_results(backend):
    # The english analyser drops "the"; the clause must then match everything rather than nothing.
    must = inner_query(body(backend, query=parse('"the" cloud')))["bool"]["must"]

    assert all(clause["multi_match"]["zero_terms_query"] == "all" for clause in must)


def test_exclusions_are_must_not_words_and_phrases(backend):
    query = inner_query(body(backend, query=parse('cloud -legacy -"on premise"')))

    must_not = [clause["multi_match"] for clause in query["bool"]["must_not"]]
    assert [(clause["query"], clause["type"]) for clause in must_not] == [
        ("legacy", "best_fields"), ("on premise", "phrase")]
    assert all("zero_terms_query" not in clause for clause in must_not)  # an excluded stopword excludes nothing
    assert [clause["multi_match"]["query"] for clause in query["bool"]["must"]] == ["cloud"]


def test_only_exclusions_match_everything_else(backend):
    query = inner_query(body(backend, query=parse("-legacy")))

    assert query["bool"]["must"] == [{"match_all": {}}]
    assert query["bool"]["must_not"][0]["multi_match"]["query"] == "legacy"


def test_empty_query_is_match_all_without_highlights(backend):
    request_body = body(backend, query=parse(""))

    assert inner_query(request_body) == {"match_all": {}}
    assert "highlight" not in request_body
    assert "post_filter" not in request_body


def test_highlights_marked_escaped_single_fragment(backend):
    highlight = body(backend, query=parse("cloud"))["highlight"]

    assert set(highlight["fields"]) == {"title", "summary", "body"}
    assert highlight["pre_tags"] == ["<mark>"] and highlight["post_tags"] == ["</mark>"]
    assert highlight["encoder"] == "html"
    assert highlight["fragment_size"] == 160
    assert highlight["number_of_fragments"] == 1


def test_ranges_filter_trl_and_overlapping_prices(backend):
    query = inner_query(body(backend, query=parse("cloud"), trl_min=4, trl_max=7,
                             price_min_pence=10_000, price_max_pence=90_000))

    assert query["bool"]["filter"] == [
        {"range": {"trl": {"gte": 4, "lte": 7}}},
        {"range": {"price_max_pence": {"gte": 10_000}}},
        {"range": {"price_min_pence": {"lte": 90_000}}},
    ]


def test_one_sided_trl_range(backend):
    query = inner_query(body(backend, trl_max=5))

    assert query["bool"]["filter"] == [{"range": {"trl": {"lte": 5}}}]
    assert query["bool"]["must"] == [{"match_all": {}}]


# Facets


def test_values_within_a_facet_combine_with_or(backend):
    request_body = body(backend, filters={"category": ("ai", "cloud")})

    assert request_body["post_filter"] == {"terms": {"categories": ["ai", "cloud"]}}


def test_facets_combine_with_and(backend):
    request_body = body(backend, filters={"category": ("ai",), "region": ("TLC", "TLD")})

    assert request_body["post_filter"] == {"bool": {"must": [
        {"terms": {"categories": ["ai"]}},
        {"terms": {"regions": ["TLC", "TLD"]}},
    ]}}


def test_each_facets_counts_apply_the_other_facets_filters_but_not_its_own(backend):
    aggs = body(backend, filters={"category": ("ai",), "region": ("TLC",)},
                facets=("category", "region", "trl"))["aggs"]

    assert aggs["_filter_category"]["filter"] == {"terms": {"regions": ["TLC"]}}
    assert aggs["_filter_region"]["filter"] == {"terms": {"categories": ["ai"]}}
    assert aggs["_filter_trl"]["filter"] == {"bool": {"must": [
        {"terms": {"categories": ["ai"]}}, {"terms": {"regions": ["TLC"]}}]}}
    assert aggs["_filter_category"]["aggs"]["category"]["terms"]["field"] == "categories"
    assert aggs["_filter_trl"]["aggs"]["trl"]["terms"]["field"] == "trl"
    assert aggs["_filter_region"]["aggs"]["region"]["terms"]["size"] >= 100


def test_only_the_facets_asked_for_are_counted(backend):
    assert "aggs" not in body(backend, filters={"category": ("ai",)})
    assert set(body(backend, facets=("standard",))["aggs"]) == {"_filter_standard"}
    every = body(backend, facets=FACETS)["aggs"]
    assert {name: agg["filter"] for name, agg in every.items()} == {f"_filter_{name}": {"match_all": {}}
                                                                     for name in FACETS}
    assert every["_filter_standard"]["aggs"]["standard"]["terms"]["field"] == "standards"
    assert every["_filter_supplier_size"]["aggs"]["supplier_size"]["terms"]["field"] == "supplier_size"


def test_opportunities_filter_on_categories_and_regions_and_ignore_catalogue_facets(backend):
    request_body = body(backend, kind="opportunity", filters={"region": ("TLC",), "trl": ("5",)},
                        facets=("category", "trl"))

    assert request_body["post_filter"] == {"terms": {"regions": ["TLC"]}}
    assert set(request_body["aggs"]) == {"_filter_category"}


# Order and pages


@pytest.mark.parametrize("sort, first", [
    ("relevance", {"_score": {"order": "desc"}}),
    ("title", {"title.keyword": {"order": "asc"}}),
    ("newest", {"published_at": {"order": "desc", "missing": "_last"}}),
    ("price_low", {"price_min_pence": {"order": "asc", "missing": "_last"}}),
    ("price_high", {"price_max_pence": {"order": "desc", "missing": "_last"}}),
])
def test_each_sort_ends_on_object_id(backend, sort, first):
    assert body(backend, query=parse("cloud"), sort=sort)["sort"] == [first, {"object_id": {"order": "asc"}}]


def test_every_sort_is_covered():
    assert set(es_backend.SORT_ORDERS) == set(SORTS)


def test_relevance_adds_a_tiny_tie_break_seeded_by_the_date(backend):
    function_score = body(backend, query=parse("cloud"))["query"]["function_score"]

    assert function_score["boost_mode"] == "sum"
    [function] = function_score["functions"]
    assert function["random_score"] == {"seed": TODAY.toordinal(), "field": "object_id"}
    assert 0 < function["weight"] <= 0.01


def test_tie_break_is_stable_for_a_day_and_changes_the_next(backend):
    def seed(day):
        return body(backend, today=day)["query"]["function_score"]["functions"][0]["random_score"]["seed"]

    assert seed(TODAY) == seed(date(2025, 3, 14))
    assert seed(TODAY + timedelta(days=1)) != seed(TODAY)


def test_field_sorts_do_not_score_randomly(backend):
    query = body(backend, query=parse("cloud"), sort="title")["query"]

    assert "function_score" not in query
    assert query["bool"]["must"][0]["multi_match"]["query"] == "cloud"


def test_pagination_and_exact_totals(backend):
    request_body = body(backend, page=3, page_size=10)

    assert (request_body["from"], request_body["size"]) == (20, 10)
    assert request_body["track_total_hits"] is True
    assert body(backend)["from"] == 0


# Answers


def test_search_maps_hits_totals_and_facets(backend):
    backend.client.response = {
        "hits": {"total": {"value": 42, "relation": "eq"}, "hits": [
            {"_id": "7", "_score": 3.5, "highlight": {"title": ["<mark>Cloud</mark> hosting"], "body": ["a", "b"]}},
            {"_id": "3", "_score": None},
        ]},
        "aggregations": {
            "_filter_trl": {"doc_count": 9, "trl": {"buckets": [{"key": 6, "doc_count": 5},
                                                                  {"key": 7, "doc_count": 4}]}},
            "_filter_category": {"doc_count": 9, "category": {"buckets": [{"key": "ai", "doc_count": 9}]}},
        },
    }

    result = backend.search(SearchRequest(query=parse("cloud"), facets=("trl", "category"), today=TODAY))

    [(name, sent)] = backend.client.calls
    assert name == "search" and sent["index"] == ["spark-solution"]
    assert [(hit.object_id, hit.score) for hit in result.hits] == [(7, 3.5), (3, 0.0)]
    assert result.hits[0].highlights == {"title": "<mark>Cloud</mark> hosting", "body": "a"}
    assert result.hits[1].highlights == {}
    assert result.total == 42
    assert result.facets == {"trl": {"6": 5, "7": 4}, "category": {"ai": 9}}


def test_connection_errors_propagate_for_the_caller_to_catch(backend):
    backend.client.response = elasticsearch.ConnectionError("refused")

    with pytest.raises(UNAVAILABLE):
        backend.search(SearchRequest(query=parse("cloud")))
    assert issubclass(elasticsearch.ConnectionTimeout, UNAVAILABLE)
    assert issubclass(elasticsearch.NotFoundError, UNAVAILABLE)


def test_suggest_asks_the_completion_field_and_returns_distinct_titles(backend):
    backend.client.response = {"hits": {"total": {"value": 0}, "hits": []}, "suggest": {"titles": [{
        "text": "cas", "options": [{"_source": {"title": "Casework triage"}},
                                   {"_source": {"title": "Casework triage"}},
                                   {"_source": {"title": "Case notes"}},
                                   {"_source": {"title": "Cashflow"}}]}]}}

    assert backend.suggest("  Cas ", kind="guidance", limit=2) == ["Casework triage", "Case notes"]
    [(_, sent)] = backend.client.calls
    assert sent["index"] == ["spark-guidance"]
    assert sent["body"]["suggest"]["titles"]["prefix"] == "Cas"
    assert sent["body"]["suggest"]["titles"]["completion"]["field"] == "suggest"
    assert backend.suggest("   ") == [] and len(backend.client.calls) == 1


# Writes


def test_to_source_stores_facets_and_suggestion_inputs():
    source = ElasticsearchBackend.to_source(doc(
        9, "Casework triage for councils", categories=("ai", "ai", "case"), trl=6, pricing_model="",
        deployment="cloud", published_at=datetime(2025, 1, 2, 3, 4, 5)))

    assert source["object_id"] == 9 and source["kind"] == "solution"
    assert source["categories"] == ["ai", "case"]
    assert source["pricing_model"] is None  # no empty-string facet value
    assert source["deployment"] == "cloud" and source["trl"] == 6
    assert source["published_at"] == "2025-01-02T03:04:05"
    # From the start and from each later word but "for", so "triage" and "councils" suggest it too.
    assert source["suggest"] == {"input": ["Casework triage for councils", "triage for councils", "councils"]}


def test_index_writes_to_the_alias_in_batches_of_500(backend, bulk_calls):
    written = backend.index([doc(n) for n in range(1, 1002)] + [doc(5000, kind="guidance")])

    assert written == 1002
    assert [len(call["actions"]) for call in bulk_calls] == [500, 500, 2]
    first = bulk_calls[0]["actions"][0]
    assert (first["_op_type"], first["_index"], first["_id"]) == ("index", "spark-solution", "1")
    assert first["_source"]["title"] == "A listing"
    assert bulk_calls[2]["actions"][1]["_index"] == "spark-guidance"


def test_remove_deletes_by_id_ignoring_missing(backend, bulk_calls):
    assert backend.remove("opportunity", [4, 5]) == 2

    [call] = bulk_calls
    assert call["actions"] == [{"_op_type": "delete", "_index": "spark-opportunity", "_id": "4"},
                               {"_op_type": "delete", "_index": "spark-opportunity", "_id": "5"}]
    assert 404 in call["kwargs"]["ignore_status"]


def test_rebuild_loads_a_new_index_then_swaps_the_alias_in_one_call(bulk_calls):
    client = FakeClient(aliased=["spark-solution-20240101000000000000"])
    backend = ElasticsearchBackend("http://x", prefix="spark", client=client)
    seen = []

    count = backend.rebuild("solution", (doc(n) for n in range(1, 1202)), progress=seen.append)

    assert count == 1201
    assert seen == [500, 1000, 1201]
    calls = [call for call in client.calls if call[0] != "options"]
    assert [name for name, _ in calls] == ["create", "refresh", "get_alias", "update_aliases", "delete"]
    new_index = calls[0][1]["index"]
    assert new_index.startswith("spark-solution-") and new_index != "spark-solution-20240101000000000000"
    assert calls[0][1]["mappings"]["properties"]["title"]["analyzer"] == "english"
    assert "lowercase_sort" in calls[0][1]["settings"]["analysis"]["normalizer"]
    assert [len(call["actions"]) for call in bulk_calls] == [500, 500, 201]
    assert {action["_index"] for call in bulk_calls for action in call["actions"]} == {new_index}
    assert calls[1][1] == {"index": new_index}
    assert calls[3][1] == {"actions": [
        {"remove": {"index": "spark-solution-20240101000000000000", "alias": "spark-solution"}},
        {"add": {"index": new_index, "alias": "spark-solution"}},
    ]}
    assert calls[4][1] == {"index": ["spark-solution-20240101000000000000"]}


def test_first_rebuild_adds_the_alias_and_deletes_nothing(bulk_calls):
    client = FakeClient(aliased=None)
    backend = ElasticsearchBackend("http://x", prefix="spark", client=client)

    assert backend.rebuild("guidance", [doc(1, kind="guidance")]) == 1

    [update] = [kwargs for name, kwargs in client.calls if name == "update_aliases"]
    [create] = [kwargs for name, kwargs in client.calls if name == "create"]
    assert update == {"actions": [{"add": {"index": create["index"], "alias": "spark-guidance"}}]}
    assert not [name for name, _ in client.calls if name == "delete"]


def test_rebuild_replaces_a_plain_index_that_has_the_alias_name(bulk_calls):
    client = FakeClient(aliased=["spark-solution"])
    backend = ElasticsearchBackend("http://x", prefix="spark", client=client)

    backend.rebuild("solution", [doc(1)])

    [update] = [kwargs for name, kwargs in client.calls if name == "update_aliases"]
    assert update["actions"][0] == {"remove_index": {"index": "spark-solution"}}
    assert not [name for name, _ in client.calls if name == "delete"]


def test_failed_rebuild_drops_the_new_index_and_keeps_the_alias(monkeypatch):
    client = FakeClient(aliased=["spark-solution-old"])
    backend = ElasticsearchBackend("http://x", prefix="spark", client=client)

    def failing_bulk(client, actions, **kwargs):
        raise elasticsearch.ConnectionError("gone")

    monkeypatch.setattr(es_backend, "bulk", failing_bulk)
    with pytest.raises(elasticsearch.ConnectionError):
        backend.rebuild("solution", [doc(1)])

    names = [name for name, _ in client.calls if name != "options"]
    assert names == ["create", "delete"]
    assert client.calls[-1][1]["index"] == [kwargs for name, kwargs in client.calls if name == "create"][0]["index"]


def test_rebuild_refuses_documents_of_another_kind(bulk_calls):
    client = FakeClient(aliased=None)
    backend = ElasticsearchBackend("http://x", prefix="spark", client=client)

    with pytest.raises(ValueError):
        backend.rebuild("solution", [doc(1), doc(2, kind="guidance")])
    assert not bulk_calls
    assert not [name for name, _ in client.calls if name == "update_aliases"]


def test_client_is_made_lazily_with_the_timeout():
    backend = ElasticsearchBackend("http://elasticsearch.invalid:9200", timeout=1.5)

    assert backend._client is None
    assert isinstance(backend.client, elasticsearch.Elasticsearch)
    assert backend.client is backend.client
    assert backend.client._request_timeout == 1.5
    assert backend.name == "elasticsearch"


# Against a real cluster


@pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"), reason="set ELASTICSEARCH_URL to run against a cluster")
class TestAgainstElasticsearch:
    @pytest.fixture
    def live(self):
        backend = ElasticsearchBackend(os.environ["ELASTICSEARCH_URL"], timeout=10,
                                       prefix=f"spark-test-{uuid.uuid4().hex[:8]}")
        yield backend
        for kind in ("solution",):
            try:
                indices = list(backend.client.indices.get_alias(index=backend.alias(kind)))
            except elasticsearch.NotFoundError:
                continue
            backend.client.indices.delete(index=indices)

    def test_rebuild_search_facets_and_suggest(self, live):
        documents = [
            doc(1, "Casework triage assistant", summary="Sorts incoming casework for councils",
                categories=("ai", "casework"), regions=("TLC",), trl=7, pricing_model="subscription",
                price_min_pence=100_000, price_max_pence=500_000),
            doc(2, "Cloud hosting", summary="Hosting for council casework systems",
                categories=("cloud",), regions=("TLC", "TLD"), trl=9, pricing_model="usage"),
            doc(3, "Parking permits", summary="Permits for residents", categories=("ai",), regions=("TLD",), trl=7),
        ]
        assert live.rebuild("solution", documents) == 3
        assert live.ping()

        result = live.search(SearchRequest(query=parse("casework"), facets=("category", "trl"), today=TODAY))
        assert {hit.object_id for hit in result.hits} == {1, 2}
        assert result.total == 2
        assert result.hits[0].object_id == 1  # the title match ranks first
        assert "<mark>" in result.hits[0].highlights["title"]
        assert result.facets["category"] == {"ai": 1, "casework": 1, "cloud": 1}
        assert result.facets["trl"] == {"7": 1, "9": 1}

        # Choosing a category narrows the hits, but that facet still counts its other values.
        narrowed = live.search(SearchRequest(query=parse("casework"), filters={"category": ("cloud",)},
                                             facets=("category", "trl"), today=TODAY))
        assert [hit.object_id for hit in narrowed.hits] == [2]
        assert narrowed.facets["category"] == {"ai": 1, "casework": 1, "cloud": 1}
        assert narrowed.facets["trl"] == {"9": 1}

        assert live.suggest("cas") == ["Casework triage assistant"]
        assert live.suggest("triage") == ["Casework triage assistant"]

        # A second rebuild swaps the alias: the old concrete index is gone, the new one answers.
        first = set(live.client.indices.get_alias(index=live.alias("solution")))
        time.sleep(0.01)
        assert live.rebuild("solution", documents[:1]) == 1
        second = set(live.client.indices.get_alias(index=live.alias("solution")))
        assert first.isdisjoint(second) and len(second) == 1
        assert not live.client.indices.exists(index=",".join(first))
        assert live.search(SearchRequest(today=TODAY)).total == 1
