"""Bad input gets a clear GOV.UK-style message on the page and changes nothing."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.utils import timezone

from marketplace.accounts.models import Membership, Organisation, Role, User
from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db

SIGNUP = {
    "side": "supplier",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "email": "ada@engine.example",
    "password1": "analytical-engine-1843",
}


def error_summary(response) -> str:
    html = response.content.decode()
    assert 'class="govuk-error-summary"' in html, "the page has no GOV.UK error summary"
    assert "There is a problem" in html
    return html


def test_duplicate_email_at_sign_up_is_refused_with_a_message(client):
    UserFactory(email="ada@engine.example")
    response = client.post("/accounts/signup/", {**SIGNUP, "email": "ADA@engine.example"})
    assert response.status_code == 200
    html = error_summary(response)
    assert "An account already exists with this email address" in html
    assert User.objects.filter(email__iexact="ada@engine.example").count() == 1


def test_what_was_typed_is_kept_after_an_error(client):
    response = client.post("/accounts/signup/", {**SIGNUP, "password1": ""})
    html = error_summary(response)
    assert 'value="Ada"' in html and 'value="ada@engine.example"' in html
    assert "Enter a password" in html
    assert response.content.decode().count("<title>Error: ") == 1


def test_unknown_buyer_domain_is_refused_and_no_account_is_made(client):
    response = client.post("/accounts/signup/", {**SIGNUP, "side": "buyer", "email": "ada@gmail.com"})
    html = error_summary(response)
    assert "Enter an email address from a public sector organisation" in html
    assert 'href="#id_email"' in html
    assert not User.objects.filter(email="ada@gmail.com").exists()


def test_public_sector_subdomains_are_accepted_for_buyers(client):
    response = client.post("/accounts/signup/", {**SIGNUP, "side": "buyer", "email": "ada@digital.cabinet-office.gov.uk"})
    assert response.status_code == 302
    user = User.objects.get(email="ada@digital.cabinet-office.gov.uk")
    assert user.intended_side == "buyer"


def test_malformed_companies_house_number_is_refused(client):
    user = UserFactory(intended_side="supplier")
    client.force_login(user)
    response = client.post(
        "/organisation/new/",
        {
            "name": "Acme Ltd",
            "companies_house_number": "12-34",
            "size": "small",
            "address_line_1": "1 Quay",
            "town": "Hull",
            "postcode": "HU1 1AA",
        },
    )
    html = error_summary(response)
    assert "Enter a Companies House number in the correct format, like 01234567 or SC123456" in html
    assert 'value="Acme Ltd"' in html
    assert not Organisation.objects.exists()
    assert not Membership.objects.filter(user=user).exists()


def test_malformed_postcode_is_refused(client):
    client.force_login(UserFactory(intended_side="supplier"))
    response = client.post(
        "/organisation/new/",
        {"name": "Acme Ltd", "companies_house_number": "SC123456", "size": "small",
         "address_line_1": "1 Quay", "town": "Hull", "postcode": "NOT A CODE"},
    )
    assert "Enter a real postcode, like SW1A 2AA" in error_summary(response)
    assert not Organisation.objects.exists()


def test_expired_verification_link_says_so_and_verifies_nothing(client, settings):
    user = UserFactory(verified_email=False)
    address = EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    key = EmailConfirmationHMAC(address).key
    settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 0  # every link has expired
    response = client.get(f"/accounts/confirm-email/{key}/")
    assert "This link has expired or is not valid" in response.content.decode()
    client.post(f"/accounts/confirm-email/{key}/")
    address.refresh_from_db()
    assert address.verified is False


def test_a_non_admin_trying_to_change_roles_is_told_and_nothing_changes(client, supplier_org, supplier_admin):
    plain = member(supplier_org, Role.MEMBER)
    client.force_login(plain)
    target = Membership.objects.get(user=supplier_admin)
    response = client.post(f"/organisation/members/{target.pk}/role/", {"role": "member"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot do this" in html and "Only an admin of" in html
    target.refresh_from_db()
    assert target.role == Role.ADMIN
    own = Membership.objects.get(user=plain)
    client.post(f"/organisation/members/{own.pk}/role/", {"role": "admin"})
    own.refresh_from_db()
    assert own.role == Role.MEMBER


def test_invitation_to_someone_already_in_another_organisation_is_refused(client, supplier_admin):
    other = member(Organisation.objects.create(kind="supplier", name="Other Ltd", companies_house_number="07654321",
                                               address_line_1="x", town="y", postcode="LS1 1AA", size="micro"))
    client.force_login(supplier_admin)
    response = client.post("/organisation/invite/", {"email": other.email, "role": "member"})
    assert "already belongs to another organisation" in error_summary(response)


def test_sign_in_with_a_wrong_password_is_refused_with_a_message(client):
    user = UserFactory()
    response = client.post("/accounts/login/", {"login": user.email, "password": "wrong-password-here"})
    assert "The email address or password you entered is not correct" in error_summary(response)
    assert "_auth_user_id" not in client.session


def test_error_summary_links_to_the_first_radio_of_a_group(client):
    html = client.post("/accounts/signup/", {**SIGNUP, "side": ""}).content.decode()
    assert 'href="#id_side_1"' in html and 'id="id_side_1"' in html
