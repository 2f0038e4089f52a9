"""A listing's page at /catalogue/<id>/: its full content and its supplier, only while it is public."""

import pytest
from django.utils import timezone

from marketplace.admission import services as admission
from marketplace.admission.models import Admission
from suppliers import services

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_whole_listing(client, listing, admitted):
    solution = listing(title="Casework triage assistant", standards=("iso-27001", "cyber-essentials"),
                       regions=("TLI", "TLM"), readiness_level=7, price_min_pence=500_000, price_max_pence=2_500_000)
    response = client.get(f"/catalogue/{solution.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1 class=\"govuk-heading-xl\">Casework triage assistant</h1>" in html
    assert "<p>Reads incoming casework.</p>" in html  # sanitised HTML, rendered as HTML
    assert "TRL 7: prototype demonstrated in an operational environment" in html
    assert "Subscription" in html and "£5,000 to £25,000" in html and "Cloud" in html
    assert "London" in html and "Scotland" in html
    assert "ISO/IEC 27001 (information security)" in html and "Cyber Essentials" in html
    assert "Local government" in html and "Backlog of 4,000 cases" in html and "Backlog cleared in 6 weeks" in html
    assert 'href="/catalogue/" class="govuk-back-link"' in html


def test_the_page_shows_the_suppliers_profile_and_current_admissions(client, listing, admitted):
    solution = listing()
    html = client.get(f"/catalogue/{solution.pk}/").content.decode()
    profile = html[html.index('id="supplier-heading"'):]
    assert admitted.name in profile and "Small" in profile and "Leeds" in profile
    categories = profile[profile.index('id="supplier-categories"'):profile.index("</ul>")]
    assert "Artificial intelligence and machine learning" in categories and "Data and analytics" in categories
    assert admitted.postcode not in html  # no address beyond the town


def test_a_category_the_supplier_was_suspended_from_is_no_longer_shown(client, listing, admitted, operator):
    solution = listing(slugs=("artificial-intelligence", "data-analytics"))
    admission.admission_suspend(
        actor=operator, admission=Admission.objects.get(organisation=admitted, category__slug="data-analytics"),
        reason="Insurance lapsed",
    )
    response = client.get(f"/catalogue/{solution.pk}/")
    assert response.status_code == 200  # still admitted in AI
    assert [category.slug for category in response.context["listing_categories"]] == ["artificial-intelligence"]
    assert "Data and analytics" not in response.content.decode()
    listed = client.get("/catalogue/").context["solutions"][0]
    assert [category.slug for category in listed.admitted_categories] == ["artificial-intelligence"]


def test_a_draft_or_a_listing_in_review_only_is_not_found(client, draft, supplier_member):
    revision = draft()
    assert client.get(f"/catalogue/{revision.solution_id}/").status_code == 404
    services.revision_submit(actor=supplier_member, revision=revision)
    assert client.get(f"/catalogue/{revision.solution_id}/").status_code == 404
    client.force_login(supplier_member)  # not even for the supplier: the catalogue shows what is public
    assert client.get(f"/catalogue/{revision.solution_id}/").status_code == 404


def test_an_archived_listing_is_not_found(client, listing, supplier_member):
    solution = listing()
    services.solution_archive(actor=supplier_member, solution=solution)
    assert client.get(f"/catalogue/{solution.pk}/").status_code == 404


def test_suspension_hides_the_listing_at_once_and_reinstatement_shows_it(client, listing, admitted, operator):
    solution = listing()
    row = Admission.objects.get(organisation=admitted, category__slug="artificial-intelligence")
    admission.admission_suspend(actor=operator, admission=row, reason="Insurance lapsed")
    assert client.get(f"/catalogue/{solution.pk}/").status_code == 404
    assert client.get("/catalogue/").context["solutions"] == []
    admission.admission_reinstate(actor=operator, admission=row, reason="Renewed")
    assert client.get(f"/catalogue/{solution.pk}/").status_code == 200


def test_removal_hides_the_listing(client, listing, admitted, operator):
    solution = listing()
    row = Admission.objects.get(organisation=admitted, category__slug="artificial-intelligence")
    admission.admission_remove(actor=operator, admission=row, reason="Left the market")
    assert client.get(f"/catalogue/{solution.pk}/").status_code == 404


def test_debarment_hides_the_listing(client, listing, admitted, operator):
    solution = listing()
    admission.debarment_add(actor=operator, organisation_name=admitted.name,
                            companies_house_number=admitted.companies_house_number, grounds=["fraud"],
                            starts_on=timezone.localdate())
    assert client.get(f"/catalogue/{solution.pk}/").status_code == 404


def test_a_new_version_in_review_leaves_the_live_one_on_show(client, listing, supplier_member):
    solution = listing(title="Version one")
    revision = services.solution_edit(actor=supplier_member, solution=solution)
    services.revision_update(actor=supplier_member, revision=revision, title="Version two")
    services.revision_submit(actor=supplier_member, revision=revision)
    html = client.get(f"/catalogue/{solution.pk}/").content.decode()
    assert "Version one" in html and "Version two" not in html


def test_unknown_listing_is_the_gov_uk_404(client):
    response = client.get("/catalogue/999999/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()
