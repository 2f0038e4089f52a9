"""Joining an organisation happens only by an admin's invitation or approval, never by knowing a company number."""

import pytest

from marketplace.accounts import services
from marketplace.accounts.models import JoinRequest, JoinRequestStatus, Membership, Role, Side
from marketplace.audit.models import AuditEvent
from marketplace.errors import DomainError, NotAllowed
from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db


def register_supplier(user, number="01234567", **overrides):
    fields = dict(
        user=user,
        kind=Side.SUPPLIER,
        name="Acme Robotics Ltd",
        companies_house_number=number,
        size="small",
        address_line_1="1 Dock Road",
        town="Hull",
        postcode="HU1 1AA",
    )
    fields.update(overrides)
    return services.organisation_create(**fields)


def test_registering_makes_the_first_user_its_admin():
    founder = UserFactory()
    organisation = register_supplier(founder)
    membership = Membership.objects.get(user=founder)
    assert membership.organisation == organisation
    assert membership.role == Role.ADMIN
    verbs = list(AuditEvent.objects.filter(stream__key=organisation.audit_stream).values_list("verb", flat=True))
    assert verbs == ["organisation.registered", "membership.joined"]


def test_joining_by_company_number_alone_is_refused():
    founder = UserFactory()
    register_supplier(founder, number="1234567")  # stored padded: 01234567
    stranger = UserFactory()
    with pytest.raises(DomainError) as refused:
        register_supplier(stranger, number="01234567", name="Someone Else Ltd")
    assert refused.value.field == "companies_house_number"
    assert "already registered" in refused.value.message
    assert not Membership.objects.filter(user=stranger).exists()


def test_joining_by_company_number_page_creates_only_a_pending_request(client):
    founder = UserFactory()
    organisation = register_supplier(founder)
    stranger = UserFactory(intended_side=Side.SUPPLIER)
    client.force_login(stranger)

    found = client.get("/organisation/join/", {"q": "01234567"})
    assert organisation.name in found.content.decode()

    response = client.post(f"/organisation/join/{organisation.pk}/", {"message": "I run bids"})
    assert response.status_code == 302
    request = JoinRequest.objects.get(user=stranger)
    assert request.status == JoinRequestStatus.PENDING
    assert not Membership.objects.filter(user=stranger).exists()
    # Knowing the number gets you nothing on the organisation's pages either.
    assert client.get("/organisation/").status_code == 302  # back to onboarding


def test_only_an_admin_of_the_organisation_can_approve_a_request():
    founder = UserFactory()
    organisation = register_supplier(founder)
    colleague = member(organisation, Role.MEMBER)
    other_admin = member(register_supplier(UserFactory(), number="07654321", name="Other Ltd"), Role.ADMIN)
    applicant = UserFactory()
    request = services.join_request_create(user=applicant, organisation=organisation)

    for outsider in (colleague, other_admin, applicant):
        with pytest.raises(NotAllowed):
            services.join_request_approve(actor=outsider, join_request=request, role=Role.MEMBER)
    assert not Membership.objects.filter(user=applicant).exists()

    services.join_request_approve(actor=founder, join_request=request, role=Role.MEMBER)
    assert Membership.objects.get(user=applicant).organisation == organisation
    request.refresh_from_db()
    assert request.status == JoinRequestStatus.APPROVED


def test_a_declined_request_cannot_then_be_approved():
    founder = UserFactory()
    organisation = register_supplier(founder)
    applicant = UserFactory()
    request = services.join_request_create(user=applicant, organisation=organisation)
    services.join_request_decline(actor=founder, join_request=request)
    with pytest.raises(DomainError):
        services.join_request_approve(actor=founder, join_request=request, role=Role.MEMBER)
    assert not Membership.objects.filter(user=applicant).exists()


def test_one_pending_request_at_a_time_and_none_once_a_member():
    first = register_supplier(UserFactory())
    second = register_supplier(UserFactory(), number="07654321", name="Second Ltd")
    applicant = UserFactory()
    services.join_request_create(user=applicant, organisation=first)
    with pytest.raises(DomainError):
        services.join_request_create(user=applicant, organisation=second)
    assert JoinRequest.objects.filter(user=applicant).count() == 1
    with pytest.raises(DomainError):
        services.join_request_create(user=member(first), organisation=second)


def test_nobody_can_ask_to_join_the_operator(operator_org):
    with pytest.raises(NotAllowed):
        services.join_request_create(user=UserFactory(), organisation=operator_org)


def test_evaluator_is_a_role_only_buyers_give(supplier_org, supplier_admin):
    applicant = UserFactory()
    request = services.join_request_create(user=applicant, organisation=supplier_org)
    with pytest.raises(DomainError):
        services.join_request_approve(actor=supplier_admin, join_request=request, role=Role.EVALUATOR)
    assert not Membership.objects.filter(user=applicant).exists()
