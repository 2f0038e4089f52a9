"""Only a verified buyer organisation can publish; an operator verifies it, whatever its email domain."""

import pytest

from marketplace.accounts import services
from marketplace.accounts.models import Role, VerificationStatus
from marketplace.accounts.permissions import can_publish
from marketplace.errors import DomainError, NotAllowed
from tests.factories import BuyerOrganisationFactory, member

pytestmark = pytest.mark.django_db


def test_can_publish_is_false_for_an_unverified_buyer_organisation():
    organisation = BuyerOrganisationFactory(verification_status=VerificationStatus.PENDING, email_domain_recognised=True)
    admin = member(organisation, Role.ADMIN)
    assert can_publish(admin, organisation) is False


def test_can_publish_once_an_operator_verifies_it(operator):
    organisation = BuyerOrganisationFactory(verification_status=VerificationStatus.PENDING)
    admin = member(organisation, Role.ADMIN)
    services.organisation_verify(actor=operator, organisation=organisation, note="Checked on GOV.UK")
    organisation.refresh_from_db()
    admin = type(admin).objects.get(pk=admin.pk)  # drop the cached membership
    assert can_publish(admin, organisation) is True


def test_evaluators_other_organisations_and_suppliers_cannot_publish(buyer_org, supplier_admin, supplier_org):
    evaluator = member(buyer_org, Role.EVALUATOR)
    assert can_publish(evaluator, buyer_org) is False
    outsider = member(BuyerOrganisationFactory(), Role.ADMIN)
    assert can_publish(outsider, buyer_org) is False
    assert can_publish(supplier_admin, supplier_org) is False


def test_only_operators_verify(buyer_admin):
    organisation = BuyerOrganisationFactory(verification_status=VerificationStatus.PENDING)
    with pytest.raises(NotAllowed):
        services.organisation_verify(actor=buyer_admin, organisation=organisation)
    organisation.refresh_from_db()
    assert organisation.verification_status == VerificationStatus.PENDING


def test_suppliers_are_not_verified_as_buyers(operator, supplier_org):
    with pytest.raises(DomainError):
        services.organisation_verify(actor=operator, organisation=supplier_org)
