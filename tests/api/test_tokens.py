"""API tokens: a member creates one on their account page (shown once), uses it, and revokes it. Only a digest of
the key is stored (django-rest-knox), and a token expires after a year."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken as Token

from marketplace.accounts import services
from marketplace.accounts.models import Membership, Role
from marketplace.audit.models import AuditEvent
from marketplace.errors import DomainError, NotAllowed
from tests.applications import submitted_application
from tests.factories import OrganisationFactory, UserFactory, member

pytestmark = pytest.mark.django_db

PAGE = reverse("accounts:api_token")
CREATE = reverse("accounts:api_token_create")
REVOKE = reverse("accounts:api_token_revoke")
MY_APPLICATIONS = "/api/v1/my/applications/"


def events(verb):
    return AuditEvent.objects.filter(verb=verb)


# The services.


def test_creating_a_token_audits_it_without_the_key(supplier_member, supplier_org):
    token, key = services.api_token_create(user=supplier_member)
    assert Token.objects.get(user=supplier_member) == token
    assert key.startswith("spark_") and len(key) == len("spark_") + 64
    event = events("api_token.created").get()
    assert event.stream.key == supplier_org.audit_stream
    assert event.actor_id == supplier_member.pk
    assert event.data == {"user_id": supplier_member.pk, "expires_at": token.expiry.isoformat()}
    assert key not in f"{event.object_id} {event.data}"


def test_the_database_never_holds_the_key(supplier_member):
    token, key = services.api_token_create(user=supplier_member)
    stored = Token.objects.filter(user=supplier_member).values().get()
    assert key not in " ".join(str(value) for value in stored.values())
    assert stored["token_key"] == key[:15]  # a look-up prefix, too short to use
    assert len(stored["digest"]) == 128  # SHA-512


def test_a_token_expires_after_a_year(api, supplier_member, settings):
    token, key = services.api_token_create(user=supplier_member)
    assert timedelta(days=364) < token.expiry - timezone.now() <= timedelta(days=settings.API_TOKEN_DAYS)
    assert api(token=key).get(MY_APPLICATIONS).status_code == 200
    Token.objects.filter(pk=token.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    assert api(token=key).get(MY_APPLICATIONS).status_code == 401
    # An expired token is no obstacle to a new one.
    _, new_key = services.api_token_create(user=supplier_member)
    assert api(token=new_key).get(MY_APPLICATIONS).status_code == 200


def test_a_second_token_is_refused_until_the_first_is_revoked(supplier_member):
    services.api_token_create(user=supplier_member)
    with pytest.raises(DomainError) as refused:
        services.api_token_create(user=supplier_member)
    assert refused.value.code == "api_token_exists"
    assert events("api_token.created").count() == 1


def test_revoking_deletes_the_token_and_audits_it(supplier_member, supplier_org):
    services.api_token_create(user=supplier_member)
    services.api_token_revoke(user=supplier_member)
    assert not Token.objects.filter(user=supplier_member).exists()
    event = events("api_token.revoked").get()
    assert event.stream.key == supplier_org.audit_stream and event.actor_id == supplier_member.pk


def test_revoking_without_a_token_is_refused(supplier_member):
    with pytest.raises(DomainError):
        services.api_token_revoke(user=supplier_member)
    assert not events("api_token.revoked").exists()


def test_operators_and_people_without_an_organisation_get_no_token(operator):
    for user in (operator, UserFactory()):
        with pytest.raises(NotAllowed):
            services.api_token_create(user=user)
    assert not Token.objects.exists()


def test_a_removed_member_loses_their_token(supplier_admin, supplier_org):
    colleague = member(supplier_org, Role.MEMBER, mfa=False)
    services.api_token_create(user=colleague)
    membership = Membership.objects.get(user=colleague)
    services.membership_remove(actor=supplier_admin, membership=membership)
    assert not Token.objects.filter(user=colleague).exists()


# Using a token.


def test_a_token_lets_a_supplier_read_its_own_applications(api, supplier_admin, supplier_org):
    own = submitted_application(supplier_admin, supplier_org)
    other_org = OrganisationFactory()
    submitted_application(member(other_org, Role.ADMIN), other_org)
    _, key = services.api_token_create(user=supplier_admin)

    response = api(token=key).get(MY_APPLICATIONS)
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [own.pk]
    assert api(token=key).get(f"{MY_APPLICATIONS}{own.pk}/").status_code == 200


def test_a_token_needs_no_csrf_token_and_sets_no_session(api, supplier_member):
    _, key = services.api_token_create(user=supplier_member)
    response = api(token=key).get(MY_APPLICATIONS)
    assert response.status_code == 200
    assert "sessionid" not in response.cookies


def test_a_revoked_token_is_refused_401(api, supplier_member):
    _, key = services.api_token_create(user=supplier_member)
    assert api(token=key).get(MY_APPLICATIONS).status_code == 200
    services.api_token_revoke(user=supplier_member)
    response = api(token=key).get(MY_APPLICATIONS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["error"]["code"] == "authentication_failed"
    # Even public endpoints refuse a request whose credentials are wrong: the client should know.
    assert api(token=key).get("/api/v1/categories/").status_code == 401


def test_a_buyers_token_does_not_open_the_suppliers_endpoints(api, buyer_member):
    _, key = services.api_token_create(user=buyer_member)
    assert api(token=key).get(MY_APPLICATIONS).status_code == 403


# The page.


def test_the_page_offers_to_create_a_token(client, supplier_member):
    client.force_login(supplier_member)
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "You do not have an API token" in html and f'action="{CREATE}"' in html
    assert "csrfmiddlewaretoken" in html


def test_creating_shows_the_key_once(client, supplier_member, supplier_org):
    client.force_login(supplier_member)
    response = client.post(CREATE)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    key = html.split('id="api-token-key" name="api-token-key" type="text"')[1].split('value="')[1].split('"')[0]
    assert key.startswith("spark_") and '<label class="govuk-label govuk-label--m" for="api-token-key">' in html
    # The key shown is the one that works.
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(MY_APPLICATIONS).status_code == 200
    assert events("api_token.created").filter(stream__key=supplier_org.audit_stream).count() == 1
    # The page never shows it again.
    later = client.get(PAGE).content.decode()
    assert key not in later and "Created" in later and "Expires" in later and REVOKE in later


def test_creating_a_second_token_shows_the_error_summary(client, supplier_member):
    client.force_login(supplier_member)
    token, key = services.api_token_create(user=supplier_member)
    response = client.post(CREATE)
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and "You already have an API token" in html
    assert "<title>Error: " in html and key not in html
    assert Token.objects.get(user=supplier_member) == token


def test_creating_takes_a_post_only(client, supplier_member):
    client.force_login(supplier_member)
    assert client.get(CREATE).status_code == 405
    assert not Token.objects.exists()


def test_creating_needs_the_csrf_token(supplier_member):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(supplier_member)
    assert client.post(CREATE).status_code == 403
    assert not Token.objects.exists()


def test_revoking_asks_for_confirmation_then_revokes(client, supplier_member):
    client.force_login(supplier_member)
    _, key = services.api_token_create(user=supplier_member)
    page = client.get(REVOKE)
    assert page.status_code == 200 and b"Are you sure you want to revoke your API token?" in page.content
    assert key.encode() not in page.content
    assert Token.objects.filter(user=supplier_member).exists()
    response = client.post(REVOKE, follow=True)
    assert response.redirect_chain == [(PAGE, 302)]
    assert b"Your API token is revoked" in response.content
    assert not Token.objects.exists()
    assert events("api_token.revoked").count() == 1


def test_revoking_without_a_token_goes_back_to_the_page(client, supplier_member):
    client.force_login(supplier_member)
    for method in (client.get, client.post):
        response = method(REVOKE)
        assert response.status_code == 302 and response["Location"] == PAGE
    assert not events("api_token.revoked").exists()


# Who may use the page.


def test_anonymous_people_are_sent_to_sign_in(client):
    for url in (PAGE, REVOKE):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert client.post(CREATE).status_code == 302
    assert not Token.objects.exists()


def test_people_without_an_organisation_finish_onboarding_first(client):
    client.force_login(UserFactory())
    assert client.get(PAGE)["Location"] == reverse("accounts:start")
    assert client.post(CREATE)["Location"] == reverse("accounts:start")
    assert not Token.objects.exists()


def test_operators_are_refused(client, operator):
    client.force_login(operator)
    assert client.get(PAGE).status_code == 403
    assert client.post(CREATE).status_code == 403
    assert not Token.objects.exists()


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MEMBER, Role.EVALUATOR])
def test_every_role_of_a_buyer_may_have_one(client, buyer_org, role):
    user = member(buyer_org, role)
    client.force_login(user)
    assert client.get(PAGE).status_code == 200
    assert client.post(CREATE).status_code == 200
    assert Token.objects.filter(user=user).exists()


def test_a_role_that_needs_two_factor_sign_in_sets_it_up_first(client, supplier_org):
    admin_without_totp = member(supplier_org, Role.ADMIN, mfa=False)
    client.force_login(admin_without_totp)
    for response in (client.get(PAGE), client.post(CREATE)):
        assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_activate_totp"))
    assert not Token.objects.exists()


def test_the_team_page_links_to_it(client, supplier_member, operator):
    client.force_login(supplier_member)
    assert PAGE.encode() in client.get(reverse("accounts:team")).content
    client.force_login(operator)
    assert PAGE.encode() not in client.get(reverse("accounts:team")).content
