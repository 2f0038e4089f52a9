"""Check and send for review: every missing answer is listed and linked to its page, and nothing changes."""

import pytest

from marketplace.admission import services as admission
from marketplace.admission.models import Admission
from suppliers import services
from suppliers.models import RevisionStatus, SolutionStatus
from tests.listings import complete_revision

from .helpers import save, text, url

pytestmark = pytest.mark.django_db


def test_an_incomplete_listing_lists_every_missing_answer_linked_to_its_page(admitted, member_client, supplier_member):
    revision = services.solution_create(actor=supplier_member, organisation=admitted, title="Casework triage")
    response = member_client.post(url(revision, "check"))
    assert response.status_code == 200
    page = text(response)
    assert "<title>Error: " in page and "There is a problem" in page
    for field, message in services.missing_for_submission(revision):
        assert message.replace("’", "&#x27;") in page or message in page, message
    assert f'href="{url(revision, "name")}?from=check#id_summary"' in page
    assert f'href="{url(revision, "description")}?from=check#id_description"' in page
    assert f'href="{url(revision, "categories")}?from=check#id_categories_1"' in page
    assert f'href="{url(revision, "readiness")}?from=check#id_readiness_level_1"' in page
    assert f'href="{url(revision, "pricing")}?from=check#id_pricing_model_1"' in page
    assert f'href="{url(revision, "pricing")}?from=check#id_price_min"' in page
    assert f'href="{url(revision, "deployment")}?from=check#id_deployment_1"' in page
    assert f'href="{url(revision, "regions")}?from=check#id_regions_1"' in page
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.DRAFT and revision.submitted_at is None
    assert revision.solution.status == SolutionStatus.DRAFT


def test_a_change_made_from_the_check_page_returns_to_it(admitted, member_client, supplier_member):
    revision = complete_revision(supplier_member, admitted)
    page = text(member_client.get(url(revision, "readiness") + "?from=check"))
    assert f'href="{url(revision, "check")}" class="govuk-back-link"' in page
    response = save(member_client, url(revision, "readiness") + "?from=check", {"readiness_level": "8"})
    assert response["Location"] == url(revision, "check")
    response = save(member_client, url(revision, "readiness"), {"readiness_level": "8"})
    assert response["Location"] == url(revision)


def test_a_lapsed_category_is_refused_on_submission_and_linked_to_the_categories_page(
    admitted, member_client, supplier_member, operator
):
    revision = complete_revision(supplier_member, admitted)
    admission.admission_suspend(actor=operator, admission=Admission.objects.get(organisation=admitted),
                                reason="Checking a complaint.")
    response = member_client.post(url(revision, "check"))
    page = text(response)
    assert response.status_code == 200 and "You are no longer admitted to Artificial intelligence" in page
    assert f'href="{url(revision, "categories")}?from=check#id_categories_1"' in page
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.DRAFT
    # The task list says so too, and the check task cannot be started.
    page = text(member_client.get(url(revision)))
    assert "You are no longer admitted to Artificial intelligence" in page and "Listing incomplete" in page


def test_a_version_in_review_is_read_only(admitted, member_client, supplier_member):
    revision = complete_revision(supplier_member, admitted)
    services.revision_submit(actor=supplier_member, revision=revision)
    page = text(member_client.get(url(revision)))
    assert "This version has been sent for review, so it cannot be changed" in page
    assert "Change<span" not in page and "Casework triage assistant" in page
    for page_name in ("name", "description", "categories", "pricing", "documents", "case-studies", "check"):
        response = save(member_client, url(revision, page_name), {"title": "Changed", "description": "Changed"})
        assert response.status_code == 302 and response["Location"] == url(revision), page_name
    revision.refresh_from_db()
    assert revision.title == "Casework triage assistant" and revision.status == RevisionStatus.IN_REVIEW


def test_a_returned_listing_shows_the_comments_and_can_be_changed_and_sent_again(
    admitted, member_client, supplier_member, operator
):
    revision = complete_revision(supplier_member, admitted)
    services.revision_submit(actor=supplier_member, revision=revision)
    services.revision_return(actor=operator, revision=revision, comments="Say which councils use it.")
    page = text(member_client.get("/supplier/solutions/"))
    assert "Returned with comments" in page and "Say which councils use it." in page
    page = text(member_client.get(url(revision)))
    assert "Returned with comments" in page and "Say which councils use it." in page and "Listing ready" in page
    response = save(member_client, url(revision, "name"), {"title": "Casework triage", "summary": "Used by 12 councils"})
    assert response.status_code == 302
    assert member_client.post(url(revision, "check"))["Location"] == url(revision, "sent")
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.IN_REVIEW and revision.summary == "Used by 12 councils"
