"""Public CSV downloads (open data), for anyone, signed in or not: the catalogue at /catalogue/download.csv, the
open opportunities at /opportunities/download.csv and the contract award notices at
/opportunities/awards/download.csv.

Thin, like the pages they sit beside: the same selectors decide what is public (when the query runs, so a
suspended supplier's listings and a closed competition are left out at once), the same filters narrow it, and
`suppliers.public_csv` writes the rows. The files are streamed, a chunk of rows at a time with their relations
prefetched per chunk, so the whole catalogue costs a fixed number of queries per chunk and is never held in
memory.
"""

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from marketplace.competitions import selectors as competitions
from marketplace.competitions import selectors_evaluation
from marketplace.spreadsheets import csv_response
from marketplace.taxonomy.selectors import active_categories

from .. import public_csv, selectors
from ..competition_forms import OpportunityFilterForm
from ..filters import SolutionFilter
from ..models import Solution

# Rows read from the database at a time; each chunk's relations are fetched in one query per relation.
CHUNK_SIZE = 2000


def _filename(what: str) -> str:
    return f"spark-{what}-{timezone.localdate().isoformat()}.csv"


def _page_url(request, url_name: str, key):
    """obj -> the absolute address of its public page (`key(obj)` is the URL's argument)."""
    site = request.build_absolute_uri("/").rstrip("/")
    return lambda obj: site + reverse(url_name, args=[key(obj)])


def _bad_filters(errors) -> HttpResponse:
    text = "\n".join(f"{name}: {message}" for name, messages in errors.items() for message in messages)
    return HttpResponse(f"The filters could not be understood.\n{text}\n", status=400,
                        content_type="text/plain; charset=utf-8")


@require_GET
def catalogue_csv(request):
    """Every listing the catalogue shows, narrowed by the catalogue's filters (not by search words), in its order."""
    filterset = SolutionFilter(request.GET, queryset=selectors.public_solutions(), request=request)
    if not filterset.is_valid():
        return _bad_filters(filterset.form.errors)
    solutions = (
        selectors.catalogue_page_queryset(filterset.qs)
        .defer("description", "case_studies")  # long, and not in the file
        .iterator(chunk_size=CHUNK_SIZE)
    )
    listed = public_csv.with_admitted_categories(solutions, batch_size=CHUNK_SIZE)
    rows = public_csv.rows(listed, public_csv.solution_row,
                           page_url=_page_url(request, "catalogue:detail", lambda solution: solution.pk))
    return csv_response(public_csv.CATALOGUE_HEADER, rows, filename=_filename("catalogue"))


@require_GET
def opportunities_csv(request):
    """The competitions open now, as the opportunities page lists them (its category filter too)."""
    form = OpportunityFilterForm(request.GET or None, categories=list(active_categories()))
    if form.is_bound and not form.is_valid():
        return _bad_filters(form.errors)
    opportunities = competitions.open_opportunities()
    category = form.chosen() if form.is_bound else None
    if category is not None:
        opportunities = opportunities.filter(category=category)
    rows = public_csv.rows(
        opportunities.prefetch_related("regions").iterator(chunk_size=CHUNK_SIZE), public_csv.opportunity_row,
        page_url=_page_url(request, "opportunities:detail", lambda competition: competition.pk),
    )
    return csv_response(public_csv.OPPORTUNITY_HEADER, rows, filename=_filename("opportunities"))


@require_GET
def award_notices_csv(request):
    """Every published contract award notice, newest first: public facts only."""
    notices = selectors_evaluation.published_award_notices().defer(
        # Never read: the ranking names every bidder with its price and scores; the reasons are not public.
        "ranking", "pause_reason", "cancel_reason",
    )
    rows = public_csv.rows(
        notices.iterator(chunk_size=CHUNK_SIZE), public_csv.award_row,
        page_url=_page_url(request, "opportunities:award_notice", lambda award: award.competition_id),
    )
    return csv_response(public_csv.AWARD_HEADER, rows, filename=_filename("award-notices"))
