"""Exclusion grounds: two groups of checkboxes with an exclusive "None of these apply", then the explanations."""

import pytest

from marketplace.admission import services
from marketplace.admission.models import ExclusionGround, GroundDeclaration, SubjectKind

from .helpers import save, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def supplier(draft):
    return draft.subjects.get(kind=SubjectKind.SUPPLIER)


def test_the_page_groups_the_grounds_with_an_exclusive_none(admin_client, draft, supplier):
    page = admin_client.get(url(draft, "exclusion-grounds", supplier.pk)).content.decode()
    assert "Mandatory exclusion grounds" in page and "Discretionary exclusion grounds" in page
    assert page.index("Bribery") < page.index("Discretionary exclusion grounds") < page.index("Insolvency")
    assert 'value="none" data-behaviour="exclusive"' in page
    assert page.count('data-module="govuk-checkboxes"') == 3
    assert 'class="govuk-checkboxes__divider">or<' in page
    assert "govuk-checkboxes__hint" in page


def test_none_of_these_and_a_ground_together_are_refused(admin_client, draft, supplier):
    response = save(
        admin_client, url(draft, "exclusion-grounds", supplier.pk), {"grounds": ["none", ExclusionGround.FRAUD]}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        '<a href="#id_grounds_1">Select the grounds that apply, or select ‘None of these apply’, not both</a>' in page
    )
    supplier.refresh_from_db()
    assert supplier.no_grounds_apply is None and not supplier.declarations.exists()
    # Both stay ticked as they were typed.
    assert page.count("checked") == 2


def test_nothing_ticked_is_refused_to_continue(admin_client, draft, supplier):
    page = save(admin_client, url(draft, "exclusion-grounds", supplier.pk), {}).content.decode()
    assert "Select the grounds that apply to your organisation, or select ‘None of these apply’" in page


def test_none_apply(admin_client, draft, supplier):
    response = save(admin_client, url(draft, "exclusion-grounds", supplier.pk), {"grounds": ["none"]})
    assert response["Location"] == url(draft)
    supplier.refresh_from_db()
    assert supplier.no_grounds_apply is True


def test_grounds_that_apply_need_explanations_to_continue_but_not_for_later(admin_client, draft, supplier):
    response = save(
        admin_client,
        url(draft, "exclusion-grounds", supplier.pk),
        {"grounds": [ExclusionGround.BRIBERY, ExclusionGround.INSOLVENCY]},
    )
    details = url(draft, "exclusion-grounds", supplier.pk, "details")
    assert response["Location"] == details
    page = admin_client.get(details).content.decode()
    assert (
        "Bribery (mandatory ground)" in page
        and "Insolvency, bankruptcy or being wound up (discretionary ground)" in page
    )

    response = save(admin_client, details, {"explanation_bribery": "An employee paid a bribe in 2022."})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the evidence of self-cleaning about bribery" in page
    assert "Enter what happened about insolvency" in page
    assert "An employee paid a bribe in 2022." in page

    assert (
        save(
            admin_client, details, {"explanation_bribery": "An employee paid a bribe in 2022."}, later=True
        ).status_code
        == 302
    )
    bribery = GroundDeclaration.objects.get(subject=supplier, ground=ExclusionGround.BRIBERY)
    assert bribery.explanation == "An employee paid a bribe in 2022." and bribery.self_cleaning == ""


def test_changing_the_grounds_keeps_explanations_of_grounds_still_ticked(admin_client, supplier_admin, draft, supplier):
    services.subject_set_grounds(
        actor=supplier_admin,
        subject=supplier,
        none_apply=False,
        answers=[services.GroundAnswer("bribery", "What happened", "What changed")],
    )
    save(admin_client, url(draft, "exclusion-grounds", supplier.pk), {"grounds": ["bribery", "cartel"]})
    kept = GroundDeclaration.objects.get(subject=supplier, ground="bribery")
    assert (kept.explanation, kept.self_cleaning) == ("What happened", "What changed")
    assert GroundDeclaration.objects.filter(subject=supplier, ground="cartel").exists()


def test_connected_people_are_added_answered_and_removed(admin_client, draft):
    save(admin_client, url(draft, "connected-persons"), {"has_connected_persons": "yes"})
    page = save(
        admin_client, url(draft, "connected-persons", "add"), {"name": "", "relationship": "Director"}
    ).content.decode()
    assert "Enter the name of the connected person" in page and 'value="Director"' in page
    save(
        admin_client,
        url(draft, "connected-persons", "add"),
        {"name": "Parent Holdings Ltd", "relationship": "Parent company", "companies_house_number": "1234"},
    )
    person = draft.subjects.get(kind=SubjectKind.CONNECTED_PERSON)
    assert person.companies_house_number == "00001234"
    listing = admin_client.get(url(draft, "connected-persons", "list")).content.decode()
    assert "Parent Holdings Ltd" in listing and "Not answered" in listing
    assert 'Answer<span class="govuk-visually-hidden"> exclusion grounds for Parent Holdings Ltd' in listing
    page = save(
        admin_client,
        url(draft, "connected-persons", "add"),
        {"name": "X", "relationship": "Y", "companies_house_number": "not a number"},
    ).content.decode()
    assert "Enter a Companies House number in the correct format" in page

    assert (
        "Are you sure you want to remove Parent Holdings Ltd?"
        in admin_client.get(url(draft, "people", person.pk, "remove")).content.decode()
    )
    admin_client.post(url(draft, "people", person.pk, "remove"))
    assert not draft.subjects.filter(kind=SubjectKind.CONNECTED_PERSON).exists()


def test_the_supplier_itself_cannot_be_removed(admin_client, draft, supplier):
    assert admin_client.post(url(draft, "people", supplier.pk, "remove")).status_code == 404
    assert draft.subjects.filter(pk=supplier.pk).exists()


def test_answering_no_removes_subcontractors(admin_client, supplier_admin, draft):
    save(admin_client, url(draft, "subcontractors"), {"relies_on_subcontractors": "yes"})
    services.subject_add(actor=supplier_admin, application=draft, kind=SubjectKind.SUBCONTRACTOR, name="Cloud Ltd")
    page = admin_client.get(url(draft, "subcontractors")).content.decode()
    assert "If you answer no, the 1 subcontractor you have added will be removed" in page
    save(admin_client, url(draft, "subcontractors"), {"relies_on_subcontractors": "no"})
    assert not draft.subjects.filter(kind=SubjectKind.SUBCONTRACTOR).exists()
