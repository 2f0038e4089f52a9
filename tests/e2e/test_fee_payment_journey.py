"""Paying the marketplace fee by card in a real browser (rule 13), against the real localstripe and its Stripe.js
stand-in: the supplier's admin, told by email, goes from the dashboard to the fee, types a card that is declined and
reads why, then a good card, and the fee is paid; a second fee is paid with a card that needs 3-D Secure, confirmed
in the bank's window. Every page goes through `check_page` (stylesheet, failed requests, console and CSP errors with
Stripe.js let in, axe-core, with the stand-in's card fields on the page).

The scene (a signed contract whose buyer accepts a milestone, and the tick's fee instalment) is set through the
services; the rest is done through the pages.
"""

import re

import pytest
from playwright.sync_api import expect

from marketplace.accounts.models import Role
from marketplace.payments import services
from marketplace.payments.models import FeeInstalment, FeeStatus
from tests.factories import enrol_totp, member
from tests.payments.builders import accept, make_deal
from tests.payments.conftest import localstripe, stripe_settings  # noqa: F401 (fixtures)
from tests.payments.test_webhooks import _fresh_localstripe  # noqa: F401 (autouse fixture)

from .helpers import _take_problems, check_page, first_link, heading, last_email_to, visit
from .test_admission_journey import sign_in_with_security_code
from .test_catalogue_journey import success_banner, summary_value

pytestmark = pytest.mark.django_db(transaction=True)

SUPPLIER_ADMIN = ("Ravi", "Patel", "ravi@brightwater-analytics.example")
GOOD_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000002"  # localstripe declines it when the card is set up
THREE_D_SECURE_CARD = "4000002760003184"


def type_card(page, number: str) -> None:
    """Fill localstripe's card fields (Stripe's own are in a frame; the stand-in draws plain inputs)."""
    card = page.locator("#card-element")
    for placeholder, value in (("number", number), ("exp_month", "12"), ("exp_year", "34"), ("cvc", "123"),
                               ("postal_code", "HX1 1UJ")):
        card.locator(f"input[placeholder='{placeholder}']").fill(value)


def open_payment_page(page, milestone: str) -> None:
    page.get_by_role("link", name=milestone).click()
    expect(heading(page)).to_have_text(f"Marketplace fee on {milestone}")
    check_page(page)
    page.get_by_role("button", name=re.compile(r"^Pay £[\d,.]+ by card$")).click()
    expect(heading(page)).to_have_text("Pay the marketplace fee")
    expect(page.locator("#card-element input[placeholder='number']")).to_be_visible()
    check_page(page)


def test_a_supplier_pays_the_marketplace_fee_by_card(page, buyer_admin, buyer_member, stripe_settings):
    deal = make_deal(buyer_admin, buyer_member)
    first, last, email = SUPPLIER_ADMIN
    admin = member(deal.supplier, Role.ADMIN, mfa=False, email=email, first_name=first, last_name=last)
    secret = enrol_totp(admin)
    accept(deal, deal.first)
    [instalment] = services.fee_instalments_create_due()

    # The email says what is owed and where to pay it.
    message = last_email_to(email)
    assert "£300.01" in message.body
    fee_url = first_link(message)
    assert fee_url.endswith(f"/supplier/fees/{instalment.pk}/")

    sign_in_with_security_code(page, email, secret)
    visit(page, "/supplier/")
    page.get_by_role("link", name="Marketplace fees").click()
    expect(heading(page)).to_have_text("Marketplace fees")
    expect(page.locator("#fees-due")).to_contain_text("£300.01")
    check_page(page)
    open_payment_page(page, "Discovery")
    expect(page.locator("#amount-to-pay")).to_have_text("£300.01")

    # A declined card: the reason, the GOV.UK way, and nothing paid.
    type_card(page, DECLINED_CARD)
    page.get_by_role("button", name="Pay £300.01").click()
    summary = page.locator("#card-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Your card was declined")
    expect(summary).to_be_focused()
    expect(page.locator("#card-error")).to_contain_text("Your card was declined")
    expect(page).to_have_title(re.compile(r"^Error: Pay the marketplace fee"))
    # localstripe answered the card's set-up with 402, as Stripe does; the browser reports that, and only that.
    expected = _take_problems(page)
    assert expected and all("402" in problem for problem in expected), expected
    check_page(page)
    instalment.refresh_from_db()
    assert instalment.status == FeeStatus.DUE

    # Another card goes through.
    type_card(page, GOOD_CARD)
    page.get_by_role("button", name="Pay £300.01").click()
    expect(success_banner(page)).to_contain_text("You have paid the marketplace fee of £300.01")
    expect(summary_value(page, "Status")).to_have_text("Paid")
    expect(summary_value(page, "Paid")).to_contain_text("by card")
    check_page(page)
    instalment.refresh_from_db()
    assert (instalment.status, instalment.method) == (FeeStatus.PAID, "card")
    receipt = last_email_to(email)
    assert receipt.subject == f"Spark: Marketplace fee paid on contract {deal.contract.reference}"

    # The second milestone's fee, with a card whose bank asks for 3-D Secure.
    accept(deal, deal.second)
    [second] = services.fee_instalments_create_due()
    visit(page, "/supplier/fees/")
    open_payment_page(page, "Pilot")
    type_card(page, THREE_D_SECURE_CARD)
    page.get_by_role("button", name=re.compile(r"^Pay £")).click()
    # The bank's window: once when the card is set up, and once for the payment itself.
    page.get_by_role("button", name="Complete authentication").click()
    expect(heading(page)).to_have_text("Confirm the payment with your bank")
    page.get_by_role("button", name="Complete authentication").click()
    expect(success_banner(page)).to_contain_text("You have paid the marketplace fee")
    expect(heading(page)).to_have_text("Marketplace fee on Pilot")
    check_page(page)
    second.refresh_from_db()
    assert (second.status, second.method) == (FeeStatus.PAID, "card")
    assert FeeInstalment.objects.filter(status=FeeStatus.DUE).count() == 0
