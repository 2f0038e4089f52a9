"""Sign-ups and sign-ins are audited; personal data stays beside the chain, not in it."""

import pytest

from marketplace.audit.models import AuditEvent, AuditPersonalData
from marketplace.accounts.models import User
from tests.factories import PASSWORD, UserFactory, member

pytestmark = pytest.mark.django_db


def test_sign_up_is_audited_in_the_marketplace_stream(client):
    client.post(
        "/accounts/signup/",
        {"side": "supplier", "first_name": "Ada", "last_name": "King", "email": "ada@engine.example",
         "password1": "analytical-engine-1843"},
    )
    user = User.objects.get(email="ada@engine.example")
    event = AuditEvent.objects.get(verb="user.signed_up", actor_id=user.pk)
    assert event.stream.key == "marketplace"
    assert event.data == {"side": "supplier"}
    assert AuditPersonalData.objects.get(event=event).data["email"] == "ada@engine.example"


def test_sign_in_is_audited_in_the_organisation_stream(client, supplier_org):
    user = member(supplier_org, mfa=False)
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    event = AuditEvent.objects.get(verb="user.signed_in", actor_id=user.pk)
    assert event.stream.key == supplier_org.audit_stream
    assert user.email not in str(event.data)
    personal = AuditPersonalData.objects.get(event=event).data
    assert personal["email"] == user.email and personal["ip_address"] == "127.0.0.1"


def test_a_failed_sign_in_is_not_recorded_as_a_sign_in(client):
    user = UserFactory()
    client.post("/accounts/login/", {"login": user.email, "password": "not-the-password"})
    assert not AuditEvent.objects.filter(verb="user.signed_in").exists()


def test_django_admin_is_for_superusers_through_allauth_and_two_factor(client):
    anonymous = client.get("/django-admin/login/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    response = client.get("/django-admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/totp/activate/")
    client.force_login(UserFactory())
    assert client.get("/django-admin/login/").status_code == 403
