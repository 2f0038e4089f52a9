"""What the buyer's and the supplier's invoice pages share: the status tag, a page of rows with the filters' counts,
and the stored PDF as a download. Each side keeps its own labels and template wording."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404

from . import invoice_selectors as selectors
from . import services
from .models import InvoiceStatus

STATUS_TAGS = {
    InvoiceStatus.SUBMITTED: "govuk-tag--blue",
    InvoiceStatus.RECEIVED: "govuk-tag--blue",
    InvoiceStatus.DISPUTED: "govuk-tag--orange",
    InvoiceStatus.PAID: "govuk-tag--green",
}


def status_of(invoice, today) -> tuple[str, str]:
    """(label, tag class) as the lists and the invoice pages show it: overdue is red."""
    if selectors.is_overdue(invoice, today):
        return "Overdue", "govuk-tag--red"
    return invoice.get_status_display(), STATUS_TAGS.get(invoice.status, "")


def list_context(invoices, *, status: str | None, labels: dict[str, str], page_number, per_page: int, today) -> dict:
    """One page of `invoices` (already the viewer's own), filtered by `status`, with the overdue interest."""
    paginator = Paginator(selectors.filter_invoices(invoices, status, today), per_page)
    page = paginator.get_page(page_number)
    counts = selectors.invoice_counts(invoices, today)
    rows = []
    for invoice in page.object_list:
        label, tag = status_of(invoice, today)
        overdue = tag == "govuk-tag--red"
        rows.append({"invoice": invoice, "label": label, "tag": tag,
                     "interest_pence": services.late_payment_interest_pence(invoice, today) if overdue else 0})
    return {
        "rows": rows,
        "count": paginator.count,
        "any_invoices": any(counts.values()),
        "filters": [{"key": key, "label": label, "count": counts[key], "current": key == status}
                    for key, label in labels.items()],
        "status": status,
        "status_label": labels.get(status, ""),
        "page": page,
        "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)),
        "ellipsis": Paginator.ELLIPSIS,
    }


def invoice_document_response(invoice) -> FileResponse:
    """The invoice's PDF as stored when it was raised (its SHA-256 is in the audit log), as an attachment; 404 when
    there is none. The caller has already checked the viewer may read `invoice`, and marks the answer private."""
    if not invoice.document:
        raise Http404("No document")
    try:
        handle = invoice.document.storage.open(invoice.document.name, "rb")
    except FileNotFoundError:
        raise Http404("No such document") from None
    return FileResponse(handle, as_attachment=True, filename=invoice.filename, content_type="application/pdf")
