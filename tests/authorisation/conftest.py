"""Fixtures of the authorisation harness: the world, built once per module and rolled back after it."""

from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings

from .snapshot import install_write_watch, remove_write_watch
from .world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Two organisations of each kind with every role (see world.py), shared by every test of a module.

    The rows live inside a transaction opened here and rolled back when the module is done; each test's
    own `db` transaction nests inside it as a savepoint, so whatever a test's POST changes is undone too.
    Uploaded documents (the world's and those a test uploads) go to the module's own folder, never var/.
    The writes to the watched tables are counted from the start (see snapshot.py). On SQLite that takes
    temporary triggers, created before the transaction and dropped after it: created inside it, they would
    be a schema change, and SQLite reads the whole schema again after every rollback to a savepoint (each
    test's end) of a transaction that changed it.
    """
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        install_write_watch()
        try:
            outer = transaction.atomic()
            outer.__enter__()
            try:
                yield build_world()
            finally:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
        finally:
            remove_write_watch()


@pytest.fixture
def fresh_cache():
    """Rate limits (DRF throttles, allauth) and Wagtail's caches start empty for every request under test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def shared_client():
    """One test client per module: building a client's handler (and WhiteNoise's index of static files) is slow.

    Tests reset its cookies before each use (see `client_as`).
    """
    return Client()


@pytest.fixture
def client_as(world, shared_client):
    """client_as(actor) -> the shared client, signed in as that actor (or anonymous), with no other cookies."""

    def sign_in(actor):
        shared_client.cookies = SimpleCookie()
        if actor.signed_in:
            shared_client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[actor.key]
        return shared_client

    return sign_in
