"""Stripe's webhooks: POST /payments/stripe/webhook/.

The signature is verified with the endpoint secret before anything is read (400 and nothing changed otherwise);
every correctly signed event is answered 200, whatever its outcome (applied, a replay, a mismatch logged, a type
we ignore), so Stripe does not retry it for days. An unexpected error is a 500 and rolls back: Stripe retries.
There is no session or form here (no CSRF token; Stripe's signature stands in for it), and no rate limit applies
(only the DRF API is throttled).
"""

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import fees
from . import stripe_gateway as gateway
from .stripe_gateway import GatewayError


@csrf_exempt
@require_POST
def stripe_webhook(request):
    try:
        event = gateway.webhook_event(request.body, request.headers.get("Stripe-Signature"))
    except GatewayError:
        return JsonResponse({"error": "bad signature"}, status=400)
    outcome = fees.webhook_process(event=event)
    return JsonResponse({"received": True, "outcome": outcome})
