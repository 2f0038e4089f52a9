"""Who may open the buyer's contract pages: the organisation's admins and members; another organisation's contract
is a 404 on every page; evaluators, suppliers and operators are refused; anonymous people are sent to sign in."""

import pytest
from django.urls import reverse

from marketplace.accounts.models import Role
from tests.contract_builder import issued
from tests.factories import member

pytestmark = pytest.mark.django_db

PAGES = ["contract", "contract_details", "contract_milestones", "contract_kpis", "contract_issue", "contract_sign",
         "contract_variation"]


def all_urls(contract):
    document = contract.documents.first()
    milestone = contract.milestones.first()
    return [reverse(f"buyers:{name}", args=[contract.pk]) for name in PAGES] + [
        reverse("buyers:contract_milestone_accept", args=[contract.pk, milestone.pk]),
        reverse("buyers:contract_milestone_reject", args=[contract.pk, milestone.pk]),
        reverse("buyers:contract_document", args=[contract.pk, document.pk]),
    ]


@pytest.fixture
def issued_contract(buyer_admin, contract):
    return issued(contract, buyer_admin)


def test_another_buyer_organisation_gets_404_on_every_page(client, other_buyer_admin, issued_contract):
    client.force_login(other_buyer_admin)
    for address in all_urls(issued_contract):
        assert client.get(address).status_code == 404, address
        assert client.post(address, {"reason": "x", "version": "1"}).status_code in (404, 405), address
    assert issued_contract.reference not in client.get(reverse("buyers:contracts")).content.decode()


def test_evaluators_suppliers_and_operators_are_refused(client, buyer_org, winner, operator, issued_contract):
    evaluator = member(buyer_org, Role.EVALUATOR)
    for user in (evaluator, winner[1], winner[2], operator):
        client.force_login(user)
        for address in all_urls(issued_contract) + [reverse("buyers:contracts"), reverse("buyers:contracts_export")]:
            assert client.get(address).status_code == 403, (user, address)


def test_anonymous_people_are_sent_to_sign_in(client, issued_contract):
    for address in all_urls(issued_contract) + [reverse("buyers:contracts"), reverse("buyers:contracts_export")]:
        response = client.get(address)
        assert response.status_code == 302 and "login" in response["Location"], address


def test_the_dashboard_links_to_the_contracts(client, buyer_admin):
    client.force_login(buyer_admin)
    assert reverse("buyers:contracts") in client.get(reverse("buyers:dashboard")).content.decode()
