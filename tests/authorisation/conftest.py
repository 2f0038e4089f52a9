"""Fixtures of the authorisation harness: the world, built once per module and rolled back after it."""

import pytest
from django.core.cache import cache
from django.db import transaction

from .world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Two organisations of each kind with every role (see world.py), shared by every test of a module.

    The rows live inside a transaction opened here and rolled back when the module is done; each test's
    own `db` transaction nests inside it as a savepoint, so whatever a test's POST changes is undone too.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def fresh_cache():
    """Rate limits (DRF throttles, allauth) and Wagtail's caches start empty for every request under test."""
    cache.clear()
    yield
    cache.clear()
