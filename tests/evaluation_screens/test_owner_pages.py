"""The owner's evaluation page: assigning and removing evaluators (the owner only), declarations, progress,
coverage gaps and what stops moderation."""

import pytest
from django.urls import reverse

from marketplace.accounts.models import Role
from marketplace.competitions import services
from marketplace.competitions.models import EvaluatorAssignment
from marketplace.competitions.services.evaluation import scored_criteria
from tests.competition_builder import complete_draft, published
from tests.evaluation_builder import declare_none, evaluated, evaluators, score_all, submit
from tests.factories import BuyerOrganisationFactory, member

from .helpers import html, name_in, url

pytestmark = pytest.mark.django_db


def test_the_overview_links_to_the_evaluation_once_published(client, world, buyer_admin):
    client.force_login(buyer_admin)
    page = html(client.get(url("competition", world["competition"])))
    assert f'href="{url("competition_evaluation", world["competition"])}">Evaluation</a>' in page
    # Evaluators may be assigned while the competition is open, so the page is there from publication.
    live = published(buyer_admin, title="Still open")
    assert url("competition_evaluation", live) in html(client.get(url("competition", live)))
    draft = complete_draft(buyer_admin, title="Not yet published")
    assert url("competition_evaluation", draft) not in html(client.get(url("competition", draft)))


def test_the_owner_assigns_an_evaluator(client, world, buyer_admin):
    competition = world["competition"]
    newcomer = evaluators(buyer_admin, 1)[0]
    client.force_login(buyer_admin)
    page = html(client.get(url("competition_evaluation", competition)))
    assert url("competition_evaluator_assign", competition) in page
    for evaluator in world["team"]:
        assert name_in(evaluator.get_full_name(), page)
    assert "All criteria, all bids" in page
    page = html(client.get(url("competition_evaluator_assign", competition)))
    assert name_in(newcomer.get_full_name(), page)
    assert 'data-aria-controls="conditional-scope-criterion"' in page
    criterion = scored_criteria(competition)[1]
    response = client.post(url("competition_evaluator_assign", competition),
                           {"evaluator": str(newcomer.pk), "scope": "criterion", "criterion": str(criterion.pk)})
    assert response.status_code == 302 and response["Location"] == url("competition_evaluation", competition)
    assert EvaluatorAssignment.objects.filter(evaluator=newcomer, criterion=criterion, bid=None).exists()
    page = html(client.get(url("competition_evaluation", competition)))
    assert "is assigned to score" in page and "Experience, all bids" in page
    # One bid, once opened.
    bid = world["bids"][2]
    response = client.post(url("competition_evaluator_assign", competition),
                           {"evaluator": str(newcomer.pk), "scope": "bid", "bid": str(bid.pk)})
    assert response.status_code == 302
    assert EvaluatorAssignment.objects.filter(evaluator=newcomer, bid=bid, criterion=None).exists()


def test_assigning_shows_errors_on_the_fields(client, world, buyer_admin):
    competition = world["competition"]
    client.force_login(buyer_admin)
    response = client.post(url("competition_evaluator_assign", competition), {"scope": "criterion"})
    page = html(response)
    assert response.status_code == 200 and 'class="govuk-error-summary"' in page
    assert 'href="#evaluator"' in page and 'href="#criterion"' in page
    assert 'id="evaluator-error"' in page and 'id="criterion-error"' in page
    # The service's refusal (already assigned) is shown against the evaluator.
    evaluator = world["team"][0]
    response = client.post(url("competition_evaluator_assign", competition),
                           {"evaluator": str(evaluator.pk), "scope": "all"})
    page = html(response)
    assert response.status_code == 200 and 'href="#evaluator"' in page and "is already assigned to this" in page
    assert EvaluatorAssignment.objects.filter(evaluator=evaluator).count() == 1


def test_without_evaluators_the_owner_is_told_to_invite_some(client, buyer_admin, admitted_supplier):
    admitted_supplier()
    competition = published(buyer_admin)
    client.force_login(buyer_admin)
    page = html(client.get(url("competition_evaluator_assign", competition)))
    assert "Nobody in your organisation has the evaluator role yet" in page
    assert reverse("accounts:team") in page
    assert "<select" not in page


def test_only_the_owner_assigns_and_removes(client, world, buyer_member, buyer_org):
    competition = world["competition"]
    assignment = EvaluatorAssignment.objects.filter(competition=competition).first()
    other_admin = member(buyer_org, Role.ADMIN)
    for user in (buyer_member, other_admin):
        client.force_login(user)
        page = html(client.get(url("competition_evaluation", competition)))
        assert url("competition_evaluator_assign", competition) not in page
        assert "Only the competition’s owner" in page
        for page_url in (url("competition_evaluator_assign", competition),
                         url("competition_evaluator_unassign", competition, assignment.pk)):
            assert client.get(page_url).status_code == 403
            assert client.post(page_url, {"evaluator": str(world["team"][0].pk), "scope": "all"}).status_code == 403
    assert EvaluatorAssignment.objects.filter(pk=assignment.pk).exists()


def test_other_people_cannot_see_the_owners_page(client, world):
    competition = world["competition"]
    assignment = EvaluatorAssignment.objects.filter(competition=competition).first()
    pages = [url("competition_evaluation", competition), url("competition_evaluator_assign", competition),
             url("competition_evaluator_unassign", competition, assignment.pk)]
    for page_url in pages:
        assert client.get(page_url).status_code == 302  # anonymous: to sign in
    client.force_login(world["team"][0])
    for page_url in pages:
        assert client.get(page_url).status_code == 403
    client.force_login(member(BuyerOrganisationFactory(), Role.ADMIN))
    for page_url in pages:
        assert client.get(page_url).status_code == 404
        assert client.post(page_url, {}).status_code == 404
    client.force_login(world["owner"])
    assert client.get(url("competition_evaluator_unassign", competition, 999_999)).status_code == 404


def test_the_owner_removes_an_evaluator(client, world, buyer_admin):
    competition = world["competition"]
    assignment = EvaluatorAssignment.objects.filter(competition=competition, evaluator=world["team"][0]).get()
    client.force_login(buyer_admin)
    page = html(client.get(url("competition_evaluation", competition)))
    remove = url("competition_evaluator_unassign", competition, assignment.pk)
    assert remove in page
    page = html(client.get(remove))
    assert "Are you sure you want to remove" in page and name_in(world["team"][0].get_full_name(), page)
    response = client.post(remove)
    assert response.status_code == 302 and response["Location"] == url("competition_evaluation", competition)
    assert not EvaluatorAssignment.objects.filter(pk=assignment.pk).exists()


def test_a_conflict_shows_the_coverage_gap_and_details_only_to_the_owner(client, world, buyer_admin, buyer_member):
    competition, bids = world["competition"], world["bids"]
    first, second = world["team"]
    declare_none(competition, first, conflicts={bids[0].supplier_id: "I used to work there."})
    declare_none(competition, second)
    client.force_login(buyer_admin)
    page = html(client.get(url("competition_evaluation", competition)))
    assert ("Assign more evaluators: each criterion of each bid needs at least 2 evaluators free of conflicts"
            in page)
    assert name_in(f"{bids[0].supplier.name}: Approach has 1 evaluator", page)
    assert not name_in(f"{bids[1].supplier.name}: Approach", page)
    assert "I used to work there." in page
    assert "have fewer than 2 evaluators free of conflict" in page
    assert url("competition_moderation", competition) not in page
    client.force_login(buyer_member)
    page = html(client.get(url("competition_evaluation", competition)))
    assert "Assign more evaluators" in page
    assert "I used to work there." not in page
    assert ">Yes</strong>" in page


def test_when_scoring_has_finished_the_page_links_to_moderation(client, world, buyer_admin):
    competition = world["competition"]
    for evaluator in world["team"]:
        declare_none(competition, evaluator)
        score_all(competition, evaluator)
        submit(competition, evaluator)
    client.force_login(buyer_admin)
    page = html(client.get(url("competition_evaluation", competition)))
    assert url("competition_moderation", competition) in page
    assert url("competition_award", competition) in page
    assert "Assign more evaluators" not in page


def test_after_the_award_nothing_can_change(client, buyer_admin, admitted_supplier):
    bidders = [admitted_supplier()[1] for _ in range(2)]
    competition, bids, team = evaluated(buyer_admin, bidders)
    services.award_decide(actor=buyer_admin, competition=competition, bid=bids[0])
    client.force_login(buyer_admin)
    page = html(client.get(url("competition_evaluation", competition)))
    assert url("competition_evaluator_assign", competition) not in page
    assert client.get(url("competition_evaluator_assign", competition)).status_code == 302
    assignment = EvaluatorAssignment.objects.filter(competition=competition).first()
    assert client.post(url("competition_evaluator_unassign", competition, assignment.pk)).status_code == 302
    assert EvaluatorAssignment.objects.filter(pk=assignment.pk).exists()
    # The evaluator still reads their evaluation, read-only.
    client.force_login(team[0])
    assert "You submitted your scores on" in html(client.get(url("evaluation", competition)))
    page = html(client.get(url("evaluation_bid", competition, bids[0].pk)))
    assert 'type="radio"' not in page
    assert client.get(url("evaluation_declarations", competition)).status_code == 200
    assert client.get(url("evaluation_submit", competition)).status_code == 302


def test_before_publication_evaluators_cannot_be_assigned(client, buyer_admin):
    from tests.competition_builder import complete_draft

    draft = complete_draft(buyer_admin)
    client.force_login(buyer_admin)
    page = html(client.get(url("competition_evaluation", draft)))
    assert "You can assign evaluators once the competition is published" in page
    assert url("competition_evaluator_assign", draft) not in page
    response = client.get(url("competition_evaluator_assign", draft))
    assert response.status_code == 302 and response["Location"] == url("competition_evaluation", draft)
