"""Submitting with answers missing lists every one of them, each linking to the page that fixes it; nothing changes."""

import pytest

from marketplace.admission.models import ApplicationStatus, SubjectKind
from marketplace.audit.models import AuditEvent
from tests.applications import categories

from .helpers import save, url

pytestmark = pytest.mark.django_db


def test_submitting_an_incomplete_application_lists_every_missing_answer(admin_client, draft):
    ai, data = categories("artificial-intelligence", "data-analytics")
    save(admin_client, url(draft, "categories"), {"categories": [ai.pk, data.pk]})
    # One statement typed, the other left for later.
    save(
        admin_client,
        url(draft, "why-your-solutions-fit"),
        {f"statement_{ai.pk}": "Casework triage for councils."},
        later=True,
    )
    draft.refresh_from_db()
    before = draft.updated_at
    events = AuditEvent.objects.count()

    response = admin_client.post(url(draft, "check-your-answers"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.startswith("<!DOCTYPE html>") and "<title>Error: " in page
    assert "govuk-error-summary" in page
    for message in (
        "Confirm your organisation’s details",
        f"Enter why your solutions fit {data.name}",
        "Select whether you have connected persons",
        "Select whether you rely on subcontractors",
        f"Answer the exclusion grounds for {draft.organisation.name}",
        "Tell us about your insurance",
        "Select your Cyber Essentials certification",
        "Enter your full name for the declaration",
        "Confirm the declaration to submit the application",
    ):
        assert message in page, message
    # Each links to the page that fixes it.
    supplier = draft.subjects.get(kind=SubjectKind.SUPPLIER)
    for href in (
        url(draft, "organisation-details") + "#id_details_confirmed",
        url(draft, "why-your-solutions-fit") + f"#id_statement_{data.pk}",
        url(draft, "connected-persons") + "#id_has_connected_persons_1",
        url(draft, "subcontractors") + "#id_relies_on_subcontractors_1",
        url(draft, "exclusion-grounds", supplier.pk) + "#id_grounds_1",
        url(draft, "insurance") + "#id_insurance_by_award_1",
        url(draft, "cyber-essentials") + "#id_cyber_essentials_1",
        url(draft, "declaration") + "#id_name",
    ):
        assert f'href="{href}"' in page, href
        # The link lands on the field that fixes it.
        path, anchor = href.split("#")
        assert f'id="{anchor}"' in admin_client.get(path).content.decode(), href
    # What was typed is still there, and the draft is untouched.
    assert "Casework triage for councils." in page
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT
    assert draft.submitted_at is None and draft.due_on is None
    assert draft.updated_at == before
    assert AuditEvent.objects.count() == events


def test_missing_explanations_link_to_the_explanations_page(admin_client, supplier_admin, supplier_org):
    from marketplace.admission import services
    from marketplace.admission.services import GroundAnswer
    from tests.applications import complete_application

    application = complete_application(supplier_admin, supplier_org)
    supplier = application.subjects.get(kind=SubjectKind.SUPPLIER)
    services.subject_set_grounds(
        actor=supplier_admin, subject=supplier, none_apply=False, answers=[GroundAnswer("bribery")]
    )
    page = admin_client.post(url(application, "check-your-answers")).content.decode()
    assert "Explain what happened about bribery" in page
    assert "Give the evidence of self-cleaning about bribery" in page
    assert f'href="{url(application, "exclusion-grounds", supplier.pk, "details")}"' in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_a_page_with_errors_keeps_everything_typed(admin_client, draft):
    response = save(
        admin_client,
        url(draft, "insurance"),
        {
            "insurance_by_award": "held",
            "employers_liability": "5,000,000",
            "public_liability": "lots",
            "professional_indemnity": "1,000,000.50",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter public liability cover as an amount in pounds, like 5,000,000" in page
    for typed in ('value="5,000,000"', 'value="lots"', 'value="1,000,000.50"'):
        assert typed in page
    draft.refresh_from_db()
    assert draft.insurance_by_award is None and draft.employers_liability_pence is None

    response = save(admin_client, url(draft, "declaration"), {"name": "", "role": "Chief executive"})
    page = response.content.decode()
    assert "Enter your full name" in page and "Confirm the declaration" in page
    assert 'value="Chief executive"' in page


def test_save_and_come_back_later_keeps_partial_answers(admin_client, draft):
    response = save(admin_client, url(draft, "declaration"), {"name": "Grace Hopper", "role": ""}, later=True)
    assert response.status_code == 302 and response["Location"] == "/supplier/"
    draft.refresh_from_db()
    assert (draft.declaration_name, draft.declaration_role, draft.declaration_confirmed) == ("Grace Hopper", "", False)
    dashboard = admin_client.get("/supplier/").content.decode()
    assert "has been saved" in dashboard
    assert "Continue your application" in dashboard and url(draft) in dashboard
    # Coming back, the page shows what was saved.
    assert 'value="Grace Hopper"' in admin_client.get(url(draft, "declaration")).content.decode()
    task_list = admin_client.get(url(draft)).content.decode()
    assert "In progress" in task_list


def test_missing_amounts_certificate_and_people_link_to_their_fields(admin_client, supplier_admin, supplier_org):
    from marketplace.admission import services
    from tests.applications import complete_application

    application = complete_application(supplier_admin, supplier_org)
    services.application_set_insurance(
        actor=supplier_admin, application=application, insurance_by_award=False, employers_liability_pence=100
    )
    services.application_set_cyber(actor=supplier_admin, application=application, level="cyber_essentials")
    services.application_set_connected(actor=supplier_admin, application=application, has_connected_persons=True)
    services.application_set_declaration(
        actor=supplier_admin, application=application, name="", role="", confirmed=False
    )
    page = admin_client.post(url(application, "check-your-answers")).content.decode()
    expected = {
        "Enter your public liability cover": url(application, "insurance") + "#id_public_liability",
        "Enter your professional indemnity cover": url(application, "insurance") + "#id_professional_indemnity",
        "Enter your certificate number": url(application, "cyber-essentials") + "#id_certificate_number",
        "Enter your certificate’s expiry date": url(application, "cyber-essentials") + "#id_expiry_day",
        "Add each connected person, or change your answer to no": url(application, "connected-persons", "list")
        + "#add",
        "Enter your role for the declaration": url(application, "declaration") + "#id_role",
        "Confirm the declaration to submit the application": url(application, "declaration") + "#id_confirmed",
    }
    for message, href in expected.items():
        assert f'<a href="{href}">{message}</a>' in page, message
        path, anchor = href.split("#")
        assert f'id="{anchor}"' in admin_client.get(path).content.decode(), href
