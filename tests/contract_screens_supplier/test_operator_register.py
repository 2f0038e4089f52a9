"""The operators' contract register in the Wagtail admin: read only, filtered, exported without CSV injection."""

import csv
import io

import pytest
from django.urls import reverse

from marketplace.contracts.models import Contract
from tests.contract_builder import drafted, quick_award

from .conftest import html

pytestmark = pytest.mark.django_db

INDEX = "contract_register:index"


@pytest.fixture
def contracts(terms, winner, buyer_admin, contract_signed):
    draft = drafted(quick_award(buyer_admin, winner[1], title='=HYPERLINK("http://evil.example","x")',
                                price_pence=2_000_000))
    return contract_signed, draft


def test_an_operator_sees_every_contract_in_the_operations_menu(client, operator, contracts):
    signed, draft = contracts
    client.force_login(operator)
    assert reverse(INDEX) in html(client.get(reverse("wagtailadmin_home")))
    response = client.get(reverse(INDEX))
    assert response.status_code == 200
    page = html(response)
    assert signed.reference in page and draft.reference in page
    assert signed.buyer.name in page and signed.supplier.name in page and "£90,000" in page


def test_the_register_filters(client, operator, contracts):
    signed, draft = contracts
    client.force_login(operator)
    page = html(client.get(reverse(INDEX), {"status": "active"}))
    assert signed.reference in page and draft.reference not in page
    page = html(client.get(reverse(INDEX), {"value_max": "50000"}))
    assert draft.reference in page and signed.reference not in page
    page = html(client.get(reverse(INDEX), {"value_min": "50000"}))
    assert signed.reference in page and draft.reference not in page
    today = signed.signed_at.date().isoformat()
    page = html(client.get(reverse(INDEX), {"signed_from": today, "signed_to": today}))
    assert signed.reference in page and draft.reference not in page
    page = html(client.get(reverse(INDEX), {"category": signed.category_id}))
    assert signed.reference in page


def test_the_csv_export_neutralises_formulas(client, operator, contracts):
    signed, draft = contracts
    client.force_login(operator)
    response = client.get(reverse(INDEX), {"export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["Reference", "Title", "Buyer"]
    titles = {row[0]: row[1] for row in rows[1:]}
    assert titles[draft.reference] == "'" + draft.title
    assert titles[signed.reference] == signed.title
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)


def test_there_are_no_add_edit_or_delete_views(client, operator, contracts):
    client.force_login(operator)
    page = html(client.get(reverse(INDEX)))
    signed = contracts[0]
    assert f"/contracts/{signed.pk}/edit/" not in page and "/contracts/add/" not in page
    assert client.get(f"/admin/contracts/{signed.pk}/edit/").status_code == 404
    assert client.get("/admin/contracts/add/").status_code == 404


def test_an_editor_is_sent_back_to_the_admin_home(client, editor, contracts):
    client.force_login(editor)
    assert reverse(INDEX) not in html(client.get(reverse("wagtailadmin_home")))
    for params in ({}, {"export": "csv"}):
        response = client.get(reverse(INDEX), params)
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")


@pytest.mark.parametrize("who", ["buyer_admin", "supplier_admin"])
def test_buyers_and_suppliers_are_refused_at_the_admin_door(client, request, contracts, who):
    client.force_login(request.getfixturevalue(who))
    for params in ({}, {"export": "csv"}):
        response = client.get(reverse(INDEX), params)
        assert response.status_code == 403
        assert Contract.objects.first().reference not in html(response)


def test_anonymous_people_are_sent_to_sign_in(client, contracts):
    response = client.get(reverse(INDEX))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
