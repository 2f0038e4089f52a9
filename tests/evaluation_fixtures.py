"""Fixtures the evaluation and award test packages share; each package's conftest imports them."""

import pytest

from tests.competition_builder import quick_admitted_supplier


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded evidence, documents and attachments go to the test's own folder, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def admitted_supplier(db):
    """make() -> (organisation, member user) admitted to artificial intelligence. The admission rows are written
    directly (`quick_admitted_supplier`): admission itself is tested in tests/admission, and a real application per
    bidder was most of these tests' time."""

    def make(slug="artificial-intelligence"):
        return quick_admitted_supplier(slug, prefix="Bidder")

    return make
