"""The marketplace fee (rule 13) as the supplier who owes it sees it, under /supplier/fees/: the organisation's
instalments, each instalment, and paying one by card.

Paying, in four steps, each a POST except the first:

1. The instalment's page offers "Pay by card" (a POST: it makes or reuses a Stripe payment intent, a change).
2. The payment page: Stripe.js draws the card fields and, on submit, turns them into a payment method with
   `confirmCardSetup` (card details go to Stripe only), then posts its `pm_…` id here.
3. The server confirms the intent with it (`fees.fee_payment_confirm_card`). Paid: back to the instalment. Declined:
   the payment page again with the reason and a fresh intent. 3-D Secure: a page whose Stripe.js asks the bank.
4. After the bank, the server asks Stripe what happened (`fees.fee_payment_authenticated`); the browser's own
   account is never trusted.

Stripe down at any step: the page says to try again later, and the instalment stays payable. Thin: the selectors
decide what the organisation may read (another organisation's instalment is a 404) and the fee services take every
change and check the rules again.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from marketplace.competitions.templatetags.competitions import pounds_pence
from marketplace.errors import DomainError, NotAllowed, or_404, refuse
from marketplace.payments import fee_selectors as selectors
from marketplace.payments import fees
from marketplace.payments.csp import allow_stripe_js
from marketplace.payments.models import FeeStatus
from marketplace.payments.stripe_gateway import GatewayError

from .competitions import supplier_page

PAGE_SIZE = 20
CARD_FIELD = "#card-element"

STATUS_TAGS = {
    FeeStatus.DUE: "govuk-tag--blue",
    FeeStatus.PAID: "govuk-tag--green",
    FeeStatus.WAIVED: "govuk-tag--grey",
    FeeStatus.REFUNDED: "govuk-tag--purple",
}


def status_of(instalment, today) -> tuple[str, str]:
    if instalment.overdue_on(today):
        return "Overdue", "govuk-tag--red"
    return instalment.get_status_display(), STATUS_TAGS.get(instalment.status, "")


@require_GET
@never_cache
@supplier_page
def fee_instalments(request):
    today = timezone.localdate()
    mine = selectors.fee_instalments_for_supplier(request.user)
    paginator = Paginator(mine, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = []
    for instalment in page.object_list:
        label, tag = status_of(instalment, today)
        rows.append({"instalment": instalment, "label": label, "tag": tag})
    return render(request, "suppliers/fees/list.html", {
        "organisation": request.membership.organisation,
        "rows": rows,
        "count": paginator.count,
        "totals": selectors.fee_totals(mine, today),
        "fee_percent": settings.SPARK_MARKETPLACE_FEE_PERCENT,
        "page": page,
        "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)),
        "ellipsis": Paginator.ELLIPSIS,
    })


def _sentence(text: str) -> str:
    """A service's message as a sentence (they are written without the full stop; the gateway's have one)."""
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _instalment(request, instalment_id):
    return or_404(lambda: selectors.fee_instalment_for(request.user, instalment_id))


def _instalment_page(request, instalment, *, error: str = ""):
    today = timezone.localdate()
    label, tag = status_of(instalment, today)
    return render(request, "suppliers/fees/instalment.html", {
        "instalment": instalment,
        "contract": instalment.contract,
        "status_label": label,
        "status_tag": tag,
        "overdue": instalment.overdue_on(today),
        "error_links": [("#pay", error)] if error else [],
        "has_errors": bool(error),
    })


@require_GET
@never_cache
@supplier_page
def fee_instalment(request, instalment_id):
    return _instalment_page(request, _instalment(request, instalment_id))


def _paid(request, instalment):
    messages.success(request, f"You have paid the marketplace fee of {pounds_pence(instalment.amount_pence)}. "
                              "We have emailed you a receipt.")
    return redirect("suppliers:fee_instalment", instalment.pk)


def _payment_page(request, instalment, *, error: str = ""):
    """The card page with a fresh (or the reused) intent; the instalment page if Stripe cannot be reached."""
    try:
        intent, setup = fees.fee_payment_prepare(actor=request.user, instalment=instalment)
    except GatewayError as failure:
        return _instalment_page(request, instalment, error=failure.message)
    except NotAllowed as refusal:
        refuse(refusal)
    except DomainError as refusal:
        messages.info(request, _sentence(refusal.message))
        return redirect("suppliers:fee_instalment", instalment.pk)
    instalment.refresh_from_db()
    if setup is None:  # it had been paid already; a missed webhook, now settled
        return _paid(request, instalment)
    return render(request, "suppliers/fees/pay.html", {
        "instalment": instalment,
        "contract": instalment.contract,
        "setup_client_secret": setup.client_secret,
        "stripe_js_url": settings.STRIPE_JS_URL,
        "stripe_publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
        # Stripe's test keys (and localstripe) take only test cards, and no money moves: say which to use.
        "test_mode": str(settings.STRIPE_PUBLISHABLE_KEY).startswith("pk_test_"),
        "error": error,
        "error_links": [(CARD_FIELD, error)] if error else [],
        "has_errors": bool(error),
    })


@require_http_methods(["GET", "POST"])
@never_cache
@allow_stripe_js
@supplier_page
def fee_pay(request, instalment_id):
    instalment = _instalment(request, instalment_id)
    if request.method == "GET":
        return redirect("suppliers:fee_instalment", instalment.pk)
    return _payment_page(request, instalment)


PROCESSING = "Your payment is being processed. We will email you when it has gone through."


def _payment_step(request, instalment, step, *, try_again: tuple[str, ...]):
    """`(result, None)` from `step()`, or `(None, response)` when Stripe is down (the instalment page says to try
    later), the card was refused (the card page again, with the reason) or there is nothing to pay."""
    try:
        return step(), None
    except GatewayError as failure:
        return None, _instalment_page(request, instalment, error=failure.message)
    except NotAllowed as refusal:
        refuse(refusal)
    except DomainError as refusal:
        if refusal.code in try_again:
            return None, _payment_page(request, instalment, error=refusal.message)
        messages.info(request, _sentence(refusal.message))
        return None, redirect("suppliers:fee_instalment", instalment.pk)


@require_POST
@never_cache
@allow_stripe_js
@supplier_page
def fee_pay_confirm(request, instalment_id):
    instalment = _instalment(request, instalment_id)
    payment_method = request.POST.get("payment_method", "").strip()
    intent, response = _payment_step(
        request, instalment, lambda: fees.fee_payment_confirm_card(
            actor=request.user, instalment=instalment, payment_method=payment_method),
        try_again=("declined", "no_card", "no_payment"))
    if response is not None:
        return response
    instalment.refresh_from_db()
    if intent.status == "succeeded":
        return _paid(request, instalment)
    if intent.status == "requires_action":
        return render(request, "suppliers/fees/authenticate.html", {
            "instalment": instalment,
            "contract": instalment.contract,
            "payment_client_secret": intent.client_secret,
            "stripe_js_url": settings.STRIPE_JS_URL,
            "stripe_publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
        })
    messages.info(request, PROCESSING)
    return redirect("suppliers:fee_instalment", instalment.pk)


@require_POST
@never_cache
@allow_stripe_js
@supplier_page
def fee_pay_authenticated(request, instalment_id):
    instalment = _instalment(request, instalment_id)
    outcome, response = _payment_step(
        request, instalment, lambda: fees.fee_payment_authenticated(actor=request.user, instalment=instalment),
        try_again=("declined", "no_payment", "requires_action"))
    if response is not None:
        return response
    instalment.refresh_from_db()
    if outcome == fees.PROCESSING:
        messages.info(request, PROCESSING)
        return redirect("suppliers:fee_instalment", instalment.pk)
    return _paid(request, instalment)
