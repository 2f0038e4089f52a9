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
    tick(only=["opendata.bulk_file"], now=tomorrow + timedelta(minutes=1))
    tick(only=["opendata.bulk_file"], now=tomorrow + timedelta(minutes=2))
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
