"""Reads of solution listings, filtered by who asks.

A listing is public only while it is published and its supplier holds an
active admission in at least one of the listing's categories (and is not on
the debarment list). That is decided here, when the query runs, so a
suspension hides a listing at once.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Subquery

from marketplace.accounts import permissions as accounts
from marketplace.accounts.models import Organisation
from marketplace.admission.models import Admission, AdmissionStatus
from marketplace.admission.selectors import debarred_organisations_q

from . import permissions
from .models import RevisionStatus, Solution, SolutionDocument, SolutionRevision, SolutionStatus


def _admitted_in_a_listed_category():
    listed = Solution.categories.through.objects.filter(solution=OuterRef(OuterRef("pk"))).values("category")
    return Exists(
        Admission.objects.filter(
            organisation=OuterRef("organisation"), status=AdmissionStatus.ACTIVE, category__in=listed
        )
    )


def public_solutions(today=None):
    """Every listing the public may see, now."""
    # Uncorrelated, so the database works out the (few) debarred suppliers once, not once per listing.
    debarred = Organisation.objects.filter(debarred_organisations_q(today)).values("pk")
    return (
        Solution.objects.filter(status=SolutionStatus.PUBLISHED)
        .filter(_admitted_in_a_listed_category())
        .exclude(organisation__in=debarred)
    )


def catalogue_page_queryset(queryset):
    """What a catalogue list or detail page needs, fetched in a fixed number of queries."""
    return queryset.select_related("organisation").prefetch_related("categories", "regions", "standards")


def public_solution(pk: int) -> Solution:
    """A public listing with what its page shows, or DoesNotExist."""
    documents = SolutionDocument.objects.order_by("uploaded_at")
    return (
        catalogue_page_queryset(public_solutions())
        .select_related("live_revision")
        .prefetch_related(Prefetch("live_revision__documents", queryset=documents))
        .get(pk=pk)
    )


def is_public(solution: Solution) -> bool:
    return public_solutions().filter(pk=solution.pk).exists()


# The supplier's own listings.


def _own_organisation(viewer):
    membership = accounts.membership_of(viewer)
    if membership is None or membership.organisation.kind != "supplier":
        raise PermissionDenied("Only suppliers have listings.")
    return membership.organisation


def solutions_for_supplier(*, viewer):
    working = SolutionRevision.objects.filter(status__in=[RevisionStatus.DRAFT, RevisionStatus.RETURNED,
                                                          RevisionStatus.IN_REVIEW])
    return (
        Solution.objects.filter(organisation=_own_organisation(viewer))
        .prefetch_related("categories", Prefetch("revisions", queryset=working, to_attr="working_revisions"))
        .order_by("status", "title")
    )


def solution_for_supplier(*, viewer, solution_id: int) -> Solution:
    """The viewer's own organisation's listing, or DoesNotExist (never another supplier's)."""
    return Solution.objects.select_related("organisation", "live_revision").get(
        pk=solution_id, organisation=_own_organisation(viewer)
    )


def revision_for_supplier(*, viewer, solution_id: int, revision_id: int) -> SolutionRevision:
    return (
        SolutionRevision.objects.select_related("solution", "solution__organisation")
        .prefetch_related("categories", "regions", "standards", "documents")
        .get(pk=revision_id, solution_id=solution_id, solution__organisation=_own_organisation(viewer))
    )


# Operators.


def moderation_queue(*, viewer):
    if not permissions.can_moderate_solutions(viewer):
        raise PermissionDenied("Only operators moderate listings.")
    return (
        SolutionRevision.objects.filter(status=RevisionStatus.IN_REVIEW)
        .select_related("solution", "solution__organisation", "solution__live_revision", "submitted_by")
        .prefetch_related("categories")
        .order_by("submitted_at")
    )


def revision_for_moderator(*, viewer, revision_id: int) -> SolutionRevision:
    """A version the supplier has sent for review (now or before), or DoesNotExist: drafts stay the supplier's."""
    if not permissions.can_moderate_solutions(viewer):
        raise PermissionDenied("Only operators moderate listings.")
    return (
        SolutionRevision.objects.exclude(status=RevisionStatus.DRAFT)
        .select_related("solution", "solution__organisation", "solution__live_revision")
        .prefetch_related("categories", "regions", "standards", "documents", "solution__categories",
                          "solution__regions", "solution__standards")
        .get(pk=revision_id)
    )


def listings_for_moderator(*, viewer):
    """Every listing that has been published (live or archived since), with whether the public can see it now
    (`in_catalogue`) and the version in review if any (`review_pk`, `review_number`). A supplier's
    never-published draft is its own business, so it is not here."""
    if not permissions.can_moderate_solutions(viewer):
        raise PermissionDenied("Only operators moderate listings.")
    in_review = SolutionRevision.objects.filter(solution=OuterRef("pk"), status=RevisionStatus.IN_REVIEW)
    return (
        Solution.objects.filter(first_published_at__isnull=False)
        .select_related("organisation", "live_revision")
        .prefetch_related("categories")
        .annotate(
            in_catalogue=Exists(public_solutions().filter(pk=OuterRef("pk"))),
            review_pk=Subquery(in_review.values("pk")[:1]),
            review_number=Subquery(in_review.values("number")[:1]),
        )
    )


def listing_for_moderator(*, viewer, solution_id: int) -> Solution:
    """One of `listings_for_moderator`, with what its page shows, or DoesNotExist."""
    documents = SolutionDocument.objects.order_by("uploaded_at", "pk")
    return (
        listings_for_moderator(viewer=viewer)
        .prefetch_related("regions", "standards", Prefetch("live_revision__documents", queryset=documents))
        .get(pk=solution_id)
    )


# Documents.


def document_for_download(*, viewer, document_id: int) -> SolutionDocument:
    """A document the viewer may download, or DoesNotExist.

    Anyone may download the live version's documents of a public listing; the
    supplier's members may download any version's, and operators those of any
    version sent for review.
    """
    document = SolutionDocument.objects.select_related("revision__solution__organisation").get(pk=document_id)
    solution = document.revision.solution
    if accounts.is_member_of(viewer, solution.organisation):
        return document
    if permissions.can_moderate_solutions(viewer) and document.revision.status != RevisionStatus.DRAFT:
        return document
    if solution.live_revision_id == document.revision_id and is_public(solution):
        return document
    raise SolutionDocument.DoesNotExist
