"""Every read of applications and admissions, filtered by who asks.

Nothing else in the code decides whether a supplier is admitted: visibility is
computed here when the query runs, so a suspension or a debarment takes effect
at once, without waiting for a background update.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from marketplace.accounts import permissions as accounts
from marketplace.accounts.models import Organisation, Side

from . import permissions
from .models import (
    Admission,
    AdmissionStatus,
    Application,
    ApplicationCategory,
    ApplicationStatus,
    DebarmentEntry,
    DeclarationSubject,
)
from .working_days import uk_date


def _debarments_in_force(today):
    return DebarmentEntry.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today), starts_on__lte=today)


def debarred_organisations_q(today=None) -> Q:
    """A filter on Organisation matching those on the debarment list today (by link or by company number)."""
    today = today or uk_date(timezone.now())
    in_force = _debarments_in_force(today)
    # Uncorrelated IN lists (the list is short), not an EXISTS per organisation: a search checks this per page.
    by_link = Q(pk__in=in_force.filter(organisation__isnull=False).values("organisation"))
    by_number = Q(companies_house_number__in=in_force.exclude(companies_house_number="")
                  .values("companies_house_number"))
    return by_link | by_number


def is_debarred(organisation: Organisation, today=None) -> bool:
    return Organisation.objects.filter(debarred_organisations_q(today), pk=organisation.pk).exists()


def debarment_entries_for(organisation: Organisation, today=None):
    today = today or uk_date(timezone.now())
    entries = _debarments_in_force(today)
    query = Q(organisation=organisation)
    if organisation.companies_house_number:
        query |= Q(companies_house_number=organisation.companies_house_number)
    return entries.filter(query)


def admitted_suppliers(category, today=None):
    """Suppliers admitted to `category` now: an active admission and not on the debarment list."""
    return (
        Organisation.objects.filter(
            kind=Side.SUPPLIER,
            admissions__category=category,
            admissions__status=AdmissionStatus.ACTIVE,
        )
        .exclude(debarred_organisations_q(today))
        .distinct()
        .order_by("name")
    )


def is_admitted(organisation: Organisation, category, today=None) -> bool:
    return admitted_suppliers(category, today).filter(pk=organisation.pk).exists()


def admitted_categories(organisation: Organisation, today=None):
    """The categories the organisation is admitted to now."""
    from marketplace.taxonomy.models import Category

    if is_debarred(organisation, today):
        return Category.objects.none()
    return Category.objects.filter(
        admissions__organisation=organisation, admissions__status=AdmissionStatus.ACTIVE
    ).order_by("position", "name")


def public_admitted_suppliers(today=None):
    """Every admitted supplier with its active admissions (`active_admissions`): public facts only."""
    active = Admission.objects.filter(status=AdmissionStatus.ACTIVE).select_related("category")
    return (
        Organisation.objects.filter(kind=Side.SUPPLIER, admissions__status=AdmissionStatus.ACTIVE)
        .exclude(debarred_organisations_q(today))
        .distinct()
        .order_by("name")
        .prefetch_related(Prefetch("admissions", queryset=active, to_attr="active_admissions"))
    )


def public_admitted_suppliers_in(category, today=None):
    """The suppliers admitted to `category` now, each with all its active admissions (`active_admissions`).

    The public list filtered to one category: `admitted_suppliers(category)` decides who is in it.
    """
    active = Admission.objects.filter(status=AdmissionStatus.ACTIVE).select_related("category")
    return admitted_suppliers(category, today).prefetch_related(
        Prefetch("admissions", queryset=active, to_attr="active_admissions")
    )


# The supplier's own view.


def _own_organisation(viewer) -> Organisation:
    membership = accounts.membership_of(viewer)
    if membership is None or membership.organisation.kind != Side.SUPPLIER:
        raise PermissionDenied("Only suppliers have applications.")
    return membership.organisation


def applications_for_supplier(*, viewer):
    return (
        Application.objects.filter(organisation=_own_organisation(viewer))
        .prefetch_related(Prefetch("categories", queryset=ApplicationCategory.objects.select_related("category")))
        .order_by("-created_at")
    )


def application_for_supplier(*, viewer, application_id: int) -> Application:
    """The viewer's own organisation's application, or DoesNotExist (never another supplier's)."""
    return (
        Application.objects.select_related("organisation")
        .prefetch_related(
            Prefetch("categories", queryset=ApplicationCategory.objects.select_related("category")),
            Prefetch("subjects", queryset=DeclarationSubject.objects.prefetch_related("declarations")),
        )
        .get(pk=application_id, organisation=_own_organisation(viewer))
    )


def open_application(organisation: Organisation) -> Application | None:
    return Application.objects.filter(
        organisation=organisation, status__in=[ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED]
    ).first()


def admissions_for_supplier(*, viewer):
    return Admission.objects.filter(organisation=_own_organisation(viewer)).select_related("category")


# The operators' view.


def _require_operator(viewer) -> None:
    if not permissions.can_decide_applications(viewer):
        raise PermissionDenied("Only operators can see applications.")


def application_queue(*, viewer):
    """Submitted and decided applications, never drafts (the operator queue orders them by due date)."""
    _require_operator(viewer)
    return (
        Application.objects.exclude(status=ApplicationStatus.DRAFT)
        .select_related("organisation")
        .prefetch_related(Prefetch("categories", queryset=ApplicationCategory.objects.select_related("category")))
    )


def application_for_operator(*, viewer, application_id: int) -> Application:
    _require_operator(viewer)
    return (
        Application.objects.exclude(status=ApplicationStatus.DRAFT)
        .select_related("organisation", "submitted_by", "extended_by")
        .prefetch_related(
            Prefetch("categories", queryset=ApplicationCategory.objects.select_related("category", "decided_by")),
            Prefetch("subjects", queryset=DeclarationSubject.objects.prefetch_related("declarations")),
        )
        .get(pk=application_id)
    )
