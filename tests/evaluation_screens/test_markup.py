"""The evaluation pages' markup holds together for assistive technology: unique ids, visible labels, radios in
fieldsets with legends, error summary links that lead somewhere, one h1."""

import pytest
from django.urls import reverse

from marketplace.competitions.models import EvaluatorAssignment
from tests.buyer_competitions.test_markup import check
from tests.evaluation_builder import declare_none

from .helpers import html, url

pytestmark = pytest.mark.django_db


def _check(page: str, where: str) -> None:
    check(page, where)
    assert page.count("<h1") == 1, where


def test_the_evaluator_pages(client, world):
    evaluator, competition, bid = world["team"][0], world["competition"], world["bids"][0]
    client.force_login(evaluator)
    _check(html(client.get(url("evaluation_declarations", competition))), "declarations")
    supplier = f"supplier_{bid.supplier_id}"
    _check(html(client.post(url("evaluation_declarations", competition), {supplier: "yes"})), "declarations error")
    declare_none(competition, evaluator)
    for where, page_url in (("list", reverse("buyers:evaluations")), ("evaluation", url("evaluation", competition)),
                            ("bid", url("evaluation_bid", competition, bid.pk)),
                            ("submit", url("evaluation_submit", competition))):
        response = client.get(page_url)
        assert response.status_code == 200, where
        _check(html(response), where)
    _check(html(client.post(url("evaluation_bid", competition, bid.pk), {})), "bid error")
    _check(html(client.post(url("evaluation_submit", competition))), "submit error")


def test_the_owner_pages(client, world, buyer_admin):
    competition = world["competition"]
    assignment = EvaluatorAssignment.objects.filter(competition=competition).first()
    client.force_login(buyer_admin)
    for where, page_url in (("owner", url("competition_evaluation", competition)),
                            ("assign", url("competition_evaluator_assign", competition)),
                            ("unassign", url("competition_evaluator_unassign", competition, assignment.pk))):
        response = client.get(page_url)
        assert response.status_code == 200, where
        _check(html(response), where)
    _check(html(client.post(url("competition_evaluator_assign", competition), {"scope": "bid"})), "assign error")
