"""The Django admin at /django-admin/ shows listings, their versions and documents read-only, to superusers."""

import pytest
from django.urls import reverse

from suppliers import services
from suppliers.models import RevisionStatus, SolutionStatus

from ..factories import UserFactory, enrol_totp
from .conftest import pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    enrol_totp(user)
    client.force_login(user)
    return client


def test_listings_versions_and_documents_are_shown_but_never_changed(
    superuser_client, supplier, operator, in_review
):
    _organisation, _admin, author = supplier
    revision = services.revision_return(actor=operator, revision=in_review, comments="Add a brochure")
    document = services.document_add(actor=author, revision=revision, uploaded=pdf_upload(), title="Brochure")
    solution = revision.solution

    for name, obj in (("solution", solution), ("solutionrevision", revision), ("solutiondocument", document)):
        assert superuser_client.get(reverse(f"admin:suppliers_{name}_changelist")).status_code == 200, name
        change_url = reverse(f"admin:suppliers_{name}_change", args=[obj.pk])
        page = superuser_client.get(change_url)
        assert page.status_code == 200, name
        assert superuser_client.post(change_url, {"status": "published", "title": "Hacked"}).status_code == 403
        assert superuser_client.get(reverse(f"admin:suppliers_{name}_add")).status_code == 403
        assert superuser_client.post(
            reverse(f"admin:suppliers_{name}_delete", args=[obj.pk]), {"post": "yes"}
        ).status_code == 403
    assert document.file.name not in superuser_client.get(
        reverse("admin:suppliers_solutiondocument_change", args=[document.pk])
    ).content.decode()  # no link around the download view's checks

    solution.refresh_from_db()
    revision.refresh_from_db()
    assert solution.status == SolutionStatus.DRAFT and revision.status == RevisionStatus.RETURNED
    assert revision.title == "Casework triage assistant"
