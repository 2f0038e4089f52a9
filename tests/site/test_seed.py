"""`manage.py seed` makes the demo data once, through the services, and the audit chain stays intact."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from marketplace.accounts.models import Membership, Organisation, Side, User, VerificationStatus
from marketplace.admission import selectors
from marketplace.admission.models import (
    Admission,
    AdmissionStatus,
    Application,
    ApplicationCategory,
    ApplicationStatus,
    CategoryDecision,
    DebarmentEntry,
    GroundDeclaration,
)
from marketplace.admission.services import application_missing_answers
from marketplace.admission.working_days import uk_date
from marketplace.audit.models import AuditEvent
from marketplace.audit.verification import verify_all
from marketplace.taxonomy.models import Category, Region


@pytest.mark.django_db
def test_seed_is_idempotent_and_leaves_an_intact_audit_chain(settings, tmp_path, capsys):
    settings.VAR_DIR = tmp_path
    call_command("seed")
    first_output = capsys.readouterr().out
    assert "Password for every demo account" in first_output
    counts = _counts()

    call_command("seed")
    assert "already in place" in capsys.readouterr().out
    assert _counts() == counts

    assert Organisation.objects.filter(kind=Side.OPERATOR).count() == 1
    assert Organisation.objects.filter(kind=Side.BUYER).count() == 2
    suppliers = Organisation.objects.filter(kind=Side.SUPPLIER)
    assert suppliers.count() == 6
    assert set(suppliers.values_list("size", flat=True)) == {"micro", "small", "medium", "large"}
    assert Organisation.objects.filter(kind=Side.BUYER, verification_status=VerificationStatus.PENDING).exists()
    assert Category.objects.count() >= 10 and Region.objects.count() == 12
    assert verify_all().intact
    assert (tmp_path / "demo-credentials.txt").exists()


def _counts():
    models = (User, Organisation, Membership, AuditEvent, Application, ApplicationCategory, GroundDeclaration,
              Admission, DebarmentEntry)
    return {model.__name__: model.objects.count() for model in models} | {
        "statuses": sorted(Application.objects.values_list("status", flat=True)),
        "admissions": sorted(Admission.objects.values_list("status", flat=True)),
    }


@pytest.mark.django_db
def test_seed_shows_the_admission_service_at_work(settings, tmp_path):
    """Applications in every state, admissions active and suspended, and a debarment, all through the services."""
    settings.VAR_DIR = tmp_path
    call_command("seed")
    today = uk_date(timezone.now())
    applications = Application.objects.select_related("organisation")
    assert {application.status for application in applications} == set(ApplicationStatus.values)

    (draft,) = applications.filter(status=ApplicationStatus.DRAFT)
    missing = application_missing_answers(draft)
    assert missing and draft.details_confirmed and draft.categories.exclude(statement="").exists()  # partly filled

    waiting = list(applications.filter(status=ApplicationStatus.SUBMITTED))
    assert sorted(application.is_overdue(today) for application in waiting) == [False, True]
    for application in waiting:
        assert application.due_on is not None and uk_date(application.submitted_at) < application.due_on
    overdue = next(application for application in waiting if application.is_overdue(today))
    assert overdue.due_on < today and overdue.categories.filter(decision=CategoryDecision.PENDING).count() == 2
    assert GroundDeclaration.objects.filter(subject__application=overdue).exclude(self_cleaning="").exists()

    (admitted,) = applications.filter(status=ApplicationStatus.ADMITTED, admissions__status=AdmissionStatus.ACTIVE
                                      ).distinct()
    assert not admitted.categories.exclude(decision=CategoryDecision.ADMITTED).exists()
    (partly,) = applications.filter(status=ApplicationStatus.PARTLY_ADMITTED)
    assert {entry.decision for entry in partly.categories.all()} == {"admitted", "rejected"}
    (rejected,) = applications.filter(status=ApplicationStatus.REJECTED)
    assert rejected.categories.count() == 2
    assert not ApplicationCategory.objects.filter(decision=CategoryDecision.REJECTED, reason="").exists()
    assert rejected.organisation == draft.organisation  # a rejected supplier may apply again at any time

    (suspended,) = Admission.objects.filter(status=AdmissionStatus.SUSPENDED)
    assert suspended.status_reason
    public = list(selectors.public_admitted_suppliers())
    assert suspended.organisation not in public
    assert {admitted.organisation, partly.organisation} == set(public)

    (entry,) = DebarmentEntry.objects.all()
    demo_numbers = set(Organisation.objects.filter(kind=Side.SUPPLIER).values_list("companies_house_number", flat=True))
    assert entry.organisation is None and entry.companies_house_number not in demo_numbers
    assert entry.is_in_force(today)

    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"application.submitted", "application.category_admitted", "application.category_rejected",
            "application.decided", "admission.granted", "admission.suspended", "debarment.added"} <= verbs
    assert verify_all().intact
