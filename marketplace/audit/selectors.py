"""Reads of the audit log that the public may make: digests only, never events."""

from .models import AuditDigest


def published_digests():
    return AuditDigest.objects.order_by("-day")
