"""Site-wide views: health, the signed-in person's dashboard router, and error pages."""

import logging

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from marketplace.accounts import permissions
from marketplace.accounts.models import Side

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """200 with the checks' results when the database answers, 503 when it does not."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # any database failure makes the service unhealthy
        logger.warning("Health check: database unavailable: %s", exc)
        checks["database"] = "unavailable"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", "checks": checks}, status=200 if healthy else 503)


@login_required
def dashboard(request):
    """Send a signed-in person to their side's dashboard, or to onboarding if they have no organisation.

    Content editors and superusers belong to no organisation: their work is in the Wagtail admin.
    """
    membership = permissions.membership_of(request.user)
    if membership is None:
        return redirect("wagtailadmin_home" if permissions.may_use_wagtail_admin(request.user) else "accounts:start")
    if membership.organisation.kind == Side.SUPPLIER:
        return redirect("suppliers:dashboard")
    if membership.organisation.kind == Side.BUYER:
        return redirect("buyers:dashboard")
    return redirect("wagtailadmin_home")


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else "You do not have permission to see this page."
    return render(request, "errors/403.html", {"message": message}, status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)
