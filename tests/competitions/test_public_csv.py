"""The open opportunities and the contract award notices as CSV (open data): only competitions open now and
notices published, only public facts (never a losing bidder, a price other than the award's, or an email
address), every cell neutralised, in a fixed number of queries whatever the file holds."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from marketplace.accounts.models import Organisation, User
from marketplace.competitions import services
from marketplace.competitions.models import Award, Competition
from marketplace.competitions.timing import uk
from suppliers.public_csv import AWARD_HEADER, OPPORTUNITY_HEADER
from tests.competition_builder import complete_draft, pass_deadline, published, quick_admitted_supplier
from tests.supplier_award.helpers import PRICES, build

pytestmark = pytest.mark.django_db

OPPORTUNITIES = reverse("opportunities:csv")
AWARDS = reverse("opportunities:award_notices_csv")
# Opportunities: the active categories (for the filter), the competitions, their regions. Awards: one query.
OPPORTUNITY_QUERIES = 3
AWARD_QUERIES = 1
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def body(response) -> str:
    assert response.status_code == 200
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def rows(response, header) -> list[dict]:
    text = body(response)
    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert lines[0] == header
    return [dict(zip(header, line, strict=True)) for line in lines[1:]]


def _headers_are_a_safe_attachment(response, name):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="spark-{name}-{timezone.localdate().isoformat()}.csv"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"


# Open opportunities.


def test_anyone_downloads_the_open_opportunities(client, buyer_admin):
    competition = published(buyer_admin, title="Reduce missed bin collections")
    response = client.get(OPPORTUNITIES)
    _headers_are_a_safe_attachment(response, "opportunities")
    [row] = rows(response, OPPORTUNITY_HEADER)
    competition.refresh_from_db()
    assert row == {
        "Reference": competition.reference,
        "Title": "Reduce missed bin collections",
        "Buyer": competition.buyer.name,
        "Category": "Artificial intelligence and machine learning",
        "Published at (UK time)": uk(competition.published_at).isoformat(timespec="seconds"),
        "Clarification deadline (UK time)": uk(competition.clarification_deadline).isoformat(timespec="seconds"),
        "Submission deadline (UK time)": uk(competition.submission_deadline).isoformat(timespec="seconds"),
        "Budget from (£)": "50000.00",
        "Budget up to (£)": "150000.00",
        "Contract length (months)": "12",
        "Location": "Leeds",
        "Regions": "; ".join(region.name for region in competition.regions.all()),
        "Opportunity page": f"http://testserver/opportunities/{competition.pk}/",
    }
    assert row["Submission deadline (UK time)"].endswith(("T12:00:00+00:00", "T12:00:00+01:00"))  # midday, UK
    assert competition.reference


def test_only_competitions_open_now_are_listed(client, buyer_admin):
    open_now = published(buyer_admin, title="Open now")
    complete_draft(buyer_admin, title="A draft nobody sees")
    pass_deadline(published(buyer_admin, title="Closed by its deadline"))
    cancelled = published(buyer_admin, title="Cancelled competition")
    services.competition_cancel(actor=buyer_admin, competition=cancelled, reason="The budget was withdrawn")
    text = body(client.get(OPPORTUNITIES))
    assert [row["Title"] for row in rows(client.get(OPPORTUNITIES), OPPORTUNITY_HEADER)] == [open_now.title]
    for hidden in ("A draft nobody sees", "Closed by its deadline", "Cancelled competition"):
        assert hidden not in text


def test_the_category_filter_applies(client, buyer_admin):
    published(buyer_admin, title="Predict potholes")
    published(buyer_admin, title="Harden the network", slug="cyber-security")
    assert [row["Title"] for row in rows(client.get(OPPORTUNITIES, {"category": "cyber-security"}),
                                         OPPORTUNITY_HEADER)] == ["Harden the network"]
    assert client.get(OPPORTUNITIES, {"category": "nonsense"}).status_code == 400
    page = client.get(reverse("opportunities:list"), {"category": "cyber-security"}).content.decode()
    assert f'href="{OPPORTUNITIES}?category=cyber-security"' in page and "Download as CSV" in page


def test_opportunity_cells_are_neutralised(client, buyer_admin):
    competition = published(buyer_admin, title="=cmd|' /C calc'!A0")
    Competition.objects.filter(pk=competition.pk).update(location="@Leeds")
    [row] = rows(client.get(OPPORTUNITIES), OPPORTUNITY_HEADER)
    assert row["Title"] == "'=cmd|' /C calc'!A0"
    assert row["Location"] == "'@Leeds"


def _queries(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as context:
        text = body(client.get(url))
    return len(context.captured_queries), len(text.splitlines()) - 1


def test_the_opportunities_cost_the_same_queries_for_2_or_15(client, buyer_admin, django_assert_max_num_queries):
    first = published(buyer_admin, title="Opportunity 0")
    published(buyer_admin, title="Opportunity 1")
    few, few_rows = _queries(client, OPPORTUNITIES)
    # Thirteen more, copied from the first (publishing is tested elsewhere and is slow).
    regions, base = list(first.regions.all()), first.reference[:12]
    for number in range(2, 15):
        first.pk, first.reference, first.title = None, f"{base}-{number}", f"Opportunity {number}"
        first.save()
        first.regions.set(regions)
    more, more_rows = _queries(client, OPPORTUNITIES)
    assert (few_rows, more_rows) == (2, 15)
    assert more == few <= OPPORTUNITY_QUERIES


# Contract award notices.


def _bidder(*_args):
    return quick_admitted_supplier("artificial-intelligence", prefix="Bidder")


def test_anyone_downloads_the_published_award_notices(client, buyer_admin):
    world = build(buyer_admin, _bidder)
    award = Award.objects.get(competition=world.competition)
    response = client.get(AWARDS)
    _headers_are_a_safe_attachment(response, "award-notices")
    [row] = rows(response, AWARD_HEADER)
    winner = world.winner[0]
    assert row == {
        "Competition reference": world.competition.reference,
        "Title": world.competition.title,
        "Buyer": world.competition.buyer.name,
        "Supplier awarded": winner.name,
        "Supplier Companies House number": winner.companies_house_number,
        "Contract value (£)": f"{PRICES[0] // 100}.00",
        "Bids received": "3",
        "Notice published at (UK time)": uk(award.notice_published_at).isoformat(timespec="seconds"),
        "Standstill ends at (UK time)": uk(award.standstill_ends_at).isoformat(timespec="seconds"),
        "Contract award notice page": f"http://testserver/opportunities/{world.competition.pk}/award/",
    }
    page = client.get(reverse("opportunities:award_notices")).content.decode()
    assert f'href="{AWARDS}"' in page and "Download as CSV" in page


def test_the_awards_file_never_leaks_a_losing_bidder_a_price_or_an_email(client, buyer_admin):
    world = build(buyer_admin, _bidder)
    for number, (organisation, _user) in enumerate((world.winner, world.loser, world.other), start=1):
        Organisation.objects.filter(pk=organisation.pk).update(companies_house_number=f"0755{number:04d}")
    text = body(client.get(AWARDS))
    assert "07550001" in text  # the winner's number
    for number, (organisation, user) in enumerate((world.loser, world.other), start=2):
        assert organisation.name not in text
        assert f"0755{number:04d}" not in text
        assert user.last_name not in text and user.email not in text
    for price in PRICES[1:]:
        whole = str(price // 100)
        assert whole not in text and f"{price // 100:,}" not in text and str(price) not in text
    assert not EMAIL.search(text), EMAIL.search(text)
    for user in User.objects.all():
        assert user.email not in text
        if user.get_full_name():
            assert user.get_full_name() not in text
    # Nor what only the bidders and the buyer see: scores, answers.
    assert "out of 100" not in text and "We will route crews" not in text


def test_unpublished_or_cancelled_awards_are_not_listed(client, buyer_admin):
    decided = build(buyer_admin, _bidder, send=False)
    summaries_sent = build(buyer_admin, _bidder, publish=False)
    cancelled = build(buyer_admin, _bidder)
    services.award_cancel(actor=buyer_admin, competition=cancelled.competition, reason="A challenge was upheld")
    shown = build(buyer_admin, _bidder)
    text = body(client.get(AWARDS))
    assert [row["Competition reference"] for row in rows(client.get(AWARDS), AWARD_HEADER)] == [
        shown.competition.reference]
    for hidden in (decided, summaries_sent, cancelled):
        assert hidden.competition.reference not in text
        assert hidden.winner[0].name not in text


def test_award_cells_are_neutralised(client, buyer_admin):
    world = build(buyer_admin, _bidder)
    Competition.objects.filter(pk=world.competition.pk).update(title="+SUM(A1:A9)")
    [row] = rows(client.get(AWARDS), AWARD_HEADER)
    assert row["Title"] == "'+SUM(A1:A9)"


def test_the_awards_cost_the_same_queries_for_2_or_15(client, buyer_admin):
    world = build(buyer_admin, _bidder)
    award = Award.objects.get(competition=world.competition)
    competition = Competition.objects.get(pk=world.competition.pk)
    base = competition.reference[:12]

    def copy(number):
        """Another published notice, copied (the award services are tested elsewhere and are slow)."""
        competition.pk, competition.reference = None, f"{base}-{number}"
        competition.save()
        award.pk, award.competition = None, competition
        award.notice_published_at = timezone.now() - timedelta(minutes=number)
        award.save()

    copy(1)
    few, few_rows = _queries(client, AWARDS)
    for number in range(2, 15):
        copy(number)
    more, more_rows = _queries(client, AWARDS)
    assert (few_rows, more_rows) == (2, 15)
    assert more == few <= AWARD_QUERIES
