"""Only the supplier's own admins edit its application: others get 404, 403 or the sign-in page, and nothing changes."""

import pytest
from django.urls import reverse

from marketplace.accounts.models import Role
from marketplace.admission import services
from marketplace.admission.models import Application, ApplicationStatus, SubjectKind
from tests.factories import member

from .helpers import url

pytestmark = pytest.mark.django_db


def pages(application):
    """Every application page, with a POST body that would change something."""
    supplier = application.subjects.get(kind=SubjectKind.SUPPLIER)
    return [
        (url(application), None),
        (url(application, "organisation-details"), {"details_confirmed": "on", "action": "continue"}),
        (url(application, "categories"), {"categories": ["1"], "action": "continue"}),
        (url(application, "why-your-solutions-fit"), {"action": "continue"}),
        (url(application, "exclusion-grounds", supplier.pk), {"grounds": ["none"], "action": "continue"}),
        (url(application, "exclusion-grounds", supplier.pk, "details"), {"action": "continue"}),
        (url(application, "connected-persons"), {"has_connected_persons": "yes", "action": "continue"}),
        (url(application, "connected-persons", "list"), None),
        (url(application, "connected-persons", "add"), {"name": "Intruder", "action": "continue"}),
        (url(application, "subcontractors"), {"relies_on_subcontractors": "yes", "action": "continue"}),
        (url(application, "subcontractors", "list"), None),
        (url(application, "subcontractors", "add"), {"name": "Intruder", "action": "continue"}),
        (url(application, "people", supplier.pk, "remove"), {}),
        (url(application, "insurance"), {"insurance_by_award": "by_award", "action": "continue"}),
        (url(application, "cyber-essentials"), {"cyber_essentials": "none", "action": "continue"}),
        (url(application, "declaration"), {"name": "Intruder", "role": "x", "confirmed": "on", "action": "continue"}),
        (url(application, "check-your-answers"), {}),
        (url(application, "submitted"), None),
    ]


def snapshot(application):
    application = Application.objects.get(pk=application.pk)
    subjects = list(application.subjects.values_list("kind", "name", "no_grounds_apply"))
    return (
        application.status,
        application.updated_at,
        application.details_confirmed,
        application.declaration_name,
        application.has_connected_persons,
        application.insurance_by_award,
        application.cyber_essentials,
        subjects,
    )


def test_another_suppliers_application_is_not_found(client, draft, other_supplier_admin):
    client.force_login(other_supplier_admin)
    before = snapshot(draft)
    for path, data in pages(draft):
        assert client.get(path).status_code == 404, path
        if data is not None:
            assert client.post(path, data).status_code == 404, path
    assert snapshot(draft) == before


def test_buyers_are_refused(client, draft, buyer_admin):
    client.force_login(buyer_admin)
    before = snapshot(draft)
    for path, data in [*pages(draft), ("/supplier/", None), ("/supplier/application/start/", {})]:
        assert client.get(path).status_code == 403, path
        if data is not None:
            assert client.post(path, data).status_code == 403, path
    assert snapshot(draft) == before


def test_members_may_read_the_dashboard_but_not_edit(client, draft, supplier_member):
    client.force_login(supplier_member)
    before = snapshot(draft)
    dashboard = client.get("/supplier/").content.decode()
    assert draft.reference in dashboard and "Draft: not submitted" in dashboard
    assert "Continue your application" not in dashboard
    assert "Only admins can change or submit it" in dashboard
    for path, data in [*pages(draft), ("/supplier/application/start/", {})]:
        response = client.get(path)
        assert response.status_code == 403, path
        assert (
            "Only an admin of" in response.content.decode()
            and "can apply to join the marketplace" in response.content.decode()
        )
        if data is not None:
            assert client.post(path, data).status_code == 403, path
    assert snapshot(draft) == before


def test_anonymous_people_are_sent_to_sign_in(client, draft):
    before = snapshot(draft)
    for path, data in [*pages(draft), ("/supplier/", None), ("/supplier/application/start/", {})]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login")), path
        if data is not None:
            assert client.post(path, data)["Location"].startswith(reverse("account_login")), path
    assert snapshot(draft) == before
    assert not Application.objects.exclude(pk=draft.pk).exists()


def test_an_admin_sets_up_two_factor_authentication_first(client, supplier_org, draft):
    admin_without_totp = member(supplier_org, Role.ADMIN, mfa=False)
    client.force_login(admin_without_totp)
    response = client.post(
        url(draft, "declaration"), {"name": "Nope", "role": "x", "confirmed": "on", "action": "continue"}
    )
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_activate_totp"))
    assert client.get("/supplier/application/start/")["Location"].startswith(reverse("mfa_activate_totp"))
    draft.refresh_from_db()
    assert draft.declaration_name == ""


def test_a_non_admin_cannot_start_an_application(client, supplier_org, supplier_member):
    client.force_login(supplier_member)
    assert client.post("/supplier/application/start/").status_code == 403
    assert not Application.objects.filter(organisation=supplier_org).exists()


def test_a_subject_of_another_application_is_not_found(admin_client, draft, other_supplier, other_supplier_admin):
    theirs = services.application_start(actor=other_supplier_admin, organisation=other_supplier)
    their_supplier = theirs.subjects.get()
    for path in (url(draft, "exclusion-grounds", their_supplier.pk), url(draft, "people", their_supplier.pk, "remove")):
        assert admin_client.get(path).status_code == 404
        assert admin_client.post(path, {"grounds": ["none"], "action": "continue"}).status_code == 404
    their_supplier.refresh_from_db()
    assert their_supplier.no_grounds_apply is None
    assert theirs.status == ApplicationStatus.DRAFT
