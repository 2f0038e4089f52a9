"""Demo competitions past their deadline, at three stages of evaluation and award (rules 9 and 10), run by the demo
buyers and their evaluators through the evaluation and award services.

- Westmoor Police, being evaluated (reading vehicle number plates in poor light): the owner has opened the bids and
  assigned two evaluators; Michael Osei has declared no conflicts, scored every bid and submitted his scores; Laura
  Bennett has declared and saved draft scores for one bid.
- Department for Digital Services, in standstill (finding duplicate grant applications): scored by both
  evaluators, moderated, the award decided by the buyer admin, assessment summaries sent and the contract award
  notice published two days ago; standstill ends in about a week.
- Riverside University Hospitals NHS Foundation Trust, awarded (transcribing clinic letters): the same, a month
  earlier, and its standstill has ended.

Each competition is built, published and bid for like the other demo stories (demo/competitions.py), its dates
moved into the past so that its deadline has passed; then every evaluation step goes through the services: open
the bids (owner) → assign evaluators → declare conflicts → save and submit scores → moderate → decide the award
(buyer admin) → send the assessment summaries → publish the award notice → end standstill (`standstills_end_due`,
as the tick does). Afterwards the evaluation's own timestamps are moved back by a few days, as the deadlines
were (see `_as_if_earlier`); the audit events keep the real times. Told once per competition, like the others.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import F

from marketplace.accounts.models import Organisation, Side, User
from marketplace.competitions import selectors_evaluation, services
from marketplace.competitions.models import (
    AssessmentSummary,
    Award,
    Bid,
    BidStatus,
    Competition,
    ConflictDeclaration,
    ConflictRole,
    EvaluatedPrice,
    EvaluatorAssignment,
    EvaluatorSubmission,
    ModeratedScore,
    Score,
)
from marketplace.competitions.services import ConflictInput, CriterionInput, Declaration
from marketplace.competitions.services.award import standstill_end
from marketplace.competitions.services.evaluation import pairs_to_score, scored_criteria, suppliers_to_declare

from .competitions import BRIGHTWAVE, CLOSED, COBALT, PRICE, QUALITY, SOCIAL_VALUE, BidSpec, Story, _tell

EVALUATING = "evaluating"
STANDSTILL = "standstill"
AWARDED = "awarded"

JUSTIFICATIONS = {
    4: "Excellent: the answer covers every part of the question with specific evidence from comparable work, and "
    "the risks are understood and managed.",
    3: "Good: the answer covers the question with relevant evidence; a few points are general rather than specific "
    "to our service.",
    2: "Acceptable: the answer addresses the question, but much of the evidence is general and some parts are "
    "asserted rather than shown.",
    1: "Weak: the answer misses parts of the question and gives little evidence that the approach would work here.",
    0: "No answer to the question, or nothing in it that addresses what was asked.",
}


@dataclass
class Evaluation:
    story: Story
    stage: str
    evaluators: tuple[str, str]  # emails: (first, second); the owner moderates with the first
    # Scores per supplier (company number), one per scored criterion in order, from the first evaluator; the
    # second gives the same except where `second` says otherwise.
    scores: dict[str, list[int]]
    second: dict[tuple[str, int], int]  # (supplier, criterion position) -> the second evaluator's score
    moderated: dict[tuple[str, int], int]  # (supplier, criterion position) -> the agreed score, where discussed
    decider: str = ""  # email of the buyer admin who decides the award
    shift_days: int = 0  # how long ago the evaluation happened


def _story(**kwargs) -> Story:
    return Story(state=CLOSED, category="artificial-intelligence", **kwargs)


EVALUATIONS = [
    Evaluation(
        story=_story(
            buyer="Westmoor Police",
            owner="digital.forensics@westmoor.police.uk",
            title="Read vehicle number plates in poor light and bad weather",
            summary="Help the force's number plate recognition cameras read plates at night, in rain and in fog as "
            "reliably as they do in daylight.",
            problem="The force runs 140 automatic number plate recognition cameras on the main roads into the "
            "county. In daylight they read about 97% of plates correctly; at night, in heavy rain and in fog that "
            "falls to about 70%, and misreads send officers after the wrong vehicles.\n\n"
            "We want more plates read correctly in poor conditions, using the cameras we already have where we "
            "can, with every read still checked by an operator before it is acted on.",
            pounds=(120_000, 350_000),
            contract_months=18,
            start_in_days=45,
            location="Roadside cameras across the county, managed from the control room in Harrogate",
            regions=("TLE",),
            outcomes=[
                ("More plates read correctly at night and in bad weather",
                 "Correct reads in poor conditions rise from about 70% to 90% within 6 months of go-live"),
                ("Fewer stops of the wrong vehicle",
                 "Stops caused by a misread plate fall by three quarters within a year"),
            ],
            criteria=[
                CriterionInput(QUALITY, "Approach", 40, word_limit=600,
                               question="How would you improve plate reading in poor light and bad weather, and "
                               "how would you show the improvement on our cameras?"),
                CriterionInput(QUALITY, "Accuracy, bias and oversight", 20, word_limit=400,
                               question="How will you measure accuracy, check for bias between plate types and "
                               "regions, and keep an operator in charge of every read?"),
                CriterionInput(SOCIAL_VALUE, "Skills in the force", 10, word_limit=250,
                               question="How will the contract build the force's own skills?"),
                CriterionInput(PRICE, "Price", 30),
            ],
            conflicts=[ConflictInput("Laura Bennett", ConflictRole.EVALUATOR, has_conflict=False),
                       ConflictInput("Michael Osei", ConflictRole.EVALUATOR, has_conflict=False)],
            clarification_days=11,
            deadline_days=18,
            published_days_ago=28,
            deadline_days_ago=6,
            bids=[
                BidSpec(
                    BRIGHTWAVE,
                    answers=[
                        "We would retrain the plate reader on the force's own night and weather footage, labelled "
                        "by our analysts and checked by control-room operators, and run it beside the current "
                        "reader for a month on six cameras before switching.",
                        "We report accuracy each week by time of day, weather and plate type, and flag any group "
                        "whose accuracy falls behind. Every read stays a suggestion until an operator confirms it.",
                        "Two of the force's analysts work with our team throughout and take over the weekly "
                        "accuracy reports in the final quarter.",
                    ],
                    breakdown=[("Model retraining and validation", 96_000), ("Integration with the control room "
                                                                              "system", 54_000),
                               ("Support for 18 months", 45_000)],
                    note="Prices exclude VAT.",
                ),
                BidSpec(
                    COBALT,
                    answers=[
                        "We would fit our low-light camera modules to the 30 cameras with the most misreads and "
                        "process their images on site with our vision models, leaving the other cameras as they "
                        "are.",
                        "Our models are validated on a test set of 50,000 plates in poor conditions, with results "
                        "reported by plate type. Operators confirm each read before it reaches an officer.",
                        "We will train the force's camera technicians to maintain the new modules.",
                    ],
                    breakdown=[("Camera modules for 30 sites", 132_000), ("Installation", 48_000),
                               ("Software and support for 18 months", 60_000)],
                    note="Prices exclude VAT. Installation needs a lane closure at 12 sites.",
                ),
            ],
        ),
        stage=EVALUATING,
        evaluators=("michael.osei@westmoor.police.uk", "laura.bennett@westmoor.police.uk"),
        scores={BRIGHTWAVE: [3, 3, 3], COBALT: [3, 2, 2]},
        second={},
        moderated={},
    ),
    Evaluation(
        story=_story(
            buyer="Department for Digital Services",
            owner="buyer@dds.gov.uk",
            title="Find duplicate and fraudulent grant applications",
            summary="Help grant teams spot applications that repeat or copy others, before money is paid.",
            problem="The department's grant schemes receive about 60,000 applications a year. Some organisations "
            "apply to several schemes for the same work, and a few applications copy text and documents from "
            "others. Assessors find these by chance, often after the grant is paid.\n\n"
            "We want likely duplicates and copied applications flagged to assessors when an application arrives, "
            "with the reasons shown, so that an assessor decides in each case.",
            pounds=(100_000, 300_000),
            contract_months=24,
            start_in_days=60,
            location="London, with remote working",
            regions=("TLI",),
            outcomes=[
                ("Duplicate funding is found before payment",
                 "At least 90% of duplicate applications are flagged before a decision, checked quarterly"),
                ("Assessors trust the flags",
                 "Assessors agree with at least 80% of flags in a monthly sample of 200"),
            ],
            criteria=[
                CriterionInput(QUALITY, "Approach", 45, word_limit=600,
                               question="How would you find duplicate and copied applications, and show assessors "
                               "why each one was flagged?"),
                CriterionInput(QUALITY, "Fairness and data protection", 20, word_limit=400,
                               question="How will you make sure flags are fair to applicants and that their data "
                               "is protected?"),
                CriterionInput(SOCIAL_VALUE, "Skills", 5, word_limit=250,
                               question="How will you build the department's own analysts' skills?"),
                CriterionInput(PRICE, "Price", 30),
            ],
            conflicts=[ConflictInput("Grace Okafor", ConflictRole.EVALUATOR, has_conflict=False),
                       ConflictInput("Joseph Adebayo", ConflictRole.EVALUATOR, has_conflict=False)],
            clarification_days=12,
            deadline_days=21,
            published_days_ago=40,
            deadline_days_ago=10,
            bids=[
                BidSpec(
                    BRIGHTWAVE,
                    answers=[
                        "We compare each new application with every application of the last five years by its "
                        "text, documents, bank details and people named, and show the assessor the matching "
                        "passages side by side with a plain-English reason.",
                        "Flags never decide anything: an assessor does. We test the flags every quarter for "
                        "differences between kinds of applicant and publish the results to the department. Data "
                        "stays in the department's tenancy.",
                        "We run a ten-week course for four of the department's analysts, who then maintain the "
                        "matching rules.",
                    ],
                    breakdown=[("Service for 24 months", 144_000), ("Integration with the grants system", 42_000),
                               ("Training", 18_000)],
                    note="Prices exclude VAT.",
                ),
                BidSpec(
                    COBALT,
                    answers=[
                        "Our document-image models find documents reused between applications, including edited "
                        "copies, and show the assessor where they match.",
                        "Applicants' documents are processed in a UK data centre and deleted after 90 days. "
                        "Assessors make every decision.",
                        "We will hold two workshops for the department's analysts.",
                    ],
                    breakdown=[("Service for 24 months", 120_000), ("Integration", 36_000)],
                    note="Prices exclude VAT.",
                ),
            ],
        ),
        stage=STANDSTILL,
        evaluators=("evaluator@dds.gov.uk", "policy.analysis@dds.gov.uk"),
        scores={BRIGHTWAVE: [4, 3, 3], COBALT: [2, 3, 2]},
        second={(BRIGHTWAVE, 0): 2, (COBALT, 1): 2},
        moderated={(BRIGHTWAVE, 0): 3},
        decider="buyer.admin@dds.gov.uk",
        shift_days=2,
    ),
    Evaluation(
        story=_story(
            buyer="Riverside University Hospitals NHS Foundation Trust",
            owner="outpatients@riverside.nhs.uk",
            title="Transcribe and draft outpatient clinic letters",
            summary="Help consultants send clinic letters to patients and GPs within days rather than weeks.",
            problem="Consultants at the trust dictate about 9,000 outpatient clinic letters a month. Letters wait "
            "up to four weeks to be typed, so GPs act late on changes to medication and patients are left "
            "unsure what was agreed.\n\n"
            "We want letters drafted from the consultation within a day, checked and signed by the clinician, "
            "and sent to the patient and their GP.",
            pounds=(150_000, 450_000),
            contract_months=24,
            start_in_days=30,
            location="Riverside Hospital and the Northern General outpatient clinics, Sheffield",
            regions=("TLE",),
            outcomes=[
                ("Letters reach GPs and patients sooner",
                 "90% of clinic letters are sent within 3 working days of the appointment within 6 months"),
                ("Letters are accurate",
                 "Clinicians change fewer than 1 in 20 drafts materially, checked monthly"),
            ],
            criteria=[
                CriterionInput(QUALITY, "Approach", 40, word_limit=600,
                               question="How would you draft letters from dictation or the consultation, and how "
                               "would clinicians check and sign them?"),
                CriterionInput(QUALITY, "Clinical safety and data protection", 25, word_limit=400,
                               question="How will you meet DCB0129 and DCB0160 and protect patients' data?"),
                CriterionInput(SOCIAL_VALUE, "Accessible letters", 5, word_limit=250,
                               question="How will letters meet patients' accessible information needs?"),
                CriterionInput(PRICE, "Price", 30),
            ],
            conflicts=[ConflictInput("Sarah Whitfield", ConflictRole.EVALUATOR, has_conflict=False),
                       ConflictInput("Rashid Iqbal", ConflictRole.EVALUATOR, has_conflict=False)],
            clarification_days=10,
            deadline_days=20,
            published_days_ago=75,
            deadline_days_ago=40,
            bids=[
                BidSpec(
                    BRIGHTWAVE,
                    answers=[
                        "Clinicians dictate as now; our speech model, tuned on the trust's specialties, drafts the "
                        "letter in the trust's template within an hour, and the clinician edits and signs it in "
                        "the electronic patient record.",
                        "We hold the NHS Data Security and Protection Toolkit standard and will write the DCB0129 "
                        "safety case with our clinical safety officer. Audio stays in the trust's tenancy.",
                        "Patients can choose large print, easy read or a spoken summary, recorded once in their "
                        "record.",
                    ],
                    breakdown=[("Service for 24 months", 216_000), ("Integration with the patient record", 48_000),
                               ("Clinical safety case and training", 30_000)],
                    note="Prices exclude VAT.",
                ),
                BidSpec(
                    COBALT,
                    answers=[
                        "We would transcribe dictations with a general speech model and have our typists correct "
                        "each draft before the clinician signs it.",
                        "Our typists work under NHS confidentiality agreements; the speech model runs in a UK "
                        "data centre. We would write a DCB0129 safety case.",
                        "Letters can be produced in large print on request.",
                    ],
                    breakdown=[("Service for 24 months", 228_000), ("Typists' checking", 84_000)],
                    note="Prices exclude VAT.",
                ),
            ],
        ),
        stage=AWARDED,
        evaluators=("clinical.safety@riverside.nhs.uk", "informatics@riverside.nhs.uk"),
        scores={BRIGHTWAVE: [4, 3, 3], COBALT: [2, 2, 1]},
        second={(COBALT, 2): 3},
        moderated={(COBALT, 2): 2},
        decider="procurement@riverside.nhs.uk",
        shift_days=30,
    ),
]


def create_evaluations() -> int:
    """Each evaluation story, once; returns how many competitions were made."""
    made = 0
    for evaluation in EVALUATIONS:
        story = evaluation.story
        buyer = Organisation.objects.get(kind=Side.BUYER, name=story.buyer)
        if Competition.objects.filter(buyer=buyer, title=story.title).exists():
            continue
        owner = User.objects.get(email=story.owner)
        competition = _tell(story, owner=owner)
        _evaluate(evaluation, Competition.objects.get(pk=competition.pk), owner)
        made += 1
    return made


def _evaluate(evaluation: Evaluation, competition: Competition, owner) -> None:
    services.competition_open_bids(actor=owner, competition=competition)
    competition = Competition.objects.get(pk=competition.pk)
    first, second = (User.objects.get(email=email) for email in evaluation.evaluators)
    for evaluator in (first, second):
        services.evaluator_assign(actor=owner, competition=competition, evaluator=evaluator)
    criteria = [c.pk for c in scored_criteria(competition)]

    def score_for(evaluator, bid, criterion) -> int:
        position = criteria.index(criterion.pk)
        key = (bid.supplier.companies_house_number, position)
        if evaluator == second and key in evaluation.second:
            return evaluation.second[key]
        return evaluation.scores[key[0]][position]

    for evaluator in (first, second):
        _declare_none(competition, evaluator)
        pairs = pairs_to_score(competition, evaluator)
        if evaluation.stage == EVALUATING and evaluator == second:
            pairs = [(bid, c) for bid, c in pairs if bid.supplier.companies_house_number == BRIGHTWAVE]  # a draft
        for bid, criterion in pairs:
            value = score_for(evaluator, bid, criterion)
            services.score_save(actor=evaluator, bid=bid, criterion=criterion, score=value,
                                justification=JUSTIFICATIONS[value])
        if evaluation.stage == EVALUATING and evaluator == second:
            return  # still scoring: nothing to moderate yet
        services.scores_submit(actor=evaluator, competition=competition)

    for bid in Bid.objects.filter(competition=competition, status=BidStatus.SUBMITTED).select_related("supplier"):
        for criterion in scored_criteria(competition):
            number, position = bid.supplier.companies_house_number, criteria.index(criterion.pk)
            agreed = evaluation.moderated.get((number, position), evaluation.scores[number][position])
            services.moderation_record(
                actor=owner, bid=bid, criterion=criterion, score=agreed, moderated_with=first,
                rationale=f"Agreed {agreed} with {first.get_full_name()}: {JUSTIFICATIONS[agreed]}",
            )

    winner = selectors_evaluation.ranking_for(competition)[0]
    competition = Competition.objects.get(pk=competition.pk)
    services.award_decide(actor=User.objects.get(email=evaluation.decider), competition=competition,
                          bid=Bid.objects.get(pk=winner.bid_id))
    services.assessment_summaries_send(actor=owner, competition=competition)
    services.award_notice_publish(actor=owner, competition=competition)
    _as_if_earlier(competition, days=evaluation.shift_days)
    # What `manage.py tick` does once a standstill has run out (the awarded story's has, after the move above).
    services.standstills_end_due()


def _declare_none(competition, evaluator) -> None:
    services.conflicts_declare(
        actor=evaluator, competition=competition,
        declarations=[Declaration(supplier_id=s.pk, has_conflict=False)
                      for s in suppliers_to_declare(competition, evaluator)],
    )


def _as_if_earlier(competition: Competition, *, days: int) -> None:
    """Move the evaluation and award `days` into the past, as the deadlines were (demo/competitions.py): opening,
    assignments, declarations, scores, moderation, the award, its summaries and notice; standstill then ends 8
    working days after the (moved) notice, as `award_notice_publish` reckons it. The audit events keep the real
    times, so the chain stays intact."""
    if not days:
        return
    back = timedelta(days=days)
    Competition.objects.filter(pk=competition.pk).update(
        closed_at=F("closed_at") - back, bids_opened_at=F("bids_opened_at") - back
    )
    EvaluatedPrice.objects.filter(bid__competition=competition).update(opened_at=F("opened_at") - back)
    EvaluatorAssignment.objects.filter(competition=competition).update(assigned_at=F("assigned_at") - back)
    ConflictDeclaration.objects.filter(competition=competition).update(declared_at=F("declared_at") - back)
    Score.objects.filter(bid__competition=competition).update(
        saved_at=F("saved_at") - back, submitted_at=F("submitted_at") - back
    )
    EvaluatorSubmission.objects.filter(competition=competition).update(submitted_at=F("submitted_at") - back)
    ModeratedScore.objects.filter(bid__competition=competition).update(recorded_at=F("recorded_at") - back)
    AssessmentSummary.objects.filter(award__competition=competition).update(sent_at=F("sent_at") - back)
    awards = Award.objects.filter(competition=competition)
    awards.update(
        decided_at=F("decided_at") - back, summaries_sent_at=F("summaries_sent_at") - back,
        notice_published_at=F("notice_published_at") - back,
    )
    for award in awards:
        Award.objects.filter(pk=award.pk).update(standstill_ends_at=standstill_end(award.notice_published_at))
