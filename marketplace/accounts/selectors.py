"""Reads about people and organisations, filtered by who is asking."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from . import permissions
from .models import (
    Invitation,
    InvitationStatus,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    Organisation,
    Side,
    VerificationStatus,
    normalise_company_number,
)


def _require_member(viewer, organisation: Organisation) -> None:
    if not permissions.is_member_of(viewer, organisation):
        raise PermissionDenied("Only members of this organisation can see its team.")


def members_of(organisation: Organisation, *, viewer):
    _require_member(viewer, organisation)
    return Membership.objects.filter(organisation=organisation).select_related("user").order_by(
        "user__last_name", "user__first_name", "user__email"
    )


def membership_in_own_organisation(*, viewer, membership_id: int) -> Membership:
    """A membership of the viewer's own organisation, or PermissionDenied/DoesNotExist (a 404 to the view)."""
    own = permissions.membership_of(viewer)
    if own is None:
        raise PermissionDenied("You do not belong to an organisation.")
    return Membership.objects.select_related("user", "organisation").get(pk=membership_id, organisation_id=own.organisation_id)


def pending_join_requests(organisation: Organisation, *, viewer):
    if not permissions.can_manage_members(viewer, organisation):
        return JoinRequest.objects.none()
    return JoinRequest.objects.filter(organisation=organisation, status=JoinRequestStatus.PENDING).select_related("user")


def join_request_for_admin(*, viewer, join_request_id: int) -> JoinRequest:
    own = permissions.membership_of(viewer)
    if own is None:
        raise PermissionDenied("You do not belong to an organisation.")
    return JoinRequest.objects.select_related("user", "organisation").get(
        pk=join_request_id, organisation_id=own.organisation_id
    )


def pending_invitations(organisation: Organisation, *, viewer):
    if not permissions.can_manage_members(viewer, organisation):
        return Invitation.objects.none()
    return Invitation.objects.filter(
        organisation=organisation, status=InvitationStatus.PENDING, expires_at__gt=timezone.now()
    ).select_related("invited_by")


def invitation_for_admin(*, viewer, invitation_id: int) -> Invitation:
    own = permissions.membership_of(viewer)
    if own is None:
        raise PermissionDenied("You do not belong to an organisation.")
    return Invitation.objects.select_related("organisation").get(pk=invitation_id, organisation_id=own.organisation_id)


def invitations_for_user(user):
    """Live invitations addressed to any of the user's verified email addresses."""
    from allauth.account.models import EmailAddress

    emails = list(EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True))
    if not emails:
        return Invitation.objects.none()
    query = Q()
    for email in emails:
        query |= Q(email__iexact=email)
    return Invitation.objects.filter(query, status=InvitationStatus.PENDING, expires_at__gt=timezone.now()).select_related(
        "organisation"
    )


def pending_join_request_of(user) -> JoinRequest | None:
    return JoinRequest.objects.filter(user=user, status=JoinRequestStatus.PENDING).select_related("organisation").first()


def organisations_to_join(query: str, *, kind: str | None = None, limit: int = 20):
    """Organisations a person may ask to join, found by name or Companies House number.

    Finding one grants nothing: the request still waits for its admins.
    """
    query = query.strip()
    matches = Organisation.objects.exclude(kind=Side.OPERATOR)
    if kind:
        matches = matches.filter(kind=kind)
    number = normalise_company_number(query)
    return matches.filter(Q(name__icontains=query) | Q(companies_house_number=number)).order_by("name")[:limit]


def buyer_verification_queue():
    return Organisation.objects.filter(kind=Side.BUYER, verification_status=VerificationStatus.PENDING).order_by(
        "created_at"
    )


def api_token_of(user):
    """The person's own API token that has not expired, or None. Pages show when it was created and when it
    expires; its key is never stored."""
    from knox.models import AuthToken

    return AuthToken.objects.filter(user=user).exclude(expiry__lt=timezone.now()).first()
