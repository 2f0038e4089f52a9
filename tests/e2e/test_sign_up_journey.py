"""Sign-up journeys in a real browser: a supplier and a public sector buyer create an account,
confirm their email address, register their organisation, reach their dashboard, sign out
and sign in again.

Every page visited goes through `check_page`: its stylesheet loaded, nothing it asked for
failed, the browser logged no error, and axe-core finds no serious or critical violation.
"""

import re

from playwright.sync_api import expect

from marketplace.accounts.models import Membership, Organisation, Side, User

from .helpers import (
    assert_error_page,
    check_page,
    emails_to,
    first_link,
    follow_error_link,
    heading,
    last_email_to,
    visit,
)

PASSWORD = "plum-orchard-lantern-1947"
SUPPLIER = "I work for a business that supplies technology"
BUYER = "I work for a public sector organisation that buys technology"


def navigation(page):
    return page.get_by_role("navigation", name="Menu")


def start_sign_up(page):
    visit(page, "/")
    page.get_by_role("button", name="Create an account").click()
    expect(heading(page)).to_have_text("Create an account")
    check_page(page)


def fill_sign_up(page, *, side: str, first_name: str, last_name: str, email: str):
    page.get_by_role("group", name="What will you use Spark for?").get_by_role("radio", name=side).check()
    page.get_by_label("First name", exact=True).fill(first_name)
    page.get_by_label("Last name", exact=True).fill(last_name)
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_label("Create a password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()


def confirm_email(page, email: str):
    """From "Check your email", follow the link in the email and confirm: the person is then signed in."""
    expect(heading(page)).to_have_text("Check your email")
    check_page(page)
    link = first_link(last_email_to(email))
    assert "/accounts/confirm-email/" in link, link
    visit(page, link)
    expect(heading(page)).to_have_text("Confirm your email address")
    expect(page.get_by_text(email)).to_be_visible()
    page.get_by_role("button", name="Confirm email address").click()


def choose_to_register(page, first_name: str):
    expect(heading(page)).to_have_text("Your organisation")
    expect(page.get_by_text(f"Welcome, {first_name}")).to_be_visible()
    check_page(page)
    page.get_by_role("radio", name="No, I want to register my organisation").check()
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text("Register your organisation")
    check_page(page)


def fill_address(page, *, line_1: str, town: str, postcode: str, line_2: str = ""):
    page.get_by_label("Address line 1", exact=True).fill(line_1)
    page.get_by_label("Address line 2 (optional)", exact=True).fill(line_2)
    page.get_by_label("Town or city", exact=True).fill(town)
    page.get_by_label("Postcode", exact=True).fill(postcode)


def expect_signed_out_at_home(page):
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/$"))
    expect(navigation(page).get_by_role("link", name="Sign in")).to_be_visible()
    expect(navigation(page).get_by_role("button", name="Sign out")).to_have_count(0)
    check_page(page)


def sign_in(page, email: str):
    navigation(page).get_by_role("link", name="Sign in").click()
    expect(heading(page)).to_have_text("Sign in")
    check_page(page)
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_supplier_signs_up_registers_their_company_and_signs_in_again(page):
    email = "ada@lovelace-analytics.example"
    start_sign_up(page)

    # The empty form: every error, the GOV.UK way.
    page.get_by_role("button", name="Create account").click()
    expect(heading(page)).to_have_text("Create an account")
    assert_error_page(
        page,
        field_errors={
            "What will you use Spark for?": "Select what you will use Spark for",
            "First name": "Enter your first name",
            "Last name": "Enter your last name",
            "Email address": "Enter your email address",
            "Create a password": "Enter a password",
        },
    )
    follow_error_link(page, "Enter your email address", "Email address")
    check_page(page)

    fill_sign_up(page, side=SUPPLIER, first_name="Ada", last_name="Lovelace", email=email)
    confirm_email(page, email)
    choose_to_register(page, "Ada")

    expect(page.get_by_role("group", name="What type of public sector organisation is it?")).to_have_count(0)
    page.get_by_label("Legal name of your organisation", exact=True).fill("Lovelace Analytics Ltd")
    page.get_by_label("Companies House number", exact=True).fill("01234567")
    page.get_by_role("group", name="How big is your organisation?").get_by_role(
        "radio", name=re.compile(r"^Small:")
    ).check()
    fill_address(page, line_1="12 Analytical Row", line_2="Unit 3", town="Leeds", postcode="ls1 4ap")
    page.get_by_role("button", name="Register organisation").click()

    expect(heading(page)).to_have_text("Your supplier dashboard")
    expect(page.get_by_text("Lovelace Analytics Ltd is registered. You are its admin.")).to_be_visible()
    check_page(page)
    organisation = Organisation.objects.get(name="Lovelace Analytics Ltd")
    assert (organisation.kind, organisation.companies_house_number, organisation.postcode) == (
        Side.SUPPLIER,
        "01234567",
        "LS1 4AP",
    )
    assert Membership.objects.filter(organisation=organisation, user__email=email).exists()

    # The navigation's "Sign out" button posts to allauth's sign-out view, which signs out
    # at once and goes home (the "Are you sure?" page is what a GET of that address shows).
    navigation(page).get_by_role("button", name="Sign out").click()
    expect_signed_out_at_home(page)

    sign_in(page, email)
    expect(heading(page)).to_have_text("Your supplier dashboard")
    expect(page.get_by_text("Lovelace Analytics Ltd", exact=True)).to_be_visible()
    check_page(page)


def test_a_buyer_signs_up_with_a_public_sector_address_and_waits_for_verification(page):
    refused = "grace.hopper@gmail.com"
    email = "grace.hopper@northshire.gov.uk"
    start_sign_up(page)

    # A buyer must use a public sector address: the page refuses any other, and no account is made.
    fill_sign_up(page, side=BUYER, first_name="Grace", last_name="Hopper", email=refused)
    expect(heading(page)).to_have_text("Create an account")
    assert_error_page(
        page,
        field_errors={
            "Email address": "Enter an email address from a public sector organisation, like name@department.gov.uk. "
            "If your organisation uses another domain, contact support@spark.example"
        },
    )
    expect(page.get_by_label("Email address", exact=True)).to_have_value(refused)
    check_page(page)
    assert not User.objects.filter(email__iexact=refused).exists()
    assert emails_to(refused) == []

    # The other answers are kept.
    expect(page.get_by_role("radio", name=BUYER)).to_be_checked()
    expect(page.get_by_label("First name", exact=True)).to_have_value("Grace")
    fill_sign_up(page, side=BUYER, first_name="Grace", last_name="Hopper", email=email)
    confirm_email(page, email)
    choose_to_register(page, "Grace")

    expect(page.get_by_label("Companies House number")).to_have_count(0)
    expect(page.get_by_role("group", name="How big is your organisation?")).to_have_count(0)
    page.get_by_label("Legal name of your organisation", exact=True).fill("Northshire County Council")
    page.get_by_role("group", name="What type of public sector organisation is it?").get_by_role(
        "radio", name="Local authority"
    ).check()
    fill_address(page, line_1="County Hall", town="Northshire", postcode="NS1 1AA")
    page.get_by_role("button", name="Register organisation").click()

    expect(heading(page)).to_have_text("Your buyer dashboard")
    expect(
        page.get_by_text(
            "Northshire County Council is registered. The Spark team will verify it before it can publish competitions."
        )
    ).to_be_visible()
    expect(
        page.get_by_text(
            "The Spark team is checking that Northshire County Council is a genuine public sector organisation."
        )
    ).to_be_visible()
    check_page(page)
    organisation = Organisation.objects.get(name="Northshire County Council")
    assert (organisation.kind, organisation.public_sector_type, organisation.companies_house_number) == (
        Side.BUYER,
        "local_authority",
        "",
    )
    assert not organisation.is_verified

    # Signing out through the confirmation page, as from a link to the sign-out address.
    visit(page, "/accounts/logout/")
    expect(heading(page)).to_have_text("Are you sure you want to sign out?")
    page.get_by_role("main").get_by_role("button", name="Sign out").click()
    expect_signed_out_at_home(page)

    sign_in(page, email)
    expect(heading(page)).to_have_text("Your buyer dashboard")
    check_page(page)
