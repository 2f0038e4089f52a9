"""Open data's public pages: the open-data page, the notices list and each notice, and the bulk files."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from marketplace.errors import or_404

from . import selectors
from .models import NoticeType

PAGE_SIZE = 20


def notice_page(notice) -> str | None:
    """The fuller public page of the procurement the notice is about, where there is one."""
    try:
        if notice.notice_type == NoticeType.CONTRACT_DETAILS and notice.contract_id:
            return reverse("opportunities:contract_notice", args=[notice.contract_id])
        if notice.notice_type == NoticeType.CONTRACT_AWARD and notice.competition_id:
            return reverse("opportunities:award_notice", args=[notice.competition_id])
        if notice.competition_id:
            return reverse("opportunities:detail", args=[notice.competition_id])
    except NoReverseMatch:
        return None
    return None


@require_GET
def notice_list(request):
    kind = request.GET.get("type", "")
    rows = selectors.notices()
    if kind in NoticeType.values:
        rows = rows.filter(notice_type=kind)
    else:
        kind = ""
    paginator = Paginator(rows, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "opendata/notices.html", {
        "notices": page.object_list,
        "count": paginator.count,
        "page": page,
        "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)),
        "ellipsis": Paginator.ELLIPSIS,
        "types": NoticeType.choices,
        "kind": kind,
    })


def _summary(release: dict) -> dict:
    """What a reader looks for first, read from the release the notice came from."""
    tender = release.get("tender") or {}
    award = (release.get("awards") or [{}])[0]
    contract = (release.get("contracts") or [{}])[0]
    return {
        "description": tender.get("description", ""),
        "value": (contract.get("value") or award.get("value") or tender.get("value") or {}).get("amount"),
        "suppliers": [s["name"] for s in award.get("suppliers", [])]
        or [p["name"] for p in release.get("parties", []) if "supplier" in p.get("roles", [])],
        "tender_period": tender.get("tenderPeriod"),
        "contract_period": contract.get("period"),
        "reason": ((tender.get("amendments") or [{}])[0]).get("rationale", "")
        if "tenderCancellation" in release.get("tag", []) else "",
        "bids": tender.get("numberOfTenderers"),
    }


@require_GET
def notice_detail(request, notice_id: int):
    notice = or_404(lambda: selectors.notice(notice_id))
    return render(request, "opendata/notice.html", {
        "notice": notice,
        "summary": _summary(notice.release.data),
        "page_url": notice_page(notice),
    })


@require_GET
def index(request):
    return render(request, "opendata/index.html", {
        "bulk_files": selectors.bulk_files()[:30],
        "ocid_prefix": settings.SPARK_OCID_PREFIX,
    })


@require_GET
def bulk_file(request, name: str):
    """A day's bulk file, by the name it is listed under (never a path)."""
    entry = or_404(lambda: selectors.bulk_file(name))
    path = settings.SPARK_OPENDATA_DIR / entry.name
    if not path.is_file():
        raise Http404("That file is not available")
    response = FileResponse(path.open("rb"), as_attachment=True, filename=entry.name,
                            content_type="application/gzip")
    response["X-Content-Type-Options"] = "nosniff"
    return response
