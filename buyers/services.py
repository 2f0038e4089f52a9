"""Every write about shortlists: create, rename, delete; add a listing, note it, remove it.

Each service checks the actor's right again (views check it first), runs in a
transaction, and raises `DomainError` with a GOV.UK message when input or a
rule says no, `NotAllowed` when the actor has no right.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.audit.services import audit_record
from marketplace.errors import DomainError, NotAllowed
from suppliers.selectors import public_solutions

from . import permissions
from .models import NOTE_MAX_LENGTH, SHORTLIST_NAME_MAX_LENGTH, Shortlist, ShortlistEntry

NOT_YOURS = "Only members of the buyer organisation can use its shortlists."


def _lock(shortlist: Shortlist) -> Shortlist:
    return Shortlist.objects.select_for_update().get(pk=shortlist.pk)


def _usable(actor, shortlist: Shortlist) -> Shortlist:
    """The shortlist, locked, once the actor's right to it is checked (on the row as stored)."""
    if not permissions.can_use_shortlist(actor, shortlist):
        raise NotAllowed(NOT_YOURS)
    try:
        locked = _lock(shortlist)
    except Shortlist.DoesNotExist as exc:
        raise DomainError("This shortlist has been deleted") from exc
    if not permissions.can_use_shortlist(actor, locked):
        raise NotAllowed(NOT_YOURS)
    return locked


def _touch(shortlist: Shortlist) -> None:
    shortlist.updated_at = timezone.now()
    shortlist.save(update_fields=["updated_at"])


def _clean_name(organisation, name: str, *, exclude_pk=None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError("Enter a name for the shortlist", field="name")
    if len(name) > SHORTLIST_NAME_MAX_LENGTH:
        raise DomainError(f"Shortlist name must be {SHORTLIST_NAME_MAX_LENGTH} characters or fewer", field="name")
    taken = Shortlist.objects.filter(organisation=organisation, name__iexact=name).exclude(pk=exclude_pk)
    if taken.exists():
        raise DomainError(_name_taken(name), field="name", code="duplicate")
    return name


def _name_taken(name: str) -> str:
    return f"Your organisation already has a shortlist called ‘{name}’. Enter a different name"


@transaction.atomic
def shortlist_create(*, actor, organisation, name: str) -> Shortlist:
    if not permissions.can_use_shortlists(actor, organisation):
        raise NotAllowed(NOT_YOURS)
    name = _clean_name(organisation, name)
    try:
        with transaction.atomic():
            return Shortlist.objects.create(organisation=organisation, name=name, created_by=actor)
    except IntegrityError as exc:  # a colleague created the same name a moment ago
        raise DomainError(_name_taken(name), field="name", code="duplicate") from exc


@transaction.atomic
def shortlist_rename(*, actor, shortlist: Shortlist, name: str) -> Shortlist:
    shortlist = _usable(actor, shortlist)
    name = _clean_name(shortlist.organisation_id, name, exclude_pk=shortlist.pk)
    shortlist.name = name
    shortlist.updated_at = timezone.now()
    try:
        with transaction.atomic():
            shortlist.save(update_fields=["name", "updated_at"])
    except IntegrityError as exc:
        raise DomainError(_name_taken(name), field="name", code="duplicate") from exc
    return shortlist


@transaction.atomic
def shortlist_delete(*, actor, shortlist: Shortlist) -> None:
    shortlist = _usable(actor, shortlist)
    entry_count = shortlist.entries.count()
    audit_record(
        stream=shortlist.audit_stream,
        verb="shortlist.deleted",
        actor=actor,
        target=shortlist,
        data={"name": shortlist.name, "entries": entry_count},
        personal={"email": actor.email, "name": actor.get_full_name()},
    )
    shortlist.delete()


@transaction.atomic
def entry_add(*, actor, shortlist: Shortlist, solution, note: str = "") -> ShortlistEntry:
    """Put a listing on a shortlist. Only a listing the public may see now; once per shortlist."""
    shortlist = _usable(actor, shortlist)
    if not public_solutions().filter(pk=solution.pk).exists():
        raise DomainError(
            "This listing is no longer available in the catalogue, so it cannot be added to a shortlist",
            code="not_public",
        )
    duplicate = DomainError(
        f"‘{solution.title}’ is already on ‘{shortlist.name}’. Choose another shortlist",
        field="shortlist",
        code="duplicate",
    )
    if ShortlistEntry.objects.filter(shortlist=shortlist, solution=solution).exists():
        raise duplicate
    note = _clean_note(note)
    try:
        with transaction.atomic():
            entry = ShortlistEntry.objects.create(shortlist=shortlist, solution=solution, note=note, added_by=actor)
    except IntegrityError as exc:  # a colleague added it a moment ago
        raise duplicate from exc
    _touch(shortlist)
    return entry


@transaction.atomic
def entry_add_to_new_shortlist(*, actor, organisation, name: str, solution) -> ShortlistEntry:
    """Start a shortlist with this listing on it: both happen, or neither."""
    shortlist = shortlist_create(actor=actor, organisation=organisation, name=name)
    return entry_add(actor=actor, shortlist=shortlist, solution=solution)


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise DomainError(f"Note must be {NOTE_MAX_LENGTH:,} characters or fewer", field="note")
    return note


def _usable_entry(actor, entry: ShortlistEntry) -> tuple[Shortlist, ShortlistEntry]:
    shortlist = _usable(actor, entry.shortlist)
    try:
        entry = ShortlistEntry.objects.select_for_update().select_related("solution").get(
            pk=entry.pk, shortlist=shortlist
        )
    except ShortlistEntry.DoesNotExist as exc:
        raise DomainError("This listing has already been removed from the shortlist") from exc
    return shortlist, entry


@transaction.atomic
def entry_note(*, actor, entry: ShortlistEntry, note: str) -> ShortlistEntry:
    shortlist, entry = _usable_entry(actor, entry)
    entry.note = _clean_note(note)
    entry.save(update_fields=["note"])
    _touch(shortlist)
    return entry


@transaction.atomic
def entry_remove(*, actor, entry: ShortlistEntry) -> None:
    shortlist, entry = _usable_entry(actor, entry)
    entry.delete()
    _touch(shortlist)
