"""The relevance corpus (tests/search/corpus.py) against the database backend, through the search service.

Each case publishes nothing new: the corpus fixture publishes every listing through the real services (which
update the index), then each query must put its `first` listings first, leave its `absent` ones out and,
where given, find exactly `total`. The same cases run against Elasticsearch in test_elasticsearch_backend.py
when ELASTICSEARCH_URL is set.
"""

import os
import uuid

import pytest

from search import service
from search.query import SearchRequest, parse

from .corpus import CASES

pytestmark = pytest.mark.django_db


def run(case, corpus, backend="database"):
    results = service.search(SearchRequest(query=parse(case["query"]), filters=dict(case["filters"]),
                                           page_size=100))
    assert results.backend == backend and not results.fell_back
    by_id = {solution.pk: key for key, solution in corpus.items()}
    return [by_id[hit.object_id] for hit in results.hits], results.total


def misses(corpus, backend="database") -> dict:
    """Every case that went wrong and how, so one run shows all the misses."""
    wrong = {}
    for case in CASES:
        keys, total = run(case, corpus, backend)
        problems = []
        first = list(case["first"])
        if keys[: len(first)] != first:
            problems.append(f"first {keys[: len(first) + 2]}, wanted {first}")
        if leaked := [key for key in case["absent"] if key in keys]:
            problems.append(f"should not find {leaked}")
        if "total" in case and total != case["total"]:
            problems.append(f"found {total}, wanted {case['total']}")
        if problems:
            wrong[f"{case['name']} ({case['query']!r})"] = problems
    return wrong


def test_every_relevance_case(corpus):
    assert misses(corpus) == {}


@pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"), reason="set ELASTICSEARCH_URL to run against a cluster")
def test_every_relevance_case_against_elasticsearch(corpus, settings):
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.SEARCH_ELASTICSEARCH_PREFIX = f"spark-test-{uuid.uuid4().hex[:8]}"
    elasticsearch = service.backend_for("elasticsearch")
    service.rebuild(backends=[elasticsearch])
    try:
        assert misses(corpus, backend="elasticsearch") == {}
    finally:
        elasticsearch.client.indices.delete(index=f"{settings.SEARCH_ELASTICSEARCH_PREFIX}-*")


def test_the_total_counts_every_match_not_just_the_page(corpus):
    results = service.search(SearchRequest(query=parse(""), page_size=5))
    assert len(results.hits) == 5 and results.total == len(corpus)
