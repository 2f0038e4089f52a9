"""The queue of listings to review: only versions in review, the longest waiting first, new vs change, fixed queries."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from suppliers import services
from suppliers.models import SolutionRevision

from ..listings import complete_revision, published_solution
from .conftest import QUEUE, row_of

pytestmark = pytest.mark.django_db


def submit(author, organisation, title, *, submitted_at=None, **kwargs):
    revision = complete_revision(author, organisation, title=title, **kwargs)
    revision = services.revision_submit(actor=author, revision=revision)
    if submitted_at is not None:
        SolutionRevision.objects.filter(pk=revision.pk).update(submitted_at=submitted_at)
        revision.refresh_from_db()
    return revision


def test_versions_in_review_are_listed_the_longest_waiting_first(operator_client, supplier, make_supplier, change):
    organisation, _admin, author = supplier
    other, _other_admin, other_author = make_supplier("Borealis Robotics Ltd")
    now = timezone.now()
    # Created in this order, but submitted in another: the queue follows submission.
    recent = submit(author, organisation, "Recent bot", submitted_at=now - timedelta(hours=1))
    oldest = submit(other_author, other, "Oldest bot", submitted_at=now - timedelta(days=3))
    SolutionRevision.objects.filter(pk=change.pk).update(submitted_at=now - timedelta(days=1))
    draft = complete_revision(author, organisation, title="Draft bot")

    response = operator_client.get(reverse(QUEUE))

    assert response.status_code == 200
    content = response.content.decode()
    assert content.index("Oldest bot") < content.index("Casework triage assistant 2") < content.index("Recent bot")
    assert draft.title not in content
    assert reverse("listings_to_review:review", args=[oldest.pk]) in content
    assert reverse("listings_to_review:review", args=[recent.pk]) in content
    assert reverse("listings_to_review:review", args=[change.pk]) in content


def test_decided_and_draft_versions_are_not_in_the_queue(operator_client, operator, supplier, live):
    organisation, _admin, author = supplier
    returned = submit(author, organisation, "Returned bot")
    services.revision_return(actor=operator, revision=returned, comments="Add a case study")
    complete_revision(author, organisation, title="Draft bot")

    content = operator_client.get(reverse(QUEUE)).content.decode()

    for title in ("Returned bot", "Draft bot", live.title):
        assert title not in content, title
    assert "No listings are waiting for review." in content


def test_each_row_shows_the_supplier_new_or_change_version_submitted_time_and_categories(
    operator_client, supplier, in_review, change
):
    organisation = supplier[0]
    submitted = datetime(2026, 7, 3, 13, 5, tzinfo=UTC)  # 14:05 in London (British Summer Time)
    SolutionRevision.objects.filter(pk=in_review.pk).update(submitted_at=submitted, title="Brand new assistant")

    content = operator_client.get(reverse(QUEUE)).content.decode()

    new_row = row_of(content, "Brand new assistant")
    assert organisation.name in new_row
    assert "New listing" in new_row
    assert ">1<" in new_row.replace(" ", "").replace("\n", "")  # version 1
    assert "3 Jul 2026, 14:05 (UK time)" in new_row
    assert "Artificial intelligence and machine learning" in new_row
    change_row = row_of(content, "Casework triage assistant 2")
    assert "Change to a live listing" in change_row
    assert ">2<" in change_row.replace(" ", "").replace("\n", "")  # version 2
    assert "Artificial intelligence and machine learning, Data and analytics" in change_row


def test_the_queue_filters_new_listings_and_changes(operator_client, in_review, change):
    SolutionRevision.objects.filter(pk=in_review.pk).update(title="Brand new assistant")

    new = operator_client.get(reverse(QUEUE), {"kind": "new"}).content.decode()
    changes = operator_client.get(reverse(QUEUE), {"kind": "change"}).content.decode()

    assert "Brand new assistant" in new and "Casework triage assistant 2" not in new
    assert "Casework triage assistant 2" in changes and "Brand new assistant" not in changes


def test_the_queue_searches_by_title_or_supplier(operator_client, supplier, make_supplier):
    organisation, _admin, author = supplier
    other, _other_admin, other_author = make_supplier("Borealis Robotics Ltd")
    submit(author, organisation, "Pothole spotter")
    submit(other_author, other, "Grant checker")
    results = reverse("listings_to_review:index_results")

    by_title = operator_client.get(results, {"q": "pothole"}).content.decode()
    by_supplier = operator_client.get(results, {"q": "borealis"}).content.decode()

    assert "Pothole spotter" in by_title and "Grant checker" not in by_title
    assert "Grant checker" in by_supplier and "Pothole spotter" not in by_supplier


def _queue_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(QUEUE))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_queue_makes_the_same_number_of_queries_for_2_or_12_versions(operator_client, make_supplier, operator):
    def add(number, **kwargs):
        organisation, _admin, author = make_supplier(f"Supplier {number} Ltd")
        if number % 2:  # every other one a change to a live listing
            live = published_solution(operator, author, organisation, title=f"Listing {number}")
            revision = services.solution_edit(actor=author, solution=live)
            services.revision_update(actor=author, revision=revision, title=f"Listing {number} v2")
            services.revision_submit(actor=author, revision=revision)
        else:
            submit(author, organisation, f"Listing {number}", slugs=("artificial-intelligence", "data-analytics"))

    for number in range(2):
        add(number)
    with_two, content = _queue_queries(operator_client)
    assert "Listing 1 v2" in content and "Supplier 0 Ltd" in content

    for number in range(2, 12):
        add(number)
    with_twelve, content = _queue_queries(operator_client)

    assert "Listing 11 v2" in content and "Supplier 10 Ltd" in content
    assert with_twelve == with_two


def test_the_operations_menu_lists_the_listing_screens_for_operators(operator_client):
    content = operator_client.get(reverse("wagtailadmin_home")).content.decode()

    assert reverse(QUEUE) in content
    assert reverse("published_listings:index") in content


def test_the_queue_offers_no_add_edit_or_delete(operator_client, in_review):
    content = operator_client.get(reverse(QUEUE)).content.decode()

    for path in ("new/", f"edit/{in_review.pk}/", f"delete/{in_review.pk}/", f"history/{in_review.pk}/"):
        assert f"/admin/listings-to-review/{path}" not in content
        assert operator_client.get(f"/admin/listings-to-review/{path}").status_code == 404
