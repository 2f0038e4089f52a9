import pytest

from marketplace.competitions import sealing
from tests.listings import admit

from ..factories import OrganisationFactory, member
from marketplace.accounts.models import Role


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
def sealing_key(settings, tmp_path):
    settings.SPARK_SEALING_KEY_FILE = tmp_path / "other-keys" / "bid-sealing.key"
    sealing.forget_keys()
    yield settings.SPARK_SEALING_KEY_FILE
    sealing.forget_keys()


@pytest.fixture
def world(buyer_admin, admitted_supplier):
    """Three bids opened by the owner (buyer_admin) and two evaluators, assigned to everything, nothing declared."""
    from tests.evaluation_builder import assign_all, evaluators, opened_with_bids

    bidders = [admitted_supplier()[1] for _ in range(3)]
    competition, bids = opened_with_bids(buyer_admin, bidders)
    team = evaluators(buyer_admin)
    assign_all(buyer_admin, competition, team)
    return {"competition": competition, "bids": bids, "team": team, "owner": buyer_admin}
