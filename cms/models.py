"""Wagtail pages. The home page explains the service to both sides; guidance arrives with the content issue."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from marketplace.taxonomy import selectors as taxonomy


class HomePage(Page):
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

    content_panels = Page.content_panels + [
        FieldPanel("hero_heading"),
        FieldPanel("hero_text"),
        FieldPanel("supplier_text"),
        FieldPanel("buyer_text"),
    ]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["categories"] = taxonomy.active_categories()
        return context
