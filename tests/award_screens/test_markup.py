"""Every moderation and award page renders, in each state, with form markup that holds together for assistive
technology (WCAG 2.2 AA): unique ids, labelled inputs, fieldsets with legends, error summary links that lead
somewhere, one h1."""

import pytest
from django.urls import reverse

from marketplace.competitions import services
from tests.buyer_competitions.test_markup import check
from tests.evaluation_builder import evaluated

pytestmark = pytest.mark.django_db


def test_every_page_renders_with_sound_markup_in_each_state(client, buyer_admin, bidders):
    competition, bids, team = evaluated(buyer_admin, bidders, prices=[9_000_000, 8_000_000, 10_000_000])
    client.force_login(buyer_admin)

    def url(name, *args):
        return reverse(f"buyers:{name}", args=[competition.pk, *args])

    def page(address, method="get", data=None, status=200):
        response = getattr(client, method)(address, data or {})
        assert response.status_code == status, address
        text = response.content.decode()
        check(text, address)
        assert text.count("<h1") == 1, address
        return text

    page(reverse("buyers:competition", args=[competition.pk]))
    page(url("competition_moderation"))
    page(url("competition_moderate_bid", bids[0].pk))
    page(url("competition_moderate_bid", bids[0].pk), "post", {"moderated_with": ""})
    page(url("competition_award"))
    page(url("competition_award_decide"))
    page(url("competition_award_decide") + "?bid=0")
    page(url("competition_award_decide") + f"?bid={bids[2].pk}")
    page(url("competition_award_decide"), "post", {"bid": str(bids[2].pk)})
    page(url("competition_price_explanation", bids[1].pk))
    page(url("competition_price_explanation", bids[1].pk), "post", {"question": ""})

    services.award_decide(actor=buyer_admin, competition=competition, bid=bids[1])
    page(url("competition_award"))
    page(url("competition_award_notice"))
    page(url("competition_award_notice"), "post")
    page(url("competition_award_summaries"))
    page(url("competition_award_cancel"))
    page(url("competition_award_cancel"), "post", {"reason": ""})

    services.assessment_summaries_send(actor=buyer_admin, competition=competition)
    page(url("competition_award_notice"))
    services.award_notice_publish(actor=buyer_admin, competition=competition)
    page(url("competition_award"))
    page(url("competition_award_pause"))
    page(url("competition_award_pause"), "post", {"reason": ""})
    services.award_pause(actor=buyer_admin, competition=competition, reason="A challenge.")
    page(url("competition_award"))
    page(url("competition_award_resume"))
    page(url("competition_moderation"))
    page(url("competition_moderate_bid", bids[0].pk))
