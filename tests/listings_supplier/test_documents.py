"""Documents: PDFs only, judged by their content; refusals show on the form; listed and removed per version."""

import pytest

from suppliers import services

from .conftest import pdf_bytes, upload
from .helpers import text, url

pytestmark = pytest.mark.django_db

EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture
def draft(admitted, supplier_member):
    return services.solution_create(actor=supplier_member, organisation=admitted, title="Casework triage")


def test_the_upload_form_takes_a_pdf_and_a_title(draft, member_client):
    page = text(member_client.get(url(draft, "documents")))
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file"' in page and 'accept="application/pdf"' in page and 'name="file"' in page
    assert 'name="title"' in page and "You have not added any documents" in page


def test_a_renamed_executable_is_refused_and_the_title_kept(draft, member_client):
    response = member_client.post(url(draft, "documents"), {"title": "Overview", "file": upload(EXECUTABLE)})
    page = text(response)
    assert response.status_code == 200 and "The selected file must be a PDF" in page
    assert 'href="#id_file"' in page and 'value="Overview"' in page
    assert not draft.documents.exists()


def test_a_pdf_carrying_javascript_is_refused(draft, member_client):
    response = member_client.post(
        url(draft, "documents"), {"title": "Overview", "file": upload(pdf_bytes(script="app.alert(1)"))}
    )
    page = text(response)
    assert response.status_code == 200
    assert "The PDF must not contain scripts, actions or embedded files" in page
    assert not draft.documents.exists()


def test_a_file_too_big_is_refused(draft, member_client, settings):
    settings.SPARK_MAX_UPLOAD_BYTES = 1024 * 1024
    big = pdf_bytes() + b"%" + b"x" * (1024 * 1024)
    response = member_client.post(url(draft, "documents"), {"title": "Overview", "file": upload(big)})
    assert response.status_code == 200 and "The file must be smaller than 1" in text(response)
    assert not draft.documents.exists()


def test_both_answers_are_needed(draft, member_client):
    page = text(member_client.post(url(draft, "documents"), {"title": ""}))
    assert "Select a PDF to upload" in page and "Enter a title for the document" in page


def test_a_plain_pdf_is_accepted_listed_and_removed(draft, member_client):
    content = pdf_bytes()
    response = member_client.post(url(draft, "documents"), {"title": "Product overview", "file": upload(content)})
    assert response.status_code == 302 and response["Location"] == url(draft, "documents")
    document = draft.documents.get()
    assert document.title == "Product overview" and document.size == len(content)
    page = text(member_client.get(url(draft, "documents")))
    assert "‘Product overview’ has been uploaded" in page
    assert "Product overview" in page and "report.pdf (PDF, 1 KB)" in page
    assert f'href="/catalogue/documents/{document.pk}/"' in page
    remove = url(draft, "documents", document.pk, "remove")
    assert "Are you sure you want to remove Product overview?" in text(member_client.get(remove))
    assert draft.documents.exists()  # a GET removes nothing
    assert member_client.post(remove)["Location"] == url(draft, "documents")
    assert not draft.documents.exists()


def test_the_supplier_downloads_its_draft_documents_from_the_catalogue_view(draft, member_client):
    member_client.post(url(draft, "documents"), {"title": "Product overview", "file": upload(pdf_bytes())})
    response = member_client.get(f"/catalogue/documents/{draft.documents.get().pk}/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")


def test_at_most_five_documents(draft, member_client, supplier_member):
    for number in range(services.MAX_DOCUMENTS):
        services.document_add(actor=supplier_member, revision=draft, uploaded=upload(pdf_bytes()), title=f"D{number}")
    page = text(member_client.get(url(draft, "documents")))
    assert "the most a listing can have" in page and 'type="file"' not in page
    response = member_client.post(url(draft, "documents"), {"title": "Sixth", "file": upload(pdf_bytes())})
    assert response.status_code == 200 and "A listing can have up to 5 documents" in text(response)
    assert draft.documents.count() == services.MAX_DOCUMENTS


def test_another_versions_document_cannot_be_removed_through_this_one(admitted, draft, member_client, supplier_member):
    other = services.solution_create(actor=supplier_member, organisation=admitted, title="Other")
    document = services.document_add(actor=supplier_member, revision=other, uploaded=upload(pdf_bytes()), title="D")
    assert member_client.post(url(draft, "documents", document.pk, "remove")).status_code == 404
    assert other.documents.exists()
