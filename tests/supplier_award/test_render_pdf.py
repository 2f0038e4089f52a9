"""render_pdf: only bundled static files and data: URLs are ever read; nothing from disk or the network."""

import io
import socket
import urllib.request

import pytest
from pypdf import PdfReader

from marketplace import pdf

SECRET_FILE_MARKER = "root:x:0:0"

HOSTILE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Hostile document</title>
<link rel="attachment" href="file:///etc/passwd" title="passwords">
<link rel="attachment" href="http://169.254.169.254/latest/meta-data">
<link rel="stylesheet" href="http://169.254.169.254/latest/style.css">
<link rel="stylesheet" href="file:///etc/passwd">
</head><body>
<h1>Hello</h1>
<img src="http://169.254.169.254/latest/meta-data" alt="metadata">
<img src="https://example.com/tracker.png" alt="tracker">
<img src="file:///etc/hostname" alt="hostname">
<img src="/static/../../../../etc/passwd" alt="traversal">
<a rel="attachment" href="file:///etc/passwd">attached</a>
<p>Body text</p>
</body></html>"""


@pytest.fixture
def spy(monkeypatch):
    """Records every URL WeasyPrint asks for, and fails the test on any socket or urllib use."""
    asked = []
    real = pdf.url_fetcher

    def recording():
        fetcher = real()
        fetch = fetcher.fetch

        def spied(url, headers=None):
            asked.append(url)
            return fetch(url, headers)

        fetcher.fetch = spied
        return fetcher

    def no_network(*args, **kwargs):
        raise AssertionError(f"network used: {args!r}")

    monkeypatch.setattr(pdf, "url_fetcher", recording)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    return asked


def test_nothing_outside_the_bundled_static_files_is_read(spy, monkeypatch):
    opened = []
    real_open = open

    def watching_open(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", watching_open)
    out = pdf.render_pdf(HOSTILE)
    monkeypatch.setattr("builtins.open", real_open)
    assert out.startswith(b"%PDF")
    assert any(url.startswith("file:///etc/passwd") for url in spy)  # asked for, and refused
    assert any("169.254.169.254" in url for url in spy)
    # The files the HTML names are never opened. (Other files under /etc may be read by libraries on first use,
    # such as mimetypes' /etc/mime.types, depending on which test ran before: not this question.)
    assert not any(path in ("/etc/passwd", "/etc/hostname") for path in opened), opened
    reader = PdfReader(io.BytesIO(out))
    assert not reader.attachments
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"].get("/Names", {}))
    text = "".join(page.extract_text() for page in reader.pages)
    assert SECRET_FILE_MARKER not in text and "Body text" in text
    assert SECRET_FILE_MARKER.encode() not in out


def test_the_fetcher_refuses_file_network_and_traversal():
    fetcher = pdf.url_fetcher()
    for url in (
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data",
        "https://example.com/static/spark/spark.css",
        "ftp://example.com/x",
        f"{pdf.DOCUMENT_ORIGIN}static/../etc/passwd",
        f"{pdf.DOCUMENT_ORIGIN}static/%2e%2e/%2e%2e/etc/passwd",
        f"{pdf.DOCUMENT_ORIGIN}etc/passwd",
        f"{pdf.DOCUMENT_ORIGIN}static/spark/does-not-exist.css",
    ):
        with pytest.raises(pdf.RefusedURL):
            fetcher.fetch(url)
    assert not any(isinstance(handler, urllib.request.HTTPRedirectHandler) for handler in fetcher.handlers)


def test_bundled_static_files_and_data_urls_load(spy):
    document = """<!DOCTYPE html><html lang="en"><head><title>Static</title>
    <link rel="stylesheet" href="/static/spark/spark.css"></head>
    <body><img src="/static/govuk/assets/images/govuk-crest.svg" alt="Crest">
    <img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/%3E" alt="dot">
    <p>Loaded</p></body></html>"""
    out = pdf.render_pdf(document)
    assert f"{pdf.DOCUMENT_ORIGIN}static/spark/spark.css" in spy
    assert f"{pdf.DOCUMENT_ORIGIN}static/govuk/assets/images/govuk-crest.svg" in spy
    fetcher = pdf.url_fetcher()
    response = fetcher.fetch(f"{pdf.DOCUMENT_ORIGIN}static/spark/spark.css")
    assert response.read() and response.content_type == "text/css"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    assert PdfReader(io.BytesIO(out)).pages


def test_title_and_language_are_set_and_required():
    out = pdf.render_pdf('<!DOCTYPE html><html lang="en-GB"><head><title>A title</title></head><body>x</body></html>')
    reader = PdfReader(io.BytesIO(out))
    assert reader.metadata.title == "A title"
    assert str(reader.trailer["/Root"]["/Lang"]) == "en-GB"
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]  # tagged, as PDF/UA requires
    with pytest.raises(ValueError, match="title"):
        pdf.render_pdf('<html lang="en"><body>x</body></html>')
    with pytest.raises(ValueError, match="language"):
        pdf.render_pdf("<html><head><title>T</title></head><body>x</body></html>")
