"""Uploads are PDFs judged by content: executables, scripts, actions and embedded files are refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from marketplace.errors import DomainError
from marketplace.uploads import check_pdf


def pdf_bytes(build=None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if build:
        build(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload(content: bytes, name="report.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_plain_pdf_is_accepted_and_fingerprinted():
    content = pdf_bytes()
    checked = check_pdf(upload(content))
    assert checked.pages == 1 and checked.content == content and len(checked.sha256) == 64


def test_a_renamed_executable_is_refused():
    with pytest.raises(DomainError, match="must be a PDF"):
        check_pdf(upload(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200, name="report.pdf"))


def test_a_file_that_only_starts_like_a_pdf_is_refused():
    with pytest.raises(DomainError, match="not a PDF that can be read"):
        check_pdf(upload(b"%PDF-1.7\n" + b"\x00garbage" * 100))


def test_an_empty_file_is_refused():
    with pytest.raises(DomainError, match="empty"):
        check_pdf(upload(b""))


def test_javascript_is_refused():
    def script(writer):
        action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                   NameObject("/JS"): TextStringObject("app.alert('hello');")})
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)

    with pytest.raises(DomainError, match="scripts, actions or embedded files"):
        check_pdf(upload(pdf_bytes(script)))


def test_javascript_hidden_in_a_page_annotation_is_refused():
    def annotated(writer):
        action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                   NameObject("/JS"): TextStringObject("this.exportDataObject({cName: 'x'})")})
        annotation = DictionaryObject({NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
                                       NameObject("/A"): writer._add_object(action)})
        writer.pages[0][NameObject("/Annots")] = writer._add_object(
            __import__("pypdf").generic.ArrayObject([writer._add_object(annotation)])
        )

    with pytest.raises(DomainError, match="scripts, actions or embedded files"):
        check_pdf(upload(pdf_bytes(annotated)))


def test_an_embedded_file_is_refused():
    with pytest.raises(DomainError, match="scripts, actions or embedded files"):
        check_pdf(upload(pdf_bytes(lambda writer: writer.add_attachment("payload.exe", b"MZ..."))))


def test_a_launch_action_is_refused():
    def launch(writer):
        action = DictionaryObject({NameObject("/S"): NameObject("/Launch"),
                                   NameObject("/F"): TextStringObject("calc.exe")})
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)

    with pytest.raises(DomainError, match="scripts, actions or embedded files"):
        check_pdf(upload(pdf_bytes(launch)))


def test_a_password_protected_pdf_is_refused():
    with pytest.raises(DomainError, match="password-protected"):
        check_pdf(upload(pdf_bytes(lambda writer: writer.encrypt("secret", algorithm="AES-128"))))


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.SPARK_MAX_UPLOAD_BYTES = 1024
    content = pdf_bytes() + b"%" * 2048
    with pytest.raises(DomainError, match="smaller than 1.0"):
        check_pdf(upload(content))
