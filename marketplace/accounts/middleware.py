"""Request plumbing for accounts: the signed-in person's organisation, and MFA at the admin door."""

from django.core.exceptions import PermissionDenied
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
    """The door of the Wagtail and Django admin.

    Operators, editors and superusers set up TOTP before they can go in. A
    signed-in person with no right to the Wagtail admin gets a 403 page:
    Wagtail would send them to sign in, and allauth would send a signed-in
    person straight back, for ever.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(("/admin/", "/django-admin/")) and request.user.is_authenticated:
            if permissions.needs_mfa_for_admin(request.user):
                return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}")
            if request.path.startswith("/admin/") and not permissions.may_use_wagtail_admin(request.user):
                raise PermissionDenied("The Spark admin is for operators and content editors.")
        return self.get_response(request)
