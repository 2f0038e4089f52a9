"""The project's pagination: `page` and `page_size`, with a maximum; what it does not understand is refused."""

import pytest
from rest_framework.pagination import PageNumberPagination

from marketplace.api import Pagination
from marketplace.taxonomy.models import Category

pytestmark = pytest.mark.django_db

URL = "/api/v1/categories/"


def test_it_is_the_default():
    from rest_framework.settings import api_settings

    assert api_settings.DEFAULT_PAGINATION_CLASS is Pagination
    assert Pagination.max_page_size == 100 and Pagination.page_size_query_param == "page_size"


def test_page_size_chooses_how_many_a_page_holds(api):
    count = Category.objects.count()
    assert count >= 3
    first = api().get(URL, {"page_size": 2}).json()
    assert first["count"] == count and len(first["results"]) == 2
    assert "page_size=2" in first["next"] and "page=2" in first["next"]
    second = api().get(first["next"]).json()
    assert len(second["results"]) == min(2, count - 2)
    assert api().get(URL, {"page_size": 100}).status_code == 200


def test_the_default_page_size_still_follows_the_settings(api, monkeypatch):
    monkeypatch.setattr(PageNumberPagination, "page_size", 1)
    assert len(api().get(URL).json()["results"]) == 1


@pytest.mark.parametrize("page_size", ["101", "1000000", "0", "-1", "abc", "1.5", "", "99999999999999999999999", "٣"])
def test_a_page_size_that_is_too_big_or_not_a_positive_whole_number_is_400(api, page_size):
    response = api().get(URL, {"page_size": page_size})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and list(error["fields"]) == ["page_size"]


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "٣"])
def test_a_page_number_that_is_not_understood_is_400(api, page):
    response = api().get(URL, {"page": page})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["page"]


@pytest.mark.parametrize("page", ["99", "99999999999999999999999"])
def test_a_page_past_the_end_is_404(api, page):
    response = api().get(URL, {"page": page})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_the_last_page_can_be_asked_for_by_name(api):
    response = api().get(URL, {"page": "last", "page_size": 1})
    assert response.status_code == 200 and response.json()["next"] is None


def test_the_schema_documents_the_limits(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/categories/"]["get"]["parameters"]}
    assert parameters["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert parameters["page"]["schema"]["minimum"] == 1
