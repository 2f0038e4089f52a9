"""Email: rendered while the change is in hand, delivered by a background task once it commits.

Nothing sealed ever goes into an email or a task payload: templates get only
what the recipient may read.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django_tasks import task


@task()
def deliver_email(*, to: list[str], subject: str, body: str) -> None:
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to)
    message.send()


def send_email(*, to: list[str], template: str, context: dict) -> None:
    """Render `<template>_subject.txt` and `<template>.txt`, and send after the transaction commits."""
    context = {
        "site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
        "service_name": settings.SPARK_SERVICE_NAME,
        "contact_email": settings.SPARK_CONTACT_EMAIL,
        **context,
    }
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    recipients = list(to)
    transaction.on_commit(
        lambda: deliver_email.enqueue(to=recipients, subject=f"Spark: {subject}", body=body)
    )
