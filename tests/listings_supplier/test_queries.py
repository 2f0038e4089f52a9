"""The supplier's "Your solutions" page runs a fixed number of SQL queries, however many listings it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.listings import complete_revision, published_solution

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_your_solutions_costs_the_same_for_two_or_eight_listings(admitted, member_client, supplier_member, operator):
    url = reverse("suppliers:solutions")
    complete_revision(supplier_member, admitted, title="A draft")
    published_solution(operator, supplier_member, admitted, title="A published one")
    few = _queries(member_client, url)
    for number in range(3):
        complete_revision(supplier_member, admitted, title=f"Draft {number}")
        published_solution(operator, supplier_member, admitted, title=f"Published {number}")
    assert _queries(member_client, url) <= few
