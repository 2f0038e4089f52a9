"""The demo suppliers' applications to join, told through the admission services, and a debarment list entry.

Each supplier's story is told once: a supplier that has any application is left alone. A suspension comes last
(`suspend_after_listing`), after the supplier's listings are published, so the demo shows a suspended supplier's
listings hidden from the catalogue.
"""

from datetime import timedelta

from django.utils import timezone

from marketplace.accounts.models import Organisation, Side, User
from marketplace.admission import services as admission
from marketplace.admission.models import (
    Admission,
    AdmissionStatus,
    Application,
    CategoryDecision,
    CyberEssentials,
    DebarmentEntry,
    ExclusionGround,
    SubjectKind,
)
from marketplace.admission.working_days import add_working_days, uk_date
from marketplace.taxonomy.models import Category

from .people import supplier_domains

# Applications to join, one story per supplier (by company number), so the operator queue shows the service at
# work: every application state, admissions active and suspended. `statements` are per category slug; `admit` and
# `reject` (slug -> reason) are the operator's decisions; `then` is what happens after the first application.
APPLICATIONS = {
    # Admitted in every category it applied for.
    "09876543": {
        "statements": {
            "artificial-intelligence": "Our triage model sorts 40,000 council contact-centre emails a month "
            "for two metropolitan boroughs, with a human checking every low-confidence case.",
            "data-analytics": "We built and run the housing-repairs dashboard used by three housing associations, "
            "joining repairs, complaints and damp-and-mould reports.",
        },
        "admit": ["artificial-intelligence", "data-analytics"],
    },
    # Partly admitted: two categories admitted, one rejected with the reason. (Admitted to artificial
    # intelligence too, so that two demo suppliers are invited to the same competitions: see demo/competitions.py.)
    "08123456": {
        "statements": {
            "automation-robotics": "Our inspection drones survey bridges and culverts for two county councils, "
            "with CAA operating authorisation.",
            "artificial-intelligence": "Our computer-vision models find cracks, spalling and blocked culverts in "
            "drone and CCTV imagery for two county councils, with an engineer confirming every finding.",
            "internet-of-things": "Our drones carry sensors.",
        },
        "admit": ["automation-robotics", "artificial-intelligence"],
        "reject": {
            "internet-of-things": "The statement describes drones that carry sensors but no connected-device "
            "product or platform that collects and acts on what they measure. You may apply again with evidence.",
        },
    },
    # Rejected in both categories, each with its reason; it has since started a new application (a draft).
    "SC612345": {
        "statements": {
            "quantum": "We are interested in quantum computing and plan to offer services in future.",
            "cloud-native": "We can help with cloud.",
        },
        "reject": {
            "quantum": "The statement describes plans rather than a solution available now. "
            "Apply again when you can show a solution in use or in trial.",
            "cloud-native": "The statement gives no example of a cloud-native solution, its users or its results.",
        },
        "then": "draft",
    },
    # Submitted and waiting for a decision, due in the future.
    "07654321": {
        "statements": {
            "data-analytics": "Our open-source data platform links social care and health records for "
            "four integrated care boards, with data protection impact assessments for each.",
            "artificial-intelligence": "We forecast hospital discharge delays a week ahead for two NHS trusts.",
        },
        "connected_persons": [("Northern Lights Holdings Ltd", "Parent company", "10203040")],
    },
    # Admitted, then (once its listings are published) suspended by an operator with a reason.
    "11223344": {
        "statements": {
            "geospatial": "Our flood-risk maps combine LiDAR and river-gauge data for the Welsh Government "
            "and two lead local flood authorities.",
        },
        "admit": ["geospatial"],
        "then": "suspend",
    },
    # Submitted and overdue: the decision was due before today (see `_backdate`).
    "05544332": {
        "statements": {
            "cyber-security": "We run a 24-hour security operations centre for 30 public bodies, "
            "certified to ISO/IEC 27001 and CREST accredited.",
            "cloud-native": "We harden and monitor Kubernetes platforms for two government departments.",
        },
        "subcontractors": [("Severn Data Centres Ltd", "Hosts our security operations platform", "06655443")],
        "ground": (
            ExclusionGround.POOR_PERFORMANCE,
            "A 2021 managed-service contract with a health board was ended early after missed response times.",
            "We replaced the service's management, introduced independent monthly audits of response times, "
            "and have met every service level on our public contracts since April 2022.",
        ),
        "overdue": True,
    },
}

SUSPENSION_REASON = (
    "Your public liability insurance certificate expired and we have not received a current one. "
    "Send it to us and we will reinstate your admission."
)

# One debarment list entry, for an organisation that is not one of the demo suppliers.
DEBARMENT = {
    "organisation_name": "Halcyon Procurement Services Ltd",
    "companies_house_number": "NI612873",
    "grounds": [ExclusionGround.FRAUD, ExclusionGround.BRIBERY],
    "details": "Fictional demo entry: convicted of fraud by false representation and of bribery in the award of "
    "a public contract. Debarred for five years.",
}
DEBARMENT_STARTED_DAYS_AGO = 200
DEBARMENT_YEARS = 5


def tell_stories(operator: User) -> set[str]:
    """Each supplier's story in APPLICATIONS, told once; returns the company numbers told this time.

    Everything but a suspension: that waits for `suspend_after_listing`.
    """
    domains = supplier_domains()
    told = set()
    for company_number, story in APPLICATIONS.items():
        organisation = Organisation.objects.get(kind=Side.SUPPLIER, companies_house_number=company_number)
        if Application.objects.filter(organisation=organisation).exists():
            continue
        told.add(company_number)
        admin = User.objects.get(email=f"admin@{domains[company_number]}")
        application = _fill(admin, organisation, story)
        application = admission.application_submit(actor=admin, application=application)
        if story.get("overdue"):
            _backdate(application, days=30)
        for slug in story.get("admit", []):
            admission.application_decide_category(
                actor=operator, application=application, category=Category.objects.get(slug=slug),
                decision=CategoryDecision.ADMITTED,
            )
        for slug, reason in story.get("reject", {}).items():
            admission.application_decide_category(
                actor=operator, application=application, category=Category.objects.get(slug=slug),
                decision=CategoryDecision.REJECTED, reason=reason,
            )
        if story.get("then") == "draft":
            _draft(admin, organisation)
    return told


def suspend_after_listing(operator: User, told: set[str]) -> None:
    """The suspensions of the stories told this time, once the supplier's listings exist."""
    for company_number, story in APPLICATIONS.items():
        if company_number not in told or story.get("then") != "suspend":
            continue
        organisation = Organisation.objects.get(kind=Side.SUPPLIER, companies_house_number=company_number)
        for granted in Admission.objects.filter(organisation=organisation, status=AdmissionStatus.ACTIVE):
            admission.admission_suspend(actor=operator, admission=granted, reason=SUSPENSION_REASON)


def _fill(admin, organisation, story) -> Application:
    """Answer every question of the application through the services, as the supplier's admin would."""
    application = admission.application_start(actor=admin, organisation=organisation)
    admission.application_confirm_details(actor=admin, application=application, confirmed=True)
    chosen = {slug: Category.objects.get(slug=slug) for slug in story["statements"]}
    admission.application_set_categories(actor=admin, application=application, categories=chosen.values())
    admission.application_set_statements(
        actor=admin, application=application,
        statements={chosen[slug].pk: text for slug, text in story["statements"].items()},
    )
    admission.application_set_connected(
        actor=admin, application=application,
        has_connected_persons=bool(story.get("connected_persons")),
        relies_on_subcontractors=bool(story.get("subcontractors")),
    )
    listed = ((SubjectKind.CONNECTED_PERSON, "connected_persons"), (SubjectKind.SUBCONTRACTOR, "subcontractors"))
    for kind, key in listed:
        for name, relationship, company_number in story.get(key, []):
            admission.subject_add(
                actor=admin, application=application, kind=kind, name=name, relationship=relationship,
                companies_house_number=company_number,
            )
    for subject in application.subjects.all():
        if subject.kind == SubjectKind.SUPPLIER and story.get("ground"):
            ground, explanation, self_cleaning = story["ground"]
            admission.subject_set_grounds(
                actor=admin, subject=subject, none_apply=False,
                answers=[admission.GroundAnswer(ground, explanation, self_cleaning)],
            )
        else:
            admission.subject_set_grounds(actor=admin, subject=subject, none_apply=True)
    admission.application_set_insurance(
        actor=admin, application=application, insurance_by_award=False,
        employers_liability_pence=5_000_000_00, public_liability_pence=2_000_000_00,
        professional_indemnity_pence=1_000_000_00,
    )
    admission.application_set_cyber(
        actor=admin, application=application, level=CyberEssentials.PLUS,
        certificate_number=f"CEP-{organisation.companies_house_number}",
        expiry=uk_date(timezone.now()) + timedelta(days=300),
    )
    admission.application_set_declaration(
        actor=admin, application=application, name=admin.get_full_name(), role="Managing director",
        confirmed=True,
    )
    return application


def _draft(admin, organisation) -> None:
    """A new application saved part-way: details confirmed, one category and its statement, nothing more."""
    application = admission.application_start(actor=admin, organisation=organisation)
    admission.application_confirm_details(actor=admin, application=application, confirmed=True)
    quantum = Category.objects.get(slug="quantum")
    admission.application_set_categories(actor=admin, application=application, categories=[quantum])
    admission.application_set_statements(
        actor=admin, application=application,
        statements={quantum.pk: "Our quantum-safe key exchange is in trial with a police force's radio network."},
    )


def _backdate(application: Application, *, days: int) -> None:
    """Move a submission `days` into the past, with the due date it would then have had, so it shows as overdue.

    The services stamp a submission with the current time, and nothing may submit in the past (rule 2's
    clock must not be movable), so an overdue application cannot be made through them without waiting
    ten working days. The demo rewrites the row's dates after submitting instead. The audit event keeps
    the real submission (its time and the due date computed then): the chain is untouched, so
    `audit_verify` stays intact; only this demo row's dates differ from its event.
    """
    submitted_at = timezone.now() - timedelta(days=days)
    due_on = add_working_days(uk_date(submitted_at), admission.decision_working_days())
    assert due_on < uk_date(timezone.now())
    Application.objects.filter(pk=application.pk).update(
        created_at=submitted_at - timedelta(days=2), updated_at=submitted_at, submitted_at=submitted_at,
        due_on=due_on,
    )


def debarment(operator: User) -> None:
    if DebarmentEntry.objects.filter(companies_house_number=DEBARMENT["companies_house_number"]).exists():
        return
    starts_on = uk_date(timezone.now()) - timedelta(days=DEBARMENT_STARTED_DAYS_AGO)
    ends_on = starts_on + timedelta(days=365 * DEBARMENT_YEARS)  # about five years, whatever the leap days
    admission.debarment_add(actor=operator, starts_on=starts_on, ends_on=ends_on, **DEBARMENT)
