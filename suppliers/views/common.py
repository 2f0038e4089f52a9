"""Decorators and helpers shared by the supplier's pages."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from marketplace.accounts import permissions
from marketplace.accounts.decorators import side_required
from marketplace.accounts.forms import apply_domain_error
from marketplace.accounts.models import Side
from marketplace.admission import permissions as admission_permissions
from marketplace.admission import selectors
from marketplace.admission.models import (
    AdmissionStatus,
    SubjectKind,
)
from marketplace.errors import DomainError, NotAllowed


# Admissions that keep a category off a new application: an active one (the service refuses it too), and a
# suspended one, which only an operator's reinstatement ends. A removed one may be applied for again.
HELD = (AdmissionStatus.ACTIVE, AdmissionStatus.SUSPENDED)


def _held_categories(viewer) -> set[int]:
    return set(
        selectors.admissions_for_supplier(viewer=viewer).filter(status__in=HELD).values_list("category_id", flat=True)
    )


# The dashboard.



def _denied_to_members(organisation):
    return PermissionDenied(
        f"Only an admin of {organisation.name} can apply to join the marketplace or change its application. "
        "You can follow the application’s progress on your dashboard."
    )


def _mfa_first(request):
    messages.info(request, "Set up two-factor authentication before you apply to join the marketplace.")
    return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}")


def supplier_admin_page(view):
    """A supplier admin who has set up TOTP: others get a 403 page saying why."""

    @wraps(view)
    @side_required(Side.SUPPLIER)
    def wrapper(request, *args, **kwargs):
        organisation = request.membership.organisation
        if not admission_permissions.can_start_application(request.user, organisation):
            raise _denied_to_members(organisation)
        if permissions.needs_mfa_setup(request.user):
            return _mfa_first(request)
        return view(request, *args, **kwargs)

    return wrapper


def application_page(*, draft_only: bool = True):
    """The supplier's own application (404 for anyone else's), for its admins only, once TOTP is set up.

    With `draft_only`, a submitted application sends the person to its read-only page instead.
    """

    def decorator(view):
        @wraps(view)
        @side_required(Side.SUPPLIER)
        def wrapper(request, application_id, *args, **kwargs):
            try:
                application = selectors.application_for_supplier(viewer=request.user, application_id=application_id)
            except ObjectDoesNotExist as exc:
                raise Http404 from exc
            if not admission_permissions.can_edit_application(request.user, application):
                raise _denied_to_members(application.organisation)
            if permissions.needs_mfa_setup(request.user):
                return _mfa_first(request)
            if draft_only and not application.is_draft:
                messages.info(request, "This application has been submitted, so its answers can no longer be changed.")
                return redirect("suppliers:application", application.pk)
            return view(request, application, *args, **kwargs)

        return wrapper

    return decorator


def _finishing(request) -> bool:
    """True for "Save and continue" (also the default, when Enter is pressed); False for "come back later"."""
    return request.POST.get("action") != "later"


def _data(request):
    return request.POST if request.method == "POST" else None


def _url(name, application, *args):
    return reverse(f"suppliers:{name}", args=[application.pk, *args])


def _question(request, application, form, template, *, title, save, next_url, **context):
    """Show a page of the application; on POST save it through a service and move on.

    `save(cleaned_data)` calls the service and may return a URL to go to instead of `next_url`.
    On an error the bound form is shown again, so nothing typed is lost.
    """
    if request.method == "POST" and form.is_valid():
        try:
            url = save(form.cleaned_data)
        except NotAllowed as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            if not _finishing(request):
                messages.success(
                    request,
                    f"Your application {application.reference} has been saved. "
                    "You can come back to it from your dashboard at any time.",
                )
                return redirect("suppliers:dashboard")
            return redirect(url or next_url)
    return render(
        request,
        template,
        {
            "application": application,
            "form": form,
            "title": title,
            "error_links": form.error_links() if form.is_bound else [],
            "task_list_url": _url("application", application),
            **context,
        },
    )


def _refused(error: DomainError):
    if isinstance(error, NotAllowed):
        raise PermissionDenied(error.message) from error


# Starting.


def _subjects(application):
    subjects = list(application.subjects.all())
    return {
        "supplier": next(subject for subject in subjects if subject.kind == SubjectKind.SUPPLIER),
        SubjectKind.CONNECTED_PERSON: [s for s in subjects if s.kind == SubjectKind.CONNECTED_PERSON],
        SubjectKind.SUBCONTRACTOR: [s for s in subjects if s.kind == SubjectKind.SUBCONTRACTOR],
    }


KIND_PAGES = {
    SubjectKind.CONNECTED_PERSON: {
        "question": "application_connected",
        "list": "application_connected_list",
        "add": "application_connected_add",
        "title": "Connected persons",
        "plural": "connected persons",
    },
    SubjectKind.SUBCONTRACTOR: {
        "question": "application_subcontractors",
        "list": "application_subcontractors_list",
        "add": "application_subcontractors_add",
        "title": "Subcontractors you rely on",
        "plural": "subcontractors you rely on",
    },
}
