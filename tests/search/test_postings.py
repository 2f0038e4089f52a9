"""The per-process cache of full-text matches (PostgreSQL): answers stay right as the index changes."""

import numpy as np
import pytest

from search import service
from search.backends import database
from search.backends.postings import Postings, intersect, subtract, union
from search.query import SearchRequest, parse
from suppliers import services as listings
from suppliers.models import Solution


def titles(text: str) -> list[str]:
    results = service.search(SearchRequest(query=parse(text)), load=True)
    return sorted(hit.object.title for hit in results.hits)


def retitle(solution, title: str) -> None:
    Solution.objects.filter(pk=solution.pk).update(title=title)
    service.update(kind="solution", object_ids=[solution.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("patch_limit", [database.PATCH_LIMIT, 0], ids=["patched", "read afresh"])
def test_words_searched_before_an_update_find_what_it_changed(listing, operator, monkeypatch, patch_limit):
    monkeypatch.setattr(database, "PATCH_LIMIT", patch_limit)
    gully = listing(title="Gully level monitoring")
    drain = listing(title="Drain survey")
    assert titles("gully") == ["Gully level monitoring"]
    assert titles('"level monitoring"') == ["Gully level monitoring"]
    assert titles("survey -gully") == ["Drain survey"]

    retitle(drain, "Gully and drain survey")
    assert titles("gully") == ["Gully and drain survey", "Gully level monitoring"]
    assert titles("survey -gully") == []
    assert titles("gully survey") == ["Gully and drain survey"]

    retitle(gully, "Culvert level monitoring")
    assert titles("gully") == ["Gully and drain survey"]
    assert titles('"level monitoring"') == ["Culvert level monitoring"]

    listings.solution_archive(actor=operator, solution=drain)
    assert titles("gully") == []
    assert titles("survey") == []


@pytest.mark.django_db
def test_the_title_boost_follows_an_update_of_a_cached_word(listing):
    listing(title="Gully sensors")
    drain = listing(title="Drain sensors")
    assert titles("gully") == ["Gully sensors"]
    retitle(drain, "Gully drain sensors")
    hits = service.search(SearchRequest(query=parse("gully"))).hits
    assert len(hits) == 2 and hits[0].score == hits[1].score  # both titles hold the word now


def test_the_least_recently_used_arrays_leave_first_past_the_budget():
    cache = Postings(budget=3 * 400)  # three arrays of 100 int32 ids
    for number in range(3):
        cache.put("t", str(number), 1, np.arange(100, dtype=np.int64))
    assert cache.get("t", "0") is not None  # now the most recently used
    cache.put("t", "3", 1, np.arange(100, dtype=np.int64))
    assert cache.get("t", "1") is None and cache.get("t", "0") is not None and len(cache) == 3
    generation, ids = cache.get("t", "3")
    assert generation == 1 and ids.dtype == np.int32 and not ids.flags.writeable


def test_sorted_id_arrays_combine():
    a, b, c = np.array([1, 3, 5, 7]), np.array([3, 4, 5]), np.array([5, 9])
    assert intersect([a, b, c]).tolist() == [5]
    assert intersect([a, np.array([], dtype=np.int64)]).tolist() == []
    assert union([a, c]).tolist() == [1, 3, 5, 7, 9]
    assert subtract(a, b).tolist() == [1, 7]
