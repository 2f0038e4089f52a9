"""The catalogue's pages and API run a fixed number of SQL queries, however many listings they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.accounts.models import OrganisationSize
from suppliers import services
from tests.listings import complete_revision

pytestmark = pytest.mark.django_db

# For an anonymous visitor; a signed-in one adds the session, the user and the membership.
# The list: the search index's state, the page's listings (checked public) with their categories, regions
# and standards, the hits' indexed text for snippets, the suppliers' admissions, the filter column's
# categories, regions and standards, and up to three lookups validating the chosen ones.
LIST_QUERIES = 13
# The detail: the listing, its categories, regions, standards and documents, the supplier's admissions (2).
DETAIL_QUERIES = 7
DOCUMENT_QUERIES = 4
API_LIST_QUERIES = 6
API_DETAIL_QUERIES = 5

FILTERED = ("/catalogue/?category=artificial-intelligence&region=TLI&region=TLM&standard=iso-27001"
            "&trl_min=1&price_max=1000000&supplier_size=small&supplier_size=micro&sort=newest")


@pytest.fixture
def many(listing, supplier):
    """make(n) -> n published listings from three suppliers, each in several categories, regions and standards."""

    def make(count):
        suppliers = [(None, None)] + [
            supplier(size=size, slugs=("artificial-intelligence", "data-analytics"))
            for size in (OrganisationSize.MICRO, OrganisationSize.SMALL)
        ]
        solutions = []
        for number in range(count):
            organisation, author = suppliers[number % len(suppliers)]
            solutions.append(listing(
                organisation=organisation, author=author, title=f"Listing {number:02d}",
                slugs=("artificial-intelligence", "data-analytics"), regions=("TLI", "TLM", "TLN"),
                standards=("iso-27001", "cyber-essentials"),
            ))
        return solutions

    return make


def count_queries(callable_) -> int:
    with CaptureQueriesContext(connection) as context:
        response = callable_()
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url", ["/catalogue/", FILTERED])
def test_the_list_page_costs_the_same_for_3_or_25_listings(client, many, url):
    many(3)
    client.get(url)  # the first search after the index changed also reads the change (one more query)
    few = count_queries(lambda: client.get(url))
    many(22)
    response = client.get(url)
    assert len(response.context["solutions"]) == 20
    assert count_queries(lambda: client.get(url)) == few <= LIST_QUERIES


def test_the_list_page_stays_within_its_budget(client, many, django_assert_max_num_queries):
    many(25)
    with django_assert_max_num_queries(LIST_QUERIES):
        client.get("/catalogue/")
    with django_assert_max_num_queries(LIST_QUERIES):
        client.get(FILTERED)
    with django_assert_max_num_queries(LIST_QUERIES):
        client.get("/catalogue/?category=nope&trl_min=99")


def test_the_detail_page_costs_the_same_with_one_or_five_documents(client, admitted, supplier_member, operator,
                                                                  add_document, django_assert_max_num_queries):
    counts = []
    for documents in (1, 5):
        revision = complete_revision(supplier_member, admitted, title=f"With {documents}",
                                     slugs=("artificial-intelligence", "data-analytics"),
                                     regions=("TLI", "TLM", "TLN"), standards=("iso-27001", "cyber-essentials"))
        for number in range(documents):
            add_document(supplier_member, revision, title=f"Sheet {number}", name=f"sheet-{number}.pdf")
        services.revision_submit(actor=supplier_member, revision=revision)
        solution = services.revision_publish(actor=operator, revision=revision)
        response = client.get(f"/catalogue/{solution.pk}/")
        assert len(response.context["documents"]) == documents
        counts.append(count_queries(lambda: client.get(f"/catalogue/{solution.pk}/")))
        with django_assert_max_num_queries(DETAIL_QUERIES):
            client.get(f"/catalogue/{solution.pk}/")
    assert counts[0] == counts[1]


def test_a_document_download_stays_within_its_budget(client, admitted, supplier_member, operator, add_document,
                                                     django_assert_max_num_queries):
    revision = complete_revision(supplier_member, admitted)
    document = add_document(supplier_member, revision)
    services.revision_submit(actor=supplier_member, revision=revision)
    services.revision_publish(actor=operator, revision=revision)
    with django_assert_max_num_queries(DOCUMENT_QUERIES):
        response = client.get(f"/catalogue/documents/{document.pk}/")
    assert response.status_code == 200


def test_the_api_costs_the_same_for_3_or_25_listings(api, many, django_assert_max_num_queries):
    client = api()
    solutions = many(3)
    few = count_queries(lambda: client.get("/api/v1/solutions/"))
    detail = count_queries(lambda: client.get(f"/api/v1/solutions/{solutions[0].pk}/"))
    many(22)
    assert len(client.get("/api/v1/solutions/").json()["results"]) == 25
    assert count_queries(lambda: client.get("/api/v1/solutions/")) == few <= API_LIST_QUERIES
    assert detail <= API_DETAIL_QUERIES
    with django_assert_max_num_queries(API_LIST_QUERIES + 1):  # + validating the category slug
        client.get("/api/v1/solutions/?category=artificial-intelligence")
