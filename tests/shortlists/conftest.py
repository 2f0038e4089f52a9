"""Fixtures for shortlists: an admitted supplier with public listings, buyers of two organisations, a shortlist."""

import pytest

from buyers import services
from marketplace.accounts.models import Role
from tests.factories import BuyerOrganisationFactory, OrganisationFactory, member
from tests.listings import admit, published_solution

CATEGORIES = ("artificial-intelligence", "data-analytics")


@pytest.fixture
def admitted_supplier(operator, supplier_admin, supplier_org):
    admit(operator, supplier_admin, supplier_org, *CATEGORIES)
    return supplier_org


@pytest.fixture
def make_listing(operator, supplier_member, admitted_supplier):
    """Publish a listing of the admitted supplier: make_listing(title=..., any published_solution argument)."""

    def make(title="Casework triage assistant", *, author=None, organisation=None, **kwargs):
        return published_solution(
            operator, author or supplier_member, organisation or admitted_supplier, title=title, **kwargs
        )

    return make


@pytest.fixture
def listing(make_listing):
    return make_listing()


@pytest.fixture
def second_supplier(operator):
    """Another admitted supplier (admitted to artificial intelligence only), with its admin."""
    organisation = OrganisationFactory()
    admin = member(organisation, Role.ADMIN)
    admit(operator, admin, organisation, "artificial-intelligence")
    return organisation, admin


@pytest.fixture
def buyer_evaluator(buyer_org):
    return member(buyer_org, Role.EVALUATOR)


@pytest.fixture
def other_buyer_org(db):
    return BuyerOrganisationFactory()


@pytest.fixture
def other_buyer(other_buyer_org):
    return member(other_buyer_org, Role.ADMIN)


@pytest.fixture
def shortlist(buyer_member, buyer_org):
    return services.shortlist_create(actor=buyer_member, organisation=buyer_org, name="Casework automation")


@pytest.fixture
def buyer_client(client, buyer_member):
    client.force_login(buyer_member)
    return client
