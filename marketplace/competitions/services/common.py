"""What the competition services share: locking, the database clock, and telling suppliers."""

from django.db import connection
from django.utils import timezone

from marketplace.accounts.models import Membership
from marketplace.errors import DomainError, NotAllowed
from marketplace.notifications import send_email

from .. import permissions
from ..models import Competition, DigestItem, EmailFrequency, NotificationPreference


def personal(user) -> dict:
    return {"email": user.email, "name": user.get_full_name()}


def database_now():
    """The database's clock at this moment (rule 8): on PostgreSQL `clock_timestamp()`, which moves during a
    transaction, unlike `now()`. SQLite has no server clock; its writers are serialised, so ours stands in."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT clock_timestamp()")
            return cursor.fetchone()[0]
    return timezone.now()


def lock(competition) -> Competition:
    # of=("self",): lock the competition row only. A bare FOR UPDATE would also lock the joined buyer, category
    # and owner rows, so bids would queue behind (or deadlock with) anything locking those, such as an
    # admission suspended in the category, and bids to different competitions would queue on a shared row.
    return (
        Competition.objects.select_for_update(of=("self",))
        .select_related("buyer", "category", "owner")
        .get(pk=competition.pk)
    )


def lock_for_bid(competition) -> Competition:
    """Lock the competition row for one supplier's bid: FOR SHARE, so bids of different suppliers run at once
    (each locks its own bid row), while a change to the competition (FOR UPDATE, or any UPDATE) still waits for
    bids in progress and they for it. New share lockers may pass a waiting FOR UPDATE, so under a sustained rush
    a change waits until bids thin out. Never follow with `lock` on the same row: two upgrades would deadlock.
    SQLite serialises writers and has no row locks: there it is `lock`. Related rows are not loaded.
    """
    if connection.vendor != "postgresql":
        return lock(competition)
    # The ORM has no FOR SHARE. No join, so only the competition row is locked (as in `lock`).
    table = connection.ops.quote_name(Competition._meta.db_table)
    rows = list(Competition.objects.raw(f"SELECT * FROM {table} WHERE id = %s FOR SHARE", [competition.pk]))
    if not rows:
        raise Competition.DoesNotExist(f"Competition {competition.pk} does not exist")
    return rows[0]


def require_manage(actor, competition) -> None:
    if not permissions.can_manage(actor, competition):
        raise NotAllowed("Only the competition’s owner or a buyer admin can do this.")


def require_draft(competition) -> None:
    if competition.status != "draft":
        raise DomainError("This competition has been published. Changes now need an amendment with a reason")


def member_emails(organisation) -> list[str]:
    return list(
        Membership.objects.filter(organisation=organisation, user__is_active=True)
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )


def notify_suppliers(*, competition, organisations, template: str, context: dict, digest_text: str) -> None:
    """Email each supplier now, or queue a line for its daily summary, as it chose."""
    organisations = list(organisations)
    daily = set(
        NotificationPreference.objects.filter(
            organisation__in=organisations, frequency=EmailFrequency.DAILY
        ).values_list("organisation_id", flat=True)
    )
    queued = []
    for organisation in organisations:
        if organisation.pk in daily:
            queued.append(DigestItem(organisation=organisation, competition=competition, text=digest_text[:300]))
            continue
        recipients = member_emails(organisation)
        if recipients:
            send_email(
                to=recipients,
                template=template,
                context={"competition": competition, "organisation": organisation, **context},
            )
    DigestItem.objects.bulk_create(queued)
