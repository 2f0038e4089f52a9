"""Published listings: searched and filtered, each with its history, and archived by an operator after confirmation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from marketplace.admission import services as admission
from marketplace.admission.models import Admission
from marketplace.taxonomy.models import Category
from suppliers import selectors, services
from suppliers.models import RevisionStatus, SolutionStatus

from ..listings import published_solution
from .conftest import LISTINGS, events, row_of

pytestmark = pytest.mark.django_db


def archive_url(solution):
    return reverse("published_listings:archive", args=[solution.pk])


def test_published_listings_are_listed_with_their_state_in_the_catalogue(
    operator_client, operator, supplier, live, in_review, make_supplier
):
    other, _admin, author = make_supplier("Borealis Robotics Ltd", slugs=("data-analytics",))
    hidden = published_solution(operator, author, other, title="Grant checker", slugs=("data-analytics",))
    admission.admission_suspend(
        actor=operator, admission=Admission.objects.get(organisation=other), reason="Insurance lapsed"
    )

    content = operator_client.get(reverse(LISTINGS)).content.decode()

    live_row = row_of(content, "Acme Analytics Ltd")
    assert live.title in live_row and "Published" in live_row and "Yes" in live_row
    assert reverse("published_listings:inspect", args=[live.pk]) in live_row
    hidden_row = row_of(content, "Borealis Robotics Ltd")
    assert "not admitted" in hidden_row and hidden.title in hidden_row
    # A listing never published is in the queue, not here.
    assert reverse("published_listings:inspect", args=[in_review.solution_id]) not in content


def test_published_listings_search_and_filter(operator_client, operator, supplier, make_supplier):
    organisation, _admin, author = supplier
    ai = published_solution(operator, author, organisation, title="Pothole spotter")
    other, _other_admin, other_author = make_supplier("Borealis Robotics Ltd")
    data = published_solution(operator, other_author, other, title="Grant checker", slugs=("data-analytics",))
    services.solution_archive(actor=operator, solution=data)
    results = reverse("published_listings:index_results")

    by_title = operator_client.get(results, {"q": "pothole"}).content.decode()
    by_supplier = operator_client.get(results, {"q": "borealis"}).content.decode()
    by_category = operator_client.get(
        reverse(LISTINGS), {"category": Category.objects.get(slug="data-analytics").pk}
    ).content.decode()
    archived = operator_client.get(reverse(LISTINGS), {"status": "archived"}).content.decode()
    published = operator_client.get(reverse(LISTINGS), {"status": "published"}).content.decode()

    assert ai.title in by_title and data.title not in by_title
    assert data.title in by_supplier and ai.title not in by_supplier
    assert data.title in by_category and ai.title not in by_category
    assert data.title in archived and ai.title not in archived
    assert ai.title in published and data.title not in published


def test_the_listing_page_shows_the_live_version_and_its_history(operator_client, operator, change):
    solution = change.solution

    content = operator_client.get(reverse("published_listings:inspect", args=[solution.pk])).content.decode()

    assert '<dd data-field="title">Casework triage assistant</dd>' in content  # the live title, not version 2's
    assert "£5,000 to £25,000" in content
    assert 'data-version="1"' in content and 'data-version="2"' in content
    assert reverse("listings_to_review:review", args=[change.pk]) in content  # version 2 waits for review
    assert archive_url(solution) in content


def test_archiving_takes_a_listing_out_of_the_catalogue_after_confirmation(operator_client, operator, supplier, change):
    solution = change.solution
    organisation = supplier[0]

    page = operator_client.get(archive_url(solution))
    assert page.status_code == 200 and "Archiving is for good" in page.content.decode()
    solution.refresh_from_db()
    assert solution.status == SolutionStatus.PUBLISHED  # the confirmation page changes nothing

    response = operator_client.post(archive_url(solution), follow=True)

    assert response.redirect_chain == [(reverse(LISTINGS), 302)]
    assert any("is archived" in str(message) for message in response.context["messages"])
    solution.refresh_from_db()
    assert solution.status == SolutionStatus.ARCHIVED and solution.archived_at is not None
    assert not selectors.is_public(solution)
    change.refresh_from_db()
    assert change.status == RevisionStatus.WITHDRAWN  # the change waiting for review goes too
    archived = events(organisation, "solution.archived").get()
    assert archived.actor_id == operator.pk
    assert archived.stream.key == f"organisation:{organisation.pk}"
    queue = operator_client.get(reverse("listings_to_review:index")).content.decode()
    assert "Casework triage assistant 2" not in queue


def test_an_archived_listing_cannot_be_archived_again(operator_client, operator, live):
    services.solution_archive(actor=operator, solution=live)
    before = events(live.organisation).count()

    page = operator_client.get(archive_url(live)).content.decode()
    response = operator_client.post(archive_url(live))

    assert "already archived" in page
    assert response.status_code == 200
    assert "This listing is already archived" in response.content.decode()
    assert events(live.organisation).count() == before


def _listing_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(LISTINGS))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_listings_make_the_same_number_of_queries_for_2_or_12_listings(operator_client, operator, make_supplier):
    def add(number):
        organisation, _admin, author = make_supplier(f"Supplier {number} Ltd")
        solution = published_solution(operator, author, organisation, title=f"Listing {number}",
                                      slugs=("artificial-intelligence", "data-analytics"))
        if number % 2:  # every other one with a change waiting for review
            revision = services.solution_edit(actor=author, solution=solution)
            services.revision_submit(actor=author, revision=revision)

    for number in range(2):
        add(number)
    with_two, content = _listing_queries(operator_client)
    assert "Listing 1" in content

    for number in range(2, 12):
        add(number)
    with_twelve, content = _listing_queries(operator_client)

    assert "Listing 11" in content and "Version 2" in content
    assert with_twelve == with_two
