"""The public catalogue: browse and filter published listings, read one, download its documents.

Thin: the selectors decide what is public (when the query runs, so a suspension hides a listing at
once) and `SolutionFilter` (shared with the API) parses the filters. Everything here is presentation:
the filter column, the selected-filter tags, prices in pounds.

Each page runs a fixed number of SQL queries whatever the page size: the listings come with their
supplier, categories, regions and standards (`selectors.catalogue_page_queryset`) and the supplier's
current admissions are read once for the whole page (`filters.mark_admitted_categories`).
"""

from dataclasses import replace

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from marketplace.accounts.models import OrganisationSize
from marketplace.admission import selectors as admission
from marketplace.taxonomy.models import ReadinessLevel
from search import service as search
from search.query import FACETS, SOLUTION, SearchRequest, parse

from .. import selectors
from ..filters import DEFAULT_SORT, SolutionFilter, mark_admitted_categories
from ..models import Deployment, PricingModel, Solution, SolutionDocument

PAGE_SIZE = 20

# The checkbox groups of the filter column, in order: (filter name, legend).
CHECKBOX_GROUPS = (
    ("category", "Category"),
    ("pricing_model", "Pricing model"),
    ("deployment", "Deployment"),
    ("region", "Region served"),
    ("supplier_size", "Supplier size"),
    ("standard", "Standards and certifications"),
)
# Public downloads may be cached briefly; a suspension must not stay hidden behind a cache for long.
PUBLIC_DOCUMENT_MAX_AGE = 60


def pounds(pence: int | None) -> str:
    """£5,000 for 500000 pence; £12.50 for 1250."""
    if pence is None:
        return ""
    whole, part = divmod(pence, 100)
    return f"£{whole:,}" if part == 0 else f"£{whole:,}.{part:02d}"


def price_range(solution) -> str:
    low, high = solution.price_min_pence, solution.price_max_pence
    if low is None and high is None:
        return ""
    if low is None or high is None or low == high:
        return pounds(low if low is not None else high)
    return f"{pounds(low)} to {pounds(high)}"


def short_size(size: str) -> str:
    """'Small' for OrganisationSize.SMALL (the full label carries the thresholds)."""
    if not size:
        return ""
    return OrganisationSize(size).label.split(":")[0]


def _present(solution) -> None:
    solution.price_range = price_range(solution)
    solution.supplier_size = short_size(solution.organisation.size)


def _split_label(label: str) -> tuple[str, str]:
    """('Small', 'fewer than 50 staff …') for a label written 'Small: fewer than 50 staff …'."""
    head, _, tail = str(label).partition(": ")
    return head, tail


def _options(filterset, name: str) -> list[tuple[str, str, str]]:
    """(value, label, hint) for each choice of a checkbox filter."""
    field = filterset.form.fields[name]
    if name == "category":
        return [(category.slug, category.name, "") for category in field.queryset]
    if name == "region":
        return [(region.code, region.name, "") for region in field.queryset]
    if name == "standard":
        return [(standard.slug, standard.name, "") for standard in field.queryset]
    if name == "supplier_size":
        return [(value, *_split_label(label)) for value, label in OrganisationSize.choices]
    choices = {"pricing_model": PricingModel.choices, "deployment": Deployment.choices}[name]
    return [(value, label, "") for value, label in choices]


def _without(query, name: str, value: str | None = None) -> str:
    """The query string without one value of a filter (or the whole filter), back on page 1."""
    query = query.copy()
    query.pop("page", None)
    if value is None:
        query.pop(name, None)
    else:
        query.setlist(name, [other for other in query.getlist(name) if other != value])
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def _csv_url(query) -> str:
    """The catalogue download with the page's filters and order (the file is every match: no words, no page)."""
    query = query.copy()
    for name in ("q", "page"):
        query.pop(name, None)
    encoded = query.urlencode()
    return reverse("catalogue:csv") + (f"?{encoded}" if encoded else "")


def _filter_groups(filterset, counts: dict[str, dict[str, int]]) -> tuple[list[dict], list[dict]]:
    """The checkbox groups to render (with how many results each value would give), and a tag per filter."""
    data = filterset.form.data
    errors = filterset.form.errors
    groups, tags = [], []
    for name, legend in CHECKBOX_GROUPS:
        chosen = set(data.getlist(name))
        options = [
            {"value": value, "label": label, "hint": hint, "checked": value in chosen, "id": f"{name}-{index}",
             "count": counts.get(name, {}).get(value, 0)}
            for index, (value, label, hint) in enumerate(_options(filterset, name), start=1)
        ]
        groups.append({
            "name": name, "legend": legend, "options": options, "error": " ".join(errors.get(name, [])),
            "open": bool(chosen) or name in errors, "selected": sum(option["checked"] for option in options),
        })
        for option in options:
            if option["checked"]:
                tags.append({"label": f"{legend}: {option['label']}", "url": _without(data, name, option["value"])})
    levels = dict(ReadinessLevel.choices)
    for name, prefix in (("trl_min", "Readiness from"), ("trl_max", "Readiness up to")):
        value = data.get(name)
        if value and name not in errors and value.isdigit() and int(value) in levels:
            tags.append({"label": f"{prefix} TRL {value}", "url": _without(data, name)})
    for name, prefix in (("price_min", "Price from"), ("price_max", "Price up to")):
        value = filterset.form.cleaned_data.get(name) if name not in errors else None
        if value is not None:
            tags.append({"label": f"{prefix} {pounds(value * 100)}", "url": _without(data, name)})
    return groups, tags


def _search_request(request, form, valid: bool) -> SearchRequest:
    """The catalogue's GET parameters as a search: the words, the facets chosen, the ranges, the order."""
    words = parse(request.GET.get("q"))
    data = form.cleaned_data if valid else {}
    sort = data.get("sort") or ("relevance" if not words.is_empty else DEFAULT_SORT)
    if sort == "relevance" and words.is_empty:
        sort = DEFAULT_SORT
    filters = {
        "category": tuple(category.slug for category in data.get("category") or ()),
        "region": tuple(region.code for region in data.get("region") or ()),
        "standard": tuple(standard.slug for standard in data.get("standard") or ()),
        "pricing_model": tuple(data.get("pricing_model") or ()),
        "deployment": tuple(data.get("deployment") or ()),
        "supplier_size": tuple(data.get("supplier_size") or ()),
    }
    page = request.GET.get("page", "1")
    return SearchRequest(
        kind=SOLUTION, query=words, filters={name: values for name, values in filters.items() if values},
        trl_min=_int(data.get("trl_min")), trl_max=_int(data.get("trl_max")),
        price_min_pence=None if data.get("price_min") is None else data["price_min"] * 100,
        price_max_pence=None if data.get("price_max") is None else data["price_max"] * 100,
        facets=FACETS, sort=sort, page=int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1,
        page_size=PAGE_SIZE,
    )


def _int(value):
    return None if value in (None, "") else int(value)


@require_GET
def solution_list(request):
    filterset = SolutionFilter(request.GET, queryset=Solution.objects.none(), request=request)
    valid = filterset.is_valid()  # an invalid filter gives an empty result and a message here
    form = filterset.form
    wanted = _search_request(request, form, valid)
    if valid:
        results = search.search(wanted, load=True)
        if results.total and wanted.page > results.num_pages:  # past the end: the last page
            results = search.search(replace(wanted, page=results.num_pages), load=True)
    else:
        results = search.Results(request=wanted, hits=[], total=0)
    paginator = Paginator(range(results.total), PAGE_SIZE)
    page = paginator.get_page(results.request.page)
    # The hits in the service's order, each with its listing (checked public when the page was read).
    solutions = mark_admitted_categories([hit.object for hit in results.hits])
    for solution, hit in zip(solutions, results.hits, strict=True):
        _present(solution)
        solution.hit = hit
    groups, tags = _filter_groups(filterset, results.facets)
    errors = [
        {"field": name, "message": message, "anchor": _anchor(name)}
        for name in form.errors
        for message in form.errors[name]
    ]
    query = results.query
    if query.text:
        tags.insert(0, {"label": f"Words: {query.text[:60]}", "url": _without(form.data, "q")})
    sort_choices = [(value, label) for value, label in form.fields["sort"].choices
                    if value != "relevance" or not query.is_empty]
    return render(request, "suppliers/catalogue/list.html", {
        "filterset": filterset,
        "form": form,
        "valid": valid,
        "errors": errors,
        "page": page,
        "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)),
        "ellipsis": Paginator.ELLIPSIS,
        "solutions": solutions,
        "count": results.total,
        "groups": groups,
        "tags": tags,
        "levels": ReadinessLevel.choices,
        "sort_choices": sort_choices,
        "query": request.GET.get("q", "")[:1000],
        "words": query,
        "selected": {**{name: form.data.get(name, "") for name in ("trl_min", "trl_max", "price_min", "price_max")},
                     "sort": results.request.sort},
        "clear_url": request.path,
        "csv_url": _csv_url(form.data),
    })


def _anchor(name: str) -> str:
    """The id of the input the error summary links to."""
    if name in dict(CHECKBOX_GROUPS):
        return f"{name}-1"
    if name in ("sort", "trl_min", "trl_max", "price_min", "price_max"):
        return name
    return "catalogue-filters"


@require_GET
def solution_detail(request, solution_id: int):
    try:
        solution = selectors.public_solution(solution_id)
    except Solution.DoesNotExist:
        raise Http404("No such listing in the catalogue") from None
    admitted = list(admission.admitted_categories(solution.organisation))
    admitted_ids = {category.pk for category in admitted}
    listing_categories = [category for category in solution.categories.all() if category.pk in admitted_ids]
    _present(solution)
    documents = list(solution.live_revision.documents.all()) if solution.live_revision_id else []
    return render(request, "suppliers/catalogue/detail.html", {
        "solution": solution,
        "listing_categories": listing_categories,
        "supplier": solution.organisation,
        "supplier_size_hint": _split_label(solution.organisation.get_size_display())[1].capitalize(),
        "supplier_categories": admitted,
        "documents": documents,
    })


def _download_name(document: SolutionDocument) -> str:
    stem = slugify(document.title)[:80].strip("-") or slugify(document.original_name.rsplit(".", 1)[0])[:80]
    return f"{stem or 'document'}.pdf"


@require_GET
def document_download(request, document_id: int):
    """A listing's PDF, as an attachment, for whoever `selectors.document_for_download` allows; 404 otherwise."""
    try:
        document = selectors.document_for_download(viewer=request.user, document_id=document_id)
    except SolutionDocument.DoesNotExist:
        raise Http404("No such document") from None
    solution = document.revision.solution
    public = solution.live_revision_id == document.revision_id and selectors.is_public(solution)
    try:
        handle = document.file.storage.open(document.file.name, "rb")
    except FileNotFoundError:
        raise Http404("No such document") from None
    response = FileResponse(handle, as_attachment=True, filename=_download_name(document),
                            content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    if public:
        patch_cache_control(response, public=True, max_age=PUBLIC_DOCUMENT_MAX_AGE)
    else:
        # A draft or an earlier version: only its supplier and operators may read it, never from a cache.
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    return response
