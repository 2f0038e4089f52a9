"""The operators' listing screens run a fixed number of SQL queries, however many listings they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from suppliers import services

from ..listings import complete_revision, published_solution

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_review_queue_costs_the_same_for_one_or_six_listings(operator_client, supplier):
    organisation, _admin, author = supplier
    url = reverse("listings_to_review:index")

    def send(count):
        for number in range(count):
            revision = complete_revision(author, organisation, title=f"Listing {number} {count}")
            services.revision_submit(actor=author, revision=revision)

    send(1)
    few = _queries(operator_client, url)
    send(5)
    assert _queries(operator_client, url) <= few


def test_the_published_listings_cost_the_same_for_one_or_six(operator_client, operator, supplier):
    organisation, _admin, author = supplier
    url = reverse("published_listings:index")
    published_solution(operator, author, organisation, title="First")
    few = _queries(operator_client, url)
    for number in range(5):
        published_solution(operator, author, organisation, title=f"Listing {number}")
    assert _queries(operator_client, url) <= few
