"""Fixtures for the supplier's screens: a signed-in supplier admin, a draft application, another supplier."""

import pytest

from marketplace.accounts.models import Role
from marketplace.admission import services
from tests.factories import OrganisationFactory, member


@pytest.fixture
def admin_client(client, supplier_admin):
    client.force_login(supplier_admin)
    return client


@pytest.fixture
def draft(supplier_org, supplier_admin):
    """A freshly started application: only the supplier itself is listed as a subject."""
    return services.application_start(actor=supplier_admin, organisation=supplier_org)


@pytest.fixture
def other_supplier(db):
    return OrganisationFactory()


@pytest.fixture
def other_supplier_admin(other_supplier):
    return member(other_supplier, Role.ADMIN)
