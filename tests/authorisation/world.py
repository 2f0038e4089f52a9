"""The authorisation world: two organisations of each kind, everyone of every role, and the objects routes name.

Built once per test module (see conftest.py) inside a transaction that is rolled back at the end,
so the rows never leak into other test packages. Objects are created straight through the models
(no services): no audit events, no emails, nothing a route under test could trip over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

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
from marketplace.audit.models import AuditDigest
from marketplace.taxonomy.models import Category, Region
from tests.conftest import restore_reference_data
from tests.factories import (
    BuyerOrganisationFactory,
    OperatorOrganisationFactory,
    OrganisationFactory,
    UserFactory,
    enrol_totp,
    member,
)

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
class OrgObjects:
    """One organisation and the objects of it that routes take identifiers of."""

    key: str
    organisation: Organisation
    admin_membership: Membership
    member_membership: Membership  # the target of member_role / member_remove
    join_request: JoinRequest  # pending
    invitation: Invitation  # pending


@dataclass
class World:
    users: dict[str, User] = field(default_factory=dict)  # actor key -> user (no entry for anonymous)
    orgs: dict[str, OrgObjects] = field(default_factory=dict)
    category: Category | None = None
    region: Region | None = None
    digest: AuditDigest | None = None
    domain: PublicSectorDomain | None = None
    sessions: dict[str, str] = field(default_factory=dict)  # actor key -> session key of a signed-in session

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

    # One signed-in session per person, made once: each test sends its cookie instead of signing in again.
    for key, user in world.users.items():
        client = Client()
        client.force_login(user)
        world.sessions[key] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return world
