"""Where the Wagtail admin's refusal leads a signed-in person who may not use it.

Wagtail answers a signed-in person without `wagtailadmin.access_admin` with a redirect to its sign-in URL
(WAGTAILADMIN_LOGIN_URL, allauth's sign-in page here), as the route table records. That page must then end
the journey (show a page or refuse with 403): it must not send them straight back to the admin, which would
send them to sign in again, for ever.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from .world import ACTORS_BY_KEY

# One person of each kind who may not use the admin: a supplier, a buyer, someone without an organisation.
REFUSED = ["supplier_a_member", "buyer_a_admin", "newcomer"]
ADMIN_URLS = [lambda: reverse("wagtailadmin_home"), lambda: reverse("buyer_verification:index")]


@pytest.mark.parametrize("actor_key", REFUSED)
@pytest.mark.parametrize("admin_url", ADMIN_URLS, ids=["wagtailadmin_home", "buyer_verification:index"])
def test_the_admin_refusal_ends_instead_of_looping(actor_key, admin_url, world, db, fresh_cache, client_as):
    client = client_as(ACTORS_BY_KEY[actor_key])
    url = admin_url()

    refusal = client.get(url)
    assert refusal.status_code in (302, 403), f"GET {url} answered {refusal.status_code}"
    if refusal.status_code == 403:
        return
    sign_in = refusal["Location"]
    assert sign_in.startswith(reverse("account_login")), f"GET {url} redirected to {sign_in}"

    after_sign_in = client.get(sign_in)
    back_to = urlsplit(after_sign_in.get("Location", "")).path
    assert not (after_sign_in.status_code in (301, 302) and back_to == url), (
        f"{actor_key}: GET {url} -> {sign_in} -> {after_sign_in['Location']}: a redirect loop. "
        "A signed-in person without admin access should get a 403 page (or a page that says so), "
        "not be sent back to the admin they were refused."
    )
