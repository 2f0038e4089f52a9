"""Demo competitions in every state, run by the demo buyers through the competition services.

- Westmoor Police: open, triaging digital evidence. Both suppliers admitted to artificial intelligence (Brightwave
  Analytics and Cobalt Robotics) are invited; clarifications asked and published (one redacted, one as asked, one
  still waiting), and both suppliers have bid, Brightwave twice (its bid is at revision 2).
- Riverside University Hospitals NHS Foundation Trust: closed and awaiting evaluation, cutting missed outpatient
  appointments, with Brightwave's bid sealed inside it.
- Department for Digital Services: published, then cancelled with a reason (summarising consultation responses).
- Northshire County Council: a draft saved part-way (reducing missed bin collections). The council is not yet
  verified by the operators, so it could not publish it anyway.

Every step goes through the services (so the audit log records it, bids are sealed under the competition's key,
invitations and emails go out) except one: the closed competition's dates are moved into the past afterwards
(see `_as_if_the_deadline_passed`). Told once per competition: a buyer that already has a competition with the
story's title is left alone.
"""

from dataclasses import dataclass, field
from datetime import time, timedelta

from django.utils import timezone

from marketplace.accounts.models import Organisation, Side, User
from marketplace.competitions import services
from marketplace.competitions.models import (
    Bid,
    BidRevision,
    Competition,
    CompetitionVersion,
    ConflictRole,
    CriterionKind,
    Invitation,
)
from marketplace.competitions.services import ConflictInput, CriterionInput
from marketplace.competitions.timing import uk_to_utc
from marketplace.taxonomy.models import Category, Region

from .people import supplier_domains

DRAFT = "draft"
OPEN = "open"
CLOSED = "closed"
CANCELLED = "cancelled"

BRIGHTWAVE = "09876543"
COBALT = "08123456"

QUALITY, PRICE, SOCIAL_VALUE = CriterionKind.QUALITY, CriterionKind.PRICE, CriterionKind.SOCIAL_VALUE


@dataclass
class Question:
    asker: str  # company number of the supplier that asks
    text: str
    published: str | None = None  # the wording published (redacted); None to publish as asked
    answer: str | None = None  # None: still waiting for an answer


@dataclass
class BidSpec:
    supplier: str  # company number
    answers: list[str]  # one per question criterion, in order
    breakdown: list[tuple[str, int]]  # (item, pounds); the price is their total
    note: str = ""
    revised: "BidSpec | None" = None  # submitted again as revision 2


@dataclass
class Story:
    buyer: str
    owner: str  # email of the buyer user who owns it
    state: str
    title: str
    category: str
    summary: str
    problem: str
    pounds: tuple[int, int]
    contract_months: int
    start_in_days: int
    location: str
    regions: tuple[str, ...]
    outcomes: list[tuple[str, str]]
    criteria: list[CriterionInput]
    conflicts: list[ConflictInput] = field(default_factory=list)
    clarification_days: int = 10  # days from now, for the timeline
    deadline_days: int = 21
    questions: list[Question] = field(default_factory=list)
    bids: list[BidSpec] = field(default_factory=list)
    cancel_reason: str = ""
    # For a closed story: how long ago it was published and its deadline passed.
    published_days_ago: int = 24
    deadline_days_ago: int = 3


STORIES = [
    Story(
        buyer="Westmoor Police",
        owner="digital.forensics@westmoor.police.uk",
        state=OPEN,
        title="Triage digital evidence from seized phones and computers",
        category="artificial-intelligence",
        summary="Help investigators find the evidence that matters in seized phones and computers sooner, so fewer "
        "cases wait months for a digital forensic examination.",
        problem="Our digital forensics unit receives about 2,400 phones, computers and storage devices a year. A "
        "typical phone now holds more than 100,000 messages, photographs and videos. About 900 devices are waiting "
        "to be examined, some of them for more than six months. Investigations stall, suspects stay on bail for "
        "longer and victims wait for a charging decision.\n\n"
        "Examiners spend most of their time looking through material that turns out to be irrelevant. We want "
        "help finding the material that matters to each investigation first (the messages, images and locations "
        "an investigator needs) while examiners stay in charge of every evidential decision and everything found "
        "remains admissible in court.\n\n"
        "We are not asking for a particular product. Tell us how you would shorten the time to a first useful "
        "finding, and how you would show that it works on our devices.",
        pounds=(250_000, 600_000),
        contract_months=24,
        start_in_days=90,
        location="The digital forensics unit in Harrogate and the force's hubs in Scarborough and Skipton",
        regions=("TLE",),
        outcomes=[
            ("Investigators get the first useful findings from a seized phone sooner",
             "The median time from a device arriving to the first findings report falls from 41 days to 10 "
             "days within 12 months"),
            ("Fewer devices wait for examination",
             "Devices waiting more than 30 days fall from about 900 to under 200 by the end of the first year"),
            ("Evidence found stays admissible",
             "No evidence found with the solution is excluded at court because of how it was found, and the "
             "method is accredited to ISO/IEC 17025 within the contract"),
        ],
        criteria=[
            CriterionInput(QUALITY, "Approach to triage", 35, word_limit=750,
                           question="How would your solution help examiners and investigators find the material "
                           "that matters to an investigation first? Describe how officers stay in control of each "
                           "decision, and how you would show it works on our devices."),
            CriterionInput(QUALITY, "Evidential integrity and security", 20, word_limit=500,
                           question="How will you keep evidence admissible and secure: continuity, audit, "
                           "validation of your methods and accreditation under the Forensic Science Regulator's "
                           "Code of Practice?"),
            CriterionInput(QUALITY, "Introduction and training", 10, word_limit=400,
                           question="How will you introduce the solution at our three sites and train examiners "
                           "without adding to the backlog while you do?"),
            CriterionInput(SOCIAL_VALUE, "Staff wellbeing", 5, word_limit=300,
                           question="How will the contract help protect the wellbeing of staff who review "
                           "distressing material?"),
            CriterionInput(PRICE, "Price", 30),
        ],
        conflicts=[
            ConflictInput("Fiona Grant", ConflictRole.OTHER, has_conflict=False),
            ConflictInput("DS Laura Bennett", ConflictRole.EVALUATOR, has_conflict=True,
                          conflict="Worked for a digital forensics software company until March 2024. The "
                          "company is not admitted to the marketplace.",
                          mitigation="She will not score the approach criterion; a second evaluator from the "
                          "regional unit scores it instead, and the owner reviews her other scores."),
        ],
        clarification_days=12,
        deadline_days=24,
        questions=[
            Question(
                BRIGHTWAVE,
                "Brightwave already hosts a triage model for a metropolitan borough in a UK cloud region. Can we "
                "use that hosting, or must everything run inside the force's network?",
                published="Can a supplier host the solution in a UK cloud region, or must everything run inside "
                "the force's network?",
                answer="Processing may happen in a UK cloud region if the supplier meets the security schedule in "
                "the documents and the force holds the encryption keys. Material from devices must never leave "
                "the UK.",
            ),
            Question(
                COBALT,
                "How many devices can you share for a proof of concept, and in what form?",
                answer="We cannot share material from real cases before award. After award, the proof of concept "
                "uses a test set of 40 devices prepared from volunteers and training exercises, with known "
                "findings, so results can be checked.",
            ),
            Question(
                COBALT,
                "Will examiners' workstations have graphics processors, or should we include processing hardware "
                "in our price?",
            ),
        ],
        bids=[
            BidSpec(
                BRIGHTWAVE,
                answers=[
                    "Our triage service reads the extraction from each device (messages, emails, documents and "
                    "the text in images) and ranks items against the investigation's questions, which the "
                    "officer in the case writes in plain words. Examiners see the highest-ranked items first, "
                    "with the words and entities that made each one relevant. Nothing is marked as evidence "
                    "without an examiner's decision, and every ranking can be overruled. We would prove it on "
                    "the force's test set before any live case, against times the unit already measures.",
                    "The service never changes an extraction: it works on a read-only copy and records a hash of "
                    "every item it reads. Every ranking, search and examiner decision is written to an audit "
                    "log that the unit can produce for disclosure. We will validate the method with the unit's "
                    "quality manager to support ISO/IEC 17025 accreditation.",
                    "We would start at Harrogate with four examiners for six weeks, then add Scarborough and "
                    "Skipton. Training is two half-days per examiner, delivered on site in quiet weeks agreed "
                    "with the unit manager, with a named analyst on call during the first live cases.",
                    "Images classified as likely to be distressing are blurred by default and shown only when an "
                    "examiner chooses. We will fund the unit's access to a trauma-informed wellbeing service for "
                    "the length of the contract.",
                ],
                breakdown=[("Service licences for 24 months", 288_000), ("Implementation and integration", 132_000),
                           ("Training", 48_000), ("Support and method validation", 72_000)],
                note="Prices exclude VAT.",
                revised=BidSpec(
                    BRIGHTWAVE,
                    answers=[
                        "Our triage service reads the extraction from each device (messages, emails, documents "
                        "and the text in images) and ranks items against the investigation's questions, which "
                        "the officer in the case writes in plain words. Examiners see the highest-ranked items "
                        "first, with the words and entities that made each one relevant. Nothing is marked as "
                        "evidence without an examiner's decision, and every ranking can be overruled. We would "
                        "prove it on the force's test set of 40 devices before any live case, against the times "
                        "the unit already measures, and report the results to the owner each month.",
                        "The service never changes an extraction: it works on a read-only copy and records a hash "
                        "of every item it reads. Every ranking, search and examiner decision is written to an "
                        "audit log that the unit can produce for disclosure. We will validate the method with the "
                        "unit's quality manager to support ISO/IEC 17025 accreditation. Processing stays in our "
                        "UK cloud tenancy and the force holds the encryption keys, as the clarification allows.",
                        "We would start at Harrogate with four examiners for six weeks, then add Scarborough and "
                        "Skipton. Training is two half-days per examiner, delivered on site in quiet weeks agreed "
                        "with the unit manager, with a named analyst on call during the first live cases.",
                        "Images classified as likely to be distressing are blurred by default and shown only when "
                        "an examiner chooses. We will fund the unit's access to a trauma-informed wellbeing service "
                        "for the length of the contract.",
                    ],
                    breakdown=[("Service licences for 24 months", 264_000),
                               ("Implementation and integration", 111_000), ("Training", 48_000),
                               ("Support and method validation", 72_000)],
                    note="Prices exclude VAT. Revised after the clarification on UK cloud hosting: using our "
                    "existing UK tenancy lowers the implementation cost.",
                ),
            ),
            BidSpec(
                COBALT,
                answers=[
                    "We would bring the computer-vision models we use to find defects in drone imagery to the "
                    "images and videos on seized devices. They group near-duplicate images, recognise objects, "
                    "documents and places, and read text in pictures, so an examiner can review a phone's "
                    "200,000 images as a few thousand groups, most relevant first. Examiners confirm every "
                    "finding; the models only change the order in which material is seen.",
                    "Our processing appliance sits inside the force's network and has no internet connection. "
                    "It reads a verified copy of each extraction, logs every action with the examiner's name, "
                    "and produces a validation report for each model version for the unit's quality manager.",
                    "We would install the appliance at Harrogate first, run it alongside the current process on "
                    "closed cases for a month, then move to live cases and the two hubs. Each examiner has one "
                    "day of training.",
                    "Grouping near-duplicates means examiners see each distressing image once rather than many "
                    "times. We will offer every examiner a confidential counselling service.",
                ],
                breakdown=[("Software licences for 24 months", 220_000), ("Processing appliance at each site", 90_000),
                           ("Installation", 80_000), ("Training", 40_000)],
                note="Prices exclude VAT. The appliances remain the force's property at the end of the contract.",
            ),
        ],
    ),
    Story(
        buyer="Riverside University Hospitals NHS Foundation Trust",
        owner="outpatients@riverside.nhs.uk",
        state=CLOSED,
        title="Cut missed outpatient appointments",
        category="artificial-intelligence",
        summary="Reduce the number of outpatient appointments missed without notice, so more patients are seen and "
        "waiting lists come down.",
        problem="About 8% of our outpatient appointments, some 52,000 a year, are missed without notice. Each "
        "missed appointment wastes a clinic slot and leaves the patient waiting longer. Missed appointments are "
        "most common among younger adults, people in our most deprived neighbourhoods and patients whose letters "
        "went to an old address.\n\n"
        "We already send text reminders seven days and two days before each appointment. We want to know which "
        "patients are likely to miss an appointment and what would help them attend (a call, a different time, a "
        "video appointment, help with transport), and to offer the slots that will be missed to other patients. "
        "The solution must work with our patient administration system and meet NHS data protection and clinical "
        "safety standards (DCB0129 and DCB0160).",
        pounds=(80_000, 220_000),
        contract_months=18,
        start_in_days=60,
        location="Riverside Hospital and Hillfoot Community Clinic, Sheffield",
        regions=("TLE",),
        outcomes=[
            ("Fewer outpatient appointments missed without notice",
             "Missed appointments fall from 8% to 5% in the specialties using the service within 9 months"),
            ("Slots that will be missed are used by other patients",
             "At least half of the slots predicted to be missed are rebooked or safely overbooked, measured monthly"),
            ("No group of patients is left behind",
             "Attendance improves, or at least does not fall, for every age group and deprivation quintile, "
             "checked each quarter with the trust's health inequalities lead"),
        ],
        criteria=[
            CriterionInput(QUALITY, "Approach", 40, word_limit=600,
                           question="How would you find the patients likely to miss an appointment, and what would "
                           "you do to help them attend?"),
            CriterionInput(QUALITY, "Data protection and clinical safety", 20, word_limit=400,
                           question="How will you protect patients' data and meet DCB0129 and DCB0160?"),
            CriterionInput(SOCIAL_VALUE, "Health inequalities", 10, word_limit=300,
                           question="How will this contract help reduce health inequalities in Sheffield?"),
            CriterionInput(PRICE, "Price", 30),
        ],
        conflicts=[ConflictInput("Helen Carter", ConflictRole.OTHER, has_conflict=False)],
        clarification_days=8,
        deadline_days=14,
        bids=[
            BidSpec(
                BRIGHTWAVE,
                answers=[
                    "A model trained on two years of the trust's attendance history scores each booked "
                    "appointment a fortnight ahead. Patients with the highest scores get a call from the booking "
                    "team, who offer another time, a video appointment or the trust's transport scheme. Slots "
                    "with a high chance of being missed are offered first to patients on the short-notice list. "
                    "Clinicians decide which clinics may be overbooked and by how much.",
                    "Data stays in the trust's tenancy and is pseudonymised before modelling. We hold the NHS "
                    "Data Security and Protection Toolkit standard, will write the DCB0129 safety case with our "
                    "clinical safety officer and support the trust's DCB0160 assessment.",
                    "We will check every month that attendance rises for each age group and deprivation "
                    "quintile, and change who is called first if any group falls behind. We will recruit two "
                    "apprentices from Sheffield to the booking support team.",
                ],
                breakdown=[("Service for 18 months", 126_000), ("Integration with the patient administration "
                                                                  "system", 36_000),
                           ("Clinical safety case and training", 24_000)],
                note="Prices exclude VAT.",
            ),
        ],
    ),
    Story(
        buyer="Department for Digital Services",
        owner="buyer@dds.gov.uk",
        state=CANCELLED,
        title="Summarise responses to public consultations",
        category="artificial-intelligence",
        summary="Help policy teams read and summarise tens of thousands of free-text consultation responses "
        "accurately and quickly.",
        problem="The department runs about 15 public consultations a year. A large one can draw more than 30,000 "
        "responses, most of them free text. Analysts spend up to 12 weeks reading and coding them by hand before "
        "ministers can see what people said, and the coding is hard to check.\n\n"
        "We want policy teams to get an accurate, checkable summary of what respondents said (the themes, how "
        "many people raised each one, and representative quotations) within days of a consultation closing, with "
        "analysts checking and correcting the themes.",
        pounds=(150_000, 400_000),
        contract_months=24,
        start_in_days=75,
        location="London, with remote working",
        regions=("TLI",),
        outcomes=[
            ("Policy teams see what respondents said sooner",
             "The time from a consultation closing to a summary for ministers falls from 12 weeks to 3"),
            ("Summaries are accurate and can be checked",
             "Analysts agree with at least 90% of theme assignments in a sample of 500 responses per consultation"),
        ],
        criteria=[
            CriterionInput(QUALITY, "Approach", 45, word_limit=600,
                           question="How would you turn free-text responses into themes that analysts can check "
                           "and correct?"),
            CriterionInput(QUALITY, "Accuracy and assurance", 20, word_limit=500,
                           question="How will you measure and report the accuracy of the themes, and show how "
                           "each summary was reached?"),
            CriterionInput(SOCIAL_VALUE, "Skills", 5, word_limit=250,
                           question="How will you build the department's own analysts' skills?"),
            CriterionInput(PRICE, "Price", 30),
        ],
        deadline_days=30,
        clarification_days=20,
        cancel_reason="The department's consultation programme is paused until after the spending review, so the "
        "need will not arise during the contract. We will publish a new competition if it returns. Thank you to "
        "the suppliers who prepared bids.",
    ),
    Story(
        buyer="Northshire County Council",
        owner="digital@northshire.gov.uk",
        state=DRAFT,
        title="Reduce missed bin collections",
        category="data-analytics",
        summary="Cut the number of missed household bin collections, and get missed bins emptied sooner.",
        problem="Northshire is a unitary county council. Our crews empty about 290,000 households' bins every "
        "fortnight, and residents report about 1,400 missed collections a month. Most are on narrow rural lanes, "
        "at new-build estates not yet on our rounds, and in the weeks after a round changes. Going back costs "
        "about £35 a time, and repeat misses are the biggest single cause of complaints to the council.\n\n"
        "Crews note problems on paper sheets that reach the office days later, so we cannot tell residents why "
        "their bin was missed or when we will come back. We want fewer missed collections, and residents told "
        "promptly when one happens.",
        pounds=(60_000, 180_000),
        contract_months=24,
        start_in_days=120,
        location="Countywide, from the depots in Northallerton and Thirsk",
        regions=("TLE",),
        outcomes=[
            ("Fewer missed collections",
             "Missed collections reported by residents fall from about 1,400 a month to under 700 within a year"),
            ("Missed bins are emptied sooner", "90% of reported missed bins are emptied within two working days"),
            ("Residents know what is happening",
             "Residents who report a missed bin are told the reason and the return date on the same day"),
        ],
        criteria=[
            CriterionInput(QUALITY, "Approach", 50, word_limit=600,
                           question="How would you reduce missed collections on our rounds, and how would crews "
                           "and residents use it?"),
            CriterionInput(QUALITY, "Working with our crews", 15, word_limit=400,
                           question="How will you introduce the change with our crews and the trade unions?"),
            CriterionInput(PRICE, "Price", 35),
        ],
    ),
]


def create_competitions() -> int:
    """Each story, once; returns how many competitions were made."""
    made = 0
    for story in STORIES:
        buyer = Organisation.objects.get(kind=Side.BUYER, name=story.buyer)
        if Competition.objects.filter(buyer=buyer, title=story.title).exists():
            continue
        _tell(story, owner=User.objects.get(email=story.owner))
        made += 1
    return made


def _tell(story: Story, *, owner) -> Competition:
    competition = services.competition_create(
        actor=owner, title=story.title, category=Category.objects.get(slug=story.category)
    )
    low, high = story.pounds
    services.competition_update(
        actor=owner, competition=competition, summary=story.summary, problem=story.problem,
        budget_min_pence=low * 100, budget_max_pence=high * 100, contract_months=story.contract_months,
        expected_start=timezone.localdate() + timedelta(days=story.start_in_days), location=story.location,
        regions=list(Region.objects.filter(code__in=story.regions)),
    )
    services.competition_set_outcomes(actor=owner, competition=competition, outcomes=story.outcomes)
    services.competition_set_criteria(actor=owner, competition=competition, criteria=story.criteria)
    if story.state == DRAFT:
        # Saved part-way, as buyers build a competition in steps: no timeline or conflicts assessment yet.
        return competition
    today = timezone.localdate()
    # Midday UK time, which never falls in a clock change.
    submission_deadline = uk_to_utc(today + timedelta(days=story.deadline_days), time(12, 0))
    services.competition_set_timeline(
        actor=owner, competition=competition,
        clarification_deadline=uk_to_utc(today + timedelta(days=story.clarification_days), time(12, 0)),
        submission_deadline=submission_deadline,
        expected_award_date=today + timedelta(days=story.deadline_days + 28),
    )
    services.conflicts_assessment_record(
        actor=owner, competition=competition,
        entries=[ConflictInput(owner.get_full_name(), ConflictRole.OWNER, has_conflict=False, user_id=owner.pk),
                 *story.conflicts],
    )
    competition = services.competition_publish(actor=owner, competition=competition)
    domains = supplier_domains()
    bidder = {number: User.objects.get(email=f"bids@{domain}") for number, domain in domains.items()}
    for question in story.questions:
        asked = services.clarification_ask(actor=bidder[question.asker], competition=competition,
                                           question=question.text)
        if question.answer is not None:
            services.clarification_publish(
                actor=owner, clarification=asked, published_question=question.published or question.text,
                answer=question.answer,
            )
    for spec in story.bids:
        _bid(bidder[spec.supplier], competition, spec)
        if spec.revised is not None:
            _bid(bidder[spec.supplier], competition, spec.revised)
    if story.state == CLOSED:
        _as_if_the_deadline_passed(competition, published_days_ago=story.published_days_ago,
                                   deadline_days_ago=story.deadline_days_ago)
        # What `manage.py tick` does once a deadline has passed: stamp the close and tell the buyer.
        services.competitions_close_due()
    elif story.state == CANCELLED:
        services.competition_cancel(actor=owner, competition=competition, reason=story.cancel_reason)
    return competition


def _bid(user, competition: Competition, spec: BidSpec) -> None:
    """Write the bid's answers and price and submit it, as the supplier's bid writer would, a page at a time."""
    questions = list(competition.criteria.exclude(kind=CriterionKind.PRICE).order_by("position"))
    answers = {str(criterion.pk): text for criterion, text in zip(questions, spec.answers, strict=True)}
    breakdown = [{"item": item, "pence": pounds * 100} for item, pounds in spec.breakdown]
    services.bid_save_answers(actor=user, competition=competition,
                              expected_edit_version=_edit_version(user, competition), answers=answers)
    services.bid_save_price(actor=user, competition=competition,
                            expected_edit_version=_edit_version(user, competition),
                            price_pence=sum(line["pence"] for line in breakdown), breakdown=breakdown, note=spec.note)
    services.bid_submit(actor=user, competition=competition, expected_edit_version=_edit_version(user, competition))


def _edit_version(user, competition: Competition) -> int | None:
    bid = Bid.objects.filter(competition=competition, supplier__memberships__user=user).first()
    return bid.edit_version if bid else None


def _as_if_the_deadline_passed(competition: Competition, *, published_days_ago: int, deadline_days_ago: int) -> None:
    """Move a published competition's dates into the past, so that its deadline has passed.

    The services cannot make this directly, on purpose: publishing stamps the database's clock, a submission
    deadline must be at least 10 days after publication (rule 5), and a bid arriving after the deadline is refused
    (rule 8). So the demo publishes with a normal future deadline and submits its bids through the services, then
    rewrites the dates with a queryset update, as tests/competition_builder.pass_deadline does: publication, the
    clarification and submission deadlines, invitations, the bids' submission times (kept before the deadline) and
    the published version's snapshot of the deadlines. The audit events keep the real times: the chain is
    untouched, so `audit_verify` stays intact; only this demo competition's rows differ from its events.
    """
    now = timezone.now()
    today = timezone.localdate()
    published_at = now - timedelta(days=published_days_ago)
    submission_deadline = uk_to_utc(today - timedelta(days=deadline_days_ago), time(12, 0))
    clarification_deadline = submission_deadline - timedelta(days=6)
    received_at = submission_deadline - timedelta(days=2, hours=3)
    Competition.objects.filter(pk=competition.pk).update(
        created_at=published_at - timedelta(days=5), updated_at=published_at, published_at=published_at,
        clarification_deadline=clarification_deadline, submission_deadline=submission_deadline,
        expected_award_date=timezone.localdate(submission_deadline) + timedelta(days=28),
    )
    version = CompetitionVersion.objects.get(competition=competition, number=1)
    version.snapshot.update({
        "clarification_deadline": clarification_deadline.isoformat(),
        "submission_deadline": submission_deadline.isoformat(),
        "expected_award_date": (timezone.localdate(submission_deadline) + timedelta(days=28)).isoformat(),
    })
    CompetitionVersion.objects.filter(pk=version.pk).update(snapshot=version.snapshot, created_at=published_at)
    Invitation.objects.filter(competition=competition).update(invited_at=published_at)
    bids = Bid.objects.filter(competition=competition)
    bids.update(created_at=received_at - timedelta(days=1), updated_at=received_at)
    bids.exclude(submitted_at=None).update(submitted_at=received_at)
    BidRevision.objects.filter(bid__competition=competition).update(received_at=received_at)
