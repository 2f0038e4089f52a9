"""The world the harness requests routes in is what it claims to be: otherwise every route test proves less."""

from allauth.mfa.utils import is_mfa_enabled

from marketplace.accounts import permissions
from marketplace.admission import services as admission
from marketplace.admission.models import AdmissionStatus, ApplicationStatus, SubjectKind
from marketplace.accounts.models import (
    InvitationStatus,
    JoinRequestStatus,
    Membership,
    Side,
    VerificationStatus,
    roles_for,
)

from suppliers.models import WORKING, RevisionStatus, Solution, SolutionRevision, SolutionStatus
from suppliers.selectors import public_solutions
from suppliers.services import missing_for_submission

from .world import ACTORS, BYSTANDER, DECLARED_GROUND, LISTED_SLUG, LISTING_STATES, ORGS


def test_two_organisations_of_each_kind_have_every_role_their_kind_allows(world, db):
    for kind in (Side.SUPPLIER, Side.BUYER, Side.OPERATOR):
        keys = [key for key in ORGS if key.startswith(kind)]
        assert len(keys) == 2
        for key in keys:
            roles = {actor.role for actor in ACTORS if actor.org == key}
            allowed = {role for role, _label in roles_for(kind)}
            if kind == Side.OPERATOR:
                allowed = {"admin"}  # operators act through the Wagtail admin: the admin role is the one that counts
            assert roles == allowed, f"{key} has actors for {sorted(roles)}, its kind allows {sorted(allowed)}"
            for actor in ACTORS:
                if actor.org == key:
                    membership = Membership.objects.get(user=world.users[actor.key])
                    assert (membership.organisation_id, membership.role) == (
                        world.org(key).organisation.pk,
                        actor.role,
                    )


def test_everyone_who_needs_totp_has_it(world, db):
    for key, user in world.users.items():
        needs = permissions.mfa_required(user) or user.has_perm("wagtailadmin.access_admin")
        if needs:
            assert is_mfa_enabled(user), f"{key} needs TOTP and has none: they would be sent to set it up"


def test_groups_and_flags_match_the_actors(world, db):
    for actor in ACTORS:
        if actor.anonymous:
            continue
        user = world.users[actor.key]
        groups = set(user.groups.values_list("name", flat=True))
        assert ("Operators" in groups) == actor.is_operator, actor.key
        assert ("Editors" in groups) == actor.editor, actor.key
        assert user.is_superuser == actor.superuser, actor.key
        assert user.has_perm("wagtailadmin.access_admin") == actor.staff_admin, actor.key
        assert Membership.objects.filter(user=user).exists() == actor.has_org, actor.key


def test_each_organisation_has_the_objects_routes_name(world, db):
    for key in ORGS:
        objects = world.org(key)
        assert objects.join_request.organisation_id == objects.organisation.pk
        assert objects.join_request.status == JoinRequestStatus.PENDING
        assert objects.invitation.organisation_id == objects.organisation.pk
        assert objects.invitation.status == InvitationStatus.PENDING
        assert objects.member_membership.organisation_id == objects.organisation.pk
        assert objects.member_membership.pk != objects.admin_membership.pk
    assert world.org("buyer_a").organisation.verification_status == VerificationStatus.VERIFIED
    assert world.org("buyer_b").organisation.verification_status == VerificationStatus.PENDING
    applicant = world.users["applicant"]
    assert world.org("supplier_a").join_request.user_id == applicant.pk
    assert world.org("supplier_a").invitation.email == world.users["newcomer"].email


def test_suppliers_have_the_applications_and_admissions_routes_name(world, db):
    """Both suppliers: a complete draft with every kind of subject, and a decided application; the bystander's
    application waits for a decision; supplier_a holds an active and a suspended admission."""
    for key in ("supplier_a", "supplier_b"):
        organisation = world.org(key).organisation
        draft = world.org(key).applications["draft"]
        decided = world.org(key).applications["decided"]
        for objects in (draft, decided):
            assert objects.application.organisation_id == organisation.pk
            for subject in (objects.supplier, objects.subcontractor, objects.connected):
                assert subject is None or subject.application_id == objects.application.pk
        assert draft.application.status == ApplicationStatus.DRAFT
        assert not admission.application_missing_answers(draft.application), f"{key}'s draft could not be submitted"
        assert draft.supplier.kind == SubjectKind.SUPPLIER and draft.supplier.no_grounds_apply is False
        assert list(draft.supplier.declarations.values_list("ground", flat=True)) == [DECLARED_GROUND]
        assert draft.connected.kind == SubjectKind.CONNECTED_PERSON and draft.application.has_connected_persons
        assert draft.subcontractor.kind == SubjectKind.SUBCONTRACTOR and draft.application.relies_on_subcontractors
        assert decided.application.is_decided
    assert world.org("supplier_a").applications["decided"].application.status == ApplicationStatus.ADMITTED
    assert world.org("supplier_b").applications["decided"].application.status == ApplicationStatus.PARTLY_ADMITTED
    for key in ORGS:
        if not key.startswith("supplier"):
            assert world.org(key).applications == {}
    assert world.waiting.application.status == ApplicationStatus.SUBMITTED
    assert world.waiting.application.extended_at is None  # so extending it is allowed
    assert world.waiting.application.organisation.name.startswith("Supplier C")
    assert BYSTANDER not in ORGS and not any(actor.org == BYSTANDER for actor in ACTORS)
    supplier_a = world.org("supplier_a").organisation
    assert (world.admissions["active"].organisation_id, world.admissions["active"].status) == (
        supplier_a.pk, AdmissionStatus.ACTIVE
    )
    assert (world.admissions["suspended"].organisation_id, world.admissions["suspended"].status) == (
        supplier_a.pk, AdmissionStatus.SUSPENDED
    )


def test_suppliers_have_a_listing_in_each_state_and_buyers_a_shortlist(world, db):
    """Each supplier: a listing per state, each with its version and a document; only the published ones are in the
    catalogue (supplier_a's "hidden" one is published in a category whose admission is suspended); each buyer: a
    shortlist holding both published listings."""
    expected = {
        "draft": (SolutionStatus.DRAFT, RevisionStatus.DRAFT),
        "review": (SolutionStatus.IN_REVIEW, RevisionStatus.IN_REVIEW),
        "published": (SolutionStatus.PUBLISHED, RevisionStatus.PUBLISHED),
        "archived": (SolutionStatus.ARCHIVED, RevisionStatus.PUBLISHED),
        "hidden": (SolutionStatus.PUBLISHED, RevisionStatus.PUBLISHED),
    }
    published = set()
    for key in ("supplier_a", "supplier_b"):
        listings = world.org(key).listings
        assert set(listings) == set(LISTING_STATES) | ({"hidden"} if key == "supplier_a" else set())
        for state, objects in listings.items():
            solution = Solution.objects.get(pk=objects.solution.pk)
            revision = SolutionRevision.objects.get(pk=objects.revision.pk)
            assert solution.organisation_id == world.org(key).organisation.pk
            assert (solution.status, revision.status) == expected[state], f"{key}/{state}"
            assert revision.solution_id == solution.pk and objects.document.revision_id == revision.pk
            assert len(revision.case_studies) == 1  # the case study routes name number 1
            if state in ("published", "archived", "hidden"):
                assert solution.live_revision_id == revision.pk
                assert not solution.revisions.filter(status__in=WORKING).exists(), "editing starts a new version"
        assert not missing_for_submission(listings["draft"].revision), f"{key}'s draft could not be sent for review"
        published.add(listings["published"].solution.pk)
    assert set(public_solutions().values_list("pk", flat=True)) == published
    hidden = world.org("supplier_a").listings["hidden"].solution
    assert not hidden.categories.filter(slug=LISTED_SLUG).exists()
    assert hidden.categories.get().pk == world.admissions["suspended"].category_id
    for key in ORGS:
        objects = world.org(key)
        if key.startswith(Side.BUYER):
            shortlist = objects.shortlist.shortlist
            assert shortlist.organisation_id == objects.organisation.pk
            assert objects.shortlist.entry.shortlist_id == shortlist.pk
            assert objects.shortlist.entry.solution_id == world.org("supplier_a").listings["published"].solution.pk
            assert set(shortlist.entries.values_list("solution_id", flat=True)) == published
        else:
            assert objects.shortlist is None
        if not key.startswith(Side.SUPPLIER):
            assert objects.listings == {}


def test_buyer_a_has_a_competition_in_each_state_and_buyer_b_a_draft(world, db):
    from marketplace.competitions.models import BidStatus, CompetitionStatus, Invitation

    states = world.org("buyer_a").competitions
    assert states["draft"].competition.status == CompetitionStatus.DRAFT
    assert states["open"].competition.is_open()
    assert states["closed"].competition.is_closed()
    assert list(world.org("buyer_b").competitions) == ["draft"]
    assert not world.org("buyer_b").organisation.is_verified
    for state in ("open", "closed"):
        competition = states[state].competition
        invited = set(Invitation.objects.filter(competition=competition).values_list("supplier_id", flat=True))
        assert invited == {world.org("supplier_a").organisation.pk, world.org("supplier_b").organisation.pk}
        bids = {bid.supplier_id: bid.status for bid in competition.bids.all()}
        assert bids[world.org("supplier_a").organisation.pk] == BidStatus.SUBMITTED
    open_bids = {bid.supplier_id: bid.status for bid in states["open"].competition.bids.all()}
    assert open_bids[world.org("supplier_b").organisation.pk] == BidStatus.DRAFT
    assert states["open"].waiting is not None and states["open"].clarification is not None


def test_buyer_a_has_a_competition_being_evaluated_and_one_in_standstill(world, db):
    from marketplace.competitions.models import AwardStatus, CompetitionStatus, ConflictDeclaration

    states = world.org("buyer_a").competitions
    evaluating, standstill = states["evaluating"], states["standstill"]
    assert evaluating.competition.status == CompetitionStatus.EVALUATING
    assert set(evaluating.bids) == {"supplier_a", "supplier_b"} and evaluating.price_request is not None
    evaluator = world.users["buyer_a_evaluator"]
    assert ConflictDeclaration.objects.filter(competition=evaluating.competition, evaluator=evaluator).count() == 2
    assert standstill.competition.status == CompetitionStatus.STANDSTILL
    award = standstill.competition.awards.get()
    assert award.status == AwardStatus.STANDSTILL and award.bid_id == standstill.bids["supplier_a"]
    assert set(standstill.summaries) == {"supplier_a", "supplier_b"}
