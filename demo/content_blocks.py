"""Small builders for the StreamField blocks of `cms.blocks.ContentBlocks`, in their stored (JSON) form.

Each returns one `{"type": ..., "value": ...}` item; rich text is HTML as Wagtail stores it, and chosen pages,
images and documents are their ids. demo/content.py turns a list of them into a page body.
"""

from html import escape


def h2(text: str) -> dict:
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def h3(text: str) -> dict:
    return {"type": "heading", "value": {"text": text, "level": "h3"}}


def rich(*parts: str) -> str:
    """Paragraphs of rich text: plain strings become <p>s; strings already starting with a tag are kept as they are."""
    return "".join(part if part.startswith("<") else f"<p>{part}</p>" for part in parts)


def ul(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def ol(*items: str) -> str:
    return "<ol>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>"


def page_link(page, text: str) -> str:
    """An internal link as Wagtail's rich text stores it (so it follows the page if it moves)."""
    return f'<a linktype="page" id="{page.pk}">{escape(text)}</a>'


def link(href: str, text: str) -> str:
    return f'<a href="{escape(href)}">{escape(text)}</a>'


def text(*parts: str) -> dict:
    return {"type": "text", "value": rich(*parts)}


def inset(*parts: str) -> dict:
    return {"type": "inset_text", "value": {"text": rich(*parts)}}


def warning(words: str) -> dict:
    return {"type": "warning_text", "value": {"text": words}}


def details(summary: str, *parts: str) -> dict:
    return {"type": "details", "value": {"summary": summary, "content": rich(*parts)}}


def steps(*pairs: tuple[str, str]) -> dict:
    return {"type": "step_by_step", "value": {"steps": [
        {"title": title, "content": rich(content)} for title, content in pairs
    ]}}


def table(caption: str, header: list[str], *rows: list[str]) -> dict:
    """A table whose first row is its header, in TableBlock's stored form."""
    return {"type": "table", "value": {"caption": caption, "table": {
        "data": [list(header), *[list(row) for row in rows]],
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "table_caption": "",
        "cell": [],
        "mergedCells": [],
    }}}


def image(image_id: int, alt_text: str, caption: str = "") -> dict:
    return {"type": "image", "value": {"image": image_id, "alt_text": alt_text, "caption": caption}}


def document(document_id: int, title: str = "") -> dict:
    return {"type": "document", "value": {"document": document_id, "title": title}}


def button(words: str, *, url: str = "", page=None, start: bool = False) -> dict:
    return {"type": "call_to_action", "value": {
        "text": words, "page": page.pk if page is not None else None, "url": url, "start": start,
    }}
