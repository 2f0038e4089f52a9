"""Case studies: up to three, each added, changed and removed on its own page."""

import pytest

from suppliers import services

from .helpers import save, text, url

pytestmark = pytest.mark.django_db

STUDY = {"client_sector": "Local government", "problem": "A backlog of 4,000 cases", "outcome": "Cleared in 6 weeks"}


@pytest.fixture
def draft(admitted, supplier_member):
    return services.solution_create(actor=supplier_member, organisation=admitted, title="Casework triage")


def test_up_to_three_case_studies_are_added_changed_and_removed(draft, member_client):
    assert "You have not added any case studies" in text(member_client.get(url(draft, "case-studies")))
    for number in range(1, 4):
        response = save(member_client, url(draft, "case-studies/add"), {**STUDY, "client_sector": f"Sector {number}"})
        assert response["Location"] == url(draft, "case-studies")
    draft.refresh_from_db()
    assert [study["client_sector"] for study in draft.case_studies] == ["Sector 1", "Sector 2", "Sector 3"]
    page = text(member_client.get(url(draft, "case-studies")))
    assert "the most a listing can have" in page and "case-studies/add/" not in page
    response = save(member_client, url(draft, "case-studies/add"), STUDY)
    assert response["Location"] == url(draft, "case-studies")
    draft.refresh_from_db()
    assert len(draft.case_studies) == 3

    save(member_client, url(draft, "case-studies", 2), {**STUDY, "client_sector": "Sector 2", "outcome": "Cleared in 4 weeks"})
    draft.refresh_from_db()
    assert draft.case_studies[1]["outcome"] == "Cleared in 4 weeks"

    page = text(member_client.get(url(draft, "case-studies", 1, "remove")))
    assert "Are you sure you want to remove case study 1?" in page
    assert member_client.post(url(draft, "case-studies", 1, "remove"))["Location"] == url(draft, "case-studies")
    draft.refresh_from_db()
    assert [study["client_sector"] for study in draft.case_studies] == ["Sector 2", "Sector 3"]
    assert member_client.get(url(draft, "case-studies", 3)).status_code == 404


def test_a_case_study_needs_all_three_answers_to_continue(draft, member_client):
    response = save(member_client, url(draft, "case-studies/add"), {"client_sector": "NHS trust"})
    page = text(response)
    assert response.status_code == 200
    assert "Enter the problem the client had" in page and "Enter the outcome" in page
    assert 'value="NHS trust"' in page
    draft.refresh_from_db()
    assert draft.case_studies == []
