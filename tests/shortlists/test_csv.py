"""A shortlist as CSV: one row per entry with the listing's fields and the note, every cell neutralised."""

import csv
import io

import pytest
from django.urls import reverse

from buyers import services
from buyers.csv_export import HEADER, neutralise_cell
from marketplace.admission import services as admission
from marketplace.admission.models import Admission
from suppliers.models import Solution

# The neutralising function on its own.


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("=1+1", "'=1+1"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-5% off", "'-5% off"),
        ("-", "'-"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
    ],
)
def test_a_cell_that_could_start_a_formula_is_prefixed_with_a_quote(value, expected):
    assert neutralise_cell(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Casework triage assistant", "Casework triage assistant"),
        ("A = B", "A = B"),
        ("5-10 users", "5-10 users"),
        (" =not first", " =not first"),
        ("'already quoted", "'already quoted"),
        ("", ""),
        (None, ""),
        (42, "42"),
        ("£5,000", "£5,000"),
    ],
)
def test_other_cells_are_left_alone(value, expected):
    assert neutralise_cell(value) == expected


# The export.


def _rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.mark.django_db
def test_the_export_is_an_attachment_with_a_row_per_entry(buyer_client, shortlist, buyer_member, make_listing):
    first = make_listing("Casework triage assistant", price_min_pence=500_000, price_max_pence=2_500_050,
                         regions=("TLI", "TLM"), standards=("iso-27001",))
    second = make_listing("Data platform")
    services.entry_add(actor=buyer_member, shortlist=shortlist, solution=first, note="Ask about hosting")
    services.entry_add(actor=buyer_member, shortlist=shortlist, solution=second)
    response = buyer_client.get(reverse("buyers:shortlist_export", args=[shortlist.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="shortlist-casework-automation.csv"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    rows = _rows(response)
    assert rows[0] == HEADER
    assert len(rows) == 3
    row = dict(zip(HEADER, rows[1], strict=True))
    assert row["Listing ID"] == str(first.pk)
    assert row["Title"] == "Casework triage assistant"
    assert row["Catalogue page"] == f"http://testserver/catalogue/{first.pk}/"
    assert row["Available in the catalogue"] == "Yes"
    assert row["Supplier"] == first.organisation.name
    assert row["Supplier size"] == "Small"
    assert row["Summary"] == "Sorts incoming casework by urgency"
    assert row["Technology readiness level"].startswith("TRL 7")
    assert row["Pricing model"] == "Subscription"
    assert row["Lowest price (£)"] == "5000.00" and row["Highest price (£)"] == "25000.50"
    assert row["Deployment"] == "Cloud"
    assert row["Regions"] == "London; Scotland"
    assert row["Standards and certifications"] == "ISO/IEC 27001 (information security)"
    assert row["Categories"] == "Artificial intelligence and machine learning"
    assert row["Note"] == "Ask about hosting"
    assert rows[2][1] == "Data platform"


@pytest.mark.django_db
def test_formula_cells_are_neutralised_in_the_export(buyer_client, shortlist, buyer_member, make_listing):
    titles = {
        '=HYPERLINK("http://x","y")': '\'=HYPERLINK("http://x","y")',
        "+1 cmd": "'+1 cmd",
        "-5% off": "'-5% off",
        "@SUM(A1)": "'@SUM(A1)",
        "\tTabbed": "'\tTabbed",
        "\rReturned": "'\rReturned",
    }
    for title in titles:
        solution = make_listing("Placeholder")
        # Titles with a leading tab or carriage return cannot be typed (the listing form strips them):
        # put every hostile title straight onto the published listing.
        Solution.objects.filter(pk=solution.pk).update(title=title, summary="=cmd|' /C calc'!A0")
        services.entry_add(actor=buyer_member, shortlist=shortlist, solution=solution, note="@risk note")
    rows = _rows(buyer_client.get(reverse("buyers:shortlist_export", args=[shortlist.pk])))[1:]
    assert [row[1] for row in rows] == list(titles.values())
    for row in rows:
        assert row[HEADER.index("Summary")] == "'=cmd|' /C calc'!A0"
        assert row[HEADER.index("Note")] == "'@risk note"
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.django_db
def test_a_listing_no_longer_in_the_catalogue_exports_its_title_and_note_only(
    buyer_client, shortlist, buyer_member, operator, second_supplier, make_listing
):
    organisation, admin = second_supplier
    solution = make_listing("Suspended tool", author=admin, organisation=organisation)
    services.entry_add(actor=buyer_member, shortlist=shortlist, solution=solution, note="Liked it")
    admission.admission_suspend(actor=operator, admission=Admission.objects.get(organisation=organisation),
                                reason="Insurance lapsed")
    row = dict(zip(HEADER, _rows(buyer_client.get(reverse("buyers:shortlist_export", args=[shortlist.pk])))[1],
                   strict=True))
    assert row["Title"] == "Suspended tool" and row["Available in the catalogue"] == "No"
    assert row["Supplier"] == "" and row["Catalogue page"] == "" and row["Note"] == "Liked it"


@pytest.mark.django_db
def test_an_empty_shortlist_exports_the_header(buyer_client, shortlist):
    assert _rows(buyer_client.get(reverse("buyers:shortlist_export", args=[shortlist.pk]))) == [HEADER]
