import pytest

from tests.evaluation_fixtures import _media_in_tmp, admitted_supplier  # noqa: F401 (fixtures)


@pytest.fixture
def bidders(admitted_supplier):
    """Three supplier users, each of an admitted organisation."""
    return [admitted_supplier()[1] for _ in range(3)]
