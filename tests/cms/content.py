"""Builders for content tests: people in the editorial groups, pages, and the admin's form data."""

from django.contrib.auth.models import Group
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.models import GuidanceIndexPage, GuidancePage, HomePage
from tests.factories import UserFactory, enrol_totp


def editorial_user(*groups: str, email: str | None = None):
    """Someone in the named Wagtail groups ("Editors", "Moderators"), enrolled in TOTP as the admin door asks."""
    user = UserFactory(**({"email": email} if email else {}))
    user.groups.add(*Group.objects.filter(name__in=groups))
    user.totp_secret = enrol_totp(user)  # for browser tests, which sign in with a code
    return user


def guidance_index(title="Buying through Spark", slug="buyers-guide") -> GuidanceIndexPage:
    index = HomePage.objects.get().add_child(instance=GuidanceIndexPage(title=title, slug=slug, audience="buyers"))
    index.save_revision().publish()
    return index


def guidance_page(index, *, title="Evaluating bids fairly", slug="evaluating-bids", live=True, body=None,
                  **fields) -> GuidancePage:
    page = index.add_child(instance=GuidancePage(
        title=title, slug=slug, live=False, audience="buyers",
        summary=fields.pop("summary", "How evaluators score bids against the published criteria."),
        body=body if body is not None else [
            ("heading", {"text": "Before you score", "level": "h2"}),
            ("text", RichText("<p>Declare any conflict of interest first.</p>")),
        ],
        **fields,
    ))
    if live:
        page.save_revision().publish()
    return page


def guidance_form(title="Writing outcomes, not specifications", slug="writing-outcomes", body=None, **extra) -> dict:
    """What the admin's add or edit form posts for a guidance page."""
    return nested_form_data({
        "title": title,
        "slug": slug,
        "audience": "buyers",
        "summary": "Describe the change you need, not the product you imagine.",
        "body": streamfield(body if body is not None else [
            ("heading", {"text": "Start from the problem", "level": "h2"}),
            ("text", rich_text("<p>Say who has the problem and how you will know it is solved.</p>")),
        ]),
        "related_guidance": inline_formset([]),
        "comments": inline_formset([]),
        **extra,
    })
