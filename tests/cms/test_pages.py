"""The content pages as the public reads them: each page type, its breadcrumbs and title, and what it draws from
the marketplace (category pages, case studies), in a fixed number of queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import GuidanceIndexPage, GuidancePage, HomePageFeaturedCategory, RelatedGuidance
from marketplace.admission import services as admission
from marketplace.admission.models import Admission
from marketplace.taxonomy.models import Category
from tests.competition_builder import pass_deadline, published
from tests.listings import admit, complete_revision, published_solution

from .conftest import draft, heading, publish, text

pytestmark = pytest.mark.django_db


def html_of(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def section(html: str, start: str, end: str) -> str:
    """The markup from the first `start` to the next `end` after it ('' when `start` is absent)."""
    if start not in html:
        return ""
    begin = html.index(start)
    return html[begin: html.index(end, begin) + len(end)]


def breadcrumbs(html: str) -> list[tuple[str, str]]:
    """(href, label) of each breadcrumb link."""
    nav = section(html, '<nav class="govuk-breadcrumbs" aria-label="Breadcrumb">', "</nav>")
    return re.findall(r'<a class="govuk-breadcrumbs__link" href="([^"]+)">([^<]+)</a>', nav)


def title_of(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.DOTALL).group(1).strip()


# Guidance.


def test_a_guide_lists_its_published_guidance_with_summaries(client, guide, guidance):
    guidance(title="How to apply", summary="Apply at any time, in one or more categories.")
    guidance(title="Writing a good listing")
    draft(guide, GuidancePage(title="Unfinished page", slug="unfinished", summary="Not yet", body=[]))
    html = html_of(client, guide.url)
    assert title_of(html) == "Selling through Spark – Spark marketplace"
    assert '<h1 class="govuk-heading-xl">Selling through Spark</h1>' in html
    assert "How suppliers join and win work." in html  # the intro
    assert ">How to apply</a>" in html and "Apply at any time, in one or more categories." in html
    assert ">Writing a good listing</a>" in html
    assert "Unfinished page" not in html
    assert breadcrumbs(html) == [("/", "Home")]


def test_a_guide_with_no_pages_says_so(client, guide):
    assert "There is no guidance in this section yet." in html_of(client, guide.url)


def test_a_guidance_page_has_caption_title_summary_body_and_breadcrumbs(client, guide, guidance):
    page = guidance(title="How to apply", summary="Apply at any time.", body=[text("<p>Fill in the form.</p>")])
    html = html_of(client, page.url)
    assert title_of(html) == "How to apply – Spark marketplace"
    assert '<span class="govuk-caption-xl">Selling through Spark</span>' in html
    assert '<h1 class="govuk-heading-xl">How to apply</h1>' in html
    assert '<p class="govuk-body-l">Apply at any time.</p>' in html
    assert "<p>Fill in the form.</p>" in html
    assert breadcrumbs(html) == [("/", "Home"), ("/selling/", "Selling through Spark")]


def test_the_contents_list_links_to_each_section_heading_and_leaves_out_subheadings(client, guidance):
    page = guidance(body=[
        heading("Who can apply"), text("<p>Any supplier.</p>"), heading("Exclusion grounds", "h3"),
        heading("What happens next"),
    ])
    html = html_of(client, page.url)
    contents = section(html, '<nav class="spark-contents-list" aria-label="Contents">', "</nav>")
    assert ">Contents</h2>" in contents
    assert re.findall(r'href="#([^"]+)">([^<]+)</a>', contents) == [
        ("who-can-apply", "Who can apply"), ("what-happens-next", "What happens next")]
    assert "Exclusion grounds" not in contents
    # Each link lands on its heading.
    assert '<h2 class="govuk-heading-l" id="who-can-apply">Who can apply</h2>' in html
    assert '<h2 class="govuk-heading-l" id="what-happens-next">What happens next</h2>' in html
    assert '<h3 class="govuk-heading-m" id="exclusion-grounds">Exclusion grounds</h3>' in html


def test_a_page_without_section_headings_has_no_contents_list(client, guidance):
    page = guidance(body=[text("<p>Short page.</p>")])
    assert 'aria-label="Contents"' not in html_of(client, page.url)


def test_a_guidance_page_shows_when_it_was_last_updated_and_asks_for_feedback(client, guidance):
    page = guidance(title="Fees & charges")
    GuidancePage.objects.filter(pk=page.pk).update(
        last_published_at=datetime.datetime(2026, 3, 3, 10, 0, tzinfo=datetime.UTC))
    html = html_of(client, page.url)
    assert 'Last updated <time datetime="2026-03-03">3 March 2026</time>' in html
    assert "Is something wrong or missing on this page?" in html
    assert 'href="mailto:support@spark.example?subject=Feedback on Fees%20%26%20charges">Tell us</a>' in html


def test_a_preview_of_a_page_never_published_has_no_last_updated_date(guide):
    page = draft(guide, GuidancePage(title="Coming soon", slug="coming-soon", summary="Soon", body=[]))
    response = page.make_preview_request()
    response.render()
    html = response.content.decode()
    assert "Coming soon" in html and "Last updated" not in html


def test_related_guidance_shows_the_pages_the_editor_chose(client, guide, guidance):
    chosen = guidance(title="Writing a good listing")
    guidance(title="Not chosen")
    page = guidance(title="How to apply", related_guidance=[RelatedGuidance(page=chosen)])
    aside = section(html_of(client, page.url), "<aside", "</aside>")
    assert ">Related guidance</h2>" in aside
    assert f'href="{chosen.url}">Writing a good listing</a>' in aside
    assert "Not chosen" not in aside


def test_related_guidance_falls_back_to_the_other_pages_of_the_guide(client, home, guide, guidance):
    sibling = guidance(title="Writing a good listing")
    elsewhere = publish(home, GuidanceIndexPage(title="Buying through Spark", slug="buying"))
    guidance(title="Running a competition", parent=elsewhere)
    page = guidance(title="How to apply")
    aside = section(html_of(client, page.url), "<aside", "</aside>")
    assert f'href="{sibling.url}">Writing a good listing</a>' in aside
    assert "How to apply" not in aside and "Running a competition" not in aside


def test_a_page_alone_in_its_guide_has_no_related_guidance(client, guidance):
    page = guidance(title="How to apply")
    assert "Related guidance" not in html_of(client, page.url)


# Information pages.


def test_an_information_page_shows_a_contents_list_only_with_two_or_more_sections(client, information):
    one = information(title="Cookies", summary="How we use cookies", body=[heading("Essential cookies"),
                                                                            text("<p>We set one cookie.</p>")])
    html = html_of(client, one.url)
    assert title_of(html) == "Cookies – Spark marketplace"
    assert "How we use cookies" in html and "We set one cookie." in html
    assert 'aria-label="Contents"' not in html
    assert "Last updated" in html
    assert breadcrumbs(html) == [("/", "Home")]

    two = information(title="Privacy notice", body=[heading("What we collect"), heading("Your rights")])
    contents = section(html_of(client, two.url), 'aria-label="Contents"', "</nav>")
    assert 'href="#what-we-collect"' in contents and 'href="#your-rights"' in contents


# Categories.


@pytest.fixture
def ai_supplier(operator, supplier_admin, supplier_org):
    """The shared supplier, admitted to AI and to data and analytics."""
    admit(operator, supplier_admin, supplier_org, "artificial-intelligence", "data-analytics")
    return supplier_org


def test_the_category_index_lists_the_category_pages(client, category_index, category_page):
    category_page("artificial-intelligence", intro="Machines that learn.")
    category_page("cyber-security")
    html = html_of(client, category_index.url)
    assert title_of(html) == "Categories – Spark marketplace"
    assert ">Artificial intelligence and machine learning</a>" in html and "Machines that learn." in html
    assert ">Cyber security</a>" in html
    assert Category.objects.get(slug="cyber-security").description in html  # no intro: the description
    assert breadcrumbs(html) == [("/", "Home")]


def test_a_category_page_shows_its_admitted_suppliers_public_listings_and_open_opportunities(
        client, category_page, ai_supplier, operator, supplier_admin, supplier_member, buyer_admin):
    page = category_page("artificial-intelligence", body=[text("<p>What counts as AI here.</p>")])
    listing = published_solution(operator, supplier_member, ai_supplier, title="Casework triage assistant")
    complete_revision(supplier_member, ai_supplier, title="Draft listing")  # never submitted
    open_here = published(buyer_admin, title="Reduce missed bin collections")
    published(buyer_admin, title="Elsewhere competition", slug="data-analytics")
    pass_deadline(published(buyer_admin, title="Closed competition"))

    html = html_of(client, page.url)
    assert title_of(html) == "Artificial intelligence and machine learning – Spark marketplace"
    assert '<h1 class="govuk-heading-xl">Artificial intelligence and machine learning</h1>' in html
    assert Category.objects.get(slug="artificial-intelligence").description in html
    assert "What counts as AI here." in html
    assert breadcrumbs(html) == [("/", "Home"), ("/categories/", "Categories")]
    assert "1 supplier is admitted to this category." in html
    assert f'href="/catalogue/{listing.pk}/">Casework triage assistant</a>' in html
    assert ai_supplier.name in html and "Sorts incoming casework by urgency" in html
    assert "Draft listing" not in html
    assert 'href="/catalogue/?category=artificial-intelligence">See all listings in this category</a>' in html
    assert f'href="/opportunities/{open_here.pk}/">Reduce missed bin collections</a>' in html
    assert open_here.buyer.name in html and "(UK time)" in html
    assert "Elsewhere competition" not in html and "Closed competition" not in html


def test_the_catalogue_link_filters_to_the_same_listings(client, category_page, ai_supplier, operator,
                                                         supplier_member):
    page = category_page("artificial-intelligence")
    published_solution(operator, supplier_member, ai_supplier, title="Casework triage assistant")
    html = html_of(client, page.url)
    href = re.search(r'href="([^"]+)">See all listings in this category', html).group(1).replace("&amp;", "&")
    assert "Casework triage assistant" in html_of(client, href)


def test_the_supplier_count_is_pluralised(client, category_page, operator):
    from tests.competition_builder import quick_admitted_suppliers

    page = category_page("artificial-intelligence")
    quick_admitted_suppliers(3)
    assert "3 suppliers are admitted to this category." in html_of(client, page.url)


def test_a_listing_is_shown_only_in_categories_its_supplier_is_admitted_to_now(
        client, category_page, ai_supplier, operator, supplier_member):
    ai_page, data_page = category_page("artificial-intelligence"), category_page("data-analytics")
    published_solution(operator, supplier_member, ai_supplier, title="Casework triage assistant",
                       slugs=("artificial-intelligence", "data-analytics"))
    admission.admission_suspend(
        actor=operator, admission=Admission.objects.get(organisation=ai_supplier, category__slug="data-analytics"),
        reason="Insurance lapsed",
    )
    assert "Casework triage assistant" in html_of(client, ai_page.url)  # still public: admitted in AI
    data_html = html_of(client, data_page.url)
    assert "Casework triage assistant" not in data_html
    assert "0 suppliers are admitted to this category." in data_html
    assert "No listings are published in this category yet" in data_html


def test_a_category_with_nothing_in_it_says_so(client, category_page):
    html = html_of(client, category_page("quantum").url)
    assert "0 suppliers are admitted to this category." in html
    assert "No listings are published in this category yet" in html
    assert "No competitions are open in this category at the moment" in html


def test_a_closed_category_warns_and_lists_nothing(client, category_page, ai_supplier, operator, supplier_member,
                                                   buyer_admin):
    page = category_page("artificial-intelligence")
    published_solution(operator, supplier_member, ai_supplier, title="Casework triage assistant")
    published(buyer_admin, title="Reduce missed bin collections")
    Category.objects.filter(slug="artificial-intelligence").update(active=False)
    html = html_of(client, page.url)
    warning = section(html, '<div class="govuk-warning-text">', "</div>")
    assert '<span class="govuk-visually-hidden">Warning</span> This category is closed.' in warning
    assert "Casework triage assistant" not in html and "Reduce missed bin collections" not in html
    assert "admitted to this category" not in html and "See all listings" not in html


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


CATEGORY_PAGE_QUERIES = 16


@pytest.mark.parametrize("rows", [3, 12])
def test_a_category_page_costs_the_same_queries_however_many_listings_and_opportunities(
        client, category_page, ai_supplier, operator, supplier_member, buyer_admin, rows,
        django_assert_max_num_queries):
    page = category_page("artificial-intelligence")
    for n in range(rows):
        published_solution(operator, supplier_member, ai_supplier, title=f"Listing {n}")
        published(buyer_admin, title=f"Competition {n}")
    client.get(page.url)  # the site settings are read once, then cached for every page
    with django_assert_max_num_queries(CATEGORY_PAGE_QUERIES):
        html = html_of(client, page.url)
    assert len(re.findall(r'href="/catalogue/\d+/"', html)) == min(rows, 6)  # the newest six
    assert len(re.findall(r'href="/opportunities/\d+/"', html)) == min(rows, 10)


# Case studies.


def test_the_case_study_index_lists_case_studies(client, case_study_index, case_study):
    case_study(title="Fewer missed bins in Leeds")
    html = html_of(client, case_study_index.url)
    assert title_of(html) == "Case studies – Spark marketplace"
    assert ">Fewer missed bins in Leeds</a>" in html and "Leeds City Council" in html
    assert "Sensors on bins cut missed collections by a third." in html
    assert breadcrumbs(html) == [("/", "Home")]


def test_an_empty_case_study_index_says_so(client, case_study_index):
    assert "There are no case studies yet." in html_of(client, case_study_index.url)


def test_a_case_study_tells_the_story_in_three_sections(client, case_study):
    page = case_study(problem="<p>1,200 missed collections a month.</p>", solution="<p>Fill-level sensors.</p>",
                      outcome="<p>A third fewer missed collections.</p>")
    html = html_of(client, page.url)
    assert title_of(html) == "Fewer missed bins in Leeds – Spark marketplace"
    assert "Leeds City Council" in html and "Sensors on bins cut missed collections by a third." in html
    body = section(html, ">The problem</h2>", "A third fewer missed collections.")
    assert body.index("1,200 missed collections") < body.index(">The solution</h2>") < body.index(
        "Fill-level sensors") < body.index(">The outcome</h2>")
    assert breadcrumbs(html) == [("/", "Home"), ("/case-studies/", "Case studies")]
    assert "See the listing in the catalogue" not in html  # no listing chosen


def test_a_case_study_links_to_its_listing_only_while_the_listing_is_public(
        client, case_study, ai_supplier, operator, supplier_member):
    listing = published_solution(operator, supplier_member, ai_supplier, title="Casework triage assistant")
    page = case_study(listing=listing)
    assert f'href="/catalogue/{listing.pk}/">See the listing in the catalogue' in html_of(client, page.url)
    for category_admission in Admission.objects.filter(organisation=ai_supplier):
        admission.admission_suspend(actor=operator, admission=category_admission, reason="Insurance lapsed")
    assert "See the listing in the catalogue" not in html_of(client, page.url)


# News.


def test_a_news_item_shows_its_date_summary_and_body(client, news_index, news):
    item = news(title="Spark opens to suppliers", date=datetime.date(2026, 3, 3), summary="Apply from today.",
                body=[text("<p>Suppliers can now apply.</p>")])
    html = html_of(client, item.url)
    assert title_of(html) == "Spark opens to suppliers – Spark marketplace"
    assert 'Published <time datetime="2026-03-03">3 March 2026</time>' in html
    assert "Apply from today." in html and "<p>Suppliers can now apply.</p>" in html
    assert breadcrumbs(html) == [("/", "Home"), ("/news/", "News")]


def news_titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href="[^"]+">'
                      r"([^<]+)</a>", html)


def test_the_news_index_is_newest_first_ten_to_a_page(client, news_index, news):
    start = datetime.date(2026, 1, 1)
    for n in range(11):
        news(title=f"Item {n}", date=start + datetime.timedelta(days=n))
    first = html_of(client, news_index.url)
    assert title_of(first) == "News – Spark marketplace"
    assert news_titles(first) == [f"Item {n}" for n in range(10, 0, -1)]
    assert "11 January 2026" in first
    assert breadcrumbs(first) == [("/", "Home")]
    pagination = section(first, '<nav class="govuk-pagination"', "</nav>")
    assert 'aria-current="page">1</a>' in pagination
    assert 'href="?page=2" aria-label="Page 2">2</a>' in pagination and 'rel="next"' in pagination
    assert 'rel="prev"' not in pagination

    second = html_of(client, news_index.url + "?page=2")
    assert news_titles(second) == ["Item 0"]
    assert title_of(second) == "News (page 2 of 2) – Spark marketplace"
    pagination = section(second, '<nav class="govuk-pagination"', "</nav>")
    assert 'href="?page=1" rel="prev"' in pagination and 'rel="next"' not in pagination


def test_a_short_news_index_has_no_pagination_and_an_empty_one_says_so(client, news_index, news):
    assert "There is no news yet." in html_of(client, news_index.url)
    news()
    html = html_of(client, news_index.url)
    assert "There is no news yet." not in html and "govuk-pagination" not in html


NEWS_INDEX_QUERIES = 10


@pytest.mark.parametrize("rows", [3, 12])
def test_the_news_index_costs_the_same_queries_however_many_items(client, news_index, news, rows,
                                                                   django_assert_max_num_queries):
    for n in range(rows):
        news(title=f"Item {n}")
    client.get(news_index.url)  # the site settings are read once, then cached for every page
    with django_assert_max_num_queries(NEWS_INDEX_QUERIES):
        html = html_of(client, news_index.url)
    assert len(news_titles(html)) == min(rows, 10)


# The home page.


def test_the_home_page_journeys_link_to_their_guides(client, home, guide):
    buying = publish(home, GuidanceIndexPage(title="Buying through Spark", slug="buying"))
    home.supplier_guide, home.buyer_guide = guide, buying
    home.save_revision().publish()
    html = html_of(client, "/")
    suppliers = section(html, ">For suppliers</h2>", "</ul>")
    buyers = section(html, ">For public sector buyers</h2>", "</ul>")
    assert 'href="/selling/">Selling through Spark</a>' in suppliers and 'href="/opportunities/"' in suppliers
    assert 'href="/buying/">Buying through Spark</a>' in buyers and 'href="/catalogue/"' in buyers
    assert breadcrumbs(html) == []  # the home page has none


def test_the_home_page_shows_featured_category_pages_instead_of_every_category(client, home, category_page):
    page = category_page("cyber-security", intro="Keep services safe.")
    home.featured_categories = [HomePageFeaturedCategory(page=page)]
    home.save_revision().publish()
    html = html_of(client, "/")
    assert f'href="{page.url}">Cyber security</a>' in html and "Keep services safe." in html
    assert "Artificial intelligence and machine learning" not in html


def test_the_home_page_shows_the_three_latest_news_items_or_no_news_section(client, news):
    assert "Latest news" not in html_of(client, "/")
    for day in range(1, 5):
        news(title=f"Item {day}", date=datetime.date(2026, 3, day), summary=f"Summary {day}")
    latest = section(html_of(client, "/"), ">Latest news</h2>", "</ul>")
    assert re.findall(r">(Item \d)</a>", latest) == ["Item 4", "Item 3", "Item 2"]
    assert "4 March 2026" in latest and "Summary 4" in latest


# Drafts.


def test_pages_not_published_are_not_found_by_the_public(client, home, guide, guidance):
    never = draft(guide, GuidancePage(title="Draft page", slug="draft-page", summary="Draft", body=[]))
    withdrawn = guidance(title="Withdrawn page")
    withdrawn.unpublish()
    assert not never.live
    assert client.get("/selling/draft-page/").status_code == 404
    assert client.get(f"/selling/{withdrawn.slug}/").status_code == 404
    assert "Draft page" not in html_of(client, guide.url) and "Withdrawn page" not in html_of(client, guide.url)
