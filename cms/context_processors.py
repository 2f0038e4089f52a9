"""The site's header, phase banner and footer as editors set them (Site settings), for every page.

Read through the cache, so a page costs no queries for them; saving the settings forgets the cached copy.
If the database cannot be read (the error page of an outage), the defaults from Django's settings stand.
"""

import logging

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from .models import SITE_CHROME_CACHE_KEY, SiteSettings

logger = logging.getLogger(__name__)
CACHE_SECONDS = 300


def _defaults() -> dict:
    return {
        "service_name": settings.SPARK_SERVICE_NAME,
        "phase": settings.SPARK_PHASE,
        "phase_banner_text": "",
        "contact_email": settings.SPARK_CONTACT_EMAIL,
        "navigation_links": [],
        "footer_links": [],
    }


def _chrome(site) -> dict:
    # Not SiteSettings.for_site(), which creates the row: reading a page must never write.
    found = SiteSettings.objects.filter(site=site).first()
    if found is None:
        return _defaults()
    links = lambda related: [  # noqa: E731
        {"label": link.label, "href": link.href} for link in related.select_related("page").order_by("sort_order")
    ]
    return {
        "service_name": found.service_name,
        "phase": "" if found.phase == "live" else found.phase,
        "phase_banner_text": found.phase_banner_text,
        "contact_email": found.contact_email,
        "navigation_links": links(found.navigation_links),
        "footer_links": links(found.footer_links),
    }


def site_chrome(request):
    # Lazy: only pages that show the header or footer (not the Wagtail admin's) read it.
    return {"site_chrome": SimpleLazyObject(lambda: _site_chrome(request))}


def default_chrome() -> dict:
    """What a new installation shows: the settings row its migration makes holds exactly these values."""
    return _defaults()


def _site_chrome(request) -> dict:
    host = request.get_host() if request else ""
    by_host = caches["site_chrome"].get(SITE_CHROME_CACHE_KEY) or {}
    chrome = by_host.get(host)
    if chrome is None:
        try:
            site = Site.find_for_request(request) if request else None
            chrome = _chrome(site) if site is not None else _defaults()
        except DatabaseError:
            logger.warning("Site settings could not be read; showing the defaults", exc_info=True)
            return _defaults()
        caches["site_chrome"].set(SITE_CHROME_CACHE_KEY, {**by_host, host: chrome}, CACHE_SECONDS)
    return chrome
