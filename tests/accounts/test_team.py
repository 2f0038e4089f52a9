"""Organisation admins invite colleagues, approve requests, change roles and remove members."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from marketplace.accounts import services
from marketplace.accounts.models import Invitation, InvitationStatus, Membership, Role
from marketplace.audit.models import AuditEvent, AuditPersonalData
from marketplace.errors import DomainError, NotAllowed
from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db


def test_an_admin_invites_a_colleague_who_accepts(client, supplier_org, supplier_admin, django_capture_on_commit_callbacks):
    client.force_login(supplier_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/organisation/invite/", {"email": "New.Person@Example.com", "role": "member"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(organisation=supplier_org)
    assert invitation.email == "new.person@example.com"
    assert len(mail.outbox) == 1
    assert f"/organisation/invitations/{invitation.token}/" in mail.outbox[0].body

    invitee = UserFactory(email="new.person@example.com")
    client.force_login(invitee)
    page = client.get(f"/organisation/invitations/{invitation.token}/")
    assert "Accept invitation" in page.content.decode()
    client.post(f"/organisation/invitations/{invitation.token}/")
    assert Membership.objects.get(user=invitee).organisation == supplier_org
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED


def test_an_invitation_only_works_for_the_address_it_was_sent_to(supplier_org, supplier_admin):
    invitation = services.invitation_create(actor=supplier_admin, organisation=supplier_org, email="a@x.example", role="member")
    with pytest.raises(NotAllowed):
        services.invitation_accept(user=UserFactory(email="b@x.example"), invitation=invitation)
    unverified = UserFactory(email="a@x.example", verified_email=False)
    with pytest.raises(NotAllowed):
        services.invitation_accept(user=unverified, invitation=invitation)
    assert not Membership.objects.filter(organisation=supplier_org, user__email__in=["a@x.example", "b@x.example"]).exists()


def test_an_expired_or_cancelled_invitation_cannot_be_used(supplier_org, supplier_admin):
    invitation = services.invitation_create(actor=supplier_admin, organisation=supplier_org, email="a@x.example", role="member")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    invitee = UserFactory(email="a@x.example")
    with pytest.raises(DomainError, match="expired"):
        services.invitation_accept(user=invitee, invitation=invitation)
    second = services.invitation_create(actor=supplier_admin, organisation=supplier_org, email="c@x.example", role="member")
    services.invitation_cancel(actor=supplier_admin, invitation=second)
    with pytest.raises(DomainError):
        services.invitation_accept(user=UserFactory(email="c@x.example"), invitation=second)
    assert Membership.objects.filter(organisation=supplier_org).count() == 1


def test_an_admin_approves_a_request_with_a_role(client, buyer_org, buyer_admin, django_capture_on_commit_callbacks):
    applicant = UserFactory()
    join_request = services.join_request_create(user=applicant, organisation=buyer_org)
    client.force_login(buyer_admin)
    team = client.get("/organisation/").content.decode()
    assert applicant.email in team
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/organisation/requests/{join_request.pk}/", {"decision": "approve", "role": "evaluator"})
    assert Membership.objects.get(user=applicant).role == Role.EVALUATOR
    assert any(applicant.email in message.to for message in mail.outbox)


def test_an_organisation_always_keeps_an_admin(supplier_org, supplier_admin):
    own = Membership.objects.get(user=supplier_admin)
    with pytest.raises(DomainError, match="must always have an admin"):
        services.membership_change_role(actor=supplier_admin, membership=own, role=Role.MEMBER)
    with pytest.raises(DomainError, match="must always have an admin"):
        services.membership_remove(actor=supplier_admin, membership=own)
    second_admin = member(supplier_org, Role.ADMIN)
    services.membership_change_role(actor=second_admin, membership=own, role=Role.MEMBER)
    own.refresh_from_db()
    assert own.role == Role.MEMBER


def test_role_changes_and_removals_are_audited_without_personal_data_in_the_chain(supplier_org, supplier_admin):
    colleague = member(supplier_org, Role.MEMBER)
    membership = Membership.objects.get(user=colleague)
    services.membership_change_role(actor=supplier_admin, membership=membership, role=Role.ADMIN)
    services.membership_remove(actor=supplier_admin, membership=membership)
    events = AuditEvent.objects.filter(stream__key=supplier_org.audit_stream).order_by("seq")
    changed, removed = events.get(verb="membership.role_changed"), events.get(verb="membership.removed")
    assert changed.data == {"user_id": colleague.pk, "from": "member", "to": "admin"}
    assert changed.actor_id == supplier_admin.pk
    assert removed.data["user_id"] == colleague.pk
    for event in (changed, removed):
        assert colleague.email not in str(event.data)
        assert AuditPersonalData.objects.get(event=event).data["member"]["email"] == colleague.email
    assert not Membership.objects.filter(user=colleague).exists()


def test_admins_must_set_up_two_factor_authentication_before_managing_the_team(client, supplier_org):
    admin_without_totp = member(supplier_org, Role.ADMIN, mfa=False)
    client.force_login(admin_without_totp)
    response = client.get("/organisation/invite/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")
    # Reading the team page is not a sensitive action.
    assert client.get("/organisation/").status_code == 200


def test_supplier_members_are_not_asked_for_two_factor_authentication(client, supplier_member):
    client.force_login(supplier_member)
    dashboard = client.get("/supplier/").content.decode()
    assert "Set up two-factor authentication" not in dashboard
