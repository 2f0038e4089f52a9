"""Document downloads at /catalogue/documents/<id>/: attachments, nosniff, and only for those allowed."""

import pytest

from marketplace.admission import services as admission
from marketplace.admission.models import Admission
from suppliers import services
from tests.catalogue.conftest import pdf_bytes
from tests.factories import OrganisationFactory, member
from tests.listings import complete_revision

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_document(admitted, supplier_member, operator, add_document):
    """A document of a published listing's live version."""
    revision = complete_revision(supplier_member, admitted)
    document = add_document(supplier_member, revision, title="Product sheet: 2025 edition")
    services.revision_submit(actor=supplier_member, revision=revision)
    services.revision_publish(actor=operator, revision=revision)
    return document


@pytest.fixture
def draft_document(admitted, supplier_member, add_document):
    """A document of a draft listing (never published)."""
    revision = complete_revision(supplier_member, admitted, title="Unreleased")
    return add_document(supplier_member, revision, title="Draft pricing")


def test_a_public_live_document_downloads_as_a_pdf_attachment(client, live_document):
    response = client.get(f"/catalogue/documents/{live_document.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="product-sheet-2025-edition.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" not in response.get("Cache-Control", "") and "public" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_the_detail_page_links_the_live_documents_with_their_size(client, live_document):
    solution_id = live_document.revision.solution_id
    html = client.get(f"/catalogue/{solution_id}/").content.decode()
    assert f'href="/catalogue/documents/{live_document.pk}/"' in html
    assert "Product sheet: 2025 edition" in html and "(PDF, " in html


def test_a_draft_document_is_not_found_for_the_public_or_other_organisations(
    client, draft_document, buyer_member
):
    url = f"/catalogue/documents/{draft_document.pk}/"
    assert client.get(url).status_code == 404
    client.force_login(buyer_member)
    assert client.get(url).status_code == 404
    other_supplier = member(OrganisationFactory(), mfa=False)
    client.force_login(other_supplier)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("who", ["supplier_member", "supplier_admin"])
def test_the_suppliers_members_may_download_a_draft_document_never_cached(
    client, draft_document, request, who
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(f"/catalogue/documents/{draft_document.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="draft-pricing.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_operators_download_documents_of_versions_sent_for_review_not_of_drafts(
    client, draft_document, supplier_member, operator
):
    client.force_login(operator)
    url = f"/catalogue/documents/{draft_document.pk}/"
    assert client.get(url).status_code == 404  # the supplier's unsent draft is its own business
    services.revision_submit(actor=supplier_member, revision=draft_document.revision)
    response = client.get(url)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_a_document_of_an_earlier_version_is_not_public(client, live_document, supplier_member, operator,
                                                          add_document):
    solution = live_document.revision.solution
    revision = services.solution_edit(actor=supplier_member, solution=solution)
    newer = add_document(supplier_member, revision, title="New sheet")
    services.revision_submit(actor=supplier_member, revision=revision)
    assert client.get(f"/catalogue/documents/{newer.pk}/").status_code == 404  # in review, not live yet
    services.revision_publish(actor=operator, revision=revision)
    assert client.get(f"/catalogue/documents/{newer.pk}/").status_code == 200
    assert client.get(f"/catalogue/documents/{live_document.pk}/").status_code == 404  # superseded
    client.force_login(operator)
    assert client.get(f"/catalogue/documents/{live_document.pk}/").status_code == 200


def test_suspension_hides_the_documents_at_once(client, live_document, admitted, operator):
    admission.admission_suspend(
        actor=operator, admission=Admission.objects.get(organisation=admitted, category__slug="artificial-intelligence"),
        reason="Insurance lapsed",
    )
    assert client.get(f"/catalogue/documents/{live_document.pk}/").status_code == 404


def test_unknown_document_and_missing_file_are_404(client, live_document):
    assert client.get("/catalogue/documents/999999/").status_code == 404
    live_document.file.storage.delete(live_document.file.name)
    assert client.get(f"/catalogue/documents/{live_document.pk}/").status_code == 404


def test_only_get_is_allowed(client, live_document):
    assert client.post(f"/catalogue/documents/{live_document.pk}/").status_code == 405
