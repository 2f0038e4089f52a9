"""The marketplace fee paid by card (rule 13): payment intents, Stripe's webhooks, refunds and reconciliation.

Kept apart from `services.py` (invoices, instalments, transfers, waivers); the only module here that calls the
Stripe gateway.

Choices:

* One reference per instalment, `fee-instalment-<pk>`. The gateway numbers the attempts itself (a new intent
  after a cancelled one), so every intent ever made for an instalment is found by that one reference, which is
  what reconciliation lists.
* Paid is recorded from what Stripe says, never from the browser: the server-side confirm's answer, the
  `payment_intent.succeeded` webhook, or reconciliation; all three go through `_settle`, which checks the amount,
  the currency and live/test mode against the instalment and the settings, and is idempotent (an instalment paid
  by that intent already is left alone).
* A declined card: the failure is recorded (audit, with the decline code and message) and committed, the intent
  is cancelled (localstripe cannot confirm a declined intent again) and `payment_intent_id` cleared; then a
  `DomainError` with the message for the page is raised. The instalment stays due.
* A refund is made through the gateway (once per instalment: its reason key is fixed) and the instalment marked
  refunded at once; Stripe's later `charge.refunded` webhook then finds it refunded and changes nothing.
* Webhooks: the `WebhookEvent` row is inserted in the same transaction as the change it causes; a duplicate id
  is refused by the unique constraint and changes nothing. Every correctly signed event is stored, with its
  outcome ("paid", "mismatch", "ignored"...), so Stripe is answered 200 and does not retry it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime

from django.conf import settings
from django.db import IntegrityError, transaction

from marketplace.audit.services import audit_record
from marketplace.competitions.services.common import database_now, member_emails
from marketplace.contracts import permissions as contract_permissions
from marketplace.errors import DomainError, NotAllowed
from marketplace.notifications import send_email

from . import permissions
from . import stripe_gateway as gateway
from .models import FeeInstalment, FeeStatus, PaymentMethod, WebhookEvent
from .services import MAX_TEXT, _lock_instalment, _move_fee, _text
from .stripe_gateway import CardSetup, GatewayError, Intent

logger = logging.getLogger(__name__)

REFERENCE_PREFIX = "fee-instalment-"

# Webhook outcomes (stored in WebhookEvent.summary["outcome"] and returned by webhook_process).
DUPLICATE = "duplicate"
PAID = "paid"
ALREADY_PAID = "already_paid"
MISMATCH = "mismatch"
NOT_DUE = "not_due"
UNMATCHED = "unmatched"
FAILURE_RECORDED = "failure_recorded"
STALE = "stale"
REFUNDED = "refunded"
ALREADY_REFUNDED = "already_refunded"
PARTIAL_REFUND = "partial_refund"
IGNORED = "ignored"
PROCESSING = "processing"


def fee_reference(instalment: FeeInstalment) -> str:
    return f"{REFERENCE_PREFIX}{instalment.pk}"


def _instalment_pk_from_reference(reference: str) -> int | None:
    if not reference.startswith(REFERENCE_PREFIX):
        return None
    rest = reference[len(REFERENCE_PREFIX):]
    return int(rest) if rest.isdigit() else None


def refund_reason_key(instalment: FeeInstalment) -> str:
    """One refund per instalment (refunded is final), so a retried refund finds the one already made."""
    return f"{fee_reference(instalment)}-refund"


def expected_livemode() -> bool:
    """Live keys take live payments; any other key (test keys, localstripe) takes test-mode ones only."""
    return str(settings.STRIPE_SECRET_KEY).startswith("sk_live_")


def _audit(instalment: FeeInstalment, verb: str, *, actor=None, **data) -> None:
    audit_record(stream=instalment.contract.audit_stream, verb=verb, actor=actor, target=instalment,
                 data={"instalment_id": instalment.pk, "amount_pence": instalment.amount_pence, **data})


def _check_due(instalment: FeeInstalment) -> None:
    if instalment.status != FeeStatus.DUE:
        raise DomainError(f"This fee instalment is {instalment.get_status_display().lower()}, so there is nothing "
                          f"to pay", code="wrong_status")


def _check_payer(actor, instalment: FeeInstalment) -> None:
    if not contract_permissions.is_supplier_side(actor, instalment.contract):
        raise NotAllowed("Only the supplier on this contract can pay its marketplace fee.")


def _mismatches(instalment: FeeInstalment, *, amount, currency, livemode) -> list[str]:
    problems = []
    if amount != instalment.amount_pence:
        problems.append(f"amount {amount!r} is not {instalment.amount_pence}")
    if currency != gateway.CURRENCY:
        problems.append(f"currency {currency!r} is not {gateway.CURRENCY!r}")
    if bool(livemode) != expected_livemode():
        problems.append(f"livemode {livemode!r} is not {expected_livemode()!r}")
    return problems


def _settle(instalment: FeeInstalment, *, intent_id: str, amount, currency, livemode, reference: str, paid_at,
            source: str, actor=None, event_id: str = "") -> str:
    """Mark a locked instalment paid by the succeeded intent `intent_id`, if everything matches. Idempotent."""
    if reference and reference != fee_reference(instalment):
        logger.warning("Payment intent %s is for %r, not instalment %s: nothing changed", intent_id, reference,
                       instalment.pk)
        return MISMATCH
    if instalment.status == FeeStatus.PAID and instalment.payment_intent_id == intent_id:
        return ALREADY_PAID
    if instalment.status == FeeStatus.REFUNDED and instalment.payment_intent_id == intent_id:
        return ALREADY_PAID  # paid by this intent, and refunded since
    problems = _mismatches(instalment, amount=amount, currency=currency, livemode=livemode)
    if problems:
        logger.warning("Payment intent %s (%s) does not match fee instalment %s: %s; nothing changed", intent_id,
                       source, instalment.pk, "; ".join(problems))
        return MISMATCH
    if instalment.status != FeeStatus.DUE:
        # Paid otherwise (a bank transfer), or waived: an operator must decide (probably a refund).
        logger.warning("Payment intent %s (%s) succeeded for fee instalment %s, which is %s: nothing changed",
                       intent_id, source, instalment.pk, instalment.status)
        return NOT_DUE
    _move_fee(instalment, FeeStatus.PAID)
    instalment.method = PaymentMethod.CARD
    instalment.payment_intent_id = intent_id
    instalment.paid_at = paid_at
    instalment.save(update_fields=["status", "method", "payment_intent_id", "paid_at"])
    _audit(instalment, "payments.fee_instalment_paid", actor=actor, method=PaymentMethod.CARD.value,
           payment_intent_id=intent_id, source=source, stripe_event_id=event_id, paid_at=paid_at.isoformat())
    _email_supplier(instalment, "payments/email/fee_instalment_paid")
    return PAID


def _email_supplier(instalment: FeeInstalment, template: str) -> None:
    send_email(to=member_emails(instalment.supplier), template=template,
               context={"instalment": instalment, "contract": instalment.contract,
                        "milestone": instalment.milestone})


def _settle_intent(instalment: FeeInstalment, intent: Intent, *, source: str, actor=None) -> str:
    if intent.status != "succeeded":
        return IGNORED
    return _settle(instalment, intent_id=intent.id, amount=intent.amount, currency=intent.currency,
                   livemode=intent.livemode, reference=intent.reference, paid_at=database_now(), source=source,
                   actor=actor)


# ---------------------------------------------------------------------------------------------------------------
# The supplier pays by card.


@transaction.atomic
def fee_payment_start(*, actor, instalment: FeeInstalment) -> Intent:
    """The payment intent for a due instalment, for exactly its amount in GBP: made once, reused after.

    Raises GatewayError (its `message` is for the page) when Stripe cannot be reached; nothing changes then. An
    intent that turns out to have succeeded already (a missed webhook) marks the instalment paid.
    """
    instalment = _lock_instalment(instalment)
    _check_payer(actor, instalment)
    _check_due(instalment)
    intent = gateway.payment_intent_create(
        amount_pence=instalment.amount_pence, reference=fee_reference(instalment),
        metadata={"instalment_id": instalment.pk, "contract_id": instalment.contract_id},
    )
    if intent.status == "succeeded":
        _settle_intent(instalment, intent, source="start", actor=actor)
        return intent
    if instalment.payment_intent_id != intent.id:
        instalment.payment_intent_id = intent.id
        instalment.save(update_fields=["payment_intent_id"])
        _audit(instalment, "payments.fee_payment_started", actor=actor, payment_intent_id=intent.id)
    return intent


def fee_payment_confirm_card(*, actor, instalment: FeeInstalment, payment_method: str) -> Intent:
    """Confirm the instalment's intent on the server with a card (a `pm_…` id).

    Succeeded: the instalment is paid. 3-D Secure: the intent comes back "requires_action" for the page's
    Stripe.js to finish (the webhook then records the payment). Declined: the failure is recorded and the intent
    cancelled, then DomainError (code "declined") carries the message for the page; the instalment stays due.
    Stripe unreachable: GatewayError, nothing changed.
    """
    declined = None
    with transaction.atomic():
        instalment = _lock_instalment(instalment)
        _check_payer(actor, instalment)
        _check_due(instalment)
        if not instalment.payment_intent_id:
            raise DomainError("Start the payment again", code="no_payment")
        if not isinstance(payment_method, str) or not payment_method.startswith("pm_"):
            raise DomainError("Enter your card details", field="card", code="no_card")
        intent_id = instalment.payment_intent_id
        try:
            intent = gateway.payment_intent_confirm(intent_id, payment_method=payment_method)
        except GatewayError as error:
            if not error.declined:
                raise
            declined = error
            _record_decline(instalment, intent_id, error, actor=actor)
        else:
            if intent.status == "succeeded":
                _settle_intent(instalment, intent, source="confirm", actor=actor)
    if declined is not None:
        raise DomainError(declined.message, field="card", code="declined") from declined
    return intent


WAITING = ("requires_action", "requires_confirmation")


def fee_payment_prepare(*, actor, instalment: FeeInstalment) -> tuple[Intent, CardSetup | None]:
    """What the card payment page needs: the instalment's payment intent and a card setup for Stripe.js.

    An intent left waiting by an earlier attempt (a card set but its 3-D Secure never finished) is cancelled and
    a new one made, so the card typed now is the one confirmed. An intent that has succeeded already (a missed
    webhook) marks the instalment paid, and there is no card setup. GatewayError when Stripe cannot be reached.
    """
    intent = fee_payment_start(actor=actor, instalment=instalment)
    if intent.status in WAITING:
        with transaction.atomic():
            locked = _lock_instalment(instalment)
            gateway.payment_intent_cancel(intent.id)
            locked.payment_intent_id = ""
            locked.save(update_fields=["payment_intent_id"])
            _audit(locked, "payments.fee_payment_abandoned", actor=actor, payment_intent_id=intent.id,
                   stripe_status=intent.status)
        intent = fee_payment_start(actor=actor, instalment=instalment)
    if intent.status == "succeeded":
        return intent, None
    return intent, gateway.card_setup_create(reference=fee_reference(instalment))


def fee_payment_authenticated(*, actor, instalment: FeeInstalment) -> str:
    """After the page's Stripe.js has taken the supplier through 3-D Secure: settle by what Stripe now says.

    Returns "paid" (now, or already by the webhook) or "processing". An intent whose authentication or charge
    failed is recorded and cancelled as a decline, then DomainError (code "declined") carries the message for the
    page. The browser's own account of what happened is never trusted.
    """
    declined = None
    with transaction.atomic():
        instalment = _lock_instalment(instalment)
        _check_payer(actor, instalment)
        if instalment.status == FeeStatus.PAID and instalment.method == PaymentMethod.CARD:
            return ALREADY_PAID
        _check_due(instalment)
        if not instalment.payment_intent_id:
            raise DomainError("Start the payment again", code="no_payment")
        intent = gateway.payment_intent_retrieve(instalment.payment_intent_id)
        if intent.status == "succeeded":
            outcome = _settle_intent(instalment, intent, source="authenticated", actor=actor)
            if outcome not in (PAID, ALREADY_PAID):
                raise DomainError(gateway.MESSAGE_FAILED, code=outcome)
            return outcome
        if intent.status == "processing":
            return PROCESSING
        if intent.status == "requires_action":
            raise DomainError("Your bank has not confirmed the payment yet. Confirm it with your bank, or start "
                              "again", field="card", code="requires_action")
        code = intent.error_code or "payment_intent_authentication_failure"
        declined = GatewayError(gateway.decline_message(code), declined=True, code=code)
        _record_decline(instalment, intent.id, declined, actor=actor)
    raise DomainError(declined.message, field="card", code="declined") from declined


def _record_decline(instalment: FeeInstalment, intent_id: str, error: GatewayError, *, actor) -> None:
    try:
        gateway.payment_intent_cancel(intent_id)
    except GatewayError:
        # Against Stripe a declined intent can be confirmed again; only localstripe needs a new one.
        logger.warning("Could not cancel declined payment intent %s for fee instalment %s", intent_id,
                       instalment.pk)
    instalment.payment_intent_id = ""
    instalment.save(update_fields=["payment_intent_id"])
    _audit(instalment, "payments.fee_payment_failed", actor=actor, payment_intent_id=intent_id, code=error.code,
           reason=error.message, source="confirm")


# ---------------------------------------------------------------------------------------------------------------
# Operators refund.


@transaction.atomic
def fee_instalment_refund(*, actor, instalment: FeeInstalment, reason: str) -> FeeInstalment:
    """An operator refunds an instalment paid by card, in full, through Stripe; marked refunded at once."""
    instalment = _lock_instalment(instalment)
    if not permissions.can_manage_fees(actor):
        raise NotAllowed("Only operators can refund a fee instalment.")
    _move_fee(instalment, FeeStatus.REFUNDED)
    if instalment.method != PaymentMethod.CARD or not instalment.payment_intent_id:
        raise DomainError("Only a fee paid by card can be refunded here. Refund a bank transfer by bank transfer",
                          code="not_card")
    reason = _text(reason, field="reason", missing="Enter why the fee instalment is refunded", limit=MAX_TEXT)
    refund = gateway.refund_create(payment_intent_id=instalment.payment_intent_id,
                                   reason_key=refund_reason_key(instalment))
    instalment.refund_id = refund.id
    instalment.refund_reason = reason
    instalment.refunded_at = database_now()
    instalment.decided_by = actor
    instalment.save(update_fields=["status", "refund_id", "refund_reason", "refunded_at", "decided_by"])
    _audit(instalment, "payments.fee_instalment_refunded", actor=actor, payment_intent_id=instalment.payment_intent_id,
           refund_id=refund.id, refund_amount_pence=refund.amount, reason=reason)
    _email_supplier(instalment, "payments/email/fee_instalment_refunded")
    return instalment


# ---------------------------------------------------------------------------------------------------------------
# Webhooks.


def _as_dict(value) -> dict:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    return dict(value) if isinstance(value, Mapping) else {}


def _instalment_for_intent(intent_id: str, metadata: Mapping) -> FeeInstalment | None:
    """The instalment an intent is for: by its reference (metadata), else by the intent id it records."""
    pk = _instalment_pk_from_reference(str(metadata.get(gateway.REFERENCE_KEY, "")))
    if pk is None and intent_id:
        pk = FeeInstalment.objects.filter(payment_intent_id=intent_id).values_list("pk", flat=True).first()
    if pk is None or not FeeInstalment.objects.filter(pk=pk).exists():
        return None
    return _lock_instalment(FeeInstalment(pk=pk))


def _event_time(created) -> datetime:
    return datetime.fromtimestamp(int(created), tz=UTC) if created else database_now()


def _on_succeeded(event: dict, obj: dict) -> tuple[str, FeeInstalment | None]:
    instalment = _instalment_for_intent(obj.get("id", ""), obj.get("metadata") or {})
    if instalment is None:
        return UNMATCHED, None
    livemode = bool(event.get("livemode")) or bool(obj.get("livemode"))
    outcome = _settle(instalment, intent_id=obj.get("id", ""), amount=obj.get("amount"),
                      currency=obj.get("currency"), livemode=livemode,
                      reference=str((obj.get("metadata") or {}).get(gateway.REFERENCE_KEY, "")),
                      paid_at=_event_time(event.get("created")), source="webhook", event_id=event.get("id", ""))
    return outcome, instalment


def _on_failed(event: dict, obj: dict) -> tuple[str, FeeInstalment | None]:
    intent_id = obj.get("id", "")
    instalment = _instalment_for_intent(intent_id, obj.get("metadata") or {})
    if instalment is None:
        return UNMATCHED, None
    if instalment.status != FeeStatus.DUE or instalment.payment_intent_id != intent_id:
        # Out of order (paid since), or about an attempt already recorded as failed and replaced.
        return STALE, instalment
    if _mismatches(instalment, amount=obj.get("amount"), currency=obj.get("currency"),
                   livemode=bool(event.get("livemode"))):
        logger.warning("Failed payment intent %s does not match fee instalment %s: nothing recorded", intent_id,
                       instalment.pk)
        return MISMATCH, instalment
    error = obj.get("last_payment_error") or {}
    _audit(instalment, "payments.fee_payment_failed", payment_intent_id=intent_id,
           code=str(error.get("decline_code") or error.get("code") or ""), reason=str(error.get("message") or ""),
           source="webhook", stripe_event_id=event.get("id", ""))
    return FAILURE_RECORDED, instalment


def _on_refunded(event: dict, obj: dict) -> tuple[str, FeeInstalment | None]:
    intent_id = obj.get("payment_intent") or ""
    found = None
    if intent_id:
        found = FeeInstalment.objects.filter(payment_intent_id=intent_id).values_list("pk", flat=True).first()
    if found is None:
        return UNMATCHED, None
    instalment = _lock_instalment(FeeInstalment(pk=found))
    if instalment.status == FeeStatus.REFUNDED:
        return ALREADY_REFUNDED, instalment
    if instalment.status != FeeStatus.PAID or instalment.method != PaymentMethod.CARD:
        return STALE, instalment
    problems = _mismatches(instalment, amount=obj.get("amount"), currency=obj.get("currency"),
                           livemode=bool(event.get("livemode")))
    if problems:
        logger.warning("Refunded charge %s does not match fee instalment %s: %s; nothing changed", obj.get("id"),
                       instalment.pk, "; ".join(problems))
        return MISMATCH, instalment
    if not obj.get("refunded") or obj.get("amount_refunded") != instalment.amount_pence:
        logger.warning("Charge %s for fee instalment %s is refunded in part (%s of %s): nothing changed",
                       obj.get("id"), instalment.pk, obj.get("amount_refunded"), instalment.amount_pence)
        return PARTIAL_REFUND, instalment
    _move_fee(instalment, FeeStatus.REFUNDED)
    instalment.refunded_at = _event_time(event.get("created"))
    instalment.refund_reason = instalment.refund_reason or "Refunded in Stripe"
    instalment.save(update_fields=["status", "refunded_at", "refund_reason"])
    _audit(instalment, "payments.fee_instalment_refunded", payment_intent_id=intent_id,
           refund_amount_pence=obj.get("amount_refunded"), reason=instalment.refund_reason, source="webhook",
           stripe_event_id=event.get("id", ""))
    return REFUNDED, instalment


HANDLERS = {
    "payment_intent.succeeded": _on_succeeded,
    "payment_intent.payment_failed": _on_failed,
    "charge.refunded": _on_refunded,
}


@transaction.atomic
def webhook_process(*, event) -> str:
    """Apply a verified Stripe event once; returns its outcome ("duplicate" for an id seen before)."""
    event = _as_dict(event)
    event_id = str(event.get("id") or "")
    if not event_id:
        raise ValueError("A Stripe event has an id")
    obj = _as_dict((event.get("data") or {}).get("object") or {})
    try:
        with transaction.atomic():
            record = WebhookEvent.objects.create(
                stripe_event_id=event_id, type=str(event.get("type", ""))[:100], livemode=bool(event.get("livemode")))
    except IntegrityError:
        logger.info("Stripe event %s received again: nothing changed", event_id)
        return DUPLICATE
    handler = HANDLERS.get(record.type)
    if handler is None:
        outcome, instalment = IGNORED, None
    else:
        outcome, instalment = handler(event, obj)
    if outcome == UNMATCHED:
        logger.warning("Stripe event %s (%s) is about %s, which no fee instalment has: nothing changed", event_id,
                       record.type, obj.get("id"))
    record.processed_at = database_now()
    record.summary = {
        "object_id": str(obj.get("id", "")), "amount": obj.get("amount") if isinstance(obj.get("amount"), int)
        else None, "currency": str(obj.get("currency") or ""), "outcome": outcome,
        "instalment_id": instalment.pk if instalment is not None else None,
    }
    record.save(update_fields=["processed_at", "summary"])
    return outcome


# ---------------------------------------------------------------------------------------------------------------
# Reconciliation.


def fee_payment_reconcile(*, instalment: FeeInstalment) -> tuple[list[Intent], str]:
    """The intents Stripe holds for a due instalment, and the outcome of settling it by a succeeded one.

    Raises GatewayError if Stripe cannot be reached. Outcome "paid" means this call repaired it.
    """
    intents = gateway.payment_intents_for(fee_reference(instalment))
    if instalment.payment_intent_id and instalment.payment_intent_id not in {intent.id for intent in intents}:
        intents.append(gateway.payment_intent_retrieve(instalment.payment_intent_id))
    succeeded = [intent for intent in intents if intent.status == "succeeded"]
    if not succeeded:
        return intents, IGNORED
    outcome = IGNORED
    with transaction.atomic():
        locked = _lock_instalment(instalment)
        for intent in succeeded:
            outcome = _settle_intent(locked, intent, source="reconcile")
            if outcome in (PAID, ALREADY_PAID):
                break
    return intents, outcome
