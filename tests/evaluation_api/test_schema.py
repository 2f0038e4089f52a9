"""The evaluation and award API is in the OpenAPI schema (validation itself runs in `make test`), and none of its
components carries bid content."""

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_paths_are_in_the_schema(schema):
    paths = schema["paths"]
    for path in ("/api/v1/evaluation/assignments/", "/api/v1/evaluation/scores/",
                 "/api/v1/moderation/{competition_id}/", "/api/v1/award-notices/",
                 "/api/v1/award-notices/{competition_id}/"):
        assert set(paths[path]) == {"get"}, path
    parameters = {p["name"] for p in paths["/api/v1/award-notices/"]["get"]["parameters"]}
    assert {"published_from", "published_to", "page"} <= parameters


def test_no_bid_content_in_the_evaluation_components(schema):
    components = schema["components"]["schemas"]
    content_fields = {"content", "answers", "price_breakdown", "price_note", "attachments", "sealed_draft",
                      "sealed_content", "wrapped_key"}
    for name in ("EvaluationAssignment", "EvaluationScore", "Moderation", "ModerationRow", "ModerationCell",
                 "AwardNotice"):
        assert not set(components[name]["properties"]) & content_fields, name
    # An evaluator's own scores never say whose they are or name the supplier.
    assert not set(components["EvaluationScore"]["properties"]) & {"evaluator_id", "supplier_name", "supplier"}
