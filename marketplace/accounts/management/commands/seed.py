"""Demo data: an operator, two buyer organisations, six suppliers of different sizes, categories and regions.

Idempotent: running it again changes nothing that exists. Organisations are
registered through the real services, so the audit log records them. Demo
passwords are created once, printed once, and kept in var/demo-credentials.txt.
"""

import secrets

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

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
from marketplace.taxonomy.models import Category, Region
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


class Command(BaseCommand):
    help = "Create demo organisations and people (idempotent). Prints demo sign-ins the first time."

    def handle(self, *args, **options):
        self.password = self._demo_password()
        self.created: list[str] = []
        with transaction.atomic():
            load_reference_data(Category, Region)
            operator = self._operator()
            for buyer in BUYERS:
                self._buyer(buyer, operator)
            for index, supplier in enumerate(SUPPLIERS):
                self._supplier(index, *supplier)
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
