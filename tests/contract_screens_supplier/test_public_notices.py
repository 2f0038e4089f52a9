"""Public contract details notices (rule 11): a signed contract at or over the threshold, and nothing private."""

import pytest
from django.urls import reverse

from marketplace.contracts import services
from marketplace.contracts.services import KPIInput
from django.utils import timezone

from marketplace.contracts.models import ContractStatus
from tests.contract_builder import copies, drafted, issued, quick_award, signed

from .conftest import html

pytestmark = pytest.mark.django_db


def test_a_signed_contract_over_the_threshold_is_listed_and_one_under_it_is_not(
    client, settings, terms, winner, buyer_admin
):
    settings.SPARK_CONTRACT_NOTICE_MIN_PENCE = 5_000_000
    big = drafted(quick_award(buyer_admin, winner[1], title="Big contract", price_pence=9_000_000))
    services.kpis_set(actor=buyer_admin, contract=big, kpis=[KPIInput("Uptime", "99.9% a month")])
    big = signed(issued(big, buyer_admin), winner[2], buyer_admin)
    small = signed(issued(drafted(quick_award(buyer_admin, winner[1], title="Small contract",
                                              price_pence=4_000_000)), buyer_admin), winner[2], buyer_admin)
    unsigned = issued(drafted(quick_award(buyer_admin, winner[1], title="Unsigned", price_pence=9_000_000)),
                      buyer_admin)

    response = client.get(reverse("opportunities:contract_notices"))
    assert response.status_code == 200
    page = html(response)
    assert reverse("opportunities:contract_notice", args=[big.pk]) in page and "Big contract" in page
    assert "Small contract" not in page and "Unsigned" not in page
    assert client.get(reverse("opportunities:contract_notice", args=[small.pk])).status_code == 404
    assert client.get(reverse("opportunities:contract_notice", args=[unsigned.pk])).status_code == 404

    page = html(client.get(reverse("opportunities:contract_notice", args=[big.pk])))
    assert big.reference in page and big.buyer.name in page and big.supplier.name in page
    assert "£90,000" in page and "£18,000" in page and "Uptime" in page and "99.9% a month" in page
    assert big.category.name in page
    # No price breakdown, purchase-order number, milestones, signatories or documents.
    for line in big.price_breakdown:
        assert line["item"] not in page
    assert big.purchase_order_number not in page
    assert "Milestone" not in page
    assert "sha256" not in page.lower() and ".pdf" not in page
    for signature in big.signatures.all():
        assert signature.name not in page


def test_the_award_notices_page_links_to_the_contract_notices(client):
    assert reverse("opportunities:contract_notices") in html(client.get(reverse("opportunities:award_notices")))


def test_no_notices_is_an_empty_state(client, db):
    assert "No contract details notices have been published yet" in html(
        client.get(reverse("opportunities:contract_notices"))
    )


def test_the_notices_list_takes_a_fixed_number_of_queries(
    client, terms, winner, buyer_admin, django_assert_max_num_queries
):
    contract = signed(issued(drafted(quick_award(buyer_admin, winner[1])), buyer_admin), winner[2], buyer_admin)
    with django_assert_max_num_queries(10) as one:
        assert client.get(reverse("opportunities:contract_notices")).status_code == 200
    now = timezone.now()
    copies(contract, 15, status=ContractStatus.ACTIVE, signed_at=now, notice_published_at=now)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = html(client.get(reverse("opportunities:contract_notices")))
    assert page.count('href="/opportunities/contracts/') >= 16
