"""The list of competitions (paginated, empty state, the dashboard link), and fixed query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from marketplace.competitions import services
from marketplace.competitions.models import Competition
from marketplace.taxonomy.models import Category
from tests.competition_builder import complete_draft, pdf_upload, published, submitted_bid

from .helpers import html, url

pytestmark = pytest.mark.django_db


def test_the_dashboard_links_to_the_competitions(owner_client):
    page = html(owner_client.get(reverse("buyers:dashboard")))
    assert 'href="/buyer/competitions/">Your competitions</a>' in page


def test_the_empty_list(owner_client):
    page = html(owner_client.get(reverse("buyers:competitions")))
    assert "Your organisation has no competitions yet" in page
    assert reverse("buyers:competition_new") in page and "Start a competition" in page


def test_the_list_shows_status_deadline_and_invited_count(owner_client, buyer_admin, admitted_supplier):
    admitted_supplier()
    admitted_supplier()
    live = published(buyer_admin, title="Live competition")
    complete_draft(buyer_admin, title="Draft competition")
    page = html(owner_client.get(reverse("buyers:competitions")))
    assert "Live competition" in page and "Draft competition" in page
    assert live.reference in page and "Not published yet" in page
    assert ">Open<" in page and ">Draft<" in page
    assert "(UK time)" in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in page


def test_the_list_is_paginated(owner_client, buyer_admin, buyer_org):
    category = Category.objects.get(slug="artificial-intelligence")
    Competition.objects.bulk_create(
        [Competition(buyer=buyer_org, owner=buyer_admin, title=f"Competition {n}",
                     category=category) for n in range(25)]
    )
    first = html(owner_client.get(reverse("buyers:competitions")))
    assert first.count('<tr class="govuk-table__row">') == 21  # header + 20
    assert "?page=2" in first and "page 1 of 2" in first
    second = html(owner_client.get(reverse("buyers:competitions") + "?page=2"))
    assert second.count('<tr class="govuk-table__row">') == 6
    assert owner_client.get(reverse("buyers:competitions") + "?page=99").status_code == 200


def _count(client, page_url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page_url)
    assert response.status_code == 200, page_url
    return len(queries)


def test_the_list_and_overview_run_a_fixed_number_of_queries(owner_client, buyer_admin, admitted_supplier,
                                                            django_assert_max_num_queries):
    _organisation, supplier = admitted_supplier()
    draft = complete_draft(buyer_admin, title="Draft")
    live = published(buyer_admin, title="Live")
    owner_client.get(reverse("buyers:competitions"))  # warm up the session
    few = {
        "list": _count(owner_client, reverse("buyers:competitions")),
        "draft": _count(owner_client, url("competition", draft)),
        "live": _count(owner_client, url("competition", live)),
        "preview": _count(owner_client, url("competition_preview", draft)),
        "clarifications": _count(owner_client, url("clarifications", live)),
    }
    # Many more rows of everything.
    for n in range(3):
        admitted_supplier()
        complete_draft(buyer_admin, title=f"Another {n}")
        services.competition_document_add(actor=buyer_admin, competition=draft, uploaded=pdf_upload(), title=f"D{n}")
        services.clarification_ask(actor=supplier, competition=live, question=f"Question {n}?")
    services.competition_set_outcomes(actor=buyer_admin, competition=draft,
                                      outcomes=[(f"Outcome {n}", f"Measure {n}") for n in range(8)])
    submitted_bid(supplier, live)
    many = {
        "list": _count(owner_client, reverse("buyers:competitions")),
        "draft": _count(owner_client, url("competition", draft)),
        "live": _count(owner_client, url("competition", live)),
        "preview": _count(owner_client, url("competition_preview", draft)),
        "clarifications": _count(owner_client, url("clarifications", live)),
    }
    assert many == few
    with django_assert_max_num_queries(8):
        owner_client.get(reverse("buyers:competitions"))
    with django_assert_max_num_queries(14):
        owner_client.get(url("competition", draft))
    with django_assert_max_num_queries(14):
        owner_client.get(url("competition", live))
