import pytest

from marketplace.accounts.models import Role
from tests.factories import OrganisationFactory, member


@pytest.fixture
def other_supplier(db):
    return OrganisationFactory()


@pytest.fixture
def other_supplier_admin(other_supplier):
    return member(other_supplier, Role.ADMIN)
