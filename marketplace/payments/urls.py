"""Payments' public pages: prompt payment, published."""

from django.urls import path

from . import views, webhooks

app_name = "payments"

urlpatterns = [
    path("prompt-payment/", views.prompt_payment, name="prompt_payment"),
    path("prompt-payment/download.csv", views.prompt_payment_csv, name="prompt_payment_csv"),
    # Stripe's webhooks (marketplace/payments/webhooks.py): POST only, verified by signature, no CSRF token.
    path("payments/stripe/webhook/", webhooks.stripe_webhook, name="stripe_webhook"),
]
