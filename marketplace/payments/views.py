"""Prompt payment, published: the public page at /prompt-payment/ and its CSV (the API is in `api.py`).

Thin: `filters.PromptPaymentFilter` narrows the invoices in the database, `selectors` works out the figures.
A fixed number of queries whatever the number of buyers or quarters: the filter's choices (two) and the figures
(one).
"""

from itertools import groupby

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from marketplace.spreadsheets import csv_response

from . import selectors
from .filters import PromptPaymentFilter, period_value

# Quarters a page: two years.
QUARTERS_PER_PAGE = 8

CSV_HEADER = ["Buyer", "Buyer ID", "Year", "Quarter", "Invoices paid", "Paid within 30 days",
              "Paid within 30 days (%)", "Average days to pay"]


def _figures(request):
    """(the filter, the figures newest quarter first); no figures when a filter is not understood."""
    filterset = PromptPaymentFilter(request.GET, queryset=selectors.paid_undisputed_invoices(), request=request)
    if not filterset.is_valid():
        return filterset, []
    return filterset, selectors.newest_first(selectors.prompt_payment_figures(filterset.qs))


@require_GET
def prompt_payment(request):
    filterset, rows = _figures(request)
    buyers, periods = selectors.prompt_payment_choices()
    quarters = [(f"{year} Q{quarter}", list(group))
                for (year, quarter), group in groupby(rows, key=lambda row: (row.year, row.quarter))]
    paginator = Paginator(quarters, QUARTERS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    data = filterset.form.cleaned_data if filterset.is_valid() else {}
    return render(request, "payments/prompt_payment.html", {
        "quarters": page.object_list,
        "page": page,
        "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)),
        "ellipsis": Paginator.ELLIPSIS,
        "errors": filterset.form.errors,
        "has_errors": bool(filterset.form.errors),
        "buyers": buyers,
        "periods": [(period_value(year, quarter), f"{year} Q{quarter}") for year, quarter in periods],
        "chosen_buyer": data.get("buyer"),
        "chosen_period": data.get("period") or "",
        "any_paid": bool(periods),
    })


def _bad_filters(errors) -> HttpResponse:
    text = "\n".join(f"{name}: {message}" for name, messages in errors.items() for message in messages)
    return HttpResponse(f"The filters could not be understood.\n{text}\n", status=400,
                        content_type="text/plain; charset=utf-8")


@require_GET
def prompt_payment_csv(request):
    """The page's figures, with the same filters, as CSV (every cell neutralised)."""
    filterset, rows = _figures(request)
    if filterset.errors:
        return _bad_filters(filterset.form.errors)
    lines = ([row.buyer_name, row.buyer_id, row.year, f"Q{row.quarter}", row.invoices_paid, row.paid_within_30_days,
              row.share_within_30_days_percent, row.average_days_to_pay] for row in rows)
    return csv_response(CSV_HEADER, lines,
                        filename=f"spark-prompt-payment-{timezone.localdate().isoformat()}.csv")
