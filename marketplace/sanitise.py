"""Sanitising formatted text that people type: a small set of tags survives, everything else is removed."""

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h3", "h4", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitise_html(text: str) -> str:
    """Keep simple formatting; drop scripts, styles, event handlers and anything else."""
    cleaned = nh3.clean(
        text or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        clean_content_tags={"script", "style"},
        strip_comments=True,
    ).strip()
    return cleaned


def plain_paragraphs(text: str) -> str:
    """Turn plain text with blank lines into paragraphs, then sanitise (for text with no tags at all)."""
    if "<" in (text or ""):
        return sanitise_html(text)
    from django.utils.html import escape

    blocks = [block.strip() for block in (text or "").replace("\r\n", "\n").split("\n\n") if block.strip()]
    return "".join(f"<p>{escape(block).replace(chr(10), '<br>')}</p>" for block in blocks)
