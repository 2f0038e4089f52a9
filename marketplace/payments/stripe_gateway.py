"""A thin gateway to Stripe: the only module that talks to the Stripe API.

Everything goes through one `stripe.StripeClient` built from the settings (STRIPE_SECRET_KEY, STRIPE_API_BASE,
STRIPE_TIMEOUT_SECONDS); outside production STRIPE_API_BASE points at localstripe. Requests have a short timeout and
are never retried automatically: every request that changes something carries an idempotency key derived from what
it is for, so a person pressing "Pay" twice, or a page retried after a timeout, cannot charge twice.

localstripe ignores idempotency keys, so creating a payment intent or a refund also looks for one already made for
the same reference first; against Stripe that look-up and the key protect the same thing twice.

Every Stripe failure comes out as a `GatewayError` whose `message` can be shown to the person on the page.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import stripe
from django.conf import settings

logger = logging.getLogger(__name__)

CURRENCY = "gbp"
# Stripe's smallest charge in pounds sterling (localstripe does not check it; Stripe refuses anything smaller).
MINIMUM_CHARGE_PENCE = 30
# The metadata key that ties a payment intent to what it pays for (for look-ups and reconciliation).
REFERENCE_KEY = "spark_reference"
REFUND_KEY = "spark_refund"
# Stripe allows idempotency keys up to 255 characters.
_MAX_KEY_LENGTH = 255
# Objects per list request (Stripe's maximum).
PAGE_SIZE = 100

MESSAGE_DECLINED = "Your card was declined. Try another card, or pay by bank transfer."
MESSAGE_UNAVAILABLE = "Card payments are not available at the moment. Try again later."
MESSAGE_FAILED = "The card payment could not be completed. Try again later, or pay by bank transfer."
MESSAGE_TOO_SMALL = "This amount is too small to pay by card. Pay by bank transfer instead."
MESSAGE_BAD_SIGNATURE = "The Stripe webhook signature could not be verified."

# Decline codes a person can act on; anything else gets the general decline message.
_DECLINE_MESSAGES = {
    "insufficient_funds": "Your card was declined: there is not enough money in the account. "
    "Try another card, or pay by bank transfer.",
    "expired_card": "Your card has expired. Try another card, or pay by bank transfer.",
    "incorrect_cvc": "The security code does not match the card. Check it and try again.",
    "incorrect_number": "The card number is not right. Check it and try again.",
    "payment_intent_authentication_failure": "Your bank did not confirm the payment. Try again, or use another card.",
}


def _metadata(obj: stripe.StripeObject) -> dict[str, str]:
    metadata = getattr(obj, "metadata", None)
    return metadata.to_dict() if metadata else {}


class GatewayError(Exception):
    """Stripe refused or could not be reached. `message` is written for the person on the page.

    `declined` is true when the card was refused (the person can try another card); `code` is Stripe's error or
    decline code when there is one, for logs and tests.
    """

    def __init__(self, message: str, *, declined: bool = False, code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.declined = declined
        self.code = code


@dataclass(frozen=True)
class Intent:
    id: str
    client_secret: str
    status: str
    amount: int
    currency: str
    livemode: bool
    created: int = 0
    metadata: Mapping[str, str] = field(default_factory=dict)
    # Why the last attempt failed (Stripe's decline or error code), when it did.
    error_code: str = ""

    @property
    def reference(self) -> str:
        return self.metadata.get(REFERENCE_KEY, "")

    @classmethod
    def from_stripe(cls, intent: stripe.PaymentIntent) -> Intent:
        return cls(
            id=intent.id,
            client_secret=intent.client_secret or "",
            status=intent.status,
            amount=intent.amount,
            currency=intent.currency,
            livemode=bool(intent.livemode),
            created=intent.created or 0,
            metadata=_metadata(intent),
            error_code=_error_code(intent),
        )


def _error_code(intent: stripe.PaymentIntent) -> str:
    error = getattr(intent, "last_payment_error", None)
    if not error:
        return ""
    error = error.to_dict()
    return str(error.get("decline_code") or error.get("code") or "card_declined")


def decline_message(code: str) -> str:
    """What to tell the person whose card was refused, for Stripe's decline or error `code`."""
    return _DECLINE_MESSAGES.get(code, MESSAGE_DECLINED)


@dataclass(frozen=True)
class Refund:
    id: str
    status: str
    amount: int
    currency: str
    payment_intent_id: str
    metadata: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_stripe(cls, refund: stripe.Refund, payment_intent_id: str) -> Refund:
        return cls(
            id=refund.id,
            status=refund.status or "",
            amount=refund.amount,
            currency=refund.currency,
            payment_intent_id=payment_intent_id,
            metadata=_metadata(refund),
        )


# The client -------------------------------------------------------------------------------------------------------


def client() -> stripe.StripeClient:
    """The StripeClient for the current settings (cached per settings, so tests can repoint it)."""
    return _client(settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE, float(settings.STRIPE_TIMEOUT_SECONDS))


@functools.lru_cache(maxsize=8)
def _client(secret_key: str, api_base: str, timeout: float) -> stripe.StripeClient:
    return stripe.StripeClient(
        secret_key,
        base_addresses={"api": api_base.rstrip("/")} if api_base else {},
        # Retries could only be safe with idempotency keys; the person on the page retries instead.
        max_network_retries=0,
        # (connect, read) seconds.
        http_client=stripe.RequestsClient(timeout=(min(timeout, 3.0), timeout)),
    )


def _key(*parts: str) -> str:
    key = ":".join(("spark", *parts))
    if len(key) > _MAX_KEY_LENGTH:
        raise ValueError(f"Idempotency key too long ({len(key)} characters): {key[:60]}…")
    return key


def _gateway_error(error: stripe.StripeError, doing: str) -> GatewayError:
    """The GatewayError for a Stripe exception, logged with Stripe's request id."""
    code = getattr(error, "code", None) or ""
    request_id = getattr(error, "request_id", None) or ""
    if isinstance(error, stripe.CardError):
        decline_code = getattr(error.error, "decline_code", None) or code
        logger.info("Stripe declined a card while %s: %s (%s) request %s", doing, error, decline_code, request_id)
        return GatewayError(decline_message(decline_code), declined=True, code=decline_code or "card_declined")
    if isinstance(error, stripe.APIConnectionError | stripe.RateLimitError | stripe.APIError):
        logger.warning("Stripe unavailable while %s: %r request %s", doing, error, request_id)
        return GatewayError(MESSAGE_UNAVAILABLE, code=code or "unavailable")
    if isinstance(error, stripe.AuthenticationError | stripe.PermissionError):
        logger.error("Stripe refused our credentials while %s: %s request %s", doing, error, request_id)
        return GatewayError(MESSAGE_UNAVAILABLE, code=code or "authentication")
    logger.error("Stripe refused a request while %s: %r request %s", doing, error, request_id)
    return GatewayError(MESSAGE_FAILED, code=code or type(error).__name__)


# Payment intents --------------------------------------------------------------------------------------------------


def payment_intent_create(*, amount_pence: int, reference: str, metadata: Mapping[str, str] | None = None) -> Intent:
    """The card payment intent for `reference` (e.g. "fee-instalment-42"), created once.

    Asking again for the same reference returns the intent already made for it, whatever its status, unless it
    was cancelled; asking for a different amount than that intent's is refused. To start again after a decline,
    cancel the intent (localstripe, unlike Stripe, cannot confirm an intent again once its card was declined).
    """
    if not isinstance(amount_pence, int) or isinstance(amount_pence, bool) or amount_pence <= 0:
        raise ValueError(f"amount_pence must be a positive whole number of pence, not {amount_pence!r}")
    if not reference:
        raise ValueError("A payment intent needs a reference")
    metadata = {str(k): str(v) for k, v in (metadata or {}).items()}
    if metadata.setdefault(REFERENCE_KEY, reference) != reference:
        raise ValueError(f"metadata[{REFERENCE_KEY!r}] must be the reference {reference!r}")
    if amount_pence < MINIMUM_CHARGE_PENCE:
        raise GatewayError(MESSAGE_TOO_SMALL, code="amount_too_small")

    made = payment_intents_for(reference)
    existing = [intent for intent in made if intent.status != "canceled"]
    if existing:
        # Normally one; should there be more, the paid one, else the newest.
        intent = max(existing, key=lambda intent: (intent.status == "succeeded", intent.created))
        if (intent.amount, intent.currency) != (amount_pence, CURRENCY):
            logger.error(
                "Payment intent %s for %s is for %s %s, not %s: not reusing it",
                intent.id,
                reference,
                intent.amount,
                intent.currency,
                amount_pence,
            )
            raise GatewayError(MESSAGE_FAILED, code="reference_conflict")
        return intent
    try:
        intent = client().v1.payment_intents.create(
            params={
                "amount": amount_pence,
                "currency": CURRENCY,
                "payment_method_types": ["card"],
                "metadata": metadata,
            },
            # Numbered by the intents already made (all cancelled), so a new one after a cancellation is not
            # answered with the cancelled one by Stripe's idempotency cache (kept for 24 hours).
            options={"idempotency_key": _key("payment-intent", reference, str(len(made) + 1))},
        )
    except stripe.StripeError as error:
        raise _gateway_error(error, f"creating a payment intent for {reference}") from error
    return Intent.from_stripe(intent)


def payment_intent_retrieve(intent_id: str) -> Intent:
    try:
        return Intent.from_stripe(client().v1.payment_intents.retrieve(intent_id))
    except stripe.StripeError as error:
        raise _gateway_error(error, f"retrieving payment intent {intent_id}") from error


def payment_intent_confirm(intent_id: str, *, payment_method: str) -> Intent:
    """Confirm an intent on the server with a payment method (a `pm_…` id from Stripe.js, or a test card id).

    A declined card raises GatewayError(declined=True); a card that needs 3-D Secure comes back with status
    "requires_action" for Stripe.js to finish in the browser. (Set the method, then confirm: localstripe does not
    take `payment_method` on confirm itself.)
    """
    doing = f"confirming payment intent {intent_id}"
    try:
        client().v1.payment_intents.update(
            intent_id,
            params={"payment_method": payment_method},
            options={"idempotency_key": _key("payment-intent-method", intent_id, payment_method)},
        )
        intent = client().v1.payment_intents.confirm(
            intent_id, options={"idempotency_key": _key("payment-intent-confirm", intent_id, payment_method)}
        )
    except stripe.StripeError as error:
        raise _gateway_error(error, doing) from error
    return Intent.from_stripe(intent)


def payment_intent_cancel(intent_id: str) -> Intent:
    """Cancel an intent that has not been paid (e.g. after a decline, so the next attempt gets a new one)."""
    try:
        intent = client().v1.payment_intents.cancel(
            intent_id, options={"idempotency_key": _key("payment-intent-cancel", intent_id)}
        )
    except stripe.StripeError as error:
        raise _gateway_error(error, f"cancelling payment intent {intent_id}") from error
    return Intent.from_stripe(intent)


def _payment_intents() -> Iterator[stripe.PaymentIntent]:
    page = client().v1.payment_intents.list(params={"limit": PAGE_SIZE})
    yield from page.auto_paging_iter()


def payment_intents_for(reference: str) -> list[Intent]:
    """Every payment intent Stripe holds for `reference`, oldest first (for reconciliation).

    `created` is in whole seconds: intents made within the same second come in no particular order.

    Lists the account's intents and filters them by metadata: localstripe has no search API.
    """
    try:
        intents = [
            Intent.from_stripe(intent)
            for intent in _payment_intents()
            if _metadata(intent).get(REFERENCE_KEY) == reference
        ]
    except stripe.StripeError as error:
        raise _gateway_error(error, f"listing payment intents for {reference}") from error
    return sorted(intents, key=lambda intent: intent.created)


# Card details: a setup intent turns the page's card element into a payment method ----------------------------


@dataclass(frozen=True)
class CardSetup:
    id: str
    client_secret: str
    status: str


def card_setup_create(*, reference: str) -> CardSetup:
    """A setup intent for the payment page's Stripe.js to turn the card element into a payment method (`pm_…`).

    `stripe.confirmCardSetup(client_secret, {payment_method: {card}})` does it in the browser, so card details only
    ever reach Stripe; the page then sends the `pm_…` id, and the server confirms the payment intent with it
    (`payment_intent_confirm`). localstripe's Stripe.js stand-in implements confirmCardSetup, not
    createPaymentMethod. Nothing is charged, so a new one per page is harmless and needs no idempotency key.
    """
    try:
        setup = client().v1.setup_intents.create(
            params={"usage": "on_session", "payment_method_types": ["card"], "metadata": {REFERENCE_KEY: reference}}
        )
    except stripe.StripeError as error:
        raise _gateway_error(error, f"setting up a card for {reference}") from error
    return CardSetup(id=setup.id, client_secret=setup.client_secret or "", status=setup.status)


# Refunds ----------------------------------------------------------------------------------------------------------


def refund_create(*, payment_intent_id: str, amount_pence: int | None = None, reason_key: str) -> Refund:
    """Refund a succeeded payment intent, in full or `amount_pence` of it, once per `reason_key`.

    `reason_key` names the decision to refund (e.g. "fee-instalment-42-refund-1"): asking again with the same key
    returns the refund already made. The reason itself stays in Spark's audit trail; Stripe's own `reason` field
    takes only a few fixed values (and localstripe refuses it).
    """
    if amount_pence is not None and (not isinstance(amount_pence, int) or amount_pence <= 0):
        raise ValueError(f"amount_pence must be a positive whole number of pence, not {amount_pence!r}")
    if not reason_key:
        raise ValueError("A refund needs a reason_key")
    doing = f"refunding payment intent {payment_intent_id}"
    try:
        existing = client().v1.refunds.list(params={"payment_intent": payment_intent_id, "limit": PAGE_SIZE})
        for refund in existing.auto_paging_iter():
            if _metadata(refund).get(REFUND_KEY) == reason_key:
                return Refund.from_stripe(refund, payment_intent_id)
        params: dict = {"payment_intent": payment_intent_id, "metadata": {REFUND_KEY: reason_key}}
        if amount_pence is not None:
            params["amount"] = amount_pence
        refund = client().v1.refunds.create(
            params=params, options={"idempotency_key": _key("refund", payment_intent_id, reason_key)}
        )
    except stripe.StripeError as error:
        raise _gateway_error(error, doing) from error
    return Refund.from_stripe(refund, payment_intent_id)


# Webhooks ---------------------------------------------------------------------------------------------------------


def webhook_event(payload: bytes, signature_header: str | None) -> stripe.Event:
    """The event in a webhook request's body, once its Stripe-Signature header is verified with the endpoint secret.

    A missing, wrong or stale signature (more than 5 minutes old), or a body that is not an event, raises
    GatewayError (code "signature"): answer 400 and change nothing.
    """
    try:
        return stripe.Webhook.construct_event(payload, signature_header, settings.STRIPE_WEBHOOK_SECRET)
    except (stripe.SignatureVerificationError, ValueError) as error:
        logger.warning("Refused a Stripe webhook: %s", error)
        raise GatewayError(MESSAGE_BAD_SIGNATURE, code="signature") from error
