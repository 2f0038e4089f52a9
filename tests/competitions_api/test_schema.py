"""The competitions API is documented in the OpenAPI schema (validation itself runs in `make test`), and the schema
offers no bid content anywhere but the supplier's own bid."""

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_competition_paths_are_in_the_schema(schema):
    paths = schema["paths"]
    for path in ("/api/v1/opportunities/", "/api/v1/opportunities/{id}/", "/api/v1/invitations/",
                 "/api/v1/invitations/{competition_id}/clarifications/", "/api/v1/invitations/{competition_id}/bid/"):
        assert set(paths[path]) == {"get"}, path


def test_the_category_filter_is_documented(schema):
    parameters = schema["paths"]["/api/v1/opportunities/"]["get"]["parameters"]
    assert "category" in {parameter["name"] for parameter in parameters}


def test_only_the_own_bid_carries_content(schema):
    components = schema["components"]["schemas"]
    content_fields = {"content", "answers", "price_pence", "price_breakdown", "price_note", "attachments",
                      "sealed_draft", "sealed_content", "wrapped_key"}
    for name in ("Opportunity", "OpportunityDetail", "Invitation", "Clarification"):
        assert not set(components[name]["properties"]) & content_fields, name
    assert "content" in components["OwnBid"]["properties"]
    refs = str(schema["paths"])
    assert refs.count("#/components/schemas/OwnBid") == 1
    # Clarifications never name who asked.
    assert not set(components["Clarification"]["properties"]) & {"asked_by", "asked_by_organisation", "question"}
