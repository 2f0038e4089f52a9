"""Fixtures for the operators' moderation of solution listings in the Wagtail admin."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import slugify
from pypdf import PdfWriter

from marketplace.accounts.models import Role
from marketplace.audit.models import AuditEvent
from marketplace.taxonomy.models import Region
from suppliers import services

from ..applications import categories
from ..factories import OrganisationFactory, UserFactory, enrol_totp, member
from ..listings import admit, complete_revision, published_solution

QUEUE = "listings_to_review:index"
LISTINGS = "published_listings:index"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded documents go to the test's own folder, never var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def operator_client(client, operator):
    client.force_login(operator)
    return client


@pytest.fixture
def editor(db):
    """A content editor: in Wagtail's Editors group, with TOTP, and no organisation."""
    user = UserFactory(email="editor@spark.example")
    user.groups.add(Group.objects.get(name="Editors"))
    enrol_totp(user)
    return user


@pytest.fixture
def make_supplier(operator):
    """make_supplier("Name Ltd", slugs=(...)) -> (organisation, its admin, a member), admitted to the categories."""

    def make(name: str, *, slugs=("artificial-intelligence", "data-analytics")):
        organisation = OrganisationFactory(name=name)
        admin = member(organisation, Role.ADMIN, email=f"admin@{slugify(name)}.example")
        author = member(organisation, Role.MEMBER, mfa=False, email=f"author@{slugify(name)}.example")
        admit(operator, admin, organisation, *slugs)
        return organisation, admin, author

    return make


@pytest.fixture
def supplier(make_supplier):
    return make_supplier("Acme Analytics Ltd")


@pytest.fixture
def in_review(supplier):
    """A new listing, sent for review by its author (a member of the supplier)."""
    organisation, _admin, author = supplier
    revision = complete_revision(author, organisation)
    return services.revision_submit(actor=author, revision=revision)


@pytest.fixture
def live(supplier, operator):
    """A published listing."""
    organisation, _admin, author = supplier
    return published_solution(operator, author, organisation)


@pytest.fixture
def change(live, supplier):
    """A change to the live listing, sent for review: new title, price, TRL, categories, regions; rest unchanged."""
    _organisation, _admin, author = supplier
    revision = services.solution_edit(actor=author, solution=live)
    services.revision_update(
        actor=author,
        revision=revision,
        title="Casework triage assistant 2",
        price_max_pence=3_000_050,
        readiness_level=8,
        categories=categories("artificial-intelligence", "data-analytics"),
        regions=list(Region.objects.filter(code__in=["TLI", "TLM", "TLC"])),
    )
    return services.revision_submit(actor=author, revision=revision)


def events(organisation, verb=None):
    found = AuditEvent.objects.filter(stream__key=f"organisation:{organisation.pk}")
    return found.filter(verb=verb) if verb else found


def row_of(content: str, text: str) -> str:
    """The listing table row (<tr>…</tr>) that contains `text`."""
    body = content[content.index("<tbody"):]
    for row in body.split("<tr")[1:]:
        row = row.split("</tr>")[0]
        if text in row:
            return row
    raise AssertionError(f"no row contains {text!r}")


def pdf_upload(name="case-study.pdf") -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")

