"""The search pages, the suggestions endpoint, the search API and `manage.py search_index`."""

from io import StringIO

import pytest
from django.core.management import call_command

from search.backends import snapshot
from search.models import SearchEntry
from suppliers.models import Solution

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(listing):
    return listing(title="Damp sensors for council homes"), listing(title="Casework triage assistant")


def test_the_search_page_finds_solutions_and_shows_a_tab_per_kind(client, two):
    html = client.get("/search/?q=damp").content.decode()
    assert "Solutions (1)" in html and "Opportunities (0)" in html and "Guidance (0)" in html
    assert "<mark>Damp</mark> sensors for council homes" in html
    assert 'href="/catalogue/%d/"' % two[0].pk in html
    empty = client.get("/search/?q=damp&kind=opportunity").content.decode()
    assert "There are no open opportunities to search yet." in empty


@pytest.mark.parametrize("query", ["q=" + "x" * 10_000, "q=%22unbalanced", "q=NEAR(a*", "q=damp&page=999",
                                   "q=damp&page=-1", "q=damp&page=abc", "kind=bids", "q=%00"])
def test_bad_input_gives_a_normal_search_page(client, two, query):
    response = client.get(f"/search/?{query}")
    assert response.status_code == 200
    assert 'id="result-count"' in response.content.decode()


@pytest.mark.parametrize("query", ["q=" + "x" * 10_000, "q=(((", "category=no-such&q=damp", "page=999&q=sensors",
                                   "q=-damp"])
def test_bad_input_gives_a_normal_catalogue_page(client, two, query):
    response = client.get(f"/catalogue/?{query}")
    assert response.status_code == 200


def test_the_catalogue_searches_by_words_with_facet_counts(client, two):
    response = client.get("/catalogue/?q=triage")
    assert [solution.title for solution in response.context["solutions"]] == ["Casework triage assistant"]
    html = response.content.decode()
    assert 'name="q" type="search" value="triage"' in html
    assert "Words: triage" in html
    assert "Best match" in html  # a search by words can be ordered by relevance
    assert "<mark>triage</mark>" in html


def test_a_page_past_the_end_shows_the_last_page(client, listing):
    for number in range(22):
        listing(title=f"Sensor {number:02d}")
    response = client.get("/catalogue/?q=sensor&page=9")
    assert response.context["page"].number == 2 and len(response.context["solutions"]) == 2


def test_suggestions_are_json_for_the_search_box(client, two):
    response = client.get("/search/suggestions/?kind=solution&q=casew")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response.json() == {"suggestions": ["Casework triage assistant"]}
    assert client.get("/search/suggestions/?kind=nonsense&q=casew").json() == {"suggestions": []}
    assert client.get("/search/suggestions/?q=").json() == {"suggestions": []}


def test_the_api_answers_with_hits_facets_and_total(client, two):
    body = client.get("/api/v1/search/?q=sensors&pricing_model=subscription").json()
    assert body["total"] == 1 and body["pages"] == 1 and body["page"] == 1
    assert body["hits"][0]["id"] == two[0].pk and "<mark>" in body["hits"][0]["title"]
    assert body["facets"]["pricing_model"] == {"subscription": 1}
    assert client.get("/api/v1/search/?kind=bids").status_code == 400
    assert client.get("/api/v1/search/?page=0").status_code == 400
    assert client.get("/api/v1/search/?category=unknown").json()["total"] == 0


def test_search_index_rebuild_and_update_bring_the_index_in_line_with_the_database(two):
    # Something changed behind the services' back: a listing's title, and the index lost an entry.
    Solution.objects.filter(pk=two[0].pk).update(title="Flood level monitoring")
    SearchEntry.objects.filter(object_id=two[1].pk).delete()
    out = StringIO()
    call_command("search_index", "--update", stdout=out)
    assert "Updated solution: 2 findable, 0 removed" in out.getvalue()
    assert SearchEntry.objects.get(object_id=two[0].pk).title == "Flood level monitoring"
    assert SearchEntry.objects.filter(object_id=two[1].pk, live=True).exists()

    epoch = snapshot.current().epoch
    out = StringIO()
    call_command("search_index", "--rebuild", stdout=out)
    assert "Rebuilt solution: 2 entries" in out.getvalue()
    assert snapshot.current().epoch != epoch  # every process reloads its arrays after a rebuild


def test_search_index_refuses_elasticsearch_when_it_is_not_configured(settings):
    settings.ELASTICSEARCH_URL = ""
    with pytest.raises(Exception, match="ELASTICSEARCH_URL"):
        call_command("search_index", "--rebuild", "--backend", "elasticsearch", stdout=StringIO())


def test_the_search_pages_links_keep_the_words(client, listing):
    for number in range(22):
        listing(title=f"Sensor {number:02d}")
    html = client.get("/search/?q=sensor").content.decode()
    assert 'href="?q=sensor&amp;page=2" rel="next"' in html
    second = client.get("/search/?q=sensor&page=2")
    assert len(second.context["results"].hits) == 2 and 'rel="prev"' in second.content.decode()
