"""The authorisation world: two organisations of each kind, everyone of every role, and the objects routes name.

Built once per test module (see conftest.py) inside a transaction that is rolled back at the end,
so the rows never leak into other test packages. Accounts objects are created straight through the
models (no services). Applications to join the marketplace and admissions are built through the
admission services, as a supplier admin and an operator would make them (`tests/applications.py`):
their rules (one open application per supplier, a supplier subject on every application, decisions
that create admissions) are too many to copy into model calls without drifting from the real thing.
Solution listings and shortlists are built through their services too (`tests/listings.py`,
`buyers.services`), as a supplier's member, an operator and a buyer would make them: whether a listing
is in the catalogue is decided by its supplier's admissions when the query runs, not by a flag.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from pypdf import PdfWriter

from buyers import services as shortlists
from buyers.models import Shortlist, ShortlistEntry
from marketplace.accounts.models import (
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    PublicSectorDomain,
    Role,
    Side,
    User,
    VerificationStatus,
)
from marketplace.admission import services as admission
from marketplace.admission.models import (
    Admission,
    AdmissionStatus,
    Application,
    CategoryDecision,
    DeclarationSubject,
    SubjectKind,
)
from marketplace.audit.models import AuditDigest
from marketplace.competitions import services as competitions
from marketplace.competitions.models import (
    BidAttachment,
    Clarification,
    Competition,
    CompetitionDocument,
    Criterion,
    CriterionKind,
)
from marketplace.contracts import services as contracts
from marketplace.contracts.models import CallOffTerms, Contract, MilestoneStatus
from marketplace.taxonomy.models import Category, Region
from suppliers import services as listings
from suppliers.models import Solution, SolutionDocument, SolutionRevision
from tests.applications import categories, complete_application, submitted_application
from tests.conftest import restore_reference_data
from tests.factories import (
    BuyerOrganisationFactory,
    OperatorOrganisationFactory,
    OrganisationFactory,
    UserFactory,
    enrol_totp,
    member,
)
from tests.competition_builder import complete_draft, pass_deadline, submitted_bid
from tests.listings import complete_revision

# Organisation keys. Each organisation's "sibling" is the other one of its kind; "cross" is one of another kind.
ORGS = ("supplier_a", "supplier_b", "buyer_a", "buyer_b", "operator_a", "operator_b")
SIBLING = {
    "supplier_a": "supplier_b",
    "supplier_b": "supplier_a",
    "buyer_a": "buyer_b",
    "buyer_b": "buyer_a",
    "operator_a": "operator_b",
    "operator_b": "operator_a",
}
CROSS = {
    "supplier_a": "buyer_a",
    "supplier_b": "buyer_b",
    "buyer_a": "supplier_a",
    "buyer_b": "supplier_b",
    "operator_a": "supplier_a",
    "operator_b": "buyer_b",
}

# The day of the one published audit digest (audit:digest_json).
DIGEST_DAY = date(2025, 1, 6)

# A third supplier no actor belongs to: its application waits for a decision (the operators' decide and extend
# screens need one, and a supplier may not hold a waiting application next to a draft: one open application each).
BYSTANDER = "supplier_c"

# An identifier no row has (applications, admissions): operators get 404 for it.
UNKNOWN_ID = 987_654

# Categories of the applications below. A decided application's admitted categories may not be applied for again,
# so the drafts ask for others.
DECIDED_SLUGS = ("artificial-intelligence", "data-analytics")
DRAFT_SLUGS = ("cyber-security", "geospatial")
WAITING_SLUGS = ("artificial-intelligence", "quantum")
DECLARED_GROUND = "poor_performance"  # declared (with details) for the supplier itself on drafts and the waiting one

# Solution listings. Each supplier has one listing in each of LISTING_STATES, all in LISTED_SLUG (both suppliers hold
# an active admission there); supplier_a also has a "hidden" one, published in the category whose admission is then
# suspended, so it is published but not in the catalogue.
LISTED_SLUG = "artificial-intelligence"
LISTING_STATES = ("draft", "review", "published", "archived")


@dataclass(frozen=True)
class Actor:
    """Someone who requests a route. `key` is what pytest ids show."""

    key: str
    org: str | None = None  # a key of ORGS
    role: str | None = None  # Role value, for members of an organisation
    anonymous: bool = False
    editor: bool = False  # in Wagtail's Editors group
    superuser: bool = False
    pending_join_request: bool = False  # has a pending request to join supplier_a
    invited_to: str | None = None  # the org whose pending invitation is addressed to this person

    @property
    def kind(self) -> str | None:
        return self.org.split("_")[0] if self.org else None

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def has_org(self) -> bool:
        return self.org is not None

    @property
    def signed_in(self) -> bool:
        return not self.anonymous

    @property
    def is_operator(self) -> bool:
        return self.kind == Side.OPERATOR

    @property
    def staff_admin(self) -> bool:
        """May use the Wagtail admin (has wagtailadmin.access_admin)."""
        return self.is_operator or self.editor or self.superuser


def _org_actors(org: str, roles) -> list[Actor]:
    return [Actor(key=f"{org}_{role}", org=org, role=role) for role in roles]


ACTORS: list[Actor] = [
    Actor(key="anonymous", anonymous=True),
    *_org_actors("supplier_a", (Role.ADMIN, Role.MEMBER)),
    *_org_actors("supplier_b", (Role.ADMIN, Role.MEMBER)),
    *_org_actors("buyer_a", (Role.ADMIN, Role.MEMBER, Role.EVALUATOR)),
    *_org_actors("buyer_b", (Role.ADMIN, Role.MEMBER, Role.EVALUATOR)),
    *_org_actors("operator_a", (Role.ADMIN,)),
    *_org_actors("operator_b", (Role.ADMIN,)),
    Actor(key="editor", editor=True),
    Actor(key="newcomer", invited_to="supplier_a"),  # signed in, no organisation yet, invited by supplier_a
    Actor(key="applicant", pending_join_request=True),  # signed in, no organisation, asked to join supplier_a
    Actor(key="superuser", superuser=True),
]
ACTORS_BY_KEY = {actor.key: actor for actor in ACTORS}


@dataclass
class ApplicationObjects:
    """An application and the declaration subjects routes take identifiers of."""

    application: Application
    supplier: DeclarationSubject  # the supplier itself (created with every application)
    subcontractor: DeclarationSubject
    connected: DeclarationSubject | None = None  # drafts only


@dataclass
class ListingObjects:
    """A solution listing in one state, and the version and document routes take identifiers of."""

    solution: Solution
    # The version its routes name: the draft being written, the one in review, or the live one (published,
    # archived and hidden listings, which have no version in progress).
    revision: SolutionRevision
    document: SolutionDocument  # a PDF of that version


@dataclass
class ShortlistObjects:
    """A buyer organisation's shortlist and one of its entries (supplier_a's published listing)."""

    shortlist: Shortlist
    entry: ShortlistEntry


@dataclass
class CompetitionObjects:
    """A buyer's competition in one state and the objects its routes name.

    "draft" (complete, never published, one document), "open" (published, both suppliers invited, one
    clarification published and one waiting, supplier_a's bid submitted with an attachment, supplier_b's a draft),
    "closed" (its deadline has passed; supplier_a's bid submitted). Buyer B is not verified, so it only has a draft.
    """

    competition: Competition
    document: CompetitionDocument
    criterion: Criterion  # a question suppliers answer
    clarification: Clarification | None = None  # published (open and closed only)
    waiting: Clarification | None = None  # asked, not answered (open only)
    # supplier key -> an attachment id of its bid (supplier_a: submitted; supplier_b, open only: a draft)
    attachments: dict[str, int] = field(default_factory=dict)
    # "evaluating" and "standstill" (both suppliers bid; see `_evaluation`): supplier key -> its bid's id, the
    # evaluator actor's assignment, supplier_a's price explanation request (evaluating), each supplier's assessment
    # summary (standstill).
    bids: dict[str, int] = field(default_factory=dict)
    assignment: int | None = None
    price_request: int | None = None
    summaries: dict[str, int] = field(default_factory=dict)


@dataclass
class ContractObjects:
    """A buyer_a contract with supplier_a in one state (see `_contracts`), and the objects its routes name."""

    contract: Contract
    document: int | None = None  # its latest stored PDF
    milestone: int | None = None  # active: delivered, waiting for the buyer; otherwise the first milestone
    planned: int | None = None  # active: not delivered yet


@dataclass
class OrgObjects:
    """One organisation and the objects of it that routes take identifiers of."""

    key: str
    organisation: Organisation
    admin_membership: Membership
    member_membership: Membership  # the target of member_role / member_remove
    join_request: JoinRequest  # pending
    invitation: Invitation  # pending
    # Suppliers only: "draft" (complete, ready to submit, with a connected person, a subcontractor and a ground
    # declared for the supplier) and "decided" (submitted earlier and decided by an operator).
    applications: dict[str, ApplicationObjects] = field(default_factory=dict)
    # Suppliers only: a listing in each of LISTING_STATES (and "hidden" for supplier_a), each with a document:
    # "draft" (never sent, complete, one case study), "review" (sent, waiting for an operator), "published" (in the
    # catalogue, no version in progress), "archived" (published, then archived), "hidden" (published in a category
    # whose admission is suspended since: out of the catalogue).
    listings: dict[str, ListingObjects] = field(default_factory=dict)
    # Buyers only: a shortlist holding supplier_a's and supplier_b's published listings.
    shortlist: ShortlistObjects | None = None
    # Buyers only: competitions by state (see CompetitionObjects).
    competitions: dict[str, CompetitionObjects] = field(default_factory=dict)
    # buyer_a only: contracts with supplier_a by state (see `_contracts`).
    contracts: dict[str, ContractObjects] = field(default_factory=dict)


@dataclass
class World:
    users: dict[str, User] = field(default_factory=dict)  # actor key -> user (no entry for anonymous)
    orgs: dict[str, OrgObjects] = field(default_factory=dict)
    category: Category | None = None
    region: Region | None = None
    digest: AuditDigest | None = None
    domain: PublicSectorDomain | None = None
    sessions: dict[str, str] = field(default_factory=dict)  # actor key -> session key of a signed-in session
    waiting: ApplicationObjects | None = None  # the BYSTANDER's application, submitted and waiting for a decision
    # supplier_a's admissions (from its decided application): "active" and "suspended".
    admissions: dict[str, Admission] = field(default_factory=dict)
    terms: CallOffTerms | None = None  # the published call-off terms (a Wagtail snippet)

    def org(self, key: str) -> OrgObjects:
        return self.orgs[key]


def _organisation(key: str) -> Organisation:
    kind, letter = key.split("_")
    letter = letter.upper()
    if kind == Side.SUPPLIER:
        return OrganisationFactory(name=f"Supplier {letter} Ltd")
    if kind == Side.BUYER:
        # Buyer A is verified; buyer B still waits for an operator (it may not publish, but may use its pages).
        status = VerificationStatus.VERIFIED if letter == "A" else VerificationStatus.PENDING
        return BuyerOrganisationFactory(name=f"Public Body {letter}", verification_status=status)
    return OperatorOrganisationFactory(name=f"Operator {letter}")


def build_world() -> World:
    # Reference data (groups and their permissions, the allow-list, categories) as migrations leave it,
    # even if a transactional test flushed the database before this module ran.
    restore_reference_data()
    world = World()
    operators = Group.objects.get(name="Operators")
    editors = Group.objects.get(name="Editors")
    organisations = {key: _organisation(key) for key in ORGS}

    for actor in ACTORS:
        if actor.anonymous:
            continue
        email = f"{actor.key.replace('_', '.')}@example.com"
        if actor.org:
            # Everyone with an organisation has TOTP, so MFA set-up redirects never hide the answer under test.
            user = member(organisations[actor.org], actor.role, email=email)
            if actor.is_operator:
                user.groups.add(operators)
        elif actor.superuser:
            user = UserFactory(email=email, is_staff=True, is_superuser=True)
            enrol_totp(user)
        elif actor.editor:
            user = UserFactory(email=email)
            user.groups.add(editors)
            enrol_totp(user)
        else:
            user = UserFactory(email=email)
        world.users[actor.key] = user

    now = timezone.now()
    for key, organisation in organisations.items():
        memberships = {m.role: m for m in Membership.objects.filter(organisation=organisation)}
        # The person asking to join: supplier_a's is the "applicant" actor; the others are bystanders.
        joiner = world.users["applicant"] if key == "supplier_a" else UserFactory(email=f"joiner.{key}@example.com")
        join_request = JoinRequest.objects.create(user=joiner, organisation=organisation, message="Please let me in")
        # The person invited: supplier_a's is the "newcomer" actor; the others have no account yet.
        invitee = world.users["newcomer"].email if key == "supplier_a" else f"invitee.{key}@example.com"
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=invitee,
            role=Role.MEMBER,
            invited_by=memberships[Role.ADMIN].user,
            expires_at=now + timedelta(days=14),
        )
        world.orgs[key] = OrgObjects(
            key=key,
            organisation=organisation,
            admin_membership=memberships[Role.ADMIN],
            # Operator organisations have only admins here; their "member" target is a second admin.
            member_membership=memberships.get(Role.MEMBER)
            or Membership.objects.get(user=member(organisation, Role.ADMIN, email=f"second.{key}@example.com")),
            join_request=join_request,
            invitation=invitation,
        )

    world.category = Category.objects.order_by("pk").first()
    world.region = Region.objects.order_by("pk").first()
    world.digest = AuditDigest.objects.create(day=DIGEST_DAY, heads={}, previous_hash="0" * 64, hash="a" * 64)
    world.domain = PublicSectorDomain.objects.get(domain="ac.uk")
    _applications(world)
    _listings(world)
    _suspend(world)
    _shortlists(world)
    _competitions(world)
    _evaluation(world)
    _contracts(world)

    # One signed-in session per person, made once: each test sends its cookie instead of signing in again.
    for key, user in world.users.items():
        client = Client()
        client.force_login(user)
        world.sessions[key] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return world


def _application_objects(application: Application) -> ApplicationObjects:
    subjects = {subject.kind: subject for subject in DeclarationSubject.objects.filter(application=application)}
    return ApplicationObjects(
        application=Application.objects.get(pk=application.pk),
        supplier=subjects[SubjectKind.SUPPLIER],
        subcontractor=subjects[SubjectKind.SUBCONTRACTOR],
        connected=subjects.get(SubjectKind.CONNECTED_PERSON),
    )


def _decide(operator: User, application: Application, decisions: dict[str, str]) -> None:
    for category in categories(*decisions):
        decision = decisions[category.slug]
        reason = "Your statement does not show public-sector use" if decision == CategoryDecision.REJECTED else ""
        admission.application_decide_category(
            actor=operator, application=application, category=category, decision=decision, reason=reason
        )


def _applications(world: World) -> None:
    """Each supplier: a decided application and a draft; the bystander: one waiting.

    supplier_a holds two active admissions when this returns; `_suspend` suspends one of them once the listings
    are built. Built through the services (see the module's docstring), as their admins and operator_a would.
    """
    operator = world.users["operator_a_admin"]
    for key, decisions in (
        # supplier_a is admitted to both categories; one admission is then suspended.
        ("supplier_a", {slug: CategoryDecision.ADMITTED for slug in DECIDED_SLUGS}),
        # supplier_b is partly admitted.
        ("supplier_b", {DECIDED_SLUGS[0]: CategoryDecision.ADMITTED, DECIDED_SLUGS[1]: CategoryDecision.REJECTED}),
    ):
        admin = world.users[f"{key}_admin"]
        organisation = world.org(key).organisation
        decided = submitted_application(admin, organisation, slugs=DECIDED_SLUGS, subcontractor=True)
        _decide(operator, decided, decisions)

        # A new application may start once the last is decided: a complete draft, with every kind of subject.
        draft = complete_application(
            admin, organisation, slugs=DRAFT_SLUGS, ground=DECLARED_GROUND, subcontractor=True
        )
        admission.application_set_connected(actor=admin, application=draft, has_connected_persons=True)
        person = admission.subject_add(
            actor=admin, application=draft, kind=SubjectKind.CONNECTED_PERSON, name="Pat Director",
            relationship="Director",
        )
        admission.subject_set_grounds(actor=admin, subject=person, none_apply=True)
        assert not admission.application_missing_answers(draft), "the world's drafts are ready to submit"
        world.org(key).applications = {"draft": _application_objects(draft), "decided": _application_objects(decided)}

    bystander = OrganisationFactory(name="Supplier C Ltd")
    bystander_admin = member(bystander, Role.ADMIN, email="admin.supplier.c@example.com")
    waiting = submitted_application(bystander_admin, bystander, slugs=WAITING_SLUGS, ground=DECLARED_GROUND,
                                    subcontractor=True)
    world.waiting = _application_objects(waiting)


def _supplier_a_admissions(world: World) -> tuple[Admission, Admission]:
    """supplier_a's two admissions: the one that stays active, and the one `_suspend` suspends."""
    active, suspended = Admission.objects.filter(organisation=world.org("supplier_a").organisation).order_by(
        "category__position"
    )
    return active, suspended


def _suspend(world: World) -> None:
    """supplier_a's second admission is suspended: its "hidden" listing, published there, leaves the catalogue."""
    active, suspended = _supplier_a_admissions(world)
    admission.admission_suspend(actor=world.users["operator_a_admin"], admission=suspended, reason="Certificate lapsed")
    world.admissions = {
        "active": Admission.objects.get(pk=active.pk),
        "suspended": Admission.objects.get(pk=suspended.pk),
    }
    assert world.admissions["suspended"].status == AdmissionStatus.SUSPENDED


def harness_pdf() -> SimpleUploadedFile:
    """A blank one-page PDF, as a supplier would upload it (the upload checks accept it)."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile("harness-sheet.pdf", buffer.getvalue(), content_type="application/pdf")


def _listing(key: str, state: str, *, operator: User, author: User, organisation: Organisation,
             slug: str = LISTED_SLUG) -> ListingObjects:
    """One listing in `state`, written by a member of the supplier (not an admin) and decided by `operator`."""
    letter = key.split("_")[1].upper()
    revision = complete_revision(author, organisation, slugs=(slug,), title=f"Supplier {letter} {state} listing")
    document = listings.document_add(actor=author, revision=revision, uploaded=harness_pdf(), title="Product sheet")
    if state != "draft":
        listings.revision_submit(actor=author, revision=revision)
    if state in ("published", "archived", "hidden"):
        listings.revision_publish(actor=operator, revision=revision)
    if state == "archived":
        listings.solution_archive(actor=author, solution=revision.solution)
    revision = SolutionRevision.objects.select_related("solution").get(pk=revision.pk)
    return ListingObjects(solution=revision.solution, revision=revision, document=document)


def _listings(world: World) -> None:
    """Each supplier: a listing in each of LISTING_STATES; supplier_a: a "hidden" one too (see `_suspend`)."""
    operator = world.users["operator_a_admin"]
    for key in ("supplier_a", "supplier_b"):
        people = {"operator": operator, "author": world.users[f"{key}_member"],
                  "organisation": world.org(key).organisation}
        world.org(key).listings = {state: _listing(key, state, **people) for state in LISTING_STATES}
    _active, to_suspend = _supplier_a_admissions(world)
    assert to_suspend.category.slug != LISTED_SLUG
    world.org("supplier_a").listings["hidden"] = _listing(
        "supplier_a", "hidden", operator=operator, author=world.users["supplier_a_member"],
        organisation=world.org("supplier_a").organisation, slug=to_suspend.category.slug,
    )


def _shortlists(world: World) -> None:
    """Each buyer: a shortlist of both suppliers' published listings, made by its member."""
    for key in ("buyer_a", "buyer_b"):
        buyer = world.users[f"{key}_member"]
        shortlist = shortlists.shortlist_create(actor=buyer, organisation=world.org(key).organisation,
                                                name="Casework automation")
        entry = shortlists.entry_add(actor=buyer, shortlist=shortlist,
                                     solution=world.org("supplier_a").listings["published"].solution)
        shortlists.entry_add(actor=buyer, shortlist=shortlist,
                             solution=world.org("supplier_b").listings["published"].solution)
        world.org(key).shortlist = ShortlistObjects(shortlist=Shortlist.objects.get(pk=shortlist.pk),
                                                    entry=ShortlistEntry.objects.get(pk=entry.pk))


def _competition_objects(competition: Competition, document: CompetitionDocument, **extra) -> CompetitionObjects:
    competition = Competition.objects.get(pk=competition.pk)
    criterion = competition.criteria.exclude(kind=CriterionKind.PRICE).order_by("position").first()
    return CompetitionObjects(competition=competition, document=document, criterion=criterion, **extra)


def _competitions(world: World) -> None:
    """Each buyer: a draft; buyer_a (verified) also an open and a closed competition in LISTED_SLUG, built through
    the services by its member (the owner) and bid for by the suppliers' members."""
    for key in ("buyer_a", "buyer_b"):
        owner = world.users[f"{key}_member"]
        draft = complete_draft(owner, title=f"{key} draft competition", slug=LISTED_SLUG)
        document = competitions.competition_document_add(actor=owner, competition=draft, uploaded=harness_pdf(),
                                                         title="Service map")
        world.org(key).competitions = {"draft": _competition_objects(draft, document)}

    owner = world.users["buyer_a_member"]
    supplier_a, supplier_b = world.users["supplier_a_member"], world.users["supplier_b_member"]
    for state in ("open", "closed"):
        competition = complete_draft(owner, title=f"buyer_a {state} competition", slug=LISTED_SLUG)
        document = competitions.competition_document_add(actor=owner, competition=competition,
                                                         uploaded=harness_pdf(), title="Service map")
        competition = competitions.competition_publish(actor=owner, competition=competition)
        answered = competitions.clarification_ask(actor=supplier_b, competition=competition,
                                                  question="Is the contract extendable?")
        competitions.clarification_publish(actor=owner, clarification=answered,
                                           published_question="Is the contract extendable?",
                                           answer="Yes, by up to 12 months.")
        waiting = None
        if state == "open":
            waiting = competitions.clarification_ask(actor=supplier_a, competition=competition,
                                                     question="Can we propose a pilot first?")
        submitted_bid(supplier_a, competition, attachment=harness_pdf())
        attachments = {"supplier_a": BidAttachment.objects.get(bid__competition=competition,
                                                               bid__supplier=world.org("supplier_a").organisation).pk}
        if state == "open":
            competitions.bid_save_answers(actor=supplier_b, competition=competition, expected_edit_version=None,
                                          answers={})
            competitions.bid_attachment_add(actor=supplier_b, competition=Competition.objects.get(pk=competition.pk),
                                            expected_edit_version=None, uploaded=harness_pdf())
            attachments["supplier_b"] = BidAttachment.objects.get(
                bid__competition=competition, bid__supplier=world.org("supplier_b").organisation).pk
        else:
            competition = pass_deadline(competition)
        world.org("buyer_a").competitions[state] = _competition_objects(
            competition, document, clarification=Clarification.objects.get(pk=answered.pk),
            waiting=Clarification.objects.get(pk=waiting.pk) if waiting else None, attachments=attachments,
        )


def _evaluation(world: World) -> None:
    """buyer_a: an "evaluating" competition (bids opened by the owner; the evaluator actor and a second evaluator
    assigned to everything; the evaluator actor has declared no conflicts and scored nothing yet; supplier_a asked
    to explain its price) and one in "standstill" (scored by both, moderated, awarded to supplier_a by the admin,
    assessment summaries sent, the contract award notice published)."""
    from marketplace.competitions.models import AssessmentSummary, Bid, EvaluatorAssignment
    from marketplace.competitions.services.evaluation import pairs_to_score, scored_criteria, suppliers_to_declare

    owner, admin = world.users["buyer_a_member"], world.users["buyer_a_admin"]
    evaluator = world.users["buyer_a_evaluator"]
    second = member(world.org("buyer_a").organisation, Role.EVALUATOR, email="second.evaluator.buyer_a@example.com")
    suppliers = {key: world.users[f"{key}_member"] for key in ("supplier_a", "supplier_b")}

    def declare(competition, person):
        competitions.conflicts_declare(actor=person, competition=competition, declarations=[
            competitions.Declaration(supplier_id=s.pk, has_conflict=False)
            for s in suppliers_to_declare(competition, person)
        ])

    def score(competition, person):
        for bid, criterion in pairs_to_score(competition, person):
            competitions.score_save(actor=person, bid=bid, criterion=criterion, score=3,
                                    justification="Meets the requirement fully.")
        competitions.scores_submit(actor=person, competition=competition)

    for state in ("evaluating", "standstill"):
        competition = complete_draft(owner, title=f"buyer_a {state} competition", slug=LISTED_SLUG)
        document = competitions.competition_document_add(actor=owner, competition=competition,
                                                         uploaded=harness_pdf(), title="Service map")
        competition = competitions.competition_publish(actor=owner, competition=competition)
        for key, person in suppliers.items():
            submitted_bid(person, competition, price_pence=9_000_000 if key == "supplier_a" else 9_500_000)
        competition = pass_deadline(competition)
        competitions.competition_open_bids(actor=owner, competition=competition)
        competition = Competition.objects.get(pk=competition.pk)
        for person in (evaluator, second):
            competitions.evaluator_assign(actor=owner, competition=competition, evaluator=person)
        declare(competition, evaluator)
        bids = {key: Bid.objects.get(competition=competition, supplier=world.org(key).organisation).pk
                for key in suppliers}
        extra = {"bids": bids, "assignment": EvaluatorAssignment.objects.get(competition=competition,
                                                                            evaluator=evaluator).pk}
        if state == "evaluating":
            request = competitions.price_explanation_request(
                actor=owner, bid=Bid.objects.get(pk=bids["supplier_a"]), question="How is the price so low?")
            extra["price_request"] = request.pk
        else:
            declare(competition, second)
            score(competition, evaluator)
            score(competition, second)
            for bid in Bid.objects.filter(pk__in=bids.values()):
                for criterion in scored_criteria(competition):
                    competitions.moderation_record(actor=owner, bid=bid, criterion=criterion, score=3,
                                                   rationale="Agreed in moderation.", moderated_with=evaluator)
            competitions.award_decide(actor=admin, competition=competition, bid=Bid.objects.get(pk=bids["supplier_a"]))
            competitions.assessment_summaries_send(actor=owner, competition=competition)
            competitions.award_notice_publish(actor=owner, competition=competition)
            extra["summaries"] = {
                key: AssessmentSummary.objects.get(bid_id=bid_id).pk for key, bid_id in bids.items()
            }
        world.org("buyer_a").competitions[state] = _competition_objects(competition, document, **extra)




def _contracts(world: World) -> None:
    """buyer_a's contracts with supplier_a, each from its own competition whose standstill is over (written as
    `tests.contract_builder.quick_award` does): "draft" (drafted, not issued), "awaiting" (version 1 issued, nobody
    has signed), "signing" (issued and signed by the supplier: the buyer signs next) and "active" (signed by both;
    two milestones, the first delivered and waiting for the buyer). Also the published call-off terms."""
    from tests.contract_builder import issued, publish_terms, quick_award, sign, signed

    owner, admin = world.users["buyer_a_member"], world.users["buyer_a_admin"]
    world.terms = publish_terms()
    for state in ("draft", "awaiting", "signing", "active"):
        award = quick_award(owner, world.users["supplier_a_member"], slug=LISTED_SLUG,
                            title=f"buyer_a contract {state}")
        contract = contracts.contract_draft(award)
        if state == "active":
            contracts.milestones_set(actor=owner, contract=contract, milestones=[
                contracts.MilestoneInput("Discovery", contract.start_date, 4_000_000),
                contracts.MilestoneInput("Pilot", contract.end_date, contract.value_pence - 4_000_000),
            ])
        if state != "draft":
            contract = issued(contract, owner)
        if state == "signing":
            sign(contract, world.users["supplier_a_admin"])
        if state == "active":
            contract = signed(contract, world.users["supplier_a_admin"], admin)
            first = contract.milestones.order_by("position").first()
            contracts.milestone_deliver(actor=world.users["supplier_a_member"], milestone=first, note="Delivered")
        objects = ContractObjects(contract=Contract.objects.get(pk=contract.pk))
        latest = contract.documents.order_by("-version", "-kind").first()
        objects.document = latest.pk if latest else None
        milestones = list(contract.milestones.order_by("position"))
        objects.milestone = milestones[0].pk
        if state == "active":
            objects.planned = next(m.pk for m in milestones if m.status == MilestoneStatus.PLANNED)
        world.org("buyer_a").contracts[state] = objects
