"""Reads of shortlists, filtered by who asks: only the viewer's own buyer organisation's, never another's.

Whether a shortlisted listing is still in the catalogue is decided when the
query runs, by the suppliers' own `public_solutions()`: a suspended supplier's
or an archived listing drops out of comparison at once.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef

from marketplace.accounts import permissions as accounts
from marketplace.accounts.models import Side
from suppliers.selectors import public_solutions

from . import permissions
from .models import Shortlist, ShortlistEntry

MIN_COMPARE = 2
MAX_COMPARE = 4


def buyer_organisation(viewer):
    """The viewer's buyer organisation, or PermissionDenied for anyone but its admins and members."""
    membership = accounts.membership_of(viewer)
    if membership is None or membership.organisation.kind != Side.BUYER:
        raise PermissionDenied("Only buyers have shortlists.")
    if not permissions.can_use_shortlists(viewer, membership.organisation):
        raise PermissionDenied("Evaluators see the evaluations they are assigned to, not the shortlists.")
    return membership.organisation


def shortlists_for_buyer(*, viewer):
    """The viewer's organisation's shortlists, each with `entry_count`."""
    return Shortlist.objects.filter(organisation=buyer_organisation(viewer)).annotate(entry_count=Count("entries"))


def shortlist_for_buyer(*, viewer, shortlist_id: int) -> Shortlist:
    """One of the viewer's organisation's shortlists, or Shortlist.DoesNotExist (never another organisation's)."""
    return Shortlist.objects.get(pk=shortlist_id, organisation=buyer_organisation(viewer))


def entry_for_buyer(*, viewer, shortlist_id: int, entry_id: int) -> ShortlistEntry:
    """An entry of one of the viewer's organisation's shortlists, or ShortlistEntry.DoesNotExist."""
    return ShortlistEntry.objects.select_related("shortlist", "solution").get(
        pk=entry_id, shortlist_id=shortlist_id, shortlist__organisation=buyer_organisation(viewer)
    )


def _available():
    return Exists(public_solutions().filter(pk=OuterRef("solution_id")))


def entries_of(shortlist: Shortlist, *, with_details: bool = False):
    """A shortlist's entries with their listing and supplier, each marked `is_available` (public now).

    `with_details` also fetches categories, regions and standards (comparison, export): a fixed number
    of queries whatever the number of entries.
    """
    entries = (
        ShortlistEntry.objects.filter(shortlist=shortlist)
        .select_related("solution", "solution__organisation")
        .annotate(is_available=_available())
        .order_by("added_at", "pk")
    )
    if with_details:
        entries = entries.prefetch_related("solution__categories", "solution__regions", "solution__standards")
    return entries


def entries_to_compare(shortlist: Shortlist, entry_ids):
    """The chosen entries that are still in the catalogue, with what the comparison shows, in shortlist order."""
    return entries_of(shortlist, with_details=True).filter(pk__in=list(entry_ids), is_available=True)


def shortlists_with_solution(*, viewer, solution_id: int):
    """The viewer's organisation's shortlists, each marked `has_solution` if the listing is already on it."""
    return Shortlist.objects.filter(organisation=buyer_organisation(viewer)).annotate(
        has_solution=Exists(ShortlistEntry.objects.filter(shortlist=OuterRef("pk"), solution_id=solution_id))
    )


def solution_to_shortlist(solution_id: int):
    """A listing a buyer may add to a shortlist: a public one, with its supplier; or Solution.DoesNotExist."""
    return public_solutions().select_related("organisation").get(pk=solution_id)
