"""The Stripe gateway against a real localstripe (tests/payments/conftest.py starts one per session)."""

import http.server
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
import stripe

from marketplace.payments import stripe_gateway as gateway
from marketplace.payments.stripe_gateway import GatewayError

from .conftest import free_closed_port_url

# Test cards localstripe knows (its resources.PaymentMethod): Stripe's own test numbers.
THREE_D_SECURE_CARD = "4000002760003184"
# localstripe declines only 4000000000000341 (pm_card_chargeCustomerFail) when charging; 4000000000000002
# (pm_card_visa_chargeDeclined) it declines only when attached to a customer.
DECLINED_AT_CHARGE = "pm_card_chargeCustomerFail"


def reference() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def card_payment_method(number: str) -> str:
    method = gateway.client().v1.payment_methods.create(
        params={"type": "card", "card": {"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"}}
    )
    return method.id


@pytest.fixture(autouse=True)
def _localstripe(stripe_settings):
    return stripe_settings


def test_settings_outside_production_point_at_localstripe():
    from marketplace import settings as module

    assert module.STRIPE_SECRET_KEY.startswith("sk_test_")
    assert module.STRIPE_PUBLISHABLE_KEY.startswith("pk_test_")
    assert module.STRIPE_WEBHOOK_SECRET.startswith("whsec_")
    if "STRIPE_API_BASE" not in os.environ:
        assert module.STRIPE_API_BASE.startswith("http://127.0.0.1:")
        assert module.STRIPE_JS_URL == f"{module.STRIPE_API_BASE}/js.stripe.com/v3/"


def _import_production_settings(tmp_path, **extra) -> subprocess.CompletedProcess:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("STRIPE_", "DJANGO_", "SPARK_"))
    }
    environment |= {
        "SPARK_ENV": "production",
        "SPARK_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "spark.example",
        **extra,
    }
    return subprocess.run(
        [sys.executable, "-c", "import marketplace.settings as s; print(s.STRIPE_API_BASE or '-', s.STRIPE_JS_URL)"],
        cwd=Path(__file__).resolve().parents[2],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_the_stripe_keys(tmp_path):
    result = _import_production_settings(tmp_path)
    assert result.returncode != 0
    assert "STRIPE_SECRET_KEY" in result.stderr

    keys = {"STRIPE_SECRET_KEY": "sk_live_x", "STRIPE_PUBLISHABLE_KEY": "pk_live_x", "STRIPE_WEBHOOK_SECRET": "whsec_x"}
    result = _import_production_settings(tmp_path, **(keys | {"STRIPE_WEBHOOK_SECRET": ""}))
    assert result.returncode != 0
    assert "STRIPE_WEBHOOK_SECRET" in result.stderr

    result = _import_production_settings(tmp_path, **keys)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["-", "https://js.stripe.com/v3/"]


def test_a_card_payment_succeeds():
    ref = reference()
    intent = gateway.payment_intent_create(amount_pence=1234, reference=ref, metadata={"instalment": "42"})
    assert intent.id.startswith("pi_")
    assert intent.client_secret.startswith(f"{intent.id}_secret_")
    assert (intent.status, intent.amount, intent.currency, intent.livemode) == (
        "requires_payment_method",
        1234,
        "gbp",
        False,
    )
    assert intent.metadata == {"instalment": "42", "spark_reference": ref}
    assert intent.reference == ref

    confirmed = gateway.payment_intent_confirm(intent.id, payment_method="pm_card_visa")
    assert confirmed.status == "succeeded"
    assert gateway.payment_intent_retrieve(intent.id).status == "succeeded"


def test_a_declined_card_gives_a_clear_error_and_leaves_the_intent_payable():
    intent = gateway.payment_intent_create(amount_pence=5000, reference=reference(), metadata={})
    with pytest.raises(GatewayError) as raised:
        gateway.payment_intent_confirm(intent.id, payment_method=DECLINED_AT_CHARGE)
    assert raised.value.declined is True
    assert raised.value.code == "card_declined"
    assert raised.value.message == "Your card was declined. Try another card, or pay by bank transfer."
    assert str(raised.value) == raised.value.message
    assert gateway.payment_intent_retrieve(intent.id).status == "requires_payment_method"


def test_after_a_decline_the_intent_is_cancelled_and_a_new_one_is_paid():
    ref = reference()
    declined = gateway.payment_intent_create(amount_pence=5000, reference=ref)
    with pytest.raises(GatewayError):
        gateway.payment_intent_confirm(declined.id, payment_method=DECLINED_AT_CHARGE)
    assert gateway.payment_intent_cancel(declined.id).status == "canceled"

    again = gateway.payment_intent_create(amount_pence=5000, reference=ref)
    assert again.id != declined.id
    assert gateway.payment_intent_confirm(again.id, payment_method="pm_card_visa").status == "succeeded"
    assert {i.id: i.status for i in gateway.payment_intents_for(ref)} == {
        declined.id: "canceled",
        again.id: "succeeded",
    }
    # The paid intent is the one for the reference from now on.
    assert gateway.payment_intent_create(amount_pence=5000, reference=ref).id == again.id


def test_a_three_d_secure_card_asks_for_authentication(localstripe):
    intent = gateway.payment_intent_create(amount_pence=2500, reference=reference())
    confirmed = gateway.payment_intent_confirm(intent.id, payment_method=card_payment_method(THREE_D_SECURE_CARD))
    assert confirmed.status == "requires_action"

    # What localstripe's Stripe.js stand-in does when the person completes the 3-D Secure check.
    request = urllib.request.Request(
        f"{localstripe}/v1/payment_intents/{intent.id}/_authenticate?success=true",
        data=json.dumps({"key": "pk_test_spark_tests", "client_secret": intent.client_secret}).encode(),
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200
    assert gateway.payment_intent_retrieve(intent.id).status == "succeeded"


def test_a_refund_in_full_and_in_part_is_made_once_per_reason_key():
    paid = gateway.payment_intent_create(amount_pence=10_000, reference=reference())
    gateway.payment_intent_confirm(paid.id, payment_method="pm_card_visa")

    part = gateway.refund_create(payment_intent_id=paid.id, amount_pence=2_500, reason_key="refund-1")
    assert (part.status, part.amount, part.currency, part.payment_intent_id) == ("succeeded", 2_500, "gbp", paid.id)
    assert gateway.refund_create(payment_intent_id=paid.id, amount_pence=2_500, reason_key="refund-1") == part

    rest = gateway.refund_create(payment_intent_id=paid.id, reason_key="refund-2")
    assert rest.id != part.id
    assert rest.metadata == {"spark_refund": "refund-2"}


def test_a_failed_payment_cannot_be_refunded():
    intent = gateway.payment_intent_create(amount_pence=900, reference=reference())
    with pytest.raises(GatewayError):
        gateway.payment_intent_confirm(intent.id, payment_method=DECLINED_AT_CHARGE)
    with pytest.raises(GatewayError) as raised:
        gateway.refund_create(payment_intent_id=intent.id, reason_key="refund-1")
    assert raised.value.declined is False


def test_intents_are_listed_by_reference_across_pages(monkeypatch):
    monkeypatch.setattr(gateway, "PAGE_SIZE", 2)
    ours, theirs = reference(), reference()
    first = gateway.payment_intent_create(amount_pence=1000, reference=ours)
    gateway.payment_intent_create(amount_pence=1000, reference=theirs)
    for _ in range(3):
        gateway.payment_intent_create(amount_pence=700, reference=reference())

    assert [intent.id for intent in gateway.payment_intents_for(ours)] == [first.id]
    assert gateway.payment_intents_for(reference()) == []


def test_creating_twice_for_a_reference_gives_the_same_intent():
    ref = reference()
    first = gateway.payment_intent_create(amount_pence=4321, reference=ref)
    again = gateway.payment_intent_create(amount_pence=4321, reference=ref)
    assert again.id == first.id
    assert len(gateway.payment_intents_for(ref)) == 1

    # A different amount for the same reference is a mistake somewhere: refused, nothing created.
    with pytest.raises(GatewayError) as raised:
        gateway.payment_intent_create(amount_pence=9999, reference=ref)
    assert raised.value.code == "reference_conflict"
    assert len(gateway.payment_intents_for(ref)) == 1


def test_amounts_stripe_would_refuse_are_refused_first():
    with pytest.raises(GatewayError) as raised:
        gateway.payment_intent_create(amount_pence=29, reference=reference())
    assert raised.value.code == "amount_too_small"
    assert "bank transfer" in raised.value.message
    for amount in (0, -100, 12.5, "100", True):
        with pytest.raises(ValueError):
            gateway.payment_intent_create(amount_pence=amount, reference=reference())


def _signed(event: dict, secret: str, timestamp: int | None = None) -> tuple[bytes, str]:
    payload = json.dumps(event)
    return payload.encode(), stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp)


EVENT = {
    "id": "evt_test_1",
    "object": "event",
    "type": "payment_intent.succeeded",
    "livemode": False,
    "created": 1_700_000_000,
    "data": {"object": {"id": "pi_test_1", "object": "payment_intent", "amount": 1234, "currency": "gbp"}},
}


def test_a_correctly_signed_webhook_is_accepted(stripe_settings):
    payload, header = _signed(EVENT, stripe_settings.STRIPE_WEBHOOK_SECRET)
    event = gateway.webhook_event(payload, header)
    assert (event.id, event.type, event.livemode) == ("evt_test_1", "payment_intent.succeeded", False)
    assert event.data.object.amount == 1234


@pytest.mark.parametrize("fault", ["wrong secret", "changed body", "no header", "garbled header", "stale"])
def test_a_badly_signed_webhook_is_refused(stripe_settings, fault):
    secret = "whsec_someone_else" if fault == "wrong secret" else stripe_settings.STRIPE_WEBHOOK_SECRET
    payload, header = _signed(EVENT, secret, int(time.time()) - 3600 if fault == "stale" else None)
    if fault == "changed body":
        payload = payload.replace(b"1234", b"1")
    header = {"no header": "", "garbled header": "v1=abc"}.get(fault, header)
    with pytest.raises(GatewayError) as raised:
        gateway.webhook_event(payload, header)
    assert raised.value.code == "signature"
    assert raised.value.declined is False


class _Receiver(http.server.BaseHTTPRequestHandler):
    received: list[tuple[bytes, str]] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((body, self.headers.get("Stripe-Signature", "")))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_localstripe_delivers_signed_webhooks_the_gateway_verifies(localstripe_webhook):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    _Receiver.received = []
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def ours() -> list:
        # localstripe sends each event a second after it happens to whichever endpoints exist then, so events of
        # earlier tests can arrive too: every one must verify, and ours must be among them.
        events = [gateway.webhook_event(body, signature) for body, signature in list(_Receiver.received)]
        return [event for event in events if event.data.object.id == intent.id]

    try:
        localstripe_webhook(f"http://127.0.0.1:{server.server_address[1]}/", events=["payment_intent.succeeded"])
        intent = gateway.payment_intent_create(amount_pence=1500, reference=reference())
        gateway.payment_intent_confirm(intent.id, payment_method="pm_card_visa")
        deadline = time.monotonic() + 10
        while not ours() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        server.shutdown()
        server.server_close()

    [event] = ours()
    assert event.type == "payment_intent.succeeded"
    paid = event.data.object
    assert (paid.amount, paid.currency, paid.status) == (1500, "gbp", "succeeded")
    assert event.livemode is False and event.data.object.livemode is False
    assert event.data.object.metadata.spark_reference == intent.reference


def test_stripe_down_gives_try_again_later(settings):
    settings.STRIPE_API_BASE = free_closed_port_url()
    started = time.monotonic()
    for attempt in (
        lambda: gateway.payment_intent_create(amount_pence=1000, reference=reference()),
        lambda: gateway.payment_intent_retrieve("pi_123"),
        lambda: gateway.payment_intent_confirm("pi_123", payment_method="pm_card_visa"),
        lambda: gateway.payment_intent_cancel("pi_123"),
        lambda: gateway.payment_intents_for("anything"),
        lambda: gateway.refund_create(payment_intent_id="pi_123", reason_key="r"),
    ):
        with pytest.raises(GatewayError) as raised:
            attempt()
        assert raised.value.message == "Card payments are not available at the moment. Try again later."
        assert raised.value.declined is False
    assert time.monotonic() - started < 5  # refused at once, no retries


def test_an_unknown_intent_is_a_gateway_error():
    with pytest.raises(GatewayError) as raised:
        gateway.payment_intent_retrieve("pi_doesnotexist")
    assert raised.value.declined is False


def test_tests_never_touch_the_development_servers_localstripe_state():
    shared = Path("/tmp/localstripe.pickle")
    before = shared.stat().st_mtime_ns if shared.exists() else None
    gateway.payment_intent_create(amount_pence=1000, reference=reference())
    assert (shared.stat().st_mtime_ns if shared.exists() else None) == before
