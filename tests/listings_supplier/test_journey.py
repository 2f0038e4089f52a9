"""A supplier member lists a solution through the pages: create, fill every section, check, send for review."""

import pytest

from marketplace.audit.models import AuditEvent
from marketplace.taxonomy.models import Category, Region, Standard
from suppliers.models import RevisionStatus, Solution, SolutionStatus

from .conftest import pdf_bytes, upload
from .helpers import save, text, url

pytestmark = pytest.mark.django_db


def test_a_member_creates_fills_checks_and_sends_a_listing_for_review(admitted, member_client, supplier_member):
    page = text(member_client.get("/supplier/solutions/new/"))
    assert "List a solution" in page and 'name="title"' in page and 'name="summary"' in page

    response = save(member_client, "/supplier/solutions/new/", {"title": "Casework triage", "summary": "Sorts casework"})
    solution = Solution.objects.get(organisation=admitted)
    revision = solution.revisions.get()
    assert response.status_code == 302 and response["Location"] == url(revision)
    assert revision.title == "Casework triage" and revision.created_by == supplier_member

    page = text(member_client.get(url(revision)))
    assert "Listing incomplete" in page and "You have completed 1 of 7 required sections" in page
    assert "Cannot start yet" in page

    ai = Category.objects.get(slug="artificial-intelligence")
    regions = list(Region.objects.filter(code__in=["TLI", "TLM"]))
    standard = Standard.objects.get(slug="iso-27001")
    steps = [
        ("description", {"description": "Reads incoming casework.\n\nFlags urgent cases."}),
        ("categories", {"categories": [str(ai.pk)]}),
        ("readiness", {"readiness_level": "7"}),
        ("pricing", {"pricing_model": "subscription", "price_min": "£5,000", "price_max": "25,000"}),
        ("deployment", {"deployment": "cloud"}),
        ("regions", {"regions": [str(region.pk) for region in regions]}),
        ("standards", {"standards": [str(standard.pk)]}),
        ("case-studies/add", {"client_sector": "Local government", "problem": "A backlog of 4,000 cases",
                              "outcome": "Cleared in 6 weeks"}),
    ]
    for page_name, data in steps:
        response = save(member_client, url(revision, page_name), data)
        assert response.status_code == 302, (page_name, text(response))
    response = member_client.post(
        url(revision, "documents"), {"title": "Product overview", "file": upload(pdf_bytes(), "overview.pdf")}
    )
    assert response.status_code == 302

    revision.refresh_from_db()
    assert revision.price_min_pence == 500_000 and revision.price_max_pence == 2_500_000
    assert isinstance(revision.price_min_pence, int)
    assert revision.readiness_level == 7 and revision.deployment == "cloud" and revision.pricing_model == "subscription"
    assert revision.description == "<p>Reads incoming casework.</p><p>Flags urgent cases.</p>"
    assert revision.case_studies == [
        {"client_sector": "Local government", "problem": "A backlog of 4,000 cases", "outcome": "Cleared in 6 weeks"}
    ]
    assert [d.title for d in revision.documents.all()] == ["Product overview"]

    page = text(member_client.get(url(revision)))
    assert "Listing ready to send for review" in page and "You have completed 7 of 7 required sections" in page

    page = text(member_client.get(url(revision, "check")))
    assert "Check your listing before sending it for review" in page
    for shown in ("Casework triage", "Sorts casework", "<p>Reads incoming casework.</p>", "Artificial intelligence",
                  "TRL 7", "Subscription", "£5,000 to £25,000", "Cloud", "ISO", "Local government",
                  "Product overview"):
        assert shown in page, shown
    assert f'href="{url(revision, "pricing")}?from=check"' in page

    response = member_client.post(url(revision, "check"))
    assert response.status_code == 302 and response["Location"] == url(revision, "sent")
    page = text(member_client.get(response["Location"]))
    assert "Listing sent for review" in page and "An operator will review your listing" in page

    revision.refresh_from_db()
    solution.refresh_from_db()
    assert revision.status == RevisionStatus.IN_REVIEW and revision.submitted_by == supplier_member
    assert solution.status == SolutionStatus.IN_REVIEW
    assert AuditEvent.objects.filter(verb="solution.submitted").count() == 1
