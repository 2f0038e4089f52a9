"""Fixtures for the search tests: the catalogue's suppliers and listings, and the relevance corpus."""

import pytest

from marketplace.accounts.models import OrganisationSize, Role
from marketplace.taxonomy.models import Region, Standard
from search.backends import snapshot
from suppliers import services
from tests.applications import categories
from tests.catalogue.conftest import admitted, draft, listing, supplier  # noqa: F401 - fixtures shared with the catalogue
from tests.factories import OrganisationFactory, member
from tests.listings import admit

from .corpus import LISTINGS

SIZES = {1: OrganisationSize.MICRO, 2: OrganisationSize.SMALL, 3: OrganisationSize.MEDIUM, 4: OrganisationSize.SMALL}


@pytest.fixture(autouse=True)
def _fresh_snapshots():
    """Each test's database starts empty: no process snapshot from another test may answer for it."""
    snapshot.forget()
    yield
    snapshot.forget()


def publish(operator, author, organisation, spec: dict):
    """A listing from the corpus, published through the real services."""
    revision = services.solution_create(actor=author, organisation=organisation, title=spec["title"],
                                        summary=spec["summary"])
    revision = services.revision_update(
        actor=author, revision=revision, description=spec["description"],
        readiness_level=spec["readiness_level"], pricing_model=spec["pricing_model"],
        price_min_pence=spec["price_min_pence"], price_max_pence=spec["price_max_pence"],
        deployment=spec["deployment"], categories=categories(*spec["categories"]),
        regions=list(Region.objects.filter(code__in=spec["regions"])),
        standards=list(Standard.objects.filter(slug__in=spec["standards"])), case_studies=[],
    )
    services.revision_submit(actor=author, revision=revision)
    return services.revision_publish(actor=operator, revision=revision)


@pytest.fixture
def corpus(operator):
    """Every corpus listing, published by its supplier (admitted to the categories it uses): key -> Solution."""
    suppliers = {}
    for number in sorted({spec["supplier"] for spec in LISTINGS}):
        organisation = OrganisationFactory(size=SIZES[number], name=f"Corpus supplier {number}")
        admin = member(organisation, Role.ADMIN, mfa=False)
        slugs = sorted({slug for spec in LISTINGS if spec["supplier"] == number for slug in spec["categories"]})
        admit(operator, admin, organisation, *slugs)
        suppliers[number] = (organisation, admin)
    published = {}
    for spec in LISTINGS:
        organisation, admin = suppliers[spec["supplier"]]
        published[spec["key"]] = publish(operator, admin, organisation, spec)
    return published
