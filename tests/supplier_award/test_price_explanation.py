"""A supplier answers the buyer's question about its price, once, while the bids are being evaluated."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from marketplace.accounts.models import Role
from marketplace.competitions import services
from marketplace.competitions.models import PriceExplanationRequest
from marketplace.competitions.timing import uk_time
from tests.evaluation_builder import evaluated
from tests.factories import member

from .helpers import html

pytestmark = pytest.mark.django_db

QUESTION = "Your price is far below the others: how do you deliver for it?"


@pytest.fixture
def asked(buyer_admin, admitted_supplier):
    """(competition, the asked supplier's (organisation, user), the other's (organisation, user), the request)."""
    cheap, dear = admitted_supplier(), admitted_supplier()
    competition, bids, _ = evaluated(buyer_admin, [cheap[1], dear[1]], prices=[1_000_000, 9_000_000])
    request = services.price_explanation_request(actor=buyer_admin, bid=bids[0], question=QUESTION)
    return competition, cheap, dear, request


def url(competition, request):
    return reverse("suppliers:price_explanation", args=[competition.pk, request.pk])


def test_the_question_and_its_time_to_answer_are_shown(client, asked):
    competition, (_, user), _, request = asked
    client.force_login(user)
    response = client.get(url(competition, request))
    assert response.status_code == 200
    page = html(response)
    assert escape(QUESTION) in page
    assert escape(uk_time(request.respond_by)) in page and "(UK time)" in page
    assert "Your explanation" in page and 'name="answer"' in page
    assert "no-store" in response["Cache-Control"]
    competition_page = html(client.get(reverse("suppliers:competition", args=[competition.pk])))
    assert url(competition, request) in competition_page


def test_an_empty_answer_is_an_error(client, asked):
    competition, (_, user), _, request = asked
    client.force_login(user)
    page = html(client.post(url(competition, request), {"answer": "   "}))
    assert "There is a problem" in page and "Enter your explanation of the price" in page
    assert not PriceExplanationRequest.objects.get(pk=request.pk).answered_at


def test_answering_then_answering_again_is_refused(client, asked):
    competition, (organisation, user), _, request = asked
    client.force_login(user)
    response = client.post(url(competition, request), {"answer": "We reuse <existing> kit & staff."})
    assert response.status_code == 302 and response["Location"] == url(competition, request)
    stored = PriceExplanationRequest.objects.get(pk=request.pk)
    assert stored.answer == "We reuse <existing> kit & staff." and stored.answered_by == user
    page = html(client.get(url(competition, request)))
    assert escape("We reuse <existing> kit & staff.") in page and 'name="answer"' not in page
    colleague = member(organisation, Role.ADMIN)
    client.force_login(colleague)
    page = html(client.post(url(competition, request), {"answer": "A second answer"}))
    assert "already answered" in page and "There is a problem" in page
    assert PriceExplanationRequest.objects.get(pk=request.pk).answer == "We reuse <existing> kit & staff."
    assert "A second answer" not in page.split("govuk-error-summary")[0]


def test_other_suppliers_get_a_404_and_other_sides_are_refused(client, asked, admitted_supplier, buyer_admin, operator):
    competition, _, (_, other), request = asked
    client.force_login(other)  # bid in the same competition: not its question
    assert client.get(url(competition, request)).status_code == 404
    assert client.post(url(competition, request), {"answer": "Mine"}).status_code == 404
    _, stranger = admitted_supplier()
    client.force_login(stranger)  # not invited to the competition
    assert client.get(url(competition, request)).status_code == 404
    for user in (buyer_admin, operator):
        client.force_login(user)
        assert client.get(url(competition, request)).status_code == 403
        assert client.post(url(competition, request), {"answer": "Mine"}).status_code == 403
    client.logout()
    assert client.get(url(competition, request)).status_code == 302
    assert not PriceExplanationRequest.objects.get(pk=request.pk).answered_at


def test_once_the_award_is_decided_answers_are_closed(client, asked, buyer_admin):
    competition, (_, user), _, request = asked
    services.award_decide(actor=buyer_admin, competition=competition, bid=request.bid)
    client.force_login(user)
    page = html(client.get(url(competition, request)))
    assert "answers can no longer be taken" in page and 'name="answer"' not in page
    page = html(client.post(url(competition, request), {"answer": "Too late"}))
    assert "There is a problem" in page and "answers can no longer be taken" in page
    assert not PriceExplanationRequest.objects.get(pk=request.pk).answered_at
