"""A contract's page and the buyer's steps: details, milestones, KPIs, issuing, signing after the supplier,
variations, deciding delivered milestones and downloading the stored PDFs."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from marketplace.contracts import services
from marketplace.contracts.models import Contract, ContractStatus, DocumentKind, MilestoneStatus
from tests.contract_builder import issued, sign, signed

pytestmark = pytest.mark.django_db


def url(name, contract, *args):
    return reverse(f"buyers:{name}", args=[contract.pk, *args])


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def fresh(contract) -> Contract:
    return Contract.objects.get(pk=contract.pk)


def date_fields(prefix, day) -> dict:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def test_the_contract_page_shows_value_vat_milestones_and_what_stops_issuing(client, buyer_admin, contract):
    client.force_login(buyer_admin)
    page = html(client.get(url("contract", contract)))
    assert "Draft" in page
    assert "£90,000" in page and "£18,000" in page and "£108,000" in page
    assert "Enter the purchase-order number" in page  # services.issue_problems while editable
    milestone = contract.milestones.first()
    assert escape(milestone.title) in page
    assert "Issue the contract for signature" in page
    assert url("contract_details", contract) in page


def test_details_save_and_show_govuk_errors(client, buyer_admin, contract):
    client.force_login(buyer_admin)
    response = client.post(url("contract_details", contract),
                           {"purchase_order_number": "", "start_date_day": "31", "start_date_month": "2",
                            "start_date_year": "2030"})
    page = html(response)
    assert "There is a problem" in page
    assert '<a href="#id_purchase_order_number">Enter the purchase-order number</a>' in page
    assert "The start date must be a real date" in page
    assert "govuk-input--error" in page

    start = timezone.localdate() + timedelta(days=30)
    response = client.post(url("contract_details", contract),
                           {"purchase_order_number": "PO-77", **date_fields("start_date", start)})
    assert response.status_code == 302 and response["Location"] == url("contract", contract)
    contract = fresh(contract)
    assert contract.purchase_order_number == "PO-77" and contract.start_date == start

    # A start date in the past is refused by the service and shown on the field.
    response = client.post(url("contract_details", contract),
                           {"purchase_order_number": "PO-77", **date_fields("start_date", timezone.localdate()
                                                                             - timedelta(days=3))})
    assert "The start date must be today or in the future" in html(response)


def _milestone_rows(contract, amounts):
    day = contract.start_date + timedelta(days=10)
    data = {"rows": str(len(amounts)), "action": "save"}
    for n, amount in enumerate(amounts, start=1):
        data.update({f"title_{n}": f"Stage {n}", f"amount_{n}": amount, **date_fields(f"due_date_{n}", day)})
    return data


def test_milestones_save_in_pence_and_must_add_up_to_the_value(client, buyer_admin, contract):
    client.force_login(buyer_admin)
    page = html(client.post(url("contract_milestones", contract), _milestone_rows(contract, ["40,000", "10,000"])))
    assert "The milestones add up to £50,000 but the contract value is £90,000. Make them match" in page
    assert "There is a problem" in page

    page = html(client.post(url("contract_milestones", contract), _milestone_rows(contract, ["40,000", "ten"])))
    assert "Enter the amount for milestone 2 in pounds" in page

    response = client.post(url("contract_milestones", contract), _milestone_rows(contract, ["40,000", "49,999.50"]))
    assert "£89,999.50" in html(response)

    response = client.post(url("contract_milestones", contract), _milestone_rows(contract, ["40,000", "50,000"]))
    assert response.status_code == 302
    assert [(m.title, m.amount_pence) for m in fresh(contract).milestones.all()] == [
        ("Stage 1", 4_000_000), ("Stage 2", 5_000_000)]


def test_a_milestone_due_outside_the_contract_is_refused_on_its_row(client, buyer_admin, contract):
    client.force_login(buyer_admin)
    data = _milestone_rows(contract, ["40,000", "50,000"])
    data.update(date_fields("due_date_2", contract.end_date + timedelta(days=5)))
    page = html(client.post(url("contract_milestones", contract), data))
    assert "Milestone 2 must be due during the contract" in page
    assert 'href="#id_due_date_2_day"' in page


def test_adding_a_milestone_row_keeps_what_was_typed(client, buyer_admin, contract):
    client.force_login(buyer_admin)
    data = _milestone_rows(contract, ["40,000"])
    data["action"] = "add"
    page = html(client.post(url("contract_milestones", contract), data))
    assert 'name="title_2"' in page and 'value="Stage 1"' in page and 'value="40,000"' in page
    assert "There is a problem" not in page
    assert contract.milestones.count() == 1 and contract.milestones.first().title != "Stage 1"


def test_kpis_save_and_a_half_filled_row_is_refused(client, buyer_admin, contract):
    client.force_login(buyer_admin)
    page = html(client.get(url("contract_kpis", contract)))
    assert 'name="name_3"' in page
    page = html(client.post(url("contract_kpis", contract),
                            {"rows": "2", "action": "save", "name_1": "Availability", "target_1": "",
                             "name_2": "", "target_2": ""}))
    assert "Enter how KPI 1 is measured and its target" in page
    assert 'href="#id_target_1"' in page
    response = client.post(url("contract_kpis", contract),
                           {"rows": "2", "action": "save", "name_1": "Availability", "target_1": "99.5% monthly",
                            "name_2": "", "target_2": ""})
    assert response.status_code == 302
    assert [(k.name, k.target) for k in contract.kpis.all()] == [("Availability", "99.5% monthly")]


def test_issuing_before_the_contract_is_ready_shows_why(client, buyer_admin, contract):
    client.force_login(buyer_admin)
    page = html(client.get(url("contract_issue", contract)))
    assert "Enter the purchase-order number" in page
    page = html(client.post(url("contract_issue", contract)))
    assert "There is a problem" in page
    assert '<a href="#confirm">You cannot issue the contract yet: Enter the purchase-order number' in page
    assert fresh(contract).status == ContractStatus.DRAFT


def test_issuing_awaits_signatures_and_lists_the_document(client, buyer_admin, contract):
    services.contract_details_save(actor=buyer_admin, contract=contract, purchase_order_number="PO-1",
                                   start_date=contract.start_date)
    client.force_login(buyer_admin)
    response = client.post(url("contract_issue", contract))
    assert response.status_code == 302
    contract = fresh(contract)
    assert contract.status == ContractStatus.AWAITING_SIGNATURES and contract.version == 1
    document = contract.documents.get()
    page = html(client.get(url("contract", contract)))
    assert "Awaiting signatures" in page
    assert document.sha256 in page
    assert url("contract_document", contract, document.pk) in page
    assert "Waiting for the supplier’s signatory" in page or "Waiting for the supplier&#x27;s" in page
    # Issued: the preparation pages send the buyer back to the contract.
    response = client.get(url("contract_milestones", contract))
    assert response.status_code == 302 and response["Location"] == url("contract", contract)


def test_the_buyer_admin_signs_after_the_supplier_and_the_contract_becomes_active(client, buyer_admin, winner,
                                                                                  contract):
    contract = issued(contract, buyer_admin)
    client.force_login(buyer_admin)
    response = client.get(url("contract_sign", contract))
    assert response.status_code == 302  # the supplier signs first

    sign(contract, winner[2])
    document = contract.documents.get(kind=DocumentKind.ISSUED)
    page = html(client.get(url("contract_sign", contract)))
    assert document.sha256 in page
    assert url("contract_document", contract, document.pk) in page
    assert f"I have read version 1 and sign it for {escape(contract.buyer.name)}" in page
    assert 'type="hidden" name="version" value="1"' in page

    page = html(client.post(url("contract_sign", contract), {"version": "1", "name": "Someone Else",
                                                             "job_title": "", "confirm": "on"}))
    assert "Enter your job title" in page
    page = html(client.post(url("contract_sign", contract), {"version": "1", "name": "Someone Else",
                                                             "job_title": "Head of procurement", "confirm": "on"}))
    assert escape(f"Enter your name as it is on your account: {buyer_admin.get_full_name()}") in page
    page = html(client.post(url("contract_sign", contract), {"version": "1", "name": buyer_admin.get_full_name(),
                                                             "job_title": "Head of procurement"}))
    assert "Confirm that you have read the contract and sign it" in page
    assert fresh(contract).status == ContractStatus.AWAITING_SIGNATURES

    response = client.post(url("contract_sign", contract), {"version": "1", "name": buyer_admin.get_full_name(),
                                                            "job_title": "Head of procurement", "confirm": "on"})
    assert response.status_code == 302
    contract = fresh(contract)
    assert contract.status == ContractStatus.ACTIVE and contract.signed_version == 1
    page = html(client.get(url("contract", contract)))
    assert "Active" in page and "Head of procurement" in page and "Start a variation" in page
    assert contract.documents.filter(kind=DocumentKind.SIGNED).exists()


def test_a_buyer_member_cannot_sign(client, buyer_admin, buyer_member, winner, contract):
    contract = issued(contract, buyer_admin)
    sign(contract, winner[2])
    client.force_login(buyer_member)
    assert client.get(url("contract_sign", contract)).status_code == 403
    response = client.post(url("contract_sign", contract), {"version": "1", "name": buyer_member.get_full_name(),
                                                            "job_title": "Officer", "confirm": "on"})
    assert response.status_code == 403
    assert "You cannot do this" in response.content.decode()
    assert fresh(contract).status == ContractStatus.AWAITING_SIGNATURES


def test_a_member_who_is_not_the_owner_cannot_prepare_but_the_owner_can(client, buyer_member, contract):
    client.force_login(buyer_member)
    page = html(client.get(url("contract", contract)))
    assert url("contract_details", contract) not in page
    for name in ("contract_details", "contract_milestones", "contract_kpis", "contract_issue"):
        assert client.get(url(name, contract)).status_code == 403, name
        assert client.post(url(name, contract), {}).status_code == 403, name
    contract.competition.__class__.objects.filter(pk=contract.competition_id).update(owner=buyer_member)
    assert client.get(url("contract_details", contract)).status_code == 200


def test_variation_and_milestone_decisions(client, buyer_admin, winner, contract):
    contract = signed(issued(contract, buyer_admin), winner[2], buyer_admin)
    first, *_ = list(contract.milestones.all())
    services.milestone_deliver(actor=winner[1], milestone=first, note="Delivered the routing pilot")
    client.force_login(buyer_admin)
    page = html(client.post(url("contract_variation", contract), {"reason": ""}))
    assert "Enter why the contract needs to change" in page
    response = client.post(url("contract_variation", contract), {"reason": "Extend to a second depot"})
    assert response.status_code == 302
    contract = fresh(contract)
    assert contract.variation_open
    assert client.get(url("contract_details", contract)).status_code == 200
    assert client.get(url("contract_variation", contract)).status_code == 302  # one variation at a time

    page = html(client.get(url("contract", contract)))
    accept = url("contract_milestone_accept", contract, first.pk)
    assert accept in page and url("contract_milestone_reject", contract, first.pk) in page

    page = html(client.post(url("contract_milestone_reject", contract, first.pk), {"reason": ""}))
    assert "Enter why the milestone is rejected and what must change" in page
    assert "Delivered the routing pilot" in page
    assert "Delivered the routing pilot" in html(client.get(accept))
    response = client.post(accept)
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == MilestoneStatus.ACCEPTED
    assert client.get(accept).status_code == 302  # no longer delivered
    if not contract.milestones.exclude(status=MilestoneStatus.ACCEPTED).exists():
        assert fresh(contract).status == ContractStatus.COMPLETED



def test_a_milestone_of_another_contract_is_not_found(client, buyer_admin, contract, other_contract):
    client.force_login(buyer_admin)
    theirs = other_contract.milestones.first()
    assert client.get(url("contract_milestone_accept", contract, theirs.pk)).status_code == 404


def test_the_pdf_is_downloaded_as_a_private_attachment(client, buyer_admin, buyer_member, contract):
    contract = issued(contract, buyer_admin)
    document = contract.documents.get()
    client.force_login(buyer_member)
    response = client.get(url("contract_document", contract, document.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{document.filename}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    cache = response["Cache-Control"]
    assert "private" in cache and "no-store" in cache
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(url("contract_document", contract, document.pk + 999)).status_code == 404
