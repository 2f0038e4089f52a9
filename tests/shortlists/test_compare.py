"""Comparing 2 to 4 listings of a shortlist; a listing no longer in the catalogue is marked and left out."""

import pytest
from django.urls import reverse

from buyers import services
from marketplace.admission import services as admission
from marketplace.admission.models import Admission
from suppliers import services as supplier_services
from suppliers.models import Solution

pytestmark = pytest.mark.django_db


@pytest.fixture
def five(shortlist, buyer_member, make_listing):
    """Five listings on the shortlist, in order; the entries."""
    return [
        services.entry_add(actor=buyer_member, shortlist=shortlist, solution=make_listing(f"Listing {number}"))
        for number in range(1, 6)
    ]


def _compare(client, shortlist, entries):
    query = "&".join(f"entries={entry.pk}" for entry in entries)
    return client.get(reverse("buyers:shortlist_compare", args=[shortlist.pk]) + "?" + query)


@pytest.mark.parametrize("count", [2, 3, 4])
def test_two_to_four_listings_are_compared_side_by_side(buyer_client, shortlist, five, count):
    response = _compare(buyer_client, shortlist, five[:count])
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Compare {count} listings" in html
    assert html.count('<th scope="col" class="govuk-table__header">') == count
    for row in ("Supplier", "Supplier size", "Summary", "Technology readiness level", "Pricing model",
                "Price range", "Deployment", "Regions", "Standards and certifications", "Categories"):
        assert f'<th scope="row" class="govuk-table__header">{row}</th>' in html
    assert 'class="buyers-table-wrapper" role="region"' in html and 'tabindex="0"' in html
    for entry in five[:count]:
        assert f'href="/catalogue/{entry.solution_id}/">{entry.solution.title}</a>' in html
    assert "Listing 5" not in html


def test_the_comparison_shows_each_listings_details(buyer_client, shortlist, buyer_member, make_listing):
    first = make_listing("Alpha", price_min_pence=100_000, price_max_pence=900_000, readiness_level=6,
                         regions=("TLI",), standards=("iso-27001",))
    second = make_listing("Beta", price_min_pence=200_000, price_max_pence=200_000, regions=("TLM",))
    Solution.objects.filter(pk=second.pk).update(price_max_pence=None)  # as an older listing might hold it
    second.standards.clear()
    entries = [services.entry_add(actor=buyer_member, shortlist=shortlist, solution=item) for item in (first, second)]
    html = _compare(buyer_client, shortlist, entries).content.decode()
    assert "£1,000 to £9,000" in html and "From £2,000" in html and "None given" in html
    assert "TRL 6: technology demonstrated in a relevant environment" in html
    assert "Subscription" in html and "Cloud" in html
    assert "London" in html and "Scotland" in html
    assert "ISO/IEC 27001 (information security)" in html
    assert "Artificial intelligence and machine learning" in html
    assert ">Small<" in html


def test_fewer_than_two_is_refused_with_a_message(buyer_client, shortlist, five):
    for chosen in ([], five[:1]):
        response = _compare(buyer_client, shortlist, chosen)
        html = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in html and "Select at least 2 listings to compare" in html
        assert 'href="#id_entries_1"' in html
        assert "<title>Error:" in html


def test_more_than_four_is_refused_with_a_message(buyer_client, shortlist, five):
    html = _compare(buyer_client, shortlist, five).content.decode()
    assert "Select no more than 4 listings to compare" in html
    # The choices are kept.
    assert html.count('checked="checked"') == 5


def test_an_entry_of_another_shortlist_cannot_be_compared(buyer_client, shortlist, five, buyer_member, buyer_org,
                                                          make_listing):
    other = services.shortlist_create(actor=buyer_member, organisation=buyer_org, name="Other")
    stranger = services.entry_add(actor=buyer_member, shortlist=other, solution=make_listing("Elsewhere"))
    html = _compare(buyer_client, shortlist, [five[0], stranger]).content.decode()
    assert "Select only listings on this shortlist that are still in the catalogue" in html
    assert "Compare 2 listings" not in html


def test_a_suspended_suppliers_listing_is_marked_and_left_out_of_comparison(
    buyer_client, shortlist, buyer_member, operator, make_listing, second_supplier
):
    organisation, admin = second_supplier
    kept = [services.entry_add(actor=buyer_member, shortlist=shortlist, solution=make_listing(f"Kept {n}"))
            for n in (1, 2)]
    suspended_listing = make_listing("Suspended supplier’s tool", author=admin, organisation=organisation)
    gone = services.entry_add(actor=buyer_member, shortlist=shortlist, solution=suspended_listing, note="Liked it")
    admission.admission_suspend(
        actor=operator, admission=Admission.objects.get(organisation=organisation), reason="Insurance lapsed"
    )
    html = buyer_client.get(reverse("buyers:shortlist", args=[shortlist.pk])).content.decode()
    assert "Suspended supplier’s tool" in html and "No longer available in the catalogue" in html
    assert "Liked it" in html
    assert f'href="/catalogue/{suspended_listing.pk}/"' not in html
    assert f'value="{gone.pk}"' not in html  # not offered for comparison
    assert f'value="{kept[0].pk}"' in html and f'value="{kept[1].pk}"' in html
    # Asking for it anyway is refused.
    refused = _compare(buyer_client, shortlist, [kept[0], gone]).content.decode()
    assert "Select only listings on this shortlist that are still in the catalogue" in refused
    compared = _compare(buyer_client, shortlist, kept).content.decode()
    assert "Compare 2 listings" in compared and "Suspended supplier’s tool" not in compared


def test_an_archived_listing_is_marked_unavailable(buyer_client, shortlist, buyer_member, listing, supplier_member):
    services.entry_add(actor=buyer_member, shortlist=shortlist, solution=listing)
    supplier_services.solution_archive(actor=supplier_member, solution=listing)
    html = buyer_client.get(reverse("buyers:shortlist", args=[shortlist.pk])).content.decode()
    assert "Casework triage assistant" in html and "No longer available in the catalogue" in html
