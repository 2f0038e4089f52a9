import pytest

from tests.contract_builder import publish_terms, quick_award
from tests.evaluation_fixtures import _media_in_tmp  # noqa: F401 (fixture)
from tests.competition_builder import quick_admitted_supplier
from tests.factories import member
from marketplace.accounts.models import Role


@pytest.fixture
def terms(db):
    return publish_terms()


@pytest.fixture
def winner(db):
    """(organisation, member user, admin user) of a supplier admitted to the competition's category."""
    organisation, user = quick_admitted_supplier(prefix="Winner")
    return organisation, user, member(organisation, Role.ADMIN)


@pytest.fixture
def award(buyer_admin, winner):
    return quick_award(buyer_admin, winner[1])


from tests.evaluation_fixtures import admitted_supplier  # noqa: E402,F401 (fixture)
