"""Demo people and organisations: an operator, four buyer organisations (with evaluators) and six suppliers, and
their sign-ins.

Organisations are registered through the real services, so the audit log records them. Demo passwords are
created once, printed once, and kept in var/demo-credentials.txt.
"""

import secrets

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth.models import Group

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
from marketplace.audit.services import audit_record

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
            ("policy.analysis@dds.gov.uk", "Joseph", "Adebayo", Role.EVALUATOR),
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
    {
        "name": "Riverside University Hospitals NHS Foundation Trust",
        "public_sector_type": PublicSectorType.NHS,
        "address_line_1": "Riverside Hospital, Infirmary Road",
        "town": "Sheffield",
        "postcode": "S6 3DB",
        "verified": True,
        "users": [
            ("procurement@riverside.nhs.uk", "Helen", "Carter", Role.ADMIN),
            ("outpatients@riverside.nhs.uk", "Kwame", "Mensah", Role.MEMBER),
            ("clinical.safety@riverside.nhs.uk", "Sarah", "Whitfield", Role.EVALUATOR),
            ("informatics@riverside.nhs.uk", "Rashid", "Iqbal", Role.EVALUATOR),
        ],
    },
    {
        "name": "Westmoor Police",
        "public_sector_type": PublicSectorType.POLICE_FIRE,
        "address_line_1": "Police Headquarters, Moor Lane",
        "town": "Harrogate",
        "postcode": "HG2 7AZ",
        "verified": True,
        "users": [
            ("commercial@westmoor.police.uk", "Fiona", "Grant", Role.ADMIN),
            ("digital.forensics@westmoor.police.uk", "Imran", "Qureshi", Role.MEMBER),
            ("laura.bennett@westmoor.police.uk", "Laura", "Bennett", Role.EVALUATOR),
            ("michael.osei@westmoor.police.uk", "Michael", "Osei", Role.EVALUATOR),
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

# The bulk bench suppliers of `seed --scale large` have email domains under this one (see demo/large.py).
BENCH_DOMAIN = "bench.example"

SUPPLIER_PEOPLE = [("Sam", "Taylor"), ("Alex", "Morgan"), ("Jordan", "Lee"), ("Casey", "Patel"), ("Rowan", "Jones"), ("Morgan", "Reid")]


def supplier_domains() -> dict[str, str]:
    """Company number -> the demo supplier's email domain (its admin is admin@DOMAIN, its member bids@DOMAIN)."""
    return {company_number: domain for _name, company_number, *_rest, domain in SUPPLIERS}


def operator_user() -> User:
    """The seeded operator who decides applications and moderates listings."""
    return User.objects.get(email=OPERATOR["users"][0][0])


class People:
    """Creates the demo people and organisations once; remembers whom it created, for the report."""

    def __init__(self, password: str):
        self.password = password
        self.created: list[str] = []

    def create_all(self) -> User:
        operator = self.operator()
        for buyer in BUYERS:
            self.buyer(buyer, operator)
        for index, supplier in enumerate(SUPPLIERS):
            self.supplier(index, *supplier)
        return operator

    def user(self, email, first_name, last_name, *, side) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=self.password, first_name=first_name, last_name=last_name, intended_side=side
            )
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            services.user_record_signup(user=user, side=side)
            self.created.append(email)
        return user

    def enrol_totp(self, user) -> None:
        """Users who must use two-factor authentication get a demo authenticator (see `manage.py demo_totp`)."""
        permissions.forget_membership(user)
        if permissions.mfa_required(user) and not Authenticator.objects.filter(user=user, type="totp").exists():
            TOTP.activate(user, generate_totp_secret())

    def operator(self) -> User:
        organisation = Organisation.objects.filter(kind=Side.OPERATOR, name=OPERATOR["name"]).first()
        first_user = None
        for email, first_name, last_name, role, groups in OPERATOR["users"]:
            user = self.user(email, first_name, last_name, side=Side.OPERATOR)
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
            self.join(user, organisation, role)
            user.groups.add(*Group.objects.filter(name__in=groups))
            self.enrol_totp(user)
        return first_user

    def join(self, user, organisation, role) -> None:
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

    def buyer(self, spec, operator) -> None:
        organisation = Organisation.objects.filter(kind=Side.BUYER, name=spec["name"]).first()
        for email, first_name, last_name, role in spec["users"]:
            user = self.user(email, first_name, last_name, side=Side.BUYER)
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
            self.join(user, organisation, role)
            self.enrol_totp(user)
        if spec["verified"] and organisation.verification_status == VerificationStatus.PENDING:
            services.organisation_verify(actor=operator, organisation=organisation, note="Demo organisation")

    def supplier(self, index, name, company_number, size, town, postcode, domain) -> None:
        organisation = Organisation.objects.filter(kind=Side.SUPPLIER, companies_house_number=company_number).first()
        first_name, last_name = SUPPLIER_PEOPLE[index]
        people = [
            (f"admin@{domain}", first_name, last_name, Role.ADMIN),
            (f"bids@{domain}", SUPPLIER_PEOPLE[-index - 1][0], SUPPLIER_PEOPLE[index - 1][1], Role.MEMBER),
        ]
        for email, person_first, person_last, role in people:
            user = self.user(email, person_first, person_last, side=Side.SUPPLIER)
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
            self.join(user, organisation, role)
            self.enrol_totp(user)


# Credentials.


def demo_password() -> str:
    path = settings.VAR_DIR / "demo-password"
    if not path.exists():
        path.write_text("spark-demo-" + secrets.token_urlsafe(9))
        path.chmod(0o600)
    return path.read_text().strip()


def report(stdout, *, created: list[str], password: str) -> None:
    """Print the demo sign-ins the first time (and keep them in var/), or say where they are."""
    path = settings.VAR_DIR / "demo-credentials.txt"
    if not created:
        stdout.write(f"Demo data already in place. Demo sign-ins: {path}")
        return
    lines = [
        "Spark demo sign-ins (development only)",
        f"Password for every demo account: {password}",
        "Buyers, operators and supplier admins also need a two-factor code:",
        "  .venv/bin/python manage.py demo_totp EMAIL",
        "",
    ]
    memberships = Membership.objects.exclude(organisation__email_domain__endswith=f".{BENCH_DOMAIN}")
    for membership in memberships.select_related("user", "organisation").order_by(
        "organisation__kind", "organisation__name", "role"
    ):
        lines.append(
            f"  {membership.user.email:<36} {membership.get_role_display():<10} {membership.organisation.name}"
        )
    text = "\n".join(lines) + "\n"
    path.write_text(text)
    path.chmod(0o600)
    stdout.write(text)
    stdout.write(f"(Kept in {path}.)")
