"""Fixtures for the operators' screens in the Wagtail admin."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from marketplace.accounts.models import Role, VerificationStatus

from ..factories import BuyerOrganisationFactory, UserFactory, enrol_totp, member


@pytest.fixture
def pending_buyer(db):
    """A buyer organisation waiting for verification, registered from an allow-listed but student-prone domain."""
    return BuyerOrganisationFactory(
        name="Northshire University",
        verification_status=VerificationStatus.PENDING,
        email_domain="northshire.ac.uk",
        email_domain_recognised=True,
        created_at=timezone.now() - timedelta(days=2),
    )


@pytest.fixture
def pending_buyer_admin(pending_buyer):
    return member(pending_buyer, Role.ADMIN, email="registrar@northshire.ac.uk")


@pytest.fixture
def pending_buyer_member(pending_buyer):
    return member(pending_buyer, Role.MEMBER, email="clerk@northshire.ac.uk")


@pytest.fixture
def editor(db):
    """A content editor: in Wagtail's Editors group, with TOTP, and no organisation."""
    user = UserFactory(email="editor@spark.example")
    user.groups.add(Group.objects.get(name="Editors"))
    enrol_totp(user)
    return user


@pytest.fixture
def operator_client(client, operator):
    client.force_login(operator)
    return client
