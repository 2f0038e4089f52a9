"""Fixtures for the content pages: the migrated home page and builders for each page type, through Wagtail's API."""

import datetime
import itertools

import pytest

from cms.models import (
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
)
from marketplace.taxonomy.models import Category

_slugs = itertools.count(1)


def publish(parent, page):
    """Add `page` under `parent` and publish it, as an editor's approved revision would."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def draft(parent, page):
    """Add `page` under `parent` as a draft that has never been published."""
    page.live = False
    parent.add_child(instance=page)
    page.save_revision()
    return page


def text(html: str):
    return ("text", html)


def heading(words: str, level: str = "h2"):
    return ("heading", {"text": words, "level": level})


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Images, renditions and documents go to the test's own folder, never var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def home(db):
    return HomePage.objects.get()


@pytest.fixture
def guide(home):
    return publish(home, GuidanceIndexPage(title="Selling through Spark", slug="selling",
                                           intro="<p>How suppliers join and win work.</p>"))


@pytest.fixture
def guidance(guide):
    """guidance(title=..., body=[...], **fields) -> a published guidance page in the guide."""

    def make(title="How to apply", body=(), parent=None, **fields):
        fields.setdefault("summary", f"Summary of {title.lower()}")
        page = GuidancePage(title=title, slug=f"guidance-{next(_slugs)}", body=list(body), **fields)
        return publish(parent or guide, page)

    return make


@pytest.fixture
def category_index(home):
    return publish(home, CategoryIndexPage(title="Categories", slug="categories",
                                           intro="<p>What you can buy and sell.</p>"))


@pytest.fixture
def category_page(category_index):
    """category_page(slug) -> the published page of that marketplace category."""

    def make(slug="artificial-intelligence", **fields):
        category = Category.objects.get(slug=slug)
        return publish(category_index, CategoryPage(title=category.name, slug=slug, category=category, **fields))

    return make


@pytest.fixture
def case_study_index(home):
    return publish(home, CaseStudyIndexPage(title="Case studies", slug="case-studies"))


@pytest.fixture
def case_study(case_study_index):
    def make(title="Fewer missed bins in Leeds", **fields):
        fields = {
            "buyer": "Leeds City Council", "summary": "Sensors on bins cut missed collections by a third.",
            "problem": "<p>Missed collections</p>", "solution": "<p>Sensors on bins</p>",
            "outcome": "<p>A third fewer</p>", **fields,
        }
        return publish(case_study_index, CaseStudyPage(title=title, slug=f"case-study-{next(_slugs)}", **fields))

    return make


@pytest.fixture
def news_index(home):
    return publish(home, NewsIndexPage(title="News", slug="news", intro="<p>What is new on Spark.</p>"))


@pytest.fixture
def news(news_index):
    """news(title, date) -> a published news item."""

    def make(title="Spark opens to suppliers", date=datetime.date(2026, 3, 3), **fields):
        fields.setdefault("summary", f"Summary: {title}")
        fields.setdefault("body", [text("<p>The news in full.</p>")])
        return publish(news_index, NewsPage(title=title, slug=f"news-{next(_slugs)}", date=date, **fields))

    return make


@pytest.fixture
def information(home):
    def make(title="Accessibility statement", body=(), **fields):
        return publish(home, InformationPage(title=title, slug=f"info-{next(_slugs)}", body=list(body), **fields))

    return make
