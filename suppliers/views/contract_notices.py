"""Public contract details notices at /opportunities/contracts/ (rule 11): no sign-in.

A notice is published when both parties have signed a contract worth at least the publication threshold
(`SPARK_CONTRACT_NOTICE_MIN_PENCE`); `selectors.public_notices()` decides which exist, so any other contract is a
404. A notice says only what is public: the buyer, the supplier, the value excluding VAT and its VAT, the dates,
the category, the title, the reference and the KPIs. Never the price breakdown, the milestones, the purchase-order
number, the signatories or the documents.
"""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from marketplace.contracts import selectors
from marketplace.errors import or_404

PAGE_SIZE = 20


@require_GET
def contract_notices(request):
    """Every published contract details notice, newest first."""
    paginator = Paginator(selectors.public_notices(), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "suppliers/contract_notices/list.html",
        {
            "contracts": list(page.object_list),
            "count": paginator.count,
            "page": page,
            "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)),
            "ellipsis": Paginator.ELLIPSIS,
        },
    )


@require_GET
def contract_notice(request, contract_id: int):
    contract = or_404(lambda: selectors.public_notice(contract_id))
    return render(
        request,
        "suppliers/contract_notices/detail.html",
        {"contract": contract, "kpis": list(contract.kpis.all())},
    )
