"""Shortlist pages use a fixed number of SQL queries, whatever the number of entries or shortlists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from buyers import services
from marketplace.admission import services as admission
from marketplace.admission.models import Admission

pytestmark = pytest.mark.django_db

# Session, user, membership and the page's own reads: a generous ceiling, and the same count for few and many.
CEILING = 10


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture
def many(shortlist, buyer_member, make_listing, operator, second_supplier):
    """Eight entries on the shortlist, two of them no longer in the catalogue, all with notes."""
    organisation, admin = second_supplier
    entries = [
        services.entry_add(actor=buyer_member, shortlist=shortlist, solution=make_listing(f"Listing {n}",
                           regions=("TLI", "TLM", "TLK"), standards=("iso-27001",)), note=f"Note {n}")
        for n in range(1, 7)
    ]
    for n in (7, 8):
        entries.append(services.entry_add(
            actor=buyer_member, shortlist=shortlist,
            solution=make_listing(f"Gone {n}", author=admin, organisation=organisation), note="Gone"))
    admission.admission_suspend(actor=operator, admission=Admission.objects.get(organisation=organisation),
                                reason="Insurance lapsed")
    return entries


def _compare_url(shortlist, entries):
    return reverse("buyers:shortlist_compare", args=[shortlist.pk]) + "?" + "&".join(
        f"entries={entry.pk}" for entry in entries
    )


def test_the_shortlist_page_and_export_use_a_fixed_number_of_queries(buyer_client, shortlist, buyer_member,
                                                                       make_listing, many):
    page = reverse("buyers:shortlist", args=[shortlist.pk])
    export = reverse("buyers:shortlist_export", args=[shortlist.pk])
    # Warm up (the first request of a client may read the session or the sites table once).
    buyer_client.get(page)
    with_many = (_count(buyer_client, page), _count(buyer_client, export))
    for entry in many[2:]:
        services.entry_remove(actor=buyer_member, entry=entry)
    with_few = (_count(buyer_client, page), _count(buyer_client, export))
    assert with_few == with_many
    assert max(with_many) <= CEILING


def test_the_compare_page_uses_a_fixed_number_of_queries(buyer_client, shortlist, many):
    buyer_client.get(reverse("buyers:shortlist", args=[shortlist.pk]))
    two = _count(buyer_client, _compare_url(shortlist, many[:2]))
    four = _count(buyer_client, _compare_url(shortlist, many[:4]))
    assert two == four <= CEILING
    # A refused selection (the shortlist page again) is fixed too.
    refused_one = _count(buyer_client, _compare_url(shortlist, many[:1]))
    refused_five = _count(buyer_client, _compare_url(shortlist, many[:5]))
    assert refused_one == refused_five <= CEILING


def test_the_list_and_add_pages_use_a_fixed_number_of_queries(buyer_client, buyer_member, buyer_org, listing,
                                                               shortlist):
    pages = [reverse("buyers:shortlists"), reverse("buyers:shortlist_add", args=[listing.pk])]
    buyer_client.get(pages[0])
    few = [_count(buyer_client, url) for url in pages]
    for n in range(6):
        created = services.shortlist_create(actor=buyer_member, organisation=buyer_org, name=f"List {n}")
        services.entry_add(actor=buyer_member, shortlist=created, solution=listing)
    many = [_count(buyer_client, url) for url in pages]
    assert few == many
    assert max(many) <= CEILING
