"""The catalogue list at /catalogue/: results, counts, prices, sorting, pagination and the filter column."""

import re

import pytest

from marketplace.accounts.models import OrganisationSize

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [solution.title for solution in response.context["solutions"]]


def test_the_catalogue_lists_published_listings_with_what_buyers_compare(client, listing, admitted):
    solution = listing(title="Casework triage assistant", price_min_pence=500_000, price_max_pence=2_500_000_50,
                       readiness_level=7, slugs=("artificial-intelligence", "data-analytics"))
    response = client.get("/catalogue/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 solution<" in html
    assert f'href="/catalogue/{solution.pk}/"' in html and "Casework triage assistant" in html
    assert admitted.name in html and "Small business" in html
    assert "Sorts incoming casework by urgency" in html  # the summary
    assert "Artificial intelligence and machine learning, Data and analytics" in html
    assert "TRL 7" in html
    assert "£5,000 to £2,500,000.50 (subscription)" in html
    assert "Cloud" in html


def test_drafts_and_listings_in_review_are_not_listed(client, listing, draft):
    listing(title="Live one")
    draft(title="Draft one")
    response = client.get("/catalogue/")
    assert titles(response) == ["Live one"]


def test_the_count_is_plural_and_an_empty_catalogue_says_how_to_widen(client, listing):
    listing(title="A")
    listing(title="B")
    assert "2 solutions<" in client.get("/catalogue/").content.decode()
    html = client.get("/catalogue/?trl_min=9").content.decode()
    assert "0 solutions<" in html and "No solutions match these filters." in html
    assert 'href="/catalogue/">Clear all filters</a>' in html


@pytest.mark.parametrize("sort,expected", [
    ("", ["Alpha", "Bravo", "Charlie"]),
    ("title", ["Alpha", "Bravo", "Charlie"]),
    ("price_low", ["Charlie", "Alpha", "Bravo"]),
    ("price_high", ["Bravo", "Alpha", "Charlie"]),
    ("newest", ["Charlie", "Bravo", "Alpha"]),
])
def test_sort(client, listing, sort, expected):
    listing(title="Alpha", price_min_pence=2_000, price_max_pence=5_000)
    listing(title="Bravo", price_min_pence=3_000, price_max_pence=9_000)
    listing(title="Charlie", price_min_pence=1_000, price_max_pence=1_000)
    assert titles(client.get(f"/catalogue/?sort={sort}")) == expected


def test_twenty_a_page_and_the_links_keep_the_filters(client, listing):
    for number in range(23):
        listing(title=f"Listing {number:02d}")
    first = client.get("/catalogue/?deployment=cloud&sort=title")
    assert len(first.context["solutions"]) == 20 and "23 solutions<" in first.content.decode()
    html = first.content.decode()
    assert 'class="govuk-pagination"' in html
    assert 'href="?deployment=cloud&amp;sort=title&amp;page=2" rel="next"' in html
    second = client.get("/catalogue/?deployment=cloud&sort=title&page=2")
    assert titles(second) == ["Listing 20", "Listing 21", "Listing 22"]
    assert 'aria-current="page">2<' in second.content.decode()
    # A page past the end shows the last page rather than failing.
    assert titles(client.get("/catalogue/?page=99")) == ["Listing 20", "Listing 21", "Listing 22"]
    assert client.get("/catalogue/?page=abc").status_code == 200


def test_the_filter_form_is_a_get_form_with_the_gov_uk_controls(client, listing):
    listing()
    html = client.get("/catalogue/?category=data-analytics&price_min=100").content.decode()
    assert re.search(r'<form method="get" action="/catalogue/" id="catalogue-filters"', html)
    assert 'class="govuk-details' in html and 'class="govuk-fieldset"' in html
    assert 'name="category" type="checkbox" value="data-analytics" checked' in html
    assert '<select class="govuk-select" id="trl_min" name="trl_min">' in html
    assert 'class="govuk-input__prefix" aria-hidden="true">£</div>' in html
    assert 'name="price_min" type="text" inputmode="numeric" spellcheck="false" value="100"' in html
    assert "Search and filter</button>" in html
    assert re.search(r">Micro <span[^>]*>\(\d+<span", html) and "Fewer than 10 staff" in html  # sizes carry their thresholds as hints


def test_selected_filters_are_shown_as_removable_tags(client, listing):
    listing()
    html = client.get("/catalogue/?category=artificial-intelligence&region=TLI&price_min=100").content.decode()
    assert "Category: Artificial intelligence and machine learning" in html
    assert 'href="?region=TLI&amp;price_min=100"' in html  # removes the category, keeps the rest
    assert "Region served: London" in html and "Price from £100" in html


def test_sorting_keeps_the_filters(client, listing):
    listing()
    html = client.get("/catalogue/?region=TLI&region=TLM&sort=newest").content.decode()
    sort_form = html[html.index('id="catalogue-sort"'):]
    sort_form = sort_form[: sort_form.index("</form>")]
    assert '<input type="hidden" name="region" value="TLI">' in sort_form
    assert '<input type="hidden" name="region" value="TLM">' in sort_form
    assert 'name="sort"' not in sort_form  # the select carries it
    assert '<option value="newest" selected>' in html


@pytest.mark.parametrize("query,field,message", [
    ("category=nope", "category", "There is no category called ‘nope’"),
    ("trl_min=99", "trl_min", "Readiness from must be a technology readiness level from 1 to 9"),
    ("trl_max=abc", "trl_max", "Readiness up to must be a technology readiness level from 1 to 9"),
    ("price_min=abc", "price_min", "Price from must be a whole number of pounds, like 5000"),
    ("price_max=-5", "price_max", "Price up to must be 0 or more"),
    ("price_min=99999999999999999999", "price_min", "Price from must be £1,000,000,000,000 or less"),
    ("pricing_model=free", "pricing_model", "There is no pricing model called ‘free’"),
    ("deployment=mainframe", "deployment", "There is no deployment called ‘mainframe’"),
    ("region=XX", "region", "There is no region with the code ‘XX’"),
    ("supplier_size=huge", "supplier_size", "There is no supplier size called ‘huge’"),
    ("standard=iso-27001&standard=nope", "standard", "There is no standard called ‘nope’"),
    ("sort=random", "sort", "There is no sort order called ‘random’"),
    ("trl_min=8&trl_max=3", "trl_max", "Readiness up to must be the same as or higher than readiness from"),
    ("price_min=500&price_max=100", "price_max", "Price up to must be the same as or more than price from"),
    ("category=artificial-intelligence%00", "category", "There is no category called"),
])
def test_a_filter_value_that_is_not_understood_empties_the_result_and_says_which(client, listing, query, field,
                                                                                message):
    listing()
    response = client.get(f"/catalogue/?{query}")
    assert response.status_code == 200
    assert response.context["solutions"] == [] and response.context["count"] == 0
    html = response.content.decode()
    assert "There is a problem with the filters" in html and 'class="govuk-error-summary"' in html
    assert message in html
    assert f'href="#{response.context["errors"][0]["anchor"]}"' in html
    assert response.context["errors"][0]["field"] == field
    assert "<title>Error: " in html
    assert "No solutions are shown because some filters could not be understood." in html


def test_empty_values_are_no_filter_at_all(client, listing):
    listing()
    response = client.get("/catalogue/?category=&region=&trl_min=&price_min=&sort=")
    assert response.status_code == 200 and len(response.context["solutions"]) == 1
    assert not response.context["errors"]


def test_unknown_parameters_are_ignored(client, listing):
    listing()
    assert len(client.get("/catalogue/?utm_source=newsletter").context["solutions"]) == 1


def test_the_navigation_and_home_page_link_to_the_catalogue(client, buyer_member):
    assert 'href="/catalogue/"' in client.get("/").content.decode()
    client.force_login(buyer_member)
    html = client.get("/catalogue/").content.decode()
    navigation = html[html.index('id="navigation"'):]
    assert 'href="/catalogue/" aria-current="page"' in navigation[: navigation.index("</ul>")]


def test_listing_actions_hook_is_on_the_list_and_detail_templates():
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "suppliers/templates/suppliers/catalogue"
    for name in ("list.html", "detail.html"):
        assert "{% block listing_actions %}" in (folder / name).read_text()


def test_supplier_size_is_shown_short(client, listing, supplier, supplier_member):
    organisation, admin = supplier(size=OrganisationSize.MICRO, name="Tiny Ltd")
    listing(organisation=organisation, author=admin, title="Tiny tool")
    html = client.get("/catalogue/").content.decode()
    assert "Tiny Ltd · Micro business" in html
