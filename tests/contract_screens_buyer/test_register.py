"""The contract register: only the organisation's contracts, filters, pagination and the CSV export."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace.contracts.models import Contract, ContractStatus
from tests.contract_builder import copies, drafted, issued, quick_award, signed

pytestmark = pytest.mark.django_db

REGISTER = "/buyer/contracts/"


def page(client, **query):
    response = client.get(reverse("buyers:contracts"), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_register_lists_only_the_organisations_contracts(client, buyer_admin, contract, other_contract):
    assert reverse("buyers:contracts") == REGISTER
    client.force_login(buyer_admin)
    html = page(client)
    assert contract.reference in html
    assert other_contract.reference not in html
    assert "Another council" not in html


def test_a_buyer_member_sees_the_register_too(client, buyer_member, contract):
    client.force_login(buyer_member)
    assert contract.reference in page(client)


def test_the_register_says_when_there_are_no_contracts(client, buyer_admin, other_contract):
    client.force_login(buyer_admin)
    html = page(client)
    assert "Your organisation has no contracts yet" in html
    assert other_contract.reference not in html


def test_filters_narrow_the_register(client, buyer_admin, winner, terms, contract):
    other = drafted(quick_award(buyer_admin, winner[1], price_pence=2_000_000, title="Smaller contract"))
    Contract.objects.filter(pk=other.pk).update(status=ContractStatus.ACTIVE, signed_at=timezone.now())
    client.force_login(buyer_admin)

    html = page(client, status="active")
    assert other.reference in html and contract.reference not in html

    html = page(client, value_from="50000")
    assert contract.reference in html and other.reference not in html
    html = page(client, value_to="20000")
    assert other.reference in html and contract.reference not in html

    today = timezone.localdate().strftime("%d/%m/%Y")
    html = page(client, signed_from=today)
    assert other.reference in html and contract.reference not in html

    html = page(client, supplier=winner[0].name[3:9].upper())
    assert other.reference in html and contract.reference in html
    html = page(client, supplier="no such supplier")
    assert "No contracts match these filters" in html

    html = page(client, category=contract.category_id)
    assert other.reference in html and contract.reference in html


def test_a_filter_typed_wrongly_is_shown_in_an_error_summary(client, buyer_admin, contract):
    client.force_login(buyer_admin)
    html = page(client, value_from="lots", signed_to="31/02/2026")
    assert "govuk-error-summary" in html
    assert "Enter the lowest value in pounds" in html
    assert "Enter a real date, like 27/3/2026" in html
    assert contract.reference in html  # the other filters still apply; nothing is hidden by a typo


def test_the_register_pages_twenty_at_a_time_in_a_fixed_number_of_queries(
    client, buyer_admin, contract, django_assert_max_num_queries
):
    client.force_login(buyer_admin)
    with django_assert_max_num_queries(12) as one:
        page(client)
    # Copies of the contract need their own awards (one contract per award): make them through the ORM.
    copies(contract, 24)
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = page(client)
    assert "page 1 of 2" in html
    assert html.count('href="/buyer/contracts/') >= 20
    html = page(client, page=2)
    assert "page 2 of 2" in html


def test_the_csv_export_has_the_filtered_rows_and_neutralises_formulas(client, buyer_admin, winner, terms, contract,
                                                                      other_contract):
    Contract.objects.filter(pk=contract.pk).update(title='=HYPERLINK("http://evil.example","Click")')
    client.force_login(buyer_admin)
    response = client.get(reverse("buyers:contracts_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Reference", "Title", "Supplier"]
    assert len(rows) == 2  # the other organisation's contract is not exported
    row = rows[1]
    assert row[0] == contract.reference
    assert row[1] == '\'=HYPERLINK("http://evil.example","Click")'
    assert row[6] == "90000.00" and row[7] == "18000.00"

    response = client.get(reverse("buyers:contracts_export"), {"status": "active"})
    assert len(list(csv.reader(io.StringIO(response.content.decode())))) == 1


def test_a_signed_contract_shows_its_signed_date_in_the_export(client, buyer_admin, winner, contract):
    contract = signed(issued(contract, buyer_admin), winner[2], buyer_admin)
    client.force_login(buyer_admin)
    rows = list(csv.reader(io.StringIO(client.get(reverse("buyers:contracts_export")).content.decode())))
    assert rows[1][5] == "Active"
    assert rows[1][8] == "PO-4500012345"
    assert rows[1][11] == timezone.localdate().strftime("%d/%m/%Y")
