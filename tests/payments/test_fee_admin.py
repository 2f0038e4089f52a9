"""The operators' "Marketplace fees" screens in the Wagtail admin (rule 13): the list, an instalment's page, and
recording a bank transfer, waiving and refunding (by card, against the real localstripe) through the services."""

from __future__ import annotations

import csv
import io
import urllib.request
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from marketplace.audit.models import AuditEvent
from marketplace.contracts.models import Milestone
from marketplace.payments import fees, services
from marketplace.payments.models import FeeInstalment, FeeStatus, PaymentMethod
from tests.factories import UserFactory, enrol_totp
from tests.payments.builders import accept, deal  # noqa: F401 (fixture)
from tests.payments.conftest import free_closed_port_url

pytestmark = pytest.mark.django_db

INDEX = "fee_instalments:index"
STRIPE_DOWN = "Stripe could not be reached. Try again later; nothing has changed."


def html(response) -> str:
    return response.content.decode()


def url(name: str, instalment: FeeInstalment) -> str:
    return reverse(f"fee_instalments:{name}", args=[instalment.pk])


def fee_verbs(instalment: FeeInstalment) -> list[str]:
    return list(AuditEvent.objects.filter(object_type="payments.feeinstalment", object_id=str(instalment.pk))
                .order_by("occurred_at", "seq").values_list("verb", flat=True))


def state(instalment: FeeInstalment) -> tuple:
    """Everything an action could change, to compare before and after."""
    instalment = FeeInstalment.objects.get(pk=instalment.pk)
    return (instalment.status, instalment.method, instalment.paid_at, instalment.transfer_reference,
            instalment.waived_at, instalment.waiver_reason, instalment.refunded_at, instalment.refund_reason,
            instalment.refund_id, instalment.decided_by_id, AuditEvent.objects.count())


@pytest.fixture
def editor(db):
    """A content editor: in Wagtail's Editors group, with TOTP, and no organisation."""
    user = UserFactory(email="fees-editor@spark.example")
    user.groups.add(Group.objects.get(name="Editors"))
    enrol_totp(user)
    return user


@pytest.fixture
def operator_client(client, operator):
    client.force_login(operator)
    return client


@pytest.fixture
def instalments(deal):  # noqa: F811
    """Two due instalments of one contract: the first's (Discovery, £300.01) created 40 days ago, so overdue now;
    the second's (Pilot, £600.00) created today."""
    accept(deal, deal.first)
    [overdue] = services.fee_instalments_create_due(now=timezone.now() - timedelta(days=40))
    accept(deal, deal.second)
    [current] = services.fee_instalments_create_due()
    return overdue, current


@pytest.fixture
def fresh_stripe(stripe_settings, localstripe):
    """Instalment ids restart with each test's database: start with an empty localstripe too."""
    request = urllib.request.Request(f"{localstripe}/_config/data", method="DELETE")
    with urllib.request.urlopen(request, timeout=5):
        pass
    return stripe_settings


def paid_by_card(deal, instalment: FeeInstalment) -> FeeInstalment:  # noqa: F811
    fees.fee_payment_start(actor=deal.supplier_user, instalment=instalment)
    fees.fee_payment_confirm_card(actor=deal.supplier_user, instalment=instalment, payment_method="pm_card_visa")
    instalment.refresh_from_db()
    assert (instalment.status, instalment.method) == (FeeStatus.PAID, PaymentMethod.CARD)
    return instalment


# ---------------------------------------------------------------------------------------------------------------
# The list.


def test_an_operator_sees_every_instalment_in_the_operations_menu(operator_client, instalments, deal):  # noqa: F811
    overdue, current = instalments
    assert reverse(INDEX) in html(operator_client.get(reverse("wagtailadmin_home")))
    response = operator_client.get(reverse(INDEX))
    assert response.status_code == 200
    page = html(response)
    assert page.count(deal.contract.reference) >= 2 and deal.supplier.name in page
    assert "Discovery" in page and "Pilot" in page
    assert "£300.01" in page and "£600.00" in page
    assert url("inspect", overdue) in page and url("inspect", current) in page
    # One "Overdue" tag: the instalment past its due date, still due.
    assert page.count("data-overdue") == 1
    assert overdue.due_date < timezone.localdate() < current.due_date


def test_the_list_filters_by_status_overdue_and_method(operator_client, operator, instalments):
    overdue, current = instalments
    page = html(operator_client.get(reverse(INDEX), {"overdue": "true"}))
    assert url("inspect", overdue) in page and url("inspect", current) not in page
    page = html(operator_client.get(reverse(INDEX), {"overdue": "false"}))
    assert url("inspect", current) in page and url("inspect", overdue) not in page

    services.fee_instalment_record_transfer(actor=operator, instalment=overdue, reference="BACS 1")
    page = html(operator_client.get(reverse(INDEX), {"status": "paid"}))
    assert url("inspect", overdue) in page and url("inspect", current) not in page
    assert "data-overdue" not in page  # paid: no longer overdue
    page = html(operator_client.get(reverse(INDEX), {"status": "due"}))
    assert url("inspect", current) in page and url("inspect", overdue) not in page
    page = html(operator_client.get(reverse(INDEX), {"method": "bank_transfer"}))
    assert url("inspect", overdue) in page and url("inspect", current) not in page
    page = html(operator_client.get(reverse(INDEX), {"overdue": "true"}))
    assert url("inspect", overdue) not in page
    page = html(operator_client.get(reverse("fee_instalments:index_results"), {"status": "waived"}))
    assert url("inspect", overdue) not in page and url("inspect", current) not in page
    assert "No fee instalments match your search." in page


def test_the_list_is_searched_by_contract_reference_or_milestone(operator_client, instalments, deal):  # noqa: F811
    overdue, current = instalments
    page = html(operator_client.get(reverse(INDEX), {"q": "Pilot"}))
    assert url("inspect", current) in page and url("inspect", overdue) not in page
    page = html(operator_client.get(reverse(INDEX), {"q": deal.contract.reference}))
    assert url("inspect", current) in page and url("inspect", overdue) in page


def test_the_export_lists_every_instalment_without_formulas(operator_client, instalments, deal):  # noqa: F811
    overdue, current = instalments
    deal.supplier.name = '=HYPERLINK("http://evil.example","x")'
    deal.supplier.save()
    response = operator_client.get(reverse(INDEX), {"export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:8] == ["Contract reference", "Supplier", "Milestone", "Amount (£)", "Due date", "Status",
                           "Overdue", "Paid by"]
    by_milestone = {row[2]: row for row in rows[1:]}
    assert set(by_milestone) == {"Discovery", "Pilot"}
    assert by_milestone["Discovery"][:7] == [deal.contract.reference, "'" + deal.supplier.name, "Discovery", "300.01",
                                             overdue.due_date.isoformat(), "Due", "Yes"]
    assert by_milestone["Pilot"][3:7] == ["600.00", current.due_date.isoformat(), "Due", "No"]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)


def _more_instalments(deal, count: int) -> None:  # noqa: F811
    """`count` more instalments, on milestones of their own (test data only, written directly)."""
    contract = deal.contract
    for number in range(count):
        milestone = Milestone.objects.create(contract=contract, position=10 + number, title=f"Extra {number}",
                                             due_date=contract.end_date, amount_pence=100_000)
        FeeInstalment.objects.create(contract=contract, milestone=milestone, supplier=contract.supplier,
                                     amount_pence=1_000, fee_basis_points=100, due_date=timezone.localdate())


def _queries(client, path, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params or {})
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def test_the_list_takes_the_same_number_of_queries_for_2_or_12_rows(operator_client, operator, instalments,
                                                                    deal):  # noqa: F811
    overdue, _current = instalments
    services.fee_instalment_record_transfer(actor=operator, instalment=overdue, reference="BACS 1")
    operator_client.get(reverse(INDEX))  # warm caches (site settings, Wagtail's menus)
    pages = {"page": _queries(operator_client, reverse(INDEX)),
             "export": _queries(operator_client, reverse(INDEX), {"export": "csv"})}
    _more_instalments(deal, 10)
    assert FeeInstalment.objects.count() == 12
    page = html(operator_client.get(reverse(INDEX)))
    assert page.count('href="/admin/fees/') >= 12
    assert _queries(operator_client, reverse(INDEX)) == pages["page"]
    assert _queries(operator_client, reverse(INDEX), {"export": "csv"}) == pages["export"]


# ---------------------------------------------------------------------------------------------------------------
# Who may see it.


@pytest.mark.parametrize("who", ["supplier_admin", "supplier_user", "buyer_admin"])
def test_suppliers_and_buyers_are_refused_at_the_admin_door(client, instalments, deal, who):  # noqa: F811
    overdue, _current = instalments
    before = state(overdue)
    client.force_login(getattr(deal, who))
    for path in (reverse(INDEX), reverse(INDEX) + "?export=csv", url("inspect", overdue),
                 url("record_transfer", overdue), url("waive", overdue), url("refund", overdue)):
        response = client.get(path)
        assert response.status_code == 403, path
        assert deal.contract.reference not in html(response)
    for name, data in (("record_transfer", {"reference": "BACS 9"}), ("waive", {"reason": "Because"}),
                       ("refund", {"reason": "Because"})):
        assert client.post(url(name, overdue), data).status_code == 403
    assert state(overdue) == before


def test_an_editor_is_sent_back_to_the_admin_home(client, editor, instalments):
    overdue, _current = instalments
    before = state(overdue)
    client.force_login(editor)
    assert reverse(INDEX) not in html(client.get(reverse("wagtailadmin_home")))
    for path in (reverse(INDEX), reverse(INDEX) + "?export=csv", url("inspect", overdue), url("waive", overdue)):
        response = client.get(path)
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home"), path
    response = client.post(url("waive", overdue), {"reason": "Because"})
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert state(overdue) == before


def test_anonymous_people_are_sent_to_sign_in(client, instalments):
    overdue, _current = instalments
    for path in (reverse(INDEX), url("inspect", overdue), url("record_transfer", overdue)):
        response = client.get(path)
        assert response.status_code == 302 and response.url.startswith(reverse("account_login")), path


def test_an_unknown_instalment_is_not_found(operator_client, instalments):
    for name in ("inspect", "record_transfer", "waive", "refund"):
        assert operator_client.get(reverse(f"fee_instalments:{name}", args=[999_999])).status_code == 404


# ---------------------------------------------------------------------------------------------------------------
# An instalment's page.


def test_the_page_shows_the_facts_the_history_and_the_actions_that_apply(operator_client, instalments,
                                                                         deal):  # noqa: F811
    overdue, current = instalments
    page = html(operator_client.get(url("inspect", overdue)))
    assert deal.contract.reference in page and deal.supplier.name in page and "Discovery" in page
    assert "£300.01" in page and "1% of the milestone" in page and "data-overdue" in page
    assert "Instalment created" in page and "Spark (automatic)" in page
    assert url("record_transfer", overdue) in page and url("waive", overdue) in page
    assert url("refund", overdue) not in page
    assert "data-overdue" not in html(operator_client.get(url("inspect", current)))


def test_opening_the_pages_changes_nothing(operator_client, instalments):
    overdue, _current = instalments
    before = state(overdue)
    for name in ("inspect", "record_transfer", "waive", "refund"):
        assert operator_client.get(url(name, overdue)).status_code == 200
    assert state(overdue) == before


# ---------------------------------------------------------------------------------------------------------------
# Recording a bank transfer.


def test_an_operator_records_a_bank_transfer(operator_client, operator, instalments):
    overdue, _current = instalments
    page = html(operator_client.get(url("record_transfer", overdue)))
    assert '<label' in page and "Bank transfer reference" in page and 'name="reference"' in page
    assert "csrfmiddlewaretoken" in page

    response = operator_client.post(url("record_transfer", overdue), {"reference": "BACS 0042"}, follow=True)
    assert response.redirect_chain == [(url("inspect", overdue), 302)]
    page = html(response)
    assert "The £300.01 fee on" in page and "is recorded as paid by bank transfer." in page
    overdue.refresh_from_db()
    assert (overdue.status, overdue.method, overdue.transfer_reference, overdue.decided_by) == (
        FeeStatus.PAID, PaymentMethod.BANK_TRANSFER, "BACS 0042", operator)
    assert overdue.paid_at is not None
    event = AuditEvent.objects.get(object_type="payments.feeinstalment", object_id=str(overdue.pk),
                                   verb="payments.fee_instalment_paid")
    assert (event.actor_id, event.data["method"], event.data["reference"]) == (
        operator.pk, "bank_transfer", "BACS 0042")
    # The page now shows it, in the history too; no action is left but none for a transfer (no card refund).
    assert "BACS 0042" in page and "Bank transfer" in page
    assert url("waive", overdue) not in page and url("refund", overdue) not in page


@pytest.mark.parametrize(("typed", "error"), [
    ("", "Enter the bank transfer reference"),
    ("   ", "Enter the bank transfer reference"),
    ("R" * 61, "The reference must be 60 characters or fewer"),
])
def test_a_bad_reference_is_shown_and_changes_nothing(operator_client, instalments, typed, error):
    overdue, _current = instalments
    before = state(overdue)
    response = operator_client.post(url("record_transfer", overdue), {"reference": typed})
    assert response.status_code == 200
    page = html(response)
    assert error in page and "Nothing was changed. Check the errors below." in page
    if typed.strip():
        assert f'value="{typed}"' in page  # what was typed is kept
    assert state(overdue) == before


def test_the_actions_only_change_on_post(operator_client, instalments):
    overdue, _current = instalments
    before = state(overdue)
    assert operator_client.get(url("record_transfer", overdue), {"reference": "BACS 1"}).status_code == 200
    assert operator_client.put(url("record_transfer", overdue), {"reference": "BACS 1"}).status_code == 405
    assert state(overdue) == before


def test_a_post_without_the_csrf_token_is_refused(operator, instalments):
    overdue, _current = instalments
    before = state(overdue)
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    assert client.post(url("record_transfer", overdue), {"reference": "BACS 1"}).status_code == 403
    assert state(overdue) == before


# ---------------------------------------------------------------------------------------------------------------
# Waiving.


def test_an_operator_waives_a_due_instalment_with_a_reason(operator_client, operator, instalments, deal,  # noqa: F811
                                                            django_capture_on_commit_callbacks):
    _overdue, current = instalments
    page = html(operator_client.get(url("waive", current)))
    assert "Why are you waiving this fee instalment?" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(url("waive", current), {"reason": "Pilot customer"}, follow=True)
    assert response.redirect_chain == [(url("inspect", current), 302)]
    assert "is waived. The supplier’s people have been told by email." in html(response)
    current.refresh_from_db()
    assert (current.status, current.waiver_reason, current.decided_by) == (FeeStatus.WAIVED, "Pilot customer",
                                                                           operator)
    event = AuditEvent.objects.get(object_type="payments.feeinstalment", object_id=str(current.pk),
                                   verb="payments.fee_instalment_waived")
    assert (event.actor_id, event.data["reason"]) == (operator.pk, "Pilot customer")
    assert len(mail.outbox) == 1 and deal.supplier_user.email in mail.outbox[0].to
    assert "Waived" in html(response) and "Pilot customer" in html(response)


def test_a_waiver_needs_a_reason(operator_client, instalments):
    _overdue, current = instalments
    before = state(current)
    response = operator_client.post(url("waive", current), {"reason": "  "})
    assert response.status_code == 200 and "Enter why the fee instalment is waived" in html(response)
    assert state(current) == before


def test_a_paid_instalment_cannot_be_waived_and_the_page_says_why(operator_client, operator, instalments):
    overdue, _current = instalments
    services.fee_instalment_record_transfer(actor=operator, instalment=overdue, reference="BACS 1")
    before = state(overdue)
    page = html(operator_client.get(url("waive", overdue)))
    assert "This fee instalment is paid: only a due instalment can be waived." in page
    assert 'name="reason"' not in page
    response = operator_client.post(url("waive", overdue), {"reason": "Changed my mind"})
    assert response.status_code == 200
    page = html(response)
    assert "This fee instalment is paid, so it cannot be waived now" in page
    assert "Changed my mind" in page  # what was typed is kept
    assert state(overdue) == before


# ---------------------------------------------------------------------------------------------------------------
# Refunding a card payment, through Stripe (localstripe).


def test_an_operator_refunds_a_card_payment_through_stripe(operator_client, operator, instalments, deal,  # noqa: F811
                                                           fresh_stripe):
    overdue, _current = instalments
    paid = paid_by_card(deal, overdue)
    page = html(operator_client.get(url("inspect", paid)))
    assert url("refund", paid) in page and paid.payment_intent_id in page
    assert url("record_transfer", paid) not in page and url("waive", paid) not in page

    before = state(paid)
    response = operator_client.post(url("refund", paid), {"reason": ""})
    assert response.status_code == 200 and "Enter why the fee instalment is refunded" in html(response)
    assert state(paid) == before

    response = operator_client.post(url("refund", paid), {"reason": "Charged in error"}, follow=True)
    assert response.redirect_chain == [(url("inspect", paid), 302)]
    assert "is refunded in full to the supplier’s card through Stripe." in html(response)
    paid.refresh_from_db()
    assert (paid.status, paid.refund_reason, paid.decided_by) == (FeeStatus.REFUNDED, "Charged in error", operator)
    assert paid.refund_id.startswith("re_")
    event = AuditEvent.objects.get(object_type="payments.feeinstalment", object_id=str(paid.pk),
                                   verb="payments.fee_instalment_refunded")
    assert (event.actor_id, event.data["refund_id"], event.data["refund_amount_pence"]) == (
        operator.pk, paid.refund_id, 30_001)
    assert fee_verbs(paid)[-1] == "payments.fee_instalment_refunded"
    # Refunded is final: nothing more to do.
    assert "This fee instalment is refunded" in html(operator_client.get(url("refund", paid)))


def test_stripe_down_says_try_again_later_and_changes_nothing(operator_client, instalments, deal,  # noqa: F811
                                                              fresh_stripe, settings):
    overdue, _current = instalments
    paid = paid_by_card(deal, overdue)
    before = state(paid)
    settings.STRIPE_API_BASE = free_closed_port_url()
    response = operator_client.post(url("refund", paid), {"reason": "Charged in error"})
    assert response.status_code == 200
    page = html(response)
    assert STRIPE_DOWN in page and "Charged in error" in page
    assert state(paid) == before
    assert "payments.fee_instalment_refunded" not in fee_verbs(paid)


def test_a_bank_transfer_is_not_refunded_here(operator_client, operator, instalments):
    overdue, _current = instalments
    services.fee_instalment_record_transfer(actor=operator, instalment=overdue, reference="BACS 1")
    before = state(overdue)
    page = html(operator_client.get(url("refund", overdue)))
    assert "only an instalment paid by card can be refunded here" in page and 'name="reason"' not in page
    response = operator_client.post(url("refund", overdue), {"reason": "Paid twice"})
    assert response.status_code == 200
    assert "Only a fee paid by card can be refunded here. Refund a bank transfer by bank transfer" in html(response)
    assert state(overdue) == before

