import pytest

from tests.evaluation_fixtures import _media_in_tmp, admitted_supplier  # noqa: F401 (fixtures)


@pytest.fixture
def world(buyer_admin, admitted_supplier):
    """Three bids opened by the owner (buyer_admin) and two evaluators, assigned to everything, nothing declared."""
    from tests.evaluation_builder import assign_all, evaluators, opened_with_bids

    bidders = [admitted_supplier()[1] for _ in range(3)]
    competition, bids = opened_with_bids(buyer_admin, bidders)
    team = evaluators(buyer_admin)
    assign_all(buyer_admin, competition, team)
    return {"competition": competition, "bids": bids, "team": team, "owner": buyer_admin}
