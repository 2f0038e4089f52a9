"""Fixtures for the supplier's listing screens: an admitted supplier, its signed-in people, another supplier."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from marketplace.accounts.models import Role
from tests.factories import OrganisationFactory, member
from tests.listings import admit


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded documents go to the test's own folder, never media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def admitted(operator, supplier_admin, supplier_org):
    """The supplier, admitted to artificial intelligence (and nothing else)."""
    admit(operator, supplier_admin, supplier_org, "artificial-intelligence")
    return supplier_org


@pytest.fixture
def member_client(client, supplier_member):
    client.force_login(supplier_member)
    return client


@pytest.fixture
def admin_client(client, supplier_admin):
    client.force_login(supplier_admin)
    return client


@pytest.fixture
def other_supplier(db):
    return OrganisationFactory()


@pytest.fixture
def other_admin(other_supplier):
    return member(other_supplier, Role.ADMIN)


def pdf_bytes(script: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if script:
        writer.add_open_action(JavaScript(script))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")
