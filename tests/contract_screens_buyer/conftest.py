import pytest

from marketplace.accounts.models import Role
from tests.contract_builder import drafted, quick_award
from tests.contracts.conftest import award, terms, winner  # noqa: F401 (fixtures)
from tests.evaluation_fixtures import _media_in_tmp  # noqa: F401 (fixture)
from tests.factories import BuyerOrganisationFactory, member


@pytest.fixture
def contract(terms, award):
    """A draft contract of buyer_admin's organisation (buyer_admin owns the competition)."""
    return drafted(award)


@pytest.fixture
def other_buyer_admin(db):
    return member(BuyerOrganisationFactory(name="Another Council"), Role.ADMIN)


@pytest.fixture
def other_contract(terms, other_buyer_admin, winner):
    return drafted(quick_award(other_buyer_admin, winner[1], title="Another council's contract"))
