"""Demo call-off terms and contracts at every stage (rules 10 to 13), taken through the contract services by the
demo buyers and suppliers.

- The call-off terms: a `CallOffTerms` snippet of twelve plain-English clauses, published as its first revision
  (`save_revision().publish()`), as an editor would in the Wagtail admin.
- Three more competitions, evaluated and awarded through the real services exactly as demo/evaluation.py does (its
  `_tell` and `_evaluate`), their standstill over, so that with its awarded competition there are four awards to
  contract.
- Riverside, transcribing clinic letters (demo/evaluation.py's awarded story), with Brightwave: active. Issued by
  the owner, signed by both admins; of its eight milestones four are accepted (demo/payments.py invoices them),
  one rejected with a reason, one delivered and waiting for the buyer's decision, and two are not yet delivered.
- Department for Digital Services, routing ministerial and public correspondence, with Brightwave: £5.64m, so it
  has three KPIs; issued and signed by the supplier, waiting for the buyer admin's signature.
- Westmoor Police, redacting body-worn video, with Cobalt Robotics: issued, waiting for the supplier's signature.
- Riverside, forecasting bed demand, with Brightwave: drafted (as `manage.py tick` drafts it when standstill
  ends), waiting for the buyer to enter the purchase-order number and milestones and issue it.

Every contract starts today or later (a draft's start date cannot be in the past) and its dates are left as the
services set them, so the stored PDFs match the pages. Idempotent like the rest: the terms are published only if
no terms are live, a competition is told only if its buyer has none with its title, and a contract is taken
through its steps only if its award has no contract yet (so one the tick has already drafted is left alone).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from marketplace.accounts.models import Organisation, Side, User
from marketplace.competitions.models import Award, AwardStatus, Competition, ConflictRole
from marketplace.competitions.services import ConflictInput, CriterionInput
from marketplace.contracts import services
from marketplace.contracts.models import CallOffTerms, Contract
from marketplace.contracts.services import KPIInput, MilestoneInput

from .competitions import BRIGHTWAVE, COBALT, PRICE, QUALITY, SOCIAL_VALUE, BidSpec, _tell
from .evaluation import AWARDED, Evaluation, _evaluate, _story
from .people import supplier_domains

TERMS_TITLE = "Spark call-off terms"

CLAUSES = [
    ("Definitions",
     "In this contract, “the buyer” is the public body named in the order form and “the supplier” is the "
     "business named there. “The order form”, “the outcomes”, “the milestones” and “the KPIs” are the parts of "
     "this contract with those headings. “Working day” means Monday to Friday, except bank holidays in England.\n\n"
     "If these terms and the order form disagree, the order form wins. Headings are for convenience only."),
    ("Term",
     "The contract starts on the start date in the order form and ends on the end date, unless it is ended "
     "earlier under clause 5.11. The buyer may extend it once, by up to half its original length, by giving the "
     "supplier written notice at least one month before it ends. Nothing else extends it."),
    ("Delivery and milestones",
     "The supplier delivers the outcomes by completing the milestones. When it completes one, it marks the "
     "milestone delivered in the Spark service and says what it delivered and where the buyer can see it.\n\n"
     "If the supplier expects to miss a due date, it tells the buyer as soon as it knows, with the reason and a "
     "new date. A new date only binds the buyer once it is agreed as a variation under clause 5.11."),
    ("Acceptance",
     "The buyer accepts or rejects a delivered milestone within 10 working days. It accepts the milestone if "
     "what was delivered meets the description and the success measures in this contract.\n\n"
     "If it rejects it, the buyer gives its reasons and what must change. The supplier puts it right and "
     "delivers it again at no extra cost. A milestone the buyer does not decide on within 10 working days, after "
     "a reminder from the supplier, is accepted."),
    ("Payment",
     "The supplier may invoice for a milestone once the buyer has accepted it. Each invoice must show the "
     "purchase-order number in the order form; an invoice without it is returned, not paid.\n\n"
     "The buyer pays each valid, undisputed invoice within 30 days of receiving it. Prices exclude VAT, which "
     "is added at the rate in force. If the buyer disputes part of an invoice, it pays the rest on time. "
     "Late payments carry interest under the Late Payment of Commercial Debts (Interest) Act 1998."),
    ("Paying subcontractors promptly",
     "The supplier pays its own subcontractors' valid, undisputed invoices within 30 days, and puts the same "
     "term, and this one, in every subcontract, so that it flows down the whole supply chain.\n\n"
     "A subcontractor who is not paid on time may tell the buyer. The buyer may ask the supplier to show how "
     "promptly it pays, and may publish the answer."),
    ("Intellectual property",
     "Each party keeps the intellectual property it brought to the contract. The buyer owns what is made "
     "specially for it under the contract, and the supplier gives the buyer a free, permanent licence to use "
     "the supplier's existing material as far as it needs to use what was delivered.\n\n"
     "The buyer may share and reuse what was delivered across the public sector. Where code is made for the "
     "buyer, it may be published under an open-source licence unless the buyer agrees otherwise."),
    ("Data protection",
     "Both parties comply with the UK GDPR and the Data Protection Act 2018. Where the supplier processes "
     "personal data for the buyer, it does so only on the buyer's written instructions, as the buyer's "
     "processor, and keeps the data in the UK unless the buyer agrees otherwise in writing.\n\n"
     "The supplier tells the buyer of a personal data breach without undue delay and within 24 hours of "
     "becoming aware of it, helps the buyer answer requests from data subjects, and deletes or returns the data "
     "when the contract ends."),
    ("Security",
     "The supplier protects the buyer's information and systems to at least the standard of Cyber Essentials "
     "Plus, and to any higher standard in the order form. Only staff who need access to do the work have it, "
     "and they are security cleared where the buyer requires.\n\n"
     "The supplier tells the buyer of any security incident affecting the contract within 24 hours and works "
     "with the buyer to contain and fix it."),
    ("Liability",
     "Neither party limits its liability for death or personal injury caused by its negligence, for fraud, or "
     "for anything else the law does not allow to be limited.\n\n"
     "Otherwise, each party's total liability in each contract year is limited to 125% of the contract value, "
     "and neither is liable for indirect loss or loss of profit. The supplier holds public liability, "
     "professional indemnity and employer's liability insurance for at least the amounts the buyer asked for."),
    ("Variation and termination",
     "Any change to this contract, including to a milestone, a KPI or the price, is a variation: the buyer "
     "prepares it in the Spark service, and it takes effect only when both parties have signed the new "
     "version.\n\n"
     "Either party may end the contract by written notice if the other commits a serious breach and does not "
     "put it right within 20 working days of being asked. The buyer may also end it for convenience on 30 days' "
     "notice, paying for milestones accepted and for work done towards the next one."),
    ("Disputes and governing law",
     "If a dispute arises, the parties' contract managers try to settle it within 10 working days, then senior "
     "managers within a further 10. If it is still unresolved, either party may refer it to mediation, and "
     "only after that to the courts. The supplier keeps working on the contract while a dispute is settled.\n\n"
     "This contract is governed by the law of England and Wales, and the courts of England and Wales have "
     "exclusive jurisdiction."),
]


def publish_terms() -> CallOffTerms:
    """The live call-off terms: these, published once, unless an editor has already published some."""
    live = services.live_terms()
    if live is not None:
        return live
    terms = CallOffTerms(title=TERMS_TITLE, clauses=[("clause", {"heading": h, "text": t}) for h, t in CLAUSES])
    terms.save()
    terms.save_revision().publish()
    return CallOffTerms.objects.get(pk=terms.pk)


# Three competitions to contract besides demo/evaluation.py's awarded one: evaluated and awarded like it.
EVALUATIONS = [
    Evaluation(
        story=_story(
            buyer="Department for Digital Services",
            owner="buyer@dds.gov.uk",
            title="Route and draft replies to ministerial and public correspondence",
            summary="Help the department's correspondence teams send each letter and email to the right team at "
            "once and draft a reply for an official to check.",
            problem="The department receives about 1.2 million letters and emails a year from the public, MPs and "
            "organisations. A third reach the wrong team first, and a reply takes on average 24 working days "
            "against a target of 20.\n\n"
            "We want each item routed to the right team when it arrives, and a draft reply prepared from the "
            "department's published lines, always checked and sent by an official.",
            pounds=(4_500_000, 6_500_000),
            contract_months=36,
            start_in_days=45,
            location="London and Newport, with remote working",
            regions=("TLI", "TLL"),
            outcomes=[
                ("Correspondence reaches the right team first time",
                 "At least 95% of items are routed to the right team first time within 6 months, checked monthly"),
                ("Replies are sent sooner",
                 "90% of replies are sent within 20 working days within 12 months"),
                ("Officials trust the drafts",
                 "Officials send at least 70% of drafts with only minor changes, sampled monthly"),
            ],
            criteria=[
                CriterionInput(QUALITY, "Approach", 60, word_limit=750,
                               question="How would you route correspondence and draft replies, and how would "
                               "officials stay in control of every reply?"),
                CriterionInput(SOCIAL_VALUE, "Skills", 10, word_limit=300,
                               question="How will the contract build the skills of the department's staff?"),
                CriterionInput(PRICE, "Price", 30),
            ],
            conflicts=[ConflictInput("Grace Okafor", ConflictRole.EVALUATOR, has_conflict=False),
                       ConflictInput("Joseph Adebayo", ConflictRole.EVALUATOR, has_conflict=False)],
            clarification_days=10,
            deadline_days=21,
            published_days_ago=70,
            deadline_days_ago=35,
            bids=[
                BidSpec(
                    BRIGHTWAVE,
                    answers=[
                        "Our triage model, trained on the department's last two years of correspondence, routes "
                        "each item as it arrives and shows the team why. Drafts use only the department's "
                        "published lines, with each source linked, and nothing is sent without an official.",
                        "We pair an analyst with each of six correspondence teams for a year and run a "
                        "twelve-week data course for twenty staff.",
                    ],
                    breakdown=[("Service for 36 months", 3_960_000), ("Integration with the casework system",
                                                                      1_080_000), ("Training and handover", 600_000)],
                    note="Prices exclude VAT.",
                ),
                BidSpec(
                    COBALT,
                    answers=[
                        "We would read scanned letters with our document-image models and route them by "
                        "keyword rules the teams maintain; officials write every reply.",
                        "We will run two workshops a year for the correspondence teams.",
                    ],
                    breakdown=[("Service for 36 months", 4_380_000), ("Scanning and integration", 1_500_000)],
                    note="Prices exclude VAT.",
                ),
            ],
        ),
        stage=AWARDED,
        evaluators=("evaluator@dds.gov.uk", "policy.analysis@dds.gov.uk"),
        scores={BRIGHTWAVE: [4, 3], COBALT: [2, 2]},
        second={(BRIGHTWAVE, 1): 2},
        moderated={},
        decider="buyer.admin@dds.gov.uk",
        shift_days=25,
    ),
    Evaluation(
        story=_story(
            buyer="Westmoor Police",
            owner="digital.forensics@westmoor.police.uk",
            title="Redact faces and number plates in body-worn video",
            summary="Help the disclosure team blur bystanders' faces and number plates in body-worn video before "
            "it is shared.",
            problem="Officers record about 18,000 hours of body-worn video a year. Before footage is disclosed or "
            "published, staff blur the faces of bystanders and the number plates of vehicles frame by frame, "
            "which takes up to four hours per hour of video.\n\n"
            "We want faces and plates found and blurred automatically, with staff checking and correcting the "
            "result before anything leaves the force.",
            pounds=(120_000, 240_000),
            contract_months=18,
            start_in_days=30,
            location="Police Headquarters, Harrogate",
            regions=("TLE",),
            outcomes=[
                ("Video is redacted sooner",
                 "Staff time per hour of video falls from 4 hours to under 1 hour within 6 months"),
                ("Nobody is missed",
                 "At least 99% of faces and plates in a monthly sample are blurred before staff check"),
            ],
            criteria=[
                CriterionInput(QUALITY, "Approach", 60, word_limit=600,
                               question="How would you find and blur faces and plates, and how would staff check "
                               "and correct the result?"),
                CriterionInput(SOCIAL_VALUE, "Local skills", 10, word_limit=250,
                               question="How will the contract create skills or jobs in North Yorkshire?"),
                CriterionInput(PRICE, "Price", 30),
            ],
            conflicts=[ConflictInput("Michael Osei", ConflictRole.EVALUATOR, has_conflict=False),
                       ConflictInput("Laura Bennett", ConflictRole.EVALUATOR, has_conflict=False)],
            clarification_days=10,
            deadline_days=21,
            published_days_ago=60,
            deadline_days_ago=30,
            bids=[
                BidSpec(
                    COBALT,
                    answers=[
                        "Our computer-vision models track faces and plates through each clip, including "
                        "partly hidden ones, and blur them; staff see every track on a timeline and add or remove "
                        "a blur with one click. It runs on an appliance inside the force's network.",
                        "We will take two apprentices from Harrogate College for the length of the contract.",
                    ],
                    breakdown=[("Software licences for 18 months", 108_000), ("Processing appliance", 42_000),
                               ("Installation and training", 24_000)],
                    note="Prices exclude VAT.",
                ),
                BidSpec(
                    BRIGHTWAVE,
                    answers=[
                        "We would detect faces and plates frame by frame in our UK cloud tenancy and send the "
                        "blurred video back for staff to check.",
                        "We will offer one work-experience placement a year.",
                    ],
                    breakdown=[("Service for 18 months", 126_000), ("Integration", 30_000)],
                    note="Prices exclude VAT.",
                ),
            ],
        ),
        stage=AWARDED,
        evaluators=("michael.osei@westmoor.police.uk", "laura.bennett@westmoor.police.uk"),
        scores={COBALT: [4, 3], BRIGHTWAVE: [2, 2]},
        second={(COBALT, 0): 3},
        moderated={(COBALT, 0): 4},
        decider="commercial@westmoor.police.uk",
        shift_days=21,
    ),
    Evaluation(
        story=_story(
            buyer="Riverside University Hospitals NHS Foundation Trust",
            owner="outpatients@riverside.nhs.uk",
            title="Forecast bed demand and discharges a week ahead",
            summary="Help the trust's site team see a week ahead how many beds each ward will need and which "
            "patients are likely to be ready to go home.",
            problem="The trust's 1,100 beds are often full by mid-morning, and patients wait in the emergency "
            "department for a bed. The site team plans from today's bed state, so discharges are arranged late.\n\n"
            "We want a forecast, by ward and by day for the coming week, of admissions and of patients likely to "
            "be medically fit to leave, so that discharges are planned earlier.",
            pounds=(90_000, 200_000),
            contract_months=12,
            start_in_days=40,
            location="Riverside Hospital, Sheffield",
            regions=("TLE",),
            outcomes=[
                ("Discharges are planned earlier",
                 "At least 30% of discharges happen before midday within 6 months, from 15% now"),
                ("Forecasts are accurate",
                 "Daily bed forecasts are within 5% of the actual number on at least 4 days in 5"),
            ],
            criteria=[
                CriterionInput(QUALITY, "Approach", 60, word_limit=600,
                               question="How would you forecast bed demand and likely discharges, and how would "
                               "the site team use the forecasts?"),
                CriterionInput(SOCIAL_VALUE, "Health inequalities", 10, word_limit=250,
                               question="How will you check the forecasts treat every group of patients fairly?"),
                CriterionInput(PRICE, "Price", 30),
            ],
            conflicts=[ConflictInput("Sarah Whitfield", ConflictRole.EVALUATOR, has_conflict=False),
                       ConflictInput("Rashid Iqbal", ConflictRole.EVALUATOR, has_conflict=False)],
            clarification_days=10,
            deadline_days=21,
            published_days_ago=50,
            deadline_days_ago=26,
            bids=[
                BidSpec(
                    BRIGHTWAVE,
                    answers=[
                        "Our model forecasts admissions and likely discharges by ward for the next seven days "
                        "from the patient administration system, refreshed every hour, and shows the site team "
                        "the patients most likely to be ready to leave with the reasons.",
                        "We check the forecasts every quarter by age, sex, ethnicity and deprivation with the "
                        "trust's health inequalities lead.",
                    ],
                    breakdown=[("Service for 12 months", 96_000), ("Integration", 36_000), ("Training", 12_000)],
                    note="Prices exclude VAT.",
                ),
                BidSpec(
                    COBALT,
                    answers=[
                        "We would forecast total bed demand for the hospital a day ahead.",
                        "We will report forecast accuracy by age group.",
                    ],
                    breakdown=[("Service for 12 months", 110_000), ("Integration", 28_000)],
                    note="Prices exclude VAT.",
                ),
            ],
        ),
        stage=AWARDED,
        evaluators=("clinical.safety@riverside.nhs.uk", "informatics@riverside.nhs.uk"),
        scores={BRIGHTWAVE: [3, 3], COBALT: [2, 1]},
        second={},
        moderated={},
        decider="procurement@riverside.nhs.uk",
        shift_days=16,
    ),
]

DRAFTED = "drafted"  # as the tick drafts it: the buyer has not touched it
ISSUED = "issued"  # issued for signature, waiting for the supplier
SUPPLIER_SIGNED = "supplier_signed"  # waiting for the buyer's signature
ACTIVE = "active"  # signed by both; milestones delivered and decided


@dataclass
class Step:
    """What happens to one milestone of an active contract."""

    delivered: str = ""  # the supplier's delivery note; empty: not delivered
    accepted: bool = False
    rejected: str = ""  # the buyer's reason


@dataclass
class Plan:
    buyer: str
    title: str  # the competition's
    stage: str
    signatories: tuple[tuple[str, str], tuple[str, str]] = (("", ""), ("", ""))  # (email, job title): supplier, buyer
    purchase_order: str = ""
    start_in_days: int = 0  # the start date, days from today (0: today)
    # (title, months after the start it is due, percent of the value); the last takes the remainder.
    milestones: list[tuple[str, int, int]] = field(default_factory=list)
    kpis: list[tuple[str, str]] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)  # one per milestone, in order, for an active contract


PLANS = [
    Plan(
        buyer="Riverside University Hospitals NHS Foundation Trust",
        title="Transcribe and draft outpatient clinic letters",
        stage=ACTIVE,
        signatories=(("admin@brightwave.example", "Managing Director"),
                     ("procurement@riverside.nhs.uk", "Head of Procurement")),
        purchase_order="RUH-PO-4500217834",
        milestones=[
            ("Clinical safety case (DCB0129) and data protection impact assessment agreed", 1, 10),
            ("Letter templates agreed with the pilot specialties", 1, 5),
            ("Speech recognition tuned to the trust's clinical vocabulary", 2, 10),
            ("Pilot clinic staff trained", 2, 5),
            ("Integration with the electronic patient record, tested", 3, 15),
            ("Live in cardiology and respiratory clinics", 5, 20),
            ("Live in every outpatient specialty", 9, 20),
            ("Six-month review: 90% of letters sent within 3 working days", 15, 0),
        ],
        # Four accepted milestones, for demo/payments.py to invoice (received, paid, disputed and answered, overdue).
        steps=[
            Step(delivered="The clinical safety case and the DPIA, signed off by our clinical safety officer, are "
                 "in the shared project folder (Riverside letters > Safety).", accepted=True),
            Step(delivered="The twelve letter templates, agreed with the cardiology and respiratory leads, are in "
                 "the project folder (Riverside letters > Templates).", accepted=True),
            Step(delivered="The speech model is tuned on 2,000 anonymised dictations; word error rate on the "
                 "trust's test set is 4.1%. The report is in the project folder.", accepted=True),
            Step(delivered="Forty-six consultants, registrars and medical secretaries in the pilot clinics have "
                 "been trained; the attendance list and the training guide are in the project folder.",
                 accepted=True),
            Step(delivered="Draft letters now appear in the test patient record for the pilot templates; the test "
                 "report is in the project folder.",
                 rejected="The test letters do not show the patient's NHS number in the header, and the GP "
                 "practice address is missing for patients registered outside Sheffield. Fix both and deliver "
                 "again with a new test report."),
            Step(delivered="Cardiology and respiratory consultants have drafted letters through the service since "
                 "Monday; 412 letters were sent in the first week, median 1.4 working days."),
            Step(),
            Step(),
        ],
    ),
    Plan(
        buyer="Department for Digital Services",
        title="Route and draft replies to ministerial and public correspondence",
        stage=SUPPLIER_SIGNED,
        signatories=(("admin@brightwave.example", "Managing Director"),
                     ("buyer.admin@dds.gov.uk", "Deputy Director, Commercial")),
        purchase_order="DDS-PO-7000481126",
        start_in_days=21,
        milestones=[
            ("Discovery and routing model trained on the department's correspondence", 3, 15),
            ("Routing live for all correspondence teams", 6, 20),
            ("Draft replies live for the three largest teams", 12, 25),
            ("Draft replies live for every team", 24, 25),
            ("Handover to the department's analysts", 35, 0),
        ],
        kpis=[
            ("Correspondence routed correctly first time",
             "At least 95% of items reach the right team first time, measured monthly on a sample of 500"),
            ("Service availability",
             "99.5% availability between 8am and 6pm on working days, measured monthly"),
            ("Incidents resolved",
             "Priority 1 incidents resolved within 4 working hours and priority 2 within 1 working day, 95% of "
             "the time each quarter"),
        ],
    ),
    Plan(
        buyer="Westmoor Police",
        title="Redact faces and number plates in body-worn video",
        stage=ISSUED,
        purchase_order="WMP-PO-30019472",
        start_in_days=14,
        milestones=[
            ("Appliance installed and tested on closed cases", 2, 40),
            ("Redaction live for the disclosure team", 4, 35),
            ("Six-month review of staff time and missed redactions", 10, 0),
        ],
    ),
    Plan(
        buyer="Riverside University Hospitals NHS Foundation Trust",
        title="Forecast bed demand and discharges a week ahead",
        stage=DRAFTED,
    ),
]


def create_contracts() -> int:
    """The terms, the competitions to contract, and each plan's contract, once; returns how many were made."""
    publish_terms()
    for evaluation in EVALUATIONS:
        story = evaluation.story
        buyer = Organisation.objects.get(kind=Side.BUYER, name=story.buyer)
        if Competition.objects.filter(buyer=buyer, title=story.title).exists():
            continue
        owner = User.objects.get(email=story.owner)
        competition = _tell(story, owner=owner)
        _evaluate(evaluation, Competition.objects.get(pk=competition.pk), owner)
    made = 0
    for plan in PLANS:
        award = Award.objects.filter(
            competition__buyer__name=plan.buyer, competition__title=plan.title, status=AwardStatus.CONCLUDED
        ).first()
        if award is None or Contract.objects.filter(award=award).exists():
            continue
        _take(plan, services.contract_draft(award))
        made += 1
    return made


def _take(plan: Plan, contract: Contract) -> None:
    """Take a drafted contract through the services to the plan's stage."""
    if plan.stage == DRAFTED:
        return
    owner = contract.competition.owner
    start = timezone.localdate() + timedelta(days=plan.start_in_days)
    contract = services.contract_details_save(actor=owner, contract=contract,
                                              purchase_order_number=plan.purchase_order, start_date=start)
    services.milestones_set(actor=owner, contract=contract,
                            milestones=_milestones(plan.milestones, contract.value_pence, start, contract.end_date))
    if plan.kpis:
        services.kpis_set(actor=owner, contract=contract, kpis=[KPIInput(n, t) for n, t in plan.kpis])
    services.contract_issue(actor=owner, contract=contract)
    if plan.stage == ISSUED:
        return
    for email, job_title in plan.signatories if plan.stage == ACTIVE else plan.signatories[:1]:
        signatory = User.objects.get(email=email)
        contract = Contract.objects.get(pk=contract.pk)
        services.contract_sign(actor=signatory, contract=contract, version=contract.version,
                               name=signatory.get_full_name(), job_title=job_title)
    if plan.stage == ACTIVE:
        _deliver(plan, Contract.objects.get(pk=contract.pk), owner)


def _milestones(rows, value_pence: int, start: date, end: date) -> list[MilestoneInput]:
    milestones, given = [], 0
    for number, (title, months, percent) in enumerate(rows, start=1):
        amount = value_pence * percent // 100 if number < len(rows) else value_pence - given
        given += amount
        milestones.append(MilestoneInput(title, min(services.add_months(start, months), end), amount))
    return milestones


def _deliver(plan: Plan, contract: Contract, owner) -> None:
    """The supplier's member delivers; the owner accepts or rejects, as each step says."""
    deliverer = User.objects.get(email=f"bids@{supplier_domains()[contract.supplier.companies_house_number]}")
    for milestone, step in zip(contract.milestones.order_by("position"), plan.steps, strict=True):
        if not step.delivered:
            continue
        services.milestone_deliver(actor=deliverer, milestone=milestone, note=step.delivered)
        if step.accepted:
            services.milestone_accept(actor=owner, milestone=milestone)
        elif step.rejected:
            services.milestone_reject(actor=owner, milestone=milestone, reason=step.rejected)
