"""An evaluator's own assignments and scores: /api/v1/evaluation/assignments/ and /api/v1/evaluation/scores/.

Only a buyer-organisation member with the evaluator role reads them (403 for anyone else); each reads only their
own, never another evaluator's scores (rule 9: scores are given independently) and never bid content (rule 7).
"""

import pytest

from marketplace.competitions.models import EvaluatorAssignment, Score
from marketplace.competitions.services.evaluation import scored_criteria

from .conftest import BID_MARKER

ASSIGNMENTS = "/api/v1/evaluation/assignments/"
SCORES = "/api/v1/evaluation/scores/"

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", [ASSIGNMENTS, SCORES])
def test_anonymous_people_are_refused(api, world, url):
    assert api().get(url).status_code == 403


@pytest.mark.parametrize("url", [ASSIGNMENTS, SCORES])
@pytest.mark.parametrize("role", ["buyer_admin", "buyer_member", "supplier_admin", "supplier_member", "operator"])
def test_anyone_but_an_evaluator_is_refused(api, request, world, url, role):
    """The owner included: owners moderate (see the moderation endpoint), they have no scores of their own."""
    response = api(request.getfixturevalue(role)).get(url)
    assert response.status_code == 403
    assert BID_MARKER not in response.content.decode()


@pytest.mark.parametrize("url", [ASSIGNMENTS, SCORES])
def test_the_api_is_read_only(api, world, url):
    assert api(world.team[0]).post(url, {"score": 4}).status_code == 405


def test_an_evaluator_lists_their_own_assignments(api, world):
    evaluator = world.team[0]
    response = api(evaluator).get(ASSIGNMENTS)
    assert response.status_code == 200
    body = response.json()
    assignment = EvaluatorAssignment.objects.get(evaluator=evaluator)
    assert body["count"] == 1
    assert body["results"] == [{
        "id": assignment.pk,
        "competition_id": world.competition.pk,
        "reference": world.competition.reference,
        "title": world.competition.title,
        "criterion": "all",
        "bid": "all",
        "assigned_at": assignment.assigned_at.isoformat().replace("+00:00", "Z"),
    }]


def test_an_assignment_to_one_criterion_or_bid_names_it(api, world, buyer_admin):
    from marketplace.competitions import services
    from marketplace.competitions.models import Competition
    from tests.competition_builder import published

    # Assignments can still be given while a competition is open (to a criterion; to a bid once opened).
    another = published(buyer_admin, title="Cut outpatient no-shows")
    criterion = scored_criteria(another)[0]
    services.evaluator_assign(actor=buyer_admin, competition=another, evaluator=world.bystander, criterion=criterion)
    results = api(world.bystander).get(ASSIGNMENTS).json()["results"]
    assert [(r["competition_id"], r["criterion"], r["bid"]) for r in results] == [
        (another.pk, str(criterion.pk), "all")
    ]
    assert Competition.objects.get(pk=another.pk).bids_opened_at is None


def test_an_evaluator_assigned_to_nothing_sees_nothing(api, world):
    for url in (ASSIGNMENTS, SCORES):
        response = api(world.bystander).get(url)
        assert response.status_code == 200
        assert response.json()["results"] == []


def test_another_buyers_evaluator_sees_nothing_of_this_buyer(api, world):
    for url in (ASSIGNMENTS, SCORES, f"{SCORES}?competition={world.competition.pk}"):
        response = api(world.other_buyer_evaluator).get(url)
        assert response.status_code == 200
        assert response.json()["results"] == [], url


def test_an_evaluator_reads_only_their_own_scores(api, world):
    first, second = world.team
    response = api(first).get(SCORES)
    assert response.status_code == 200
    results = response.json()["results"]
    own = Score.objects.filter(evaluator=first)
    assert len(results) == own.count() == len(world.bids) * len(scored_criteria(world.competition))
    assert {r["id"] for r in results} == set(own.values_list("pk", flat=True))
    # The first scored 3 everywhere, the second 1: none of the second's scores or justifications appear.
    assert {r["score"] for r in results} == {3}
    others = set(Score.objects.filter(evaluator=second).values_list("pk", flat=True))
    assert not others & {r["id"] for r in results}
    one = results[0]
    score = Score.objects.get(pk=one["id"])
    assert one == {
        "id": score.pk,
        "competition_id": world.competition.pk,
        "bid_id": score.bid_id,
        "criterion_id": score.criterion_id,
        "score": 3,
        "justification": score.justification,
        "saved_at": score.saved_at.isoformat().replace("+00:00", "Z"),
        "submitted_at": score.submitted_at.isoformat().replace("+00:00", "Z"),
    }


def test_rule_7_no_bid_content_reaches_an_evaluator(api, world):
    for evaluator in world.team:
        for url in (ASSIGNMENTS, SCORES):
            text = api(evaluator).get(url).content.decode()
            assert BID_MARKER not in text, url
            for bid in world.bids:
                assert bid.supplier.name not in text, url


def test_a_draft_score_is_shown_as_a_draft(api, world, buyer_admin, admitted_supplier):
    from marketplace.competitions import services
    from tests.evaluation_builder import declare_none

    from .conftest import opened

    competition, bids = opened(buyer_admin, [admitted_supplier()[1]], title="Cut outpatient no-shows")
    services.evaluator_assign(actor=buyer_admin, competition=competition, evaluator=world.bystander)
    declare_none(competition, world.bystander)
    criterion = scored_criteria(competition)[0]
    services.score_save(actor=world.bystander, bid=bids[0], criterion=criterion, score=2,
                        justification="A draft: the answer gives some evidence.")
    results = api(world.bystander).get(f"{SCORES}?competition={competition.pk}").json()["results"]
    assert [(r["bid_id"], r["criterion_id"], r["score"], r["submitted_at"]) for r in results] == [
        (bids[0].pk, criterion.pk, 2, None)
    ]
    assert api(world.bystander).get(f"{SCORES}?competition={world.competition.pk}").json()["results"] == []


def test_a_bad_competition_filter_is_a_400(api, world):
    assert api(world.team[0]).get(f"{SCORES}?competition=abc").status_code == 400
