"""The evaluator's competition page and the owner's evaluation page run a fixed number of queries, whatever the
number of bids."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.competition_builder import quick_admitted_suppliers
from tests.evaluation_builder import assign_all, declare_none, evaluators, opened_with_bids, score_all

from .helpers import url

pytestmark = pytest.mark.django_db


def _set_up(owner, bidders):
    competition, bids = opened_with_bids(owner, bidders, title=f"With {len(bidders)} bids")
    team = evaluators(owner)
    assign_all(owner, competition, team)
    for evaluator in team:
        declare_none(competition, evaluator)
    score_all(competition, team[0])
    return competition, bids, team


def _count(client, page_url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page_url)
    assert response.status_code == 200, page_url
    return len(queries)


def test_the_evaluation_pages_run_a_fixed_number_of_queries(client, buyer_admin, django_assert_max_num_queries):
    crowd = [user for _organisation, user in quick_admitted_suppliers(20)]
    few, _bids, few_team = _set_up(buyer_admin, crowd[:2])
    many, many_bids, many_team = _set_up(buyer_admin, crowd)
    assert len(many_bids) == 20

    client.force_login(few_team[0])
    client.get(reverse("buyers:evaluations"))  # warm up the session
    evaluator_page = _count(client, url("evaluation", few))
    evaluations = _count(client, reverse("buyers:evaluations"))
    client.force_login(buyer_admin)
    client.get(reverse("buyers:dashboard"))
    owner_page = _count(client, url("competition_evaluation", few))
    assert evaluator_page <= 20 and evaluations <= 15 and owner_page <= 40, (evaluator_page, evaluations, owner_page)

    client.force_login(many_team[0])
    client.get(reverse("buyers:evaluations"))
    with django_assert_max_num_queries(evaluator_page):
        response = client.get(url("evaluation", many))
    assert response.content.decode().count("criteria scored") == 20
    with django_assert_max_num_queries(evaluations):
        client.get(reverse("buyers:evaluations"))
    client.force_login(buyer_admin)
    client.get(reverse("buyers:dashboard"))
    with django_assert_max_num_queries(owner_page):
        response = client.get(url("competition_evaluation", many))
    assert response.status_code == 200
