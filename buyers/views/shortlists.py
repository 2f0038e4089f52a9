"""Shortlists: a buyer organisation's private lists of catalogue listings, with notes, comparison and CSV export.

Thin: selectors read (only the viewer's own organisation's shortlists, so another
organisation's ids are a 404), services write and check the right again.
Every page here uses a fixed number of queries whatever the number of entries.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from marketplace.accounts.decorators import side_required
from marketplace.accounts.models import Side
from marketplace.errors import DomainError, NotAllowed, or_404, refuse

from .. import csv_export, formatting, permissions, selectors, services
from ..forms import AddToShortlistForm, CompareForm, NoteForm, ShortlistNameForm, apply_domain_error

GET_AND_POST = require_http_methods(["GET", "POST"])


def shortlister_required(view):
    """A buyer organisation's admins and members; evaluators and everyone else are refused before any lookup."""

    @side_required(Side.BUYER)
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not permissions.can_use_shortlists(request.user, request.membership.organisation):
            raise PermissionDenied("Evaluators see the evaluations they are assigned to, not the shortlists.")
        return view(request, *args, **kwargs)

    return wrapped



def _posted(request):
    return request.POST if request.method == "POST" else None


def _shortlist(request, shortlist_id):
    return or_404(lambda: selectors.shortlist_for_buyer(viewer=request.user, shortlist_id=shortlist_id))


def _entry(request, shortlist_id, entry_id):
    return or_404(
        lambda: selectors.entry_for_buyer(viewer=request.user, shortlist_id=shortlist_id, entry_id=entry_id)
    )


@shortlister_required
@require_GET
def shortlists(request):
    return render(
        request,
        "buyers/shortlists/list.html",
        {
            "organisation": request.membership.organisation,
            "shortlists": selectors.shortlists_for_buyer(viewer=request.user),
        },
    )


@shortlister_required
@GET_AND_POST
def shortlist_new(request):
    form = ShortlistNameForm(_posted(request))
    if form.is_bound and form.is_valid():
        try:
            created = services.shortlist_create(
                actor=request.user, organisation=request.membership.organisation, name=form.cleaned_data["name"]
            )
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, f"Shortlist ‘{created.name}’ created")
            return redirect("buyers:shortlist", created.pk)
    return render(request, "buyers/shortlists/new.html", {"form": form})


def _shortlist_page(request, shortlist, *, form=None, status=200):
    entries = list(selectors.entries_of(shortlist))
    available = [entry for entry in entries if entry.is_available]
    return render(
        request,
        "buyers/shortlists/detail.html",
        {
            "shortlist": shortlist,
            "entries": entries,
            "available_count": len(available),
            "form": form or CompareForm(entries=available),
        },
        status=status,
    )


@shortlister_required
@require_GET
def shortlist(request, shortlist_id):
    return _shortlist_page(request, _shortlist(request, shortlist_id))


@shortlister_required
@GET_AND_POST
def shortlist_rename(request, shortlist_id):
    current = _shortlist(request, shortlist_id)
    form = ShortlistNameForm(_posted(request), initial={"name": current.name})
    if form.is_bound and form.is_valid():
        try:
            renamed = services.shortlist_rename(actor=request.user, shortlist=current, name=form.cleaned_data["name"])
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, f"Shortlist renamed to ‘{renamed.name}’")
            return redirect("buyers:shortlist", renamed.pk)
    return render(request, "buyers/shortlists/rename.html", {"shortlist": current, "form": form})


@shortlister_required
@GET_AND_POST
def shortlist_delete(request, shortlist_id):
    current = _shortlist(request, shortlist_id)
    error_message = None
    if request.method == "POST":
        try:
            services.shortlist_delete(actor=request.user, shortlist=current)
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            error_message = error.message
        else:
            messages.success(request, f"Shortlist ‘{current.name}’ deleted")
            return redirect("buyers:shortlists")
    return render(
        request, "buyers/shortlists/delete.html", {"shortlist": current, "error_message": error_message}
    )


@shortlister_required
@require_GET
def shortlist_compare(request, shortlist_id):
    """Two to four of the shortlist's listings side by side. Listings no longer in the catalogue cannot be chosen."""
    current = _shortlist(request, shortlist_id)
    available = [entry for entry in selectors.entries_of(current) if entry.is_available]
    form = CompareForm(request.GET, entries=available)
    if not form.is_valid():
        return _shortlist_page(request, current, form=form)
    compared = list(selectors.entries_to_compare(current, form.cleaned_data["entries"]))
    return render(
        request,
        "buyers/shortlists/compare.html",
        {"shortlist": current, "entries": compared},
    )


@shortlister_required
@require_GET
@never_cache
def shortlist_export(request, shortlist_id):
    current = _shortlist(request, shortlist_id)
    entries = selectors.entries_of(current, with_details=True)
    text = csv_export.shortlist_csv(
        entries, catalogue_url=lambda solution_id: request.build_absolute_uri(formatting.catalogue_path(solution_id))
    )
    # A byte order mark, so spreadsheets read the pound signs and accents as UTF-8.
    response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
    filename = f"shortlist-{slugify(current.name) or current.pk}.csv"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@shortlister_required
@GET_AND_POST
def entry_note(request, shortlist_id, entry_id):
    entry = _entry(request, shortlist_id, entry_id)
    form = NoteForm(_posted(request), initial={"note": entry.note})
    if form.is_bound and form.is_valid():
        try:
            services.entry_note(actor=request.user, entry=entry, note=form.cleaned_data["note"])
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, f"Note saved for ‘{entry.solution.title}’")
            return redirect("buyers:shortlist", entry.shortlist_id)
    return render(request, "buyers/shortlists/note.html", {"entry": entry, "shortlist": entry.shortlist, "form": form})


@shortlister_required
@GET_AND_POST
def entry_remove(request, shortlist_id, entry_id):
    entry = _entry(request, shortlist_id, entry_id)
    error_message = None
    if request.method == "POST":
        try:
            services.entry_remove(actor=request.user, entry=entry)
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            error_message = error.message
        else:
            messages.success(request, f"‘{entry.solution.title}’ removed from ‘{entry.shortlist.name}’")
            return redirect("buyers:shortlist", entry.shortlist_id)
    return render(
        request,
        "buyers/shortlists/remove.html",
        {"entry": entry, "shortlist": entry.shortlist, "error_message": error_message},
    )


@shortlister_required
@GET_AND_POST
def shortlist_add(request, solution_id):
    """Add a public listing to one of the organisation's shortlists, or to a new one. Not public: 404."""
    solution = or_404(lambda: selectors.solution_to_shortlist(solution_id))
    options = list(selectors.shortlists_with_solution(viewer=request.user, solution_id=solution.pk))
    form = AddToShortlistForm(_posted(request), shortlists=options)
    if form.is_bound and form.is_valid():
        chosen = form.chosen_shortlist()
        try:
            if chosen is None:
                entry = services.entry_add_to_new_shortlist(
                    actor=request.user,
                    organisation=request.membership.organisation,
                    name=form.cleaned_data["name"],
                    solution=solution,
                )
            else:
                entry = services.entry_add(actor=request.user, shortlist=chosen, solution=solution)
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, f"‘{solution.title}’ added to ‘{entry.shortlist.name}’")
            return redirect("buyers:shortlist", entry.shortlist_id)
    return render(request, "buyers/shortlists/add.html", {"solution": solution, "form": form})
