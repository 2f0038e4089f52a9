"""Demo content: the Wagtail pages a new installation needs, published as a moderator would publish them.

Under the home page (made by migration cms/0002):

- two guides, ‘Buying through Spark’ and ‘Selling through Spark’, of three guidance pages each
  (the words are in demo/content_guidance.py) which between them use every block of `cms.blocks.ContentBlocks`,
  with a timeline diagram (a PNG drawn here with Pillow) and a competition timeline template (a CSV document);
- ‘Categories’, with a page for each active marketplace category;
- ‘Case studies’, two clearly illustrative ones, each tied to a seeded listing that is in the catalogue;
- ‘News’, two items;
- the information pages every GOV.UK service has: accessibility statement, privacy notice, cookies, terms of use
  and contact (the words of these three groups are in demo/content_pages.py).

The home page then points at the two guides and features three categories, and the default site's settings get
their menu and footer links.

Every page is created as a draft, checked (`full_clean()`, and its StreamField's blocks cleaned as the admin would
clean them), and then published as its first revision (`save_revision().publish()`): the site's ‘Moderators
approval’ workflow is for editors; the seed publishes directly. Pages are created in an order in which every
internal link points at a page that is already live.

Idempotent like the rest: a page is created only if its parent has no page with its slug, an image or document
only if none has its title, the home page's guides and featured categories only if it has none, and the menu and
footer links only if the site has none. What an editor has since changed is left alone.
"""

import csv
import io
from datetime import date
from types import SimpleNamespace

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFont
from wagtail.blocks import StreamValue
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from cms.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    CategoryIndexPage,
    CategoryPage,
    FooterLink,
    GuidanceIndexPage,
    GuidancePage,
    HomePage,
    HomePageFeaturedCategory,
    InformationPage,
    NavigationLink,
    NewsIndexPage,
    NewsPage,
    Phase,
    RelatedGuidance,
    SiteSettings,
)
from marketplace.taxonomy.models import Category
from suppliers.selectors import public_solutions

from .content_guidance import GUIDES, TIMELINE_ALT
from .content_pages import CASE_STUDIES, INFORMATION_PAGES, NEWS, category_body, category_intro

TIMELINE_IMAGE_TITLE = "Competition timeline"
TIMELINE_CSV_TITLE = "Competition timeline template (CSV)"
FEATURED_CATEGORIES = ["artificial-intelligence", "data-analytics", "automation-robotics"]

# (stage, what happens, the rule, days) for the timeline diagram and the CSV template.
TIMELINE = [
    ("Publish", "Every supplier admitted to the category is invited; the tender notice is published",
     "Conflicts assessment recorded before publication", ""),
    ("Clarifications", "Suppliers ask questions; answers go to every invited supplier without the asker's name",
     "Open until the submission deadline", ""),
    ("Submission deadline", "Bids can be submitted, revised or withdrawn until this time (UK time)",
     "At least 10 calendar days after publication", "10"),
    ("Open bids", "The competition owner opens the sealed bids", "Only after the deadline", ""),
    ("Evaluate and moderate", "Evaluators declare conflicts, score independently, then moderate",
     "At least two evaluators per criterion", ""),
    ("Award", "Assessment summaries to every bidder, then the contract award notice", "", ""),
    ("Standstill", "No contract is signed", "8 working days from the contract award notice", "8"),
    ("Contract", "The supplier signs, then the buyer; the contract details notice is published",
     "After standstill ends", ""),
]


def create_content(stdout=None) -> int:
    """The demo pages, images, documents and site settings, once; returns how many pages were created."""
    home = HomePage.objects.get()
    made = []
    refs = SimpleNamespace(pages={}, timeline_image=_timeline_image().pk, timeline_csv=_timeline_csv().pk)

    guides = {}
    for slug, spec in GUIDES.items():
        guides[slug] = _child(home, GuidanceIndexPage, slug, made, title=spec["title"], audience=spec["audience"],
                              intro=spec["intro"])
        for guide in spec["pages"]:
            refs.pages[guide.key] = _child(
                guides[slug], GuidancePage, guide.slug, made, title=guide.title, audience=spec["audience"],
                summary=guide.summary, body=lambda guide=guide: guide.body(refs),
                related=lambda guide=guide: [refs.pages[key] for key in guide.related],
            )

    categories = _child(home, CategoryIndexPage, "categories", made, title="Categories", intro=(
        "<p>Suppliers are admitted to the marketplace one category at a time, and every competition runs in one "
        "category. Each page explains what its category covers and shows the suppliers, solutions and open "
        "opportunities in it now.</p>"))
    category_pages = {}
    for category in Category.objects.filter(active=True).order_by("position", "name"):
        existing = CategoryPage.objects.filter(category=category).first()
        category_pages[category.slug] = existing or _child(
            categories, CategoryPage, category.slug, made, title=category.name, category=category,
            intro=category_intro(category), body=lambda category=category: category_body(category))

    studies = _child(home, CaseStudyIndexPage, "case-studies", made, title="Case studies", intro=(
        "<p>Examples of how public sector buyers can use Spark to solve a problem with innovative technology. "
        "These examples are illustrative.</p>"))
    public = public_solutions()
    for study in CASE_STUDIES:
        listing = public.filter(title=study["listing"]).first() or public.order_by("pk").first()
        fields = {key: value for key, value in study.items() if key not in {"slug", "listing"}}
        _child(studies, CaseStudyPage, study["slug"], made, listing=listing, **fields)

    news = _child(home, NewsIndexPage, "news", made, title="News",
                  intro="<p>Changes to Spark marketplace and its guidance.</p>")
    for item in NEWS:
        _child(news, NewsPage, item["slug"], made, title=item["title"], date=date.fromisoformat(item["date"]),
               summary=item["summary"], body=lambda item=item: item["body"](refs))

    for key, title, slug, summary, body in INFORMATION_PAGES:
        refs.pages[key] = _child(home, InformationPage, slug, made, title=title, summary=summary,
                                 body=lambda body=body: body(refs))

    _point_home_at(home, guides, category_pages)
    _site_settings(guides, refs.pages, studies, news)
    if stdout is not None and made:
        stdout.write(f"Content: {len(made)} pages published.")
    return len(made)


def _child(parent, model, slug, made: list, *, related=None, **fields):
    """The parent's page with this slug; if it has none, a new `model` page made from `fields`, checked and
    published. Values that are callables (bodies, related pages) are only worked out for a new page."""
    existing = Page.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, live=False, **{name: value() if callable(value) else value
                                           for name, value in fields.items()})
    if related is not None:
        page.related_guidance = [RelatedGuidance(page=target) for target in related()]
    parent.add_child(instance=page)
    _check(page)
    page.save_revision().publish()
    page.refresh_from_db()
    made.append(page)
    return page


def _check(page) -> None:
    """What the admin checks when an editor saves: the page's own rules (including its links) and its blocks."""
    page.full_clean()
    for field in page._meta.get_fields():
        value = getattr(page, field.name, None) if hasattr(field, "stream_block") else None
        if isinstance(value, StreamValue):
            field.stream_block.clean(value)


def _point_home_at(home: HomePage, guides: dict, category_pages: dict) -> None:
    changed = False
    if home.buyer_guide_id is None:
        home.buyer_guide, changed = guides["buyers-guide"], True
    if home.supplier_guide_id is None:
        home.supplier_guide, changed = guides["suppliers-guide"], True
    if not home.featured_categories.exists():
        home.featured_categories = [
            HomePageFeaturedCategory(page=category_pages[slug], sort_order=position)
            for position, slug in enumerate(FEATURED_CATEGORIES) if slug in category_pages
        ]
        changed = True
    if changed:
        _check(home)
        home.save_revision().publish()


def _site_settings(guides: dict, pages: dict, studies, news) -> None:
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.service_name = site_settings.service_name or settings.SPARK_SERVICE_NAME
    site_settings.phase = site_settings.phase or Phase.BETA
    site_settings.contact_email = settings.SPARK_CONTACT_EMAIL
    site_settings.save()
    if not site_settings.navigation_links.exists():
        for position, (label, page) in enumerate([("Guidance for buyers", guides["buyers-guide"]),
                                                  ("Guidance for suppliers", guides["suppliers-guide"])]):
            link = NavigationLink(settings=site_settings, label=label, page=page, sort_order=position)
            link.full_clean()
            link.save()
    if not site_settings.footer_links.exists():
        footer = [("Accessibility statement", pages["accessibility"]), ("Privacy", pages["privacy"]),
                  ("Cookies", pages["cookies"]), ("Terms of use", pages["terms"]), ("Contact", pages["contact"]),
                  ("Case studies", studies), ("News", news)]
        for position, (label, page) in enumerate(footer):
            link = FooterLink(settings=site_settings, label=label, page=page, sort_order=position)
            link.full_clean()
            link.save()
    site_settings.save()  # forgets the cached header and footer


def _timeline_image():
    """A diagram of a competition's stages, drawn here so the seed needs no image files."""
    Image = get_image_model()
    found = Image.objects.filter(title=TIMELINE_IMAGE_TITLE).first()
    if found is not None:
        return found
    stages = [("Publish", ""), ("Bids and", "clarifications"), ("Deadline", ""), ("Evaluate and", "moderate"),
              ("Award", ""), ("Standstill", "8 working days"), ("Contract", "signed")]
    width, height, box_width, gap = 1280, 220, 150, 30
    picture = PillowImage.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default(size=19)
    small = ImageFont.load_default(size=16)
    blue, black = (29, 112, 184), (11, 12, 12)
    left = (width - len(stages) * box_width - (len(stages) - 1) * gap) // 2
    top, bottom = 70, 190
    for index, (line, second) in enumerate(stages):
        x = left + index * (box_width + gap)
        draw.rectangle((x, top, x + box_width, bottom), outline=blue, width=4)
        middle = (top + bottom) / 2
        draw.text((x + box_width / 2, middle - 14 if second else middle), line, fill=black, font=font, anchor="mm")
        if second:
            draw.text((x + box_width / 2, middle + 14), second, fill=black, font=font, anchor="mm")
        if index:
            draw.line((x - gap + 4, (top + bottom) / 2, x - 6, (top + bottom) / 2), fill=blue, width=4)
            draw.polygon([(x - 4, (top + bottom) / 2), (x - 14, (top + bottom) / 2 - 8),
                          (x - 14, (top + bottom) / 2 + 8)], fill=blue)
    # The bidding period spans the first three stages: at least 10 calendar days.
    span_end = left + 2 * (box_width + gap) + box_width
    draw.line((left, 40, span_end, 40), fill=black, width=2)
    draw.text(((left + span_end) / 2, 25), "At least 10 calendar days", fill=black, font=small, anchor="mm")
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return Image.objects.create(
        title=TIMELINE_IMAGE_TITLE, description=TIMELINE_ALT[:255],
        file=ImageFile(io.BytesIO(buffer.getvalue()), name="competition-timeline.png"),
    )


def _timeline_csv():
    """A template buyers can fill in to plan a competition's dates."""
    Document = get_document_model()
    found = Document.objects.filter(title=TIMELINE_CSV_TITLE).first()
    if found is not None:
        return found
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Stage", "What happens", "Rule", "Minimum days", "Your planned date (UK time)", "Notes"])
    for stage, what, rule, days in TIMELINE:
        writer.writerow([stage, what, rule, days, "", ""])
    return Document.objects.create(
        title=TIMELINE_CSV_TITLE,
        file=ContentFile(buffer.getvalue().encode("utf-8"), name="competition-timeline-template.csv"),
    )
