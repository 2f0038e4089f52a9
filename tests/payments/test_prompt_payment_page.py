"""Prompt payment, published: the public page /prompt-payment/, its CSV and /api/v1/prompt-payment/, over the
fixed set of invoices of test_prompt_payment.py (known answers), so all three show the selector's figures."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.evaluation_fixtures import _media_in_tmp  # noqa: F401 (fixture)
from tests.factories import BuyerOrganisationFactory
from tests.payments.builders import deal  # noqa: F401 (fixture)
from tests.payments.test_prompt_payment import invoice, ledger  # noqa: F401 (fixture)

PAGE = "/prompt-payment/"
CSV = "/prompt-payment/download.csv"
API = "/api/v1/prompt-payment/"


def text(response) -> str:
    return response.content.decode()


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(body)))


def table(html: str, period: str) -> str:
    """The HTML of one quarter's table."""
    start = html.index(f'id="quarter-{period.lower().replace(" ", "-")}"')
    return html[start:html.index("</table>", start)]


def test_urls():
    assert reverse("payments:prompt_payment") == PAGE
    assert reverse("payments:prompt_payment_csv") == CSV
    assert reverse("prompt-payment-list") == API


def test_page_shows_each_buyers_share_and_average_per_quarter_newest_first(client, ledger):
    alpha, beta = ledger
    response = client.get(PAGE)
    assert response.status_code == 200
    html = text(response)
    assert "within 30 days" in html and "Late Payment of Commercial Debts" in html
    # Newest quarter first.
    assert html.index('id="quarter-2026-q2"') < html.index('id="quarter-2026-q1"')
    q1 = table(html, "2026 Q1")
    # Alpha: 4 undisputed invoices paid (the disputed A5 and the unpaid A6 are left out), 2 on time, 33.5 days.
    alpha_row = q1[q1.index(alpha.name):q1.index("</tr>", q1.index(alpha.name))]
    assert ">4<" in alpha_row and "50.0%" in alpha_row and "2 of 4" in alpha_row and "33.5" in alpha_row
    beta_row = q1[q1.index(beta.name):q1.index("</tr>", q1.index(beta.name))]
    assert ">3<" in beta_row and "66.7%" in beta_row and "17.7" in beta_row
    q2 = table(html, "2026 Q2")
    assert alpha.name in q2 and "100.0%" in q2 and "13.0" in q2 and beta.name not in q2
    # The filter offers the buyers and quarters that have figures.
    assert f'<option value="{alpha.pk}">' in html and f'<option value="{beta.pk}">' in html
    assert '<option value="2026-Q2">2026 Q2</option>' in html and '<option value="2026-Q1">' in html


def test_a_disputed_invoice_is_left_out(client, deal):
    disputer = BuyerOrganisationFactory(name="Disputing Council")
    invoice(deal, disputer, "D1", date(2026, 1, 5), date(2026, 3, 30), disputed=True)
    html = text(client.get(PAGE))
    assert "Disputing Council" not in html
    assert "No invoices have been paid through the marketplace yet" in html
    invoice(deal, disputer, "D2", date(2026, 1, 5), date(2026, 1, 15))
    row = table(text(client.get(PAGE)), "2026 Q1")
    assert "Disputing Council" in row and ">1<" in row and "100.0%" in row and "10.0" in row


def test_filter_by_buyer_and_quarter(client, ledger):
    alpha, beta = ledger
    html = text(client.get(PAGE, {"buyer": beta.pk}))
    assert beta.name in table(html, "2026 Q1") and alpha.name not in table(html, "2026 Q1")
    assert 'id="quarter-2026-q2"' not in html
    assert f'<option value="{beta.pk}" selected>' in html

    html = text(client.get(PAGE, {"period": "2026-Q2"}))
    assert 'id="quarter-2026-q1"' not in html and alpha.name in table(html, "2026 Q2")
    assert '<option value="2026-Q2" selected>' in html

    html = text(client.get(PAGE, {"buyer": beta.pk, "period": "2026-Q2"}))
    assert "No figures match these filters" in html

    response = client.get(PAGE, {"period": "2026-Q5"})
    assert response.status_code == 200
    assert "There is a problem" in text(response) and "Enter a quarter like 2026-Q1" in text(response)
    assert 'id="quarter-' not in text(response)


def test_empty_page(client, db):
    html = text(client.get(PAGE))
    assert "No invoices have been paid through the marketplace yet" in html
    assert "Download these figures" not in html


def test_open_data_page_links_to_it(client, db):
    assert f'href="{PAGE}"' in text(client.get(reverse("opendata:index")))


def test_csv_has_the_same_figures(client, ledger):
    alpha, beta = ledger
    response = client.get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="spark-prompt-payment-')
    rows = csv_rows(response)
    assert rows[0] == ["Buyer", "Buyer ID", "Year", "Quarter", "Invoices paid", "Paid within 30 days",
                       "Paid within 30 days (%)", "Average days to pay"]
    assert rows[1:] == [
        [alpha.name, str(alpha.pk), "2026", "Q2", "1", "1", "100.0", "13.0"],
        [alpha.name, str(alpha.pk), "2026", "Q1", "4", "2", "50.0", "33.5"],
        [beta.name, str(beta.pk), "2026", "Q1", "3", "2", "66.7", "17.7"],
    ]
    # The same filters as the page.
    assert [row[0] for row in csv_rows(client.get(CSV, {"buyer": beta.pk}))[1:]] == [beta.name]
    assert client.get(CSV, {"period": "bad"}).status_code == 400


def test_csv_neutralises_cells(client, deal):
    formula = BuyerOrganisationFactory(name='=HYPERLINK("http://x","y")')
    invoice(deal, formula, "F1", date(2026, 1, 5), date(2026, 1, 15))
    rows = csv_rows(client.get(CSV))
    assert rows[1][0] == '\'=HYPERLINK("http://x","y")'


def test_api_returns_the_same_figures(client, ledger):
    alpha, beta = ledger
    response = client.get(API)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [(r["buyer_id"], r["period"], r["invoices_paid"], r["paid_within_30_days"],
             Decimal(r["share_within_30_days_percent"]), Decimal(r["average_days_to_pay"]))
            for r in body["results"]] == [
        (alpha.pk, "2026 Q2", 1, 1, Decimal("100.0"), Decimal("13.0")),
        (alpha.pk, "2026 Q1", 4, 2, Decimal("50.0"), Decimal("33.5")),
        (beta.pk, "2026 Q1", 3, 2, Decimal("66.7"), Decimal("17.7")),
    ]
    assert body["results"][0]["buyer_name"] == alpha.name
    assert body["results"][0]["year"] == 2026 and body["results"][0]["quarter"] == 2


def test_api_filters(client, ledger):
    alpha, beta = ledger
    assert [r["buyer_id"] for r in client.get(API, {"buyer": beta.pk}).json()["results"]] == [beta.pk]
    assert [(r["buyer_id"], r["period"]) for r in client.get(API, {"year": 2026, "quarter": 1}).json()["results"]] \
        == [(alpha.pk, "2026 Q1"), (beta.pk, "2026 Q1")]
    assert [r["period"] for r in client.get(API, {"period": "2026-Q2"}).json()["results"]] == ["2026 Q2"]
    assert client.get(API, {"year": 2025}).json()["count"] == 0
    page = client.get(API, {"page_size": 2}).json()
    assert page["count"] == 3 and len(page["results"]) == 2 and page["next"]


@pytest.mark.parametrize("params, field", [
    ({"quarter": "5"}, "quarter"), ({"quarter": "Q1"}, "quarter"), ({"period": "2026-Q5"}, "period"),
    ({"buyer": "abc"}, "buyer"), ({"year": "20x6"}, "year"),
])
def test_api_bad_filter_is_400_with_the_error_body(client, db, params, field):
    response = client.get(API, params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400 and error["code"] == "invalid" and field in error["fields"]


def test_api_is_read_only(client, db):
    assert client.post(API, {}).status_code == 405


def _buyers_with_figures(deal, count: int, prefix: str):
    for n in range(count):
        buyer = BuyerOrganisationFactory(name=f"{prefix} Council {n:02d}")
        invoice(deal, buyer, f"{prefix}{n:02d}a", date(2026, 1, 5), date(2026, 1, 20))
        invoice(deal, buyer, f"{prefix}{n:02d}b", date(2025, 10, 5), date(2025, 12, 20))


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_buyers(client, deal):
    _buyers_with_figures(deal, 2, "S")
    few = {url: _queries(client, url) for url in (PAGE, CSV, API)}
    _buyers_with_figures(deal, 10, "M")
    many = {url: _queries(client, url) for url in (PAGE, CSV, API)}
    assert many == few
    assert few == {PAGE: 3, CSV: 1, API: 1}
    assert "M Council 09" in text(client.get(PAGE))


def test_quarters_are_paged(client, ledger, monkeypatch):
    from marketplace.payments import views

    monkeypatch.setattr(views, "QUARTERS_PER_PAGE", 1)
    first = text(client.get(PAGE))
    assert 'id="quarter-2026-q2"' in first and 'id="quarter-2026-q1"' not in first and 'rel="next"' in first
    second = text(client.get(PAGE, {"page": 2}))
    assert 'id="quarter-2026-q1"' in second and 'id="quarter-2026-q2"' not in second


def test_query_numbers(client, ledger):
    """The page: the filter's buyers and quarters, and the figures; the CSV and the API: the figures only."""
    assert {url: _queries(client, url) for url in (PAGE, CSV, API)} == {PAGE: 3, CSV: 1, API: 1}
