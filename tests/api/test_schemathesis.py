"""Property-based checks of the whole public API against its own OpenAPI schema, with Schemathesis.

The schema is loaded from the Django application in-process (WSGI, no server), and every operation is called
anonymously with a few generated requests each: no answer may be a server error, and the answers the schema
documents must match it. The database holds real rows first, so detail endpoints find some of them.
"""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from marketplace.accounts.models import Role
from tests.competition_builder import published
from tests.factories import BuyerOrganisationFactory, OrganisationFactory, member
from tests.listings import admit, published_solution

# Schemathesis's own pytest loader (`schemathesis.pytest.from_fixture`) breaks on pytest 9.2 (it sets
# `node._nodeid`, which pytest no longer has), and loading the schema when the module is collected would need the
# database before pytest-django allows it. So one test loads it from a fixture and runs a Hypothesis test per
# operation itself, collecting every failure before it reports.
SETTINGS = settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as found
    suppress_health_check=list(HealthCheck),
    database=None,
)
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def api_rows(db, operator):
    """An admitted supplier with a published listing, and a published competition, so detail endpoints hit rows."""
    supplier = OrganisationFactory()
    supplier_admin = member(supplier, Role.ADMIN)
    admit(operator, supplier_admin, supplier, "artificial-intelligence")
    solution = published_solution(operator, supplier_admin, supplier)
    competition = published(member(BuyerOrganisationFactory(), Role.ADMIN))
    return {
        "/api/v1/solutions/{id}/": {"id": solution.pk},
        "/api/v1/opportunities/{id}/": {"id": competition.pk},
        "/api/v1/categories/{slug}/": {"slug": "artificial-intelligence"},
        "/api/v1/regions/{code}/": {"code": "TLI"},
    }


@pytest.fixture
def api_schema(api_rows):  # noqa: ARG001 -- the rows must exist before the schema's requests run
    """The schema, loaded from the WSGI application; its requests run inside the test's transaction.

    Like Django's test client, the requests must not close the database connection when they finish (the
    test's transaction, and on SQLite the in-memory database, would go with it).
    """
    from marketplace.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_the_api_answers_generated_requests_without_server_errors_and_as_documented(api_schema, api_rows):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10
    failures, answered = {}, {}
    for operation in operations:

        @SETTINGS
        @given(case=operation.as_strategy())
        def check(case):
            cache.clear()  # the rate limits would answer 429 to the later examples
            response = case.call()
            answered.setdefault(f"{operation.method.upper()} {operation.path}", []).append(response.status_code)
            case.validate_response(response, checks=CHECKS)

        try:
            check()
        except Exception as error:  # noqa: BLE001 -- every operation's failure is reported together
            failures[f"{operation.method.upper()} {operation.path}"] = str(error)[:2000]
    assert not failures, "\n\n".join(f"{name}:\n{error}" for name, error in failures.items())
    # The detail endpoints, with the identifiers of real rows: found, and as documented.
    for operation in operations:
        if operation.method.upper() == "GET" and operation.path in api_rows:
            case = operation.Case(path_parameters=api_rows[operation.path])
            response = case.call()
            assert response.status_code == 200, (operation.path, response.status_code, response.text[:500])
            case.validate_response(response, checks=CHECKS)
    # Every operation was called, and the public ones found something.
    assert len(answered) == len(operations)
    assert 200 in answered["GET /api/v1/solutions/"] and 200 in answered["GET /api/v1/opportunities/"]
    print({name: sorted(set(statuses)) for name, statuses in answered.items()})
