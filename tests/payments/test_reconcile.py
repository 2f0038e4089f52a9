"""`manage.py stripe_reconcile` (rule 13): repairs instalments whose payment_intent.succeeded webhook was missed."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from marketplace.payments import fees
from marketplace.payments import stripe_gateway as gateway
from marketplace.payments.models import FeeInstalment, FeeStatus
from tests.payments.builders import deal  # noqa: F401 (fixture)
from tests.payments.conftest import free_closed_port_url
from tests.payments.test_webhooks import _fresh_localstripe, due_instalment, verbs  # noqa: F401 (fixture)


def reconcile(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("stripe_reconcile", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def paid_in_the_browser(deal) -> tuple[FeeInstalment, str]:
    """Started by the service, then confirmed as the page's Stripe.js would: the server hears only by webhook,
    and there is no webhook endpoint here (the webhook was dropped)."""
    instalment = due_instalment(deal)
    intent = fees.fee_payment_start(actor=deal.supplier_user, instalment=instalment)
    assert gateway.payment_intent_confirm(intent.id, payment_method="pm_card_visa").status == "succeeded"
    instalment.refresh_from_db()
    assert instalment.status == FeeStatus.DUE
    return instalment, intent.id


def test_rule_13_reconciliation_repairs_an_instalment_whose_webhook_was_dropped(deal):
    instalment, intent_id = paid_in_the_browser(deal)
    out, err = reconcile()
    assert out == (f"Instalment {instalment.pk} (fee on milestone “{deal.first}”, £300.01): marked paid by card, "
                   f"payment intent {intent_id}\n")
    assert err == ""
    instalment.refresh_from_db()
    assert (instalment.status, instalment.method, instalment.payment_intent_id) == (FeeStatus.PAID, "card",
                                                                                    intent_id)
    assert verbs(instalment).count("payments.fee_instalment_paid") == 1
    # A second run, or the webhook arriving late, changes nothing more.
    assert reconcile() == ("Nothing to repair\n", "")
    late = {"id": "evt_late", "object": "event", "type": "payment_intent.succeeded", "livemode": False,
            "created": 1_760_000_000, "data": {"object": {
                "id": intent_id, "object": "payment_intent", "amount": 30_001, "currency": "gbp",
                "metadata": {"spark_reference": fees.fee_reference(instalment)}}}}
    assert fees.webhook_process(event=late) == "already_paid"
    assert verbs(instalment).count("payments.fee_instalment_paid") == 1


def test_reconciliation_finds_the_paid_intent_even_when_the_instalment_lost_track_of_it(deal):
    instalment, intent_id = paid_in_the_browser(deal)
    FeeInstalment.objects.filter(pk=instalment.pk).update(payment_intent_id="")
    out, _ = reconcile("--verbosity", "2")
    assert f"payment intent {intent_id} succeeded £300.01 gbp" in out
    assert "marked paid by card" in out
    instalment.refresh_from_db()
    assert (instalment.status, instalment.payment_intent_id) == (FeeStatus.PAID, intent_id)


def test_nothing_to_repair(deal):
    assert reconcile() == ("Nothing to repair\n", "")
    instalment = due_instalment(deal)
    fees.fee_payment_start(actor=deal.supplier_user, instalment=instalment)  # started, never paid
    assert reconcile() == ("Nothing to repair\n", "")
    instalment.refresh_from_db()
    assert instalment.status == FeeStatus.DUE


def test_rule_13_a_paid_intent_for_another_amount_is_not_taken_as_payment(deal):
    instalment, _ = paid_in_the_browser(deal)
    FeeInstalment.objects.filter(pk=instalment.pk).update(amount_pence=30_002)
    out, err = reconcile()
    assert out == "Nothing to repair\n"
    assert f"Instalment {instalment.pk}: a succeeded payment intent does not match it" in err
    instalment.refresh_from_db()
    assert instalment.status == FeeStatus.DUE


def test_stripe_down_is_a_clear_error_and_exit_status_1(deal, settings):
    paid_in_the_browser(deal)
    settings.STRIPE_API_BASE = free_closed_port_url()
    with pytest.raises(CommandError) as raised:
        reconcile()
    assert str(raised.value) == ("Could not reach Stripe: Card payments are not available at the moment. Try again "
                                 "later. Nothing more was changed.")
    assert raised.value.returncode == 1
