"""The public opportunities: open competitions and their tender notices, for anyone, without the invited
suppliers' material (documents, questions, clarifications)."""

import pytest
from django.urls import reverse

from marketplace.competitions import services
from tests.competition_builder import complete_draft, pass_deadline, published

from .helpers import DOCUMENT_TITLE, QUESTION, competition_with_document, html

pytestmark = pytest.mark.django_db

LIST = reverse("opportunities:list")


def detail(competition):
    return reverse("opportunities:detail", args=[competition.pk])


def test_anonymous_people_see_open_competitions_with_budget_deadline_and_summary(client, buyer_admin):
    competition = published(buyer_admin)
    complete_draft(buyer_admin, title="A draft nobody sees")
    page = html(client.get(LIST))
    assert competition.title in page and "A draft nobody sees" not in page
    assert competition.buyer.name in page
    assert "Artificial intelligence and machine learning" in page
    assert "£50,000 to £150,000" in page
    assert "(UK time)" in page
    assert "Find a way to cut missed bin collections" in page
    assert "1 open opportunity" in page
    assert f'href="{detail(competition)}"' in page


def test_closed_competitions_leave_the_list(client, buyer_admin):
    competition = pass_deadline(published(buyer_admin))
    page = html(client.get(LIST))
    assert competition.title not in page
    assert "There are no open opportunities at the moment" in page


def test_the_list_filters_by_category(client, buyer_admin):
    ai = published(buyer_admin, title="Predict potholes")
    cyber = published(buyer_admin, title="Harden the network", slug="cyber-security")
    page = html(client.get(LIST, {"category": "cyber-security"}))
    assert cyber.title in page and ai.title not in page
    assert '<option value="cyber-security" selected>' in page
    empty = html(client.get(LIST, {"category": "quantum"}))
    assert "There are no open opportunities in Quantum technologies" in empty
    # Something not understood is said, and everything is listed.
    odd = html(client.get(LIST, {"category": "nonsense"}))
    assert "Select a category from the list" in odd and ai.title in odd and cyber.title in odd


def test_the_list_is_paginated_in_a_fixed_number_of_queries(client, buyer_admin, monkeypatch,
                                                             django_assert_max_num_queries):
    from suppliers.views import opportunities

    monkeypatch.setattr(opportunities, "PAGE_SIZE", 2)
    titles = [f"Opportunity number {n}" for n in range(5)]
    for title in titles:
        published(buyer_admin, title=title)
    with django_assert_max_num_queries(4):
        first = html(client.get(LIST))
    assert 'class="govuk-pagination"' in first and "5 open opportunities" in first
    assert sum(title in first for title in titles) == 2
    with django_assert_max_num_queries(4):
        last = html(client.get(LIST, {"page": 3}))
    assert sum(title in last for title in titles) == 1


def test_the_tender_notice_shows_what_the_public_may_know_and_nothing_for_invited_suppliers_only(
    client, buyer_admin, admitted_supplier
):
    _, supplier = admitted_supplier()
    competition = competition_with_document(buyer_admin)
    clarification = services.clarification_ask(actor=supplier, competition=competition,
                                                question="Is the depot data available?")
    services.clarification_publish(actor=buyer_admin, clarification=clarification,
                                   published_question="Is the depot data available?",
                                   answer="Yes, the SECRET depot data is in the pack.")
    page = html(client.get(detail(competition)))
    assert competition.title in page and competition.reference in page
    assert "Around 1,200 bin collections are missed each month" in page  # the problem
    assert "Fewer missed collections" in page and "Missed collections fall by 30% in 6 months" in page
    assert "£50,000 to £150,000" in page and "12 months" in page and "Leeds" in page
    assert "Yorkshire and The Humber" in page
    assert "(UK time)" in page and "Open" in page
    # Not the documents, the questions or the clarifications.
    assert DOCUMENT_TITLE not in page and "/documents/" not in page
    assert QUESTION not in page
    assert "depot data" not in page
    assert "suppliers admitted to" in page.lower() or "supplier admitted to" in page.lower()
    assert reverse("suppliers:competition", args=[competition.pk]) not in page


def test_an_invited_supplier_is_sent_to_the_full_competition(client, buyer_admin, admitted_supplier):
    _, supplier = admitted_supplier()
    competition = published(buyer_admin)
    client.force_login(supplier)
    page = html(client.get(detail(competition)))
    assert reverse("suppliers:competition", args=[competition.pk]) in page
    assert "Your organisation is invited" in page


def test_an_uninvited_supplier_is_told_how_invitations_work(client, buyer_admin, supplier_member):
    competition = published(buyer_admin)
    client.force_login(supplier_member)
    page = html(client.get(detail(competition)))
    assert reverse("suppliers:competition", args=[competition.pk]) not in page
    assert "Every supplier admitted to Artificial intelligence and machine learning" in page


def test_a_cancelled_competition_shows_its_procurement_termination_notice(client, buyer_admin):
    competition = published(buyer_admin)
    services.competition_cancel(actor=buyer_admin, competition=competition, reason="The budget was withdrawn.")
    page = html(client.get(detail(competition)))
    assert "Procurement termination notice" in page and "Cancelled" in page
    assert "The budget was withdrawn." in page and "(UK time)" in page


def test_closed_competitions_still_have_their_notice_and_drafts_do_not_exist(client, buyer_admin):
    closed = pass_deadline(published(buyer_admin))
    assert "Closed" in html(client.get(detail(closed)))
    draft = complete_draft(buyer_admin, title="Not yet")
    assert client.get(detail(draft)).status_code == 404
    assert client.get(reverse("opportunities:detail", args=[999_999])).status_code == 404


def test_the_navigation_and_the_dashboard_lead_to_the_pages(client, supplier_member):
    assert f'href="{LIST}"' in html(client.get("/"))
    client.force_login(supplier_member)
    dashboard = html(client.get(reverse("suppliers:dashboard")))
    assert f'href="{reverse("suppliers:competitions")}"' in dashboard
