"""The invoice screens (rule 13): the supplier raises an invoice for an accepted milestone, answers a dispute and
downloads the PDF; the buyer records payment or disputes; both sides list their invoices by status. Another
organisation's invoice is a 404, and the lists run a fixed number of queries whatever the number of invoices."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from marketplace.accounts.models import Role
from marketplace.contracts.models import Milestone
from marketplace.payments import services
from marketplace.payments.models import InvoiceStatus, SupplierInvoice
from tests.competition_builder import quick_admitted_supplier
from tests.evaluation_fixtures import _media_in_tmp  # noqa: F401 (fixture)
from tests.factories import BuyerOrganisationFactory, member
from tests.payments.builders import (  # noqa: F401 (fixture)
    FIRST_PENCE,
    PURCHASE_ORDER,
    VAT_NUMBER,
    accept,
    deal,
    make_deal,
    raise_invoice,
    uk_today,
)

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def _date(prefix: str, day) -> dict:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def _raise_data(**overrides) -> dict:
    return {"number": "INV-100", **_date("invoice_date", uk_today()), "amount": "30,000.50", "amount_reason": "",
            **overrides}


def _error_summary(page: str) -> str:
    start = page.index("govuk-error-summary")
    return page[start:page.index("</div>", page.index("govuk-error-summary__body"))]


def _invoiced(deal):
    accept(deal, deal.first)
    return raise_invoice(deal, deal.first, number="INV-001")


# ---------------------------------------------------------------------------------------------------------------
# Money shown as pounds and pence.


def test_pounds_pence_filter_always_shows_pence():
    from marketplace.competitions.templatetags.competitions import pounds_pence

    assert pounds_pence(123456) == "£1,234.56"
    assert pounds_pence(100) == "£1.00"
    assert pounds_pence(0) == "£0.00"
    assert pounds_pence(None) == ""


# ---------------------------------------------------------------------------------------------------------------
# The supplier raises an invoice.


def test_the_contract_page_offers_an_invoice_for_an_accepted_milestone_only(client, deal):
    accept(deal, deal.first)
    client.force_login(deal.supplier_user)
    page = html(client.get(reverse("suppliers:contract", args=[deal.contract.pk])))
    assert reverse("suppliers:invoice_raise", args=[deal.contract.pk, deal.first.pk]) in page
    assert reverse("suppliers:invoice_raise", args=[deal.contract.pk, deal.second.pk]) not in page


def test_the_supplier_raises_an_invoice_through_the_form(client, deal):
    accept(deal, deal.first)
    client.force_login(deal.supplier_user)
    url = reverse("suppliers:invoice_raise", args=[deal.contract.pk, deal.first.pk])
    page = html(client.get(url))
    assert 'value="30,000.50"' in page  # prefilled with the milestone's amount
    assert "£30,000.50" in page
    response = client.post(url, _raise_data())
    invoice = SupplierInvoice.objects.get(milestone=deal.first)
    assert response.status_code == 302 and response["Location"] == reverse("suppliers:invoice", args=[invoice.pk])
    assert invoice.number == "INV-100" and invoice.amount_pence == FIRST_PENCE
    assert invoice.status == InvoiceStatus.RECEIVED and invoice.purchase_order_number == PURCHASE_ORDER

    page = html(client.get(response["Location"]))
    assert "Invoice INV-100 has been sent" in page  # the success banner
    assert PURCHASE_ORDER in page and VAT_NUMBER in page
    assert "£30,000.50" in page and "£6,000.10" in page and "£36,000.60" in page  # amount, 20% VAT, total
    assert "VAT at 20%" in page
    assert invoice.due_date.strftime("%-d %B %Y") in page
    assert reverse("suppliers:invoice_document", args=[invoice.pk]) in page
    # The milestone now leads to its invoice, and a second invoice is not offered.
    page = html(client.get(reverse("suppliers:contract", args=[deal.contract.pk])))
    assert reverse("suppliers:invoice", args=[invoice.pk]) in page and url not in page
    assert client.get(url)["Location"] == reverse("suppliers:invoice", args=[invoice.pk])


@pytest.mark.parametrize("overrides, message", [
    ({"number": ""}, "Enter your invoice number"),
    ({"invoice_date_day": "31", "invoice_date_month": "2"}, "The invoice date must be a real date"),
    ({"invoice_date_day": "", "invoice_date_month": "", "invoice_date_year": ""}, "Enter the invoice date"),
    ({"invoice_date_year": "26"}, "The year must include 4 numbers"),
    ({"invoice_date_day": "123456789012345678901"}, "The invoice date must be a real date"),
    ({"amount": "29,000"}, "Explain why the amount differs from the milestone’s amount"),
    ({"amount": "12.345"}, "The amount must be in pounds and pence"),
    ({"amount": "lots"}, "Enter the amount in pounds and pence"),
])
def test_mistakes_are_shown_in_the_error_summary(client, deal, overrides, message):
    accept(deal, deal.first)
    client.force_login(deal.supplier_user)
    url = reverse("suppliers:invoice_raise", args=[deal.contract.pk, deal.first.pk])
    response = client.post(url, _raise_data(**overrides))
    assert response.status_code == 200
    page = html(response)
    assert "<title>Error:" in page
    assert message in _error_summary(page)
    assert not SupplierInvoice.objects.exists()


def test_a_future_invoice_date_is_refused(client, deal):
    accept(deal, deal.first)
    client.force_login(deal.supplier_user)
    url = reverse("suppliers:invoice_raise", args=[deal.contract.pk, deal.first.pk])
    page = html(client.post(url, _raise_data(**_date("invoice_date", uk_today() + timedelta(days=1)))))
    assert "The invoice date must be today or in the past" in _error_summary(page)


def test_a_different_amount_with_a_reason_is_invoiced_in_pence(client, deal):
    accept(deal, deal.first)
    client.force_login(deal.supplier_user)
    url = reverse("suppliers:invoice_raise", args=[deal.contract.pk, deal.first.pk])
    client.post(url, _raise_data(amount="£29,999.99", amount_reason="A day was not worked"))
    invoice = SupplierInvoice.objects.get()
    assert invoice.amount_pence == 2_999_999 and invoice.amount_reason == "A day was not worked"


def test_a_duplicate_number_is_shown_on_its_field(client, deal):
    _invoiced(deal)
    accept(deal, deal.second)
    client.force_login(deal.supplier_user)
    url = reverse("suppliers:invoice_raise", args=[deal.contract.pk, deal.second.pk])
    page = html(client.post(url, _raise_data(number="inv-001", amount="59,999.50")))
    assert 'href="#id_number"' in page and "You have already used this invoice number" in page


def test_without_a_vat_number_the_supplier_is_told_where_to_add_it(client, buyer_admin, buyer_member):
    deal = make_deal(buyer_admin, buyer_member, vat_number="")
    accept(deal, deal.first)
    client.force_login(deal.supplier_user)
    url = reverse("suppliers:invoice_raise", args=[deal.contract.pk, deal.first.pk])
    page = html(client.post(url, _raise_data()))
    assert "VAT registration number" in _error_summary(page) and "organisation’s details" in page
    assert not SupplierInvoice.objects.exists()


def test_a_milestone_not_accepted_cannot_be_invoiced(client, deal):
    client.force_login(deal.supplier_user)
    url = reverse("suppliers:invoice_raise", args=[deal.contract.pk, deal.first.pk])
    assert "once the buyer has accepted it" in html(client.get(url))
    client.post(url, _raise_data())
    assert not SupplierInvoice.objects.exists()


# ---------------------------------------------------------------------------------------------------------------
# The buyer records payment, disputes; the supplier answers.


def test_the_buyer_sees_the_invoice_and_records_payment(client, deal):
    invoice = _invoiced(deal)
    client.force_login(deal.buyer_member)
    page = html(client.get(reverse("buyers:invoice", args=[invoice.pk])))
    assert "INV-001" in page and "£36,000.60" in page and VAT_NUMBER in page and PURCHASE_ORDER in page
    assert reverse("buyers:invoice_pay", args=[invoice.pk]) in page
    assert reverse("buyers:invoice_dispute", args=[invoice.pk]) in page
    url = reverse("buyers:invoice_pay", args=[invoice.pk])
    assert client.get(url).status_code == 200
    page = html(client.post(url, {"remittance_reference": ""}))
    assert "Enter the date it was paid" in _error_summary(page)
    assert "Enter the remittance reference" in _error_summary(page)
    response = client.post(url, {**_date("paid_on", uk_today()), "remittance_reference": "BACS-42"})
    assert response.status_code == 302 and response["Location"] == reverse("buyers:invoice", args=[invoice.pk])
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID and invoice.paid_on == uk_today()
    assert invoice.remittance_reference == "BACS-42"
    page = html(client.get(response["Location"]))
    assert "Payment of invoice INV-001 recorded" in page and "BACS-42" in page
    assert reverse("buyers:invoice_pay", args=[invoice.pk]) not in page


def test_a_payment_after_today_is_refused_on_its_field(client, deal):
    invoice = _invoiced(deal)
    client.force_login(deal.buyer_admin)
    url = reverse("buyers:invoice_pay", args=[invoice.pk])
    page = html(client.post(url, {**_date("paid_on", uk_today() + timedelta(days=2)),
                                  "remittance_reference": "X"}))
    assert "The payment date must be today or in the past" in _error_summary(page)
    assert 'href="#id_paid_on_day"' in page


def test_the_buyer_disputes_and_the_supplier_answers(client, deal):
    invoice = _invoiced(deal)
    client.force_login(deal.buyer_admin)
    url = reverse("buyers:invoice_dispute", args=[invoice.pk])
    assert "Enter why you are disputing the invoice" in _error_summary(html(client.post(url, {"reason": " "})))
    response = client.post(url, {"reason": "The report is missing its annex"})
    assert response["Location"] == reverse("buyers:invoice", args=[invoice.pk])
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.DISPUTED

    client.force_login(deal.supplier_user)
    page = html(client.get(reverse("suppliers:invoice", args=[invoice.pk])))
    assert "The report is missing its annex" in page and "Disputed" in page
    answer_url = reverse("suppliers:invoice_answer", args=[invoice.pk])
    assert answer_url in page
    page = html(client.post(answer_url, {"answer": ""}))
    assert "Enter your answer to the buyer’s dispute" in _error_summary(page)
    response = client.post(answer_url, {"answer": "The annex is attached to the delivery note"})
    assert response["Location"] == reverse("suppliers:invoice", args=[invoice.pk])
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.RECEIVED and invoice.dispute_answer
    page = html(client.get(response["Location"]))
    assert "Your answer has been sent" in page and "The annex is attached" in page
    assert answer_url not in page


# ---------------------------------------------------------------------------------------------------------------
# Lists, overdue, interest and the empty state.


def test_each_side_lists_its_invoices_with_overdue_marked_and_interest(client, deal):
    invoice = _invoiced(deal)
    SupplierInvoice.objects.filter(pk=invoice.pk).update(due_date=uk_today() - timedelta(days=10))
    invoice.refresh_from_db()
    interest = services.late_payment_interest_pence(invoice, uk_today())
    assert interest > 0
    from marketplace.competitions.templatetags.competitions import pounds_pence

    for user, name in ((deal.supplier_user, "suppliers:invoices"), (deal.buyer_admin, "buyers:invoices")):
        client.force_login(user)
        page = html(client.get(reverse(name)))
        assert "INV-001" in page and "govuk-tag--red" in page and "Overdue" in page
        assert pounds_pence(interest) in page
        assert "INV-001" in html(client.get(reverse(name), {"status": "overdue"}))
        assert "INV-001" not in html(client.get(reverse(name), {"status": "paid"}))
        assert "INV-001" not in html(client.get(reverse(name), {"status": "received"}))
        page = html(client.get(reverse(name.removesuffix("s"), args=[invoice.pk])))
        assert "Late-payment interest so far" in page and pounds_pence(interest) in page


def test_the_lists_have_an_empty_state(client, deal):
    client.force_login(deal.supplier_user)
    assert "You have not raised any invoices yet" in html(client.get(reverse("suppliers:invoices")))
    client.force_login(deal.buyer_admin)
    assert "You have no invoices yet" in html(client.get(reverse("buyers:invoices")))


# ---------------------------------------------------------------------------------------------------------------
# Another organisation's invoice, and the PDF.


def test_another_organisations_invoice_is_not_found(client, deal):
    invoice = _invoiced(deal)
    other_supplier, other_user = quick_admitted_supplier(prefix="Other")
    other_buyer = member(BuyerOrganisationFactory(name="Another Council"), Role.ADMIN)
    client.force_login(other_user)
    for name in ("suppliers:invoice", "suppliers:invoice_document"):
        assert client.get(reverse(name, args=[invoice.pk])).status_code == 404
    assert client.post(reverse("suppliers:invoice_answer", args=[invoice.pk]), {"answer": "x"}).status_code == 404
    assert "INV-001" not in html(client.get(reverse("suppliers:invoices")))
    client.force_login(other_buyer)
    for name in ("buyers:invoice", "buyers:invoice_document", "buyers:invoice_pay", "buyers:invoice_dispute"):
        assert client.get(reverse(name, args=[invoice.pk])).status_code == 404
    assert client.post(reverse("buyers:invoice_dispute", args=[invoice.pk]), {"reason": "x"}).status_code == 404
    assert "INV-001" not in html(client.get(reverse("buyers:invoices")))
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.RECEIVED
    # Each side's pages are its own: the supplier gets 403 at the buyer's door, and the other way round.
    client.force_login(deal.supplier_user)
    assert client.get(reverse("buyers:invoice", args=[invoice.pk])).status_code == 403
    client.force_login(deal.buyer_admin)
    assert client.get(reverse("suppliers:invoice", args=[invoice.pk])).status_code == 403


@pytest.mark.parametrize("side", ["supplier", "buyer"])
def test_the_pdf_downloads_as_an_attachment_never_sniffed(client, deal, side):
    invoice = _invoiced(deal)
    client.force_login(deal.supplier_user if side == "supplier" else deal.buyer_member)
    name = "suppliers:invoice_document" if side == "supplier" else "buyers:invoice_document"
    response = client.get(reverse(name, args=[invoice.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="invoice-INV-001.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


# ---------------------------------------------------------------------------------------------------------------
# Query counts: the same for 2 invoices as for 12.


def _many_invoices(deal, count: int) -> None:
    """`count` accepted, invoiced milestones on the deal's contract (the first two re-set as `count` milestones)."""
    from marketplace.contracts.models import MilestoneStatus

    contract = deal.contract
    start = contract.start_date
    Milestone.objects.filter(contract=contract).delete()
    for n in range(count):
        milestone = Milestone.objects.create(contract=contract, position=n + 1, title=f"Step {n}", due_date=start,
                                             amount_pence=10_000 + n, status=MilestoneStatus.ACCEPTED)
        raise_invoice(deal, milestone, number=f"INV-{n:03d}")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("side", ["supplier", "buyer"])
def test_the_list_runs_the_same_queries_for_2_or_12_invoices(client, deal, side):
    user = deal.supplier_user if side == "supplier" else deal.buyer_admin
    url = reverse(f"{side}s:invoices")
    client.force_login(user)
    _many_invoices(deal, 2)
    few = _queries(client, url)
    SupplierInvoice.objects.all().delete()
    _many_invoices(deal, 12)
    many = _queries(client, url)
    assert many == few
    assert "INV-011" in html(client.get(url))


def test_the_dashboards_and_the_buyers_contract_page_lead_to_the_invoices(client, deal):
    invoice = _invoiced(deal)
    client.force_login(deal.supplier_user)
    assert reverse("suppliers:invoices") in html(client.get(reverse("suppliers:dashboard")))
    client.force_login(deal.buyer_admin)
    assert reverse("buyers:invoices") in html(client.get(reverse("buyers:dashboard")))
    assert reverse("buyers:invoice", args=[invoice.pk]) in html(client.get(reverse("buyers:contract",
                                                                                   args=[deal.contract.pk])))


# ---------------------------------------------------------------------------------------------------------------
# A supplier gives its VAT registration number when it registers its organisation.


def test_a_supplier_registers_with_its_vat_number(client):
    from tests.factories import UserFactory

    user = UserFactory(intended_side="supplier")
    client.force_login(user)
    url = reverse("accounts:organisation_new")
    assert "VAT registration number (optional)" in html(client.get(url))
    fields = {"name": "Vatted Ltd", "companies_house_number": "07654321", "size": "micro",
              "address_line_1": "1 High Street", "town": "Leeds", "postcode": "LS1 1AA"}
    page = html(client.post(url, {**fields, "vat_number": "GB12"}))
    assert "Enter a VAT registration number in the correct format" in page
    response = client.post(url, {**fields, "vat_number": "gb 123 4567 89"})
    assert response.status_code == 302
    from marketplace.accounts.models import Organisation

    assert Organisation.objects.get(name="Vatted Ltd").vat_number == "GB123456789"
