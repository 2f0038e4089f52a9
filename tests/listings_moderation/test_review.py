"""The review page: a version's full content, what it changes in the live listing, and the listing's history."""

import re

import pytest
from django.urls import NoReverseMatch, reverse

from suppliers import services
from suppliers.models import SolutionRevision

from .conftest import pdf_upload

pytestmark = pytest.mark.django_db


def review(client, revision) -> str:
    response = client.get(reverse("listings_to_review:review", args=[revision.pk]))
    assert response.status_code == 200
    return response.content.decode()


def field(content: str, key: str) -> str:
    """The shown value of one answer in the full-content list."""
    match = re.search(rf'<dd data-field="{key}">(.*?)</dd>', content, re.S)
    assert match, key
    return match.group(1).strip()


def comparison(content: str) -> str:
    start = content.index("data-comparison")
    return content[start:content.index("</table>", start)]


def changed_row(content: str, key: str) -> str:
    table = comparison(content)
    match = re.search(rf'<tr data-changed="{key}">(.*?)</tr>', table, re.S)
    assert match, f"{key} is not shown as changed"
    return match.group(1)


def test_a_new_listing_is_shown_in_full(operator_client, supplier, in_review):
    content = review(operator_client, in_review)

    assert "New listing" in content
    assert field(content, "title") == "Casework triage assistant"
    assert field(content, "summary") == "Sorts incoming casework by urgency"
    # The description is the sanitised HTML it is, rendered, not escaped.
    assert field(content, "description") == (
        "<p>Reads incoming casework.</p><p>Flags the urgent cases for a person to review.</p>"
    )
    studies = field(content, "case_studies")
    assert "Local government" in studies and "Backlog of 4,000 cases" in studies and "Backlog cleared" in studies
    assert field(content, "readiness_level") == "TRL 7: prototype demonstrated in an operational environment"
    assert field(content, "pricing_model") == "Subscription"
    assert field(content, "price_range") == "£5,000 to £25,000"  # from 500,000 and 2,500,000 pence
    assert field(content, "deployment") == "Cloud"
    assert field(content, "categories") == "Artificial intelligence and machine learning"
    assert field(content, "regions") == "London, Scotland"
    assert "ISO" in field(content, "standards") and "27001" in field(content, "standards")
    assert "data-comparison" not in content  # nothing to compare a new listing with
    assert reverse("listings_to_review:publish", args=[in_review.pk]) in content
    assert reverse("listings_to_review:return", args=[in_review.pk]) in content


def test_scripts_never_reach_the_page_even_if_stored(operator_client, in_review):
    """Descriptions are sanitised when saved; the admin sanitises again rather than trust the stored HTML."""
    SolutionRevision.objects.filter(pk=in_review.pk).update(
        description='<p onclick="steal()">Fine</p><script>alert("x")</script><img src=x onerror=alert(1)>'
    )

    shown = field(review(operator_client, in_review), "description")

    assert shown == "<p>Fine</p>"


def test_documents_are_listed_with_a_download_link_once_the_catalogue_serves_them(
    operator_client, supplier, in_review, operator
):
    organisation, _admin, author = supplier
    revision = services.revision_return(actor=operator, revision=in_review, comments="Add your brochure")
    document = services.document_add(actor=author, revision=revision, uploaded=pdf_upload(), title="Product brochure")
    services.revision_submit(actor=author, revision=revision)

    shown = field(review(operator_client, revision), "documents")

    assert "Product brochure" in shown and "PDF" in shown
    try:
        url = reverse("catalogue:document", args=[document.pk])
    except NoReverseMatch:
        assert "<a " not in shown  # no link until the catalogue's download view exists
    else:
        assert f'href="{url}"' in shown
        assert url == f"/catalogue/documents/{document.pk}/"


def test_a_change_shows_what_changed_compared_with_the_live_version(operator_client, change):
    content = review(operator_client, change)

    assert "Change to a live listing" in content
    title = changed_row(content, "title")
    assert "Casework triage assistant</del>" in title and "Casework triage assistant 2</ins>" in title
    price = changed_row(content, "price_range")
    assert "£5,000 to £25,000" in price and "£5,000 to £30,000.50" in price
    level = changed_row(content, "readiness_level")
    assert "TRL 7" in level and "TRL 8" in level
    categories = changed_row(content, "categories")
    old, new = categories.split("<ins")
    assert "Data and analytics" in new and "Data and analytics" not in old
    assert "North East" in changed_row(content, "regions")
    table = comparison(content)
    for unchanged in ("summary", "description", "case_studies", "pricing_model", "deployment", "standards",
                      "documents"):
        assert f'data-changed="{unchanged}"' not in table, unchanged
    assert "Not changed: One-line summary, Description, Case studies" in content


def test_new_documents_and_description_changes_are_compared(operator_client, supplier, live, operator):
    _organisation, _admin, author = supplier
    revision = services.solution_edit(actor=author, solution=live)
    services.revision_update(actor=author, revision=revision, description="Now <strong>faster</strong>.")
    services.document_add(actor=author, revision=revision, uploaded=pdf_upload(), title="Security statement")
    services.revision_submit(actor=author, revision=revision)

    content = review(operator_client, revision)

    description = changed_row(content, "description")
    assert "<p>Reads incoming casework.</p>" in description and "Now <strong>faster</strong>." in description
    assert "Security statement" in changed_row(content, "documents")
    assert 'data-changed="title"' not in comparison(content)


def test_the_history_shows_every_version_and_every_decision_with_comments(operator_client, supplier, operator, live):
    _organisation, _admin, author = supplier
    revision = services.solution_edit(actor=author, solution=live)
    services.revision_update(actor=author, revision=revision, title="Casework triage assistant 2")
    services.revision_submit(actor=author, revision=revision)
    services.revision_return(actor=operator, revision=revision, comments="Say what version 2 adds")
    services.revision_submit(actor=author, revision=revision)  # sent again: the version's comments are cleared

    content = review(operator_client, revision)

    history = content[content.index("data-history"):]
    assert re.search(r'<tr data-version="2">.*?In review', history, re.S)
    assert re.search(r'<tr data-version="1">.*?Live', history, re.S)
    assert reverse("listings_to_review:review", args=[live.live_revision_id]) in history
    assert author.email in history and operator.email in history
    steps = content[content.index("data-steps"):]
    assert steps.index("Published version 1") < steps.index("Sent version 2 for review")
    assert steps.index("Returned version 2 with comments") < steps.rindex("Sent version 2 for review")
    assert "Say what version 2 adds" in steps  # kept in the audit log though the version's own copy is cleared


def test_a_decided_version_can_be_read_but_offers_no_actions(operator_client, operator, in_review):
    services.revision_return(actor=operator, revision=in_review, comments="Add a case study from the NHS")

    content = review(operator_client, in_review)

    assert "Returned with comments" in content
    assert "Add a case study from the NHS" in content
    assert reverse("listings_to_review:publish", args=[in_review.pk]) not in content


def test_a_missing_version_is_not_found_for_an_operator(operator_client):
    assert operator_client.get(reverse("listings_to_review:review", args=[999999])).status_code == 404
    assert operator_client.get(reverse("listings_to_review:publish", args=[999999])).status_code == 404
    assert operator_client.post(reverse("listings_to_review:return", args=[999999]), {"comments": "x"}).status_code \
        == 404
