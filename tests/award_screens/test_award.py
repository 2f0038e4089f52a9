"""The award screens (rule 10): the ranking, the decision by a buyer admin (passing over a higher bid only for an
allowed reason with evidence), then assessment summaries, the contract award notice and standstill."""


import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from marketplace.accounts.models import Role
from marketplace.competitions import services
from marketplace.competitions.models import (
    AssessmentSummary,
    Award,
    AwardStatus,
    CompetitionStatus,
    PassOverReason,
    PriceExplanationRequest,
)
from marketplace.competitions.timing import uk_time
from tests.competition_builder import pdf_upload
from tests.evaluation_builder import evaluated
from tests.factories import member

pytestmark = pytest.mark.django_db

# Equal quality everywhere, so price decides: bids[1] (lowest) ranks 1, bids[0] ranks 2, bids[2] ranks 3.
PRICES = [9_000_000, 8_000_000, 10_000_000]


def url(name, competition, *args):
    return reverse(f"buyers:{name}", args=[competition.pk, *args])


def html(response) -> str:
    return response.content.decode()


def name(bid) -> str:
    return bid.supplier.name


@pytest.fixture
def ready(buyer_admin, bidders):
    competition, bids, team = evaluated(buyer_admin, bidders, prices=PRICES)
    return competition, bids


def test_the_award_page_shows_the_ranking_the_formula_and_the_decision_button(client, buyer_admin, ready):
    competition, bids = ready
    client.force_login(buyer_admin)
    page = html(client.get(url("competition_award", competition)))
    assert page.count("<h1") == 1
    ranking = page[page.index('id="ranking"'):]
    positions = [ranking.index(escape(name(bids[i]))) for i in (1, 0, 2)]
    assert positions == sorted(positions)
    assert "£80,000" in ranking and "£90,000" in ranking
    assert escape(competition.get_price_formula_display()) in page
    assert escape(competition.get_tie_break_display()) in page
    assert "Decide the award" in page
    assert "Ask about an abnormally low price" in page


def test_a_buyer_member_cannot_decide_the_award(client, buyer_member, ready):
    competition, bids = ready
    client.force_login(buyer_member)
    assert client.get(url("competition_award", competition)).status_code == 200
    assert "Decide the award</a>" not in html(client.get(url("competition_award", competition)))
    assert client.get(url("competition_award_decide", competition)).status_code == 403
    response = client.post(url("competition_award_decide", competition), {"bid": str(bids[1].pk)})
    assert response.status_code == 403
    assert not Award.objects.exists()


def test_an_evaluator_is_refused_and_another_organisation_gets_not_found(client, buyer_org, ready):
    competition, bids = ready
    evaluator = member(buyer_org, Role.EVALUATOR)
    client.force_login(evaluator)
    assert client.get(url("competition_award", competition)).status_code == 403
    assert client.get(url("competition_moderation", competition)).status_code == 403
    from tests.factories import BuyerOrganisationFactory

    client.force_login(member(BuyerOrganisationFactory(), Role.ADMIN))
    assert client.get(url("competition_award", competition)).status_code == 404
    assert client.get(url("competition_award_decide", competition)).status_code == 404


def test_the_top_bid_is_preselected_and_choosing_a_lower_bid_asks_why_each_higher_one_is_passed_over(
    client, buyer_admin, ready
):
    competition, bids = ready
    client.force_login(buyer_admin)
    page = html(client.get(url("competition_award_decide", competition)))
    assert f'value="{bids[1].pk}" aria-describedby="id_bid_1-hint" checked' in page
    page = html(client.get(url("competition_award_decide", competition), {"bid": bids[2].pk}))
    assert f"You are awarding the contract to {escape(name(bids[2]))}" in page
    assert 'enctype="multipart/form-data"' in page
    for higher in (bids[1], bids[0]):
        assert f'name="reason_{higher.pk}"' in page
        assert f'name="explanation_{higher.pk}"' in page
        assert f'name="evidence_{higher.pk}" type="file"' in page
    assert f'name="reason_{bids[2].pk}"' not in page
    for value, label in PassOverReason.choices:
        assert f'value="{value}"' in page and escape(label) in page


def test_passing_over_the_top_bid_with_an_explanation_but_no_evidence_is_refused(client, buyer_admin, ready):
    competition, bids = ready
    top, chosen = bids[1], bids[0]
    client.force_login(buyer_admin)
    response = client.post(url("competition_award_decide", competition), {
        "bid": str(chosen.pk),
        f"reason_{top.pk}": PassOverReason.NON_COMPLIANT,
        f"explanation_{top.pk}": "The bid does not include the insurance certificate the conditions require.",
    })
    assert response.status_code == 200
    page = html(response)
    message = escape(f"Attach the evidence for passing over {name(top)} (ranked 1): a reason alone is not enough")
    assert f'<a href="#id_evidence_{top.pk}">{message}</a>' in page
    assert "The bid does not include the insurance certificate" in page  # kept
    assert not Award.objects.exists()


def test_passing_over_as_abnormally_low_without_asking_the_supplier_first_is_refused(client, buyer_admin, ready):
    competition, bids = ready
    top, chosen = bids[1], bids[0]
    client.force_login(buyer_admin)
    response = client.post(url("competition_award_decide", competition), {
        "bid": str(chosen.pk),
        f"reason_{top.pk}": PassOverReason.ABNORMALLY_LOW,
        f"explanation_{top.pk}": "The price is 11% below the next and below our cost model.",
        f"evidence_{top.pk}": pdf_upload("cost-model.pdf"),
    })
    assert response.status_code == 200
    message = escape(f"Ask {name(top)} to explain its price before you pass its bid over as abnormally low")
    assert f'<a href="#id_reason_{top.pk}_1">{message}</a>' in html(response)
    assert not Award.objects.exists()


def test_passing_over_with_a_reason_an_explanation_and_evidence_decides_the_award(client, buyer_admin, ready):
    competition, bids = ready
    top, chosen = bids[1], bids[0]
    client.force_login(buyer_admin)
    response = client.post(url("competition_award_decide", competition), {
        "bid": str(chosen.pk),
        f"reason_{top.pk}": PassOverReason.EXCLUDED,
        f"explanation_{top.pk}": "A director was convicted of fraud: a mandatory exclusion ground.",
        f"evidence_{top.pk}": pdf_upload("exclusion-check.pdf"),
    })
    assert response.status_code == 302
    award = Award.objects.get()
    assert award.bid_id == chosen.pk
    assert award.passed_over.get().reason == PassOverReason.EXCLUDED
    page = html(client.get(url("competition_award", competition)))
    assert "Bids passed over" in page and "exclusion-check.pdf" in page
    assert escape(PassOverReason.EXCLUDED.label) in page


def test_asking_about_an_abnormally_low_price(client, buyer_admin, ready):
    competition, bids = ready
    client.force_login(buyer_admin)
    page = html(client.get(url("competition_price_explanation", competition, bids[1].pk)))
    assert "What do you want the supplier to explain?" in page
    assert "(UK time)" in page
    response = client.post(url("competition_price_explanation", competition, bids[1].pk), {"question": ""})
    assert "Enter what you want the supplier to explain about its price" in html(response)
    response = client.post(url("competition_price_explanation", competition, bids[1].pk),
                           {"question": "How does the price cover three crews for a year?"})
    assert response.status_code == 302
    asked = PriceExplanationRequest.objects.get()
    assert asked.bid_id == bids[1].pk
    page = html(client.get(url("competition_award", competition)))
    assert "How does the price cover three crews for a year?" in page
    assert "Waiting for an answer" in page


def test_publishing_the_notice_before_the_summaries_is_refused(client, buyer_admin, ready):
    competition, bids = ready
    services.award_decide(actor=buyer_admin, competition=competition, bid=bids[1])
    client.force_login(buyer_admin)
    page = html(client.get(url("competition_award_notice", competition)))
    assert "Publish contract award notice</button>" not in page
    response = client.post(url("competition_award_notice", competition))
    assert response.status_code == 200
    assert ("Send every bidder its assessment summary before you publish the contract award notice</a>"
            in html(response))
    award = Award.objects.get()
    assert award.status == AwardStatus.DECIDED and award.notice_published_at is None


def test_decide_send_summaries_publish_pause_and_resume_through_the_pages(client, buyer_admin, ready):
    competition, bids = ready
    client.force_login(buyer_admin)
    # Decide: the top bid, preselected.
    page = html(client.get(url("competition_award_decide", competition), {"bid": bids[1].pk}))
    assert f"You are awarding the contract to {escape(name(bids[1]))}" in page
    response = client.post(url("competition_award_decide", competition), {"bid": str(bids[1].pk)})
    assert response.status_code == 302 and response["Location"] == url("competition_award", competition)
    page = html(client.get(response["Location"]))
    assert "You have decided to award the contract to" in page
    assert "Send assessment summaries" in page
    assert "Publish contract award notice" not in page

    # Summaries.
    page = html(client.get(url("competition_award_summaries", competition)))
    assert "Each of the 3 bidders will be emailed its assessment summary" in page
    mail.outbox.clear()
    response = client.post(url("competition_award_summaries", competition))
    assert response.status_code == 302
    assert AssessmentSummary.objects.count() == 3
    page = html(client.get(url("competition_award", competition)))
    assert "Publish contract award notice" in page

    # The notice: standstill starts.
    response = client.post(url("competition_award_notice", competition))
    assert response.status_code == 302
    award = Award.objects.get()
    assert award.status == AwardStatus.STANDSTILL
    page = html(client.get(url("competition_award", competition)))
    assert escape(uk_time(award.standstill_ends_at)) in page
    assert "(UK time)" in page
    assert ">Pause</a>" in page and "Cancel award" in page

    # Pause, with a reason.
    response = client.post(url("competition_award_pause", competition), {"reason": ""})
    assert "Enter why the award is paused" in html(response)
    response = client.post(url("competition_award_pause", competition),
                           {"reason": "A challenge from a bidder about the price scoring."})
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.status == AwardStatus.PAUSED
    page = html(client.get(url("competition_award", competition)))
    assert "A challenge from a bidder about the price scoring." in page
    assert ">Resume</a>" in page

    # Resume.
    assert client.get(url("competition_award_resume", competition)).status_code == 200
    response = client.post(url("competition_award_resume", competition))
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.status == AwardStatus.STANDSTILL
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.STANDSTILL
    # Resuming again is not possible: sent back to the award page.
    assert client.get(url("competition_award_resume", competition)).status_code == 302


def test_a_buyer_admin_cancels_the_award_and_the_owner_cannot_unless_admin(client, buyer_admin, buyer_member,
                                                                           ready):
    competition, bids = ready
    services.award_decide(actor=buyer_admin, competition=competition, bid=bids[1])
    client.force_login(buyer_member)
    assert client.get(url("competition_award_cancel", competition)).status_code == 403
    assert client.post(url("competition_award_summaries", competition)).status_code == 403
    client.force_login(buyer_admin)
    response = client.post(url("competition_award_cancel", competition), {"reason": ""})
    assert "Enter why the award is cancelled" in html(response)
    response = client.post(url("competition_award_cancel", competition), {"reason": "A challenge was upheld."})
    assert response.status_code == 302
    assert Award.objects.get().status == AwardStatus.CANCELLED
    page = html(client.get(url("competition_award", competition)))
    assert "Cancelled award decisions" in page and "A challenge was upheld." in page
    assert "Decide the award" in page


def test_the_pages_say_nothing_about_bids_before_they_are_opened(client, buyer_admin, bidders):
    from tests.competition_builder import published, submitted_bid

    competition = published(buyer_admin)
    submitted_bid(bidders[0], competition)
    client.force_login(buyer_admin)
    for page_name in ("competition_award", "competition_moderation"):
        response = client.get(url(page_name, competition))
        assert response.status_code == 200
        assert escape(bidders[0].membership.organisation.name) not in html(response)
    assert client.get(url("competition_award_decide", competition)).status_code == 302


def test_after_the_supplier_explains_its_price_its_bid_can_be_passed_over_as_abnormally_low(
    client, buyer_admin, bidders, ready
):
    competition, bids = ready
    top, chosen = bids[1], bids[0]
    client.force_login(buyer_admin)
    client.post(url("competition_price_explanation", competition, top.pk),
                {"question": "How does the price cover three crews for a year?"})
    services.price_explanation_answer(actor=bidders[1], request=PriceExplanationRequest.objects.get(),
                                      answer="We will use volunteers.")
    page = html(client.get(url("competition_award", competition)))
    assert "We will use volunteers." in page
    response = client.post(url("competition_award_decide", competition), {
        "bid": str(chosen.pk),
        f"reason_{top.pk}": PassOverReason.ABNORMALLY_LOW,
        f"explanation_{top.pk}": "Volunteers cannot deliver a statutory service: the price is not sustainable.",
        f"evidence_{top.pk}": pdf_upload("price-assessment.pdf"),
    })
    assert response.status_code == 302
    passed = Award.objects.get().passed_over.get()
    assert passed.reason == PassOverReason.ABNORMALLY_LOW and passed.explanation_request is not None
    # Once decided, moderation is closed and no more questions about prices can be asked.
    assert client.get(url("competition_price_explanation", competition, top.pk)).status_code == 302
    assert "Ask about an abnormally low price" not in html(client.get(url("competition_award", competition)))
