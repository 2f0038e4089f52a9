"""Publishing a version and returning one with comments: the services decide, refusals show on the form."""

import pytest
from django.core import mail
from django.urls import reverse

from suppliers import selectors, services
from suppliers.models import RevisionStatus, Solution, SolutionRevision, SolutionStatus

from .conftest import QUEUE, events

pytestmark = pytest.mark.django_db


def publish_url(revision):
    return reverse("listings_to_review:publish", args=[revision.pk])


def return_url(revision):
    return reverse("listings_to_review:return", args=[revision.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def test_publishing_a_new_listing_puts_it_in_the_catalogue_and_tells_the_supplier(
    operator_client, operator, supplier, in_review, django_capture_on_commit_callbacks
):
    organisation, admin, author = supplier
    solution = in_review.solution
    assert not selectors.is_public(solution)

    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(publish_url(in_review), follow=True)

    assert response.redirect_chain == [(reverse(QUEUE), 302)]
    assert any("is published" in message for message in messages_of(response))
    solution.refresh_from_db()
    in_review.refresh_from_db()
    assert solution.status == SolutionStatus.PUBLISHED and selectors.is_public(solution)
    assert solution.title == "Casework triage assistant" and solution.live_revision_id == in_review.pk
    assert in_review.status == RevisionStatus.PUBLISHED and in_review.decided_by == operator
    published = events(organisation, "solution.published").get()
    assert published.stream.key == f"organisation:{organisation.pk}"
    assert published.actor_id == operator.pk and published.data["revision"] == 1
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted([admin.email, author.email])
    assert "is published" in mail.outbox[0].subject
    assert "No listings are waiting for review." in response.content.decode()  # it has left the queue


def test_the_publish_page_asks_for_confirmation_and_changes_nothing_on_get(operator_client, in_review):
    response = operator_client.get(publish_url(in_review))

    assert response.status_code == 200
    assert "Casework triage assistant" in response.content.decode()
    in_review.refresh_from_db()
    assert in_review.status == RevisionStatus.IN_REVIEW


def test_publishing_a_change_replaces_the_live_version_and_keeps_the_old_one(
    operator_client, operator, supplier, change, django_capture_on_commit_callbacks
):
    solution = change.solution
    previous = solution.live_revision_id

    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(publish_url(change))

    assert response.status_code == 302 and response.url == reverse(QUEUE)
    solution.refresh_from_db()
    assert solution.title == "Casework triage assistant 2" and solution.price_max_pence == 3_000_050
    assert solution.live_revision_id == change.pk and selectors.is_public(solution)
    assert SolutionRevision.objects.get(pk=previous).status == RevisionStatus.SUPERSEDED
    assert events(supplier[0], "solution.published").latest("seq").data["replaces"] == 1


def test_a_refusal_shows_on_the_form_and_changes_nothing(operator_client, operator, in_review):
    """Another operator returned the version first: publishing it now is refused, on the page."""
    services.revision_return(actor=operator, revision=in_review, comments="Needs prices")
    before = events(in_review.solution.organisation).count()

    response = operator_client.post(publish_url(in_review))

    assert response.status_code == 200
    content = response.content.decode()
    assert "This version is returned with comments and cannot be changed that way" in content
    assert "Nothing was changed" in content
    in_review.refresh_from_db()
    assert in_review.status == RevisionStatus.RETURNED
    assert not selectors.is_public(in_review.solution)
    assert events(in_review.solution.organisation).count() == before


def test_returning_with_comments_tells_the_supplier(
    operator_client, operator, supplier, in_review, django_capture_on_commit_callbacks
):
    organisation, admin, author = supplier

    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(return_url(in_review), {"comments": "  Add a case study from the NHS.  "},
                                        follow=True)

    assert response.redirect_chain == [(reverse(QUEUE), 302)]
    assert any("is returned with your comments" in message for message in messages_of(response))
    in_review.refresh_from_db()
    assert in_review.status == RevisionStatus.RETURNED
    assert in_review.moderator_comments == "Add a case study from the NHS."
    assert in_review.decided_by == operator
    assert Solution.objects.get(pk=in_review.solution_id).status == SolutionStatus.DRAFT
    returned = events(organisation, "solution.returned").get()
    assert returned.data["comments"] == "Add a case study from the NHS."
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted([admin.email, author.email])
    assert "Add a case study from the NHS." in mail.outbox[0].body


@pytest.mark.parametrize("comments", ["", "   \n  "])
def test_comments_are_required_to_return_a_version(operator_client, in_review, comments):
    before = events(in_review.solution.organisation).count()

    response = operator_client.post(return_url(in_review), {"comments": comments})

    assert response.status_code == 200
    assert "Enter comments for the supplier" in response.content.decode()
    in_review.refresh_from_db()
    assert in_review.status == RevisionStatus.IN_REVIEW and in_review.moderator_comments == ""
    assert events(in_review.solution.organisation).count() == before
    assert not mail.outbox


def test_returning_a_change_leaves_the_live_version_as_it_is(operator_client, change):
    solution = change.solution
    live_before = solution.live_revision_id

    response = operator_client.post(return_url(change), {"comments": "Explain the new price"})

    assert response.status_code == 302
    solution.refresh_from_db()
    assert solution.status == SolutionStatus.PUBLISHED and selectors.is_public(solution)
    assert solution.title == "Casework triage assistant" and solution.price_max_pence == 2_500_000
    assert solution.live_revision_id == live_before
    assert list(solution.categories.values_list("slug", flat=True)) == ["artificial-intelligence"]
    change.refresh_from_db()
    assert change.status == RevisionStatus.RETURNED


def test_a_version_no_longer_in_review_cannot_be_returned(operator_client, operator, in_review):
    services.revision_publish(actor=operator, revision=in_review)

    page = operator_client.get(return_url(in_review))
    response = operator_client.post(return_url(in_review), {"comments": "Too late"})

    assert "it cannot be returned" in page.content.decode()
    assert response.status_code == 200
    assert "This version is published and cannot be changed that way" in response.content.decode()
    in_review.refresh_from_db()
    assert in_review.status == RevisionStatus.PUBLISHED and in_review.moderator_comments == ""
