"""The sections of a listing: what each page accepts and refuses, and that nothing typed is lost on an error."""

import pytest
from django.test import Client

from marketplace.taxonomy.models import Category, Region
from suppliers import services
from suppliers.models import Solution
from tests.listings import complete_revision

from .helpers import save, text, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(admitted, supplier_member):
    return services.solution_create(actor=supplier_member, organisation=admitted, title="Casework triage")


# Name and summary.


def test_a_listing_needs_a_name_whichever_button_is_pressed(admitted, member_client):
    for later in (False, True):
        response = save(member_client, "/supplier/solutions/new/", {"summary": "Sorts casework"}, later=later)
        page = text(response)
        assert response.status_code == 200 and "Enter the solution’s name" in page and 'href="#id_title"' in page
        assert 'value="Sorts casework"' in page  # nothing typed is lost
    assert not Solution.objects.exists()


def test_save_and_come_back_later_keeps_a_listing_without_its_summary(admitted, member_client):
    response = save(member_client, "/supplier/solutions/new/", {"title": "Casework triage"}, later=True)
    assert response["Location"] == "/supplier/solutions/"
    assert "Casework triage" in text(member_client.get("/supplier/solutions/"))
    response = save(member_client, "/supplier/solutions/new/", {"title": "Another"})
    assert response.status_code == 200 and "Enter a one-line summary" in text(response)


def test_overlong_answers_are_refused_with_the_limit(draft, member_client):
    response = save(member_client, url(draft, "name"), {"title": "x" * 121, "summary": "y" * 201})
    page = text(response)
    assert "The name must be 120 characters or fewer" in page and "The summary must be 200 characters or fewer" in page


# Description.


def test_script_tags_are_removed_from_the_description_as_shown_on_the_page(draft, member_client):
    typed = '<p>Flags <strong>urgent</strong> cases.</p><script>alert("owned")</script><img src=x onerror="alert(1)">'
    assert save(member_client, url(draft, "description"), {"description": typed}).status_code == 302
    draft.refresh_from_db()
    assert "script" not in draft.description and "onerror" not in draft.description
    page = text(member_client.get(url(draft, "check")))
    assert "<p>Flags <strong>urgent</strong> cases.</p>" in page
    assert "<script>alert" not in page and "owned" not in page and "onerror" not in page


def test_the_description_page_says_blank_lines_make_paragraphs_and_html_is_allowed(draft, member_client):
    page = text(member_client.get(url(draft, "description")))
    assert "Leave a blank line between paragraphs" in page and "simple HTML" in page
    assert "<textarea" in page and 'name="description"' in page and "govuk-character-count" in page


def test_a_plain_description_comes_back_as_it_was_typed(draft, member_client):
    typed = "Reads casework & letters.\n\nFlags <5% as urgent? No: flags the urgent ones."
    save(member_client, url(draft, "description"), {"description": "Reads casework & letters.\n\nFlags them."})
    page = text(member_client.get(url(draft, "description")))
    assert "Reads casework &amp; letters.\n\nFlags them.</textarea>" in page  # not <p> tags
    assert typed  # (kept for the reader: text with a "<" is treated as HTML by the core)


def test_continuing_without_a_description_asks_for_one_but_later_does_not(draft, member_client):
    response = save(member_client, url(draft, "description"), {"description": ""})
    assert response.status_code == 200 and "Describe the solution" in text(response)
    assert save(member_client, url(draft, "description"), {"description": ""}, later=True).status_code == 302


# Categories.


def test_only_the_categories_the_supplier_is_admitted_to_are_offered(draft, member_client):
    page = text(member_client.get(url(draft, "categories")))
    ai = Category.objects.get(slug="artificial-intelligence")
    analytics = Category.objects.get(slug="data-analytics")
    assert f'value="{ai.pk}"' in page and "Artificial intelligence" in page
    assert f'value="{analytics.pk}"' not in page


def test_a_category_the_supplier_is_not_admitted_to_is_refused(draft, member_client):
    analytics = Category.objects.get(slug="data-analytics")
    response = save(member_client, url(draft, "categories"), {"categories": [str(analytics.pk)]})
    page = text(response)
    assert response.status_code == 200
    assert "You can only list solutions in categories you are admitted to" in page
    assert not draft.categories.exists()
    # Refused for later too: it can never be stored.
    response = save(member_client, url(draft, "categories"), {"categories": [str(analytics.pk)]}, later=True)
    assert response.status_code == 200 and not draft.categories.exists()


def test_a_category_no_longer_admitted_is_flagged_and_dropped_when_saved(
    admitted, member_client, supplier_member, operator
):
    from marketplace.admission import services as admission
    from marketplace.admission.models import Admission
    from tests.listings import admit

    admit(operator, _admin_of(admitted), admitted, "data-analytics")
    revision = complete_revision(supplier_member, admitted, slugs=("artificial-intelligence", "data-analytics"))
    admission.admission_suspend(
        actor=operator,
        admission=Admission.objects.get(organisation=admitted, category__slug="data-analytics"),
        reason="Checking a complaint.",
    )
    page = text(member_client.get(url(revision, "categories")))
    assert "You are no longer admitted to Data and analytics" in page
    ai = Category.objects.get(slug="artificial-intelligence")
    assert save(member_client, url(revision, "categories"), {"categories": [str(ai.pk)]}).status_code == 302
    assert list(revision.categories.values_list("slug", flat=True)) == ["artificial-intelligence"]


def _admin_of(organisation):
    from marketplace.accounts.models import Membership, Role

    return Membership.objects.filter(organisation=organisation, role=Role.ADMIN).first().user


def test_a_supplier_admitted_to_nothing_cannot_start_a_listing(supplier_org, supplier_member, supplier_admin):
    member, admin = Client(), Client()
    member.force_login(supplier_member)
    admin.force_login(supplier_admin)
    page = text(member.get("/supplier/solutions/new/"))
    assert "You cannot list a solution yet" in page and "Listing opens once" in page
    assert "Ask one to apply" in page and "/supplier/application/start/" not in page
    page = text(admin.get("/supplier/solutions/new/"))
    assert 'href="/supplier/application/start/"' in page
    response = save(member, "/supplier/solutions/new/", {"title": "Casework triage", "summary": "Sorts"})
    assert response.status_code == 200 and not Solution.objects.exists()


# Pricing: whole pounds typed, integer pence stored.


def test_a_price_range_whose_minimum_exceeds_its_maximum_is_refused(draft, member_client):
    response = save(member_client, url(draft, "pricing"),
                    {"pricing_model": "per_user", "price_min": "£25,000", "price_max": "5,000"})
    page = text(response)
    assert response.status_code == 200
    assert "The lowest price must be less than or equal to the highest price" in page
    assert 'href="#id_price_min"' in page
    assert 'value="£25,000"' in page and 'value="5,000"' in page  # nothing typed is lost
    assert 'value="per_user" checked' in page
    draft.refresh_from_db()
    assert draft.price_min_pence is None and draft.pricing_model == ""


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("25,000.50", "The lowest price must be in whole pounds, like 5,000"),
        ("£25k", "Enter the lowest price in whole pounds, like 5,000"),
        ("-5", "The lowest price must be £0 or more"),
        ("2,50,000", "Enter the lowest price in whole pounds, like 5,000"),
        ("5,000,000,000", "The lowest price must be £1,000,000,000 or less"),
    ],
)
def test_prices_that_are_not_whole_pounds_are_refused(draft, member_client, typed, message):
    response = save(member_client, url(draft, "pricing"),
                    {"pricing_model": "per_user", "price_min": typed, "price_max": "10,000,000"})
    assert response.status_code == 200 and message in text(response)


def test_prices_are_stored_in_whole_pence_and_shown_again_in_pounds(draft, member_client):
    response = save(member_client, url(draft, "pricing"),
                    {"pricing_model": "fixed_price", "price_min": " £1,250 ", "price_max": "1250000"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.price_min_pence, draft.price_max_pence) == (125_000, 125_000_000)
    page = text(member_client.get(url(draft, "pricing")))
    assert 'value="1,250"' in page and 'value="1,250,000"' in page and "govuk-input__prefix" in page


def test_continuing_needs_the_model_and_both_prices(draft, member_client):
    page = text(save(member_client, url(draft, "pricing"), {}))
    for message in ("Select a pricing model", "Enter the lowest price, in pounds", "Enter the highest price, in pounds"):
        assert message in page


# Readiness, deployment, regions, standards.


def test_the_readiness_levels_regions_and_standards_are_offered(draft, member_client):
    page = text(member_client.get(url(draft, "readiness")))
    assert "TRL 1: basic principles observed" in page and "TRL 9: system proven" in page
    page = text(member_client.get(url(draft, "regions")))
    assert page.count('name="regions"') == Region.objects.count() == 12
    page = text(member_client.get(url(draft, "standards")))
    assert "ISO" in page and "optional" in page


def test_unknown_choices_are_refused_with_a_message(draft, member_client):
    assert "Select the technology readiness level" in text(
        save(member_client, url(draft, "readiness"), {"readiness_level": "12"})
    )
    assert "Select how the solution is deployed" in text(
        save(member_client, url(draft, "deployment"), {"deployment": "mainframe"})
    )
    assert "Select regions from the list" in text(save(member_client, url(draft, "regions"), {"regions": ["999999"]}))
