"""Template context every page needs: the service's name and the navigation for the signed-in side."""

from django.conf import settings
from django.urls import reverse

from .models import Side


def _item(request, label, url_name, *, post=False, prefix=None):
    url = reverse(url_name)
    active = not post and request.path.startswith(prefix or url) and url != "/"
    return {"label": label, "url": url, "active": active, "post": post}


def navigation(request):
    items = []
    user = getattr(request, "user", None)
    membership = getattr(request, "membership", None) if user and user.is_authenticated else None
    if membership is not None and membership.organisation.kind == Side.SUPPLIER:
        items = [
            _item(request, "Dashboard", "suppliers:dashboard"),
            _item(request, "Opportunities", "opportunities:list"),
            _item(request, "Search", "search:search"),
            _item(request, "Your organisation", "accounts:team", prefix="/organisation/"),
        ]
    elif membership is not None and membership.organisation.kind == Side.BUYER:
        items = [
            _item(request, "Dashboard", "buyers:dashboard"),
            _item(request, "Catalogue", "catalogue:list"),
            _item(request, "Search", "search:search"),
            _item(request, "Your organisation", "accounts:team", prefix="/organisation/"),
        ]
    elif membership is not None and membership.organisation.kind == Side.OPERATOR:
        items = [
            {"label": "Operator admin", "url": "/admin/", "active": False, "post": False},
            _item(request, "Your organisation", "accounts:team", prefix="/organisation/"),
        ]
    else:
        items = [
            _item(request, "Catalogue", "catalogue:list"),
            _item(request, "Opportunities", "opportunities:list"),
            _item(request, "Search", "search:search"),
        ]
    if user is not None and user.is_authenticated:
        items.append(_item(request, "Your account", "account_email", prefix="/accounts/"))
        items.append(_item(request, "Sign out", "account_logout", post=True))
    else:
        items.append(_item(request, "Sign in", "account_login"))
        items.append(_item(request, "Create an account", "account_signup"))
    return {
        "spark": {
            "service_name": settings.SPARK_SERVICE_NAME,
            "phase": settings.SPARK_PHASE,
            "contact_email": settings.SPARK_CONTACT_EMAIL,
            "navigation": items,
        }
    }
