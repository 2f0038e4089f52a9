"""A supplier's admin sets, changes or clears its VAT registration number (/organisation/vat-number/), which its
invoices print (rule 13); a supplier raising an invoice that charges VAT without one is sent there and back."""

import re
from html import unescape

import pytest
from django.urls import reverse

from marketplace.accounts import services
from marketplace.accounts.models import Organisation, Role
from marketplace.audit.models import AuditEvent
from marketplace.errors import DomainError, NotAllowed
from marketplace.payments.models import SupplierInvoice
from tests.evaluation_fixtures import _media_in_tmp  # noqa: F401 (fixture)
from tests.factories import OrganisationFactory, member
from tests.payments.builders import accept, make_deal, uk_today

pytestmark = pytest.mark.django_db

URL = "/organisation/vat-number/"
INVALID = "Enter a VAT registration number in the correct format, like GB123456789"


def html(response) -> str:
    return unescape(response.content.decode())


def _error_summary(page: str) -> str:
    start = page.index('class="govuk-error-summary"')
    return page[start:page.index("</ul>", start)]


def _events(organisation):
    return list(
        AuditEvent.objects.filter(stream__key=organisation.audit_stream, verb="organisation.vat_number_changed")
        .order_by("seq")
        .values_list("data", flat=True)
    )


def test_the_page_lives_under_the_organisation():
    assert reverse("accounts:vat_number") == URL


def test_the_page_asks_one_question_with_a_hint(client, supplier_org, supplier_admin):
    client.force_login(supplier_admin)
    page = html(client.get(URL))
    assert "What is your organisation’s VAT registration number?" in page
    assert "Leave blank if your organisation is not registered for VAT" in page and "GB123456789" in page
    assert 'class="govuk-label govuk-label--l" for="id_vat_number"' in page
    assert "govuk-error-summary" not in page


def test_an_admin_sets_changes_and_clears_it(client, supplier_org, supplier_admin):
    client.force_login(supplier_admin)

    response = client.post(URL, {"vat_number": "gb 123 4567 89"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:team")
    supplier_org.refresh_from_db()
    assert supplier_org.vat_number == "GB123456789"
    team = html(client.get(response["Location"]))
    assert "VAT registration number is GB123456789" in team  # the success message
    assert "GB123456789" in team and 'href="/organisation/vat-number/"' in team

    assert html(client.get(URL)).count('value="GB123456789"') == 1  # the form shows the current number

    client.post(URL, {"vat_number": "GB123456789001"})
    supplier_org.refresh_from_db()
    assert supplier_org.vat_number == "GB123456789001"

    client.post(URL, {"vat_number": "  "})
    supplier_org.refresh_from_db()
    assert supplier_org.vat_number == ""
    assert "has no VAT registration number on Spark" in html(client.get(reverse("accounts:team")))

    assert _events(supplier_org) == [
        {"from": "", "to": "GB123456789"},
        {"from": "GB123456789", "to": "GB123456789001"},
        {"from": "GB123456789001", "to": ""},
    ]
    event = AuditEvent.objects.filter(verb="organisation.vat_number_changed").last()
    assert event.actor_id == supplier_admin.pk
    assert event.object_id == str(supplier_org.pk)


def test_the_same_number_again_changes_nothing(supplier_org, supplier_admin):
    services.organisation_vat_number_set(actor=supplier_admin, organisation=supplier_org, vat_number="GB123456789")
    services.organisation_vat_number_set(actor=supplier_admin, organisation=supplier_org, vat_number="gb123 456 789")
    assert len(_events(supplier_org)) == 1
    services.organisation_vat_number_set(actor=supplier_admin, organisation=supplier_org, vat_number="")
    services.organisation_vat_number_set(actor=supplier_admin, organisation=supplier_org, vat_number="")
    assert len(_events(supplier_org)) == 2


@pytest.mark.parametrize("typed", ["GB12", "123456789", "XI123456789", "GB12345678A", "G" * 31])
def test_an_invalid_number_shows_the_govuk_error_and_changes_nothing(client, supplier_org, supplier_admin, typed):
    supplier_org.vat_number = "GB111111111"
    supplier_org.save()
    client.force_login(supplier_admin)
    response = client.post(URL, {"vat_number": typed})
    page = html(response)
    assert response.status_code == 200
    assert "<title>Error: " in page
    summary = _error_summary(page)
    assert f'<a href="#id_vat_number">{INVALID}</a>' in summary
    assert re.search(r'<p id="id_vat_number_error" class="govuk-error-message">\s*<span class="govuk-visually-hidden">'
                     r"Error:</span> " + re.escape(INVALID), page)
    assert "govuk-form-group--error" in page and "govuk-input--error" in page
    assert f'value="{typed}"' in page  # what was typed is kept
    supplier_org.refresh_from_db()
    assert supplier_org.vat_number == "GB111111111"
    assert _events(supplier_org) == []


def test_the_service_refuses_an_invalid_number(supplier_org, supplier_admin):
    with pytest.raises(DomainError, match="correct format") as refused:
        services.organisation_vat_number_set(actor=supplier_admin, organisation=supplier_org, vat_number="GB1")
    assert refused.value.field == "vat_number"
    supplier_org.refresh_from_db()
    assert supplier_org.vat_number == ""


def test_a_member_who_is_not_an_admin_is_refused(client, supplier_org, supplier_member):
    client.force_login(supplier_member)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"vat_number": "GB123456789"}).status_code == 403
    supplier_org.refresh_from_db()
    assert supplier_org.vat_number == ""
    with pytest.raises(NotAllowed):
        services.organisation_vat_number_set(actor=supplier_member, organisation=supplier_org, vat_number="GB123456789")
    team = html(client.get(reverse("accounts:team")))
    assert "VAT registration number" in team and 'href="/organisation/vat-number/"' not in team
    assert _events(supplier_org) == []


def test_an_admin_without_two_factor_sign_in_sets_it_up_first(client, supplier_org):
    admin = member(supplier_org, Role.ADMIN, mfa=False)
    client.force_login(admin)
    response = client.post(URL, {"vat_number": "GB123456789"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_activate_totp"))
    supplier_org.refresh_from_db()
    assert supplier_org.vat_number == ""


def test_another_organisation_is_untouched(client, supplier_org, supplier_admin):
    other = OrganisationFactory(vat_number="GB222222222")
    other_admin = member(other, Role.ADMIN)
    client.force_login(supplier_admin)
    client.post(URL, {"vat_number": "GB123456789", "organisation": other.pk, "organisation_id": other.pk})
    other.refresh_from_db()
    supplier_org.refresh_from_db()
    assert other.vat_number == "GB222222222" and supplier_org.vat_number == "GB123456789"
    with pytest.raises(NotAllowed):
        services.organisation_vat_number_set(actor=supplier_admin, organisation=other, vat_number="")
    other.refresh_from_db()
    assert other.vat_number == "GB222222222"
    assert _events(other) == []
    assert Organisation.objects.get(pk=other.pk).vat_number == "GB222222222"
    assert other_admin  # the other organisation has its own admin, who alone may change it


def test_buyers_record_no_vat_number(client, buyer_org, buyer_admin):
    client.force_login(buyer_admin)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"vat_number": "GB123456789"}).status_code == 403
    buyer_org.refresh_from_db()
    assert buyer_org.vat_number == ""
    assert 'href="/organisation/vat-number/"' not in html(client.get(reverse("accounts:team")))


def test_a_get_changes_nothing(client, supplier_org, supplier_admin):
    client.force_login(supplier_admin)
    client.get(URL, {"vat_number": "GB123456789"})
    supplier_org.refresh_from_db()
    assert supplier_org.vat_number == "" and _events(supplier_org) == []


# `next`: back to the invoice being raised, and only ever to a page of this site.


def test_next_is_honoured_for_a_local_address(client, supplier_org, supplier_admin):
    client.force_login(supplier_admin)
    back = "/supplier/contracts/1/milestones/2/invoice/"
    page = html(client.get(URL, {"next": back}))
    assert f'<input type="hidden" name="next" value="{back}">' in page
    assert f'href="{back}" class="govuk-back-link"' in page
    response = client.post(f"{URL}?next={back}", {"vat_number": "GB123456789", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    # A mistake keeps the way back.
    page = html(client.post(URL, {"vat_number": "GB1", "next": back}))
    assert f'<input type="hidden" name="next" value="{back}">' in page


@pytest.mark.parametrize("elsewhere", [
    "https://evil.example/phish", "//evil.example/phish", "/\\evil.example", "javascript:alert(1)",
    "http://evil.example/", "relative/path",
])
def test_next_is_ignored_unless_it_is_a_local_address(client, supplier_org, supplier_admin, elsewhere):
    client.force_login(supplier_admin)
    page = html(client.get(URL, {"next": elsewhere}))
    assert elsewhere not in page
    response = client.post(URL, {"vat_number": "GB123456789", "next": elsewhere})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:team")


# The invoice page sends a supplier without a VAT number to the page, and back.


def _raise_data() -> dict:
    today = uk_today()
    return {"number": "INV-100", "invoice_date_day": str(today.day), "invoice_date_month": str(today.month),
            "invoice_date_year": str(today.year), "amount": "30,000.50", "amount_reason": ""}


def test_the_invoice_page_links_an_admin_to_the_vat_number_page(client, buyer_admin, buyer_member):
    deal = make_deal(buyer_admin, buyer_member, vat_number="")
    accept(deal, deal.first)
    raise_url = reverse("suppliers:invoice_raise", args=[deal.contract.pk, deal.first.pk])
    vat_url = f"{URL}?next={raise_url.replace('/', '%2F')}"
    client.force_login(deal.supplier_admin)
    page = html(client.post(raise_url, _raise_data()))
    summary = _error_summary(page)
    assert "Add your VAT registration number to your organisation’s details" in summary
    assert f'href="{vat_url}"' in summary  # the summary's item leads to the page
    assert f'<a class="govuk-link" href="{vat_url}">Add your organisation’s VAT registration number</a>' in page
    assert "Ask the Spark team" not in page
    assert not SupplierInvoice.objects.exists()

    # The admin adds the number and comes back to the invoice, which can now be raised.
    vat_page = html(client.get(vat_url))
    assert f'<input type="hidden" name="next" value="{raise_url}">' in vat_page
    response = client.post(vat_url, {"vat_number": "GB123456789", "next": raise_url})
    assert response.status_code == 302 and response["Location"] == raise_url
    response = client.post(raise_url, _raise_data())
    assert response.status_code == 302
    assert SupplierInvoice.objects.get().milestone_id == deal.first.pk


def test_a_member_is_told_to_ask_an_admin(client, buyer_admin, buyer_member):
    deal = make_deal(buyer_admin, buyer_member, vat_number="")
    accept(deal, deal.first)
    raise_url = reverse("suppliers:invoice_raise", args=[deal.contract.pk, deal.first.pk])
    client.force_login(deal.supplier_user)
    page = html(client.post(raise_url, _raise_data()))
    assert "Ask an admin of your organisation to add its VAT registration number" in page
    assert URL not in page
    assert not SupplierInvoice.objects.exists()
