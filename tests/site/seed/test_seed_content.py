"""`manage.py seed` publishes the site's content: guides, category pages, case studies, news and information pages,
valid as the admin would check them, rendering, and linked from the home page, the menu and the footer.

The seed runs once for the package (conftest.py: `demo_seed`; it takes a while), inside a transaction rolled back
at the end; each test's own `db` transaction nests inside it.
"""

import re

import pytest
from django.core.cache import caches
from wagtail.blocks import StreamValue
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from cms.blocks import ContentBlocks
from cms.models import (
    SITE_CHROME_CACHE_KEY,
    CaseStudyIndexPage,
    CaseStudyPage,
    CategoryIndexPage,
    CategoryPage,
    GuidanceIndexPage,
    GuidancePage,
    HomePage,
    InformationPage,
    NewsIndexPage,
    NewsPage,
    SiteSettings,
)
from demo.content import create_content
from marketplace.taxonomy.models import Category
from suppliers.selectors import public_solutions

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("seed")]

GUIDES = {
    "buyers-guide": ("Buying through Spark", "buyers",
                     ["How to run a competition", "Writing outcomes, not specifications", "Evaluating bids fairly"]),
    "suppliers-guide": ("Selling through Spark", "suppliers", ["How to join", "Writing a good listing", "Bidding"]),
}
INFORMATION = {
    "accessibility-statement": "Accessibility statement",
    "privacy": "Privacy notice",
    "cookies": "Cookies",
    "terms-of-use": "Terms of use",
    "contact": "Contact",
}


@pytest.fixture
def seeded(demo_seed):
    """The seeded home page, from the demo data seeded once for the package (conftest.py)."""
    return HomePage.objects.get()


@pytest.fixture(autouse=True)
def _chrome_from_the_seeded_settings():
    """Every test starts with a new installation's header and footer cached (tests/conftest.py); these tests
    read the seeded settings, so the pages load them from the database."""
    caches["site_chrome"].delete(SITE_CHROME_CACHE_KEY)


def _child(parent, model, slug):
    return model.objects.child_of(parent).get(slug=slug)


def _guidance_pages():
    return list(GuidancePage.objects.live().order_by("path"))


def _seeded_pages(home):
    return [page.specific for page in Page.objects.descendant_of(home, inclusive=True).order_by("path")]


def _streams(page):
    for field in page._meta.get_fields():
        if hasattr(field, "stream_block"):
            value = getattr(page, field.name)
            if isinstance(value, StreamValue):
                yield field, value


def test_every_content_page_exists_and_is_live(seeded):
    home = seeded
    for slug, (title, audience, titles) in GUIDES.items():
        guide = _child(home, GuidanceIndexPage, slug)
        assert guide.live and guide.title == title and guide.audience == audience and guide.intro
        pages = list(GuidancePage.objects.child_of(guide).order_by("path"))
        assert [page.title for page in pages] == titles
        assert all(page.live and page.audience == audience and page.summary for page in pages)
    assert home.buyer_guide.slug == "buyers-guide" and home.supplier_guide.slug == "suppliers-guide"

    categories = _child(home, CategoryIndexPage, "categories")
    pages = CategoryPage.objects.child_of(categories).live()
    active = set(Category.objects.filter(active=True).values_list("pk", flat=True))
    assert set(pages.values_list("category", flat=True)) == active
    assert all(page.intro and page.body for page in pages)
    featured = [item.page for item in home.featured_categories.all()]
    assert len(featured) == 3 and all(page.live for page in featured)

    studies = CaseStudyPage.objects.child_of(_child(home, CaseStudyIndexPage, "case-studies")).live()
    assert studies.count() == 2
    for study in studies:
        assert study.buyer and study.summary and study.problem and study.solution and study.outcome
        assert "illustrative" in study.summary
        assert public_solutions().filter(pk=study.listing_id).exists()

    news = NewsPage.objects.child_of(_child(home, NewsIndexPage, "news")).live()
    assert news.count() == 2 and all(item.date.year == 2026 for item in news)

    for slug, title in INFORMATION.items():
        page = _child(home, InformationPage, slug)
        assert page.live and page.title == title and page.body
        assert page.live_revision is not None and page.first_published_at is not None


def test_the_guidance_uses_every_block_and_is_substantial(seeded):
    used, levels = set(), set()
    for page in _guidance_pages():
        types = [child.block_type for child in page.body]
        used |= set(types)
        levels |= {child.value["level"] for child in page.body if child.block_type == "heading"}
        assert len(page.contents) >= 3, page.title  # several h2 sections, listed in the contents
        words = len(re.sub(r"<[^>]+>", " ", str(page.body.render_as_block())).split())
        assert 300 <= words <= 900, (page.title, words)
    assert used == set(ContentBlocks.base_blocks)
    assert levels == {"h2", "h3"}
    related = {page.title: [item.page.title for item in page.related_guidance.all()] for page in _guidance_pages()}
    assert related["Evaluating bids fairly"] == ["How to run a competition", "Writing outcomes, not specifications"]
    assert related["Bidding"] == ["How to join", "Evaluating bids fairly"]


def test_every_seeded_page_passes_the_checks_the_admin_makes(seeded):
    for page in _seeded_pages(seeded):
        page.full_clean()  # includes the refusal of links to deleted or unpublished pages
        for field, value in _streams(page):
            field.stream_block.clean(value)
        assert page.live and not page.has_unpublished_changes, page.title


def test_every_seeded_page_renders(seeded, client):
    pages = _seeded_pages(seeded)
    assert len(pages) >= 30
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, (page.url, response.status_code)


def test_the_menu_and_footer_link_to_the_guides_and_information_pages(seeded, client):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert site_settings.service_name == "Spark marketplace" and site_settings.phase == "beta"
    assert [(link.label, link.page.slug) for link in site_settings.navigation_links.order_by("sort_order")] == [
        ("Guidance for buyers", "buyers-guide"), ("Guidance for suppliers", "suppliers-guide")]

    html = client.get("/buyers-guide/how-to-run-a-competition/").content.decode()
    footer = html[html.index('class="govuk-footer'):]
    for slug, label in [("accessibility-statement", "Accessibility statement"), ("privacy", "Privacy"),
                        ("cookies", "Cookies"), ("terms-of-use", "Terms of use"), ("contact", "Contact"),
                        ("case-studies", "Case studies"), ("news", "News")]:
        assert re.search(rf'href="/{slug}/"[^>]*>{label}</a>', footer), label


def test_images_have_alt_text_and_the_document_downloads(seeded, client):
    images = 0
    for page in _seeded_pages(seeded):
        for _field, value in _streams(page):
            for child in value:
                if child.block_type == "image":
                    images += 1
                    assert child.value["alt_text"].strip() and child.value["image"].description.strip()
    assert images >= 1
    html = client.get("/buyers-guide/how-to-run-a-competition/").content.decode()
    alts = re.findall(r'<img\b[^>]*\balt="([^"]*)"', html[html.index('id="main-content"'):])
    assert alts and all(alt.strip() for alt in alts)

    document = get_document_model().objects.get(title="Competition timeline template (CSV)")
    assert document.url in html
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"Submission deadline" in b"".join(response.streaming_content)
    assert get_image_model().objects.count() == 1


def test_cookies_page_lists_the_cookies_the_site_sets(seeded, client, settings):
    html = client.get("/cookies/").content.decode()
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages"):
        assert f">{name}<" in html
    assert "do not use analytics" in html


def test_creating_the_content_again_changes_nothing(seeded):
    pages, revisions = Page.objects.count(), [page.latest_revision_id for page in _seeded_pages(seeded)]
    assert create_content() == 0
    assert Page.objects.count() == pages
    assert [page.latest_revision_id for page in _seeded_pages(seeded)] == revisions
