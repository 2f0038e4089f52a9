"""Fixtures for the buyer's competition screens: buyers of two organisations, an admitted supplier, the builder."""

import pytest

from marketplace.accounts.models import Role
from tests.factories import BuyerOrganisationFactory, OrganisationFactory, member
from tests.listings import admit


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def admitted_supplier(operator):
    """make() -> (organisation, member user) admitted to artificial intelligence."""

    def make(slug="artificial-intelligence"):
        organisation = OrganisationFactory()
        admin = member(organisation, Role.ADMIN)
        admit(operator, admin, organisation, slug)
        return organisation, member(organisation, Role.MEMBER, mfa=False)

    return make


@pytest.fixture
def buyer_evaluator(buyer_org):
    return member(buyer_org, Role.EVALUATOR)


@pytest.fixture
def other_buyer(db):
    return member(BuyerOrganisationFactory(), Role.ADMIN)


@pytest.fixture
def owner_client(client, buyer_admin):
    client.force_login(buyer_admin)
    return client
