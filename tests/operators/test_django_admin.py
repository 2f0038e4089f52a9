"""The Django admin at /django-admin/ is for superusers, and mostly read-only."""

import pytest
from django.urls import reverse

from marketplace.accounts.models import Invitation, VerificationStatus
from marketplace.taxonomy.models import Category

from ..factories import UserFactory, enrol_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    enrol_totp(user)
    client.force_login(user)
    return client


def test_a_superuser_browses_organisations_but_cannot_change_or_delete_them(superuser_client, pending_buyer):
    assert superuser_client.get(reverse("admin:accounts_organisation_changelist")).status_code == 200
    change_url = reverse("admin:accounts_organisation_change", args=[pending_buyer.pk])
    assert superuser_client.get(change_url).status_code == 200

    response = superuser_client.post(change_url, {"verification_status": "verified", "name": "Renamed"})
    assert response.status_code == 403
    delete_url = reverse("admin:accounts_organisation_delete", args=[pending_buyer.pk])
    assert superuser_client.post(delete_url).status_code == 403
    assert superuser_client.get(reverse("admin:accounts_organisation_add")).status_code == 403
    pending_buyer.refresh_from_db()
    assert pending_buyer.verification_status == VerificationStatus.PENDING
    assert pending_buyer.name == "Northshire University"


def test_invitation_tokens_are_never_shown(superuser_client, pending_buyer, pending_buyer_admin):
    from datetime import timedelta

    from django.utils import timezone

    invitation = Invitation.objects.create(
        organisation=pending_buyer, email="new@northshire.ac.uk", expires_at=timezone.now() + timedelta(days=7)
    )

    response = superuser_client.get(reverse("admin:accounts_invitation_change", args=[invitation.pk]))

    assert response.status_code == 200
    assert invitation.token not in response.content.decode()


def test_categories_cannot_be_deleted_in_the_django_admin_either(superuser_client):
    category = Category.objects.create(slug="space", name="Space", position=99)

    response = superuser_client.post(reverse("admin:taxonomy_category_delete", args=[category.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert Category.objects.filter(pk=category.pk).exists()


def test_operators_are_not_let_into_the_django_admin(client, operator):
    client.force_login(operator)

    response = client.get(reverse("admin:accounts_organisation_changelist"))

    assert response.status_code == 302
    assert "login" in response.url
