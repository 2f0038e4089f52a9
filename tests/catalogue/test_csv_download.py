"""The catalogue as CSV (open data): exactly the listings the catalogue shows, its filters applied, every cell
neutralised, streamed in a fixed number of queries whatever it holds."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from marketplace.accounts.models import OrganisationSize
from marketplace.admission import services as admission
from marketplace.admission.models import Admission
from marketplace.spreadsheets import neutralise_cell, pounds
from suppliers import services
from suppliers.models import Solution
from suppliers.public_csv import CATALOGUE_HEADER

pytestmark = pytest.mark.django_db

URL = reverse("catalogue:csv")
# The listings, then their categories, regions and standards, then their suppliers' admissions: per chunk.
CSV_QUERIES = 5


def body(response) -> str:
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def rows(response) -> list[dict]:
    text = body(response)
    assert text.startswith("\ufeff")  # Excel reads it as UTF-8
    lines = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert lines[0] == CATALOGUE_HEADER
    return [dict(zip(CATALOGUE_HEADER, line, strict=True)) for line in lines[1:]]


def test_anyone_downloads_the_catalogue_as_an_attachment(client, listing, admitted):
    solution = listing(title="Casework triage assistant", price_min_pence=500_000, price_max_pence=2_500_050,
                       slugs=("artificial-intelligence", "data-analytics"), regions=("TLI", "TLM"))
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="spark-catalogue-{timezone.localdate().isoformat()}.csv"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    [row] = rows(response)
    solution.refresh_from_db()
    assert row == {
        "Listing ID": str(solution.pk),
        "Title": "Casework triage assistant",
        "Catalogue page": f"http://testserver/catalogue/{solution.pk}/",
        "Supplier": admitted.name,
        "Supplier Companies House number": admitted.companies_house_number,
        "Supplier size": "Small",
        "Summary": "Sorts incoming casework by urgency",
        "Technology readiness level": "7",
        "Pricing model": solution.get_pricing_model_display(),
        "Lowest price (£)": "5000.00",
        "Highest price (£)": "25000.50",
        "Deployment": solution.get_deployment_display(),
        "Regions": row["Regions"],
        "Categories": "Artificial intelligence and machine learning; Data and analytics",
        "Last published (UK date)": timezone.localtime(solution.published_at).date().isoformat(),
    }
    assert sorted(row["Regions"].split("; ")) == sorted(region.name for region in solution.regions.all())
    assert admitted.companies_house_number  # the factory gives one, so the column is really filled


def test_only_what_the_catalogue_shows_is_listed(client, listing, draft, admitted, supplier, supplier_member,
                                                 operator):
    shown = listing(title="Shown listing")
    in_draft = draft(title="Draft listing")
    in_review = draft(title="Listing in review")
    services.revision_submit(actor=supplier_member, revision=in_review)
    archived = listing(title="Archived listing")
    services.solution_archive(actor=supplier_member, solution=archived)
    suspended_org, suspended_admin = supplier(name="Suspended Supplier Ltd")
    listing(organisation=suspended_org, author=suspended_admin, title="Suspended supplier's listing")
    admission.admission_suspend(actor=operator, reason="Insurance lapsed",
                                admission=Admission.objects.get(organisation=suspended_org))
    titles = [row["Title"] for row in rows(client.get(URL))]
    assert titles == [shown.title]
    text = body(client.get(URL))
    for hidden in (in_draft.title, in_review.title, "Archived listing", "Suspended", "Draft listing"):
        assert hidden not in text


def test_a_category_the_supplier_was_suspended_from_is_not_named(client, listing, admitted, operator):
    listing(slugs=("artificial-intelligence", "data-analytics"))
    admission.admission_suspend(
        actor=operator, admission=Admission.objects.get(organisation=admitted, category__slug="data-analytics"),
        reason="Insurance lapsed",
    )
    [row] = rows(client.get(URL))
    assert row["Categories"] == "Artificial intelligence and machine learning"


def test_the_catalogue_filters_and_order_apply(client, listing, supplier):
    micro, micro_admin = supplier(size=OrganisationSize.MICRO)
    listing(title="Beta cheap", price_min_pence=100_000, price_max_pence=200_000)
    listing(organisation=micro, author=micro_admin, title="Alpha micro", price_min_pence=900_000,
            price_max_pence=1_000_000)
    listing(title="Gamma dear", price_min_pence=5_000_000, price_max_pence=9_000_000)
    assert [row["Title"] for row in rows(client.get(URL))] == ["Alpha micro", "Beta cheap", "Gamma dear"]
    assert [row["Title"] for row in rows(client.get(URL, {"supplier_size": "micro"}))] == ["Alpha micro"]
    assert [row["Title"] for row in rows(client.get(URL, {"price_max": "10000"}))] == ["Alpha micro", "Beta cheap"]
    assert [row["Title"] for row in rows(client.get(URL, {"sort": "price_high"}))] == [
        "Gamma dear", "Alpha micro", "Beta cheap"]
    # A filter that is not understood is refused, never ignored.
    refused = client.get(URL, {"trl_min": "99"})
    assert refused.status_code == 400
    assert "Readiness from must be a technology readiness level" in refused.content.decode()


def test_formula_cells_are_neutralised(client, listing):
    listing(title='=HYPERLINK("http://evil.example","Click")')
    other = listing()
    Solution.objects.filter(pk=other.pk).update(summary="-5% off @ launch", title="+Plus")
    by_title = {row["Title"]: row for row in rows(client.get(URL))}
    assert set(by_title) == {"'=HYPERLINK(\"http://evil.example\",\"Click\")", "'+Plus"}
    assert by_title["'+Plus"]["Summary"] == "'-5% off @ launch"
    assert neutralise_cell("=1+1") == "'=1+1" and pounds(123_456) == "1234.56"


@pytest.fixture
def many(listing, supplier):
    """make(n) -> n more published listings from three suppliers, each in two categories and three regions."""
    suppliers = []

    def make(count):
        if not suppliers:
            suppliers.extend([(None, None)] + [
                supplier(size=size, slugs=("artificial-intelligence", "data-analytics"))
                for size in (OrganisationSize.MICRO, OrganisationSize.MEDIUM)
            ])
        for number in range(count):
            organisation, author = suppliers[number % len(suppliers)]
            listing(organisation=organisation, author=author, title=f"Listing {number:02d}",
                    slugs=("artificial-intelligence", "data-analytics"), regions=("TLI", "TLM", "TLN"))

    return make


def _queries(client, url) -> tuple[int, int]:
    """(queries, data rows) of downloading the whole file."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        text = body(response)
    return len(context.captured_queries), len(text.splitlines()) - 1


@pytest.mark.parametrize("url", [URL, URL + "?category=artificial-intelligence&region=TLI&supplier_size=micro"
                                       "&supplier_size=small&supplier_size=medium&sort=newest"])
def test_the_download_costs_the_same_queries_for_2_or_15_listings(client, many, url, monkeypatch):
    many(2)
    few, few_rows = _queries(client, url)
    many(13)
    more, more_rows = _queries(client, url)
    assert (few_rows, more_rows) == (2, 15)
    assert more == few
    # Chunked: each chunk of rows reads its relations once, so a catalogue of many chunks costs a few per chunk.
    from suppliers.views import downloads

    monkeypatch.setattr(downloads, "CHUNK_SIZE", 4)
    chunked, chunked_rows = _queries(client, url)
    assert chunked_rows == 15
    assert chunked <= few + 3 * (CSV_QUERIES - 1)  # four chunks


def test_the_download_stays_within_its_budget(client, many, django_assert_max_num_queries):
    many(15)
    with django_assert_max_num_queries(CSV_QUERIES):
        assert len(body(client.get(URL)).splitlines()) == 16


def test_the_catalogue_page_links_to_the_download_with_its_filters(client, listing):
    listing()
    page = client.get("/catalogue/", {"supplier_size": "small", "q": "casework", "page": "1"}).content.decode()
    assert 'href="/catalogue/download.csv?supplier_size=small"' in page
    assert "Download as CSV" in page
