"""`manage.py seed` makes a catalogue worth browsing, and `--scale large` the bulk bench set, without breaking rules."""

import pytest
from django.core.management import call_command

from demo.large import bench_listings, bench_suppliers
from marketplace.admission.models import Admission, AdmissionStatus
from marketplace.audit.models import AuditEvent
from marketplace.audit.verification import verify_all
from suppliers.models import RevisionStatus, Solution, SolutionRevision, SolutionStatus
from suppliers.selectors import public_solutions

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("seed")


def _admitted_pairs():
    return set(Admission.objects.filter(status=AdmissionStatus.ACTIVE).values_list("organisation", "category"))


def test_seed_lists_solutions_in_every_state_through_the_services(seeded):
    statuses = set(Solution.objects.values_list("status", flat=True))
    assert statuses == set(SolutionStatus.values)
    revisions = set(SolutionRevision.objects.values_list("status", flat=True))
    assert {RevisionStatus.DRAFT, RevisionStatus.IN_REVIEW, RevisionStatus.RETURNED, RevisionStatus.PUBLISHED,
            RevisionStatus.SUPERSEDED} <= revisions
    # A published listing with a change waiting for an operator keeps its published version live.
    assert Solution.objects.filter(status=SolutionStatus.PUBLISHED, revisions__status=RevisionStatus.IN_REVIEW).exists()
    assert SolutionRevision.objects.filter(status=RevisionStatus.RETURNED).exclude(moderator_comments="").exists()

    public = public_solutions()
    assert public.count() >= 20  # a catalogue worth browsing, across categories, all from admitted suppliers
    assert public.values("categories").distinct().count() >= 3
    admitted = _admitted_pairs()
    for solution in public.prefetch_related("categories"):
        assert any((solution.organisation_id, category.pk) in admitted for category in solution.categories.all())

    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"solution.created", "solution.submitted", "solution.published", "solution.returned",
            "solution.archived"} <= verbs
    assert verify_all().intact


def test_seed_keeps_a_suspended_suppliers_published_listings_out_of_the_catalogue(seeded):
    suspended = Admission.objects.get(status=AdmissionStatus.SUSPENDED).organisation
    listings = Solution.objects.filter(organisation=suspended, status=SolutionStatus.PUBLISHED)
    assert listings.exists()
    assert not public_solutions().filter(organisation=suspended).exists()


def test_seed_large_bulk_loads_admitted_suppliers_and_public_listings_and_tops_up_only(seeded, capsys):
    before = AuditEvent.objects.count()
    call_command("seed", scale="large", suppliers=12, listings=40)
    assert "12 suppliers and 40 listings created" in capsys.readouterr().out
    assert bench_suppliers().count() == 12 and bench_listings().count() == 40

    # Each bulk listing is published, has a published live revision, and is listed only in categories its
    # supplier is admitted to, so the catalogue shows every one of them.
    admitted = _admitted_pairs()
    for solution in bench_listings().prefetch_related("categories").select_related("live_revision"):
        assert solution.status == SolutionStatus.PUBLISHED
        assert solution.live_revision.status == RevisionStatus.PUBLISHED and solution.live_revision.number == 1
        assert solution.categories.exists()
        assert all((solution.organisation_id, category.pk) in admitted for category in solution.categories.all())
    assert public_solutions().filter(pk__in=bench_listings()).count() == 40

    # One audit event says what was loaded; the chain still verifies.
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.filter(verb="bench_data.loaded").count() == 1
    assert verify_all().intact

    call_command("seed", scale="large", suppliers=12, listings=40)
    assert "0 suppliers and 0 listings created" in capsys.readouterr().out
    call_command("seed", scale="large", suppliers=12, listings=45)
    assert bench_listings().count() == 45 and bench_suppliers().count() == 12


def test_seed_refuses_bulk_listings_without_bulk_suppliers(seeded):
    with pytest.raises(Exception, match="Bulk listings need bulk suppliers"):
        call_command("seed", scale="large", suppliers=0, listings=10)
