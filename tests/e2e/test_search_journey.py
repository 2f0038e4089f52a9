"""The search journey in a real browser: a visitor finds listings by their words, in the catalogue and on /search/.

The scene is set through the services (an operator, two admitted suppliers and four published listings, each
indexed for search as it is published); everything after that is done through the pages, as anyone may,
without signing in. Every page goes through `check_page` (stylesheet, failed requests, console and CSP errors,
axe-core): the catalogue's page of results and both tabs of the search page included.
"""

import re

from django.contrib.auth.models import Group
from playwright.sync_api import expect

from marketplace.accounts.models import Role
from suppliers import services
from tests.factories import OperatorOrganisationFactory, OrganisationFactory, member
from tests.listings import admit, complete_revision, published_solution

from .helpers import check_page, heading, visit
from .test_catalogue_journey import filter_group, result_count

AI = "Artificial intelligence and machine learning"
DATA = "Data and analytics"

TITLE = "Pothole triage assistant"
SUMMARY = "Ranks reported potholes by risk so crews fix the dangerous ones first"
# Words of the summary alone (not of any other listing), typed as a visitor would.
WORDS = "dangerous potholes"
PREFIX = "poth"
LONG_QUERY = ("damp sensors \"social housing\" -air " * 400)[:10_000]


# Setting the scene in the database: the live server shares the transactional test database.


def operator():
    organisation = OperatorOrganisationFactory(name="Spark Operations")
    user = member(organisation, Role.ADMIN, mfa=False, email="mary@spark-operations.example")
    user.groups.add(Group.objects.get(name="Operators"))
    return user


def admitted_supplier(operator, name: str):
    organisation = OrganisationFactory(name=name)
    admin = member(organisation, Role.ADMIN)
    admit(operator, admin, organisation, "artificial-intelligence", "data-analytics")
    return organisation, admin


def published_with_summary(operator, admin, organisation, *, title: str, summary: str):
    """A complete listing with a summary of its own, sent for review and published through the services."""
    revision = complete_revision(admin, organisation, title=title)
    revision = services.revision_update(actor=admin, revision=revision, summary=summary)
    services.revision_submit(actor=admin, revision=revision)
    return services.revision_publish(actor=operator, revision=revision)


def four_listings():
    """Four listings in the catalogue, only one of them about potholes; three in AI and one in data."""
    staff = operator()
    northwind, northwind_admin = admitted_supplier(staff, "Northwind Civic Tech Ltd")
    rival, rival_admin = admitted_supplier(staff, "Rival Robotics Ltd")
    published_with_summary(staff, northwind_admin, northwind, title=TITLE, summary=SUMMARY)
    published_solution(staff, northwind_admin, northwind, title="Casework triage assistant")
    published_solution(staff, rival_admin, rival, slugs=("data-analytics",), title="Bin route dashboard")
    published_solution(staff, rival_admin, rival, title="Planning objection sorter")


# Steps.


def category_option(page, name: str):
    """A checkbox of the Category filter group, its label carrying how many results it would give."""
    return filter_group(page, "Category").get_by_role("checkbox", name=re.compile(f"^{re.escape(name)} \\("))


def counted(name: str, count: int):
    """The accessible name of a facet's checkbox: "AI (3 solutions)" (the hidden words bring their own spaces)."""
    noun = "solution" if count == 1 else "solutions"
    return re.compile(f"^{re.escape(name)} \\({count}\\s+{noun}\\s*\\)$")


def search_the_catalogue(page):
    visit(page, "/catalogue/")
    expect(heading(page)).to_have_text("Find innovative technology")
    expect(result_count(page)).to_have_text("4 solutions")
    # Before any words, the facet counts are those of the whole catalogue.
    expect(category_option(page, AI)).to_have_accessible_name(counted(AI, 3))
    expect(category_option(page, DATA)).to_have_accessible_name(counted(DATA, 1))

    page.get_by_label("Search by words", exact=True).fill(WORDS)
    page.get_by_role("button", name="Search and filter").click()

    expect(heading(page)).to_have_text("Find innovative technology")
    expect(result_count(page)).to_have_text("1 solution")
    check_page(page)
    # The words stay in the box, and show as a filter that can be removed.
    expect(page.get_by_label("Search by words", exact=True)).to_have_value(WORDS)
    expect(page.get_by_role("link", name=f"Words: {WORDS} (remove this filter)")).to_be_visible()

    results = page.locator("#results").get_by_role("listitem")
    expect(results).to_have_count(1)
    result = results.first
    expect(result.get_by_role("heading", level=2)).to_have_text(TITLE)
    # The words are marked where the listing says them: the title ("Pothole triage assistant") and the
    # summary ("…reported potholes…the dangerous ones").
    expect(result.locator("mark")).to_have_text(["Pothole", "potholes", "dangerous"])
    expect(result).to_contain_text(SUMMARY)

    # The facet counts now count the one listing the words find.
    expect(category_option(page, AI)).to_have_accessible_name(counted(AI, 1))
    expect(filter_group(page, "Category").locator("label", has_text=AI)).to_contain_text("(1")
    expect(category_option(page, DATA)).to_have_accessible_name(counted(DATA, 0))


def search_everything(page):
    visit(page, f"/search/?q={WORDS.split()[1]}")
    expect(heading(page)).to_have_text("Search Spark")
    expect(page.get_by_label("What are you looking for?", exact=True)).to_have_value("potholes")
    tabs = page.locator("#kinds .govuk-tabs__list")
    solutions_tab = tabs.get_by_role("link", name=re.compile(r"^Solutions \("))
    expect(solutions_tab).to_have_text("Solutions (1)")
    expect(solutions_tab).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("status")).to_have_text("1 solution for ‘potholes’")
    hits = page.locator("#results").get_by_role("listitem")
    expect(hits).to_have_count(1)
    expect(hits.first.get_by_role("link", name=TITLE, exact=True)).to_be_visible()
    expect(hits.first.locator("mark")).to_have_text(["Pothole", "potholes"])  # title and summary

    opportunities_tab = tabs.get_by_role("link", name=re.compile(r"^Opportunities \("))
    expect(opportunities_tab).to_have_text("Opportunities (0)")
    opportunities_tab.click()
    expect(page).to_have_url(re.compile(r"[?&]kind=opportunity(&|$)"))
    expect(heading(page)).to_have_text("Search Spark")
    check_page(page)
    expect(tabs.get_by_role("link", name="Opportunities (0)")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("status")).to_have_text("0 open opportunities for ‘potholes’")
    expect(page.get_by_text("There are no open opportunities to search yet.")).to_be_visible()
    expect(page.locator("#results")).to_have_count(0)
    # The words are kept when moving between tabs.
    expect(page.get_by_label("What are you looking for?", exact=True)).to_have_value("potholes")


def ask_for_suggestions(page):
    response = page.request.get(f"/search/suggestions/?kind=solution&q={PREFIX}")
    assert response.status == 200, response.status
    assert response.headers["content-type"].startswith("application/json"), response.headers
    assert response.json() == {"suggestions": [TITLE]}, response.json()
    # Another kind finds nothing yet; an unknown kind is not an error.
    for kind in ("opportunity", "nonsense"):
        other = page.request.get(f"/search/suggestions/?kind={kind}&q={PREFIX}")
        assert other.status == 200 and other.json() == {"suggestions": []}, (kind, other.status, other.text())


def search_with_a_very_long_query(page):
    """10,000 characters of words, phrases and exclusions: a normal page each time, not an error."""
    assert len(LONG_QUERY) == 10_000
    for path, title in (("/search/", "Search Spark"), ("/catalogue/", "Find innovative technology")):
        response = page.goto(f"{path}?q={LONG_QUERY}")
        assert response is not None and response.status == 200, (path, response and response.status)
        check_page(page)
        expect(heading(page)).to_have_text(title)
        expect(page.get_by_role("status")).to_be_visible()


def test_a_visitor_searches_the_catalogue_and_the_site_by_words(page):
    four_listings()

    search_the_catalogue(page)
    search_everything(page)
    ask_for_suggestions(page)
    search_with_a_very_long_query(page)
