"""Only operators reach the admission screens: editors, buyers and suppliers never see applications.

Declarations are criminal-offence data. Signed-in people without Wagtail admin access get the
admin door's 403 page; people in the admin without the specific permission are sent back to the
admin's home page by Wagtail, before anything is looked up; and nothing changes either way.
"""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from marketplace.admission.models import (
    Admission,
    AdmissionStatus,
    Application,
    ApplicationStatus,
    CategoryDecision,
    DebarmentEntry,
)
from marketplace.taxonomy.models import Category

from ..factories import UserFactory, enrol_totp
from .conftest import events

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(application, make_admitted):
    (admission,) = make_admitted("Admitted Ltd")
    return {"application": application, "admission": admission}


def urls(world):
    application, admission = world["application"], world["admission"]
    return [
        reverse("admission_applications:index"),
        reverse("admission_applications:index_results"),
        reverse("admission_applications:inspect", args=[application.pk]),
        reverse("admission_applications:decide", args=[application.pk]),
        reverse("admission_applications:extend", args=[application.pk]),
        reverse("admission_admissions:index"),
        reverse("admission_admissions:index_results"),
        reverse("admission_admissions:suspend", args=[admission.pk]),
        reverse("admission_admissions:reinstate", args=[admission.pk]),
        reverse("admission_admissions:remove", args=[admission.pk]),
        reverse("admission_debarment:index"),
        reverse("admission_debarment:index_results"),
        reverse("admission_debarment:add"),
    ]


def post_everything(client, world) -> list:
    application, admission = world["application"], world["admission"]
    ai = Category.objects.get(slug="artificial-intelligence")
    return [
        client.post(
            reverse("admission_applications:decide", args=[application.pk]),
            {"category": ai.pk, "decision": "admitted", "reason": ""},
        ),
        client.post(reverse("admission_applications:extend", args=[application.pk]), {"justification": "Because"}),
        client.post(reverse("admission_admissions:suspend", args=[admission.pk]), {"reason": "Because"}),
        client.post(reverse("admission_admissions:remove", args=[admission.pk]), {"reason": "Because"}),
        client.post(
            reverse("admission_debarment:add"),
            {"organisation_name": "Anyone Ltd", "grounds": ["fraud"], "starts_on": "2025-01-01"},
        ),
    ]


def assert_nothing_changed(world, events_before):
    application, admission = world["application"], world["admission"]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.extended_at is None
    assert set(application.categories.values_list("decision", flat=True)) == {CategoryDecision.PENDING}
    assert Admission.objects.get(pk=admission.pk).status == AdmissionStatus.ACTIVE
    assert not DebarmentEntry.objects.exists()
    assert events(application.organisation).count() == events_before[0]
    assert events(admission.organisation).count() == events_before[1]


def counts(world):
    return events(world["application"].organisation).count(), events(world["admission"].organisation).count()


def test_an_editor_sees_no_menu_item_and_cannot_reach_or_use_any_screen(client, editor, world):
    client.force_login(editor)
    before = counts(world)

    home = client.get(reverse("wagtailadmin_home")).content.decode()
    for name in ("admission_applications:index", "admission_admissions:index", "admission_debarment:index"):
        assert reverse(name) not in home
    for url in urls(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == reverse("wagtailadmin_home"), url
    for response in post_everything(client, world):
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")

    assert_nothing_changed(world, before)


@pytest.mark.parametrize("who", ["buyer_admin", "applicant_admin", "supplier_member"])
def test_buyers_and_suppliers_are_refused_at_the_admin_door(client, request, world, applicant, who):
    user = applicant[1] if who == "applicant_admin" else request.getfixturevalue(who)
    client.force_login(user)
    before = counts(world)

    for url in urls(world):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Cloud Hosting Ltd" not in response.content.decode()  # nothing of the application leaks
    for response in post_everything(client, world):
        assert response.status_code == 403

    assert_nothing_changed(world, before)


def test_anonymous_people_are_sent_to_sign_in(client, world):
    for url in urls(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login")), url


def test_admin_access_and_view_permissions_are_not_enough(client, world):
    """The screens need the operators' own permissions (decide, manage, keep the list), not just viewing rights."""
    viewer = UserFactory()
    enrol_totp(viewer)
    viewer.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="admission",
            codename__in=["view_application", "view_admission", "view_debarmententry", "change_debarmententry"],
        ),
    )
    client.force_login(viewer)
    before = counts(world)

    assert reverse("admission_applications:index") not in client.get(reverse("wagtailadmin_home")).content.decode()
    for url in urls(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == reverse("wagtailadmin_home")
    post_everything(client, world)

    assert_nothing_changed(world, before)


def test_the_permission_is_checked_before_the_lookup(client, editor, world):
    """Someone without the right cannot tell an existing application from a missing one (or a draft)."""
    client.force_login(editor)

    for pk in (world["application"].pk, 999999):
        response = client.get(reverse("admission_applications:inspect", args=[pk]))
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")


def test_each_screen_needs_its_own_permission(client, world):
    """An operator who may manage admissions but not decide applications sees admissions only."""
    manager = UserFactory()
    enrol_totp(manager)
    manager.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="admission", codename="manage_admission"),
    )
    client.force_login(manager)

    assert client.get(reverse("admission_admissions:index")).status_code == 200
    for url in (
        reverse("admission_applications:index"),
        reverse("admission_applications:inspect", args=[world["application"].pk]),
        reverse("admission_debarment:index"),
        reverse("admission_debarment:add"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == reverse("wagtailadmin_home")
    assert Application.objects.filter(pk=world["application"].pk, status=ApplicationStatus.SUBMITTED).exists()
    assert DebarmentEntry.objects.filter(starts_on__gte=date(2000, 1, 1)).count() == 0
