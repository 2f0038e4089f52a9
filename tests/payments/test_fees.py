"""The marketplace fee (rule 13): an instalment on each accepted milestone, created by the tick, idempotently."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from marketplace.audit.models import AuditEvent
from marketplace.errors import DomainError, NotAllowed
from marketplace.payments import services
from marketplace.payments.models import FEE_TRANSITIONS, FeeInstalment, FeeStatus
from marketplace.scheduling.registry import all_jobs
from marketplace.scheduling.services import tick
from tests.evaluation_fixtures import _media_in_tmp  # noqa: F401 (fixture)
from tests.payments.builders import FIRST_PENCE, SECOND_PENCE, accept, deal  # noqa: F401 (fixture)


def test_rule_13_the_fee_is_basis_points_of_the_amount_rounded_half_up(settings):
    assert services.fee_basis_points() == 100  # the default, 1%
    assert services.fee_pence(3_000_050, 100) == 30_001  # 30,000.5p rounds up
    assert services.fee_pence(3_000_049, 100) == 30_000
    assert services.fee_pence(9_000_000, 100) == 90_000
    settings.SPARK_MARKETPLACE_FEE_PERCENT = "2.5"
    assert services.fee_basis_points() == 250
    settings.SPARK_MARKETPLACE_FEE_PERCENT = Decimal("0.75")
    assert services.fee_basis_points() == 75
    for bad in (1.5, "0.125", "-1", "one"):
        settings.SPARK_MARKETPLACE_FEE_PERCENT = bad
        with pytest.raises(ImproperlyConfigured):
            services.fee_basis_points()


def test_rule_13_a_fee_instalment_is_created_for_accepted_milestones_only_and_idempotently(
    deal, django_capture_on_commit_callbacks
):
    from marketplace.contracts import services as contracts

    contracts.milestone_deliver(actor=deal.supplier_user, milestone=deal.second, note="Delivered, not yet accepted")
    assert services.fee_instalments_create_due() == []
    accept(deal, deal.first)
    now = timezone.now()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        [instalment] = services.fee_instalments_create_due(now=now)
    assert (instalment.milestone_id, instalment.contract_id, instalment.supplier) == (
        deal.first.pk, deal.contract.pk, deal.supplier)
    assert (instalment.amount_pence, instalment.fee_basis_points, instalment.status) == (
        30_001, 100, FeeStatus.DUE)  # 1% of £30,000.50
    assert instalment.due_date == timezone.localtime(now).date() + timedelta(days=30)
    assert (instalment.payment_intent_id, instalment.method, instalment.paid_at) == ("", "", None)
    [email] = mail.outbox
    assert deal.supplier_user.email in email.to
    assert "The marketplace fee on it is £300.01" in email.body
    # Running again creates nothing more, and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.fee_instalments_create_due() == []
    assert len(mail.outbox) == 1
    contracts.milestone_accept(actor=deal.buyer_admin, milestone=deal.second)
    [second] = services.fee_instalments_create_due()
    assert second.amount_pence == 60_000  # 59,999.5p rounds up
    assert FeeInstalment.objects.count() == 2
    assert sum(FeeInstalment.objects.values_list("amount_pence", flat=True)) == 90_001
    assert FIRST_PENCE + SECOND_PENCE == deal.contract.value_pence


def test_rule_12_a_fee_instalment_writes_an_audit_event(deal):
    accept(deal, deal.first)
    [instalment] = services.fee_instalments_create_due()
    event = AuditEvent.objects.get(stream__key=deal.contract.audit_stream, verb="payments.fee_instalment_created")
    assert event.data == {
        "instalment_id": instalment.pk, "milestone_id": deal.first.pk, "milestone_amount_pence": FIRST_PENCE,
        "fee_basis_points": 100, "amount_pence": 30_001, "due_date": instalment.due_date.isoformat(),
    }


def test_rule_13_the_tick_runs_the_fee_job(deal):
    assert {"payments.fee_instalments", "payments.invoice_reminders", "payments.fee_reminders"} <= {
        job.name for job in all_jobs()}
    accept(deal, deal.first)
    tick(only=["payments.fee_instalments"])
    tick(only=["payments.fee_instalments"])
    assert FeeInstalment.objects.filter(milestone=deal.first).count() == 1


def test_rule_13_fee_transition_matrix():
    assert set(FEE_TRANSITIONS) == set(FeeStatus)
    expected = {
        FeeStatus.DUE: {FeeStatus.PAID, FeeStatus.WAIVED},
        FeeStatus.PAID: {FeeStatus.REFUNDED},
        FeeStatus.WAIVED: set(),
        FeeStatus.REFUNDED: set(),
    }
    for start in FeeStatus:
        for target in FeeStatus:
            allowed = services.fee_transition_allowed(FeeInstalment(status=start), target)
            assert allowed == (target in expected[start]), (start, target)


def test_a_fee_instalment_is_overdue_after_its_due_date():
    today = timezone.localdate()
    instalment = FeeInstalment(status=FeeStatus.DUE, due_date=today)
    assert not instalment.overdue_on(today)
    assert instalment.overdue_on(today + timedelta(days=1))
    instalment.status = FeeStatus.PAID
    assert not instalment.overdue_on(today + timedelta(days=1))


# The services that move an instalment. PAID → REFUNDED (a Stripe refund) comes with the Stripe gateway.
FEE_MOVES = {
    "transfer": (FeeStatus.PAID, {FeeStatus.DUE},
                 lambda op, i: services.fee_instalment_record_transfer(actor=op, instalment=i, reference="BACS 12")),
    "waive": (FeeStatus.WAIVED, {FeeStatus.DUE},
              lambda op, i: services.fee_instalment_waive(actor=op, instalment=i, reason="Pilot customer")),
}


@pytest.mark.parametrize("start", list(FeeStatus))
def test_rule_13_fee_service_transition_matrix(deal, operator, start):
    accept(deal, deal.first)
    [instalment] = services.fee_instalments_create_due()
    for name, (target, starts, move) in FEE_MOVES.items():
        FeeInstalment.objects.filter(pk=instalment.pk).update(status=start)
        instalment.refresh_from_db()
        assert starts == {s for s in FeeStatus if target in FEE_TRANSITIONS[s]}, name
        if start in starts:
            assert move(operator, instalment).status == target, name
        else:
            with pytest.raises(DomainError):
                move(operator, instalment)
            instalment.refresh_from_db()
            assert instalment.status == start, name


def test_an_operator_records_a_bank_transfer_or_waives_and_nobody_else_can(
    deal, operator, django_capture_on_commit_callbacks
):
    accept(deal, deal.first)
    accept(deal, deal.second)
    first, second = sorted(services.fee_instalments_create_due(), key=lambda i: i.milestone_id)
    for someone in (deal.supplier_admin, deal.buyer_admin):
        with pytest.raises(NotAllowed):
            services.fee_instalment_record_transfer(actor=someone, instalment=first, reference="BACS 1")
        with pytest.raises(NotAllowed):
            services.fee_instalment_waive(actor=someone, instalment=first, reason="Kind")
    with pytest.raises(DomainError) as refused:
        services.fee_instalment_waive(actor=operator, instalment=first, reason=" ")
    assert refused.value.message == "Enter why the fee instalment is waived"
    paid = services.fee_instalment_record_transfer(actor=operator, instalment=first, reference="BACS 12")
    assert (paid.status, paid.method, paid.transfer_reference, paid.decided_by) == (
        FeeStatus.PAID, "bank_transfer", "BACS 12", operator)
    assert paid.paid_at is not None
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        waived = services.fee_instalment_waive(actor=operator, instalment=second, reason="Pilot customer")
    assert (waived.status, waived.waiver_reason) == (FeeStatus.WAIVED, "Pilot customer")
    assert "has been waived" in mail.outbox[0].body
    verbs = list(AuditEvent.objects.filter(stream__key=deal.contract.audit_stream, verb__startswith="payments.fee")
                 .order_by("seq").values_list("verb", flat=True))
    assert verbs == ["payments.fee_instalment_created", "payments.fee_instalment_created",
                     "payments.fee_instalment_paid", "payments.fee_instalment_waived"]


def test_rule_13_an_instalment_unpaid_after_30_days_is_overdue_and_the_supplier_told_once(
        deal, django_capture_on_commit_callbacks):
    accept(deal, deal.first)
    [instalment] = services.fee_instalments_create_due()
    created = instalment.created_at
    mail.outbox.clear()
    # On its due date it is not yet overdue.
    assert services.fee_instalments_remind_overdue(now=created + timedelta(days=30)) == []
    assert not instalment.overdue_on(instalment.due_date)
    later = created + timedelta(days=31, hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        [reminded] = services.fee_instalments_remind_overdue(now=later)
    assert reminded.pk == instalment.pk
    assert reminded.overdue_on(instalment.due_date + timedelta(days=1))
    [email] = mail.outbox
    assert email.subject == f"Spark: Marketplace fee overdue on contract {deal.contract.reference}"
    assert set(email.to) == {deal.supplier_user.email, deal.supplier_admin.email}
    assert f"/supplier/fees/{instalment.pk}/" in email.body and "£300.01" in email.body
    assert AuditEvent.objects.filter(stream__key=deal.contract.audit_stream,
                                     verb="payments.fee_instalment_overdue").count() == 1
    # Once only, however often the job runs.
    assert services.fee_instalments_remind_overdue(now=later + timedelta(days=3)) == []


def test_a_settled_instalment_is_never_reminded(deal, operator):
    accept(deal, deal.first)
    [instalment] = services.fee_instalments_create_due()
    services.fee_instalment_waive(actor=operator, instalment=instalment, reason="Pilot scheme")
    assert services.fee_instalments_remind_overdue(now=instalment.created_at + timedelta(days=60)) == []
