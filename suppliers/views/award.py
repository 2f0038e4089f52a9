"""The supplier's side of the award (rule 10), under /supplier/: its assessment summaries (the letter as a page and
as a PDF) and the buyer's questions about its price.

Thin: `marketplace.competitions.selectors_evaluation` decides what the organisation may read (another
organisation's summary or question is a 404), `services.price_explanation_answer` takes the answer and enforces
the rules again. Supplier admins and members may use these pages; buyers and operators get a 403 page, anonymous
people the sign-in page, and a supplier admin sets up two-factor authentication first. Nothing here is cached;
the summaries are read with GET only, the price question with GET and POST.

An assessment summary's `content` is the letter's data written when it was sent: the pages show that record
(never recomputed), through templates with autoescaping on, so the buyer's reasons are shown as plain text.
"""

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from marketplace.accounts.forms import apply_domain_error
from marketplace.competitions import selectors_evaluation as selectors
from marketplace.competitions import services
from marketplace.competitions.models import MAX_SCORE, AwardStatus, CompetitionStatus
from marketplace.competitions.services.award import MAX_TEXT
from marketplace.errors import DomainError, NotAllowed, or_404, refuse
from marketplace.pdf import render_pdf

from ..forms import ApplicationForm
from .common import _data
from .competitions import _private, competition_page, supplier_page

PAGE_SIZE = 20


# Assessment summaries.


@require_GET
@never_cache
@supplier_page
def assessment_summaries(request):
    """Every assessment summary sent to the organisation, newest first."""
    paginator = Paginator(selectors.summaries_for_supplier(viewer=request.user), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "suppliers/award/summaries.html",
        {
            "organisation": request.membership.organisation,
            "summaries": list(page.object_list),
            "count": paginator.count,
            "page": page,
            "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)),
            "ellipsis": Paginator.ELLIPSIS,
        },
    )


def _letter(summary) -> dict:
    """What the page and the PDF show: the record as sent, and where the award stands now."""
    content = summary.content
    award = summary.award
    own_total, winner_total = content["own"]["total"], content["winner"]["total"]
    return {
        "summary": summary,
        "content": content,
        "competition": award.competition,
        "award": award,
        "cancelled": award.status == AwardStatus.CANCELLED,
        "own_criteria": content["own"]["criteria"],
        "winner_criteria": content["winner"]["criteria"],
        "comparison": list(zip(content["own"]["criteria"], content["winner"]["criteria"], strict=False)),
        "total_difference": _difference(winner_total, own_total),
        "max_score": MAX_SCORE,
    }


def _difference(winner: str, own: str) -> str:
    """How far the winner's total is ahead, as the letter's two-decimal text ("12.50"); '' if not ahead."""
    try:
        gap = round(float(winner) * 100) - round(float(own) * 100)
    except (TypeError, ValueError):
        return ""
    return f"{gap // 100}.{gap % 100:02d}" if gap > 0 else ""


def _summary(request, summary_id):
    return or_404(lambda: selectors.summary_for_supplier(viewer=request.user, summary_id=summary_id))


@require_GET
@never_cache
@supplier_page
def assessment_summary(request, summary_id):
    summary = _summary(request, summary_id)
    return render(request, "suppliers/award/summary.html", _letter(summary))


@require_GET
@never_cache
@supplier_page
def assessment_summary_pdf(request, summary_id):
    """The same letter as a PDF (A4, tagged PDF/UA), for the organisation's records."""
    summary = _summary(request, summary_id)
    html = render_to_string("suppliers/award/summary_print.html", _letter(summary), request=request)
    reference = summary.content.get("competition", {}).get("reference") or f"competition-{summary.award.competition_id}"
    filename = f"assessment-summary-{slugify(reference)[:60] or summary.pk}.pdf"
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return _private(response)


# Questions about the price.


class PriceExplanationForm(ApplicationForm):
    answer = forms.CharField(
        label="Your explanation",
        help_text=(
            "Explain how your organisation can deliver the contract for this price, with any evidence, for "
            f"example how the costs are made up. You can enter up to {MAX_TEXT:,} characters."
        ),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea,
        error_messages={"max_length": f"Your explanation must be {MAX_TEXT:,} characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].widget.attrs.pop("maxlength", None)
        self.helper.layout = Layout(Field.textarea("answer", label_size=Size.MEDIUM, rows=10, max_characters=MAX_TEXT))

    def clean(self):
        cleaned = super().clean()
        if "answer" not in self.errors and not cleaned.get("answer", "").strip():
            self.add_error("answer", "Enter your explanation of the price")
        return cleaned


def _answers_closed(competition) -> str:
    """Why answers can no longer be taken, in the service's words; empty while they can."""
    if competition.status != CompetitionStatus.EVALUATING or services.live_award(competition) is not None:
        return "The award has been decided: answers can no longer be taken"
    return ""


def _own_question(request, competition, request_id):
    return or_404(
        lambda: selectors.price_explanation_requests_for_supplier(viewer=request.user, competition=competition)
        .select_related("bid", "answered_by")
        .get(pk=request_id)
    )


@require_http_methods(["GET", "POST"])
@never_cache
@competition_page
def price_explanation(request, competition, request_id):
    """The buyer's question about the bid's price and the time to answer by; once answered, the answer."""
    question = _own_question(request, competition, request_id)
    form = PriceExplanationForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.price_explanation_answer(actor=request.user, request=question, answer=form.cleaned_data["answer"])
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            apply_domain_error(form, error)
            # A colleague may have answered in between: show the question as it is now.
            question = _own_question(request, competition, request_id)
        else:
            messages.success(request, f"Your explanation of your price has been sent to {competition.buyer.name}.")
            return redirect(request.path)
    closed = "" if question.answered_at else _answers_closed(competition)
    can_answer = question.answered_at is None and not closed
    error_links = form.error_links() if form.is_bound else []
    if not can_answer:
        # The form is not on the page: the error summary points at the question instead.
        error_links = [("#price-question", message) for _href, message in error_links]
    return render(
        request,
        "suppliers/award/price_explanation.html",
        {
            "competition": competition,
            "question": question,
            "form": form,
            "can_answer": can_answer,
            "closed": closed,
            "late": question.answered_at is None and question.respond_by <= timezone.now(),
            "error_links": error_links,
            "has_errors": bool(error_links),
            "back_url": reverse("suppliers:competition", args=[competition.pk]),
        },
    )
