"""The owner's moderation screens (rule 9): every bid's scores side by side, disagreements flagged, and the
moderated score agreed with another evaluator."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from marketplace.competitions.models import ModeratedScore
from marketplace.competitions.services.evaluation import scored_criteria
from tests.competition_builder import quick_admitted_suppliers
from tests.evaluation_builder import (
    assign_all,
    declare_none,
    evaluators,
    opened_with_bids,
    score_all,
    scored_by,
    submit,
)

pytestmark = pytest.mark.django_db


def url(name, competition, *args):
    return reverse(f"buyers:{name}", args=[competition.pk, *args])


def html(response) -> str:
    return response.content.decode()


def scored_apart(owner, competition, team, *, low=1, high=3, flag=lambda bid: True):
    """Two evaluators score; where `flag(bid)`, they are `high - low` points apart."""
    assign_all(owner, competition, team)
    for n, evaluator in enumerate(team):
        declare_none(competition, evaluator)
        score_all(competition, evaluator, lambda bid, criterion, n=n: (low if n == 0 else high) if flag(bid) else 2)
        submit(competition, evaluator)


def test_moderation_page_with_50_bids_runs_a_fixed_number_of_queries(
    client, buyer_admin, django_assert_max_num_queries
):
    users = [user for _organisation, user in quick_admitted_suppliers(50, prefix="Crowd")]
    competition, bids = opened_with_bids(buyer_admin, users)
    team = evaluators(buyer_admin)
    flagged = {bid.pk for bid in bids[::2]}
    scored_apart(buyer_admin, competition, team, low=1, high=4, flag=lambda bid: bid.pk in flagged)
    client.force_login(buyer_admin)
    # 19 today (session, user, membership, competition, scoring checks, the table's four): none per bid.
    with django_assert_max_num_queries(22):
        response = client.get(url("competition_moderation", competition))
    assert response.status_code == 200
    page = html(response)
    criteria = scored_criteria(competition)
    assert page.count("Wide disagreement<span") == len(flagged) * len(criteria)
    assert page.count("1, 4") + page.count("4, 1") == len(flagged) * len(criteria)
    assert page.count(">Moderate<span") == 50


@pytest.fixture
def scored(buyer_admin, bidders):
    """Opened and scored by two evaluators (1 and 3 apart on every criterion), not yet moderated."""
    competition, bids = opened_with_bids(buyer_admin, bidders)
    team = evaluators(buyer_admin)
    scored_apart(buyer_admin, competition, team, low=1, high=3)
    return competition, bids, team


def moderation_data(competition, *, moderated_with=None, score="2", rationale="Agreed 2: gaps in the evidence."):
    data = {"moderated_with": str(moderated_with.pk) if moderated_with else ""}
    for criterion in scored_criteria(competition):
        data[f"score_{criterion.pk}"] = score
        data[f"rationale_{criterion.pk}"] = rationale
    return data


def test_moderating_without_choosing_the_other_evaluator_shows_the_error_and_keeps_the_input(client, buyer_admin,
                                                                                               scored):
    competition, bids, team = scored
    client.force_login(buyer_admin)
    typed = "We agreed the answer misses the rollout plan."
    response = client.post(url("competition_moderate_bid", competition, bids[0].pk),
                           moderation_data(competition, rationale=typed))
    assert response.status_code == 200
    page = html(response)
    assert "There is a problem" in page
    assert '<a href="#id_moderated_with">Choose the other evaluator who moderated with you</a>' in page
    assert typed in page  # what was typed is shown again
    assert not ModeratedScore.objects.exists()


def test_the_owner_reads_the_scores_side_by_side_and_records_the_moderated_scores(client, buyer_admin, scored):
    competition, bids, team = scored
    client.force_login(buyer_admin)
    page = html(client.get(url("competition_moderate_bid", competition, bids[0].pk)))
    for evaluator in team:
        assert escape(evaluator.get_full_name()) in page
    assert "Scored 1 because the answer showed evidence." in page
    assert "Wide disagreement" in page
    assert "We will route crews using live sensor data." in page  # the answer, read as the owner
    assert "Which evaluator moderated with you?" in page

    response = client.post(url("competition_moderate_bid", competition, bids[0].pk),
                           moderation_data(competition, moderated_with=team[1]))
    assert response.status_code == 302
    assert response["Location"] == url("competition_moderation", competition)
    saved = ModeratedScore.objects.filter(bid=bids[0])
    assert saved.count() == len(scored_criteria(competition))
    assert {m.moderated_with_id for m in saved} == {team[1].pk}
    page = html(client.get(url("competition_moderation", competition)))
    assert f"{len(scored_criteria(competition))} of {len(bids) * len(scored_criteria(competition))} scores moderated" \
        in page
    assert "Moderated: <strong>2</strong>" in page


def test_a_score_without_its_rationale_is_refused(client, buyer_admin, scored):
    competition, bids, team = scored
    client.force_login(buyer_admin)
    data = moderation_data(competition, moderated_with=team[0])
    first = scored_criteria(competition)[0]
    data[f"rationale_{first.pk}"] = ""
    page = html(client.post(url("competition_moderate_bid", competition, bids[0].pk), data))
    assert f'href="#id_rationale_{first.pk}"' in page
    assert f"Enter the rationale for the moderated score for {first.name}" in page
    assert not ModeratedScore.objects.exists()


def test_a_colleague_sees_the_scores_but_cannot_moderate_or_read_the_answers(client, buyer_admin, buyer_member,
                                                                              scored):
    competition, bids, team = scored
    client.force_login(buyer_member)
    page = html(client.get(url("competition_moderation", competition)))
    assert ">View<span" in page and ">Moderate<span" not in page
    response = client.get(url("competition_moderate_bid", competition, bids[0].pk))
    assert response.status_code == 200
    assert "We will route crews using live sensor data." not in html(response)
    assert "Which evaluator moderated with you?" not in html(response)
    response = client.post(url("competition_moderate_bid", competition, bids[0].pk),
                           moderation_data(competition, moderated_with=team[0]))
    assert response.status_code == 403
    assert not ModeratedScore.objects.exists()


def test_before_scoring_has_finished_the_problems_are_shown_and_nothing_can_be_moderated(client, buyer_admin,
                                                                                          bidders):
    competition, bids = opened_with_bids(buyer_admin, bidders)
    team = evaluators(buyer_admin)
    scored_by(buyer_admin, competition, team[:1])  # one evaluator only: coverage falls short
    client.force_login(buyer_admin)
    page = html(client.get(url("competition_moderation", competition)))
    assert "Moderation starts when scoring has finished" in page
    assert "govuk-inset-text" in page
    assert ">Moderate<span" not in page
    response = client.get(url("competition_moderate_bid", competition, bids[0].pk))
    assert response.status_code == 302
