"""Public pages that are placeholders until their issues land: they answer 200 and say what is coming."""

from django.http import Http404
from django.shortcuts import render

PAGES = {
    "opportunities": {
        "title": "Opportunities",
        "lead": "Open competitions from public sector buyers. Every supplier admitted to a competition’s category is invited to bid.",
        "body": "Buyers have not published any competitions yet. Suppliers admitted to the marketplace will be told by email "
        "when one opens in their categories.",
    },
}


def coming_soon(request, page):
    if page not in PAGES:
        raise Http404
    return render(request, "cms/coming_soon.html", PAGES[page])
