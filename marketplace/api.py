"""Shared pieces of the public API (Django REST framework + drf-spectacular)."""


def keep_only_public_api_paths(endpoints):
    """drf-spectacular preprocessing hook: document only /api/v1/, not Wagtail's admin API views."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
