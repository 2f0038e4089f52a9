"""Every API error answers one JSON shape: {"error": {"status", "code", "message", "fields"}}."""

import pytest
from rest_framework.test import APIRequestFactory

from marketplace.accounts.models import Role
from marketplace.api import exception_handler
from marketplace.errors import DomainError, NotAllowed
from tests.factories import member

pytestmark = pytest.mark.django_db


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert list(body) == ["error"]
    error = body["error"]
    assert set(error) == {"status", "code", "message", "fields"}
    assert error["status"] == status
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["fields"], dict)
    return error


def test_a_validation_error_names_its_fields(api):
    error = assert_error(api().get("/api/v1/opportunities/", {"category": "no-such-category"}), 400, "invalid")
    assert list(error["fields"]) == ["category"]
    assert all(isinstance(message, str) for message in error["fields"]["category"])


def test_a_token_that_is_not_known_is_401_with_a_challenge(api):
    response = api(token="0" * 40).get("/api/v1/categories/")
    assert_error(response, 401, "authentication_failed")
    assert response["WWW-Authenticate"] == "Token"


def test_a_malformed_authorization_header_is_401(api):
    client = api()
    client.credentials(HTTP_AUTHORIZATION="Token two words")
    assert_error(client.get("/api/v1/categories/"), 401, "authentication_failed")


def test_no_credentials_on_a_members_endpoint_is_403(api):
    # The session comes first: without credentials there is no challenge to send, so DRF answers 403.
    assert_error(api().get("/api/v1/my/applications/"), 403, "not_authenticated")


def test_a_buyer_on_a_suppliers_endpoint_is_403(api, buyer_member):
    assert_error(api(buyer_member).get("/api/v1/my/applications/"), 403, "permission_denied")


def test_an_object_that_is_not_there_is_404(api):
    assert_error(api().get("/api/v1/categories/no-such-category/"), 404, "not_found")


@pytest.mark.parametrize("path", ["/api/v1/no-such-thing/", "/api/v1/categories/a/b/c/", "/api/v1/%E2%9C%93/"])
def test_an_unknown_path_under_the_api_is_the_json_404(api, path):
    assert_error(api().get(path), 404, "not_found")
    assert_error(api().post(path, {}), 404, "not_found")


def test_an_endpoint_without_its_slash_still_redirects_to_it(api):
    response = api().get("/api/v1/categories")
    assert response.status_code == 301 and response["Location"] == "/api/v1/categories/"


def test_a_method_the_endpoint_does_not_take_is_405(api, supplier_member):
    error = assert_error(api(supplier_member).post("/api/v1/categories/", {"name": "x"}), 405, "method_not_allowed")
    assert "POST" in error["message"]


def test_too_many_requests_is_429_with_retry_after(api, settings, monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {**AnonRateThrottle.THROTTLE_RATES, "anon": "2/minute"})
    client = api()
    for _ in range(2):
        assert client.get("/api/v1/categories/").status_code == 200
    response = client.get("/api/v1/categories/")
    assert_error(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0


def test_signed_in_people_have_their_own_rate_limit(api, supplier_member, monkeypatch):
    from rest_framework.throttling import UserRateThrottle

    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {**UserRateThrottle.THROTTLE_RATES, "user": "3/minute"})
    client = api(supplier_member)
    for _ in range(3):
        assert client.get("/api/v1/categories/").status_code == 200
    assert_error(client.get("/api/v1/categories/"), 429, "throttled")


def _context():
    return {"request": APIRequestFactory().get("/api/v1/"), "view": None}


def test_a_domain_error_from_a_service_is_a_400_with_its_code_and_field():
    response = exception_handler(DomainError("Enter a price", field="price_pence", code="no_price"), _context())
    assert response.status_code == 400
    assert response.data == {"error": {"status": 400, "code": "no_price", "message": "Enter a price",
                                       "fields": {"price_pence": ["Enter a price"]}}}


def test_not_allowed_from_a_service_is_a_403():
    response = exception_handler(NotAllowed("Only the buyer's admins may do this."), _context())
    assert response.status_code == 403
    assert response.data["error"]["code"] == "not_allowed"
    assert response.data["error"]["message"] == "Only the buyer's admins may do this."


def test_an_unexpected_exception_is_left_to_django():
    assert exception_handler(ValueError("bug"), _context()) is None


def test_the_schema_is_served_at_its_canonical_address_and_the_first_one(client):
    for path in ("/api/schema/", "/api/v1/schema/"):
        response = client.get(path, HTTP_ACCEPT="application/vnd.oai.openapi+json")
        assert response.status_code == 200
        schema = response.json()
        assert schema["openapi"].startswith("3.")
        assert "tokenAuth" in schema["components"]["securitySchemes"]
    for path in ("/api/docs/", "/api/v1/docs/"):
        response = client.get(path)
        assert response.status_code == 200 and b"/api/schema/" in response.content


def test_an_evaluator_refused_is_still_the_same_shape(api, buyer_org):
    evaluator = member(buyer_org, Role.EVALUATOR)
    assert_error(api(evaluator).get("/api/v1/invitations/"), 403, "permission_denied")
