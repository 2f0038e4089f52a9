"""The read-only catalogue API at /api/v1/solutions/: public listings, the same filters, 400 on bad values."""

import pytest

from marketplace.admission import services as admission
from marketplace.admission.models import Admission
from suppliers import services

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["results"]]


def test_a_listing_has_the_documented_fields(api, listing, admitted):
    solution = listing(standards=("iso-27001", "cyber-essentials"), slugs=("artificial-intelligence", "data-analytics"))
    response = api().get("/api/v1/solutions/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["next"] is None
    item = body["results"][0]
    assert item == {
        "id": solution.pk,
        "title": "Casework triage assistant",
        "summary": "Sorts incoming casework by urgency",
        "description": solution.description,
        "supplier": {"name": admitted.name, "size": "small"},
        "categories": [
            {"slug": "artificial-intelligence", "name": "Artificial intelligence and machine learning"},
            {"slug": "data-analytics", "name": "Data and analytics"},
        ],
        "readiness_level": 7,
        "pricing_model": "subscription",
        "price_min_pence": 500_000,
        "price_max_pence": 2_500_000,
        "deployment": "cloud",
        "regions": ["TLI", "TLM"],
        "standards": ["iso-27001", "cyber-essentials"],
        "case_studies": [{"client_sector": "Local government", "problem": "Backlog of 4,000 cases",
                          "outcome": "Backlog cleared in 6 weeks"}],
        "published_at": item["published_at"],
        "url": f"http://testserver/catalogue/{solution.pk}/",
    }
    assert item["published_at"].startswith(str(solution.published_at.year))
    assert "<p>" in item["description"]
    detail = api().get(f"/api/v1/solutions/{solution.pk}/")
    assert detail.status_code == 200 and detail.json() == item


def test_only_public_listings_and_a_private_one_is_not_found(api, listing, draft, admitted, operator):
    live = listing(title="Live")
    hidden = draft(title="Draft")
    assert titles(api().get("/api/v1/solutions/")) == ["Live"]
    assert api().get(f"/api/v1/solutions/{hidden.solution_id}/").status_code == 404
    admission.admission_suspend(
        actor=operator, admission=Admission.objects.get(organisation=admitted, category__slug="artificial-intelligence"),
        reason="Insurance lapsed",
    )
    assert titles(api().get("/api/v1/solutions/")) == []
    assert api().get(f"/api/v1/solutions/{live.pk}/").status_code == 404


def test_the_api_is_read_only(api, listing, supplier_member, operator):
    solution = listing()
    for user in (None, supplier_member, operator):
        client = api(user)
        assert client.post("/api/v1/solutions/", {"title": "x"}).status_code in (403, 405)
        assert client.delete(f"/api/v1/solutions/{solution.pk}/").status_code in (403, 405)
        assert client.patch(f"/api/v1/solutions/{solution.pk}/", {"title": "x"}).status_code in (403, 405)


def test_filters_and_sort_are_the_catalogue_pages(api, listing, supplier):
    listing(title="Cheap", price_min_pence=10_000, price_max_pence=20_000, readiness_level=4)
    listing(title="Dear", price_min_pence=1_000_000, price_max_pence=5_000_000, readiness_level=9,
            slugs=("data-analytics",))
    client = api()
    assert titles(client.get("/api/v1/solutions/?category=data-analytics")) == ["Dear"]
    assert titles(client.get("/api/v1/solutions/?trl_min=5")) == ["Dear"]
    assert titles(client.get("/api/v1/solutions/?price_max=150")) == ["Cheap"]
    assert titles(client.get("/api/v1/solutions/?sort=price_high")) == ["Dear", "Cheap"]
    # A filter on one listing's address does not apply.
    assert client.get(f"/api/v1/solutions/{client.get('/api/v1/solutions/').json()['results'][0]['id']}/"
                      "?trl_min=99").status_code == 200


@pytest.mark.parametrize("query,field", [
    ("category=nope", "category"),
    ("trl_min=99", "trl_min"),
    ("price_min=abc", "price_min"),
    ("price_max=99999999999999999999", "price_max"),
    ("region=XX", "region"),
    ("supplier_size=huge", "supplier_size"),
    ("standard=nope", "standard"),
    ("sort=random", "sort"),
    ("trl_min=8&trl_max=3", "trl_max"),
])
def test_a_filter_value_that_is_not_understood_is_a_400_with_the_field_errors(api, listing, query, field):
    listing()
    response = api().get(f"/api/v1/solutions/?{query}")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert list(fields) == [field] and fields[field]


def test_results_are_paginated(api, listing, monkeypatch):
    from rest_framework.pagination import PageNumberPagination

    monkeypatch.setattr(PageNumberPagination, "page_size", 2)  # 50 by default (REST_FRAMEWORK["PAGE_SIZE"])
    for title in ("A", "B", "C"):
        listing(title=title)
    first = api().get("/api/v1/solutions/?sort=title").json()
    assert first["count"] == 3 and [item["title"] for item in first["results"]] == ["A", "B"]
    assert first["next"] == "http://testserver/api/v1/solutions/?page=2&sort=title"
    assert titles(api().get(first["next"])) == ["C"]
    assert api().get("/api/v1/solutions/?page=99").status_code == 404


def test_the_schema_documents_the_solutions_paths_and_filters(api):
    response = api().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert "/api/v1/solutions/" in schema["paths"] and "/api/v1/solutions/{id}/" in schema["paths"]
    names = {parameter["name"] for parameter in schema["paths"]["/api/v1/solutions/"]["get"]["parameters"]}
    assert {"category", "trl_min", "trl_max", "pricing_model", "price_min", "price_max", "deployment", "region",
            "supplier_size", "standard", "sort", "page"} <= names
    # The core's router still answers beside this one.
    assert "/api/v1/categories/" in schema["paths"]


def test_the_core_api_still_answers_under_the_same_prefix(api):
    assert api().get("/api/v1/categories/").status_code == 200
    assert api().get("/api/v1/").status_code == 200


def test_a_new_version_in_review_does_not_change_the_api(api, listing, supplier_member):
    solution = listing(title="Version one")
    revision = services.solution_edit(actor=supplier_member, solution=solution)
    services.revision_update(actor=supplier_member, revision=revision, title="Version two")
    services.revision_submit(actor=supplier_member, revision=revision)
    assert titles(api().get("/api/v1/solutions/")) == ["Version one"]
