"""Request plumbing for accounts: the signed-in person's organisation, and MFA at the admin door."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from . import permissions


class CurrentMembershipMiddleware:
    """Puts `request.membership` (or None) on the request: one query for a signed-in person, none otherwise.

    Resolved eagerly, not lazily, so `request.membership is None` means what it says.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = permissions.membership_of(request.user)
        return self.get_response(request)


class AdminRequiresMFAMiddleware:
    """Operators, editors and superusers set up TOTP before they can use the Wagtail or Django admin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path.startswith(("/admin/", "/django-admin/"))
            and permissions.needs_mfa_for_admin(request.user)
        ):
            return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
