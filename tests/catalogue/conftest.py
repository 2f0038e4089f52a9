"""Fixtures for the public catalogue: admitted suppliers of each size, published listings, PDFs."""

import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from rest_framework.test import APIClient

from marketplace.accounts.models import OrganisationSize, Role
from suppliers import services
from tests.factories import OrganisationFactory, member
from tests.listings import admit, complete_revision, published_solution


@pytest.fixture(autouse=True)
def _empty_throttle_cache():
    """DRF's anonymous rate limit counts in the cache: every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded documents go to the test's own folder, never var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def admitted(operator, supplier_admin, supplier_org):
    """The shared supplier (small, in Leeds), admitted to AI and to data and analytics."""
    admit(operator, supplier_admin, supplier_org, "artificial-intelligence", "data-analytics")
    return supplier_org


@pytest.fixture
def supplier(operator):
    """supplier(size=..., slugs=(...), name=...) -> (organisation, admin): a new supplier admitted to `slugs`."""

    def make(*, size=OrganisationSize.SMALL, slugs=("artificial-intelligence",), **fields):
        organisation = OrganisationFactory(size=size, **fields)
        admin = member(organisation, Role.ADMIN, mfa=False)
        admit(operator, admin, organisation, *slugs)
        return organisation, admin

    return make


@pytest.fixture
def listing(operator, admitted, supplier_member):
    """listing(title=..., **content) -> a published listing of the shared supplier (see tests.listings)."""

    def publish(organisation=None, author=None, **content):
        return published_solution(operator, author or supplier_member, organisation or admitted, **content)

    return publish


@pytest.fixture
def draft(admitted, supplier_member):
    def make(**content):
        return complete_revision(supplier_member, admitted, **content)

    return make


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def add_document():
    """add_document(author, revision, title) -> a SolutionDocument holding a blank one-page PDF."""

    def add(author, revision, title="Product sheet", name="product-sheet.pdf"):
        upload = SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")
        return services.document_add(actor=author, revision=revision, uploaded=upload, title=title)

    return add


@pytest.fixture
def api():
    """api(user or None) -> an APIClient signed in as that user (anonymous for None)."""

    def client_for(user=None):
        client = APIClient()
        if user is not None:
            client.force_login(user)
        return client

    return client_for
