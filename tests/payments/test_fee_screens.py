"""The supplier's marketplace fee screens (rule 13), against the real localstripe: the organisation's instalments, one
instalment, and paying it by card through the pages (card accepted, declined, 3-D Secure passed and failed, Stripe
down). The browser's part (Stripe.js turning the card fields into a payment method) is in tests/e2e; here the page's
post carries a payment method made through the API, as Stripe.js would send it."""

from __future__ import annotations

import json
import re
import urllib.request
from datetime import timedelta

import pytest
from django.urls import reverse

from marketplace.audit.models import AuditEvent
from marketplace.contracts.models import Milestone, MilestoneStatus
from marketplace.payments import fees, services
from marketplace.payments.models import FeeInstalment, FeeStatus
from tests.payments.builders import accept, deal  # noqa: F401 (fixture)
from tests.payments.conftest import free_closed_port_url
from tests.payments.test_fee_payment import paid_by_card
from tests.payments.test_invoice_screens import _queries, html
from tests.payments.test_stripe_gateway import DECLINED_AT_CHARGE, THREE_D_SECURE_CARD, card_payment_method
from tests.payments.test_webhooks import _fresh_localstripe, _webhook_route, due_instalment  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

UNAVAILABLE = "Card payments are not available at the moment. Try again later."


def url(name: str, instalment: FeeInstalment) -> str:
    return reverse(f"suppliers:{name}", args=[instalment.pk])


def verbs(instalment: FeeInstalment) -> list[str]:
    return list(AuditEvent.objects.filter(stream__key=instalment.contract.audit_stream)
                .order_by("pk").values_list("verb", flat=True))


def started(client, instalment: FeeInstalment):
    """Press "Pay by card": the card page, with the setup Stripe.js confirms."""
    response = client.post(url("fee_pay", instalment))
    assert response.status_code == 200
    assert 'id="card-payment"' in html(response)
    return response


def _authenticate(localstripe: str, intent_id: str, client_secret: str, *, success: bool) -> None:
    """What localstripe's Stripe.js does when the person completes (or fails) 3-D Secure."""
    request = urllib.request.Request(
        f"{localstripe}/v1/payment_intents/{intent_id}/_authenticate?success={'true' if success else 'false'}",
        data=json.dumps({"key": "pk_test_spark_tests", "client_secret": client_secret}).encode(), method="POST",
        headers={"Content-Type": "application/json"})
    try:
        urllib.request.urlopen(request, timeout=5).close()
    except urllib.error.HTTPError as error:  # a charge declined after authentication answers 402
        assert error.code == 402


# ---------------------------------------------------------------------------------------------------------------
# The list and the instalment page.


def test_the_supplier_sees_its_instalments_with_what_is_owed_and_overdue(client, deal):
    first = due_instalment(deal)
    accept(deal, deal.second)
    [second] = services.fee_instalments_create_due()
    FeeInstalment.objects.filter(pk=first.pk).update(due_date=first.due_date - timedelta(days=40))
    client.force_login(deal.supplier_user)
    page = html(client.get(reverse("suppliers:fee_instalments")))
    assert "Discovery" in page and "Pilot" in page
    assert "Overdue" in page
    assert "2 instalments" in page
    total = first.amount_pence + second.amount_pence
    assert f"£{total // 100:,}.{total % 100:02d} in all" in page
    assert url("fee_instalment", first) in page


def test_the_list_is_empty_for_a_supplier_with_no_fees(client, deal):
    client.force_login(deal.supplier_user)
    page = html(client.get(reverse("suppliers:fee_instalments")))
    assert "You have no marketplace fees to pay" in page


def test_another_organisations_instalment_is_not_found(client, deal, buyer_admin, buyer_member):
    from tests.payments.builders import make_deal

    instalment = due_instalment(deal)
    other = make_deal(buyer_admin, buyer_member)
    client.force_login(other.supplier_user)
    assert client.get(url("fee_instalment", instalment)).status_code == 404
    assert client.post(url("fee_pay", instalment)).status_code == 404
    assert "Discovery" not in html(client.get(reverse("suppliers:fee_instalments")))
    client.force_login(deal.buyer_admin)
    assert client.get(reverse("suppliers:fee_instalments")).status_code == 403


def test_a_due_instalment_offers_card_payment_and_a_settled_one_does_not(client, deal):
    instalment = due_instalment(deal)
    client.force_login(deal.supplier_user)
    page = html(client.get(url("fee_instalment", instalment)))
    assert "Pay £300.01 by card" in page
    assert url("fee_pay", instalment) in page
    assert "1% of the milestone" in page
    FeeInstalment.objects.filter(pk=instalment.pk).update(status=FeeStatus.WAIVED, waiver_reason="Pilot scheme")
    page = html(client.get(url("fee_instalment", instalment)))
    assert "Pay £300.01 by card" not in page
    assert "Pilot scheme" in page


def test_the_list_runs_the_same_queries_for_2_or_12_instalments(client, deal):
    def instalments(count: int) -> None:
        FeeInstalment.objects.all().delete()
        Milestone.objects.filter(contract=deal.contract).delete()
        for n in range(count):
            Milestone.objects.create(contract=deal.contract, position=n + 1, title=f"Step {n}",
                                     due_date=deal.contract.start_date, amount_pence=10_000 + n,
                                     status=MilestoneStatus.ACCEPTED)
        assert len(services.fee_instalments_create_due()) == count

    client.force_login(deal.supplier_user)
    list_url = reverse("suppliers:fee_instalments")
    instalments(2)
    few = _queries(client, list_url)
    instalments(12)
    many = _queries(client, list_url)
    assert many == few
    assert "Step 11" in html(client.get(list_url))


def test_the_due_email_links_to_the_instalment_page(deal, mailoutbox, django_capture_on_commit_callbacks):
    accept(deal, deal.first)
    with django_capture_on_commit_callbacks(execute=True):
        [instalment] = services.fee_instalments_create_due()
    [email] = [mail for mail in mailoutbox if "fee" in mail.subject.lower()]
    assert f"/supplier/fees/{instalment.pk}/" in email.body
    assert "£300.01" in email.body


# ---------------------------------------------------------------------------------------------------------------
# Paying by card through the pages.


def test_rule_13_the_payment_page_loads_stripe_js_under_the_content_security_policy(client, deal, localstripe):
    instalment = due_instalment(deal)
    client.force_login(deal.supplier_user)
    response = started(client, instalment)
    page = html(response)
    assert f'<script src="{localstripe}/js.stripe.com/v3/"></script>' in page
    assert re.search(r'data-setup-secret="seti_\w+_secret_\w+"', page)
    assert 'data-publishable-key="pk_test_spark_tests"' in page
    assert "Test mode: no money is taken" in page  # test keys: the page says which cards to use
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert localstripe in policy["script-src"] and localstripe in policy["connect-src"]
    # Other pages do not let Stripe's script in.
    other = client.get(url("fee_instalment", instalment))["Content-Security-Policy"]
    assert localstripe not in other
    instalment.refresh_from_db()
    assert instalment.payment_intent_id.startswith("pi_")
    assert "payments.fee_payment_started" in verbs(instalment)


def test_rule_13_production_lets_in_stripes_own_script_frames_and_api(settings):
    from marketplace.payments.csp import stripe_sources

    settings.STRIPE_JS_URL = "https://js.stripe.com/v3/"
    settings.STRIPE_API_BASE = ""
    assert stripe_sources() == {
        "script-src": ["https://js.stripe.com"],
        "frame-src": ["https://js.stripe.com", "https://hooks.stripe.com"],
        "connect-src": ["https://api.stripe.com"],
    }


def test_opening_the_payment_address_changes_nothing(client, deal):
    instalment = due_instalment(deal)
    client.force_login(deal.supplier_user)
    response = client.get(url("fee_pay", instalment))
    assert response.status_code == 302 and response["Location"] == url("fee_instalment", instalment)
    instalment.refresh_from_db()
    assert instalment.payment_intent_id == ""


def test_rule_13_a_card_paid_through_the_pages_marks_the_instalment_paid_and_emails_a_receipt(
        client, deal, mailoutbox, django_capture_on_commit_callbacks):
    instalment = due_instalment(deal)
    client.force_login(deal.supplier_user)
    started(client, instalment)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("fee_pay_confirm", instalment), {"payment_method": "pm_card_visa"})
    assert response.status_code == 302 and response["Location"] == url("fee_instalment", instalment)
    instalment.refresh_from_db()
    assert (instalment.status, instalment.method) == (FeeStatus.PAID, "card")
    page = html(client.get(response["Location"]))
    assert "You have paid the marketplace fee of £300.01" in page
    assert "by card" in page
    [receipt] = [mail for mail in mailoutbox if mail.subject == f"Spark: Marketplace fee paid on contract "
                                                                  f"{deal.contract.reference}"]
    assert set(receipt.to) == {deal.supplier_user.email, deal.supplier_admin.email}
    assert "£300.01" in receipt.body and "by card" in receipt.body
    # Paying again: nothing to pay.
    response = client.post(url("fee_pay", instalment))
    assert response.status_code == 302
    assert "nothing to pay" in html(client.get(response["Location"]))


def test_rule_13_a_declined_card_shows_the_reason_and_a_fresh_payment_page(client, deal):
    instalment = due_instalment(deal)
    client.force_login(deal.supplier_user)
    started(client, instalment)
    instalment.refresh_from_db()
    declined_intent = instalment.payment_intent_id
    response = client.post(url("fee_pay_confirm", instalment), {"payment_method": DECLINED_AT_CHARGE})
    page = html(response)
    assert response.status_code == 200
    assert "There is a problem" in page and "Your card was declined" in page
    assert "<title>Error: " in page
    assert re.search(r'data-setup-secret="seti_\w+"', page)  # try another card straight away
    instalment.refresh_from_db()
    assert instalment.status == FeeStatus.DUE
    assert instalment.payment_intent_id not in ("", declined_intent)
    assert "payments.fee_payment_failed" in verbs(instalment)
    # The next card goes through.
    response = client.post(url("fee_pay_confirm", instalment), {"payment_method": "pm_card_visa"})
    assert response.status_code == 302
    instalment.refresh_from_db()
    assert instalment.status == FeeStatus.PAID


def test_no_card_details_asks_for_them(client, deal):
    instalment = due_instalment(deal)
    client.force_login(deal.supplier_user)
    started(client, instalment)
    page = html(client.post(url("fee_pay_confirm", instalment), {"payment_method": ""}))
    assert "Enter your card details" in page
    instalment.refresh_from_db()
    assert instalment.status == FeeStatus.DUE


def test_rule_13_3d_secure_through_the_pages_paid_once_the_bank_confirms(client, deal, localstripe):
    instalment = due_instalment(deal)
    client.force_login(deal.supplier_user)
    started(client, instalment)
    response = client.post(url("fee_pay_confirm", instalment),
                           {"payment_method": card_payment_method(THREE_D_SECURE_CARD)})
    page = html(response)
    assert "Confirm the payment with your bank" in page
    secret = re.search(r'data-payment-secret="((pi_\w+)_secret_\w+)"', page)
    assert secret, "the page hands Stripe.js the payment intent's client secret"
    instalment.refresh_from_db()
    assert (instalment.status, instalment.payment_intent_id) == (FeeStatus.DUE, secret.group(2))
    # Posting back before the bank has answered pays nothing.
    early = html(client.post(url("fee_pay_authenticated", instalment)))
    assert "Your bank has not confirmed the payment yet" in early
    instalment.refresh_from_db()
    assert instalment.status == FeeStatus.DUE

    response = client.post(url("fee_pay_confirm", instalment),
                           {"payment_method": card_payment_method(THREE_D_SECURE_CARD)})
    secret = re.search(r'data-payment-secret="((pi_\w+)_secret_\w+)"', html(response))
    _authenticate(localstripe, secret.group(2), secret.group(1), success=True)
    response = client.post(url("fee_pay_authenticated", instalment))
    assert response.status_code == 302
    instalment.refresh_from_db()
    assert (instalment.status, instalment.payment_intent_id) == (FeeStatus.PAID, secret.group(2))
    paid = AuditEvent.objects.get(stream__key=deal.contract.audit_stream, verb="payments.fee_instalment_paid")
    assert paid.data["source"] == "authenticated"


def test_rule_13_3d_secure_refused_by_the_bank_leaves_the_instalment_payable(client, deal, localstripe):
    instalment = due_instalment(deal)
    client.force_login(deal.supplier_user)
    started(client, instalment)
    response = client.post(url("fee_pay_confirm", instalment),
                           {"payment_method": card_payment_method(THREE_D_SECURE_CARD)})
    secret = re.search(r'data-payment-secret="((pi_\w+)_secret_\w+)"', html(response))
    _authenticate(localstripe, secret.group(2), secret.group(1), success=False)
    page = html(client.post(url("fee_pay_authenticated", instalment)))
    assert "Your bank did not confirm the payment" in page
    assert 'id="card-payment"' in page
    instalment.refresh_from_db()
    assert instalment.status == FeeStatus.DUE
    assert instalment.payment_intent_id not in ("", secret.group(2))
    failed = AuditEvent.objects.get(stream__key=deal.contract.audit_stream, verb="payments.fee_payment_failed")
    assert failed.data["code"] == "payment_intent_authentication_failure"


def test_rule_13_stripe_down_when_the_page_opens_says_try_again_later(client, deal, settings):
    instalment = due_instalment(deal)
    client.force_login(deal.supplier_user)
    settings.STRIPE_API_BASE = free_closed_port_url()
    response = client.post(url("fee_pay", instalment))
    page = html(response)
    assert response.status_code == 200
    assert "There is a problem" in page and UNAVAILABLE in page
    assert "Pay £300.01 by card" in page  # still payable
    instalment.refresh_from_db()
    assert (instalment.status, instalment.payment_intent_id) == (FeeStatus.DUE, "")


def test_rule_13_stripe_down_while_confirming_changes_nothing(client, deal, settings):
    instalment = due_instalment(deal)
    client.force_login(deal.supplier_user)
    started(client, instalment)
    settings.STRIPE_API_BASE = free_closed_port_url()
    page = html(client.post(url("fee_pay_confirm", instalment), {"payment_method": "pm_card_visa"}))
    assert UNAVAILABLE in page
    instalment.refresh_from_db()
    assert instalment.status == FeeStatus.DUE


def test_an_abandoned_3d_secure_attempt_is_replaced_when_the_page_opens_again(client, deal):
    instalment = due_instalment(deal)
    client.force_login(deal.supplier_user)
    started(client, instalment)
    client.post(url("fee_pay_confirm", instalment), {"payment_method": card_payment_method(THREE_D_SECURE_CARD)})
    instalment.refresh_from_db()
    waiting = instalment.payment_intent_id
    started(client, instalment)
    instalment.refresh_from_db()
    assert instalment.payment_intent_id not in ("", waiting)
    assert "payments.fee_payment_abandoned" in verbs(instalment)
    assert client.post(url("fee_pay_confirm", instalment), {"payment_method": "pm_card_visa"}).status_code == 302
    instalment.refresh_from_db()
    assert instalment.status == FeeStatus.PAID


def test_the_fee_rate_reads_as_people_write_it(deal):
    instalment = due_instalment(deal)
    for points, shown in ((100, "1"), (150, "1.5"), (1000, "10"), (125, "1.25"), (5, "0.05")):
        instalment.fee_basis_points = points
        assert instalment.fee_percent == shown


# ---------------------------------------------------------------------------------------------------------------
# The supplier hears of every settlement an operator makes.


def _fee_emails(mailoutbox, subject_start: str) -> list:
    return [mail for mail in mailoutbox if mail.subject.startswith(f"Spark: {subject_start}")]


def test_a_recorded_bank_transfer_sends_the_supplier_a_receipt(deal, operator, mailoutbox,
                                                               django_capture_on_commit_callbacks):
    instalment = due_instalment(deal)
    with django_capture_on_commit_callbacks(execute=True):
        services.fee_instalment_record_transfer(actor=operator, instalment=instalment, reference="BACS 7741")
    [receipt] = _fee_emails(mailoutbox, "Marketplace fee paid")
    assert "by bank transfer (reference BACS 7741)" in receipt.body
    assert f"/supplier/fees/{instalment.pk}/" in receipt.body


def test_a_refund_tells_the_supplier_why(deal, operator, mailoutbox, django_capture_on_commit_callbacks):
    instalment = paid_by_card(deal)
    with django_capture_on_commit_callbacks(execute=True):
        fees.fee_instalment_refund(actor=operator, instalment=instalment, reason="Charged twice by mistake")
    [refund] = _fee_emails(mailoutbox, "Marketplace fee refunded")
    assert "£300.01" in refund.body and "Charged twice by mistake" in refund.body


def test_the_contract_page_leads_to_each_accepted_milestones_fee(client, deal):
    instalment = due_instalment(deal)
    client.force_login(deal.supplier_user)
    page = html(client.get(reverse("suppliers:contract", args=[deal.contract.pk])))
    assert url("fee_instalment", instalment) in page
    assert "Pay the marketplace fee" in page and "£300.01, due" in page


def test_live_keys_show_no_test_cards(client, deal, settings):
    instalment = due_instalment(deal)
    settings.STRIPE_PUBLISHABLE_KEY = "pk_live_spark"
    client.force_login(deal.supplier_user)
    page = html(started(client, instalment))
    assert "Test mode" not in page and "4242" not in page


def test_a_payment_stripe_will_not_match_is_reported_once_as_a_sentence(client, deal, monkeypatch):
    """A succeeded intent that does not match the instalment (say, another amount) pays nothing; the page says so."""
    from marketplace.errors import DomainError
    from marketplace.payments import stripe_gateway as gateway

    instalment = due_instalment(deal)
    client.force_login(deal.supplier_user)

    def mismatched(**kwargs):
        raise DomainError(gateway.MESSAGE_FAILED, code=fees.MISMATCH)

    monkeypatch.setattr(fees, "fee_payment_authenticated", mismatched)
    response = client.post(url("fee_pay_authenticated", instalment), follow=True)
    page = html(response)
    assert gateway.MESSAGE_FAILED in page and "transfer.." not in page
    instalment.refresh_from_db()
    assert instalment.status == FeeStatus.DUE
