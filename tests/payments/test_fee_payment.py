"""Paying the marketplace fee by card (rule 13), through the services, against the real localstripe."""

from __future__ import annotations

import pytest

from marketplace.audit.models import AuditEvent
from marketplace.errors import DomainError, NotAllowed
from marketplace.payments import fees, services
from marketplace.payments import stripe_gateway as gateway
from marketplace.payments.models import FeeInstalment, FeeStatus
from marketplace.payments.stripe_gateway import GatewayError
from tests.payments.builders import deal  # noqa: F401 (fixture)
from tests.payments.conftest import free_closed_port_url
from tests.payments.test_stripe_gateway import DECLINED_AT_CHARGE, THREE_D_SECURE_CARD, card_payment_method
from tests.payments.test_webhooks import (  # noqa: F401 (fixtures)
    _fresh_localstripe,
    _webhook_route,
    charge_refunded_event,
    due_instalment,
    post_event,
    verbs,
)


def test_rule_13_a_card_payment_for_exactly_the_instalment(deal, client, settings):
    instalment = due_instalment(deal)
    intent = fees.fee_payment_start(actor=deal.supplier_user, instalment=instalment)
    assert (intent.status, intent.amount, intent.currency, intent.livemode) == (
        "requires_payment_method", 30_001, "gbp", False)
    assert intent.reference == f"fee-instalment-{instalment.pk}"
    instalment.refresh_from_db()
    assert instalment.payment_intent_id == intent.id
    # Opening the page again reuses the intent: no second one, no second audit event.
    assert fees.fee_payment_start(actor=deal.supplier_admin, instalment=instalment).id == intent.id
    assert len(gateway.payment_intents_for(intent.reference)) == 1
    assert verbs(instalment).count("payments.fee_payment_started") == 1

    confirmed = fees.fee_payment_confirm_card(actor=deal.supplier_user, instalment=instalment,
                                              payment_method="pm_card_visa")
    assert confirmed.status == "succeeded"
    instalment.refresh_from_db()
    assert (instalment.status, instalment.method, instalment.payment_intent_id) == (FeeStatus.PAID, "card",
                                                                                    intent.id)
    assert instalment.paid_at is not None
    paid = AuditEvent.objects.get(stream__key=deal.contract.audit_stream, verb="payments.fee_instalment_paid")
    assert (paid.actor_id, paid.data["source"], paid.data["payment_intent_id"]) == (
        deal.supplier_user.pk, "confirm", intent.id)

    # Stripe's payment_intent.succeeded arrives afterwards: acknowledged, nothing changes again.
    event = {"id": "evt_after_confirm", "object": "event", "type": "payment_intent.succeeded", "livemode": False,
             "created": 1_760_000_000, "data": {"object": {
                 "id": intent.id, "object": "payment_intent", "amount": 30_001, "currency": "gbp",
                 "livemode": False, "metadata": {"spark_reference": intent.reference}}}}
    assert post_event(client, settings, event).json()["outcome"] == "already_paid"
    assert verbs(instalment).count("payments.fee_instalment_paid") == 1
    # Nothing left to pay.
    with pytest.raises(DomainError) as refused:
        fees.fee_payment_start(actor=deal.supplier_user, instalment=instalment)
    assert refused.value.message == "This fee instalment is paid, so there is nothing to pay"


def test_only_the_supplier_pays_and_only_a_due_instalment(deal, operator):
    instalment = due_instalment(deal)
    for someone in (deal.buyer_admin, deal.buyer_member, operator):
        with pytest.raises(NotAllowed):
            fees.fee_payment_start(actor=someone, instalment=instalment)
    services.fee_instalment_waive(actor=operator, instalment=instalment, reason="Pilot customer")
    with pytest.raises(DomainError) as refused:
        fees.fee_payment_start(actor=deal.supplier_user, instalment=instalment)
    assert refused.value.message == "This fee instalment is waived, so there is nothing to pay"
    assert gateway.payment_intents_for(fees.fee_reference(instalment)) == []


def test_rule_13_stripe_down_says_try_again_later_and_the_instalment_stays_payable(deal, settings):
    instalment = due_instalment(deal)
    settings.STRIPE_API_BASE = free_closed_port_url()
    with pytest.raises(GatewayError) as raised:
        fees.fee_payment_start(actor=deal.supplier_user, instalment=instalment)
    assert raised.value.message == "Card payments are not available at the moment. Try again later."
    instalment.refresh_from_db()
    assert (instalment.status, instalment.payment_intent_id) == (FeeStatus.DUE, "")
    assert "payments.fee_payment_started" not in verbs(instalment)


def test_rule_13_a_declined_card_leaves_the_instalment_due_with_the_reason(deal):
    instalment = due_instalment(deal)
    declined = fees.fee_payment_start(actor=deal.supplier_user, instalment=instalment)
    with pytest.raises(DomainError) as raised:
        fees.fee_payment_confirm_card(actor=deal.supplier_user, instalment=instalment,
                                      payment_method=DECLINED_AT_CHARGE)
    assert raised.value.message == "Your card was declined. Try another card, or pay by bank transfer."
    assert (raised.value.code, raised.value.field) == ("declined", "card")
    instalment.refresh_from_db()
    assert (instalment.status, instalment.payment_intent_id, instalment.paid_at) == (FeeStatus.DUE, "", None)
    failed = AuditEvent.objects.get(stream__key=deal.contract.audit_stream, verb="payments.fee_payment_failed")
    assert failed.data == {"instalment_id": instalment.pk, "amount_pence": 30_001, "payment_intent_id": declined.id,
                           "code": "card_declined", "source": "confirm",
                           "reason": "Your card was declined. Try another card, or pay by bank transfer."}
    assert gateway.payment_intent_retrieve(declined.id).status == "canceled"

    # Another card: a new intent, paid.
    again = fees.fee_payment_start(actor=deal.supplier_user, instalment=instalment)
    assert again.id != declined.id
    fees.fee_payment_confirm_card(actor=deal.supplier_user, instalment=instalment, payment_method="pm_card_visa")
    instalment.refresh_from_db()
    assert (instalment.status, instalment.payment_intent_id) == (FeeStatus.PAID, again.id)


def test_confirming_needs_a_started_payment_and_a_card(deal):
    instalment = due_instalment(deal)
    with pytest.raises(DomainError) as refused:
        fees.fee_payment_confirm_card(actor=deal.supplier_user, instalment=instalment, payment_method="pm_card_visa")
    assert refused.value.code == "no_payment"
    fees.fee_payment_start(actor=deal.supplier_user, instalment=instalment)
    with pytest.raises(DomainError) as refused:
        fees.fee_payment_confirm_card(actor=deal.supplier_user, instalment=instalment, payment_method="")
    assert refused.value.message == "Enter your card details"
    with pytest.raises(NotAllowed):
        fees.fee_payment_confirm_card(actor=deal.buyer_admin, instalment=instalment, payment_method="pm_card_visa")


def test_rule_13_a_3d_secure_card_asks_for_authentication_and_stays_due(deal):
    instalment = due_instalment(deal)
    intent = fees.fee_payment_start(actor=deal.supplier_user, instalment=instalment)
    confirmed = fees.fee_payment_confirm_card(actor=deal.supplier_user, instalment=instalment,
                                              payment_method=card_payment_method(THREE_D_SECURE_CARD))
    assert (confirmed.id, confirmed.status) == (intent.id, "requires_action")
    assert confirmed.client_secret == intent.client_secret  # for the page's Stripe.js to finish
    instalment.refresh_from_db()
    assert (instalment.status, instalment.payment_intent_id) == (FeeStatus.DUE, intent.id)


def paid_by_card(deal) -> FeeInstalment:
    instalment = due_instalment(deal)
    fees.fee_payment_start(actor=deal.supplier_user, instalment=instalment)
    fees.fee_payment_confirm_card(actor=deal.supplier_user, instalment=instalment, payment_method="pm_card_visa")
    instalment.refresh_from_db()
    assert instalment.status == FeeStatus.PAID
    return instalment


def test_rule_13_an_operator_refunds_a_card_payment_through_stripe(deal, operator, client, settings):
    instalment = paid_by_card(deal)
    for someone in (deal.supplier_admin, deal.buyer_admin):
        with pytest.raises(NotAllowed):
            fees.fee_instalment_refund(actor=someone, instalment=instalment, reason="Charged in error")
    with pytest.raises(DomainError) as refused:
        fees.fee_instalment_refund(actor=operator, instalment=instalment, reason="  ")
    assert refused.value.message == "Enter why the fee instalment is refunded"

    refunded = fees.fee_instalment_refund(actor=operator, instalment=instalment, reason="Charged in error")
    assert (refunded.status, refunded.refund_reason, refunded.decided_by) == (
        FeeStatus.REFUNDED, "Charged in error", operator)
    assert refunded.refund_id.startswith("re_") and refunded.refunded_at is not None
    # The refund Stripe holds, found again by its reason key: made once.
    again = gateway.refund_create(payment_intent_id=instalment.payment_intent_id,
                                  reason_key=fees.refund_reason_key(instalment))
    assert (again.id, again.amount, again.status) == (refunded.refund_id, 30_001, "succeeded")
    event = AuditEvent.objects.get(stream__key=deal.contract.audit_stream, verb="payments.fee_instalment_refunded")
    assert (event.actor_id, event.data["refund_id"], event.data["reason"], event.data["refund_amount_pence"]) == (
        operator.pk, refunded.refund_id, "Charged in error", 30_001)

    # Stripe's charge.refunded comes after: nothing changes; a second refund is refused.
    assert post_event(client, settings, charge_refunded_event(refunded)).json()["outcome"] == "already_refunded"
    with pytest.raises(DomainError):
        fees.fee_instalment_refund(actor=operator, instalment=instalment, reason="Again")
    assert verbs(instalment).count("payments.fee_instalment_refunded") == 1


def test_only_a_card_payment_is_refunded_through_stripe(deal, operator):
    instalment = due_instalment(deal)
    with pytest.raises(DomainError):
        fees.fee_instalment_refund(actor=operator, instalment=instalment, reason="Not paid")
    services.fee_instalment_record_transfer(actor=operator, instalment=instalment, reference="BACS 12")
    with pytest.raises(DomainError) as refused:
        fees.fee_instalment_refund(actor=operator, instalment=instalment, reason="Paid twice")
    assert refused.value.code == "not_card"
    instalment.refresh_from_db()
    assert instalment.status == FeeStatus.PAID
