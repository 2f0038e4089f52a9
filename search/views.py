"""The search pages: /search/ across every kind with a tab per kind, and the search box's suggestions.

Thin: the words and the page go to `search.service`; what comes back is shown. Bad input (no words,
very long text, query-language characters, a page past the end) gives a normal page.
"""

from dataclasses import replace

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from . import service
from .query import GUIDANCE, KINDS, OPPORTUNITY, SOLUTION, SearchRequest, parse

PAGE_SIZE = 20
LABELS = {SOLUTION: "Solutions", OPPORTUNITY: "Opportunities", GUIDANCE: "Guidance"}
# What each tab finds, for its empty state.
NOUNS = {SOLUTION: "solutions", OPPORTUNITY: "open opportunities", GUIDANCE: "guidance pages"}


def _page_number(value: str | None) -> int:
    value = (value or "1").strip()
    return int(value) if value.isdigit() and 0 < int(value) < 100_000 else 1


@require_GET
def search_page(request):
    kind = request.GET.get("kind", SOLUTION)
    if kind not in KINDS:
        kind = SOLUTION
    words = parse(request.GET.get("q"))
    wanted = SearchRequest(kind=kind, query=words, sort="relevance", page=_page_number(request.GET.get("page")),
                           page_size=PAGE_SIZE)
    results = service.search(wanted)
    if results.total and wanted.page > results.num_pages:
        results = service.search(replace(wanted, page=results.num_pages))
    # How many each other tab would find, so a person can see where the answers are.
    totals = {kind: results.total}
    for other in KINDS:
        if other != kind:
            totals[other] = service.search(replace(wanted, kind=other, page=1, page_size=0)).total
    paginator = Paginator(range(results.total), PAGE_SIZE)
    page = paginator.get_page(results.request.page)
    tabs = [{"kind": other, "label": LABELS[other], "total": totals[other], "current": other == kind}
            for other in KINDS]
    return render(request, "search/search.html", {
        "query": request.GET.get("q", "")[:1000],
        "words": words,
        "kind": kind,
        "noun": NOUNS[kind],
        "tabs": tabs,
        "results": results,
        "page": page,
        "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)),
        "ellipsis": Paginator.ELLIPSIS,
    })


@require_GET
def suggestions(request):
    """Titles for the search box, as JSON: {"suggestions": [...]}. Public, and cacheable briefly."""
    kind = request.GET.get("kind", SOLUTION)
    titles = service.suggest(request.GET.get("q", ""), kind=kind) if kind in KINDS else []
    response = JsonResponse({"suggestions": titles})
    patch_cache_control(response, public=True, max_age=60)
    return response
