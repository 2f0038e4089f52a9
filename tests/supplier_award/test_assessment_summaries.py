"""A bidder's assessment summary: the list, the letter as a page and as a PDF, and who may read them."""

import io

import pytest
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from marketplace.accounts.models import Role
from marketplace.competitions.templatetags.competitions import pounds
from tests.factories import member

from .helpers import PRICES, build, html

pytestmark = pytest.mark.django_db


def summary_url(summary, name="assessment_summary"):
    return reverse(f"suppliers:{name}", args=[summary.pk])


@pytest.fixture
def world(buyer_admin, admitted_supplier):
    return build(buyer_admin, admitted_supplier)


def test_a_losing_supplier_sees_its_own_scores_and_reasons_and_the_winners_scores_but_no_other_bidder(client, world):
    loser_org, loser = world.loser
    summary = world.summary(loser_org)
    other = world.summary(world.other[0])
    content = summary.content
    client.force_login(loser)
    response = client.get(summary_url(summary))
    assert response.status_code == 200
    page = html(response)
    assert "Your bid was not successful" in page
    assert escape(world.winner[0].name) in page
    assert f"{content['own']['total']} out of 100" in page
    assert f"{content['winner']['total']} out of 100" in page
    assert "2 of 3 bids" in page
    for line in content["own"]["criteria"]:
        assert escape(line["name"]) in page
        if line["kind"] != "price":
            assert f"{line['score']} out of 4" in page
            assert escape(line["reason"]) in page
    assert "4 out of 4" in page  # the winner's scores
    assert pounds(PRICES[1]) in page and pounds(PRICES[0]) in page
    # Nothing about the third bidder: its name, its price or its total.
    assert escape(world.other[0].name) not in page
    assert pounds(PRICES[2]) not in page
    assert other.content["own"]["total"] not in page
    assert "2 out of 4" not in page
    assert content["price_formula"] in page or escape(content["price_formula"]) in page
    assert "8 working days" in page and "(UK time)" in page
    assert summary_url(summary, "assessment_summary_pdf") in page
    assert "no-store" in response["Cache-Control"]


def test_the_winner_is_told_it_was_successful(client, world):
    winner_org, winner = world.winner
    client.force_login(winner)
    page = html(client.get(summary_url(world.summary(winner_org))))
    assert "Your bid was successful" in page and "1 of 3 bids" in page


def test_a_supplier_admin_may_read_it_too(client, world):
    loser_org, _ = world.loser
    client.force_login(member(loser_org, Role.ADMIN))
    assert client.get(summary_url(world.summary(loser_org))).status_code == 200
    assert client.get(summary_url(world.summary(loser_org), "assessment_summary_pdf")).status_code == 200


def test_another_organisations_summary_is_a_404_and_other_sides_are_refused(
    client, world, admitted_supplier, buyer_admin, operator
):
    summary = world.summary(world.loser[0])
    _, stranger = admitted_supplier()
    client.force_login(stranger)
    for name in ("assessment_summary", "assessment_summary_pdf"):
        assert client.get(summary_url(summary, name)).status_code == 404
    client.force_login(world.loser[1])
    assert client.post(summary_url(summary)).status_code == 405
    client.force_login(world.winner[1])  # a bidder in the same competition, not this summary's
    assert client.get(summary_url(summary)).status_code == 404
    for user in (buyer_admin, operator):
        client.force_login(user)
        assert client.get(summary_url(summary)).status_code == 403
        assert client.get(reverse("suppliers:assessment_summaries")).status_code == 403
    client.logout()
    response = client.get(summary_url(summary))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_list_shows_each_summary_with_its_result(client, world, admitted_supplier):
    loser_org, loser = world.loser
    client.force_login(loser)
    page = html(client.get(reverse("suppliers:assessment_summaries")))
    assert escape(world.competition.title) in page
    assert summary_url(world.summary(loser_org)) in page
    assert "Unsuccessful" in page and "1 assessment summary" in page
    assert escape(world.competition.buyer.name) in page
    _, newcomer = admitted_supplier()
    client.force_login(newcomer)
    page = html(client.get(reverse("suppliers:assessment_summaries")))
    assert "You have no assessment summaries yet" in page


def test_the_list_is_paginated(client, world, monkeypatch):
    from suppliers.views import award

    monkeypatch.setattr(award, "PAGE_SIZE", 1)
    client.force_login(world.winner[1])
    assert client.get(reverse("suppliers:assessment_summaries")).status_code == 200
    assert client.get(reverse("suppliers:assessment_summaries"), {"page": 2}).status_code == 200


def test_the_pdf_is_the_same_letter(client, world):
    loser_org, loser = world.loser
    summary = world.summary(loser_org)
    client.force_login(loser)
    response = client.get(summary_url(summary, "assessment_summary_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert summary.content["own"]["total"] in text
    assert "Your bid was not successful" in text
    assert "Page 1 of" in text
    assert reader.metadata.title.startswith("Assessment summary")
    assert str(reader.trailer["/Root"]["/Lang"]) == "en-GB"
    assert not reader.attachments
    assert world.other[0].name not in text


def test_text_in_the_letter_is_escaped_never_markup(client, world):
    loser_org, loser = world.loser
    summary = world.summary(loser_org)
    content = summary.content
    scored = next(line for line in content["own"]["criteria"] if line["kind"] != "price")
    scored["reason"] = '<script>alert("x")</script><img src="http://169.254.169.254/">'
    summary.content = content
    summary.save(update_fields=["content"])
    client.force_login(loser)
    page = html(client.get(summary_url(summary)))
    assert "<script>alert" not in page and escape(scored["reason"]) in page
    response = client.get(summary_url(summary, "assessment_summary_pdf"))
    assert response.status_code == 200
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "<script>" in text or "alert" in text  # shown as text


def test_the_competition_page_says_the_summary_is_ready(client, world):
    loser_org, loser = world.loser
    client.force_login(loser)
    page = html(client.get(reverse("suppliers:competition", args=[world.competition.pk])))
    assert "Your assessment summary is ready" in page
    assert summary_url(world.summary(loser_org)) in page


def test_the_competitions_list_links_to_the_summaries(client, world):
    client.force_login(world.loser[1])
    assert reverse("suppliers:assessment_summaries") in html(client.get(reverse("suppliers:competitions")))


def test_a_cancelled_award_is_shown_on_the_summary(client, world, buyer_admin):
    from marketplace.competitions import services

    services.award_cancel(actor=buyer_admin, competition=world.competition, reason="A challenge was upheld")
    loser_org, loser = world.loser
    client.force_login(loser)
    page = html(client.get(summary_url(world.summary(loser_org))))
    assert "cancelled this award" in page and "A challenge was upheld" in page
