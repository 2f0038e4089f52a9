"""Daily bulk files: each UTC day's releases as gzipped JSON lines, built once by the tick's task."""

import gzip
import hashlib
import json
from datetime import UTC, datetime, timedelta

import pytest

from marketplace.opendata import services
from marketplace.opendata.models import BulkFile, Release
from tests.competition_builder import published


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path):
    settings.SPARK_OPENDATA_DIR = tmp_path


def test_the_tick_builds_yesterdays_file_once_with_every_release_of_that_day(client, settings, buyer_admin):
    from marketplace.scheduling.services import tick

    published(buyer_admin)
    published(buyer_admin, title="A second competition")
    today = datetime.now(UTC).date()
    tomorrow = datetime.combine(today + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    # Not while a transaction begun before midnight could still be committing a release dated today.
    tick(only=["opendata.bulk_file"], now=tomorrow + timedelta(minutes=30))
    assert not BulkFile.objects.filter(day=today).exists()
    tick(only=["opendata.bulk_file"], now=tomorrow + timedelta(hours=1, minutes=1))
    tick(only=["opendata.bulk_file"], now=tomorrow + timedelta(hours=1, minutes=2))
    entry = BulkFile.objects.get(day=today)
    path = settings.SPARK_OPENDATA_DIR / entry.name
    lines = gzip.decompress(path.read_bytes()).decode().splitlines()
    assert [json.loads(line)["id"] for line in lines] == list(
        Release.objects.order_by("date", "pk").values_list("release_id", flat=True))
    assert entry.releases == 3 and entry.size == path.stat().st_size
    assert entry.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()

    response = client.get(f"/ocds/bulk/{entry.name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/gzip"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == path.read_bytes()


def test_a_release_committed_after_midnight_but_dated_before_it_is_in_its_days_file(db, settings, buyer_admin):
    from marketplace.scheduling.services import tick

    published(buyer_admin)
    release = Release.objects.order_by("date", "pk").last()
    day = release.date.astimezone(UTC).date()
    midnight = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    # The tick at 00:20 builds nothing for that day; a late release "commits" at 00:40, dated 23:59:59.
    tick(only=["opendata.bulk_file"], now=midnight + timedelta(minutes=20))
    Release.objects.create(ocid=release.ocid, release_id=f"{release.release_id}-late", tags=release.tags,
                           date=midnight - timedelta(seconds=1), data={**release.data, "id": "late"})
    tick(only=["opendata.bulk_file"], now=midnight + timedelta(hours=1, minutes=5))
    entry = BulkFile.objects.get(day=day)
    lines = gzip.decompress((settings.SPARK_OPENDATA_DIR / entry.name).read_bytes()).decode().splitlines()
    assert json.loads(lines[-1])["id"] == "late"
    assert entry.releases == len(lines) == Release.objects.filter(date__gte=midnight - timedelta(days=1), date__lt=midnight).count()


def test_days_missed_while_the_tick_was_down_are_built_and_no_day_twice(db, settings, buyer_admin):
    published(buyer_admin)
    first_day = Release.objects.order_by("date").first().date.astimezone(UTC).date()
    later = datetime.combine(first_day + timedelta(days=4), datetime.min.time(), tzinfo=UTC) + timedelta(hours=2)
    assert services.bulk_file_days_due(now=later) == [first_day + timedelta(days=n) for n in range(4)]
    services.bulk_file_build(day=first_day + timedelta(days=1))
    assert services.bulk_file_days_due(now=later) == [first_day, first_day + timedelta(days=2),
                                                       first_day + timedelta(days=3)]


def test_a_day_with_no_releases_has_an_empty_file_and_rebuilding_changes_nothing(db, settings):
    day = datetime(2026, 1, 5, tzinfo=UTC).date()
    first = services.bulk_file_build(day=day)
    again = services.bulk_file_build(day=day)
    assert first.pk == again.pk and first.releases == 0
    assert gzip.decompress((settings.SPARK_OPENDATA_DIR / first.name).read_bytes()) == b""


def test_only_listed_files_are_served(db, client, settings):
    (settings.SPARK_OPENDATA_DIR / "secret.txt").write_text("not for download")
    assert client.get("/ocds/bulk/secret.txt").status_code == 404
    assert client.get("/ocds/bulk/..%2Fsecret.txt").status_code == 404
    assert client.get("/ocds/bulk/releases-2026-01-01.jsonl.gz").status_code == 404
