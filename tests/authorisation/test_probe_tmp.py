import pytest
from django.test import Client
from .world import ACTORS

URLS = ["/admin/", "/admin/pages/", "/admin/users/", "/admin/documents/", "/admin/images/", "/admin/reports/site-history/", "/admin/snippets/",
        "/django-admin/", "/accounts/login/", "/accounts/signup/", "/accounts/email/", "/accounts/password/change/", "/accounts/2fa/", "/accounts/2fa/totp/activate/",
        "/", "/dashboard/", "/api/v1/", "/api/v1/schema/", "/api/v1/docs/"]

@pytest.mark.django_db
def test_probe(world):
    for actor in ACTORS:
        c = Client()
        if not actor.anonymous:
            c.force_login(world.users[actor.key])
        row = []
        for u in URLS:
            r = c.get(u)
            row.append(f"{u}={r.status_code}{'->'+r['Location'] if r.status_code in (301,302) else ''}")
        print(actor.key, "\n   ", "\n    ".join(row))

@pytest.mark.django_db
def test_probe2(world):
    for key in ["supplier_a_member", "editor", "superuser"]:
        c = Client(); c.force_login(world.users[key])
        r = c.get("/accounts/login/?next=/admin/")
        print(key, r.status_code, r.get("Location"))
        r = c.get("/accounts/login/?next=/admin/", follow=True)
        print(key, r.status_code, r.redirect_chain[:6])
