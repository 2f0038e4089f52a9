"""Demo data: an operator, two buyer organisations, six suppliers of different sizes, categories and regions,
and the suppliers' applications to join in every state, with admissions and a debarment list entry.

Idempotent: running it again changes nothing that exists. Organisations are
registered, and applications filled, submitted and decided, through the real
services, so the audit log records them. Demo passwords are created once,
printed once, and kept in var/demo-credentials.txt.
"""

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from marketplace.accounts import permissions, services
from marketplace.accounts.models import (
    Membership,
    Organisation,
    OrganisationSize,
    PublicSectorType,
    Role,
    Side,
    User,
    VerificationStatus,
)
from marketplace.admission import services as admission
from marketplace.admission.models import (
    Admission,
    Application,
    CategoryDecision,
    CyberEssentials,
    DebarmentEntry,
    ExclusionGround,
    SubjectKind,
)
from marketplace.admission.working_days import add_working_days, uk_date
from marketplace.audit.services import audit_record
from marketplace.taxonomy.models import Category, Region, Standard
from marketplace.taxonomy.reference_data import load as load_reference_data

OPERATOR = {
    "name": "Spark Marketplace Operations",
    "address_line_1": "10 Victoria Street",
    "town": "London",
    "postcode": "SW1H 0NB",
    "users": [
        ("operator@spark.example", "Olu", "Adeyemi", Role.ADMIN, ["Operators"]),
        ("editor@spark.example", "Eilidh", "MacLeod", Role.MEMBER, ["Editors", "Moderators"]),
    ],
}

BUYERS = [
    {
        "name": "Department for Digital Services",
        "public_sector_type": PublicSectorType.CENTRAL_GOVERNMENT,
        "address_line_1": "1 Horse Guards Road",
        "town": "London",
        "postcode": "SW1A 2HQ",
        "verified": True,
        "users": [
            ("buyer.admin@dds.gov.uk", "Priya", "Shah", Role.ADMIN),
            ("buyer@dds.gov.uk", "Tom", "Hughes", Role.MEMBER),
            ("evaluator@dds.gov.uk", "Grace", "Okafor", Role.EVALUATOR),
        ],
    },
    {
        "name": "Northshire County Council",
        "public_sector_type": PublicSectorType.LOCAL_AUTHORITY,
        "address_line_1": "County Hall, Market Street",
        "town": "Northallerton",
        "postcode": "DL7 8AD",
        "verified": False,
        "users": [
            ("procurement@northshire.gov.uk", "Dafydd", "Evans", Role.ADMIN),
            ("digital@northshire.gov.uk", "Aisha", "Rahman", Role.MEMBER),
        ],
    },
]

SUPPLIERS = [
    ("Brightwave Analytics Ltd", "09876543", OrganisationSize.MICRO, "Leeds", "LS1 4DY", "brightwave.example"),
    ("Cobalt Robotics Ltd", "08123456", OrganisationSize.SMALL, "Bristol", "BS1 6QF", "cobalt-robotics.example"),
    ("Quantiq Systems Ltd", "SC612345", OrganisationSize.SMALL, "Edinburgh", "EH3 9QG", "quantiq.example"),
    ("Northern Lights Data Ltd", "07654321", OrganisationSize.MEDIUM, "Manchester", "M1 3BN", "northernlights.example"),
    ("Meridian Geospatial Ltd", "11223344", OrganisationSize.MICRO, "Cardiff", "CF10 1EP", "meridian-geo.example"),
    ("Sentinel Cyber Security plc", "05544332", OrganisationSize.LARGE, "Cheltenham", "GL50 1TA", "sentinelcyber.example"),
]

SUPPLIER_PEOPLE = [("Sam", "Taylor"), ("Alex", "Morgan"), ("Jordan", "Lee"), ("Casey", "Patel"), ("Rowan", "Jones"), ("Morgan", "Reid")]


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
    # Partly admitted: one category admitted, one rejected with the reason.
    "08123456": {
        "statements": {
            "automation-robotics": "Our inspection drones survey bridges and culverts for two county councils, "
            "with CAA operating authorisation.",
            "internet-of-things": "Our drones carry sensors.",
        },
        "admit": ["automation-robotics"],
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
    # Admitted, then suspended by an operator with a reason.
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


class Command(BaseCommand):
    help = "Create demo organisations and people (idempotent). Prints demo sign-ins the first time."

    def handle(self, *args, **options):
        self.password = self._demo_password()
        self.created: list[str] = []
        with transaction.atomic():
            load_reference_data(Category, Region, Standard)
            operator = self._operator()
            for buyer in BUYERS:
                self._buyer(buyer, operator)
            for index, supplier in enumerate(SUPPLIERS):
                self._supplier(index, *supplier)
            self._applications()
            self._debarment()
        self._report()

    # People.

    def _user(self, email, first_name, last_name, *, side) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=self.password, first_name=first_name, last_name=last_name, intended_side=side
            )
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            services.user_record_signup(user=user, side=side)
            self.created.append(email)
        return user

    def _enrol_totp(self, user) -> None:
        """Users who must use two-factor authentication get a demo authenticator (see `manage.py demo_totp`)."""
        permissions.forget_membership(user)
        if permissions.mfa_required(user) and not Authenticator.objects.filter(user=user, type="totp").exists():
            TOTP.activate(user, generate_totp_secret())

    # Organisations.

    def _operator(self) -> User:
        organisation = Organisation.objects.filter(kind=Side.OPERATOR, name=OPERATOR["name"]).first()
        first_user = None
        for email, first_name, last_name, role, groups in OPERATOR["users"]:
            user = self._user(email, first_name, last_name, side=Side.OPERATOR)
            first_user = first_user or user
            if organisation is None:
                organisation = Organisation.objects.create(
                    kind=Side.OPERATOR,
                    name=OPERATOR["name"],
                    address_line_1=OPERATOR["address_line_1"],
                    town=OPERATOR["town"],
                    postcode=OPERATOR["postcode"],
                    verification_status=VerificationStatus.VERIFIED,
                )
                audit_record(
                    stream=organisation.audit_stream,
                    verb="organisation.registered",
                    actor=None,
                    target=organisation,
                    data={"kind": Side.OPERATOR, "name": organisation.name, "how": "seeded"},
                )
            self._join(user, organisation, role)
            user.groups.add(*Group.objects.filter(name__in=groups))
            self._enrol_totp(user)
        return first_user

    def _join(self, user, organisation, role) -> None:
        if Membership.objects.filter(user=user).exists():
            return
        membership = Membership.objects.create(user=user, organisation=organisation, role=role)
        audit_record(
            stream=organisation.audit_stream,
            verb="membership.joined",
            actor=None,
            target=membership,
            data={"user_id": user.pk, "role": role, "how": "seeded"},
        )

    def _buyer(self, spec, operator) -> None:
        organisation = Organisation.objects.filter(kind=Side.BUYER, name=spec["name"]).first()
        for index, (email, first_name, last_name, role) in enumerate(spec["users"]):
            user = self._user(email, first_name, last_name, side=Side.BUYER)
            if organisation is None:
                organisation = services.organisation_create(
                    user=user,
                    kind=Side.BUYER,
                    name=spec["name"],
                    address_line_1=spec["address_line_1"],
                    town=spec["town"],
                    postcode=spec["postcode"],
                    public_sector_type=spec["public_sector_type"],
                )
            self._join(user, organisation, role)
            self._enrol_totp(user)
        if spec["verified"] and organisation.verification_status == VerificationStatus.PENDING:
            services.organisation_verify(actor=operator, organisation=organisation, note="Demo organisation")

    def _supplier(self, index, name, company_number, size, town, postcode, domain) -> None:
        organisation = Organisation.objects.filter(kind=Side.SUPPLIER, companies_house_number=company_number).first()
        first_name, last_name = SUPPLIER_PEOPLE[index]
        people = [
            (f"admin@{domain}", first_name, last_name, Role.ADMIN),
            (f"bids@{domain}", SUPPLIER_PEOPLE[-index - 1][0], SUPPLIER_PEOPLE[index - 1][1], Role.MEMBER),
        ]
        for email, person_first, person_last, role in people:
            user = self._user(email, person_first, person_last, side=Side.SUPPLIER)
            if organisation is None:
                organisation = services.organisation_create(
                    user=user,
                    kind=Side.SUPPLIER,
                    name=name,
                    companies_house_number=company_number,
                    size=size,
                    address_line_1=f"{10 + index} High Street",
                    town=town,
                    postcode=postcode,
                )
            self._join(user, organisation, role)
            self._enrol_totp(user)

    # Applications, admissions and the debarment list.

    def _applications(self) -> None:
        """Each supplier's story in APPLICATIONS, told once: a supplier that has any application is left alone."""
        operator = User.objects.get(email=OPERATOR["users"][0][0])
        domains = {company_number: domain for _name, company_number, *_rest, domain in SUPPLIERS}
        for company_number, story in APPLICATIONS.items():
            organisation = Organisation.objects.get(kind=Side.SUPPLIER, companies_house_number=company_number)
            if Application.objects.filter(organisation=organisation).exists():
                continue
            admin = User.objects.get(email=f"admin@{domains[company_number]}")
            application = self._fill(admin, organisation, story)
            application = admission.application_submit(actor=admin, application=application)
            if story.get("overdue"):
                self._backdate(application, days=30)
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
            if story.get("then") == "suspend":
                for granted in Admission.objects.filter(organisation=organisation):
                    admission.admission_suspend(actor=operator, admission=granted, reason=SUSPENSION_REASON)
            if story.get("then") == "draft":
                self._draft(admin, organisation)

    def _fill(self, admin, organisation, story) -> Application:
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

    def _draft(self, admin, organisation) -> None:
        """A new application saved part-way: details confirmed, one category and its statement, nothing more."""
        application = admission.application_start(actor=admin, organisation=organisation)
        admission.application_confirm_details(actor=admin, application=application, confirmed=True)
        quantum = Category.objects.get(slug="quantum")
        admission.application_set_categories(actor=admin, application=application, categories=[quantum])
        admission.application_set_statements(
            actor=admin, application=application,
            statements={quantum.pk: "Our quantum-safe key exchange is in trial with a police force's radio network."},
        )

    def _backdate(self, application: Application, *, days: int) -> None:
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

    def _debarment(self) -> None:
        if DebarmentEntry.objects.filter(companies_house_number=DEBARMENT["companies_house_number"]).exists():
            return
        operator = User.objects.get(email=OPERATOR["users"][0][0])
        starts_on = uk_date(timezone.now()) - timedelta(days=DEBARMENT_STARTED_DAYS_AGO)
        ends_on = starts_on + timedelta(days=365 * DEBARMENT_YEARS)  # about five years, whatever the leap days
        admission.debarment_add(actor=operator, starts_on=starts_on, ends_on=ends_on, **DEBARMENT)

    # Credentials.

    def _demo_password(self) -> str:
        path = settings.VAR_DIR / "demo-password"
        if not path.exists():
            path.write_text("spark-demo-" + secrets.token_urlsafe(9))
            path.chmod(0o600)
        return path.read_text().strip()

    def _report(self) -> None:
        path = settings.VAR_DIR / "demo-credentials.txt"
        if not self.created:
            self.stdout.write(f"Demo data already in place. Demo sign-ins: {path}")
            return
        lines = [
            "Spark demo sign-ins (development only)",
            f"Password for every demo account: {self.password}",
            "Buyers, operators and supplier admins also need a two-factor code:",
            "  .venv/bin/python manage.py demo_totp EMAIL",
            "",
        ]
        for membership in Membership.objects.select_related("user", "organisation").order_by(
            "organisation__kind", "organisation__name", "role"
        ):
            lines.append(
                f"  {membership.user.email:<36} {membership.get_role_display():<10} {membership.organisation.name}"
            )
        text = "\n".join(lines) + "\n"
        path.write_text(text)
        path.chmod(0o600)
        self.stdout.write(text)
        self.stdout.write(f"(Kept in {path}.)")
