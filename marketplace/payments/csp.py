"""The content security policy a card payment page needs on top of the site's: Stripe.js and what it talks to.

Read from the settings on each request (tests and `make run` point STRIPE_JS_URL and STRIPE_API_BASE at a
localstripe on a port of their own). Stripe's own script needs its frames (card fields and 3-D Secure) and its
API; localstripe's stand-in draws plain inputs and calls the server it was loaded from.
"""

from functools import wraps
from urllib.parse import urlsplit

from csp.decorators import csp_update
from django.conf import settings

STRIPE_JS_ORIGIN = "https://js.stripe.com"
STRIPE_FRAMES = [STRIPE_JS_ORIGIN, "https://hooks.stripe.com"]
STRIPE_API_ORIGIN = "https://api.stripe.com"


def _origin(url: str) -> str:
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def stripe_sources() -> dict[str, list[str]]:
    script = _origin(settings.STRIPE_JS_URL)
    if not script:
        return {}
    if script == STRIPE_JS_ORIGIN:
        return {"script-src": [script], "frame-src": STRIPE_FRAMES, "connect-src": [STRIPE_API_ORIGIN]}
    connect = sorted({script, _origin(settings.STRIPE_API_BASE)} - {""})
    return {"script-src": [script], "connect-src": connect}


def allow_stripe_js(view):
    """Let the page `view` renders load Stripe.js (or localstripe's stand-in) and let it reach Stripe."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return csp_update(stripe_sources())(view)(request, *args, **kwargs)

    return wrapper
