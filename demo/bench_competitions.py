"""Bench competitions for `manage.py seed --scale large`: 2,000 competitions and 20,000 sealed bids (design section 7).

On top of the bulk suppliers of demo/large.py: bench buyer organisations (councils, NHS trusts, police forces and
other public bodies, each verified, with one admin who owns its competitions) run competitions in every state:
drafts, open ones, closed ones (their deadline passed, stamped closed as the tick would) and cancelled ones. Every
published competition has its version-1 notice, a conflicts assessment, its own wrapped data key, and invitations
for every supplier admitted to its category before its deadline (rule 4; late ones marked late), so the tick has
nobody left to invite and nothing to close.

Bids come from invited suppliers only, with a mix of drafts, submissions, revisions and withdrawals, arriving
before their deadline. Their content is sealed exactly as the services seal it (`marketplace.competitions.sealing`,
the same purposes and additional data), under each competition's data key, with a keyed HMAC per revision, so the
supplier's own-bid pages and `competition_open_bids` read them like any other bid.

Bench data, not demo history: rows are inserted with bulk_create (invitations with INSERT ... SELECT) and record
no audit event per row; the caller records one `bench_data.loaded` event. Deterministic (random.Random seeded from
SEED and the position in the set) and topped up to the targets, never beyond: bench competitions are those of
bench buyers (email domains under BENCH_DOMAIN), bench bids those in bench competitions.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone
from django.utils.text import slugify

from marketplace.accounts.models import (
    Membership,
    Organisation,
    PublicSectorType,
    Role,
    Side,
    User,
    VerificationStatus,
)
from marketplace.admission.models import Admission, AdmissionStatus
from marketplace.competitions import sealing
from marketplace.competitions.models import (
    DEFAULT_SCALE,
    Bid,
    BidRevision,
    BidStatus,
    Competition,
    CompetitionStatus,
    CompetitionVersion,
    ConflictEntry,
    ConflictRole,
    ConflictsAssessment,
    Criterion,
    CriterionKind,
    Invitation,
    Outcome,
)
from marketplace.competitions.services.bids import DRAFT as DRAFT_PURPOSE
from marketplace.competitions.services.bids import revision_purpose
from marketplace.competitions.timing import uk_to_utc
from marketplace.taxonomy.models import Category, Region

from .large import (
    BATCH,
    CATEGORY_WEIGHTS,
    FIRST_NAMES,
    LAST_NAMES,
    PREFIXES,
    SEED,
    STREETS,
    TOWNS,
    VOCABULARY,
    _nice,
    _pick,
    _postcode,
)
from .people import BENCH_DOMAIN

COMPETITIONS = 2_000
BIDS = 20_000
BUYERS = 150
# Competitions are built, sealed and inserted this many at a time, and bids this many, so memory stays flat.
CHUNK = 250
BID_CHUNK = 2_000

# What state each bench competition is in: this cycle of 20, repeated (10% drafts, 25% open, 60% closed, 5%
# cancelled), so every state is there once 20 exist.
STATES = ["closed", "open", "closed", "draft", "closed", "open", "closed", "closed", "cancelled", "open",
          "closed", "closed", "draft", "closed", "open", "closed", "closed", "open", "closed", "closed"]
# How a bid ends up, by whether its competition is still open.
OPEN_BID_STATES = [("draft", 30), ("submitted", 60), ("withdrawn", 10)]
CLOSED_BID_STATES = [("draft", 3), ("submitted", 90), ("withdrawn", 7)]
REVISED = 0.2  # of submitted and withdrawn bids: submitted twice

# Bench buyers: (name pattern, public sector type, email domain suffix, weight).
BUYER_KINDS = [
    ("{place} Borough Council", PublicSectorType.LOCAL_AUTHORITY, "gov.uk", 30),
    ("{place} County Council", PublicSectorType.LOCAL_AUTHORITY, "gov.uk", 12),
    ("{place} NHS Foundation Trust", PublicSectorType.NHS, "nhs.uk", 18),
    ("{place} Integrated Care Board", PublicSectorType.NHS, "nhs.uk", 5),
    ("{place} Police", PublicSectorType.POLICE_FIRE, "police.uk", 10),
    ("{place} Fire and Rescue Service", PublicSectorType.POLICE_FIRE, "gov.uk", 6),
    ("University of {place}", PublicSectorType.EDUCATION, "ac.uk", 6),
    ("{place} Combined Authority", PublicSectorType.LOCAL_AUTHORITY, "gov.uk", 4),
    ("{place} Valley Agency", PublicSectorType.ARMS_LENGTH_BODY, "gov.uk", 4),
    ("Department for {place} Affairs", PublicSectorType.CENTRAL_GOVERNMENT, "gov.uk", 5),
]

QUALITY_QUESTIONS = [
    ("Approach", "How would you help us {does}, and how would our staff stay in control of the result?"),
    ("Evidence", "Describe where you have helped a public body {does}, and what changed as a result."),
    ("Implementation", "How would you introduce the service without disrupting the teams who use it now?"),
    ("Data and security", "How will you protect the data the service uses, and who will be able to see it?"),
    ("Accessibility", "How will you make sure everyone who needs the service can use it, including people who "
     "use assistive technology?"),
]
SOCIAL_VALUE_QUESTION = "What social value will the contract deliver in our area, and how will you measure it?"
CRITERIA_SHAPES = [
    # (quality weightings, social value weighting or 0, price weighting): each adds up to 100.
    ((40, 20), 10, 30),
    ((35, 20, 10), 5, 30),
    ((50,), 10, 40),
    ((30, 20, 10, 10), 0, 30),
    ((45, 15), 0, 40),
]
AREAS = ["the borough", "the county", "our hospitals", "the force area", "the region", "the city", "our estate",
         "our services"]
PROBLEM_OPENINGS = [
    "We want to {does}. Today this takes too long and depends on a few people who know how it works.",
    "Our teams struggle to {does}, and residents notice: complaints about it rose by {k}% in two years.",
    "We need to {does} across {area}, where demand has grown faster than the team that meets it.",
]
PROBLEM_MIDDLES = [
    "Last year we handled about {n:,} cases, and around {k}% of them needed a second contact.",
    "Staff spend about {k} hours a week re-keying information between systems.",
    "Our current contract ends next year, and we would rather buy an outcome than renew a specification.",
    "We have tried to fix this in-house twice; both times the work stopped when the people leading it moved on.",
]
PROBLEM_CLOSINGS = [
    "We are not asking for a particular product. Tell us how you would get the outcomes below, and how you "
    "would show they were met.",
    "Tell us how you would reach the outcomes below, what you would need from us, and how we would know it worked.",
]
OUTCOME_TEMPLATES = [
    ("Residents get what they need sooner", "The median time to resolve a request falls by {k}% within a year"),
    ("Staff spend less time on repetitive work", "At least {h:,} staff hours a year are released, measured quarterly"),
    ("Fewer problems need a second visit", "Repeat contacts fall by {k}% within 9 months"),
    ("Decisions rest on better information", "Managers report monthly from the service's figures, and audit "
     "finds them accurate"),
    ("Costs come down", "The cost per case falls by {k}% by the end of the contract"),
]
CANCEL_REASONS = [
    "The budget for this work was withdrawn.",
    "We will meet the need through an existing contract.",
    "The service this supported is being redesigned; we will publish a new competition when it is.",
]
ANSWER_SENTENCES = [
    "We would begin with a four-week discovery with the people who do the work today.",
    "Our service is already used by {k} public bodies, and we would configure it rather than build from scratch.",
    "It uses {technique}, and every automated step can be checked and overruled by a member of staff.",
    "We would measure progress against the outcomes every month and share the figures with your team.",
    "Data stays in the UK, encrypted in transit and at rest, with access limited to named people.",
    "A named delivery manager leads the work, with a service owner on your side making the decisions.",
    "We would train your staff to run the service themselves, so you are not tied to us.",
    "In a similar contract, response times fell from weeks to days within six months.",
    "We publish our accessibility statement and test with people who use assistive technology.",
    "We will recruit and train two apprentices locally, and pay the real Living Wage throughout.",
]
TECHNIQUES = ["machine learning", "a cloud platform", "open standards", "sensors and a data platform",
              "workflow automation", "a shared data model"]


@dataclass
class _Spec:
    """One competition being built: its unsaved row and its parts."""

    state: str
    buyer_id: int
    owner_id: int
    owner_name: str
    category_slug: str
    does: str
    competition: Competition | None = None
    outcomes: list = field(default_factory=list)  # (description, success measure)
    criteria: list = field(default_factory=list)  # (kind, name, weighting, question, word limit)
    regions: list = field(default_factory=list)  # region codes


def bench_buyers():
    return Organisation.objects.filter(kind=Side.BUYER, email_domain__endswith=f".{BENCH_DOMAIN}")


def bench_competitions():
    return Competition.objects.filter(buyer__in=bench_buyers())


def bench_bids():
    return Bid.objects.filter(competition__in=bench_competitions())


def seed_competitions(*, competitions: int, bids: int, operator, stdout=None) -> tuple[int, int]:
    """Top the bench competitions and bids up to the targets; returns how many of each were created."""
    made_competitions = made_bids = 0
    existing = bench_competitions().count()
    if existing < competitions:
        made_competitions = _competitions(existing, competitions - existing, _buyers(operator), stdout)
    # Suppliers bulk-loaded since a competition was published (the demo's too) are invited to it.
    _invite()
    existing = bench_bids().count()
    if existing < bids:
        made_bids = _bids(existing, bids - existing, stdout)
    return made_competitions, made_bids


# Buyers.


def _buyers(operator) -> list[tuple[int, int, str]]:
    """The bench buyers, created on first use: [(organisation id, owner user id, owner name)]."""
    if not bench_buyers().exists():
        rng = random.Random(f"{SEED}:buyers")
        now = timezone.now()
        kinds = [(pattern, sector, suffix) for pattern, sector, suffix, _weight in BUYER_KINDS]
        weights = [weight for *_rest, weight in BUYER_KINDS]
        specs, names = [], set()
        while len(specs) < BUYERS:
            pattern, sector, suffix = rng.choices(kinds, weights=weights)[0]
            name = pattern.format(place=rng.choice(PREFIXES))
            if name in names:
                continue
            names.add(name)
            town, area, _region, _weight = rng.choice(TOWNS)
            specs.append({
                "name": name, "sector": sector, "town": town, "postcode": _postcode(rng, area),
                "address": f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
                "domain": f"{slugify(name)}.{suffix}.{BENCH_DOMAIN}",
                "first_name": rng.choice(FIRST_NAMES), "last_name": rng.choice(LAST_NAMES),
                "registered": now - timedelta(days=rng.randint(800, 3 * 365)),
            })
        password = make_password(None)  # unusable: nobody signs in as a bench buyer
        users = User.objects.bulk_create(
            [User(email=f"procurement@{spec['domain']}", first_name=spec["first_name"], last_name=spec["last_name"],
                  password=password, intended_side=Side.BUYER, date_joined=spec["registered"]) for spec in specs],
            batch_size=BATCH,
        )
        organisations = Organisation.objects.bulk_create(
            [Organisation(kind=Side.BUYER, name=spec["name"], address_line_1=spec["address"], town=spec["town"],
                          postcode=spec["postcode"], public_sector_type=spec["sector"], email_domain=spec["domain"],
                          email_domain_recognised=True, verification_status=VerificationStatus.VERIFIED,
                          verified_at=spec["registered"] + timedelta(days=2), verified_by=operator,
                          verification_note="Bench data", created_at=spec["registered"])
             for spec in specs],
            batch_size=BATCH,
        )
        Membership.objects.bulk_create(
            [Membership(user=user, organisation=organisation, role=Role.ADMIN, created_at=spec["registered"])
             for spec, user, organisation in zip(specs, users, organisations, strict=True)],
            batch_size=BATCH,
        )
    return [
        (organisation_id, user_id, f"{first} {last}")
        for organisation_id, user_id, first, last in (
            Membership.objects.filter(organisation__in=bench_buyers(), role=Role.ADMIN)
            .order_by("organisation_id", "pk")
            .values_list("organisation_id", "user_id", "user__first_name", "user__last_name")
        )
    ]


# Competitions.


def _competitions(start: int, count: int, buyers, stdout) -> int:
    rng = random.Random(f"{SEED}:competitions:{start}")
    categories = {slug: (pk, name) for pk, slug, name in Category.objects.values_list("pk", "slug", "name")}
    regions = {code: (pk, name) for pk, code, name in Region.objects.values_list("pk", "code", "name")}
    # Only categories with admitted suppliers, weighted as suppliers are.
    admitted = set(Admission.objects.filter(status=AdmissionStatus.ACTIVE).values_list("category__slug", flat=True))
    slugs = [slug for slug in CATEGORY_WEIGHTS if slug in admitted]
    if not slugs:
        raise ValueError("Bench competitions need admitted suppliers")
    weights = [CATEGORY_WEIGHTS[slug] for slug in slugs]
    now = timezone.now()
    done = 0
    while done < count:
        specs = []
        for position in range(start + done, start + done + min(CHUNK, count - done)):
            buyer_id, owner_id, owner_name = rng.choice(buyers)
            slug = rng.choices(slugs, weights=weights)[0]
            _thing, does = rng.choice(VOCABULARY[slug]["products"])
            spec = _Spec(state=STATES[position % len(STATES)], buyer_id=buyer_id, owner_id=owner_id,
                         owner_name=owner_name, category_slug=slug, does=does)
            _build(rng, spec, now, categories[slug][0], list(regions))
            specs.append(spec)
        _insert(specs, categories, regions)
        done += len(specs)
        if stdout is not None and count > CHUNK:
            stdout.write(f"  {start + done:,} bench competitions")
    return done


def _build(rng: random.Random, spec: _Spec, now, category_id: int, region_codes: list) -> None:
    """The competition's unsaved row and its parts, with dates that fit its state."""
    area = rng.choice(AREAS)
    fill = {"does": spec.does, "area": area, "k": rng.randint(8, 45), "n": rng.randint(20, 900) * 100,
            "h": rng.randint(5, 60) * 100}
    title = spec.does[0].upper() + spec.does[1:]
    if rng.random() < 0.3:
        title = f"{title} across {area}"
    low = _nice(math.exp(rng.uniform(math.log(25_000), math.log(2_000_000)))) * 100
    high = _nice(low * rng.uniform(1.5, 4))
    published_at = deadline = clarification = None
    if spec.state == "open":
        published_at = now - timedelta(days=rng.uniform(0.1, 9))
        deadline_day = timezone.localdate(published_at) + timedelta(days=rng.randint(14, 45))
    elif spec.state in ("closed", "cancelled"):
        published_at = now - timedelta(days=rng.uniform(50, 700))
        deadline_day = timezone.localdate(published_at) + timedelta(days=rng.randint(14, 40))
    else:
        deadline_day = timezone.localdate(now) + timedelta(days=rng.randint(20, 60))
    if spec.state != "draft" or rng.random() < 0.6:  # a draft may not have its timeline yet
        # Whole hours from 10am UK time: never a time a clock change skips or repeats.
        deadline = uk_to_utc(deadline_day, time(rng.choice([10, 12, 12, 12, 14, 17]), 0))
        clarification = deadline - timedelta(days=rng.randint(4, 8))
    created_at = (published_at or now) - timedelta(days=rng.uniform(3, 30))
    competition = Competition(
        buyer_id=spec.buyer_id, owner_id=spec.owner_id, title=title[:150], category_id=category_id,
        summary=f"We want to {spec.does} across {area}, and are looking for an outcome rather than a product.",
        problem="\n\n".join([
            rng.choice(PROBLEM_OPENINGS).format(**fill),
            " ".join(sentence.format(**fill) for sentence in rng.sample(PROBLEM_MIDDLES, 2)),
            rng.choice(PROBLEM_CLOSINGS),
        ]),
        budget_min_pence=low, budget_max_pence=high, contract_months=rng.choice([6, 12, 12, 18, 24, 24, 36]),
        expected_start=timezone.localdate(deadline or now) + timedelta(days=rng.randint(45, 120)),
        location=rng.choice(TOWNS)[0], clarification_deadline=clarification, submission_deadline=deadline,
        expected_award_date=timezone.localdate(deadline) + timedelta(days=rng.randint(21, 60)) if deadline else None,
        created_at=created_at, updated_at=published_at or created_at,
    )
    if spec.state != "draft":
        competition.status = CompetitionStatus.PUBLISHED
        competition.published_at = published_at
        competition.published_by_id = spec.owner_id
        competition.version = 1
    if spec.state == "closed":
        competition.status = CompetitionStatus.CLOSED
        competition.closed_at = deadline + timedelta(minutes=1)  # what the tick stamps
    if spec.state == "cancelled":
        competition.status = CompetitionStatus.CANCELLED
        competition.cancelled_at = published_at + (deadline - published_at) * rng.uniform(0.2, 0.9)
        competition.updated_at = competition.cancelled_at
        competition.cancel_reason = rng.choice(CANCEL_REASONS)
    spec.competition = competition
    spec.outcomes = [(d, m.format(**fill)) for d, m in rng.sample(OUTCOME_TEMPLATES, rng.randint(1, 3))]
    quality, social, price = rng.choice(CRITERIA_SHAPES)
    spec.criteria = [
        (CriterionKind.QUALITY, name, weighting, question.format(does=spec.does), rng.choice([300, 500, 750]))
        for (name, question), weighting in zip(QUALITY_QUESTIONS, quality, strict=False)
    ]
    if social:
        spec.criteria.append((CriterionKind.SOCIAL_VALUE, "Social value", social, SOCIAL_VALUE_QUESTION, 300))
    spec.criteria.append((CriterionKind.PRICE, "Price", price, "", None))
    spec.regions = sorted({rng.choice(region_codes) for _ in range(rng.randint(1, 3))})


def _insert(specs: list[_Spec], categories: dict, regions: dict) -> None:
    """Insert one chunk: competitions, their parts, keys, versions, conflicts assessments and invitations."""
    competitions = Competition.objects.bulk_create([spec.competition for spec in specs], batch_size=BATCH)
    pairs = list(zip(specs, competitions, strict=True))
    Outcome.objects.bulk_create(
        [Outcome(competition=competition, position=i, description=d, success_measure=m)
         for spec, competition in pairs for i, (d, m) in enumerate(spec.outcomes)],
        batch_size=BATCH,
    )
    criteria = Criterion.objects.bulk_create(
        [Criterion(competition=competition, position=i, kind=kind, name=name, weighting=weighting, question=question,
                   word_limit=limit, scale=DEFAULT_SCALE if kind != CriterionKind.PRICE else [])
         for spec, competition in pairs for i, (kind, name, weighting, question, limit) in enumerate(spec.criteria)],
        batch_size=BATCH,
    )
    by_competition: dict[int, list[Criterion]] = {}
    for criterion in criteria:
        by_competition.setdefault(criterion.competition_id, []).append(criterion)
    through = Competition.regions.through
    through.objects.bulk_create(
        [through(competition_id=competition.pk, region_id=regions[code][0])
         for spec, competition in pairs for code in spec.regions],
        batch_size=BATCH,
    )
    published = [(spec, competition) for spec, competition in pairs if spec.state != "draft"]
    for _spec, competition in published:
        # As competition_publish does: the reference, and a fresh data key, stored only wrapped.
        competition.reference = f"SPK-{competition.published_at:%Y}-{competition.pk:06d}"
        competition.wrapped_key, competition.master_key_id = sealing.new_wrapped_key(competition.pk)
    Competition.objects.bulk_update([competition for _spec, competition in published],
                                    ["reference", "wrapped_key", "master_key_id"], batch_size=500)
    CompetitionVersion.objects.bulk_create(
        [CompetitionVersion(competition=competition, number=1, created_by_id=spec.owner_id,
                            created_at=competition.published_at,
                            snapshot=_snapshot(competition, spec, by_competition[competition.pk], categories,
                                               regions))
         for spec, competition in published],
        batch_size=BATCH,
    )
    assessments = ConflictsAssessment.objects.bulk_create(
        [ConflictsAssessment(competition=competition, recorded_by_id=spec.owner_id,
                             recorded_at=competition.published_at - timedelta(hours=2))
         for spec, competition in published],
        batch_size=BATCH,
    )
    ConflictEntry.objects.bulk_create(
        [ConflictEntry(assessment=assessment, name=spec.owner_name, role=ConflictRole.OWNER, user_id=spec.owner_id)
         for (spec, _competition), assessment in zip(published, assessments, strict=True)],
        batch_size=BATCH,
    )
    _invite([competition.pk for _spec, competition in published])


def _snapshot(competition: Competition, spec: _Spec, criteria: list[Criterion], categories: dict,
              regions: dict) -> dict:
    """The version-1 notice, in the shape `marketplace.competitions.versions.snapshot` stores."""
    return {
        "title": competition.title, "summary": competition.summary, "problem": competition.problem,
        "category": categories[spec.category_slug][1], "budget_min_pence": competition.budget_min_pence,
        "budget_max_pence": competition.budget_max_pence, "contract_months": competition.contract_months,
        "expected_start": competition.expected_start.isoformat(), "location": competition.location,
        "regions": sorted(regions[code][1] for code in spec.regions),
        "outcomes": [{"description": d, "success_measure": m} for d, m in spec.outcomes],
        "criteria": [
            {"id": c.pk, "name": c.name, "kind": c.kind, "weighting": c.weighting, "question": c.question,
             "guidance": c.guidance, "word_limit": c.word_limit, "scale": c.scale}
            for c in criteria
        ],
        "documents": [],
        "clarification_deadline": competition.clarification_deadline.isoformat(),
        "submission_deadline": competition.submission_deadline.isoformat(),
        "expected_award_date": competition.expected_award_date.isoformat(),
    }


def _invite(competition_ids: list[int] | None = None) -> None:
    """Rule 4 in one statement per batch: every supplier admitted to the category before the deadline (and before
    any cancellation) is invited, at publication, or when admitted if that was later (then marked late).

    Without ids: every published competition, the demo's included, so that bulk suppliers admitted after a demo
    competition was published are invited to it, as `invite_newly_admitted` would have done, rather than all at
    once (with an email each) by the tick's catch-up.
    """
    invitation, competition, admission = (Invitation._meta.db_table, Competition._meta.db_table,
                                          Admission._meta.db_table)
    statement = f"""
        INSERT INTO {invitation} (competition_id, supplier_id, invited_at, late)
        SELECT c.id, a.organisation_id,
               CASE WHEN a.admitted_at > c.published_at THEN a.admitted_at ELSE c.published_at END,
               (a.admitted_at > c.published_at)
        FROM {competition} c
        JOIN {admission} a ON a.category_id = c.category_id AND a.status = %s
        WHERE c.published_at IS NOT NULL AND a.admitted_at < c.submission_deadline
          AND (c.cancelled_at IS NULL OR a.admitted_at < c.cancelled_at)
          AND NOT EXISTS (SELECT 1 FROM {invitation} i
                          WHERE i.competition_id = c.id AND i.supplier_id = a.organisation_id)
    """  # noqa: S608 -- table names from the models' metadata; values are parameters
    with connection.cursor() as cursor:
        if competition_ids is None:
            cursor.execute(statement, [AdmissionStatus.ACTIVE.value])
            return
        for index in range(0, len(competition_ids), 500):
            batch = competition_ids[index:index + 500]
            cursor.execute(f"{statement} AND c.id IN ({', '.join(['%s'] * len(batch))})",
                           [AdmissionStatus.ACTIVE.value, *batch])


# Bids.


def _bids(start: int, count: int, stdout) -> int:
    """Spread `count` new bids over bench competitions that are open or closed, from invited suppliers only."""
    rng = random.Random(f"{SEED}:bids:{start}")
    now = timezone.now()
    eligible = list(
        bench_competitions().filter(status__in=[CompetitionStatus.PUBLISHED, CompetitionStatus.CLOSED]).order_by("pk")
    )
    if not eligible:
        raise ValueError("Bench bids need bench competitions that are open or closed")
    ids = [competition.pk for competition in eligible]
    invited: dict[int, list[int]] = {}
    for competition_id, supplier_id in (Invitation.objects.filter(competition_id__in=ids)
                                        .order_by("competition_id", "supplier_id")
                                        .values_list("competition_id", "supplier_id")):
        invited.setdefault(competition_id, []).append(supplier_id)
    taken: dict[int, set[int]] = {}
    for competition_id, supplier_id in Bid.objects.filter(competition_id__in=ids).values_list(
        "competition_id", "supplier_id"
    ):
        taken.setdefault(competition_id, set()).add(supplier_id)
    room = {pk: len(invited.get(pk, [])) - len(taken.get(pk, ())) for pk in ids}
    quota = _quotas(rng, ids, room, count)
    if sum(quota.values()) < count:
        raise ValueError(f"Only {sum(quota.values()):,} more bids fit: every invited supplier has bid")
    users = dict(Membership.objects.filter(organisation__kind=Side.SUPPLIER, role=Role.ADMIN)
                 .order_by("organisation_id", "-pk").values_list("organisation_id", "user_id"))
    questions: dict[int, list[int]] = {}
    for competition_id, criterion_id in (Criterion.objects.filter(competition_id__in=ids)
                                         .exclude(kind=CriterionKind.PRICE).order_by("competition_id", "position")
                                         .values_list("competition_id", "pk")):
        questions.setdefault(competition_id, []).append(criterion_id)
    done = 0
    pending: list[tuple[Bid, list[BidRevision]]] = []
    for competition in eligible:
        wanted = quota.get(competition.pk, 0)
        if not wanted:
            continue
        free = [pk for pk in invited.get(competition.pk, []) if pk not in taken.get(competition.pk, set())]
        for supplier_id in rng.sample(free, wanted):
            pending.append(_bid(rng, competition, supplier_id, users[supplier_id], questions[competition.pk], now))
        if len(pending) >= BID_CHUNK:
            done += _insert_bids(pending)
            pending = []
            if stdout is not None:
                stdout.write(f"  {start + done:,} bench bids")
    return done + _insert_bids(pending)


def _quotas(rng: random.Random, ids: list[int], room: dict[int, int], count: int) -> dict[int, int]:
    """How many new bids each competition gets: uneven (some draw many, some few), never more than have room."""
    weights = {pk: rng.uniform(0.2, 1.8) for pk in ids if room[pk] > 0}
    total = sum(weights.values()) or 1
    quota = {pk: min(room[pk], int(count * weight / total)) for pk, weight in weights.items()}
    short = count - sum(quota.values())
    open_ones = [pk for pk in weights if quota[pk] < room[pk]]
    while short > 0 and open_ones:
        pk = rng.choice(open_ones)
        quota[pk] += 1
        short -= 1
        if quota[pk] >= room[pk]:
            open_ones.remove(pk)
    return quota


def _content(rng: random.Random, questions: list[int], price_pence: int) -> dict:
    """A bid's content in the shape the services seal: answers by criterion id, price, breakdown, note."""
    fill = {"technique": rng.choice(TECHNIQUES), "k": rng.randint(2, 40)}
    delivery = _nice(price_pence * rng.uniform(0.5, 0.8))
    return {
        "answers": {
            str(criterion_id): " ".join(sentence.format(**fill) for sentence in rng.sample(ANSWER_SENTENCES, 3))
            for criterion_id in questions
        },
        "price_pence": price_pence,
        "price_breakdown": [{"item": "Delivery", "pence": delivery},
                            {"item": "Support and training", "pence": price_pence - delivery}],
        "price_note": rng.choice(["Prices exclude VAT.", "Prices exclude VAT and include all travel.", ""]),
        "attachments": [],
    }


def _bid(rng, competition: Competition, supplier_id: int, user_id: int, questions: list[int], now):
    """An unsaved bid and its revisions, sealed as the services seal them, each arriving before the deadline."""
    state = _pick(rng, OPEN_BID_STATES if competition.status == CompetitionStatus.PUBLISHED else CLOSED_BID_STATES)
    latest = min(competition.submission_deadline, now) - timedelta(minutes=1)
    started = competition.published_at + (latest - competition.published_at) * rng.uniform(0.05, 0.6)
    price = _nice(rng.uniform(competition.budget_min_pence * 0.8, competition.budget_max_pence * 1.05))
    submissions = 0 if state == BidStatus.DRAFT else (2 if rng.random() < REVISED else 1)
    # When it was started, each submission, and the last change (a draft's save, or the withdrawal).
    moments = sorted(started + (latest - started) * rng.random() for _ in range(submissions + 2))
    content = _content(rng, questions, price)
    revisions = []
    for number in range(1, submissions + 1):
        if number > 1:
            content = _content(rng, questions, _nice(price * rng.uniform(0.85, 1.0)))
        revisions.append(BidRevision(
            number=number, received_at=moments[number], submitted_by_id=user_id, competition_version=1,
            content_hmac=sealing.content_hmac(content),
            sealed_content=sealing.seal_json(competition, supplier_id, revision_purpose(number), content),
        ))
    if state == BidStatus.DRAFT and rng.random() < 0.5:
        content = {**content, "price_pence": None, "price_breakdown": []}  # not priced yet
    last = revisions[-1].received_at if state == BidStatus.SUBMITTED else moments[-1]
    bid = Bid(
        competition=competition, supplier_id=supplier_id, updated_by_id=user_id, created_at=moments[0],
        updated_at=last, status=state, revision=submissions, edit_version=2 + submissions * 3,
        submitted_at=revisions[-1].received_at if revisions else None,
        withdrawn_at=last if state == BidStatus.WITHDRAWN else None,
        confirmed_version=1 if submissions else 0,
        sealed_draft=sealing.seal_json(competition, supplier_id, DRAFT_PURPOSE, content),
    )
    return bid, revisions


def _insert_bids(pending: list[tuple[Bid, list[BidRevision]]]) -> int:
    if not pending:
        return 0
    bids = Bid.objects.bulk_create([bid for bid, _revisions in pending], batch_size=BATCH)
    revisions = []
    for bid, (_unsaved, bid_revisions) in zip(bids, pending, strict=True):
        for revision in bid_revisions:
            revision.bid = bid
            revisions.append(revision)
    BidRevision.objects.bulk_create(revisions, batch_size=BATCH)
    return len(bids)
