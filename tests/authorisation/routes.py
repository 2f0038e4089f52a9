"""The authorisation route table: every project route, and a sample of third-party ones, with who gets what.

HOW TO ADD A ROUTE
    Add a `Route(...)` to `ROUTES` below (project routes; `test_completeness.py` fails until you do) giving
    the URL name exactly as `reverse()` takes it, `url=` if it needs arguments (a function of the world and
    the case: `case.objects` is the target organisation's objects), `targets=` if the URL names an
    organisation's object (then it is tried with the requester's own, a sibling's and another kind's
    object), and one rule per HTTP method (`get=`, `post=` with `data=`). A rule maps a `Case` (who asks,
    about which organisation's object) to an `Expect`. Build rules from the helpers (`signed_in`,
    `needs_org`, `onboarding`, `side`, `team_admin`, `own_object`, `wagtail_admin`, `django_admin`,
    `api_suppliers`, for a supplier's application `supplier_admin`, `own_application`, `draft_only`, for its
    solution listings `own_listing`, `editable_only`, for a buyer's shortlists `own_shortlist`, for its
    competitions `own_competition`, `draft_section`, for a supplier's bids `invited`, `while_open`, for
    evaluation and award `evaluator`, `assigned`, `owner_only`, `award_admin`), or write a small function. A
    POST the actor may make must say `writes=True` (use `done(...)`); every other request must leave the
    database untouched, and the test checks both (a GET that writes, such as an audited read of a sealed bid,
    says `Expect(200, writes=True)`).

    A variant may carry a state after a slash, "supplier_a/draft": the organisation, then which of its
    objects (`case.state`), e.g. a draft or a decided application. Where trying every variant as every
    actor would repeat the same answer (the door refuses before any object is looked up), `variants_for=`
    gives each actor its own list (see `application_variants`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from wagtail.models import Site

from marketplace.accounts.models import Role, Side
from marketplace.admission.models import CategoryDecision, ExclusionGround
from marketplace.competitions.models import Bid
from marketplace.competitions.timing import uk
from marketplace.taxonomy.models import Category, Region, Standard
from suppliers.models import Deployment, PricingModel

from .world import (
    ACTORS,
    BYSTANDER,
    CROSS,
    DECLARED_GROUND,
    LISTED_SLUG,
    ORGS,
    SIBLING,
    UNKNOWN_ID,
    Actor,
    ApplicationObjects,
    CompetitionObjects,
    ListingObjects,
    OrgObjects,
    ShortlistObjects,
    World,
    harness_pdf,
)

# ---------------------------------------------------------------------------------------------------------------
# Expected answers.

LOGIN = "<sign-in>"  # a 302 to allauth's sign-in page with ?next=
DJANGO_ADMIN_LOGIN = "<django-admin sign-in>"  # a 302 to /django-admin/login/?next=


@dataclass(frozen=True)
class Expect:
    status: int
    # For redirects: LOGIN, DJANGO_ADMIN_LOGIN, or a URL name the Location's path must equal.
    location: str | None = None
    # Whether the request must change the database (an allowed POST). Every other request must not.
    writes: bool = False

    def __str__(self):
        text = f"{self.status}"
        if self.location:
            text += f" -> {self.location}"
        return text + (" (writes)" if self.writes else "")


OK = Expect(200)
TO_LOGIN = Expect(302, LOGIN)
TO_DJANGO_ADMIN_LOGIN = Expect(302, DJANGO_ADMIN_LOGIN)
FORBIDDEN = Expect(403)
NOT_FOUND = Expect(404)
NOT_ALLOWED = Expect(405)


def redirect(url_name: str) -> Expect:
    """A redirect that is part of the flow and changes nothing."""
    return Expect(302, url_name)


def done(url_name: str) -> Expect:
    """An allowed POST: it changes the database and redirects to `url_name`."""
    return Expect(302, url_name, writes=True)


def location_matches(expect: Expect, location: str, requested: str | None = None) -> bool:
    """Whether a redirect's Location is the expected one.

    For a URL name that takes arguments, the Location must resolve to that name, and every argument it shares
    with the requested URL must be the same (a redirect from one application's page stays on that application).
    """
    path = urlsplit(location).path
    if expect.location == LOGIN:
        return location.startswith(reverse("account_login") + "?next=")
    if expect.location == DJANGO_ADMIN_LOGIN:
        return location.startswith(reverse("admin:login") + "?next=")
    try:
        match = resolve(path)
    except Resolver404:
        return False
    if match.view_name != expect.location:
        return False
    if requested is not None:
        asked = resolve(urlsplit(requested).path).kwargs
        return all(match.kwargs[key] == asked[key] for key in match.kwargs.keys() & asked.keys())
    return True


# ---------------------------------------------------------------------------------------------------------------
# Cases: who asks, and about which organisation's objects.


@dataclass(frozen=True)
class Case:
    actor: Actor
    # "own", "other", "cross", an org key, BYSTANDER or "unknown" (no such object), each optionally followed by
    # "/state"; or None when the route names no object.
    variant: str | None
    target: str | None  # the org key whose objects the URL names (BYSTANDER, or "unknown")

    @property
    def own(self) -> bool:
        return self.target is not None and self.target == self.actor.org

    @property
    def state(self) -> str | None:
        """Which of the target's objects: the part of the variant after "/" ("draft", "decided", "active"...)."""
        return (self.variant.partition("/")[2] or None) if self.variant else None

    def objects(self, world: World) -> OrgObjects:
        return world.org(self.target)


def target_of(actor: Actor, variant: str) -> str | None:
    """The organisation whose objects a variant names for this actor (None: not applicable)."""
    who = variant.partition("/")[0]
    if who == "own":
        return actor.org
    if who == "other":  # the other organisation of the same kind
        return SIBLING[actor.org] if actor.org else "supplier_a"
    if who == "cross":  # an organisation of another kind
        return CROSS[actor.org] if actor.org else "buyer_a"
    assert who in (*ORGS, BYSTANDER, "unknown"), f"unknown variant {variant!r}"
    return who


Rule = Callable[[Case], Expect]


def _resolve(then: Expect | Rule, case: Case) -> Expect:
    return then(case) if callable(then) else then


def public(case: Case) -> Expect:
    return OK


def signed_in(then: Expect | Rule = OK) -> Rule:
    """login_required: anonymous people go to sign in."""

    def rule(case: Case) -> Expect:
        if case.actor.anonymous:
            return TO_LOGIN
        return _resolve(then, case)

    return rule


def needs_org(then: Expect | Rule = OK) -> Rule:
    """organisation_required: people without an organisation finish onboarding first."""

    def rule(case: Case) -> Expect:
        if case.actor.anonymous:
            return TO_LOGIN
        if not case.actor.has_org:
            return redirect("accounts:start")
        return _resolve(then, case)

    return rule


def onboarding(then: Expect | Rule = OK) -> Rule:
    """Onboarding pages: people who already belong to an organisation go to their dashboard."""

    def rule(case: Case) -> Expect:
        if case.actor.anonymous:
            return TO_LOGIN
        if case.actor.has_org:
            return redirect("dashboard")
        return _resolve(then, case)

    return rule


def side(kind: str, then: Expect | Rule = OK) -> Rule:
    """side_required(kind): the other sides get 403."""
    return needs_org(lambda case: _resolve(then, case) if case.actor.kind == kind else FORBIDDEN)


def team_admin(then: Expect | Rule = OK) -> Rule:
    """admin_required: only the organisation's admins (403 for its other members)."""
    return needs_org(lambda case: _resolve(then, case) if case.actor.is_admin else FORBIDDEN)


def own_object(then: Expect | Rule = OK) -> Rule:
    """An object of the requester's own organisation: 404 for anyone else's, then 403 unless an admin."""

    def rule(case: Case) -> Expect:
        if not case.own:
            return NOT_FOUND
        return FORBIDDEN if not case.actor.is_admin else _resolve(then, case)

    return needs_org(rule)


def wagtail_admin(may: Callable[[Actor], bool], then: Expect | Rule = OK, *, lookup: Rule | None = None) -> Rule:
    """A Wagtail admin view.

    Anonymous people are redirected to sign in. Signed-in people without `wagtailadmin.access_admin`
    (suppliers, buyers, people without an organisation) get the GOV.UK 403 page from the admin-door
    middleware (Wagtail's own answer, a redirect to sign in, would loop: see test_admin_refusal.py). With access but without the view's permission (`may` is false) Wagtail
    redirects to the admin's home page with an error message. Wagtail's object views look their object
    up before they check the permission: `lookup` (a rule answering NOT_FOUND or None) runs first.
    """

    def rule(case: Case) -> Expect:
        if not case.actor.staff_admin:
            return TO_LOGIN if case.actor.anonymous else FORBIDDEN
        if lookup is not None and (missing := lookup(case)) is not None:
            return missing
        if not may(case.actor):
            return redirect("wagtailadmin_home")
        return _resolve(then, case)

    return rule


def django_admin(then: Expect | Rule = OK) -> Rule:
    """Django's admin site: superusers only; everyone else is sent to its sign-in page."""
    return lambda case: _resolve(then, case) if case.actor.superuser else TO_DJANGO_ADMIN_LOGIN


def operators(actor: Actor) -> bool:
    """Marketplace staff: the Operators group's permissions (superusers have every permission)."""
    return actor.is_operator or actor.superuser


def editors(actor: Actor) -> bool:
    """People who may edit content: Wagtail's Editors group (superusers have every permission)."""
    return actor.editor or actor.superuser


def superusers(actor: Actor) -> bool:
    return actor.superuser


def api_read_only(case: Case) -> Expect:
    """A write to the read-only API is refused, whoever sends it: the viewsets have no write methods."""
    return NOT_ALLOWED


def api_suppliers(then: Expect | Rule = OK) -> Rule:
    """The supplier's own API (IsAuthenticated, IsSupplier): everyone else gets 403, anonymous people too.

    DRF's session authentication has no WWW-Authenticate challenge, so "not signed in" is 403, not 401.
    Permissions are checked before the method: a supplier's write to a read-only endpoint is 405.
    """
    return lambda case: _resolve(then, case) if case.actor.kind == Side.SUPPLIER else FORBIDDEN


# Supplier applications (suppliers/views/): the supplier's own organisation's, for its admins.

SUPPLIERS = ("supplier_a", "supplier_b")


def supplier_admin(then: Expect | Rule = OK) -> Rule:
    """supplier_admin_page: a supplier's admins (with TOTP); 403 for its members and for the other sides."""
    return needs_org(
        lambda case: _resolve(then, case) if case.actor.kind == Side.SUPPLIER and case.actor.is_admin else FORBIDDEN
    )


def own_application(then: Expect | Rule = OK) -> Rule:
    """application_page: suppliers only; another supplier's application is not found before anything else is
    checked (so 404 for its members and admins alike); the own organisation's members who are not admins get 403.
    """

    def rule(case: Case) -> Expect:
        if case.actor.kind != Side.SUPPLIER:
            return FORBIDDEN
        if not case.own:
            return NOT_FOUND
        if not case.actor.is_admin:
            return FORBIDDEN
        return _resolve(then, case)

    return needs_org(rule)


def draft_only(then: Expect | Rule = OK) -> Rule:
    """An edit page of the own application: a decided (or submitted) one sends its admins to its read-only page.

    The "foreign" state names the own draft with another application's subject: not found.
    """

    def rule(case: Case) -> Expect:
        if case.state == "decided":
            return redirect("suppliers:application")
        if case.state == "foreign":
            return NOT_FOUND
        return _resolve(then, case)

    return own_application(rule)


def application_variants(*extra_states: str) -> Callable[[Actor], tuple[str, ...]]:
    """Members of both suppliers try their own and the other's draft and decided application (and `extra_states`).

    Everyone else is refused at the door before any application is looked up: one supplier's are enough.
    """

    def variants(actor: Actor) -> tuple[str, ...]:
        if actor.org in SUPPLIERS:
            return tuple(f"{org}/{state}" for org in SUPPLIERS for state in ("draft", "decided", *extra_states))
        return ("supplier_a/draft", "supplier_a/decided")

    return variants


def _application(world: World, case: Case) -> ApplicationObjects:
    if case.target == BYSTANDER:
        return world.waiting
    return case.objects(world).applications["decided" if case.state == "decided" else "draft"]


def _application_url(name: str) -> Callable[[World, Case], str]:
    return lambda world, case: reverse(name, args=[_application(world, case).application.pk])


def _subject_url(name: str, subject: str) -> Callable[[World, Case], str]:
    """A subject's page: `subject` is an attribute of ApplicationObjects; "foreign" takes the sibling's draft's."""

    def url(world: World, case: Case) -> str:
        objects = _application(world, case)
        source = world.org(SIBLING[case.target]).applications["draft"] if case.state == "foreign" else objects
        return reverse(name, args=[objects.application.pk, getattr(source, subject).pk])

    return url


def _categories_data(world: World, case: Case) -> dict:
    """The draft's categories and one more (not one the supplier holds an admission to)."""
    chosen = [entry.category_id for entry in _application(world, case).application.categories.all()]
    return {"categories": [str(pk) for pk in [*chosen, Category.objects.get(slug="quantum").pk]]}


def _statements_data(world: World, case: Case) -> dict:
    entries = _application(world, case).application.categories.all()
    return {f"statement_{entry.category_id}": "Changed by the harness: our tools serve councils." for entry in entries}


def _cyber_data(world: World, case: Case) -> dict:
    expiry = timezone.localdate() + timedelta(days=300)
    return {
        "cyber_essentials": "cyber_essentials_plus",
        "certificate_number": "CE-PLUS-7788",
        "expiry_day": str(expiry.day),
        "expiry_month": str(expiry.month),
        "expiry_year": str(expiry.year),
    }


# Operators' admission screens (marketplace/admission/wagtail_hooks.py). They check the permission before they
# look anything up, so people with admin access but not the permission are sent home whatever the identifier.

def operator_application_variants(actor: Actor) -> tuple[str, ...]:
    """The bystander's waiting application, a decided one, a draft (never shown to operators) and no application."""
    if actor.staff_admin:
        return (f"{BYSTANDER}/submitted", "supplier_a/decided", "supplier_a/draft", "unknown")
    return (f"{BYSTANDER}/submitted",)


def admission_variants(actor: Actor) -> tuple[str, ...]:
    if actor.staff_admin:
        return ("supplier_a/active", "supplier_a/suspended", "unknown")
    return ("supplier_a/active",)


def _operator_application_url(name: str) -> Callable[[World, Case], str]:
    def url(world: World, case: Case) -> str:
        pk = UNKNOWN_ID if case.target == "unknown" else _application(world, case).application.pk
        return reverse(name, args=[pk])

    return url


def _admission_url(name: str) -> Callable[[World, Case], str]:
    return lambda world, case: reverse(
        name, args=[UNKNOWN_ID if case.target == "unknown" else world.admissions[case.state].pk]
    )


def found_by_operators(then: Expect | Rule = OK) -> Rule:
    """Operators' object screens: drafts are never shown to operators, and an unknown identifier is not found."""
    return lambda case: NOT_FOUND if case.target == "unknown" or case.state == "draft" else _resolve(then, case)


def _decide_data(world: World, case: Case) -> dict:
    if case.target == "unknown":
        return {"category": str(world.category.pk), "decision": CategoryDecision.ADMITTED, "reason": ""}
    entry = _application(world, case).application.categories.order_by("pk").first()
    return {"category": str(entry.category_id), "decision": CategoryDecision.ADMITTED, "reason": ""}


def _waiting_only(case: Case) -> Expect:
    """Deciding and extending change only an application waiting for a decision; otherwise the form says why."""
    return done("admission_applications:inspect") if case.state == "submitted" else OK


def _admission_change(allowed_from: tuple[str, ...]) -> Rule:
    """Suspend, reinstate or remove: from an allowed state it is done; otherwise the form shows the refusal."""
    return lambda case: done("admission_admissions:index") if case.state in allowed_from else OK


# Solution listings (suppliers/views/listings.py): any member of the owning supplier, admin or not, lists its
# solutions; each change is made in a version (a revision), which only a draft or a returned version takes.

REVISION_STATES = ("draft", "review", "published")  # the version routes name: see ListingObjects
SOLUTION_STATES = (*REVISION_STATES, "archived")


def own_listing(then: Expect | Rule = OK) -> Rule:
    """listings_page and the supplier's own listing: the other sides get 403; another supplier's listing is not
    found (404 for its admins and members alike); every member of the owning supplier, admin or not, may use it.
    """

    def rule(case: Case) -> Expect:
        if case.actor.kind != Side.SUPPLIER:
            return FORBIDDEN
        if not case.own:
            return NOT_FOUND
        return _resolve(then, case)

    return needs_org(rule)


def editable_only(then: Expect | Rule = OK) -> Rule:
    """A page that changes a version: a version in review or published sends its supplier to the version's
    read-only page, GET or POST alike, and nothing changes.

    The "foreign" state names the own draft with another supplier's object (a document): not found.
    """

    def rule(case: Case) -> Expect:
        if case.state in ("review", "published", "archived"):
            return redirect("suppliers:revision")
        if case.state == "foreign":
            return NOT_FOUND
        return _resolve(then, case)

    return own_listing(rule)


def listing_variants(*states: str) -> Callable[[Actor], tuple[str, ...]]:
    """Members of both suppliers try their own listing in each of `states`, and the other supplier's draft (the
    listing is looked up within the requester's organisation, so the other's is not found in any state).

    Everyone else is refused at the door before any listing is looked up: one listing is enough.
    """

    def variants(actor: Actor) -> tuple[str, ...]:
        if actor.org in SUPPLIERS:
            return (*(f"{actor.org}/{state}" for state in states), f"{SIBLING[actor.org]}/draft")
        return ("supplier_a/draft",)

    return variants


def _listing(world: World, case: Case) -> ListingObjects:
    return case.objects(world).listings["draft" if case.state == "foreign" else case.state]


def _solution_url(name: str) -> Callable[[World, Case], str]:
    return lambda world, case: reverse(name, args=[_listing(world, case).solution.pk])


def _revision_url(name: str, *extra) -> Callable[[World, Case], str]:
    def url(world: World, case: Case) -> str:
        listing = _listing(world, case)
        return reverse(name, args=[listing.solution.pk, listing.revision.pk, *extra])

    return url


def _revision_document_url(name: str) -> Callable[[World, Case], str]:
    """A document of the version; "foreign" names the own draft with the other supplier's draft's document."""

    def url(world: World, case: Case) -> str:
        listing = _listing(world, case)
        source = world.org(SIBLING[case.target]).listings["draft"] if case.state == "foreign" else listing
        return reverse(name, args=[listing.solution.pk, listing.revision.pk, source.document.pk])

    return url


def _solution_edit(*, post: bool) -> Rule:
    """A new version of a published listing (the live one stays). A draft's version in progress is carried on
    with; a listing in review or archived cannot be changed now: back to its overview."""

    def rule(case: Case) -> Expect:
        if case.state == "draft":
            return redirect("suppliers:revision")
        if case.state == "published":
            return done("suppliers:revision") if post else OK
        return redirect("suppliers:solution")

    return own_listing(rule)


def _solution_archive(*, post: bool) -> Rule:
    def rule(case: Case) -> Expect:
        if case.state == "archived":
            return redirect("suppliers:solution")
        return done("suppliers:solutions") if post else OK

    return own_listing(rule)


def _listing_categories_data(world: World, case: Case) -> dict:
    return {"categories": [str(Category.objects.get(slug=LISTED_SLUG).pk)], "action": "continue"}


def _listing_regions_data(world: World, case: Case) -> dict:
    return {"regions": [str(pk) for pk in Region.objects.order_by("pk").values_list("pk", flat=True)[:2]],
            "action": "continue"}


def _listing_standards_data(world: World, case: Case) -> dict:
    return {"standards": [str(Standard.objects.order_by("pk").values_list("pk", flat=True).first())],
            "action": "continue"}


CASE_STUDY = {"client_sector": "NHS trust", "problem": "Referral letters sorted by hand",
              "outcome": "Urgent referrals seen within a day", "action": "continue"}


# The public catalogue (suppliers/views/catalogue.py) and its API (suppliers/api.py). A listing is in the catalogue
# while it is published and its supplier holds an active admission in one of its categories: only "published" of
# the states below. The others (a draft, one in review, an archived one, and one published in a category whose
# admission is suspended since) are not found, whoever asks, the supplier's own people and operators too.

CATALOGUE_STATES = ("published", "draft", "review", "archived", "hidden")


def in_catalogue(then: Expect | Rule = OK) -> Rule:
    return lambda case: _resolve(then, case) if case.state == "published" else NOT_FOUND


def moderators(actor: Actor) -> bool:
    """suppliers.moderate_solution: the Operators group (superusers have every permission); editors do not."""
    return operators(actor)


def _document(case: Case) -> Expect:
    """A listing's PDF: anyone may download the live version's documents of a listing in the catalogue; the
    supplier's own members any version's (its documents page links there); operators who moderate listings
    those of any version sent for review (the review page links there), never of a draft nobody has sent.
    For everyone else a document of a listing out of the catalogue is not found."""
    if case.state == "published" or case.own or (moderators(case.actor) and case.state != "draft"):
        return OK
    return NOT_FOUND


# Operators' moderation of listings (suppliers/wagtail_hooks.py, suppliers/admin_views.py). The screens check
# `suppliers.moderate_solution` before they look anything up, so people in the admin without it are sent to its
# home page whatever the identifier.

def revision_moderation_variants(actor: Actor) -> tuple[str, ...]:
    """A version in review, a published one, a draft (not sent yet) and no version."""
    if actor.staff_admin:
        return ("supplier_a/review", "supplier_a/published", "supplier_a/draft", "unknown")
    return ("supplier_a/review",)


def listing_moderation_variants(actor: Actor) -> tuple[str, ...]:
    """A published listing, an archived one, a never-published draft and no listing."""
    if actor.staff_admin:
        return ("supplier_a/published", "supplier_a/archived", "supplier_a/draft", "unknown")
    return ("supplier_a/published",)


def _moderated_revision_url(name: str) -> Callable[[World, Case], str]:
    return lambda world, case: reverse(
        name, args=[UNKNOWN_ID if case.target == "unknown" else _listing(world, case).revision.pk]
    )


def _moderated_solution_url(name: str) -> Callable[[World, Case], str]:
    return lambda world, case: reverse(
        name, args=[UNKNOWN_ID if case.target == "unknown" else _listing(world, case).solution.pk]
    )


def found(then: Expect | Rule = OK) -> Rule:
    """An unknown identifier is not found, nor a supplier's draft nobody has sent for review (or never published):
    operators moderate what suppliers send them."""
    return lambda case: NOT_FOUND if case.target == "unknown" or case.state == "draft" else _resolve(then, case)


def _decided_only_in_review(index: str) -> Rule:
    """Publishing or returning changes only a version in review; otherwise the form shows the service's refusal."""
    return lambda case: done(index) if case.state == "review" else OK


# Buyers' shortlists (buyers/views/shortlists.py): private to the buyer organisation, for its admins and members
# (evaluators see only what they are assigned to); another organisation's shortlist is not found.

BUYERS = ("buyer_a", "buyer_b")


def shortlister(then: Expect | Rule = OK) -> Rule:
    """shortlister_required: a buyer's admins and members; evaluators (who see only their assignments) and the
    other sides get 403 before anything is looked up."""
    return side(Side.BUYER, lambda case: FORBIDDEN if case.actor.role == Role.EVALUATOR else _resolve(then, case))


def own_shortlist(then: Expect | Rule = OK) -> Rule:
    """shortlister_required, then the organisation's own shortlist (or its entry): another buyer's is not found.

    The "foreign" state names the own shortlist with another buyer's entry: not found.
    """

    def rule(case: Case) -> Expect:
        if case.actor.kind != Side.BUYER or case.actor.role == Role.EVALUATOR:
            return FORBIDDEN
        if not case.own or case.state == "foreign":
            return NOT_FOUND
        return _resolve(then, case)

    return needs_org(rule)


def shortlist_variants(*extra_states: str) -> Callable[[Actor], tuple[str, ...]]:
    """Members of both buyers try their own and the other's shortlist (and their own in `extra_states`).

    Everyone else is refused at the door before any shortlist is looked up: one is enough.
    """

    def variants(actor: Actor) -> tuple[str, ...]:
        if actor.org in BUYERS:
            return (actor.org, SIBLING[actor.org], *(f"{actor.org}/{state}" for state in extra_states))
        return ("buyer_a",)

    return variants


def shortlist_add_variants(actor: Actor) -> tuple[str, ...]:
    """Buyers try a listing in the catalogue and two that are not; everyone else is refused at the door."""
    if actor.kind == Side.BUYER:
        return ("supplier_a/published", "supplier_a/draft", "supplier_a/hidden")
    return ("supplier_a/published",)


def _shortlist(world: World, case: Case) -> ShortlistObjects:
    return case.objects(world).shortlist


def _shortlist_url(name: str) -> Callable[[World, Case], str]:
    return lambda world, case: reverse(name, args=[_shortlist(world, case).shortlist.pk])


def _entry_url(name: str) -> Callable[[World, Case], str]:
    """An entry of the shortlist; "foreign" names the own shortlist with the other buyer's entry."""

    def url(world: World, case: Case) -> str:
        objects = _shortlist(world, case)
        source = world.org(SIBLING[case.target]).shortlist if case.state == "foreign" else objects
        return reverse(name, args=[objects.shortlist.pk, source.entry.pk])

    return url


# Buyers' competitions (buyers/views/competitions.py): the organisation's admins and members; evaluators are refused
# at the door. Each buyer's member built its competitions (world.py), so it is their owner; changing one needs its
# owner or a buyer admin, opening the bids its owner alone. buyer_a (verified) has a competition in each of
# "draft", "open" and "closed"; buyer_b (not verified) only a "draft".

COMPETITION_OWNER = Role.MEMBER  # the role of the person who built each buyer's competitions in the world
VERIFIED_BUYER = "buyer_a"  # may publish; buyer_b waits for an operator
PUBLISHED = ("open", "closed", "answered")  # states naming a published competition ("answered": see below)


def buyer_staff(then: Expect | Rule = OK) -> Rule:
    """competitions_page: a buyer's admins and members; evaluators and the other sides get 403 before any lookup."""
    return shortlister(then)


def may_manage(actor: Actor) -> bool:
    """permissions.can_manage: the competition's owner or a buyer admin. Each buyer's staff here are its admin and
    the owner, so no one meets the refusal (a member who is not the owner: tests/buyer_competitions/test_access.py)."""
    return actor.is_admin or actor.role == COMPETITION_OWNER


def own_competition(then: Expect | Rule = OK, *, manage: bool = False) -> Rule:
    """competition_page: the organisation's own competition (another buyer's is not found); with `manage`, then
    403 unless the requester may change it."""

    def rule(case: Case) -> Expect:
        if not case.own:
            return NOT_FOUND
        if manage and not may_manage(case.actor):
            return FORBIDDEN
        return _resolve(then, case)

    return buyer_staff(rule)


def draft_section(then: Expect | Rule = OK) -> Rule:
    """competition_page(manage, draft): a page of the builder. A published competition sends the person to its
    overview, GET or POST alike, and nothing changes. "foreign" names the own draft with another buyer's document."""

    def rule(case: Case) -> Expect:
        if case.state in PUBLISHED:
            return redirect("buyers:competition")
        if case.state == "foreign":
            return NOT_FOUND
        return _resolve(then, case)

    return own_competition(rule, manage=True)


def competition_variants(*states: str) -> Callable[[Actor], tuple[str, ...]]:
    """buyer_a's admins and members try its competition in each of `states` and buyer_b's draft; buyer_b's try
    their own draft and buyer_a's competition in the first state.

    Everyone else, evaluators too, is refused at the door before any competition is looked up: one is enough.
    """

    def variants(actor: Actor) -> tuple[str, ...]:
        if actor.org == "buyer_a" and actor.role != Role.EVALUATOR:
            return (*(f"buyer_a/{state}" for state in states), "buyer_b/draft")
        if actor.org == "buyer_b" and actor.role != Role.EVALUATOR:
            return ("buyer_b/draft", f"buyer_a/{states[0]}")
        return (f"buyer_a/{states[0]}",)

    return variants


def _competition(world: World, case: Case) -> CompetitionObjects:
    """The target buyer's competition in the variant's state: "foreign" is its draft, "answered" its open one."""
    state = {"foreign": "draft", "answered": "open", None: "draft"}.get(case.state, case.state)
    return world.org(case.target).competitions[state]


def _competition_url(name: str, *extra) -> Callable[[World, Case], str]:
    return lambda world, case: reverse(name, args=[_competition(world, case).competition.pk, *extra])


def _competition_document_url(name: str) -> Callable[[World, Case], str]:
    """A document of the competition; "foreign" names the own draft with the other buyer's draft's document."""

    def url(world: World, case: Case) -> str:
        source = world.org(SIBLING[case.target]).competitions["draft"] if case.state == "foreign" else None
        objects = _competition(world, case)
        return reverse(name, args=[objects.competition.pk, (source or objects).document.pk])

    return url


def _clarification_url(name: str) -> Callable[[World, Case], str]:
    """A clarification of the competition: the open one's waiting question ("open"), its published one
    ("answered"), the closed one's published one ("closed"); a draft has none, so buyer_a's waiting question
    stands in (not found there)."""

    def url(world: World, case: Case) -> str:
        objects = _competition(world, case)
        if case.state == "open":
            clarification = objects.waiting
        elif case.state in ("answered", "closed"):
            clarification = objects.clarification
        else:
            clarification = world.org("buyer_a").competitions["open"].waiting
        return reverse(name, args=[objects.competition.pk, clarification.pk])

    return url


def _clarification_answer(*, post: bool) -> Rule:
    """Only a waiting question is answered; an answered one sends the person back to the list."""

    def rule(case: Case) -> Expect:
        if case.state in ("answered", "closed"):
            return redirect("buyers:clarifications")
        if case.state != "open":
            return NOT_FOUND
        return done("buyers:clarifications") if post else OK

    return own_competition(rule, manage=True)


def _amend(*, post: bool) -> Rule:
    """Only an open competition is amended (a new version); a draft or a closed one sends the person back."""

    def rule(case: Case) -> Expect:
        if case.state != "open":
            return redirect("buyers:competition")
        return done("buyers:competition_version") if post else OK

    return own_competition(rule, manage=True)


def _open_bids(*, post: bool) -> Rule:
    """Rule 7: only the owner, and only once the deadline has passed, opens the bids: an audited act whose page
    shows them (200, no redirect). Before that, or on a draft, the page says why and nothing changes."""

    def rule(case: Case) -> Expect:
        if case.actor.role != COMPETITION_OWNER:
            return FORBIDDEN
        return Expect(200, writes=True) if post and case.state == "closed" else OK

    return own_competition(rule)


def _publish(case: Case) -> Expect:
    """A complete draft is published by a verified buyer; an unverified one is told it must be verified first."""
    return done("buyers:competition") if case.target == VERIFIED_BUYER else OK


def _category_pk() -> str:
    return str(Category.objects.get(slug=LISTED_SLUG).pk)


def _date_fields(name: str, day) -> dict:
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def _time_fields(name: str, moment) -> dict:
    return {**_date_fields(name, moment.date()), f"{name}_hour": f"{moment.hour:02d}",
            f"{name}_minute": f"{moment.minute:02d}"}


def _problem_data(world: World, case: Case) -> dict:
    return {"title": "Renamed by the harness", "category": _category_pk(),
            "summary": "Fewer missed bin collections.", "problem": "Collections are missed every week."}


def _budget_data(world: World, case: Case) -> dict:
    return {"budget_min": "50,000", "budget_max": "150,000", "contract_months": "12",
            **_date_fields("expected_start", timezone.localdate() + timedelta(days=90))}


def _criteria_data(world: World, case: Case) -> dict:
    rows = [("quality", "Approach", "How will you deliver the outcomes?", "500", 60),
            ("price", "Price", "", "", 40)]
    data = {"rows": str(len(rows)), "action": "save"}
    for n, (kind, name, question, limit, weighting) in enumerate(rows, start=1):
        data.update({f"kind_{n}": kind, f"name_{n}": name, f"weighting_{n}": str(weighting),
                     f"question_{n}": question, f"guidance_{n}": "", f"word_limit_{n}": limit})
    return data


def _timeline_data(world: World, case: Case) -> dict:
    submission = uk(timezone.now() + timedelta(days=30)).replace(hour=12, minute=0)
    return {**_time_fields("clarification_deadline", submission - timedelta(days=4)),
            **_time_fields("submission_deadline", submission),
            **_date_fields("expected_award_date", submission.date() + timedelta(days=21))}


def _amend_data(world: World, case: Case) -> dict:
    """Every question as it is, and the submission deadline a week later: a real change."""
    competition = _competition(world, case).competition
    data = {"reason": "More time after questions about the data",
            **_time_fields("submission_deadline", uk(competition.submission_deadline) + timedelta(days=7)),
            **_time_fields("clarification_deadline", uk(competition.clarification_deadline))}
    for criterion in competition.criteria.all():
        data[f"weighting_{criterion.pk}"] = str(criterion.weighting)
        if criterion.has_question:
            data.update({f"question_{criterion.pk}": criterion.question, f"guidance_{criterion.pk}": criterion.guidance,
                         f"word_limit_{criterion.pk}": str(criterion.word_limit or "")})
    return data


# The supplier's side of competitions (suppliers/views/competitions.py): any admin or member of an invited supplier.
# Both suppliers are invited to buyer_a's open and closed competitions; supplier_a has submitted a bid (with an
# attachment) to both, supplier_b has a draft bid (with an attachment) in the open one. Suppliers try those and
# buyer_a's draft, which no supplier ever sees.

SUBMITTED_BIDDER = "supplier_a"  # its bids are submitted; supplier_b's open one is a draft, and incomplete
# Both suppliers are invited to every published competition here: a supplier not invited to a published one is
# tests/supplier_competitions/test_competition_pages.py's.


def bidder(then: Expect | Rule = OK) -> Rule:
    """supplier_page: a supplier's admins and members (an admin sets up TOTP first, which every actor here has);
    the other sides get 403."""
    return side(Side.SUPPLIER, then)


def invited(then: Expect | Rule = OK) -> Rule:
    """competition_page: a competition the supplier's organisation is invited to; a draft is never shown to
    suppliers (no one is invited to it yet): not found. "foreign" names the open competition with another
    competition's object (a document, a question): not found."""
    return bidder(lambda case: NOT_FOUND if case.state in ("draft", "foreign") else _resolve(then, case))


def while_open(then: Expect | Rule = OK, *, post: bool = False) -> Rule:
    """A page that changes the bid: once the deadline has passed, GET sends the supplier to its bid's task list;
    a POST reaches the service, which refuses: the form is shown again, and nothing changes."""

    def rule(case: Case) -> Expect:
        if case.state == "closed":
            return OK if post else redirect("suppliers:bid")
        return _resolve(then, case)

    return invited(rule)


def invitation_variants(*states: str) -> Callable[[Actor], tuple[str, ...]]:
    """Suppliers try buyer_a's competition in each of `states` (its draft too); everyone else is refused at the
    door before any competition is looked up: one is enough."""

    def variants(actor: Actor) -> tuple[str, ...]:
        if actor.kind == Side.SUPPLIER:
            return tuple(f"buyer_a/{state}" for state in states)
        return (f"buyer_a/{states[0]}",)

    return variants


BID_STATES = ("open", "closed", "draft")


def attachment_variants(actor: Actor) -> tuple[str, ...]:
    """An attachment of a bid, named by the supplier whose bid holds it: each supplier's in the open competition,
    supplier_a's in the closed one, and (in buyer_a's draft) one no supplier can reach."""
    if actor.kind == Side.SUPPLIER:
        return ("supplier_a/open", "supplier_b/open", "supplier_a/closed", "supplier_a/draft")
    return ("supplier_a/open",)


def _invitation(world: World, case: Case) -> CompetitionObjects:
    """buyer_a's competition in the variant's state ("foreign": the open one)."""
    return world.org("buyer_a").competitions["open" if case.state == "foreign" else case.state]


def _invitation_url(name: str, *extra) -> Callable[[World, Case], str]:
    return lambda world, case: reverse(name, args=[_invitation(world, case).competition.pk, *extra])


def _invitation_document_url(name: str) -> Callable[[World, Case], str]:
    """A document of the competition; "foreign" names the open one with the draft's document."""

    def url(world: World, case: Case) -> str:
        source = world.org("buyer_a").competitions["draft" if case.state == "foreign" else case.state]
        return reverse(name, args=[_invitation(world, case).competition.pk, source.document.pk])

    return url


def _bid_answer_url(world: World, case: Case) -> str:
    """A question of the competition; "foreign" names the open one with the closed one's question."""
    source = world.org("buyer_a").competitions["closed" if case.state == "foreign" else case.state]
    return reverse("suppliers:bid_answer", args=[_invitation(world, case).competition.pk, source.criterion.pk])


def _bid_attachment_url(name: str) -> Callable[[World, Case], str]:
    """The target supplier's attachment; the draft (which has none) is named with supplier_a's open one."""

    def url(world: World, case: Case) -> str:
        competitions = world.org("buyer_a").competitions
        source = competitions["open" if case.state == "draft" else case.state]
        return reverse(name, args=[competitions[case.state].competition.pk, source.attachments[case.target]])

    return url


def own_attachment(then: Expect | Rule = OK) -> Rule:
    """An attachment of the organisation's own bid: another supplier's is not found."""
    return invited(lambda case: _resolve(then, case) if case.own else NOT_FOUND)


def _attachment_remove(*, post: bool) -> Rule:
    """Taking an attachment off the own bid: once the deadline has passed, GET sends the supplier to its bid and the
    service refuses a POST (back to the attachments, nothing changed)."""

    def rule(case: Case) -> Expect:
        if case.state == "closed":
            return redirect("suppliers:bid_attachments") if post else redirect("suppliers:bid")
        return done("suppliers:bid_attachments") if post else OK

    return own_attachment(rule)


def _edit_version(world: World, case: Case) -> dict:
    """What every change to a bid carries: its edit version as the page showed it (none before a bid exists)."""
    if case.actor.kind != Side.SUPPLIER:
        return {}
    competition = _invitation(world, case).competition
    bid = Bid.objects.filter(competition=competition, supplier=world.org(case.actor.org).organisation).first()
    return {"edit_version": str(bid.edit_version)} if bid else {}


def _bid_price_data(world: World, case: Case) -> dict:
    return {"price": "90,000", "item_1": "Delivery", "cost_1": "90,000", "note": "", "rows": "3",
            **_edit_version(world, case)}


def _bid_withdraw(*, post: bool) -> Rule:
    """Only a submitted bid is withdrawn: a draft one sends the supplier to the competition (GET), or the
    service refuses it (POST)."""

    def rule(case: Case) -> Expect:
        if case.actor.org != SUBMITTED_BIDDER:
            return OK if post else redirect("suppliers:competition")
        return done("suppliers:competition") if post else OK

    return while_open(rule, post=post)


def _submit(case: Case) -> Expect:
    """Submitting a complete working copy stores a new revision (supplier_a's, again); supplier_b's draft is
    incomplete, and after the deadline nothing is taken: the page says why."""
    if case.state == "open" and case.actor.org == SUBMITTED_BIDDER:
        return done("suppliers:bid_submit")
    return OK


def published_only(case: Case) -> Expect:
    """A draft is never shown outside its buyer (no tender notice, no invitations yet): not found. A published
    competition is shown, open or closed."""
    return NOT_FOUND if case.state == "draft" else OK


# Evaluation and award (rules 9 and 10): buyers/evaluation_urls.py, buyers/award_urls.py, suppliers/award_urls.py.
# buyer_a's "evaluating" competition: bids opened by the owner, its evaluator actor (and a second evaluator) assigned
# to everything, the evaluator actor has declared no conflict and scored nothing, supplier_a asked to explain its
# price. Its "standstill" one: scored and submitted by both evaluators, moderated, awarded to supplier_a by the admin,
# assessment summaries sent, the contract award notice published. No other competition has evaluators or an award.

EVALUATED = ("evaluating", "standstill")  # the world's competitions whose bids are opened, with evaluators assigned


def evaluator(then: Expect | Rule = OK) -> Rule:
    """evaluator_pages: buyer members with the evaluator role; the buyer's admins and members (its competitions'
    owner too) and the other sides get 403 before anything is looked up."""
    return side(Side.BUYER, lambda case: _resolve(then, case) if case.actor.role == Role.EVALUATOR else FORBIDDEN)


def assigned(then: Expect | Rule = OK) -> Rule:
    """evaluation_page: a competition of the evaluator's own organisation they are assigned to. Only buyer_a's
    evaluator is, to its evaluating and standstill competitions; any other competition (another organisation's, one
    they are not assigned to) is not found, GET and POST alike. "foreign" names the evaluating competition with the
    standstill one's bid: not found either."""
    return evaluator(lambda case: _resolve(then, case) if case.own and case.state in EVALUATED else NOT_FOUND)


def evaluator_variants(*extra_states: str) -> Callable[[Actor], tuple[str, ...]]:
    """buyer_a's evaluator tries the competitions it is assigned to, its closed one (not assigned) and
    `extra_states`; buyer_b's evaluator buyer_a's evaluating competition and its own draft. Everyone else is refused
    at the door before any competition is looked up: one is enough."""

    def variants(actor: Actor) -> tuple[str, ...]:
        if actor.org == "buyer_a" and actor.role == Role.EVALUATOR:
            return tuple(f"buyer_a/{state}" for state in (*EVALUATED, "closed", *extra_states))
        if actor.org == "buyer_b" and actor.role == Role.EVALUATOR:
            return ("buyer_a/evaluating", "buyer_b/draft")
        return ("buyer_a/evaluating",)

    return variants


def _evaluated(world: World, case: Case) -> tuple[CompetitionObjects, CompetitionObjects]:
    """(the competition the URL names, the one whose bid or assignment it names). "foreign": buyer_a's evaluating
    competition with its standstill one's; a competition without bids opened (a draft, a closed one) is named with
    buyer_a's evaluating one's bid or assignment."""
    competitions = world.org(case.target).competitions
    if case.state == "foreign":
        return competitions["evaluating"], competitions["standstill"]
    objects = competitions[case.state or "draft"]
    return objects, (objects if objects.bids else world.org("buyer_a").competitions["evaluating"])


def _evaluated_url(name: str, part: Callable[[CompetitionObjects], int]) -> Callable[[World, Case], str]:
    def url(world: World, case: Case) -> str:
        objects, source = _evaluated(world, case)
        return reverse(name, args=[objects.competition.pk, part(source)])

    return url


def _supplier_a_bid(objects: CompetitionObjects) -> int:
    return objects.bids["supplier_a"]


def _scores_data(world: World, case: Case) -> dict:
    """A score and justification for the competition's first question (the others are left for later)."""
    criterion = _evaluated(world, case)[0].criterion
    return {f"score_{criterion.pk}": "3", f"justification_{criterion.pk}": "Meets the requirement (the harness)."}


def _evaluation_bid(*, post: bool) -> Rule:
    """Reading (GET) and scoring (POST) one bid. While evaluating (declared no conflict, not submitted) the page
    reads the bid through `competition_open_bids` (an audited read, one bid) and a POST saves the scores. In
    standstill the evaluator has submitted: a POST goes back to the bid's page, nothing saved, and the GET goes to
    the evaluation (`competition_open_bids` no longer unseals bids once standstill has started)."""

    def rule(case: Case) -> Expect:
        if case.state == "evaluating":
            return done("buyers:evaluation") if post else Expect(200, writes=True)
        return redirect("buyers:evaluation_bid") if post else redirect("buyers:evaluation")

    return assigned(rule)


def _declarations_data(world: World, case: Case) -> dict:
    supplier = world.org("supplier_a").organisation.pk
    return {f"supplier_{supplier}": "no", f"details_{supplier}": ""}


def _evaluation_submit(case: Case) -> Expect:
    """While evaluating the evaluator has scored nothing: the page lists what is missing, and a POST is refused by
    the service (shown on the page, nothing written). In standstill they have submitted: back to the evaluation,
    GET and POST alike."""
    return OK if case.state == "evaluating" else redirect("buyers:evaluation")


def is_owner(actor: Actor) -> bool:
    """permissions.can_run_evaluation: the competition's owner alone (the buyer's admin is not); each buyer's
    competitions here were built by its member."""
    return actor.role == COMPETITION_OWNER


def owner_only(then: Expect | Rule = OK) -> Rule:
    """competition_page, then 403 for everyone but the competition's owner (buyer admins too)."""
    return own_competition(lambda case: _resolve(then, case) if is_owner(case.actor) else FORBIDDEN)


def award_admin(then: Expect | Rule = OK) -> Rule:
    """competition_page, then 403 unless a buyer admin of the organisation (permissions.can_decide_award); the
    owner, a member, too."""
    return own_competition(lambda case: _resolve(then, case) if case.actor.is_admin else FORBIDDEN)


def _evaluator_assign(*, post: bool) -> Rule:
    """Assignments change while the competition is published, closed or being evaluated with no award; a draft
    or a competition in standstill sends the owner to the evaluation page."""

    def rule(case: Case) -> Expect:
        if case.state in ("draft", "standstill"):
            return redirect("buyers:competition_evaluation")
        return done("buyers:competition_evaluation") if post else OK

    return owner_only(rule)


def _assign_data(world: World, case: Case) -> dict:
    """The evaluator actor, to score one criterion of every bid (not a duplicate of their assignment to all)."""
    criterion = _competition(world, case).criterion
    return {"evaluator": str(world.users["buyer_a_evaluator"].pk), "scope": "criterion",
            "criterion": str(criterion.pk), "bid": ""}


def _evaluator_unassign(*, post: bool) -> Rule:
    """The assignment is looked up in the competition first (another competition's is not found: a draft has
    none, "foreign" names the standstill one's); once standstill has started it can no longer change."""

    def rule(case: Case) -> Expect:
        if case.state not in EVALUATED:
            return NOT_FOUND
        if case.state == "standstill":
            return redirect("buyers:competition_evaluation")
        return done("buyers:competition_evaluation") if post else OK

    return owner_only(rule)


def _moderate_bid(*, post: bool) -> Rule:
    """Rule 7: before the bids are opened (a draft, a closed competition) no bid is found. Once opened, only the
    owner may POST (403 first), and the bid must count in this competition ("foreign": not found). While scoring
    goes on (evaluating) everyone is sent to the moderation page; in standstill the page is read-only (scores
    only: no bid is unsealed, so nothing is audited) and the owner's POST changes nothing."""

    def rule(case: Case) -> Expect:
        if case.state not in (*EVALUATED, "foreign"):
            return NOT_FOUND
        if post and not is_owner(case.actor):
            return FORBIDDEN
        if case.state == "foreign":
            return NOT_FOUND
        if case.state == "evaluating" or post:
            return redirect("buyers:competition_moderation")
        return OK

    return own_competition(rule)


def _moderation_data(world: World, case: Case) -> dict:
    objects, _source = _evaluated(world, case)
    criterion = objects.criterion
    return {"moderated_with": str(world.users["buyer_a_evaluator"].pk), f"score_{criterion.pk}": "3",
            f"rationale_{criterion.pk}": "Agreed in moderation (the harness)."}


def _price_explanation(*, post: bool) -> Rule:
    """The owner asks a bidder to explain its price: the bids must be opened and the bid count in this competition
    (a draft, a closed competition, "foreign": not found); only while evaluating with no award (in standstill:
    back to the award page)."""

    def rule(case: Case) -> Expect:
        if case.state not in EVALUATED:
            return NOT_FOUND
        if case.state == "standstill":
            return redirect("buyers:competition_award")
        return done("buyers:competition_award") if post else OK

    return owner_only(rule)


def _in_standstill(*, post: bool) -> Callable[[Case], Expect]:
    """Pausing (the owner) or cancelling (an admin) an award in standstill: a reason is given, it is done."""
    return lambda case: (done("buyers:competition_award") if post else OK) if case.state == "standstill" \
        else redirect("buyers:competition_award")


def _not_at_this_step(case: Case) -> Expect:
    """An award step the award is not at: no live award (a draft, an evaluating competition), or past it (the
    standstill one's summaries are sent and its notice published; it is not paused): back to the award page."""
    return redirect("buyers:competition_award")


# The supplier's side: its assessment summaries (buyer_a's standstill competition: one for each supplier) and the
# buyer's question about supplier_a's price (buyer_a's evaluating competition).


def summary_variants(actor: Actor) -> tuple[str, ...]:
    """Suppliers try each supplier's assessment summary; everyone else is refused at the door: one is enough."""
    if actor.kind == Side.SUPPLIER:
        return ("supplier_a/standstill", "supplier_b/standstill")
    return ("supplier_a/standstill",)


def _summary_url(name: str) -> Callable[[World, Case], str]:
    def url(world: World, case: Case) -> str:
        return reverse(name, args=[world.org("buyer_a").competitions["standstill"].summaries[case.target]])

    return url


def price_question_variants(actor: Actor) -> tuple[str, ...]:
    """supplier_a's price question, in its competition and ("foreign") named in the standstill competition."""
    if actor.kind == Side.SUPPLIER:
        return ("supplier_a/evaluating", "supplier_a/foreign")
    return ("supplier_a/evaluating",)


def _price_question_url(world: World, case: Case) -> str:
    competitions = world.org("buyer_a").competitions
    competition = competitions["standstill" if case.state == "foreign" else "evaluating"].competition
    return reverse("suppliers:price_explanation", args=[competition.pk, competitions["evaluating"].price_request])


def _price_question(*, post: bool) -> Rule:
    """The bidding organisation's own question (another supplier's, or one named in another competition, is not
    found); a POST with an answer sends it and comes back to the same page."""

    def rule(case: Case) -> Expect:
        if not case.own or case.state == "foreign":
            return NOT_FOUND
        return done("suppliers:price_explanation") if post else OK

    return bidder(rule)


def api_evaluators(then: Expect | Rule = OK) -> Rule:
    """The evaluation API (IsAuthenticated, IsEvaluator): buyer members with the evaluator role; everyone else,
    anonymous people too, gets 403 (see `api_suppliers`)."""
    return lambda case: _resolve(then, case) if case.actor.kind == Side.BUYER and case.actor.role == Role.EVALUATOR \
        else FORBIDDEN


def api_moderation(case: Case) -> Expect:
    """The moderation API: buyer admins and members (403 for everyone else, anonymous people too); the
    organisation's own competition with its bids opened (another's, or a closed one, is not found); its owner."""
    if case.actor.kind != Side.BUYER or case.actor.role == Role.EVALUATOR:
        return FORBIDDEN
    if not case.own or case.state not in EVALUATED:
        return NOT_FOUND
    return OK if is_owner(case.actor) else FORBIDDEN


def published_award(case: Case) -> Expect:
    """A contract award notice is public once published (standstill); none before, whoever asks."""
    return OK if case.state == "standstill" else NOT_FOUND


# Contracts (rules 10 to 13): buyers/contract_urls.py, suppliers/contract_urls.py, the public contract details
# notices and the operators' register. buyer_a's contracts with supplier_a, by state (see world._contracts): "draft",
# "awaiting" (issued, nobody signed), "signing" (the supplier signed; the buyer's admin signs next) and "active"
# (signed by both; its first milestone delivered, its second not). buyer_b has none; nor has supplier_b.

CONTRACT_STATES = ("draft", "awaiting", "signing", "active")


def buyer_contract_variants(*states: str) -> Callable[[Actor], tuple[str, ...]]:
    """buyer_a's admins and members try its contract in each of `states`; everyone else buyer_a's first one (refused
    at the door, or, for buyer_b's staff, not found)."""

    def variants(actor: Actor) -> tuple[str, ...]:
        if actor.org == "buyer_a" and actor.role != Role.EVALUATOR:
            return tuple(f"buyer_a/{state}" for state in states)
        return (f"buyer_a/{states[0]}",)

    return variants


def _contract(world: World, case: Case):
    """buyer_a's contract in the variant's state ("foreign": the draft, named with another contract's object)."""
    return world.org("buyer_a").contracts["draft" if case.state == "foreign" else case.state]


def _contract_url(name: str, part: Callable[[World, Case], int] | None = None) -> Callable[[World, Case], str]:
    def url(world: World, case: Case) -> str:
        args = [_contract(world, case).contract.pk]
        return reverse(name, args=args + ([part(world, case)] if part else []))

    return url


def _contract_document(world: World, case: Case) -> int:
    """The contract's latest PDF; "foreign": the awaiting contract's, named with the draft."""
    return world.org("buyer_a").contracts["awaiting"].document if case.state == "foreign" else \
        _contract(world, case).document


def _contract_milestone(world: World, case: Case) -> int:
    """The active contract's delivered milestone, the others' first; "foreign": the active one's, with the draft."""
    return world.org("buyer_a").contracts["active"].milestone if case.state == "foreign" else \
        _contract(world, case).milestone


def own_contract(then: Expect | Rule = OK, *, manage: bool = False, sign: bool = False) -> Rule:
    """contract_page: a buyer's admins and members (evaluators and the other sides 403 at the door); the
    organisation's own contract (buyer_b's staff: not found); `manage`: 403 unless the competition's owner or a buyer
    admin (both of buyer_a's staff here); `sign`: 403 unless a buyer admin."""

    def rule(case: Case) -> Expect:
        if not case.own:
            return NOT_FOUND
        if manage and not may_manage(case.actor):
            return FORBIDDEN
        if sign and not case.actor.is_admin:
            return FORBIDDEN
        return _resolve(then, case)

    return buyer_staff(rule)


def _while_draft(*, post: bool, writes: bool = True) -> Rule:
    """Preparing the contract: only a draft can change (the others send the buyer to the contract's page)."""

    def rule(case: Case) -> Expect:
        if case.state != "draft":
            return redirect("buyers:contract")
        if post:
            return done("buyers:contract") if writes else OK
        return OK

    return own_contract(rule, manage=True)


def _details_data(world: World, case: Case) -> dict:
    start = _contract(world, case).contract.start_date
    return {"purchase_order_number": "PO-HARNESS-1", **_date_fields("start_date", start)}


def _milestones_data(world: World, case: Case) -> dict:
    contract = _contract(world, case).contract
    whole, part = divmod(contract.value_pence, 100)
    return {"rows": "1", "action": "save", "title_1": "Everything", **_date_fields("due_date_1", contract.end_date),
            "amount_1": f"{whole}.{part:02d}"}


def _buyer_sign(*, post: bool) -> Rule:
    """The buyer's admin signs once the supplier has ("signing"); before that, or once signed, back to the page."""

    def rule(case: Case) -> Expect:
        if case.state != "signing":
            return redirect("buyers:contract")
        return done("buyers:contract") if post else OK

    return own_contract(rule, sign=True)


def _buyer_sign_data(world: World, case: Case) -> dict:
    user = world.users["buyer_a_admin"]
    return {"version": str(_contract(world, case).contract.version), "name": user.get_full_name(),
            "job_title": "Head of procurement", "confirm": "on"}


def _variation(*, post: bool) -> Rule:
    return own_contract(lambda case: (done("buyers:contract") if post else OK) if case.state == "active"
                        else redirect("buyers:contract"), manage=True)


def _milestone_decision(*, post: bool) -> Rule:
    """A delivered milestone (the active contract's first) is accepted or rejected; a milestone not delivered sends
    the buyer back to the contract; another contract's milestone is not found."""

    def rule(case: Case) -> Expect:
        if case.state == "foreign":
            return NOT_FOUND
        if case.state != "active":
            return redirect("buyers:contract")
        return done("buyers:contract") if post else OK

    return own_contract(rule, manage=True)


def _contract_pdf(case: Case) -> Expect:
    """A stored PDF of the contract (the draft has none: another contract's is not found)."""
    return NOT_FOUND if case.state == "foreign" else OK


def supplier_contract_variants(*states: str) -> Callable[[Actor], tuple[str, ...]]:
    """supplier_a's admins and members try the contract in each of `states`; everyone else the first (refused at the
    door, or, for supplier_b's people, not found)."""

    def variants(actor: Actor) -> tuple[str, ...]:
        if actor.org == "supplier_a":
            return tuple(f"supplier_a/{state}" for state in states)
        return (f"supplier_a/{states[0]}",)

    return variants


def supplier_contract(then: Expect | Rule = OK, *, admin: bool = False) -> Rule:
    """supplier_page, then the organisation's own contract once issued (a draft, another supplier's: not found);
    `admin`: 403 unless a supplier admin (its signatory)."""

    def rule(case: Case) -> Expect:
        if not case.own or case.state in ("draft", None):
            return NOT_FOUND
        if admin and not case.actor.is_admin:
            return FORBIDDEN
        return _resolve(then, case)

    return bidder(rule)


def _supplier_contract_url(name: str, part: Callable[[World, Case], int] | None = None):
    def url(world: World, case: Case) -> str:
        objects = world.org("buyer_a").contracts["awaiting" if case.state == "foreign" else case.state]
        return reverse(name, args=[objects.contract.pk] + ([part(world, case)] if part else []))

    return url


def _supplier_sign(*, post: bool) -> Rule:
    """The supplier's admin signs the issued version ("awaiting"). Once it has signed ("signing", "active") a GET
    goes back to the contract and a POST is refused on the page (nothing written)."""

    def rule(case: Case) -> Expect:
        if case.state == "awaiting":
            return done("suppliers:contract") if post else OK
        return OK if post else redirect("suppliers:contract")

    return supplier_contract(rule, admin=True)


def _supplier_sign_data(world: World, case: Case) -> dict:
    user = world.users["supplier_a_admin"]
    contract = world.org("buyer_a").contracts[case.state or "awaiting"].contract
    return {"version": str(contract.version), "name": user.get_full_name(), "job_title": "Director",
            "confirmed": "on"}


def _deliverable(world: World, case: Case) -> int:
    """The active contract's milestone not yet delivered; the awaiting one's first; "foreign": the active one's,
    named with the awaiting contract."""
    contracts = world.org("buyer_a").contracts
    if case.state in ("active", "foreign"):
        return contracts["active"].planned
    return contracts[case.state].milestone


def _deliver(*, post: bool) -> Rule:
    """Any of the supplier's people marks a milestone delivered once both have signed; before that the page says so
    and a POST is refused on it (nothing written). Another contract's milestone is not found."""

    def rule(case: Case) -> Expect:
        if case.state == "foreign":
            return NOT_FOUND
        return done("suppliers:contract") if post and case.state == "active" else OK

    return supplier_contract(rule)


def _supplier_document(world: World, case: Case) -> int:
    """The contract's latest PDF; "foreign": the active contract's, named with the awaiting one."""
    contracts = world.org("buyer_a").contracts
    return contracts["active"].document if case.state == "foreign" else contracts[case.state].document



def _invoice_milestone(world: World, case: Case) -> int:
    """Invoices (payments): the active contract's delivered milestone (not accepted, so not yet payable), the
    awaiting one's first; "foreign": the active one's, named with the awaiting contract."""
    contracts = world.org("buyer_a").contracts
    if case.state in ("active", "foreign"):
        return contracts["active"].milestone
    return contracts[case.state].milestone

def contract_notice(case: Case) -> Expect:
    """A contract details notice is public once both have signed (the active contract, over the threshold)."""
    return OK if case.state == "active" else NOT_FOUND


TERMS = "wagtailsnippets_contracts_calloffterms"


def _terms_url(view: str) -> Callable[[World, Case], str]:
    return lambda world, case: reverse(f"{TERMS}:{view}", args=[world.terms.pk])


def _terms_revision_url(view: str) -> Callable[[World, Case], str]:
    def url(world: World, case: Case) -> str:
        revision = world.terms.live_revision_id
        if view == "revisions_compare":
            return reverse(f"{TERMS}:{view}", args=[world.terms.pk, "earliest", revision])
        return reverse(f"{TERMS}:{view}", args=[world.terms.pk, revision])

    return url


def _terms_data(world: World, case: Case) -> dict:
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    return nested_form_data({
        "title": "Harness call-off terms",
        "clauses": streamfield([("clause", {"heading": "Payment", "text": "Within 30 days."})]),
    })


# ---------------------------------------------------------------------------------------------------------------
# The table.

OWN_AND_OTHERS = ("own", "other", "cross")


@dataclass(frozen=True)
class Route:
    name: str
    url: Callable[[World, Case], str] | None = None  # default: reverse(name)
    get: Rule | None = None
    post: Rule | None = None
    data: Callable[[World, Case], dict] | None = None  # the POST body
    targets: tuple[str, ...] = ()  # variants; empty when the URL names no organisation's object
    variants_for: Callable[[Actor], tuple[str, ...]] | None = None  # instead of targets: each actor's own variants
    query: str = ""  # appended to the URL of every request
    note: str = field(default="", compare=False)

    @property
    def methods(self) -> dict[str, Rule]:
        return {method: rule for method, rule in (("GET", self.get), ("POST", self.post)) if rule is not None}

    def build_url(self, world: World, case: Case) -> str:
        url = self.url(world, case) if self.url else reverse(self.name)
        return url + self.query

    def body(self, world: World, case: Case) -> dict:
        return self.data(world, case) if self.data else {}


def _args(name: str, getter: Callable[[World, Case], object]) -> Callable[[World, Case], str]:
    return lambda world, case: reverse(name, args=[getter(world, case)])


def _first_notice():
    from marketplace.opendata.models import Notice

    return Notice.objects.order_by("pk").first()


def _membership_role_change(world: World, case: Case) -> dict:
    target = case.objects(world).member_membership
    return {"role": Role.MEMBER if target.role == Role.ADMIN else Role.ADMIN}


SUPPLIER_REGISTRATION = {
    "name": "Harness Widgets Ltd",
    "companies_house_number": "SC123456",
    "size": "small",
    "address_line_1": "2 Low Street",
    "town": "York",
    "postcode": "YO1 7HH",
}


def _invitation_accept(case: Case) -> Expect:
    # The token is the invitation's secret; only the person it is addressed to may accept it.
    if case.actor.invited_to is not None and case.target == case.actor.invited_to:
        return done("dashboard")
    return FORBIDDEN


def _join_request_new_get(case: Case) -> Expect:
    return NOT_FOUND if case.target.startswith(Side.OPERATOR) else OK


def _join_request_new_post(case: Case) -> Expect:
    if case.target.startswith(Side.OPERATOR):
        return NOT_FOUND
    if case.actor.pending_join_request:
        return OK  # the form shows "you have already asked to join an organisation"; nothing is written
    return done("accounts:start")


def _withdraw(case: Case) -> Expect:
    return done("accounts:start") if case.actor.pending_join_request else NOT_FOUND


def _dashboard(case: Case) -> Expect:
    return {
        Side.SUPPLIER: redirect("suppliers:dashboard"),
        Side.BUYER: redirect("buyers:dashboard"),
        Side.OPERATOR: redirect("wagtailadmin_home"),
    }[case.actor.kind]


def _invitation_cancel(case: Case) -> Expect:
    return NOT_FOUND if not case.own else done("accounts:team")


def _not_a_buyer(case: Case) -> Expect | None:
    """Operator screens about buyer organisations: another kind's organisation is not found there."""
    return None if case.target.startswith(Side.BUYER) else NOT_FOUND


ROUTES: list[Route] = [
    # Site-wide.
    Route("healthz", get=public),
    Route("dashboard", get=lambda case: redirect("wagtailadmin_home") if case.actor.staff_admin and not case.actor.has_org
          else needs_org(_dashboard)(case), note="editors and superusers have no organisation: the Wagtail admin"),
    # Onboarding.
    Route("accounts:start", get=onboarding(), post=onboarding(redirect("accounts:organisation_new")),
          data=lambda w, c: {"choice": "new"}),
    Route("accounts:organisation_new", get=onboarding(), post=onboarding(done("dashboard")),
          data=lambda w, c: dict(SUPPLIER_REGISTRATION)),
    Route("accounts:join", get=onboarding(), query="?q=Supplier"),
    Route("accounts:join_request_new", _args("accounts:join_request_new", lambda w, c: c.objects(w).organisation.pk),
          get=onboarding(_join_request_new_get), post=onboarding(_join_request_new_post),
          data=lambda w, c: {"message": "I run their bids"}, targets=(*OWN_AND_OTHERS, "operator_a")),
    Route("accounts:join_request_withdraw", get=signed_in(NOT_ALLOWED), post=signed_in(_withdraw)),
    Route("accounts:invitation", _args("accounts:invitation", lambda w, c: c.objects(w).invitation.token),
          get=signed_in(OK), post=signed_in(_invitation_accept), targets=OWN_AND_OTHERS,
          note="the token is a bearer secret: any signed-in person holding it sees the invitation page"),
    # The team.
    Route("accounts:team", get=needs_org()),
    Route("accounts:invite", get=team_admin(), post=team_admin(done("accounts:team")),
          data=lambda w, c: {"email": "fresh.colleague@example.com", "role": Role.MEMBER}),
    Route("accounts:invitation_cancel", _args("accounts:invitation_cancel", lambda w, c: c.objects(w).invitation.pk),
          get=team_admin(NOT_ALLOWED), post=team_admin(_invitation_cancel), targets=OWN_AND_OTHERS),
    Route("accounts:member_role", _args("accounts:member_role", lambda w, c: c.objects(w).member_membership.pk),
          get=own_object(), post=own_object(done("accounts:team")), data=_membership_role_change,
          targets=OWN_AND_OTHERS),
    Route("accounts:member_remove", _args("accounts:member_remove", lambda w, c: c.objects(w).member_membership.pk),
          get=own_object(), post=own_object(done("accounts:team")), targets=OWN_AND_OTHERS),
    Route("accounts:join_request_decide",
          _args("accounts:join_request_decide", lambda w, c: c.objects(w).join_request.pk),
          get=own_object(), post=own_object(done("accounts:team")), data=lambda w, c: {"role": Role.MEMBER},
          targets=OWN_AND_OTHERS),
    # A supplier's VAT registration number: its admins only (403 for its other members, and for buyers and
    # operators, who record none). It names no object: the requester's own organisation is the one changed.
    Route("accounts:vat_number",
          get=team_admin(lambda c: OK if c.actor.kind == Side.SUPPLIER else FORBIDDEN),
          post=team_admin(lambda c: done("accounts:team") if c.actor.kind == Side.SUPPLIER else FORBIDDEN),
          data=lambda w, c: {"vat_number": "gb 987 6543 21"}),
    # The sides' front doors.
    Route("suppliers:dashboard", get=side(Side.SUPPLIER)),
    Route("buyers:dashboard", get=side(Side.BUYER)),
    # Buyers' shortlists (buyers/urls.py): the buyer organisation's admins and members, not its evaluators.
    Route("buyers:shortlists", get=shortlister()),
    Route("buyers:shortlist_new", get=shortlister(), post=shortlister(done("buyers:shortlist")),
          data=lambda w, c: {"name": "Harness shortlist"}),
    Route("buyers:shortlist", _shortlist_url("buyers:shortlist"), get=own_shortlist(),
          variants_for=shortlist_variants()),
    Route("buyers:shortlist_rename", _shortlist_url("buyers:shortlist_rename"), get=own_shortlist(),
          post=own_shortlist(done("buyers:shortlist")), data=lambda w, c: {"name": "Renamed by the harness"},
          variants_for=shortlist_variants()),
    Route("buyers:shortlist_delete", _shortlist_url("buyers:shortlist_delete"), get=own_shortlist(),
          post=own_shortlist(done("buyers:shortlists")), variants_for=shortlist_variants()),
    # Without two listings chosen, comparing shows the shortlist again with the form's error.
    Route("buyers:shortlist_compare", _shortlist_url("buyers:shortlist_compare"), get=own_shortlist(),
          variants_for=shortlist_variants()),
    Route("buyers:shortlist_export", _shortlist_url("buyers:shortlist_export"), get=own_shortlist(),
          variants_for=shortlist_variants()),
    Route("buyers:shortlist_entry_note", _entry_url("buyers:shortlist_entry_note"), get=own_shortlist(),
          post=own_shortlist(done("buyers:shortlist")), data=lambda w, c: {"note": "Ask about hosting in the UK"},
          variants_for=shortlist_variants("foreign")),
    Route("buyers:shortlist_entry_remove", _entry_url("buyers:shortlist_entry_remove"), get=own_shortlist(),
          post=own_shortlist(done("buyers:shortlist")), variants_for=shortlist_variants("foreign")),
    # Adding a listing (to a new shortlist here): only a listing in the catalogue; any other is not found.
    Route("buyers:shortlist_add", _solution_url("buyers:shortlist_add"), get=shortlister(in_catalogue()),
          post=shortlister(in_catalogue(done("buyers:shortlist"))),
          data=lambda w, c: {"shortlist": "new", "name": "Harness shortlist"}, variants_for=shortlist_add_variants),
    # Buyers' competitions (buyers/competition_urls.py): the organisation's admins and members, not its evaluators.
    Route("buyers:competitions", get=buyer_staff()),
    Route("buyers:competition_new", get=buyer_staff(), post=buyer_staff(done("buyers:competition")),
          data=lambda w, c: {"title": "Harness competition", "category": _category_pk()}),
    Route("buyers:competition", _competition_url("buyers:competition"), get=own_competition(),
          variants_for=competition_variants("draft", "open", "closed")),
    Route("buyers:competition_preview", _competition_url("buyers:competition_preview"), get=own_competition(),
          variants_for=competition_variants("draft", "open")),
    # The builder's pages: a draft's, for its owner and the buyer's admins.
    Route("buyers:competition_problem", _competition_url("buyers:competition_problem"), get=draft_section(),
          post=draft_section(done("buyers:competition")), data=_problem_data,
          variants_for=competition_variants("draft", "open")),
    Route("buyers:competition_outcomes", _competition_url("buyers:competition_outcomes"), get=draft_section(),
          post=draft_section(done("buyers:competition")),
          data=lambda w, c: {"rows": "1", "action": "save", "outcome_1": "Fewer missed collections",
                             "measure_1": "Missed collections fall by a third"},
          variants_for=competition_variants("draft", "open")),
    Route("buyers:competition_budget", _competition_url("buyers:competition_budget"), get=draft_section(),
          post=draft_section(done("buyers:competition")), data=_budget_data,
          variants_for=competition_variants("draft", "open")),
    Route("buyers:competition_location", _competition_url("buyers:competition_location"), get=draft_section(),
          post=draft_section(done("buyers:competition")),
          data=lambda w, c: {"location": "York", "regions": [str(w.region.pk)]},
          variants_for=competition_variants("draft", "open")),
    Route("buyers:competition_criteria", _competition_url("buyers:competition_criteria"), get=draft_section(),
          post=draft_section(done("buyers:competition")), data=_criteria_data,
          variants_for=competition_variants("draft", "open")),
    Route("buyers:competition_scale", _competition_url("buyers:competition_scale"), get=draft_section(),
          post=draft_section(done("buyers:competition")),
          data=lambda w, c: {**{f"score_{score}": f"{score} – Harness descriptor" for score in range(5)},
                             "price_formula": "lowest_proportional", "tie_break": "quality"},
          variants_for=competition_variants("draft", "open")),
    Route("buyers:competition_timeline", _competition_url("buyers:competition_timeline"), get=draft_section(),
          post=draft_section(done("buyers:competition")), data=_timeline_data,
          variants_for=competition_variants("draft", "open")),
    Route("buyers:competition_conflicts", _competition_url("buyers:competition_conflicts"), get=draft_section(),
          post=draft_section(done("buyers:competition")),
          data=lambda w, c: {"rows": "1", "action": "save", "name_1": "Harness Owner", "role_1": "owner",
                             "has_conflict_1": "no", "conflict_1": "", "mitigation_1": ""},
          variants_for=competition_variants("draft", "open")),
    Route("buyers:competition_documents", _competition_url("buyers:competition_documents"), get=draft_section(),
          post=draft_section(done("buyers:competition_documents")),
          data=lambda w, c: {"file": harness_pdf(), "title": "Collection data"},
          variants_for=competition_variants("draft", "open")),
    # A document: any of the organisation's people may download it, draft or published ("foreign": the own
    # draft with the other buyer's document).
    Route("buyers:competition_document", _competition_document_url("buyers:competition_document"),
          get=own_competition(lambda c: NOT_FOUND if c.state == "foreign" else OK),
          variants_for=competition_variants("draft", "open", "foreign")),
    Route("buyers:competition_document_remove", _competition_document_url("buyers:competition_document_remove"),
          get=draft_section(), post=draft_section(done("buyers:competition_documents")),
          variants_for=competition_variants("draft", "open", "foreign")),
    # Publishing a complete draft invites the admitted suppliers; buyer_b is not verified, so it may not.
    Route("buyers:competition_publish", _competition_url("buyers:competition_publish"), get=draft_section(),
          post=draft_section(_publish), variants_for=competition_variants("draft", "open")),
    # Once published: amendments (open only) and their versions (a draft has none).
    Route("buyers:competition_amend", _competition_url("buyers:competition_amend"), get=_amend(post=False),
          post=_amend(post=True), data=_amend_data, variants_for=competition_variants("open", "closed", "draft")),
    Route("buyers:competition_version", _competition_url("buyers:competition_version", 1),
          get=own_competition(lambda c: NOT_FOUND if c.state == "draft" else OK),
          variants_for=competition_variants("open", "closed", "draft")),
    # Clarifications: any of the organisation's people read them; its managers answer the waiting ones.
    Route("buyers:clarifications", _competition_url("buyers:clarifications"), get=own_competition(),
          variants_for=competition_variants("open", "draft")),
    Route("buyers:clarification_answer", _clarification_url("buyers:clarification_answer"),
          get=_clarification_answer(post=False), post=_clarification_answer(post=True),
          data=lambda w, c: {"published_question": "Can we propose a pilot first?", "answer": "Yes, of 3 months."},
          variants_for=competition_variants("open", "answered", "closed")),
    # Cancelling: a draft, an open or a closed competition alike (before award).
    Route("buyers:competition_cancel", _competition_url("buyers:competition_cancel"),
          get=own_competition(manage=True), post=own_competition(done("buyers:competition"), manage=True),
          data=lambda w, c: {"reason": "The service is outsourced"},
          variants_for=competition_variants("draft", "open", "closed")),
    Route("buyers:competition_open_bids", _competition_url("buyers:competition_open_bids"),
          get=_open_bids(post=False), post=_open_bids(post=True),
          variants_for=competition_variants("closed", "open", "draft")),
    # Evaluation (buyers/evaluation_urls.py). The evaluator's pages: buyer members with the evaluator role, and
    # only the competitions they are assigned to (buyer_a's evaluator: its evaluating and standstill ones).
    Route("buyers:evaluations", get=evaluator(), post=evaluator(NOT_ALLOWED)),
    Route("buyers:evaluation", _competition_url("buyers:evaluation"), get=assigned(), post=assigned(NOT_ALLOWED),
          variants_for=evaluator_variants()),
    # Declarations: the evaluator has declared about every bidder in both, so the page is read-only and a POST
    # (nothing left to declare, or the evaluation has finished) goes back to the evaluation, writing nothing.
    Route("buyers:evaluation_declarations", _competition_url("buyers:evaluation_declarations"), get=assigned(),
          post=assigned(redirect("buyers:evaluation")), data=_declarations_data, variants_for=evaluator_variants()),
    Route("buyers:evaluation_bid", _evaluated_url("buyers:evaluation_bid", _supplier_a_bid),
          get=_evaluation_bid(post=False), post=_evaluation_bid(post=True), data=_scores_data,
          variants_for=evaluator_variants("foreign")),
    Route("buyers:evaluation_submit", _competition_url("buyers:evaluation_submit"),
          get=assigned(_evaluation_submit), post=assigned(_evaluation_submit), variants_for=evaluator_variants()),
    # The owner's evaluation page: the organisation's admins and members look; its owner alone assigns evaluators.
    Route("buyers:competition_evaluation", _competition_url("buyers:competition_evaluation"), get=own_competition(),
          post=own_competition(NOT_ALLOWED), variants_for=competition_variants("evaluating", "standstill", "draft")),
    Route("buyers:competition_evaluator_assign", _competition_url("buyers:competition_evaluator_assign"),
          get=_evaluator_assign(post=False), post=_evaluator_assign(post=True), data=_assign_data,
          variants_for=competition_variants("evaluating", "standstill", "closed", "draft")),
    Route("buyers:competition_evaluator_unassign",
          _evaluated_url("buyers:competition_evaluator_unassign", lambda objects: objects.assignment),
          get=_evaluator_unassign(post=False), post=_evaluator_unassign(post=True),
          variants_for=competition_variants("evaluating", "standstill", "foreign")),
    # Moderation and award (buyers/award_urls.py): the organisation's admins and members look; the owner moderates,
    # asks about a price, sends the summaries, publishes the notice and pauses or resumes standstill; a buyer admin
    # decides the award and may cancel it.
    Route("buyers:competition_moderation", _competition_url("buyers:competition_moderation"), get=own_competition(),
          post=own_competition(NOT_ALLOWED), variants_for=competition_variants("evaluating", "standstill", "draft")),
    Route("buyers:competition_moderate_bid", _evaluated_url("buyers:competition_moderate_bid", _supplier_a_bid),
          get=_moderate_bid(post=False), post=_moderate_bid(post=True), data=_moderation_data,
          variants_for=competition_variants("evaluating", "standstill", "closed", "foreign")),
    Route("buyers:competition_award", _competition_url("buyers:competition_award"), get=own_competition(),
          post=own_competition(NOT_ALLOWED), variants_for=competition_variants("evaluating", "standstill", "draft")),
    # Scoring is not finished in the evaluating competition, and the standstill one is decided: no award can be
    # decided now, so its admins are sent back to the award page.
    Route("buyers:competition_award_decide", _competition_url("buyers:competition_award_decide"),
          get=award_admin(_not_at_this_step), post=award_admin(_not_at_this_step),
          data=lambda w, c: {"bid": str(w.org("buyer_a").competitions["evaluating"].bids["supplier_a"])},
          variants_for=competition_variants("evaluating", "standstill")),
    Route("buyers:competition_price_explanation",
          _evaluated_url("buyers:competition_price_explanation", _supplier_a_bid),
          get=_price_explanation(post=False), post=_price_explanation(post=True),
          data=lambda w, c: {"question": "How do you cover the support costs at this price?"},
          variants_for=competition_variants("evaluating", "standstill", "closed", "foreign")),
    Route("buyers:competition_award_summaries", _competition_url("buyers:competition_award_summaries"),
          get=owner_only(_not_at_this_step), post=owner_only(_not_at_this_step),
          variants_for=competition_variants("evaluating", "standstill")),
    Route("buyers:competition_award_notice", _competition_url("buyers:competition_award_notice"),
          get=owner_only(_not_at_this_step), post=owner_only(_not_at_this_step),
          variants_for=competition_variants("evaluating", "standstill")),
    Route("buyers:competition_award_pause", _competition_url("buyers:competition_award_pause"),
          get=owner_only(_in_standstill(post=False)), post=owner_only(_in_standstill(post=True)),
          data=lambda w, c: {"reason": "A bidder has challenged the decision"},
          variants_for=competition_variants("evaluating", "standstill")),
    Route("buyers:competition_award_resume", _competition_url("buyers:competition_award_resume"),
          get=owner_only(_not_at_this_step), post=owner_only(_not_at_this_step),
          variants_for=competition_variants("evaluating", "standstill")),
    Route("buyers:competition_award_cancel", _competition_url("buyers:competition_award_cancel"),
          get=award_admin(_in_standstill(post=False)), post=award_admin(_in_standstill(post=True)),
          data=lambda w, c: {"reason": "The challenge was upheld"},
          variants_for=competition_variants("evaluating", "standstill")),
    # Contracts (buyers/contract_urls.py): the organisation's register and each contract, for its admins and members;
    # the owner or an admin prepares, issues, varies and decides milestones; only an admin signs.
    Route("buyers:contracts", get=buyer_staff(), post=buyer_staff(NOT_ALLOWED)),
    Route("buyers:contracts_export", get=buyer_staff(), post=buyer_staff(NOT_ALLOWED)),
    Route("buyers:contract", _contract_url("buyers:contract"), get=own_contract(), post=own_contract(NOT_ALLOWED),
          variants_for=buyer_contract_variants(*CONTRACT_STATES)),
    Route("buyers:contract_details", _contract_url("buyers:contract_details"), get=_while_draft(post=False),
          post=_while_draft(post=True), data=_details_data, variants_for=buyer_contract_variants("draft", "active")),
    Route("buyers:contract_milestones", _contract_url("buyers:contract_milestones"), get=_while_draft(post=False),
          post=_while_draft(post=True), data=_milestones_data,
          variants_for=buyer_contract_variants("draft", "awaiting")),
    Route("buyers:contract_kpis", _contract_url("buyers:contract_kpis"), get=_while_draft(post=False),
          post=_while_draft(post=True), data=lambda w, c: {"rows": "1", "action": "save", "name_1": "Uptime",
                                                           "target_1": "99.5% each month"},
          variants_for=buyer_contract_variants("draft", "active")),
    # The draft has no purchase-order number yet: issuing is refused on the page, and nothing is written.
    Route("buyers:contract_issue", _contract_url("buyers:contract_issue"), get=_while_draft(post=False),
          post=_while_draft(post=True, writes=False), variants_for=buyer_contract_variants("draft", "signing")),
    Route("buyers:contract_sign", _contract_url("buyers:contract_sign"), get=_buyer_sign(post=False),
          post=_buyer_sign(post=True), data=_buyer_sign_data,
          variants_for=buyer_contract_variants("signing", "awaiting", "active")),
    Route("buyers:contract_variation", _contract_url("buyers:contract_variation"), get=_variation(post=False),
          post=_variation(post=True), data=lambda w, c: {"reason": "The pilot moves to a second depot"},
          variants_for=buyer_contract_variants("active", "draft")),
    Route("buyers:contract_milestone_accept", _contract_url("buyers:contract_milestone_accept", _contract_milestone),
          get=_milestone_decision(post=False), post=_milestone_decision(post=True),
          variants_for=buyer_contract_variants("active", "awaiting", "foreign")),
    Route("buyers:contract_milestone_reject", _contract_url("buyers:contract_milestone_reject", _contract_milestone),
          get=_milestone_decision(post=False), post=_milestone_decision(post=True),
          data=lambda w, c: {"reason": "The report has no cost model"},
          variants_for=buyer_contract_variants("active", "awaiting", "foreign")),
    Route("buyers:contract_document", _contract_url("buyers:contract_document", _contract_document),
          get=own_contract(_contract_pdf), post=own_contract(NOT_ALLOWED),
          variants_for=buyer_contract_variants("active", "awaiting", "foreign")),
    # A supplier's contracts (suppliers/contract_urls.py): issued ones only; its admin signs, anyone of it delivers.
    Route("suppliers:contracts", get=bidder(), post=lambda case: NOT_ALLOWED),
    Route("suppliers:contract", _supplier_contract_url("suppliers:contract"), get=supplier_contract(),
          post=lambda case: NOT_ALLOWED, variants_for=supplier_contract_variants("awaiting", "active", "draft")),
    Route("suppliers:contract_sign", _supplier_contract_url("suppliers:contract_sign"), get=_supplier_sign(post=False),
          post=_supplier_sign(post=True), data=_supplier_sign_data,
          variants_for=supplier_contract_variants("awaiting", "signing", "active", "draft")),
    Route("suppliers:contract_milestone_deliver",
          _supplier_contract_url("suppliers:contract_milestone_deliver", _deliverable), get=_deliver(post=False),
          post=_deliver(post=True), data=lambda w, c: {"note": "Report shared on the project site"},
          variants_for=supplier_contract_variants("active", "awaiting", "foreign")),
    Route("suppliers:contract_document", _supplier_contract_url("suppliers:contract_document", _supplier_document),
          get=supplier_contract(lambda case: NOT_FOUND if case.state == "foreign" else OK),
          post=lambda case: NOT_ALLOWED, variants_for=supplier_contract_variants("active", "awaiting", "foreign")),
    # Public pages and open data.
    # The catalogue (suppliers/catalogue_urls.py): only listings in the catalogue now, whoever asks.
    Route("catalogue:list", get=public),
    Route("catalogue:detail", _solution_url("catalogue:detail"), get=in_catalogue(),
          targets=tuple(f"supplier_a/{state}" for state in CATALOGUE_STATES)),
    Route("catalogue:document", _args("catalogue:document", lambda w, c: _listing(w, c).document.pk), get=_document,
          targets=tuple(f"supplier_a/{state}" for state in CATALOGUE_STATES)),
    # Search (search/urls.py): public to everyone, GET only (require_GET: a POST is 405, and writes nothing).
    Route("search:search", get=public, post=lambda case: NOT_ALLOWED, query="?q=harness"),
    Route("search:suggest", get=public, post=lambda case: NOT_ALLOWED, query="?kind=solution&q=har"),
    # Opportunities (suppliers/opportunity_urls.py): published competitions' tender notices, whoever asks.
    Route("opportunities:list", get=public),
    Route("opportunities:detail", _competition_url("opportunities:detail"), get=published_only,
          targets=("buyer_a/open", "buyer_a/closed", "buyer_a/draft")),
    # Contract award notices (rule 10): public once published, GET only (require_GET: a POST is 405 for everyone).
    Route("opportunities:award_notices", get=public, post=lambda case: NOT_ALLOWED),
    Route("opportunities:award_notice", _competition_url("opportunities:award_notice"), get=published_award,
          targets=("buyer_a/standstill", "buyer_a/evaluating", "buyer_a/draft")),
    # Contract details notices (rule 11): public once both have signed, GET only.
    Route("opportunities:contract_notices", get=public, post=lambda case: NOT_ALLOWED),
    Route("opportunities:contract_notice", _contract_url("opportunities:contract_notice"), get=contract_notice,
          post=lambda case: NOT_ALLOWED, targets=("buyer_a/active", "buyer_a/signing", "buyer_a/draft")),
    Route("audit:digest_list", get=public),
    Route("audit:digest_json", _args("audit:digest_json", lambda w, c: w.digest.day.isoformat()), get=public),
    # The public API: read-only for everyone.
    # The root keeps DRF's default permission (IsAuthenticatedOrReadOnly): anonymous writes get 403 first.
    Route("api-root", get=public, post=lambda case: FORBIDDEN if case.actor.anonymous else NOT_ALLOWED,
          data=lambda w, c: {"name": "x"}),
    Route("category-list", get=public, post=api_read_only,
          data=lambda w, c: {"slug": "new-lot", "name": "New lot", "description": "", "active": True}),
    Route("category-detail", _args("category-detail", lambda w, c: w.category.slug), get=public, post=api_read_only,
          data=lambda w, c: {"name": "Renamed"}),
    Route("region-list", get=public, post=api_read_only, data=lambda w, c: {"code": "TLZ", "name": "Nowhere"}),
    Route("region-detail", _args("region-detail", lambda w, c: w.region.code), get=public, post=api_read_only,
          data=lambda w, c: {"name": "Renamed"}),
    # Admission: the public list of admitted suppliers, and a supplier's own applications and admissions.
    Route("admitted-supplier-list", get=public, post=api_read_only, data=lambda w, c: {"name": "Harness Ltd"}),
    Route("my-application-list", get=api_suppliers(), post=api_suppliers(NOT_ALLOWED),
          data=lambda w, c: {"status": "submitted"}),
    Route("my-application-detail", _application_url("my-application-detail"),
          get=api_suppliers(lambda c: OK if c.own else NOT_FOUND), post=api_suppliers(NOT_ALLOWED),
          data=lambda w, c: {"status": "admitted"}, variants_for=application_variants()),
    Route("my-admission-list", get=api_suppliers(), post=api_suppliers(NOT_ALLOWED),
          data=lambda w, c: {"status": "active"}),
    # The catalogue's API: read-only, listings in the catalogue only.
    Route("solution-list", get=public, post=api_read_only, data=lambda w, c: {"title": "Harness listing"}),
    Route("solution-detail", _solution_url("solution-detail"), get=in_catalogue(), post=api_read_only,
          data=lambda w, c: {"title": "Renamed"}, targets=("supplier_a/published", "supplier_a/draft",
                                                           "supplier_a/hidden")),
    # Competitions' API (marketplace/competitions/api.py): public opportunities, and a supplier's own invitations.
    Route("opportunity-list", get=public, post=api_read_only, data=lambda w, c: {"title": "Harness competition"}),
    Route("opportunity-detail", _competition_url("opportunity-detail"), get=published_only, post=api_read_only,
          data=lambda w, c: {"title": "Renamed"}, targets=("buyer_a/open", "buyer_a/closed", "buyer_a/draft")),
    Route("invitation-list", get=api_suppliers(), post=api_suppliers(NOT_ALLOWED),
          data=lambda w, c: {"competition_id": "1"}),
    Route("invitation-clarifications", _invitation_url("invitation-clarifications"),
          get=api_suppliers(published_only), post=api_suppliers(NOT_ALLOWED),
          data=lambda w, c: {"question": "Is there a budget?"}, variants_for=invitation_variants(*BID_STATES)),
    Route("invitation-bid", _invitation_url("invitation-bid"), get=api_suppliers(published_only),
          post=api_suppliers(NOT_ALLOWED), data=lambda w, c: {"price_pence": 1},
          variants_for=invitation_variants(*BID_STATES)),
    # Evaluation and award (rules 9 and 10): an evaluator's own assignments and scores (IsEvaluator), the owner's
    # moderation table (IsBuyerStaff, then the organisation's competition with its bids opened, then its owner),
    # and the public contract award notices. DRF answers 403 to anonymous people too, before the method.
    Route("evaluation-assignment-list", get=api_evaluators(), post=api_evaluators(NOT_ALLOWED),
          data=lambda w, c: {"competition": "1"}),
    Route("evaluation-score-list", get=api_evaluators(), post=api_evaluators(NOT_ALLOWED),
          data=lambda w, c: {"score": 4}),
    Route("moderation-detail", _competition_url("moderation-detail"), get=api_moderation,
          variants_for=competition_variants("evaluating", "standstill", "closed")),
    Route("award-notice-list", get=public, post=api_read_only, data=lambda w, c: {"supplier": "Harness Ltd"}),
    Route("award-notice-detail", _competition_url("award-notice-detail"), get=published_award,
          targets=("buyer_a/standstill", "buyer_a/evaluating", "buyer_a/draft")),
    # The search API (search/api.py): AllowAny without authentication, GET only; a POST is 405 for everyone.
    Route("api_search", get=public, post=api_read_only, data=lambda w, c: {"q": "harness"}, query="?q=harness"),
    Route("api_schema", get=public),
    Route("api_docs", get=public),
    # Operator screens in the Wagtail admin (marketplace/accounts/wagtail_hooks.py): Operators only.
    Route("buyer_verification:index", get=wagtail_admin(operators)),
    Route("buyer_verification:index_results", get=wagtail_admin(operators)),
    Route("buyer_verification:inspect", _args("buyer_verification:inspect", lambda w, c: c.objects(w).organisation.pk),
          get=wagtail_admin(operators, lookup=_not_a_buyer), targets=("buyer_b", "supplier_a")),
    Route("buyer_verification:verify", _args("buyer_verification:verify", lambda w, c: c.objects(w).organisation.pk),
          get=wagtail_admin(operators, lookup=_not_a_buyer),
          post=wagtail_admin(operators, done("buyer_verification:index"), lookup=_not_a_buyer),
          data=lambda w, c: {"decision": "verify", "note": "Checked on the council's website"},
          targets=("buyer_b", "supplier_a")),
    Route("public_sector_domains:index", get=wagtail_admin(operators)),
    Route("public_sector_domains:index_results", get=wagtail_admin(operators)),
    Route("public_sector_domains:add", get=wagtail_admin(operators),
          post=wagtail_admin(operators, done("public_sector_domains:index")),
          data=lambda w, c: {"domain": "newbody.gov.uk", "description": "A new public body"}),
    Route("public_sector_domains:edit", _args("public_sector_domains:edit", lambda w, c: w.domain.pk),
          get=wagtail_admin(operators), post=wagtail_admin(operators, done("public_sector_domains:index")),
          data=lambda w, c: {"domain": w.domain.domain, "description": "Changed by the harness"}),
    Route("public_sector_domains:delete", _args("public_sector_domains:delete", lambda w, c: w.domain.pk),
          get=wagtail_admin(operators), post=wagtail_admin(operators, done("public_sector_domains:index"))),
    Route("public_sector_domains:history", _args("public_sector_domains:history", lambda w, c: w.domain.pk),
          get=wagtail_admin(operators)),
    Route("public_sector_domains:history_results",
          _args("public_sector_domains:history_results", lambda w, c: w.domain.pk), get=wagtail_admin(operators)),
    Route("public_sector_domains:usage", _args("public_sector_domains:usage", lambda w, c: w.domain.pk),
          get=wagtail_admin(operators)),
    # Operator screens for the taxonomy (marketplace/taxonomy/wagtail_hooks.py).
    Route("taxonomy_categories:index", get=wagtail_admin(operators)),
    Route("taxonomy_categories:index_results", get=wagtail_admin(operators)),
    Route("taxonomy_categories:add", get=wagtail_admin(operators),
          post=wagtail_admin(operators, done("taxonomy_categories:index")),
          data=lambda w, c: {"name": "Harness lot", "slug": "harness-lot", "description": "", "active": "on",
                             "position": "99"}),
    Route("taxonomy_categories:edit", _args("taxonomy_categories:edit", lambda w, c: w.category.pk),
          get=wagtail_admin(operators), post=wagtail_admin(operators, done("taxonomy_categories:index")),
          data=lambda w, c: {"name": "Renamed by the harness", "description": "", "active": "on", "position": "1"}),
    Route("taxonomy_categories:history", _args("taxonomy_categories:history", lambda w, c: w.category.pk),
          get=wagtail_admin(operators)),
    Route("taxonomy_categories:history_results",
          _args("taxonomy_categories:history_results", lambda w, c: w.category.pk), get=wagtail_admin(operators)),
    Route("taxonomy_categories:usage", _args("taxonomy_categories:usage", lambda w, c: w.category.pk),
          get=wagtail_admin(operators)),
    # The call-off terms (a versioned snippet, marketplace/contracts): Editors draft and lock them, Moderators also
    # publish and unlock; nobody but a superuser deletes or unpublishes terms contracts were issued with.
    Route(f"{TERMS}:list", get=wagtail_admin(editors)),
    Route(f"{TERMS}:list_results", get=wagtail_admin(editors)),
    Route(f"{TERMS}:add", get=wagtail_admin(editors), post=wagtail_admin(editors, done(f"{TERMS}:edit")),
          data=_terms_data),
    Route(f"{TERMS}:edit", _terms_url("edit"), get=wagtail_admin(editors),
          post=wagtail_admin(editors, done(f"{TERMS}:edit")), data=_terms_data),
    Route(f"{TERMS}:copy", _terms_url("copy"), get=wagtail_admin(editors)),
    Route(f"{TERMS}:delete", _terms_url("delete"), get=wagtail_admin(superusers)),
    Route(f"{TERMS}:unpublish", _terms_url("unpublish"), get=wagtail_admin(superusers)),
    Route(f"{TERMS}:history", _terms_url("history"), get=wagtail_admin(editors)),
    Route(f"{TERMS}:history_results", _terms_url("history_results"), get=wagtail_admin(editors)),
    Route(f"{TERMS}:usage", _terms_url("usage"), get=wagtail_admin(editors)),
    Route(f"{TERMS}:lock", _terms_url("lock"), post=wagtail_admin(editors, done(f"{TERMS}:edit"))),
    Route(f"{TERMS}:unlock", _terms_url("unlock"), post=wagtail_admin(superusers, redirect(f"{TERMS}:edit"))),
    Route(f"{TERMS}:revisions_compare", _terms_revision_url("revisions_compare"), get=wagtail_admin(editors)),
    Route(f"{TERMS}:revisions_revert", _terms_revision_url("revisions_revert"), get=wagtail_admin(editors)),
    # Unscheduling needs the publish permission (Moderators; no actor here is one).
    Route(f"{TERMS}:revisions_unschedule", _terms_revision_url("revisions_unschedule"),
          get=wagtail_admin(superusers)),
    # The operators' contract register (read-only): its page is tried with the CSV export (?export=csv), its results
    # (the same list, filtered in place) as the page.
    Route("contract_register:index", get=wagtail_admin(operators), query="?export=csv"),
    Route("contract_register:index_results", get=wagtail_admin(operators)),
    # The operators' "Marketplace fees" (marketplace/payments/wagtail_hooks.py): the list, tried with its export, its
    # results, an instalment's page and its three action pages (POST only changes). They check the permission before
    # they look anything up. The world has no fee instalment, so the pages are asked for an id no row has: 404 for
    # operators, GET or POST. tests/payments/test_fee_admin.py shows them with real instalments.
    Route("fee_instalments:index", get=wagtail_admin(operators), query="?export=csv"),
    Route("fee_instalments:index_results", get=wagtail_admin(operators)),
    Route("fee_instalments:inspect", _args("fee_instalments:inspect", lambda w, c: UNKNOWN_ID),
          get=wagtail_admin(operators, NOT_FOUND), post=wagtail_admin(operators, NOT_FOUND)),
    Route("fee_instalments:record_transfer", _args("fee_instalments:record_transfer", lambda w, c: UNKNOWN_ID),
          get=wagtail_admin(operators, NOT_FOUND), post=wagtail_admin(operators, NOT_FOUND),
          data=lambda w, c: {"reference": "HARNESS-BACS-1"}),
    Route("fee_instalments:waive", _args("fee_instalments:waive", lambda w, c: UNKNOWN_ID),
          get=wagtail_admin(operators, NOT_FOUND), post=wagtail_admin(operators, NOT_FOUND),
          data=lambda w, c: {"reason": "Harness reason"}),
    Route("fee_instalments:refund", _args("fee_instalments:refund", lambda w, c: UNKNOWN_ID),
          get=wagtail_admin(operators, NOT_FOUND), post=wagtail_admin(operators, NOT_FOUND),
          data=lambda w, c: {"reason": "Harness reason"}),
    Route("taxonomy_regions:index", get=wagtail_admin(operators)),
    Route("taxonomy_regions:index_results", get=wagtail_admin(operators)),
    # A supplier's application to join the marketplace (suppliers/urls.py). Every supplier has an open draft,
    # so starting one (GET or POST) leads its admins to that draft and writes nothing.
    Route("suppliers:application_start", get=supplier_admin(redirect("suppliers:application")),
          post=supplier_admin(redirect("suppliers:application"))),
    # The task list of a draft, the read-only answers of a submitted or decided application.
    Route("suppliers:application", _application_url("suppliers:application"), get=own_application(),
          variants_for=application_variants()),
    Route("suppliers:application_details", _application_url("suppliers:application_details"),
          get=draft_only(), post=draft_only(done("suppliers:application_categories")),
          data=lambda w, c: {"details_confirmed": "on"}, variants_for=application_variants()),
    Route("suppliers:application_categories", _application_url("suppliers:application_categories"),
          get=draft_only(), post=draft_only(done("suppliers:application_statements")),
          data=_categories_data, variants_for=application_variants()),
    Route("suppliers:application_statements", _application_url("suppliers:application_statements"),
          get=draft_only(), post=draft_only(done("suppliers:application")),
          data=_statements_data, variants_for=application_variants()),
    # The supplier's own exclusion grounds; "foreign" asks about the other supplier's subject on the own draft.
    Route("suppliers:application_grounds", _subject_url("suppliers:application_grounds", "supplier"),
          get=draft_only(), post=draft_only(done("suppliers:application")),
          data=lambda w, c: {"grounds": ["none"]}, variants_for=application_variants("foreign")),
    Route("suppliers:application_ground_details", _subject_url("suppliers:application_ground_details", "supplier"),
          get=draft_only(), post=draft_only(done("suppliers:application")),
          data=lambda w, c: {f"explanation_{DECLARED_GROUND}": "A contract ended early in 2021 (the harness).",
                             f"self_cleaning_{DECLARED_GROUND}": "New delivery controls since 2022."},
          variants_for=application_variants("foreign")),
    # Connected persons and subcontractors: the question (answering no removes those listed), the list, adding one.
    Route("suppliers:application_connected", _application_url("suppliers:application_connected"),
          get=draft_only(), post=draft_only(done("suppliers:application")),
          data=lambda w, c: {"has_connected_persons": "no"}, variants_for=application_variants()),
    Route("suppliers:application_connected_list", _application_url("suppliers:application_connected_list"),
          get=draft_only(), variants_for=application_variants()),
    Route("suppliers:application_connected_add", _application_url("suppliers:application_connected_add"),
          get=draft_only(), post=draft_only(done("suppliers:application_grounds")),
          data=lambda w, c: {"name": "Sam Shareholder", "relationship": "Person with significant control",
                             "companies_house_number": ""},
          variants_for=application_variants()),
    Route("suppliers:application_subcontractors", _application_url("suppliers:application_subcontractors"),
          get=draft_only(), post=draft_only(done("suppliers:application")),
          data=lambda w, c: {"relies_on_subcontractors": "no"}, variants_for=application_variants()),
    Route("suppliers:application_subcontractors_list", _application_url("suppliers:application_subcontractors_list"),
          get=draft_only(), variants_for=application_variants()),
    Route("suppliers:application_subcontractors_add", _application_url("suppliers:application_subcontractors_add"),
          get=draft_only(), post=draft_only(done("suppliers:application_grounds")),
          data=lambda w, c: {"name": "Data Centre Ltd", "relationship": "Hosts our platform",
                             "companies_house_number": ""},
          variants_for=application_variants()),
    Route("suppliers:application_subject_remove", _subject_url("suppliers:application_subject_remove", "subcontractor"),
          get=draft_only(), post=draft_only(done("suppliers:application_subcontractors_list")),
          variants_for=application_variants("foreign")),
    Route("suppliers:application_insurance", _application_url("suppliers:application_insurance"),
          get=draft_only(), post=draft_only(done("suppliers:application")),
          data=lambda w, c: {"insurance_by_award": "by_award"}, variants_for=application_variants()),
    Route("suppliers:application_cyber", _application_url("suppliers:application_cyber"),
          get=draft_only(), post=draft_only(done("suppliers:application")),
          data=_cyber_data, variants_for=application_variants()),
    Route("suppliers:application_declaration", _application_url("suppliers:application_declaration"),
          get=draft_only(), post=draft_only(done("suppliers:application_check")),
          data=lambda w, c: {"name": "Alex Admin", "role": "Chief executive", "confirmed": "on"},
          variants_for=application_variants()),
    # Check your answers; POST submits the (complete) draft. A decided application cannot be submitted again.
    Route("suppliers:application_check", _application_url("suppliers:application_check"),
          get=draft_only(),
          post=own_application(lambda c: done("suppliers:application_submitted") if c.state == "draft"
                               else redirect("suppliers:application")),
          variants_for=application_variants()),
    Route("suppliers:application_submitted", _application_url("suppliers:application_submitted"),
          get=own_application(lambda c: OK if c.state == "decided" else redirect("suppliers:application")),
          variants_for=application_variants()),
    # Solution listings (suppliers/urls.py): any member of the supplier, admin or not. Both suppliers are admitted
    # to LISTED_SLUG, so both may start a listing.
    Route("suppliers:solutions", get=side(Side.SUPPLIER)),
    Route("suppliers:solution_new", get=side(Side.SUPPLIER), post=side(Side.SUPPLIER, done("suppliers:revision")),
          data=lambda w, c: {"title": "Harness listing", "summary": "Made by the harness", "action": "continue"}),
    Route("suppliers:solution", _solution_url("suppliers:solution"), get=own_listing(),
          variants_for=listing_variants(*SOLUTION_STATES)),
    Route("suppliers:solution_edit", _solution_url("suppliers:solution_edit"), get=_solution_edit(post=False),
          post=_solution_edit(post=True), variants_for=listing_variants(*SOLUTION_STATES)),
    Route("suppliers:solution_archive", _solution_url("suppliers:solution_archive"),
          get=_solution_archive(post=False), post=_solution_archive(post=True),
          variants_for=listing_variants(*SOLUTION_STATES)),
    # A version: its task list (a draft) or its read-only page (in review, published).
    Route("suppliers:revision", _revision_url("suppliers:revision"), get=own_listing(),
          variants_for=listing_variants(*REVISION_STATES)),
    Route("suppliers:revision_name", _revision_url("suppliers:revision_name"), get=editable_only(),
          post=editable_only(done("suppliers:revision")),
          data=lambda w, c: {"title": "Renamed by the harness", "summary": "Sorts casework", "action": "continue"},
          variants_for=listing_variants(*REVISION_STATES)),
    Route("suppliers:revision_description", _revision_url("suppliers:revision_description"), get=editable_only(),
          post=editable_only(done("suppliers:revision")),
          data=lambda w, c: {"description": "Changed by the harness.", "action": "continue"},
          variants_for=listing_variants(*REVISION_STATES)),
    Route("suppliers:revision_categories", _revision_url("suppliers:revision_categories"), get=editable_only(),
          post=editable_only(done("suppliers:revision")), data=_listing_categories_data,
          variants_for=listing_variants(*REVISION_STATES)),
    Route("suppliers:revision_readiness", _revision_url("suppliers:revision_readiness"), get=editable_only(),
          post=editable_only(done("suppliers:revision")),
          data=lambda w, c: {"readiness_level": "6", "action": "continue"},
          variants_for=listing_variants(*REVISION_STATES)),
    Route("suppliers:revision_pricing", _revision_url("suppliers:revision_pricing"), get=editable_only(),
          post=editable_only(done("suppliers:revision")),
          data=lambda w, c: {"pricing_model": PricingModel.PER_USER, "price_min": "1,000", "price_max": "9,000",
                             "action": "continue"},
          variants_for=listing_variants(*REVISION_STATES)),
    Route("suppliers:revision_deployment", _revision_url("suppliers:revision_deployment"), get=editable_only(),
          post=editable_only(done("suppliers:revision")),
          data=lambda w, c: {"deployment": Deployment.HYBRID, "action": "continue"},
          variants_for=listing_variants(*REVISION_STATES)),
    Route("suppliers:revision_regions", _revision_url("suppliers:revision_regions"), get=editable_only(),
          post=editable_only(done("suppliers:revision")), data=_listing_regions_data,
          variants_for=listing_variants(*REVISION_STATES)),
    Route("suppliers:revision_standards", _revision_url("suppliers:revision_standards"), get=editable_only(),
          post=editable_only(done("suppliers:revision")), data=_listing_standards_data,
          variants_for=listing_variants(*REVISION_STATES)),
    # Case studies: each version of the world has one (number 1).
    Route("suppliers:revision_case_studies", _revision_url("suppliers:revision_case_studies"), get=editable_only(),
          variants_for=listing_variants(*REVISION_STATES)),
    Route("suppliers:revision_case_study_add", _revision_url("suppliers:revision_case_study_add"),
          get=editable_only(), post=editable_only(done("suppliers:revision_case_studies")),
          data=lambda w, c: dict(CASE_STUDY), variants_for=listing_variants(*REVISION_STATES)),
    Route("suppliers:revision_case_study", _revision_url("suppliers:revision_case_study", 1), get=editable_only(),
          post=editable_only(done("suppliers:revision_case_studies")), data=lambda w, c: dict(CASE_STUDY),
          variants_for=listing_variants(*REVISION_STATES)),
    Route("suppliers:revision_case_study_remove", _revision_url("suppliers:revision_case_study_remove", 1),
          get=editable_only(), post=editable_only(done("suppliers:revision_case_studies")),
          variants_for=listing_variants(*REVISION_STATES)),
    # Documents: uploading a PDF; removing one ("foreign": the other supplier's document on the own draft).
    Route("suppliers:revision_documents", _revision_url("suppliers:revision_documents"), get=editable_only(),
          post=editable_only(done("suppliers:revision_documents")),
          data=lambda w, c: {"file": harness_pdf(), "title": "Accessibility statement", "action": "continue"},
          variants_for=listing_variants(*REVISION_STATES)),
    Route("suppliers:revision_document_remove", _revision_document_url("suppliers:revision_document_remove"),
          get=editable_only(), post=editable_only(done("suppliers:revision_documents")),
          variants_for=listing_variants(*REVISION_STATES, "foreign")),
    # Check your answers; POST sends the (complete) draft for review.
    Route("suppliers:revision_check", _revision_url("suppliers:revision_check"), get=editable_only(),
          post=editable_only(done("suppliers:revision_submitted")), variants_for=listing_variants(*REVISION_STATES)),
    Route("suppliers:revision_submitted", _revision_url("suppliers:revision_submitted"),
          get=own_listing(lambda c: OK if c.state == "review" else redirect("suppliers:revision")),
          variants_for=listing_variants(*REVISION_STATES)),
    # The supplier's side of competitions (suppliers/competition_urls.py): any admin or member of an invited
    # supplier. A draft is never shown to suppliers.
    Route("suppliers:competitions", get=bidder()),
    Route("suppliers:competition_email_settings", get=bidder(), post=bidder(done("suppliers:competitions")),
          data=lambda w, c: {"frequency": "daily"}),
    Route("suppliers:competition", _invitation_url("suppliers:competition"), get=invited(),
          variants_for=invitation_variants(*BID_STATES)),
    Route("suppliers:competition_document", _invitation_document_url("suppliers:competition_document"),
          get=invited(), variants_for=invitation_variants(*BID_STATES, "foreign")),
    Route("suppliers:competition_version", _invitation_url("suppliers:competition_version", 1), get=invited(),
          variants_for=invitation_variants(*BID_STATES)),
    # Questions are asked until the clarification deadline; after it the form says why.
    Route("suppliers:clarification_ask", _invitation_url("suppliers:clarification_ask"),
          get=invited(lambda c: redirect("suppliers:competition") if c.state == "closed" else OK),
          post=invited(lambda c: OK if c.state == "closed" else done("suppliers:competition")),
          data=lambda w, c: {"question": "Is there a budget for training?"},
          variants_for=invitation_variants(*BID_STATES)),
    # The bid: its task list, then a page per part, each taking the bid's edit version ("foreign": the open
    # competition with the closed one's question).
    Route("suppliers:bid", _invitation_url("suppliers:bid"), get=invited(),
          variants_for=invitation_variants(*BID_STATES)),
    Route("suppliers:bid_answer", _bid_answer_url, get=while_open(),
          post=while_open(done("suppliers:bid"), post=True),
          data=lambda w, c: {"answer": "We will route crews by live data.", **_edit_version(w, c)},
          variants_for=invitation_variants(*BID_STATES, "foreign")),
    Route("suppliers:bid_price", _invitation_url("suppliers:bid_price"), get=while_open(),
          post=while_open(done("suppliers:bid"), post=True), data=_bid_price_data,
          variants_for=invitation_variants(*BID_STATES)),
    Route("suppliers:bid_attachments", _invitation_url("suppliers:bid_attachments"), get=while_open(),
          post=while_open(done("suppliers:bid_attachments"), post=True),
          data=lambda w, c: {"file": harness_pdf(), **_edit_version(w, c)},
          variants_for=invitation_variants(*BID_STATES)),
    Route("suppliers:bid_attachment", _bid_attachment_url("suppliers:bid_attachment"), get=own_attachment(),
          variants_for=attachment_variants),
    Route("suppliers:bid_attachment_remove", _bid_attachment_url("suppliers:bid_attachment_remove"),
          get=_attachment_remove(post=False), post=_attachment_remove(post=True), data=_edit_version,
          variants_for=attachment_variants),
    Route("suppliers:bid_submit", _invitation_url("suppliers:bid_submit"), get=invited(), post=invited(_submit),
          data=_edit_version, variants_for=invitation_variants(*BID_STATES)),
    Route("suppliers:bid_withdraw", _invitation_url("suppliers:bid_withdraw"), get=_bid_withdraw(post=False),
          post=_bid_withdraw(post=True), data=_edit_version, variants_for=invitation_variants(*BID_STATES)),
    # Confirming a bid after an amendment: POST only (405 before anything else); there is nothing to confirm here.
    Route("suppliers:bid_confirm", _invitation_url("suppliers:bid_confirm"), get=lambda case: NOT_ALLOWED,
          post=invited(redirect("suppliers:competition")), variants_for=invitation_variants(*BID_STATES)),
    # The supplier's side of the award (suppliers/award_urls.py): its own assessment summaries, GET only
    # (require_GET comes first: a POST is 405 for everyone), and the buyer's question about its price.
    Route("suppliers:assessment_summaries", get=bidder(), post=lambda case: NOT_ALLOWED),
    Route("suppliers:assessment_summary", _summary_url("suppliers:assessment_summary"),
          get=bidder(lambda c: OK if c.own else NOT_FOUND), post=lambda case: NOT_ALLOWED,
          variants_for=summary_variants),
    Route("suppliers:assessment_summary_pdf", _summary_url("suppliers:assessment_summary_pdf"),
          get=bidder(lambda c: OK if c.own else NOT_FOUND), variants_for=summary_variants),
    Route("suppliers:price_explanation", _price_question_url, get=_price_question(post=False),
          post=_price_question(post=True),
          data=lambda w, c: {"answer": "Our platform is already built; the price covers set-up and support."},
          variants_for=price_question_variants),
    # Operator screens for applications, admissions and the debarment list: each needs its own permission,
    # which the Operators group holds. Editors have admin access without it: sent to the admin's home page.
    Route("admission_applications:index", get=wagtail_admin(operators)),
    Route("admission_applications:index_results", get=wagtail_admin(operators)),
    Route("admission_applications:inspect", _operator_application_url("admission_applications:inspect"),
          get=wagtail_admin(operators, found_by_operators()), variants_for=operator_application_variants),
    Route("admission_applications:decide", _operator_application_url("admission_applications:decide"),
          get=wagtail_admin(operators, found_by_operators()),
          post=wagtail_admin(operators, found_by_operators(_waiting_only)),
          data=_decide_data, variants_for=operator_application_variants),
    Route("admission_applications:extend", _operator_application_url("admission_applications:extend"),
          get=wagtail_admin(operators, found_by_operators()),
          post=wagtail_admin(operators, found_by_operators(_waiting_only)),
          data=lambda w, c: {"justification": "The references take longer to check"},
          variants_for=operator_application_variants),
    Route("admission_admissions:index", get=wagtail_admin(operators)),
    Route("admission_admissions:index_results", get=wagtail_admin(operators)),
    Route("admission_admissions:suspend", _admission_url("admission_admissions:suspend"),
          get=wagtail_admin(operators, found_by_operators()),
          post=wagtail_admin(operators, found_by_operators(_admission_change(("active",)))),
          data=lambda w, c: {"reason": "Insurance lapsed"}, variants_for=admission_variants),
    Route("admission_admissions:reinstate", _admission_url("admission_admissions:reinstate"),
          get=wagtail_admin(operators, found_by_operators()),
          post=wagtail_admin(operators, found_by_operators(_admission_change(("suspended",)))),
          data=lambda w, c: {"reason": "Certificate renewed"}, variants_for=admission_variants),
    Route("admission_admissions:remove", _admission_url("admission_admissions:remove"),
          get=wagtail_admin(operators, found_by_operators()),
          post=wagtail_admin(operators, found_by_operators(_admission_change(("active", "suspended")))),
          data=lambda w, c: {"reason": "The supplier asked to leave"}, variants_for=admission_variants),
    # Operator screens for solution listings: the moderation queue and published listings (moderate_solution).
    Route("listings_to_review:index", get=wagtail_admin(moderators)),
    Route("listings_to_review:index_results", get=wagtail_admin(moderators)),
    Route("listings_to_review:review", _moderated_revision_url("listings_to_review:review"),
          get=wagtail_admin(moderators, found()), variants_for=revision_moderation_variants,
          note="operators may read any version, a draft not sent for review too (document_for_download agrees)"),
    Route("listings_to_review:publish", _moderated_revision_url("listings_to_review:publish"),
          get=wagtail_admin(moderators, found()),
          post=wagtail_admin(moderators, found(_decided_only_in_review("listings_to_review:index"))),
          variants_for=revision_moderation_variants),
    Route("listings_to_review:return", _moderated_revision_url("listings_to_review:return"),
          get=wagtail_admin(moderators, found()),
          post=wagtail_admin(moderators, found(_decided_only_in_review("listings_to_review:index"))),
          data=lambda w, c: {"comments": "Please give the price range for councils"},
          variants_for=revision_moderation_variants),
    Route("published_listings:index", get=wagtail_admin(moderators)),
    Route("published_listings:index_results", get=wagtail_admin(moderators)),
    Route("published_listings:inspect", _moderated_solution_url("published_listings:inspect"),
          get=wagtail_admin(moderators, found()), variants_for=listing_moderation_variants),
    # Archiving an archived listing: the form shows the service's refusal.
    Route("published_listings:archive", _moderated_solution_url("published_listings:archive"),
          get=wagtail_admin(moderators, found()),
          post=wagtail_admin(moderators, found(lambda c: OK if c.state == "archived"
                                               else done("published_listings:index"))),
          variants_for=listing_moderation_variants),
    Route("admission_debarment:index", get=wagtail_admin(operators)),
    Route("admission_debarment:index_results", get=wagtail_admin(operators)),
    Route("admission_debarment:add", get=wagtail_admin(operators),
          post=wagtail_admin(operators, done("admission_debarment:index")),
          data=lambda w, c: {"organisation_name": "Harness Fraudsters Ltd", "companies_house_number": "",
                             "grounds": [ExclusionGround.FRAUD.value], "details": "", "starts_on": "2025-01-06",
                             "ends_on": ""}),
    # API tokens (marketplace/accounts/views.py): members of supplier and buyer organisations, any role; operators
    # 403. Creating one shows its key on the answer to the POST (200, once). No one in the world holds a token, so
    # revoking sends people back to the token page and writes nothing (tests/api/test_tokens.py revokes real ones).
    # The API's own addresses: the first schema and docs URLs, and the JSON 404 for unknown paths under /api/v1/.
    Route("accounts:api_token", get=needs_org(lambda c: OK if c.actor.kind in (Side.SUPPLIER, Side.BUYER)
                                               else FORBIDDEN)),
    Route("accounts:api_token_create", get=lambda case: NOT_ALLOWED,
          post=needs_org(lambda c: Expect(200, writes=True) if c.actor.kind in (Side.SUPPLIER, Side.BUYER)
                         else FORBIDDEN)),
    Route("accounts:api_token_revoke",
          get=needs_org(lambda c: redirect("accounts:api_token") if c.actor.kind in (Side.SUPPLIER, Side.BUYER)
                        else FORBIDDEN),
          post=needs_org(lambda c: redirect("accounts:api_token") if c.actor.kind in (Side.SUPPLIER, Side.BUYER)
                         else FORBIDDEN)),
    Route("api_schema_v1", get=public),
    Route("api_docs_v1", get=public),
    Route("api_not_found", lambda w, c: "/api/v1/no-such-endpoint/", get=lambda case: NOT_FOUND,
          post=lambda case: NOT_FOUND),
    # Image renditions of published content: public (no such file in the world: 404 to everyone).
    Route("image_rendition", lambda w, c: reverse("image_rendition", args=["no-such-image.width-960.png"]),
          get=lambda case: NOT_FOUND),
    # CSV downloads (suppliers/views/downloads.py): open data for everyone, GET only (require_GET: a POST is 405);
    # the same selectors as the pages beside them decide what is in the file.
    Route("catalogue:csv", get=public, post=lambda case: NOT_ALLOWED),
    Route("opportunities:csv", get=public, post=lambda case: NOT_ALLOWED),
    Route("opportunities:award_notices_csv", get=public, post=lambda case: NOT_ALLOWED),
    # Open data (marketplace/opendata): notices, OCDS releases and records, bulk files; public, read-only.
    Route("opendata:index", get=public, post=lambda case: NOT_ALLOWED),
    Route("opendata:notices", get=public, post=lambda case: NOT_ALLOWED),
    Route("opendata:notice", _args("opendata:notice", lambda w, c: _first_notice().pk), get=public,
          post=lambda case: NOT_ALLOWED),
    Route("opendata:releases", get=public, post=api_read_only),
    Route("opendata:record", _args("opendata:record", lambda w, c: _first_notice().ocid), get=public,
          post=api_read_only),
    # No day has ended in the world, so no file is listed: any name is a 404, whoever asks.
    Route("opendata:bulk_file", _args("opendata:bulk_file", lambda w, c: "releases-2026-01-01.jsonl.gz"),
          get=lambda case: NOT_FOUND, post=lambda case: NOT_ALLOWED),
    Route("notice-list", get=public, post=api_read_only, data=lambda w, c: {"title": "Harness notice"}),
    Route("notice-detail", _args("notice-detail", lambda w, c: _first_notice().pk), get=public,
          post=api_read_only, data=lambda w, c: {"title": "Renamed"}),
    # Prompt payment (payments): the public page, its CSV and the API; public, read-only.
    Route("payments:prompt_payment", get=public, post=lambda case: NOT_ALLOWED),
    Route("payments:prompt_payment_csv", get=public, post=lambda case: NOT_ALLOWED),
    Route("prompt-payment-list", get=public, post=api_read_only, data=lambda w, c: {"buyer_name": "Harness"}),
    # Stripe webhook (payments): no session or CSRF token, Stripe's signature instead. A POST without a valid
    # Stripe-Signature is a 400 for everyone and writes nothing; GET is 405 (require_POST).
    Route("payments:stripe_webhook", get=lambda case: NOT_ALLOWED, post=lambda case: Expect(400),
          data=lambda w, c: {"id": "evt_harness", "type": "payment_intent.succeeded"}),
    # Invoices (payments): suppliers/invoice_urls.py and buyers/invoice_urls.py. The world has contracts but no
    # accepted milestone and no invoice, so: raising an invoice is tried on the active contract's delivered (not yet
    # accepted) milestone and the awaiting contract's planned one, where the page says it cannot be invoiced yet and
    # a POST writes nothing ("foreign": the active contract's milestone named with the awaiting contract, not found);
    # every invoice page is asked for an invoice id that does not exist, a 404 for everyone signed in on the right
    # side (the other sides 403 at the door, anonymous people the sign-in page). tests/payments/test_invoice_screens.py
    # shows the pages with real invoices, and another organisation's invoice as a 404.
    Route("suppliers:invoice_raise",
          _supplier_contract_url("suppliers:invoice_raise", _invoice_milestone),
          get=supplier_contract(lambda case: NOT_FOUND if case.state == "foreign" else OK),
          post=supplier_contract(lambda case: NOT_FOUND if case.state == "foreign" else OK),
          data=lambda w, c: {"number": "HARNESS-1", "invoice_date_day": "1", "invoice_date_month": "1",
                             "invoice_date_year": "2026", "amount": "1.00", "amount_reason": "Harness"},
          variants_for=supplier_contract_variants("active", "awaiting", "foreign")),
    Route("suppliers:invoices", get=bidder(), post=lambda case: NOT_ALLOWED),
    Route("suppliers:invoice", _args("suppliers:invoice", lambda w, c: UNKNOWN_ID), get=bidder(NOT_FOUND),
          post=lambda case: NOT_ALLOWED),
    Route("suppliers:invoice_answer", _args("suppliers:invoice_answer", lambda w, c: UNKNOWN_ID),
          get=lambda case: NOT_ALLOWED, post=bidder(NOT_FOUND), data=lambda w, c: {"answer": "Harness answer"}),
    Route("suppliers:invoice_document", _args("suppliers:invoice_document", lambda w, c: UNKNOWN_ID),
          get=bidder(NOT_FOUND), post=lambda case: NOT_ALLOWED),
    Route("buyers:invoices", get=buyer_staff(), post=buyer_staff(NOT_ALLOWED)),
    Route("buyers:invoice", _args("buyers:invoice", lambda w, c: UNKNOWN_ID), get=buyer_staff(NOT_FOUND),
          post=buyer_staff(NOT_ALLOWED)),
    Route("buyers:invoice_pay", _args("buyers:invoice_pay", lambda w, c: UNKNOWN_ID), get=buyer_staff(NOT_FOUND),
          post=buyer_staff(NOT_FOUND),
          data=lambda w, c: {"paid_on_day": "1", "paid_on_month": "1", "paid_on_year": "2026",
                             "remittance_reference": "HARNESS"}),
    Route("buyers:invoice_dispute", _args("buyers:invoice_dispute", lambda w, c: UNKNOWN_ID),
          get=buyer_staff(NOT_FOUND), post=buyer_staff(NOT_FOUND), data=lambda w, c: {"reason": "Harness reason"}),
    Route("buyers:invoice_document", _args("buyers:invoice_document", lambda w, c: UNKNOWN_ID),
          get=buyer_staff(NOT_FOUND), post=buyer_staff(NOT_ALLOWED)),
    # The marketplace fee (payments): suppliers/fee_urls.py. The world has no fee instalment, so each instalment
    # page is asked for an id that does not exist: a 404 for the supplier side (the other sides 403 at the door),
    # and nothing reaches Stripe. tests/payments/test_fee_screens.py pays real instalments against localstripe and
    # shows another organisation's instalment as a 404.
    Route("suppliers:fee_instalments", get=bidder(), post=lambda case: NOT_ALLOWED),
    Route("suppliers:fee_instalment", _args("suppliers:fee_instalment", lambda w, c: UNKNOWN_ID),
          get=bidder(NOT_FOUND), post=lambda case: NOT_ALLOWED),
    Route("suppliers:fee_pay", _args("suppliers:fee_pay", lambda w, c: UNKNOWN_ID), get=bidder(NOT_FOUND),
          post=bidder(NOT_FOUND)),
    Route("suppliers:fee_pay_confirm", _args("suppliers:fee_pay_confirm", lambda w, c: UNKNOWN_ID),
          get=lambda case: NOT_ALLOWED, post=bidder(NOT_FOUND), data=lambda w, c: {"payment_method": "pm_card_visa"}),
    Route("suppliers:fee_pay_authenticated", _args("suppliers:fee_pay_authenticated", lambda w, c: UNKNOWN_ID),
          get=lambda case: NOT_ALLOWED, post=bidder(NOT_FOUND)),
]

# Third-party route sets are sampled, not enumerated: sign-in and account pages, the Wagtail admin, Django's admin.
THIRD_PARTY_SAMPLE: list[Route] = [
    Route("wagtail_serve", lambda w, c: reverse("wagtail_serve", args=[""]), get=public),  # the home page
    Route("account_login", get=lambda case: OK if case.actor.anonymous else redirect("dashboard")),
    Route("account_signup", get=lambda case: OK if case.actor.anonymous else redirect("dashboard")),
    Route("account_email", get=signed_in()),
    Route("account_change_password", get=signed_in()),
    Route("mfa_index", get=signed_in()),
    # Set-up asks for the password again first (the harness signs in without one).
    Route("mfa_activate_totp", get=signed_in(redirect("account_reauthenticate"))),
    Route("wagtailadmin_home", get=wagtail_admin(lambda actor: True)),
    Route("wagtailadmin_explore_root", get=wagtail_admin(editors)),
    Route("wagtailadmin_reports:site_history", get=wagtail_admin(lambda actor: True)),
    Route("wagtailusers_users:index", get=wagtail_admin(superusers)),
    # Content editors' site settings (header, phase banner, menus, footer): Editors and Moderators.
    Route("wagtailsettings:edit", lambda w, c: reverse("wagtailsettings:edit", args=[
        "cms", "sitesettings", Site.objects.get(is_default_site=True).pk]), get=wagtail_admin(editors)),
    # Wagtail's read-only content API: what the public can see, to everyone; writes refused.
    Route("content_api:pages:listing", get=public,
          post=lambda case: FORBIDDEN if case.actor.anonymous else NOT_ALLOWED),
    Route("content_api:pages:detail", lambda w, c: reverse("content_api:pages:detail", args=[
        Site.objects.get(is_default_site=True).root_page_id]), get=public),
    Route("content_api:images:listing", get=public),
    Route("content_api:documents:listing", get=public),
    Route("admin:index", get=django_admin()),
    Route("admin:accounts_organisation_changelist", get=django_admin()),
    Route("admin:accounts_user_changelist", get=django_admin()),
    Route("admin:taxonomy_category_add", get=django_admin(), post=django_admin(done("admin:taxonomy_category_changelist")),
          data=lambda w, c: {"name": "Django lot", "slug": "django-lot", "description": "", "active": "on",
                             "position": "98"}),
]


def _variants(route: Route, actor: Actor):
    variants = route.variants_for(actor) if route.variants_for else route.targets
    if not variants:
        yield None, None
        return
    for variant in variants:
        target = target_of(actor, variant)
        if target is not None:
            yield variant, target


def cases():
    """(route, method, case) for every route of the table, every method it answers and every actor."""
    for route in [*ROUTES, *THIRD_PARTY_SAMPLE]:
        for method in route.methods:
            for actor in ACTORS:
                for variant, target in _variants(route, actor):
                    yield route, method, Case(actor=actor, variant=variant, target=target)


def case_id(route: Route, method: str, case: Case) -> str:
    parts = [case.actor.key, route.name, method]
    if case.variant is not None:
        who = case.variant.partition("/")[0]
        parts.append(f"{case.variant}={case.target}" if who != case.target else case.variant)
    return "|".join(parts)
