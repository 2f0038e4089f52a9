"""Rule 12: anyone can list the published digests and download each as JSON."""

import json
from datetime import date, timedelta

import pytest
from django.urls import reverse

from marketplace.audit.services import audit_digest_create, digest_document

FIRST_DAY = date(2026, 1, 1)


@pytest.fixture
def digests(make_chain):
    make_chain("competition-1", 2)
    return [audit_digest_create(day=FIRST_DAY + timedelta(days=n)) for n in range(31)]


def test_rule_12_the_public_list_shows_the_latest_digests_first(client, digests):
    response = client.get(reverse("audit:digest_list"))
    assert response.status_code == 200
    html = response.content.decode()
    newest, oldest = digests[-1], digests[0]
    assert newest.hash in html
    assert "31 January 2026" in html
    assert reverse("audit:digest_json", args=["2026-01-31"]) in html
    assert oldest.hash not in html  # 30 to a page: the 31st is on page 2
    assert "Page 1 of 2" in html

    second = client.get(reverse("audit:digest_list"), {"page": 2}).content.decode()
    assert oldest.hash in second
    assert newest.hash not in second


def test_rule_12_the_public_list_says_when_nothing_is_published(client, db):
    response = client.get(reverse("audit:digest_list"))
    assert response.status_code == 200
    assert "No digests have been published yet" in response.content.decode()


def test_rule_12_a_digest_downloads_as_json(client, digests):
    digest = digests[4]
    response = client.get("/audit/digests/2026-01-05.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="audit-digest-2026-01-05.json"'
    body = json.loads(response.content)
    assert body == digest_document(digest)
    assert body["hash"] == digest.hash
    assert body["previous_hash"] == digests[3].hash
    assert body["heads"]["competition-1"]["length"] == 2


@pytest.mark.parametrize(
    "day", ["2026-02-30", "2026-13-01", "yesterday", "2026-1-5", "20260105", "2026-W02-1", "2026-01-05T00"]
)
def test_rule_12_a_malformed_day_is_not_found(client, digests, day):
    assert client.get(f"/audit/digests/{day}.json").status_code == 404


def test_rule_12_a_day_without_a_digest_is_not_found(client, digests):
    assert client.get("/audit/digests/2025-12-31.json").status_code == 404
