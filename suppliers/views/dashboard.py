"""The supplier's dashboard: application progress, decisions and admissions, and its solution listings."""

from django.db.models import Count, Q
from django.shortcuts import render

from marketplace.accounts import permissions
from marketplace.accounts.decorators import side_required
from marketplace.accounts.models import Side
from marketplace.admission import permissions as admission_permissions
from marketplace.admission import selectors
from marketplace.admission.models import AdmissionStatus, ApplicationStatus
from marketplace.taxonomy.selectors import active_categories
from suppliers import selectors as listings
from suppliers.models import RevisionStatus, SolutionStatus

from .common import HELD


def _listing_counts(viewer) -> dict:
    """How many of the supplier's listings are in each state, in one query."""
    return (
        listings.solutions_for_supplier(viewer=viewer)
        .prefetch_related(None)
        .order_by()
        .aggregate(
            total=Count("pk", distinct=True),
            draft=Count("pk", filter=Q(status=SolutionStatus.DRAFT), distinct=True),
            in_review=Count("pk", filter=Q(status=SolutionStatus.IN_REVIEW), distinct=True),
            published=Count("pk", filter=Q(status=SolutionStatus.PUBLISHED), distinct=True),
            archived=Count("pk", filter=Q(status=SolutionStatus.ARCHIVED), distinct=True),
            returned=Count("pk", filter=Q(revisions__status=RevisionStatus.RETURNED), distinct=True),
        )
    )


@side_required(Side.SUPPLIER)
def dashboard(request):
    """Where the supplier stands: its application, the decisions on it, its admissions. Fixed queries."""
    organisation = request.membership.organisation
    applications = list(selectors.applications_for_supplier(viewer=request.user))
    admissions = list(selectors.admissions_for_supplier(viewer=request.user))
    current = applications[0] if applications else None  # a new application starts only once the last is decided
    held = {admission.category_id for admission in admissions if admission.status in HELD}
    in_progress = current is not None and current.status in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED)
    lacking = [] if in_progress else [category for category in active_categories() if category.pk not in held]
    if not applications:
        apply_label = "Apply to join the marketplace"
    elif held:
        apply_label = "Apply for more categories"
    else:
        apply_label = "Apply again"
    return render(
        request,
        "suppliers/dashboard.html",
        {
            "organisation": organisation,
            "is_admin": permissions.can_manage_members(request.user, organisation),
            "can_apply": admission_permissions.can_start_application(request.user, organisation),
            "needs_mfa": permissions.needs_mfa_setup(request.user),
            "current": current,
            "earlier": applications[1:],
            "admissions": admissions,
            "lacking": lacking,
            "apply_label": apply_label,
            "listings": _listing_counts(request.user),
            "can_list": any(admission.status == AdmissionStatus.ACTIVE for admission in admissions),
        },
    )


# Who may use the application pages.
