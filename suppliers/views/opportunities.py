"""Public opportunities at /opportunities/: the open competitions, and each one's tender notice.

Thin: `marketplace.competitions.selectors` decides what is public. A tender notice says what the competition
is about, its budget and its timeline; the documents, the questions and the clarifications are for invited
suppliers only and are never read here. Each page runs a fixed number of queries whatever the page size.
"""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from marketplace.competitions import permissions as competition_permissions
from marketplace.competitions import selectors, selectors_evaluation
from marketplace.competitions.models import CompetitionStatus
from marketplace.competitions.templatetags.competitions import pounds
from marketplace.errors import or_404
from marketplace.taxonomy.selectors import active_categories

from ..competition_forms import OpportunityFilterForm

PAGE_SIZE = 20


def budget_range(competition) -> str:
    """'£50,000 to £150,000' from integer pence; one end alone says which it is."""
    low, high = competition.budget_min_pence, competition.budget_max_pence
    if low is None and high is None:
        return "Not given"
    if low is None:
        return f"Up to {pounds(high)}"
    if high is None:
        return f"From {pounds(low)}"
    if low == high:
        return pounds(low)
    return f"{pounds(low)} to {pounds(high)}"


def public_status(competition) -> tuple[str, str]:
    """(label, tag class) as the public sees it: open, closed (whatever happens after the deadline) or cancelled."""
    if competition.status == CompetitionStatus.CANCELLED:
        return "Cancelled", "govuk-tag--red"
    if competition.is_open():
        return "Open", "govuk-tag--green"
    return "Closed", "govuk-tag--grey"


@require_GET
def opportunity_list(request):
    categories = list(active_categories())
    form = OpportunityFilterForm(request.GET or None, categories=categories)
    category = form.chosen() if form.is_bound else None
    opportunities = selectors.open_opportunities()
    if category is not None:
        opportunities = opportunities.filter(category=category)
    paginator = Paginator(opportunities, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = [{"competition": competition, "budget": budget_range(competition)} for competition in page.object_list]
    return render(
        request,
        "suppliers/opportunities/list.html",
        {
            "form": form,
            "categories": categories,
            "category": category,
            "rows": rows,
            "count": paginator.count,
            "page": page,
            "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)),
            "ellipsis": Paginator.ELLIPSIS,
            "filter_error": form.errors.get("category", [""])[0] if form.is_bound else "",
        },
    )


def _invited(user, competition) -> bool:
    """Whether the viewer acts for a supplier invited to this competition (one query, none if not a supplier)."""
    if competition_permissions.supplier_membership(user) is None:
        return False
    return selectors.invitations_for_supplier(viewer=user).filter(competition=competition).exists()


@require_GET
def opportunity_detail(request, competition_id: int):
    competition = or_404(lambda: selectors.public_opportunity(competition_id))
    label, tag = public_status(competition)
    return render(
        request,
        "suppliers/opportunities/detail.html",
        {
            "competition": competition,
            "budget": budget_range(competition),
            "status_label": label,
            "status_tag": tag,
            "is_open": competition.is_open(),
            "cancelled": competition.status == CompetitionStatus.CANCELLED,
            "invited": _invited(request.user, competition),
            "regions": list(competition.regions.all()),
            "outcomes": list(competition.outcomes.all()),
            "award_notice": _award_notice_published(competition),
        },
    )


def _award_notice_published(competition) -> bool:
    """Whether the contract award notice is public (a query only once the competition is in standstill or after)."""
    if competition.status not in (CompetitionStatus.STANDSTILL, CompetitionStatus.AWARDED):
        return False
    return selectors_evaluation.published_award_notices().filter(competition=competition).exists()
