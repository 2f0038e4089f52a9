"""What the open data shows: everything here is public by construction (releases hold only notice content)."""

from __future__ import annotations

from .models import BulkFile, Notice, Release


def releases():
    return Release.objects.order_by("date", "pk")


def releases_of(ocid: str) -> list[dict]:
    return list(Release.objects.filter(ocid=ocid).order_by("date", "pk").values_list("data", flat=True))


def notices():
    return Notice.objects.select_related("release").order_by("-published_at", "-pk")


def notice(notice_id: int) -> Notice:
    return notices().get(pk=notice_id)


def bulk_files():
    return BulkFile.objects.order_by("-day")


def bulk_file(name: str) -> BulkFile:
    return BulkFile.objects.get(name=name)
