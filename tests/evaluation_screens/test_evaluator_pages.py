"""The evaluator's pages (rule 9): declare before reading, read only what they may, score with justifications,
submit, and see the others' scores only once everyone has submitted."""

import pytest
from django.urls import reverse

from marketplace.audit.models import AuditEvent
from marketplace.competitions.models import ConflictDeclaration, EvaluatorSubmission, Score
from marketplace.competitions.services.evaluation import scored_criteria
from tests.evaluation_builder import declare_none, score_all, submit
from tests.competition_builder import published

from .helpers import html, name_in, scores_data, url

pytestmark = pytest.mark.django_db


def test_the_dashboard_links_an_evaluator_to_their_evaluations(client, world):
    client.force_login(world["team"][0])
    page = html(client.get(reverse("buyers:dashboard")))
    assert f'href="{reverse("buyers:evaluations")}">Your evaluations</a>' in page


def test_the_list_shows_what_to_do_next(client, world, buyer_admin):
    evaluator = world["team"][0]
    competition = world["competition"]
    client.force_login(evaluator)
    page = html(client.get(reverse("buyers:evaluations")))
    assert name_in(competition.title, page) and competition.reference in page
    assert "Declare conflicts of interest" in page
    declare_none(competition, evaluator)
    page = html(client.get(reverse("buyers:evaluations")))
    assert "Score the bids: 0 of 9 done" in page
    score_all(competition, evaluator)
    assert "Submit your scores" in html(client.get(reverse("buyers:evaluations")))
    submit(competition, evaluator)
    assert ">Submitted<" in html(client.get(reverse("buyers:evaluations")))


def test_the_empty_list(client, buyer_org):
    from marketplace.accounts.models import Role
    from tests.factories import member

    client.force_login(member(buyer_org, Role.EVALUATOR, mfa=False))
    page = html(client.get(reverse("buyers:evaluations")))
    assert "You have not been asked to evaluate any competitions yet" in page


def test_before_the_bids_are_opened_nothing_is_said_about_them(client, buyer_admin, admitted_supplier):
    from tests.evaluation_builder import assign_all, evaluators

    admitted_supplier()
    competition = published(buyer_admin)
    team = evaluators(buyer_admin)
    assign_all(buyer_admin, competition, team)
    client.force_login(team[0])
    page = html(client.get(url("evaluation", competition)))
    assert "The bids have not been opened yet" in page
    assert "Waiting for the bids to be opened" in html(client.get(reverse("buyers:evaluations")))
    for name in ("evaluation_declarations", "evaluation_submit"):
        response = client.get(url(name, competition))
        assert response.status_code == 302 and response["Location"] == url("evaluation", competition)


def test_a_bid_cannot_be_read_before_declaring(client, world):
    evaluator, competition, bid = world["team"][0], world["competition"], world["bids"][0]
    client.force_login(evaluator)
    before = AuditEvent.objects.filter(verb="evaluation.bids_read").count()
    response = client.get(url("evaluation_bid", competition, bid.pk))
    assert response.status_code == 302
    assert response["Location"] == url("evaluation_declarations", competition)
    assert AuditEvent.objects.filter(verb="evaluation.bids_read").count() == before
    page = html(client.get(url("evaluation", competition)))
    assert url("evaluation_bid", competition, bid.pk) not in page
    assert "once you have declared whether you have a conflict of interest" in page


def test_declaring_a_conflict_needs_details_and_hides_that_bid(client, world):
    evaluator, competition, bids = world["team"][0], world["competition"], world["bids"]
    client.force_login(evaluator)
    page = html(client.get(url("evaluation_declarations", competition)))
    for bid in bids:
        assert name_in(f"No, I have no conflict of interest with {bid.supplier.name}", page)
        assert f'data-aria-controls="conditional-supplier_{bid.supplier_id}-yes"' in page
    data = {f"supplier_{b.supplier_id}": "no" for b in bids}
    data[f"supplier_{bids[0].supplier_id}"] = "yes"
    # Without JavaScript the details box may be left empty: refused on the server, nothing saved, input kept.
    response = client.post(url("evaluation_declarations", competition), data)
    page = html(response)
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in page
    assert f'href="#details_{bids[0].supplier_id}"' in page
    assert name_in(f"Describe your conflict of interest with {bids[0].supplier.name}", page)
    yes = bids[0].supplier_id
    assert f'id="supplier_{yes}-yes" name="supplier_{yes}" type="radio" value="yes" checked' in page
    assert not ConflictDeclaration.objects.filter(evaluator=evaluator).exists()
    # Nothing chosen for one supplier.
    missing = dict(data)
    del missing[f"supplier_{bids[1].supplier_id}"]
    page = html(client.post(url("evaluation_declarations", competition), missing))
    assert f'href="#supplier_{bids[1].supplier_id}"' in page
    data[f"details_{bids[0].supplier_id}"] = "My brother runs it."
    response = client.post(url("evaluation_declarations", competition), data)
    assert response.status_code == 302 and response["Location"] == url("evaluation", competition)
    assert ConflictDeclaration.objects.filter(evaluator=evaluator).count() == 3
    page = html(client.get(url("evaluation_declarations", competition)))
    assert "Your declarations" in page and "My brother runs it." in page
    assert 'type="radio"' not in page  # read-only once made
    # The conflicted bid is not found (they learn nothing), the others can be read.
    assert client.get(url("evaluation_bid", competition, bids[0].pk)).status_code == 404
    assert client.post(url("evaluation_bid", competition, bids[0].pk), scores_data(competition)).status_code == 404
    assert not Score.objects.filter(evaluator=evaluator).exists()
    page = html(client.get(url("evaluation", competition)))
    assert url("evaluation_bid", competition, bids[0].pk) not in page
    assert url("evaluation_bid", competition, bids[1].pk) in page


def test_a_bid_not_assigned_or_of_another_competition_is_not_found(client, world, buyer_admin, admitted_supplier):
    from marketplace.competitions import services
    from tests.evaluation_builder import evaluators, opened_with_bids

    competition, bids = world["competition"], world["bids"]
    owner = world["owner"]
    # Someone assigned to one bid only.
    lone = evaluators(owner, 1)[0]
    services.evaluator_assign(actor=owner, competition=competition, evaluator=lone, bid=bids[0])
    declare_none(competition, lone)
    client.force_login(lone)
    assert client.get(url("evaluation_bid", competition, bids[0].pk)).status_code == 200
    assert client.get(url("evaluation_bid", competition, bids[1].pk)).status_code == 404
    assert client.get(url("evaluation_bid", competition, 999_999)).status_code == 404
    # A competition they are not assigned to.
    other, other_bids = opened_with_bids(owner, [admitted_supplier()[1]])
    assert client.get(url("evaluation", other)).status_code == 404
    assert client.get(url("evaluation_bid", other, other_bids[0].pk)).status_code == 404
    assert client.get(url("evaluation_bid", competition, other_bids[0].pk)).status_code == 404


def test_the_bid_page_shows_answers_price_and_the_scale(client, world):
    evaluator, competition, bid = world["team"][0], world["competition"], world["bids"][0]
    declare_none(competition, evaluator)
    client.force_login(evaluator)
    before = AuditEvent.objects.filter(verb="evaluation.bids_read").count()
    page = html(client.get(url("evaluation_bid", competition, bid.pk)))
    assert AuditEvent.objects.filter(verb="evaluation.bids_read").count() == before + 1
    assert "We will route crews using live sensor data." in page
    assert "£90,000" in page
    assert "How will you deliver the outcomes?" in page
    for criterion in scored_criteria(competition):
        assert f'id="score_{criterion.pk}"' in page and f'id="score_{criterion.pk}-4"' in page
        assert f'id="justification_{criterion.pk}"' in page
    assert "4 – Excellent: exceeds the requirement with evidence" in page
    assert "<legend" in page and "Your score for Approach" in page


@pytest.mark.parametrize(
    "score, justification, field, message",
    [
        ("5", "Good evidence.", "score", "Choose a score from 0 to 4"),
        ("-1", "Good evidence.", "score", "Choose a score from 0 to 4"),
        ("2.5", "Good evidence.", "score", "Choose a score from 0 to 4"),
        ("", "Good evidence.", "score", "Choose a score from 0 to 4"),
        ("3", "   ", "justification", "Enter a justification for your score"),
    ],
)
def test_a_bad_score_is_shown_against_its_criterion_and_nothing_is_saved(client, world, score, justification,
                                                                        field, message):
    evaluator, competition, bid = world["team"][0], world["competition"], world["bids"][0]
    declare_none(competition, evaluator)
    client.force_login(evaluator)
    criteria = scored_criteria(competition)
    data = scores_data(competition, justification="Kept text for the first.")
    bad = criteria[1]
    data[f"score_{bad.pk}"] = score
    data[f"justification_{bad.pk}"] = justification
    response = client.post(url("evaluation_bid", competition, bid.pk), data)
    page = html(response)
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert 'class="govuk-error-summary"' in page
    assert f'href="#{field}_{bad.pk}"' in page
    assert f'id="{field}_{bad.pk}-error"' in page and message in page
    # Everything typed is shown again.
    assert "Kept text for the first." in page
    assert f'id="score_{criteria[0].pk}-3" name="score_{criteria[0].pk}" type="radio" value="3" checked' in page
    assert not Score.objects.filter(evaluator=evaluator).exists()


def test_scores_are_saved_and_shown_again(client, world):
    evaluator, competition, bid = world["team"][0], world["competition"], world["bids"][0]
    declare_none(competition, evaluator)
    client.force_login(evaluator)
    criteria = scored_criteria(competition)
    # A criterion left wholly blank is left for later.
    data = scores_data(competition, score="2", justification="Some gaps in the plan.")
    data[f"score_{criteria[2].pk}"] = ""
    data[f"justification_{criteria[2].pk}"] = ""
    response = client.post(url("evaluation_bid", competition, bid.pk), data)
    assert response.status_code == 302 and response["Location"] == url("evaluation", competition)
    assert Score.objects.filter(evaluator=evaluator, bid=bid).count() == 2
    page = html(client.get(url("evaluation_bid", competition, bid.pk)))
    assert f'id="score_{criteria[0].pk}-2" name="score_{criteria[0].pk}" type="radio" value="2" checked' in page
    assert "Some gaps in the plan." in page
    page = html(client.get(url("evaluation", competition)))
    assert "2 of 3 criteria scored" in page
    # Nothing at all typed is an error.
    blank = {key: "" for key in data}
    response = client.post(url("evaluation_bid", competition, bid.pk), blank)
    assert response.status_code == 200 and 'class="govuk-error-summary"' in html(response)


def test_submitting_needs_every_score_and_then_fixes_them(client, world):
    evaluator, competition, bids = world["team"][0], world["competition"], world["bids"]
    declare_none(competition, evaluator)
    client.force_login(evaluator)
    client.post(url("evaluation_bid", competition, bids[0].pk), scores_data(competition))
    page = html(client.get(url("evaluation_submit", competition)))
    assert "You cannot change your scores after you submit them" in page
    assert "The answer gives clear evidence." in page
    response = client.post(url("evaluation_submit", competition))
    page = html(response)
    assert response.status_code == 200 and 'class="govuk-error-summary"' in page
    assert "6 still to score" in page
    assert not EvaluatorSubmission.objects.filter(evaluator=evaluator).exists()
    for bid in bids[1:]:
        client.post(url("evaluation_bid", competition, bid.pk), scores_data(competition))
    response = client.post(url("evaluation_submit", competition))
    assert response.status_code == 302 and response["Location"] == url("evaluation", competition)
    assert EvaluatorSubmission.objects.filter(evaluator=evaluator).exists()
    page = html(client.get(url("evaluation", competition)))
    assert "You submitted your scores on" in page
    # Fixed: the bid page is read-only and a POST changes nothing.
    page = html(client.get(url("evaluation_bid", competition, bids[0].pk)))
    assert "They can no longer be changed" in page and 'type="radio"' not in page
    response = client.post(url("evaluation_bid", competition, bids[0].pk), scores_data(competition, score="1"))
    assert response.status_code == 302
    assert set(Score.objects.filter(evaluator=evaluator).values_list("score", flat=True)) == {3}
    assert client.get(url("evaluation_submit", competition)).status_code == 302


def test_others_scores_are_shown_only_once_everyone_has_submitted(client, world):
    first, second = world["team"]
    competition = world["competition"]
    for evaluator, score in ((first, 3), (second, 1)):
        declare_none(competition, evaluator)
        score_all(competition, evaluator, score)
    submit(competition, first)
    client.force_login(first)
    page = html(client.get(url("evaluation", competition)))
    assert "Everyone’s scores" not in page
    assert not name_in(second.get_full_name(), page)
    assert "Scored 1 because" not in page
    submit(competition, second)
    page = html(client.get(url("evaluation", competition)))
    assert "Everyone’s scores" in page
    assert name_in(second.get_full_name(), page) and "Scored 1 because the answer showed evidence." in page
    assert "Scored 3 because the answer showed evidence." in page
    assert "Scores differ" in page


def test_other_people_are_refused_or_not_found(client, world, buyer_member, operator, admitted_supplier):
    from marketplace.accounts.models import Role
    from tests.factories import BuyerOrganisationFactory, member

    competition, bid = world["competition"], world["bids"][0]
    pages = [reverse("buyers:evaluations"), url("evaluation", competition),
             url("evaluation_declarations", competition), url("evaluation_bid", competition, bid.pk),
             url("evaluation_submit", competition)]
    for page_url in pages:
        assert client.get(page_url).status_code == 302  # anonymous: to sign in
    for user in (buyer_member, world["owner"], operator, admitted_supplier()[1]):
        client.force_login(user)
        for page_url in pages:
            assert client.get(page_url).status_code == 403, (user, page_url)
    # An evaluator of another organisation, and one of this organisation not assigned.
    for user in (member(BuyerOrganisationFactory(), Role.EVALUATOR, mfa=False),
                 member(world["owner"].membership.organisation, Role.EVALUATOR, mfa=False)):
        client.force_login(user)
        assert client.get(pages[0]).status_code == 200
        for page_url in pages[1:]:
            assert client.get(page_url).status_code == 404, page_url
            assert client.post(page_url, {}).status_code == 404, page_url


def test_the_list_is_paginated(client, buyer_admin, buyer_org):
    from marketplace.accounts.models import Role
    from marketplace.competitions.models import Competition, EvaluatorAssignment
    from marketplace.taxonomy.models import Category
    from tests.factories import member

    evaluator = member(buyer_org, Role.EVALUATOR, mfa=False)
    category = Category.objects.get(slug="artificial-intelligence")
    competitions = Competition.objects.bulk_create(
        [Competition(buyer=buyer_org, owner=buyer_admin, title=f"Competition {n}", category=category)
         for n in range(25)]
    )
    EvaluatorAssignment.objects.bulk_create(
        [EvaluatorAssignment(competition=c, evaluator=evaluator, assigned_by=buyer_admin) for c in competitions]
    )
    client.force_login(evaluator)
    first = html(client.get(reverse("buyers:evaluations")))
    assert first.count('<tr class="govuk-table__row">') == 21  # header + 20
    assert "?page=2" in first and "page 1 of 2" in first
    second = html(client.get(reverse("buyers:evaluations") + "?page=2"))
    assert second.count('<tr class="govuk-table__row">') == 6
    assert client.get(reverse("buyers:evaluations") + "?page=99").status_code == 200
