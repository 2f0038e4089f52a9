"""Wagtail pages and site settings: what content editors publish, through moderation, without a developer.

Page types: the home page; guidance (an index and its pages); a page per marketplace category; case
studies; news; and information pages (accessibility statement, privacy notice, cookies, terms, contact).
Pages read the marketplace only through its selectors, so what they show is what the public may see.
"""

from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from marketplace.admission import selectors as admission
from marketplace.competitions import selectors as competitions
from marketplace.taxonomy import selectors as taxonomy
from suppliers import selectors as listings

from .blocks import RICH_TEXT_FEATURES, ContentBlocks, contents_of
from .validation import broken_links

NEWS_PER_PAGE = 10
CATEGORY_LISTINGS_SHOWN = 6


class Audience(models.TextChoices):
    BUYERS = "buyers", "Buyers"
    SUPPLIERS = "suppliers", "Suppliers"
    BOTH = "both", "Buyers and suppliers"


class CheckedLinksMixin:
    """Refuse a save whose internal links point at deleted or unpublished pages or deleted documents."""

    checked_fields: tuple[str, ...] = ("body",)

    def clean(self):
        super().clean()
        problems = broken_links(*(getattr(self, name) for name in self.checked_fields))
        if problems:
            raise ValidationError({self.checked_fields[0]: problems})


class HomePage(CheckedLinksMixin, Page):
    hero_heading = models.CharField(max_length=200, default="Buy and sell innovative technology for public services")
    hero_text = models.TextField(
        default="Spark is an open marketplace where public sector organisations run fair competitions "
        "among innovative small and medium-sized suppliers."
    )
    supplier_text = RichTextField(
        features=["bold", "italic", "link", "ul", "ol"],
        default="<p>Apply to join at any time. Once you are admitted to a category, list your solutions in the "
        "catalogue and you are invited to every competition in it.</p>",
    )
    buyer_text = RichTextField(
        features=["bold", "italic", "link", "ul", "ol"],
        default="<p>Search the catalogue, then run an outcome-based competition among every supplier admitted to "
        "a category. Bids stay sealed until your deadline; evaluation, award and the contract happen here.</p>",
    )
    supplier_guide = models.ForeignKey(
        "cms.GuidanceIndexPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The guide the 'For suppliers' journey links to",
    )
    buyer_guide = models.ForeignKey(
        "cms.GuidanceIndexPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The guide the 'For public sector buyers' journey links to",
    )

    checked_fields = ("supplier_text", "buyer_text")

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("hero_heading"), FieldPanel("hero_text")], heading="Hero"),
        MultiFieldPanel([FieldPanel("supplier_text"), FieldPanel("supplier_guide")], heading="For suppliers"),
        MultiFieldPanel([FieldPanel("buyer_text"), FieldPanel("buyer_guide")], heading="For buyers"),
        InlinePanel("featured_categories", label="Featured category", heading="Featured categories", max_num=6),
    ]
    api_fields = [APIField("hero_heading"), APIField("hero_text"), APIField("supplier_text"), APIField("buyer_text")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        featured = [
            item.page.specific for item in self.featured_categories.select_related("page", "page__category")
            if item.page is not None and item.page.live
        ]
        context["featured_categories"] = featured
        if not featured:
            context["categories"] = taxonomy.active_categories()
        context["latest_news"] = NewsPage.objects.live().public().order_by("-date", "-pk")[:3]
        return context


class HomePageFeaturedCategory(Orderable):
    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_categories")
    page = models.ForeignKey("cms.CategoryPage", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("page")]


class GuidanceIndexPage(CheckedLinksMixin, Page):
    """A guide: an introduction and the guidance pages under it (for example 'Buying through Spark')."""

    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.BOTH)
    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)

    checked_fields = ("intro",)
    content_panels = Page.content_panels + [FieldPanel("audience"), FieldPanel("intro")]
    api_fields = [APIField("audience"), APIField("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.GuidancePage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guidance_pages"] = GuidancePage.objects.child_of(self).live().public().specific()
        return context


class GuidancePage(CheckedLinksMixin, Page):
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.BOTH)
    summary = models.TextField(max_length=300, help_text="One or two sentences shown under the title and in search results")
    body = StreamField(ContentBlocks())

    content_panels = Page.content_panels + [
        FieldPanel("audience"),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("related_guidance", label="Related guidance", max_num=5),
    ]
    api_fields = [APIField("audience"), APIField("summary"), APIField("body"), APIField("last_published_at")]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body"),
                                          index.FilterField("audience")]

    parent_page_types = ["cms.GuidanceIndexPage"]
    subpage_types = []

    @cached_property
    def contents(self) -> list[dict]:
        return contents_of(self.body)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        chosen = [item.page_id for item in self.related_guidance.all()]
        if chosen:  # in the editor's order
            found = GuidancePage.objects.live().public().in_bulk(chosen)
            context["related"] = [found[pk] for pk in chosen if pk in found]
        else:
            context["related"] = GuidancePage.objects.sibling_of(self, inclusive=False).live().public()[:5]
        return context


class RelatedGuidance(Orderable):
    source = ParentalKey(GuidancePage, on_delete=models.CASCADE, related_name="related_guidance")
    page = models.ForeignKey(GuidancePage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("page")]


class CategoryIndexPage(CheckedLinksMixin, Page):
    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)

    checked_fields = ("intro",)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.CategoryPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["category_pages"] = (
            CategoryPage.objects.child_of(self).live().public().select_related("category").order_by(
                "category__position", "title")
        )
        return context


class CategoryPage(CheckedLinksMixin, Page):
    """A marketplace category explained, with who is admitted to it and what is listed and open in it now."""

    category = models.OneToOneField("taxonomy.Category", on_delete=models.PROTECT, related_name="page")
    intro = models.TextField(max_length=400, blank=True, help_text="Leave blank to use the category's description")
    body = StreamField(ContentBlocks(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("category"), FieldPanel("intro"), FieldPanel("body")]
    api_fields = [APIField("category"), APIField("intro"), APIField("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.CategoryIndexPage"]
    subpage_types = []

    def clean(self):
        super().clean()
        if self.category_id and not self.category.active:
            raise ValidationError({"category": (
                f"‘{self.category.name}’ is not an active category: it takes no applications or competitions. "
                "Choose an active category, or ask an operator to reopen this one"
            )})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        category = self.category
        context["category_open"] = category.active
        if category.active:
            context["supplier_count"] = admission.admitted_suppliers(category).count()
            # Public listings in this category whose supplier is admitted to it now: a listing stays public while
            # its supplier is admitted in any one of its categories, but shows here only where it is admitted.
            admitted_here = admission.admitted_suppliers(category).order_by().values("pk")
            context["listings"] = listings.catalogue_page_queryset(
                listings.public_solutions().filter(categories=category, organisation__in=admitted_here)
            ).order_by("-published_at", "-pk")[:CATEGORY_LISTINGS_SHOWN]
            context["opportunities"] = competitions.open_opportunities().filter(category=category)[:10]
        return context


class CaseStudyIndexPage(CheckedLinksMixin, Page):
    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)

    checked_fields = ("intro",)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.CaseStudyPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["case_studies"] = CaseStudyPage.objects.child_of(self).live().public().order_by("-first_published_at")
        return context


class CaseStudyPage(CheckedLinksMixin, Page):
    buyer = models.CharField(max_length=200, help_text="The public sector organisation that bought the solution")
    summary = models.TextField(max_length=300)
    problem = RichTextField(features=RICH_TEXT_FEATURES)
    solution = RichTextField(features=RICH_TEXT_FEATURES)
    outcome = RichTextField(features=RICH_TEXT_FEATURES)
    listing = models.ForeignKey(
        "suppliers.Solution", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The catalogue listing of the solution, if it is still listed",
    )

    checked_fields = ("problem", "solution", "outcome")
    content_panels = Page.content_panels + [
        FieldPanel("buyer"), FieldPanel("summary"), FieldPanel("problem"), FieldPanel("solution"),
        FieldPanel("outcome"), FieldPanel("listing"),
    ]
    api_fields = [APIField("buyer"), APIField("summary"), APIField("problem"), APIField("solution"),
                  APIField("outcome")]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("problem"),
                                          index.SearchField("solution"), index.SearchField("outcome")]
    parent_page_types = ["cms.CaseStudyIndexPage"]
    subpage_types = []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The link is shown only while the listing is in the catalogue (a suspended supplier's is not).
        context["public_listing"] = (
            listings.public_solutions().filter(pk=self.listing_id).first() if self.listing_id else None
        )
        return context


class NewsIndexPage(CheckedLinksMixin, Page):
    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)

    checked_fields = ("intro",)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = NewsPage.objects.child_of(self).live().public().order_by("-date", "-pk")
        paginator = Paginator(news, NEWS_PER_PAGE)
        context["news"] = paginator.get_page(request.GET.get("page"))
        context["page_range"] = paginator.get_elided_page_range(context["news"].number)
        context["ellipsis"] = Paginator.ELLIPSIS
        return context


class NewsPage(CheckedLinksMixin, Page):
    date = models.DateField("Date published")
    summary = models.TextField(max_length=300)
    body = StreamField(ContentBlocks())

    content_panels = Page.content_panels + [FieldPanel("date"), FieldPanel("summary"), FieldPanel("body")]
    api_fields = [APIField("date"), APIField("summary"), APIField("body")]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []


class InformationPage(CheckedLinksMixin, Page):
    """The pages every GOV.UK service has: accessibility statement, privacy notice, cookies, terms, contact."""

    summary = models.TextField(max_length=300, blank=True)
    body = StreamField(ContentBlocks())

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    api_fields = [APIField("summary"), APIField("body"), APIField("last_published_at")]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []

    @cached_property
    def contents(self) -> list[dict]:
        return contents_of(self.body)


# Site settings: the header, phase banner and footer every page shows.

# Host name -> what the header, phase banner and footer show (cms.context_processors).
SITE_CHROME_CACHE_KEY = "cms:site-chrome"


class Phase(models.TextChoices):
    ALPHA = "alpha", "Alpha"
    BETA = "beta", "Beta"
    LIVE = "live", "Live (no phase banner)"


def forget_site_chrome() -> None:
    """Every page reads the settings through the cache: forget them now and again once the change commits."""
    caches["site_chrome"].delete(SITE_CHROME_CACHE_KEY)
    transaction.on_commit(lambda: caches["site_chrome"].delete(SITE_CHROME_CACHE_KEY))


@register_setting(icon="cog")
class SiteSettings(ClusterableModel, BaseSiteSetting):
    service_name = models.CharField(max_length=60, default="Spark marketplace")
    phase = models.CharField(max_length=5, choices=Phase.choices, default=Phase.BETA)
    phase_banner_text = models.CharField(
        max_length=150, blank=True, default="This is a new service.",
        help_text="Shown beside the phase tag, before 'Help us improve it and give your feedback by email'",
    )
    contact_email = models.EmailField(default="support@spark.example")

    panels = [
        FieldPanel("service_name"),
        FieldPanel("phase"),
        FieldPanel("phase_banner_text"),
        FieldPanel("contact_email"),
        InlinePanel("navigation_links", label="Menu link", heading="Menu links (shown to people not signed in)",
                    max_num=4),
        InlinePanel("footer_links", label="Footer link", heading="Footer links"),
    ]

    class Meta:
        verbose_name = "Site settings"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        forget_site_chrome()


class SiteLink(Orderable):
    label = models.CharField(max_length=60)
    page = models.ForeignKey(Page, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    url = models.CharField("Or a link", max_length=300, blank=True,
                           help_text="A path on this service such as /catalogue/, or a full address starting https://")

    panels = [FieldPanel("label"), FieldPanel("page"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        abstract = True

    def clean(self):
        super().clean()
        url = self.url.strip()
        if self.page_id and url:
            raise ValidationError({"url": "Choose a page or enter a link, not both"})
        if not self.page_id and not url:
            raise ValidationError({"page": "Choose the page the link goes to, or enter a link"})
        if url and not (url.startswith("/") and not url.startswith("//") or url.startswith("https://")
                        or url.startswith("mailto:")):
            raise ValidationError({"url": "Enter a link that starts with /, https:// or mailto:"})

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        forget_site_chrome()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        forget_site_chrome()
        return result

    @property
    def href(self) -> str:
        return self.page.url if self.page_id else self.url


class NavigationLink(SiteLink):
    settings = ParentalKey(SiteSettings, on_delete=models.CASCADE, related_name="navigation_links")


class FooterLink(SiteLink):
    settings = ParentalKey(SiteSettings, on_delete=models.CASCADE, related_name="footer_links")
