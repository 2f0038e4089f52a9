"""Stripe's webhooks at /payments/stripe/webhook/ (rule 13): verified, applied once, checked against the instalment.

Most events here are built and signed in the test (stripe.WebhookSignature, with the endpoint secret), which lets
them carry wrong amounts, currencies and modes. One is delivered by the real localstripe: it signs and POSTs its own
`payment_intent.succeeded` to a small receiver here, which hands the exact body and Stripe-Signature header to the
view through the test client (inside the test's transaction, so no live server and no flushed database).
"""

from __future__ import annotations

import http.server
import json
import logging
import threading
import time
import urllib.request
import uuid

import pytest
import stripe
from django.urls import Resolver404, include, path, resolve

from marketplace.audit.models import AuditEvent
from marketplace.payments import fees, services
from marketplace.payments import stripe_gateway as gateway
from marketplace.payments.models import FeeInstalment, FeeStatus, WebhookEvent
from tests.payments.builders import accept, deal  # noqa: F401 (fixture)

URL = "/payments/stripe/webhook/"

# Used only while the site's URLconf does not yet include marketplace.payments.urls (another change adds it).
urlpatterns = [path("", include("marketplace.payments.urls")), path("", include("marketplace.urls"))]


@pytest.fixture(autouse=True)
def _webhook_route(settings):
    try:
        resolve(URL)
    except Resolver404:
        settings.ROOT_URLCONF = __name__


@pytest.fixture(autouse=True)
def _fresh_localstripe(stripe_settings, localstripe):
    """Instalment ids restart with each test's database: start each test with an empty Stripe too."""
    request = urllib.request.Request(f"{localstripe}/_config/data", method="DELETE")
    with urllib.request.urlopen(request, timeout=5):
        pass
    return stripe_settings


def due_instalment(deal) -> FeeInstalment:
    accept(deal, deal.first)
    [instalment] = services.fee_instalments_create_due()
    return instalment


def intent_event(instalment: FeeInstalment, *, type="payment_intent.succeeded", intent_id="pi_test_1",
                 amount=None, currency="gbp", livemode=False, event_id=None, created=1_760_000_000, **extra) -> dict:
    obj = {"id": intent_id, "object": "payment_intent", "amount": instalment.amount_pence if amount is None
           else amount, "currency": currency, "livemode": livemode, "status": "succeeded",
           "metadata": {"spark_reference": fees.fee_reference(instalment)}, **extra}
    return {"id": event_id or f"evt_{uuid.uuid4().hex[:16]}", "object": "event", "type": type, "livemode": livemode,
            "created": created, "data": {"object": obj}}


def charge_refunded_event(instalment: FeeInstalment, *, amount_refunded=None, event_id=None) -> dict:
    amount = instalment.amount_pence
    obj = {"id": "ch_test_1", "object": "charge", "amount": amount, "currency": "gbp", "livemode": False,
           "payment_intent": instalment.payment_intent_id, "refunded": (amount_refunded or amount) == amount,
           "amount_refunded": amount if amount_refunded is None else amount_refunded}
    return {"id": event_id or f"evt_{uuid.uuid4().hex[:16]}", "object": "event", "type": "charge.refunded",
            "livemode": False, "created": 1_760_000_500, "data": {"object": obj}}


def signed(event: dict, secret: str, timestamp: int | None = None) -> tuple[bytes, str]:
    payload = json.dumps(event)
    return payload.encode(), stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp)


def post_event(client, settings, event: dict, *, secret: str | None = None):
    body, header = signed(event, secret or settings.STRIPE_WEBHOOK_SECRET)
    return client.post(URL, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)


def verbs(instalment: FeeInstalment) -> list[str]:
    return list(AuditEvent.objects.filter(stream__key=instalment.contract.audit_stream, verb__startswith="payments.fee")
                .order_by("seq").values_list("verb", flat=True))


def test_rule_13_a_signed_succeeded_event_marks_the_instalment_paid_by_card(deal, client, settings):
    instalment = due_instalment(deal)
    event = intent_event(instalment, event_id="evt_paid_1")
    response = post_event(client, settings, event)
    assert response.status_code == 200
    assert response.json() == {"received": True, "outcome": "paid"}
    instalment.refresh_from_db()
    assert (instalment.status, instalment.method, instalment.payment_intent_id) == (FeeStatus.PAID, "card",
                                                                                    "pi_test_1")
    assert instalment.paid_at.timestamp() == 1_760_000_000
    paid = AuditEvent.objects.get(stream__key=deal.contract.audit_stream, verb="payments.fee_instalment_paid")
    assert paid.data["method"] == "card" and paid.data["source"] == "webhook"
    assert paid.data["stripe_event_id"] == "evt_paid_1" and paid.data["amount_pence"] == 30_001
    record = WebhookEvent.objects.get(stripe_event_id="evt_paid_1")
    assert record.processed_at is not None
    assert record.summary == {"object_id": "pi_test_1", "amount": 30_001, "currency": "gbp", "outcome": "paid",
                              "instalment_id": instalment.pk}


@pytest.mark.parametrize("fault", ["wrong secret", "changed body", "no header", "garbled header", "stale"])
def test_rule_13_a_badly_signed_webhook_is_400_and_changes_nothing(deal, client, settings, fault):
    instalment = due_instalment(deal)
    event = intent_event(instalment)
    secret = "whsec_someone_else" if fault == "wrong secret" else settings.STRIPE_WEBHOOK_SECRET
    body, header = signed(event, secret, int(time.time()) - 3600 if fault == "stale" else None)
    if fault == "changed body":
        body = body.replace(b"30001", b"1")
    headers = {} if fault == "no header" else {"HTTP_STRIPE_SIGNATURE": "v1=abc" if fault == "garbled header"
                                                else header}
    before = verbs(instalment)
    response = client.post(URL, body, content_type="application/json", **headers)
    assert response.status_code == 400
    assert response.json() == {"error": "bad signature"}
    instalment.refresh_from_db()
    assert instalment.status == FeeStatus.DUE
    assert not WebhookEvent.objects.exists()
    assert verbs(instalment) == before


def test_the_webhook_answers_post_only(client, db):
    assert client.get(URL).status_code == 405
    assert client.put(URL, b"{}").status_code == 405
    assert not WebhookEvent.objects.exists()


def test_rule_13_the_same_event_twice_is_processed_once(deal, client, settings):
    instalment = due_instalment(deal)
    event = intent_event(instalment, event_id="evt_twice")
    assert post_event(client, settings, event).json()["outcome"] == "paid"
    first = FeeInstalment.objects.get(pk=instalment.pk)
    assert post_event(client, settings, event).json()["outcome"] == "duplicate"
    assert fees.webhook_process(event=event) == "duplicate"
    again = FeeInstalment.objects.get(pk=instalment.pk)
    assert (again.status, again.paid_at) == (first.status, first.paid_at)
    assert WebhookEvent.objects.filter(stripe_event_id="evt_twice").count() == 1
    assert verbs(instalment).count("payments.fee_instalment_paid") == 1
    # Another event about the same payment (Stripe may send one twice under two ids) changes nothing either.
    assert post_event(client, settings, intent_event(instalment)).json()["outcome"] == "already_paid"
    assert verbs(instalment).count("payments.fee_instalment_paid") == 1


@pytest.mark.parametrize("change", [{"amount": 30_000}, {"amount": 3_000_100}, {"currency": "eur"},
                                    {"livemode": True}])
def test_rule_13_an_event_that_does_not_match_the_instalment_changes_nothing_and_is_logged(
    deal, client, settings, caplog, change
):
    instalment = due_instalment(deal)
    event = intent_event(instalment, event_id="evt_odd", **change)
    with caplog.at_level(logging.WARNING, logger="marketplace.payments.fees"):
        response = post_event(client, settings, event)
    assert response.status_code == 200  # acknowledged, so Stripe does not retry it
    assert response.json()["outcome"] == "mismatch"
    instalment.refresh_from_db()
    assert (instalment.status, instalment.method, instalment.paid_at) == (FeeStatus.DUE, "", None)
    assert "does not match fee instalment" in caplog.text
    assert WebhookEvent.objects.get(stripe_event_id="evt_odd").summary["outcome"] == "mismatch"
    assert "payments.fee_instalment_paid" not in verbs(instalment)


def test_rule_13_live_mode_events_are_expected_only_with_live_keys(deal, settings):
    instalment = due_instalment(deal)
    settings.STRIPE_SECRET_KEY = "sk_live_spark"
    assert fees.webhook_process(event=intent_event(instalment, livemode=False)) == "mismatch"
    assert fees.webhook_process(event=intent_event(instalment, livemode=True)) == "paid"


def test_an_unknown_event_is_acknowledged_and_ignored(deal, client, settings):
    instalment = due_instalment(deal)
    event = {"id": "evt_unknown", "object": "event", "type": "customer.created", "livemode": False,
             "created": 1_760_000_000, "data": {"object": {"id": "cus_1", "object": "customer"}}}
    response = post_event(client, settings, event)
    assert (response.status_code, response.json()["outcome"]) == (200, "ignored")
    assert WebhookEvent.objects.get(stripe_event_id="evt_unknown").summary["outcome"] == "ignored"
    instalment.refresh_from_db()
    assert instalment.status == FeeStatus.DUE


def test_an_event_about_no_instalment_is_acknowledged_and_changes_nothing(deal, client, settings):
    instalment = due_instalment(deal)
    event = intent_event(instalment)
    event["data"]["object"]["metadata"] = {"spark_reference": "something-else"}
    assert post_event(client, settings, event).json()["outcome"] == "unmatched"
    instalment.refresh_from_db()
    assert instalment.status == FeeStatus.DUE


def test_rule_13_a_failed_payment_is_recorded_and_the_instalment_stays_due(deal, client, settings):
    instalment = due_instalment(deal)
    FeeInstalment.objects.filter(pk=instalment.pk).update(payment_intent_id="pi_test_1")
    event = intent_event(instalment, type="payment_intent.payment_failed", last_payment_error={
        "code": "card_declined", "decline_code": "insufficient_funds", "message": "Your card has insufficient funds."})
    assert post_event(client, settings, event).json()["outcome"] == "failure_recorded"
    instalment.refresh_from_db()
    assert instalment.status == FeeStatus.DUE
    failed = AuditEvent.objects.get(stream__key=deal.contract.audit_stream, verb="payments.fee_payment_failed")
    assert (failed.data["code"], failed.data["reason"], failed.data["source"]) == (
        "insufficient_funds", "Your card has insufficient funds.", "webhook")


def test_rule_13_a_failure_arriving_after_success_changes_nothing(deal, client, settings):
    instalment = due_instalment(deal)
    assert post_event(client, settings, intent_event(instalment)).json()["outcome"] == "paid"
    late = intent_event(instalment, type="payment_intent.payment_failed",
                        last_payment_error={"code": "card_declined", "message": "Declined"})
    assert post_event(client, settings, late).json()["outcome"] == "stale"
    instalment.refresh_from_db()
    assert instalment.status == FeeStatus.PAID
    assert "payments.fee_payment_failed" not in verbs(instalment)


def test_rule_13_charge_refunded_marks_a_card_payment_refunded_once(deal, client, settings):
    instalment = due_instalment(deal)
    post_event(client, settings, intent_event(instalment))
    instalment.refresh_from_db()
    part = charge_refunded_event(instalment, amount_refunded=1_000)
    assert post_event(client, settings, part).json()["outcome"] == "partial_refund"
    instalment.refresh_from_db()
    assert instalment.status == FeeStatus.PAID
    event = charge_refunded_event(instalment)
    assert post_event(client, settings, event).json()["outcome"] == "refunded"
    instalment.refresh_from_db()
    assert (instalment.status, instalment.refund_reason) == (FeeStatus.REFUNDED, "Refunded in Stripe")
    assert instalment.refunded_at.timestamp() == 1_760_000_500
    assert post_event(client, settings, charge_refunded_event(instalment)).json()["outcome"] == "already_refunded"
    assert post_event(client, settings, intent_event(instalment)).json()["outcome"] == "already_paid"
    assert verbs(instalment).count("payments.fee_instalment_refunded") == 1
    instalment.refresh_from_db()
    assert instalment.status == FeeStatus.REFUNDED


# A real delivery from localstripe -----------------------------------------------------------------------------


class _Receiver(http.server.BaseHTTPRequestHandler):
    received: list[tuple[bytes, str]] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((body, self.headers.get("Stripe-Signature", "")))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    _Receiver.received = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def delivered(receiver, intent_id: str, event_type: str, seconds: float = 10) -> tuple[bytes, str]:
    """The body and Stripe-Signature header localstripe sent about `intent_id`, waiting up to `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for body, signature in list(_Receiver.received):
            event = json.loads(body)
            if event["type"] == event_type and event["data"]["object"]["id"] == intent_id:
                return body, signature
        time.sleep(0.1)
    raise AssertionError(f"localstripe delivered no {event_type} for {intent_id} within {seconds}s")


def test_rule_13_a_3d_secure_payment_is_recorded_from_localstripes_own_webhook(
    deal, client, localstripe, localstripe_webhook, receiver
):
    """The browser's way: the page's Stripe.js completes 3-D Secure, so only the webhook tells the server."""
    from tests.payments.test_stripe_gateway import THREE_D_SECURE_CARD, card_payment_method

    instalment = due_instalment(deal)
    localstripe_webhook(f"http://127.0.0.1:{receiver.server_address[1]}/", events=["payment_intent.succeeded"])
    intent = fees.fee_payment_start(actor=deal.supplier_user, instalment=instalment)
    confirmed = fees.fee_payment_confirm_card(actor=deal.supplier_user, instalment=instalment,
                                              payment_method=card_payment_method(THREE_D_SECURE_CARD))
    assert confirmed.status == "requires_action"
    instalment.refresh_from_db()
    assert instalment.status == FeeStatus.DUE
    # What localstripe's Stripe.js stand-in does when the person completes the check.
    request = urllib.request.Request(
        f"{localstripe}/v1/payment_intents/{intent.id}/_authenticate?success=true",
        data=json.dumps({"key": "pk_test_spark_tests", "client_secret": intent.client_secret}).encode(),
        method="POST")
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200

    body, signature = delivered(receiver, intent.id, "payment_intent.succeeded")
    response = client.post(URL, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature)
    assert response.status_code == 200
    assert response.json()["outcome"] == "paid"
    instalment.refresh_from_db()
    assert (instalment.status, instalment.method, instalment.payment_intent_id) == (FeeStatus.PAID, "card",
                                                                                    intent.id)
    # Delivered again (Stripe retries after a timeout): processed once.
    again = client.post(URL, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature)
    assert again.json()["outcome"] == "duplicate"
    # Tampered with on the way: refused.
    forged = client.post(URL, body.replace(b"succeeded", b"succeeded "), content_type="application/json",
                         HTTP_STRIPE_SIGNATURE=signature)
    assert forged.status_code == 400
    assert gateway.payment_intent_retrieve(intent.id).status == "succeeded"
