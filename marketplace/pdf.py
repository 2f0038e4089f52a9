"""Every PDF the service makes (assessment summaries, contracts) is rendered here, from HTML the templates built.

WeasyPrint fetches whatever a document points at: stylesheets, images, fonts and `<link rel="attachment">` files
it embeds in the PDF. Left to its default fetcher, a document that carried `file:///etc/passwd` or
`http://169.254.169.254/...` would read a server file or a cloud metadata service into the PDF. So the fetcher
here allows only

* the service's own bundled static files, resolved through Django's staticfiles finders (a `/static/...` URL,
  relative to the document, is mapped to the file on disk: nothing goes over the network), and
* `data:` URLs,

and refuses everything else, `file:`, `http:`, `https:` and `ftp:` included; it never follows a redirect. A
refused resource is left out of the PDF (WeasyPrint logs a warning), the rest of the document still renders.

The PDF is tagged as PDF/UA-1 (`pdf_variant="pdf/ua-1"`), and its title and language come from the HTML's
`<title>` and `<html lang>`, which every print template must set: `render_pdf` refuses a document without them.
"""

import logging
import mimetypes
import posixpath
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import DataHandler, Request

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.utils._os import safe_join

logger = logging.getLogger(__name__)

# Relative URLs in a document ("/static/…") are resolved against this address, which never resolves (.invalid is
# reserved) and is never fetched: the fetcher maps it to files on disk.
DOCUMENT_ORIGIN = "https://spark-pdf.invalid/"
PDF_VARIANT = "pdf/ua-1"


class RefusedURL(ValueError):
    """A document pointed at something a PDF may not fetch."""


def _static_prefixes() -> list[str]:
    prefixes = [urljoin(DOCUMENT_ORIGIN, settings.STATIC_URL)]
    if urlsplit(settings.STATIC_URL).scheme in ("http", "https"):
        # Static files served from elsewhere (a CDN): the same files are on disk, so read them there.
        prefixes.append(settings.STATIC_URL)
    return prefixes


def static_file(url: str) -> str | None:
    """The path on disk of the bundled static file `url` names, or None if it names none."""
    for prefix in _static_prefixes():
        if url.startswith(prefix):
            relative = unquote(urlsplit(url[len(prefix):]).path)
            break
    else:
        return None
    normalised = posixpath.normpath(relative)
    if not relative or normalised.startswith(("..", "/")) or "\\" in relative or "\x00" in relative:
        return None
    try:
        found = finders.find(normalised)
        if not found and settings.STATIC_ROOT:
            candidate = safe_join(str(settings.STATIC_ROOT), normalised)
            found = candidate if posixpath.isfile(candidate) else None
    except SuspiciousFileOperation:
        return None
    if isinstance(found, list):
        found = found[0] if found else None
    return found or None


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Bundled static files and data: URLs; nothing else, and never the network or a redirect."""

        def __init__(self):
            super().__init__(allowed_protocols=("data",), allow_redirects=False, fail_on_errors=False)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                response = DataHandler().data_open(Request(url))
                return URLFetcherResponse(url, response.read(), dict(response.headers))
            path = static_file(url) if scheme in ("http", "https") else None
            if path is None:
                self.refused.append(url)
                raise RefusedURL(f"A PDF may only use the service's static files and data: URLs, not {url[:200]}")
            with open(path, "rb") as handle:
                body = handle.read()
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

        def open(self, url, data=None, timeout=None):  # pragma: no cover - never used by WeasyPrint's renderer
            raise RefusedURL("Opening URLs directly is not allowed")

    return StaticOnlyFetcher


def url_fetcher():
    """A new fetcher that allows only bundled static files and data: URLs (see the module's docstring)."""
    return _fetcher_class()()


def render_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """The PDF of `html`, a complete document with `<html lang>` and `<title>` (escaped by the template engine).

    Relative URLs resolve against `base_url` (by default an address that maps `/static/...` to the bundled
    files); only static files and data: URLs are ever read.
    """
    from weasyprint import HTML

    fetcher = url_fetcher()
    document = HTML(string=html, base_url=base_url or DOCUMENT_ORIGIN, url_fetcher=fetcher).render(
        pdf_variant=PDF_VARIANT
    )
    if not (document.metadata.title or "").strip():
        raise ValueError("A PDF needs a <title>: it becomes the document's title")
    if not (document.metadata.lang or "").strip():
        raise ValueError('A PDF needs a language: set <html lang="en">')
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    if fetcher.refused:
        logger.warning("PDF rendered without %d refused resource(s): %s", len(fetcher.refused),
                       ", ".join(url[:100] for url in fetcher.refused))
    return pdf
