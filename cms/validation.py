"""Checks made when an editor saves a page, so a broken page is refused in the admin and never published."""

import re
from collections.abc import Mapping

from wagtail.documents import get_document_model
from wagtail.blocks.list_block import ListValue
from wagtail.blocks.stream_block import StreamValue
from wagtail.models import Page
from wagtail.rich_text import RichText

# Rich text stores internal links as <a linktype="page" id="12"> and <a linktype="document" id="3">.
_LINK = re.compile(r"<a\b[^>]*\blinktype=\"(page|document)\"[^>]*>", re.IGNORECASE)
_ID = re.compile(r"\bid=\"(\d+)\"")


def _sources(value):
    """The rich-text sources anywhere inside a block value (stream, struct, list or rich text)."""
    if isinstance(value, RichText):
        yield value.source
    elif isinstance(value, (str, bytes)) or value is None:
        return
    elif isinstance(value, StreamValue.StreamChild):
        yield from _sources(value.value)
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _sources(item)
    elif isinstance(value, (StreamValue, ListValue, list, tuple)):
        for item in value:
            yield from _sources(item)


def _chosen_pages(stream) -> set[int]:
    """Pages chosen in call-to-action buttons."""
    return {child.value["page"].pk for child in stream
            if child.block_type == "call_to_action" and child.value.get("page") is not None}


def broken_links(*streams_or_rich_text) -> list[str]:
    """What is wrong with the internal links of these StreamFields and rich-text strings, in plain words.

    A link is broken if the page or document it points to was deleted, or if the page is not published
    (the public would get 'Page not found').
    """
    found: dict[str, set[int]] = {"page": set(), "document": set()}
    for value in streams_or_rich_text:
        if isinstance(value, StreamValue):
            found["page"] |= _chosen_pages(value)
        for source in _sources(RichText(value) if isinstance(value, str) else value):
            for match in _LINK.finditer(source):
                id_match = _ID.search(match.group(0))
                if id_match:
                    found[match.group(1).lower()].add(int(id_match.group(1)))
    problems = []
    if found["page"]:
        pages = dict(Page.objects.filter(pk__in=found["page"]).values_list("pk", "live"))
        titles = dict(Page.objects.filter(pk__in=found["page"]).values_list("pk", "title"))
        for page_id in sorted(found["page"]):
            if page_id not in pages:
                problems.append("A link points to a page that has been deleted. Remove the link or choose another page")
            elif not pages[page_id]:
                problems.append(
                    f"A link points to ‘{titles[page_id]}’, which is not published. Publish that page first, "
                    "or remove the link"
                )
    if found["document"]:
        documents = set(get_document_model().objects.filter(pk__in=found["document"]).values_list("pk", flat=True))
        if found["document"] - documents:
            problems.append("A link points to a document that has been deleted. Remove the link or choose another document")
    return problems
