"""Building competitions and bids through the real services, for any test package."""

import io
from datetime import time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from marketplace.competitions import services
from marketplace.competitions.models import Competition, ConflictRole, CriterionKind
from marketplace.competitions.services import ConflictInput, CriterionInput
from marketplace.competitions.timing import uk_to_utc
from marketplace.taxonomy.models import Category, Region

CATEGORY = "artificial-intelligence"


def pdf_upload(name="document.pdf", marker: str = "") -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if marker:
        writer.add_metadata({"/Title": marker})
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def default_criteria() -> list[CriterionInput]:
    return [
        CriterionInput(kind=CriterionKind.QUALITY, name="Approach", weighting=40,
                       question="How will you deliver the outcomes?", word_limit=500),
        CriterionInput(kind=CriterionKind.QUALITY, name="Experience", weighting=20,
                       question="Describe similar work you have done.", word_limit=300),
        CriterionInput(kind=CriterionKind.SOCIAL_VALUE, name="Social value", weighting=10,
                       question="What social value will you deliver?", word_limit=250),
        CriterionInput(kind=CriterionKind.PRICE, name="Price", weighting=30),
    ]


def deadlines(days: int = 14):
    """A clarification and a submission deadline `days` ahead, at midday UK time (never at a clock change)."""
    day = timezone.localdate() + timedelta(days=days)
    return uk_to_utc(day - timedelta(days=4), time(12, 0)), uk_to_utc(day, time(12, 0))


def complete_draft(owner, *, title="Reduce missed bin collections", slug=CATEGORY, days=14, assess=True) -> Competition:
    category = Category.objects.get(slug=slug)
    competition = services.competition_create(actor=owner, title=title, category=category)
    services.competition_update(
        actor=owner, competition=competition,
        summary="Find a way to cut missed bin collections across the borough.",
        problem="Around 1,200 bin collections are missed each month. We want fewer missed collections.",
        budget_min_pence=5_000_000, budget_max_pence=15_000_000, contract_months=12,
        expected_start=timezone.localdate() + timedelta(days=60), location="Leeds",
        regions=list(Region.objects.filter(code__in=["TLE"])),
    )
    services.competition_set_outcomes(
        actor=owner, competition=competition,
        outcomes=[("Fewer missed collections", "Missed collections fall by 30% in 6 months")],
    )
    services.competition_set_criteria(actor=owner, competition=competition, criteria=default_criteria())
    clarification_deadline, submission_deadline = deadlines(days)
    services.competition_set_timeline(
        actor=owner, competition=competition, clarification_deadline=clarification_deadline,
        submission_deadline=submission_deadline,
        expected_award_date=timezone.localdate(submission_deadline) + timedelta(days=21),
    )
    if assess:
        services.conflicts_assessment_record(
            actor=owner, competition=competition,
            entries=[ConflictInput(name=owner.get_full_name() or owner.email, role=ConflictRole.OWNER,
                                   has_conflict=False, user_id=owner.pk)],
        )
    return Competition.objects.get(pk=competition.pk)


def published(owner, **kwargs) -> Competition:
    competition = complete_draft(owner, **kwargs)
    return services.competition_publish(actor=owner, competition=competition)


def pass_deadline(competition: Competition) -> Competition:
    """Make the deadline have passed a moment ago, as time would (the clock cannot be moved on PostgreSQL)."""
    now = timezone.now()
    Competition.objects.filter(pk=competition.pk).update(
        submission_deadline=now - timedelta(seconds=1), clarification_deadline=now - timedelta(seconds=2)
    )
    return Competition.objects.get(pk=competition.pk)


def answers_for(competition: Competition, text="We will route crews using live sensor data.") -> dict:
    return {str(c.pk): text for c in competition.criteria.exclude(kind=CriterionKind.PRICE)}


def submitted_bid(user, competition: Competition, *, price_pence=9_000_000, text=None, note="", attachment=None):
    """Write a complete bid and submit it. Returns the revision."""
    from marketplace.competitions.models import Bid

    def version():
        bid = Bid.objects.filter(competition=competition, supplier__memberships__user=user).first()
        return bid.edit_version if bid else None

    services.bid_save_answers(actor=user, competition=competition, expected_edit_version=version(),
                              answers=answers_for(competition, **({"text": text} if text else {})))
    services.bid_save_price(actor=user, competition=competition, expected_edit_version=version(),
                            price_pence=price_pence, breakdown=[{"item": "Delivery", "pence": price_pence}], note=note)
    if attachment is not None:
        services.bid_attachment_add(actor=user, competition=competition, expected_edit_version=version(),
                                    uploaded=attachment)
    return services.bid_submit(actor=user, competition=competition, expected_edit_version=version())


# Quick set-up for tests that need many suppliers. The admission services are tested in tests/admission; here
# the rows they would leave behind (an admitted application, an active admission) are written directly.


def quick_admitted_suppliers(count: int, *slugs: str, prefix: str = "Quick"):
    """`count` supplier organisations admitted to `slugs` (default the AI category), each with one member.

    Returns [(organisation, user)]. Written with bulk inserts: for setting up crowds, not for testing admission.
    """
    from django.contrib.auth.hashers import make_password

    from marketplace.accounts.models import Membership, Organisation, OrganisationSize, Role, Side, User
    from marketplace.admission.models import Admission, Application, ApplicationStatus

    slugs = slugs or (CATEGORY,)
    categories = list(Category.objects.filter(slug__in=slugs))
    assert len(categories) == len(slugs), slugs
    tag = f"{timezone.now():%H%M%S%f}"
    password = make_password(None)
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                kind=Side.SUPPLIER, name=f"{prefix} Supplier {tag}-{n} Ltd", address_line_1="1 High Street",
                town="Leeds", postcode="LS1 1AA", size=OrganisationSize.SMALL,
            )
            for n in range(count)
        ]
    )
    users = User.objects.bulk_create(
        [
            User(email=f"{prefix.lower()}-{tag}-{n}@supplier.example",
                 first_name="Sam", last_name=f"Bidder {n}", password=password)
            for n in range(count)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(user=user, organisation=organisation, role=Role.MEMBER)
         for user, organisation in zip(users, organisations)]
    )
    now = timezone.now()
    applications = Application.objects.bulk_create(
        [
            Application(organisation=organisation, created_by=user, status=ApplicationStatus.ADMITTED,
                        submitted_at=now, decided_at=now)
            for user, organisation in zip(users, organisations)
        ]
    )
    Admission.objects.bulk_create(
        [
            Admission(organisation=application.organisation, category=category, application=application)
            for application in applications
            for category in categories
        ]
    )
    return list(zip(organisations, users))


def quick_admitted_supplier(*slugs: str, prefix: str = "Quick"):
    """One supplier admitted to `slugs`, as (organisation, user)."""
    return quick_admitted_suppliers(1, *slugs, prefix=prefix)[0]


def current_edit_version(user, competition: Competition):
    """The edit_version a page would have shown `user` for its organisation's bid (None before a bid exists)."""
    from marketplace.competitions.models import Bid

    bid = Bid.objects.filter(competition=competition, supplier__memberships__user=user).first()
    return bid.edit_version if bid else None


def bid_draft(user, competition: Competition, *, price_pence=9_000_000, text=None, note=""):
    """A complete working copy, not submitted. Returns the Bid."""
    services.bid_save_answers(actor=user, competition=competition,
                              expected_edit_version=current_edit_version(user, competition),
                              answers=answers_for(competition, **({"text": text} if text else {})))
    return services.bid_save_price(actor=user, competition=competition,
                                   expected_edit_version=current_edit_version(user, competition),
                                   price_pence=price_pence, breakdown=[{"item": "Delivery", "pence": price_pence}],
                                   note=note)
