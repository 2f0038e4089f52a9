"""Public contract award notices at /opportunities/ (rules 10 and 11): no sign-in.

A notice exists once the buyer has published it, after every bidder was sent its assessment summary; standstill
runs from that publication. Before then, and for an award later cancelled, the page is a 404. A notice says only
what is public: the buyer, the supplier awarded, the contract value, how many bids were received and the dates.
It never names the other bidders or shows their prices or scores (the selector's award row carries the
ranking, which these pages never read). Where the notice stands is derived from its timestamps when the page is
asked for, so it never waits for the tick that ends standstill.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from marketplace.competitions import selectors_evaluation as selectors
from marketplace.competitions.models import AwardStatus
from marketplace.errors import or_404

PAGE_SIZE = 20


def notice_status(award, now=None) -> tuple[str, str]:
    """(label, tag class): in standstill, standstill paused, or standstill ended."""
    now = now or timezone.now()
    if award.status == AwardStatus.PAUSED:
        return "Standstill paused", "govuk-tag--orange"
    if award.status == AwardStatus.CONCLUDED or (award.standstill_ends_at and award.standstill_ends_at <= now):
        return "Standstill ended", "govuk-tag--grey"
    return "In standstill", "govuk-tag--blue"


def _row(award, now) -> dict:
    label, tag = notice_status(award, now)
    return {"award": award, "competition": award.competition, "supplier": award.bid.supplier,
            "status_label": label, "status_tag": tag}


@require_GET
def award_notices(request):
    """Every published contract award notice, newest first."""
    paginator = Paginator(selectors.published_award_notices(), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    now = timezone.now()
    return render(
        request,
        "suppliers/award_notices/list.html",
        {
            "rows": [_row(award, now) for award in page.object_list],
            "count": paginator.count,
            "page": page,
            "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)),
            "ellipsis": Paginator.ELLIPSIS,
        },
    )


@require_GET
def award_notice(request, competition_id: int):
    award = or_404(lambda: selectors.published_award_notice(competition_id))
    return render(
        request,
        "suppliers/award_notices/detail.html",
        {**_row(award, timezone.now()), "standstill_days": settings.SPARK_STANDSTILL_WORKING_DAYS},
    )
