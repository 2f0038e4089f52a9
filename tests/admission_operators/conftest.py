"""Fixtures for the operators' admission screens in the Wagtail admin."""

import pytest
from django.contrib.auth.models import Group
from django.utils.text import slugify

from marketplace.accounts.models import Role
from marketplace.admission.models import Application
from marketplace.audit.models import AuditEvent

from ..applications import submitted_application
from ..factories import OrganisationFactory, UserFactory, enrol_totp, member


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
def make_supplier(db):
    """make_supplier("Name Ltd") -> (organisation, its admin)."""

    def make(name: str, **fields):
        organisation = OrganisationFactory(name=name, **fields)
        admin = member(organisation, Role.ADMIN, email=f"admin@{slugify(name)}.example")
        return organisation, admin

    return make


@pytest.fixture
def make_application(make_supplier):
    """make_application("Name Ltd", due_on=date, **kwargs for tests/applications.py) -> a submitted application."""

    def make(name: str, *, due_on=None, **kwargs) -> Application:
        organisation, admin = make_supplier(name)
        application = submitted_application(admin, organisation, **kwargs)
        if due_on is not None:
            Application.objects.filter(pk=application.pk).update(due_on=due_on)
            application.refresh_from_db()
        return application

    return make


@pytest.fixture
def applicant(make_supplier):
    return make_supplier("Acme Analytics Ltd")


@pytest.fixture
def application(applicant):
    """Submitted, in artificial intelligence and in data and analytics; a discretionary ground; a subcontractor."""
    organisation, admin = applicant
    return submitted_application(admin, organisation, ground="poor_performance", subcontractor=True)


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


@pytest.fixture
def make_admitted(make_application, operator):
    """make_admitted("Name Ltd", slugs=(...)) -> the supplier's active admissions, through real decisions."""
    from marketplace.admission import services
    from marketplace.admission.models import Admission, CategoryDecision

    def make(name: str, *, slugs=("artificial-intelligence",)):
        application = make_application(name, slugs=slugs)
        for entry in application.categories.select_related("category"):
            services.application_decide_category(
                actor=operator, application=application, category=entry.category, decision=CategoryDecision.ADMITTED
            )
        return list(Admission.objects.filter(organisation=application.organisation).select_related("category"))

    return make
