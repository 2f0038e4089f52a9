"""The Django admin at /django-admin/ shows applications, admissions and the debarment list read-only, to superusers."""

from datetime import date

import pytest
from django.urls import reverse

from marketplace.admission import services
from marketplace.admission.models import Admission, AdmissionStatus, ApplicationStatus, ExclusionGround

from ..factories import UserFactory, enrol_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    enrol_totp(user)
    client.force_login(user)
    return client


def test_applications_are_listed_and_shown_but_never_changed(superuser_client, application):
    assert superuser_client.get(reverse("admin:admission_application_changelist")).status_code == 200
    change_url = reverse("admin:admission_application_change", args=[application.pk])
    page = superuser_client.get(change_url)
    assert page.status_code == 200
    # The exclusion declarations (criminal-offence data) stay in the operators' screens.
    assert "A contract ended early in 2021." not in page.content.decode()

    assert superuser_client.post(change_url, {"status": "admitted"}).status_code == 403
    assert superuser_client.post(
        reverse("admin:admission_application_delete", args=[application.pk]), {"post": "yes"}
    ).status_code == 403
    assert superuser_client.get(reverse("admin:admission_application_add")).status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_admissions_and_the_debarment_list_are_read_only(superuser_client, operator, make_admitted):
    (admission,) = make_admitted("Listed Ltd")
    entry = services.debarment_add(
        actor=operator, organisation_name="Other Ltd", grounds=[ExclusionGround.CARTEL], starts_on=date(2025, 1, 1)
    )

    for name, obj in (("admission", admission), ("debarmententry", entry)):
        assert superuser_client.get(reverse(f"admin:admission_{name}_changelist")).status_code == 200
        change_url = reverse(f"admin:admission_{name}_change", args=[obj.pk])
        assert superuser_client.get(change_url).status_code == 200
        assert superuser_client.post(change_url, {"status": "removed"}).status_code == 403
        assert superuser_client.get(reverse(f"admin:admission_{name}_add")).status_code == 403
    assert Admission.objects.get(pk=admission.pk).status == AdmissionStatus.ACTIVE
