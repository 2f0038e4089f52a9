"""Highlighted snippets for hits from the database backend (Elasticsearch brings its own).

Words are compared by a light stem, so "sensor" marks "sensors" and "inspecting" marks "inspection".
Text is escaped first; only the <mark> tags added here are markup.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

TOKEN = re.compile(r"\w+", re.UNICODE)
SUFFIXES = ("ations", "ation", "ings", "ing", "ions", "ion", "ies", "es", "ed", "s")


def stem(word: str) -> str:
    word = word.casefold()
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    # "pothole" and "potholes" (stripped of "es") meet at "pothol"; "service" and "services" at "servic".
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def _spans(text: str, stems: set[str]) -> list[tuple[int, int]]:
    return [match.span() for match in TOKEN.finditer(text) if stem(match.group()) in stems]


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    out, last = [], 0
    for start, end in spans:
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


def highlight(text: str, words) -> SafeString:
    """The whole text, escaped, with the query's words marked."""
    stems = {stem(word) for word in words}
    return mark_safe(_marked(text, _spans(text, stems) if stems else []))  # noqa: S308 - escaped above


def snippet(text: str, words, size: int = 220) -> SafeString:
    """About `size` characters of text around the first of the query's words, marked; the start otherwise."""
    stems = {stem(word) for word in words}
    spans = _spans(text, stems) if stems else []
    if len(text) <= size:
        return mark_safe(_marked(text, spans))  # noqa: S308 - escaped in _marked
    start = 0
    if spans:
        start = max(0, spans[0][0] - size // 3)
        # Begin at a word boundary.
        space = text.rfind(" ", 0, start)
        start = 0 if space < 0 else space + 1
    end = min(len(text), start + size)
    space = text.rfind(" ", start, end)
    if end < len(text) and space > start:
        end = space
    window = [(a - start, b - start) for a, b in spans if a >= start and b <= end]
    body = _marked(text[start:end], window)
    return mark_safe(("… " if start else "") + body + (" …" if end < len(text) else ""))  # noqa: S308
