"""Fixtures for the API's shared behaviour: clients, and an empty rate-limit cache for every test."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _empty_throttle_cache():
    """DRF's rate limits count in the default cache: every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    """api(user=None, token=None) -> an APIClient: signed in as `user`, or sending `token`, or anonymous."""

    def client_for(user=None, *, token=None):
        client = APIClient()
        if user is not None:
            client.force_login(user)
        if token is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    return client_for
