"""`manage.py seed` makes a catalogue worth browsing, and `--scale large` the bulk bench set, without breaking rules."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from demo.bench_competitions import bench_bids, bench_competitions
from demo.large import bench_listings, bench_suppliers
from marketplace.admission.models import Admission, AdmissionStatus
from marketplace.audit.models import AuditEvent
from marketplace.audit.verification import verify_all
from marketplace.competitions import sealing, selectors
from marketplace.competitions import services as competition_services
from marketplace.competitions.models import (
    BidRevision,
    BidStatus,
    CompetitionStatus,
    Invitation,
)
from marketplace.competitions.services import problems_before_submission
from marketplace.competitions.services.bids import DRAFT, revision_purpose
from suppliers.models import RevisionStatus, Solution, SolutionRevision, SolutionStatus
from suppliers.selectors import public_solutions

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("seed")]


@pytest.fixture
def seeded(demo_seed):
    """The demo data, seeded once for the package (conftest.py); what a test adds is rolled back when it ends."""
    return demo_seed


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
    call_command("seed", scale="large", suppliers=12, listings=40, competitions=0, bids=0)
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

    call_command("seed", scale="large", suppliers=12, listings=40, competitions=0, bids=0)
    assert "0 suppliers and 0 listings created" in capsys.readouterr().out
    call_command("seed", scale="large", suppliers=12, listings=45, competitions=0, bids=0)
    assert bench_listings().count() == 45 and bench_suppliers().count() == 12


def test_seed_refuses_bulk_listings_without_bulk_suppliers(seeded):
    with pytest.raises(Exception, match="Bulk listings need bulk suppliers"):
        call_command("seed", scale="large", suppliers=0, listings=10)


def test_seed_large_bulk_loads_competitions_in_every_state_with_sealed_bids(seeded, capsys):
    """The bench competitions: every state, everyone admitted invited (rule 4), bids only from invited suppliers
    and before the deadline (rule 8), sealed as the services seal them (rule 7), and nothing left for the tick."""
    before = AuditEvent.objects.count()
    call_command("seed", scale="large", suppliers=30, listings=0, competitions=40, bids=100)
    assert "40 competitions and 100 bids created" in capsys.readouterr().out
    competitions = list(bench_competitions().select_related("category"))
    bids = list(bench_bids().select_related("competition").prefetch_related("revisions"))
    assert len(competitions) == 40 and len(bids) == 100
    now = timezone.now()
    assert {c.effective_status(now) for c in competitions} == {
        CompetitionStatus.DRAFT, CompetitionStatus.PUBLISHED, CompetitionStatus.CLOSED, CompetitionStatus.CANCELLED
    }
    for competition in competitions:
        assert sum(competition.criteria.values_list("weighting", flat=True)) == 100
        if competition.status == CompetitionStatus.DRAFT:
            assert competition.reference is None and not competition.wrapped_key
            assert not Invitation.objects.filter(competition=competition).exists()
            continue
        assert competition.reference and competition.wrapped_key and competition.versions.count() == 1
        assert competition.submission_deadline >= competition.published_at + timedelta(days=10)  # rule 5
        admitted = set(Admission.objects.filter(category=competition.category, status=AdmissionStatus.ACTIVE,
                                                admitted_at__lt=competition.submission_deadline)
                       .values_list("organisation", flat=True))
        if competition.cancelled_at:
            admitted = {pk for pk in admitted if Admission.objects.get(
                organisation=pk, category=competition.category).admitted_at < competition.cancelled_at}
        invited = set(Invitation.objects.filter(competition=competition).values_list("supplier", flat=True))
        assert invited == admitted, competition.pk
    assert {bid.status for bid in bids} == {BidStatus.DRAFT, BidStatus.SUBMITTED, BidStatus.WITHDRAWN}
    assert any(bid.revision == 2 for bid in bids)
    for bid in bids:
        competition = bid.competition
        assert competition.status in (CompetitionStatus.PUBLISHED, CompetitionStatus.CLOSED)
        assert Invitation.objects.filter(competition=competition, supplier=bid.supplier_id).exists()
        draft = sealing.unseal_json(competition, bid.supplier_id, DRAFT, bid.sealed_draft)
        revisions = sorted(bid.revisions.all(), key=lambda revision: revision.number)
        assert [revision.number for revision in revisions] == list(range(1, bid.revision + 1))
        for revision in revisions:
            assert competition.published_at < revision.received_at < competition.submission_deadline
            content = sealing.unseal_json(competition, bid.supplier_id, revision_purpose(revision.number),
                                          revision.sealed_content)
            assert sealing.content_hmac(content) == revision.content_hmac
            assert not problems_before_submission(competition, content)
        if revisions and bid.status != BidStatus.DRAFT:
            assert content == draft and bid.submitted_at == revisions[-1].received_at
    # The supplier reads its own bid, and the owner opens a closed competition's bids, as with any other.
    bid = next(bid for bid in bids if bid.status == BidStatus.SUBMITTED)
    own = selectors.own_bid(viewer=bid.updated_by, competition=bid.competition)
    assert own.bid.pk == bid.pk and own.last_revision.number == bid.revision
    closed = next(bid.competition for bid in bids
                  if bid.status == BidStatus.SUBMITTED and bid.competition.status == CompetitionStatus.CLOSED)
    opened = competition_services.competition_open_bids(actor=closed.owner, competition=closed)
    assert len(opened) == sum(1 for bid in bids if bid.competition_id == closed.pk and bid.status == "submitted")
    # Nothing left for the tick: every deadline that has passed is stamped, everyone admitted is invited.
    assert competition_services.competitions_close_due() == 0
    assert competition_services.invitations_catch_up() == 0
    assert not BidRevision.objects.filter(bid__in=bench_bids(), received_at__gte=now).exists()

    assert AuditEvent.objects.count() == before + 2  # bench_data.loaded, and the owner's opening of the bids
    assert verify_all().intact
    call_command("seed", scale="large", suppliers=30, listings=0, competitions=40, bids=100)
    assert "0 competitions and 0 bids created" in capsys.readouterr().out
    call_command("seed", scale="large", suppliers=30, listings=0, competitions=40, bids=110)
    assert bench_bids().count() == 110 and bench_competitions().count() == 40


def test_seed_refuses_bulk_bids_without_bulk_competitions(seeded):
    with pytest.raises(Exception, match="Bulk bids need bulk competitions"):
        call_command("seed", scale="large", suppliers=0, listings=0, competitions=0, bids=10)
