"""The public record of the audit log's daily digests: anyone can check a chain against them."""

import re
from datetime import date

from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render

from . import selectors
from .services import digest_document


def digest_list(request):
    page = Paginator(selectors.published_digests(), 30).get_page(request.GET.get("page"))
    return render(request, "audit/digest_list.html", {"page": page})


# Exactly YYYY-MM-DD: date.fromisoformat alone also takes 20260105 and 2026-W02-1.
DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def digest_json(request, day):
    try:
        if not DAY.fullmatch(day):
            raise ValueError(day)
        parsed = date.fromisoformat(day)
    except ValueError as exc:
        raise Http404("No digest for that day") from exc
    digest = get_object_or_404(selectors.published_digests(), day=parsed)
    response = JsonResponse(digest_document(digest), json_dumps_params={"indent": 2, "sort_keys": True})
    response["Content-Disposition"] = f'attachment; filename="audit-digest-{digest.day.isoformat()}.json"'
    return response
