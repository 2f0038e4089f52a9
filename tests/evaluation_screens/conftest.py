import pytest

from marketplace.competitions import sealing
from tests.competition_builder import quick_admitted_supplier


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def admitted_supplier(db):
    """make() -> (organisation, member user) admitted to artificial intelligence. The admission rows are written
    directly (`quick_admitted_supplier`): admission itself is tested in tests/admission, and a real application per
    bidder was most of these tests' time."""

    def make(slug="artificial-intelligence"):
        return quick_admitted_supplier(slug, prefix="Bidder")

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
