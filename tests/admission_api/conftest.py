"""Fixtures for the admission API: a second supplier, API clients signed in as each role, admitted suppliers."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from marketplace.accounts.models import Role
from marketplace.admission import services
from marketplace.admission.models import CategoryDecision
from tests.applications import categories, submitted_application
from tests.factories import OrganisationFactory, member


@pytest.fixture(autouse=True)
def _empty_throttle_cache():
    """DRF's anonymous rate limit counts in the cache: every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def other_supplier_org(db):
    return OrganisationFactory()


@pytest.fixture
def other_supplier_admin(other_supplier_org):
    return member(other_supplier_org, Role.ADMIN)


@pytest.fixture
def api():
    """api(user or None) -> an APIClient signed in as that user (anonymous for None)."""

    def client_for(user=None):
        client = APIClient()
        if user is not None:
            client.force_login(user)
        return client

    return client_for


@pytest.fixture
def admit(operator):
    """admit(admin, organisation, admitted=[slugs], rejected=[slugs]) -> the decided application.

    Fills, submits and decides an application through the services, as an operator.
    """

    def decide(admin, organisation, *, admitted=("artificial-intelligence",), rejected=()):
        application = submitted_application(admin, organisation, slugs=(*admitted, *rejected))
        for category in categories(*admitted):
            services.application_decide_category(
                actor=operator, application=application, category=category, decision=CategoryDecision.ADMITTED
            )
        for category in categories(*rejected):
            services.application_decide_category(
                actor=operator, application=application, category=category, decision=CategoryDecision.REJECTED,
                reason=f"The statement does not show solutions in {category.name.lower()}.",
            )
        application.refresh_from_db()
        return application

    return decide


@pytest.fixture
def roles(supplier_admin, supplier_member, other_supplier_admin, buyer_admin, buyer_member, operator):
    """Every signed-in role the API is asked as, by name."""
    return {
        "supplier_admin": supplier_admin,
        "supplier_member": supplier_member,
        "other_supplier_admin": other_supplier_admin,
        "buyer_admin": buyer_admin,
        "buyer_member": buyer_member,
        "operator": operator,
    }
