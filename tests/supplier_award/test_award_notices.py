"""Public contract award notices: 404 until published and for a cancelled award; only public information."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from marketplace.competitions import services
from marketplace.competitions.models import Award
from marketplace.competitions.templatetags.competitions import pounds
from marketplace.competitions.timing import uk_time

from .helpers import PRICES, build, html

pytestmark = pytest.mark.django_db


def notice_url(competition):
    return reverse("opportunities:award_notice", args=[competition.pk])


def test_no_notice_before_publication(client, buyer_admin, admitted_supplier):
    world = build(buyer_admin, admitted_supplier, publish=False)
    assert client.get(notice_url(world.competition)).status_code == 404
    page = html(client.get(reverse("opportunities:award_notices")))
    assert escape(world.competition.title) not in page
    assert "No contract award notices have been published yet" in page


def test_the_published_notice_shows_the_award_and_never_the_other_bidders(client, buyer_admin, admitted_supplier):
    world = build(buyer_admin, admitted_supplier)
    award = Award.objects.get(competition=world.competition)
    response = client.get(notice_url(world.competition))  # anonymous
    assert response.status_code == 200
    page = html(response)
    assert "Contract award notice" in page
    assert escape(world.competition.buyer.name) in page
    assert escape(world.winner[0].name) in page
    assert pounds(award.value_pence) in page and pounds(PRICES[0]) in page
    assert '<dd class="govuk-summary-list__value" id="bid-count">3</dd>' in page
    assert uk_time(award.notice_published_at) in page
    assert uk_time(award.standstill_ends_at) in page
    assert uk_time(award.decided_at) in page
    assert "In standstill" in page
    assert escape(world.competition.category.name) in page
    for organisation, _ in (world.loser, world.other):
        assert escape(organisation.name) not in page
    for price in PRICES[1:]:
        assert pounds(price) not in page
    assert " out of 100" not in page


def test_the_notices_list_is_newest_first_and_public(client, buyer_admin, admitted_supplier):
    world = build(buyer_admin, admitted_supplier)
    page = html(client.get(reverse("opportunities:award_notices")))
    assert notice_url(world.competition) in page
    assert escape(world.winner[0].name) in page and escape(world.loser[0].name) not in page
    assert "1 notice" in page
    detail = html(client.get(reverse("opportunities:detail", args=[world.competition.pk])))
    assert notice_url(world.competition) in detail


def test_the_status_follows_the_award(client, buyer_admin, admitted_supplier):
    world = build(buyer_admin, admitted_supplier)
    services.award_pause(actor=buyer_admin, competition=world.competition, reason="A challenge was received")
    page = html(client.get(notice_url(world.competition)))
    assert "Standstill paused" in page and "A challenge was received" not in page
    services.award_resume(actor=buyer_admin, competition=world.competition)
    Award.objects.filter(competition=world.competition).update(standstill_ends_at=timezone.now() - timedelta(minutes=1))
    # Ended by the clock, before any tick has run.
    assert "Standstill ended" in html(client.get(notice_url(world.competition)))


def test_a_cancelled_award_has_no_notice(client, buyer_admin, admitted_supplier):
    world = build(buyer_admin, admitted_supplier)
    services.award_cancel(actor=buyer_admin, competition=world.competition, reason="A challenge was upheld")
    assert client.get(notice_url(world.competition)).status_code == 404
    assert notice_url(world.competition) not in html(client.get(reverse("opportunities:award_notices")))


def test_the_notice_refuses_a_post(client, buyer_admin, admitted_supplier):
    world = build(buyer_admin, admitted_supplier)
    assert client.post(notice_url(world.competition)).status_code == 405
