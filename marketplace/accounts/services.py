"""Every write that matters about people and organisations.

Each service takes keyword arguments, runs in one transaction, checks the
actor's right (again, whatever the view already checked) and the rules, and
writes an audit event. A refusal raises DomainError with a message for the page.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from knox.models import AuthToken

from marketplace.audit.services import MARKETPLACE_STREAM, audit_record
from marketplace.errors import DomainError, NotAllowed
from marketplace.notifications import send_email

from . import permissions
from .models import (
    JOIN_REQUEST_TRANSITIONS,
    VERIFICATION_TRANSITIONS,
    Invitation,
    InvitationStatus,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    Organisation,
    PublicSectorDomain,
    Role,
    Side,
    User,
    VerificationStatus,
    VAT_NUMBER_RE,
    normalise_company_number,
    normalise_vat_number,
    roles_for,
    validate_vat_number,
)


def _personal(user) -> dict:
    """What an audit event keeps about a person beside its hashed content (erasable)."""
    return {"email": user.email, "name": user.get_full_name()} if user is not None else {}


def domain_is_public_sector(email: str) -> bool:
    """True when the email's domain, or a parent of it, is on the operators' allow-list."""
    domain = email.rsplit("@", 1)[-1].strip().lower()
    parts = domain.split(".")
    candidates = [".".join(parts[i:]) for i in range(len(parts) - 1)]
    return PublicSectorDomain.objects.filter(domain__in=candidates).exists()


def check_buyer_email_domain(email: str) -> None:
    if not domain_is_public_sector(email):
        raise DomainError(
            "Enter an email address from a public sector organisation, like name@department.gov.uk. "
            f"If your organisation uses another domain, contact {settings.SPARK_CONTACT_EMAIL}",
            field="email",
            code="unknown_buyer_domain",
        )


# Sign-up and sign-in (called from the allauth adapter).


def user_record_signup(*, user, side: str) -> None:
    audit_record(
        stream=MARKETPLACE_STREAM,
        verb="user.signed_up",
        actor=user,
        target=user,
        data={"side": side},
        personal=_personal(user),
    )


def user_record_signin(*, user, ip_address: str = "") -> None:
    membership = permissions.membership_of(user)
    stream = membership.organisation.audit_stream if membership else MARKETPLACE_STREAM
    audit_record(
        stream=stream,
        verb="user.signed_in",
        actor=user,
        target=user,
        personal={**_personal(user), "ip_address": ip_address},
    )


# Organisations.


@transaction.atomic
def organisation_create(
    *,
    user,
    kind: str,
    name: str,
    address_line_1: str,
    town: str,
    postcode: str,
    address_line_2: str = "",
    companies_house_number: str = "",
    size: str = "",
    public_sector_type: str = "",
    vat_number: str = "",
) -> Organisation:
    """Register a new organisation; the person registering it becomes its first admin."""
    if kind not in (Side.SUPPLIER, Side.BUYER):
        raise DomainError("Choose whether your organisation is a supplier or a buyer", field="kind")
    if Membership.objects.select_for_update().filter(user=user).exists():
        raise DomainError("You already belong to an organisation. A person can act for one organisation.")
    company_number = normalise_company_number(companies_house_number)
    if kind == Side.SUPPLIER:
        if not company_number:
            raise DomainError("Enter your Companies House number", field="companies_house_number")
        if not size:
            raise DomainError("Select the size of your organisation", field="size")
        if Organisation.objects.filter(kind=Side.SUPPLIER, companies_house_number=company_number).exists():
            raise DomainError(
                "An organisation with this Companies House number is already registered. "
                "Ask one of its admins to invite you, or ask to join it",
                field="companies_house_number",
                code="company_number_taken",
            )
        vat_number = normalise_vat_number(vat_number)
        if vat_number and not VAT_NUMBER_RE.match(vat_number):
            raise DomainError("Enter a VAT registration number in the correct format, like GB123456789",
                              field="vat_number")
    if kind == Side.BUYER:
        check_buyer_email_domain(user.email)
        if not public_sector_type:
            raise DomainError("Select the type of public sector organisation", field="public_sector_type")
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(
                kind=kind,
                name=name.strip(),
                companies_house_number=company_number if kind == Side.SUPPLIER else "",
                address_line_1=address_line_1.strip(),
                address_line_2=address_line_2.strip(),
                town=town.strip(),
                postcode=postcode.strip().upper(),
                size=size,
                public_sector_type=public_sector_type if kind == Side.BUYER else "",
                vat_number=vat_number if kind == Side.SUPPLIER else "",
                email_domain=user.email_domain,
                email_domain_recognised=domain_is_public_sector(user.email),
            )
    except IntegrityError as exc:  # two registrations of one company at the same moment
        raise DomainError(
            "An organisation with this Companies House number is already registered",
            field="companies_house_number",
            code="company_number_taken",
        ) from exc
    membership = Membership.objects.create(user=user, organisation=organisation, role=Role.ADMIN)
    permissions.forget_membership(user)
    audit_record(
        stream=organisation.audit_stream,
        verb="organisation.registered",
        actor=user,
        target=organisation,
        data={
            "kind": kind,
            "name": organisation.name,
            "companies_house_number": organisation.companies_house_number,
            "email_domain_recognised": organisation.email_domain_recognised,
        },
        personal=_personal(user),
    )
    audit_record(
        stream=organisation.audit_stream,
        verb="membership.joined",
        actor=user,
        target=membership,
        data={"user_id": user.pk, "role": Role.ADMIN, "how": "registered the organisation"},
        personal=_personal(user),
    )
    return organisation


def _transition_verification(organisation: Organisation, to: str) -> None:
    if to not in VERIFICATION_TRANSITIONS[VerificationStatus(organisation.verification_status)]:
        raise DomainError(
            f"This organisation is {organisation.get_verification_status_display().lower()} "
            "and cannot be changed that way"
        )


@transaction.atomic
def organisation_verify(*, actor, organisation: Organisation, note: str = "") -> Organisation:
    """An operator confirms a buyer organisation is a genuine public body; only then can it publish."""
    if not permissions.can_verify_organisations(actor):
        raise NotAllowed("Only operators can verify organisations.")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.kind != Side.BUYER:
        raise DomainError("Only buyer organisations are verified")
    _transition_verification(organisation, VerificationStatus.VERIFIED)
    organisation.verification_status = VerificationStatus.VERIFIED
    organisation.verified_at = timezone.now()
    organisation.verified_by = actor
    organisation.verification_note = note
    organisation.save(update_fields=["verification_status", "verified_at", "verified_by", "verification_note"])
    audit_record(
        stream=organisation.audit_stream,
        verb="organisation.verified",
        actor=actor,
        target=organisation,
        data={"note": note},
        personal=_personal(actor),
    )
    _email_admins(organisation, "accounts/email/organisation_verified", {"organisation": organisation})
    return organisation


@transaction.atomic
def organisation_reject_verification(*, actor, organisation: Organisation, note: str) -> Organisation:
    """An operator records that a buyer organisation could not be verified, and why."""
    if not permissions.can_verify_organisations(actor):
        raise NotAllowed("Only operators can verify organisations.")
    if not note.strip():
        raise DomainError("Enter the reason the organisation could not be verified", field="note")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    _transition_verification(organisation, VerificationStatus.REJECTED)
    organisation.verification_status = VerificationStatus.REJECTED
    organisation.verified_at = None
    organisation.verified_by = actor
    organisation.verification_note = note
    organisation.save(update_fields=["verification_status", "verified_at", "verified_by", "verification_note"])
    audit_record(
        stream=organisation.audit_stream,
        verb="organisation.verification_rejected",
        actor=actor,
        target=organisation,
        data={"note": note},
        personal=_personal(actor),
    )
    _email_admins(organisation, "accounts/email/organisation_not_verified", {"organisation": organisation})
    return organisation


def _email_admins(organisation: Organisation, template: str, context: dict) -> None:
    emails = list(
        Membership.objects.filter(organisation=organisation, role=Role.ADMIN).values_list("user__email", flat=True)
    )
    if emails:
        send_email(to=emails, template=template, context=context)


@transaction.atomic
def organisation_vat_number_set(*, actor, organisation: Organisation, vat_number: str) -> Organisation:
    """A supplier's admin sets, changes or (with a blank value) clears its VAT registration number.

    The number is printed on the supplier's invoices (rule 13); it is checked and normalised as the model does
    ("gb 123 4567 89" is stored as "GB123456789"). Setting the number it already has changes nothing.
    """
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not permissions.can_manage_members(actor, organisation):
        raise NotAllowed("Only an admin of this organisation can change its VAT registration number.")
    if organisation.kind != Side.SUPPLIER:
        raise NotAllowed("Only supplier organisations record a VAT registration number on Spark.")
    new = normalise_vat_number(vat_number)
    if new:
        try:
            validate_vat_number(new)
        except ValidationError as error:
            raise DomainError(error.messages[0], field="vat_number", code="invalid_vat_number") from error
    previous = organisation.vat_number
    if new == previous:
        return organisation
    organisation.vat_number = new
    organisation.save(update_fields=["vat_number"])
    audit_record(
        stream=organisation.audit_stream,
        verb="organisation.vat_number_changed",
        actor=actor,
        target=organisation,
        data={"from": previous, "to": new},
        personal=_personal(actor),
    )
    return organisation


# Joining an organisation: only by an admin's approval or invitation.


@transaction.atomic
def join_request_create(*, user, organisation: Organisation, message: str = "") -> JoinRequest:
    """Ask to join an organisation. Knowing its name or company number grants nothing: an admin decides."""
    if Membership.objects.filter(user=user).exists():
        raise DomainError("You already belong to an organisation. A person can act for one organisation.")
    if organisation.kind == Side.OPERATOR:
        raise NotAllowed("You cannot ask to join the operator's organisation.")
    if JoinRequest.objects.filter(user=user, status=JoinRequestStatus.PENDING).exists():
        raise DomainError(
            "You have already asked to join an organisation. Wait for its admins to reply, or withdraw that request"
        )
    join_request = JoinRequest.objects.create(user=user, organisation=organisation, message=message.strip())
    audit_record(
        stream=organisation.audit_stream,
        verb="join_request.created",
        actor=user,
        target=join_request,
        data={"user_id": user.pk},
        personal={**_personal(user), "message": join_request.message},
    )
    _email_admins(
        organisation, "accounts/email/join_request", {"organisation": organisation, "join_request": join_request}
    )
    return join_request


def _decide_join_request(actor, join_request: JoinRequest, to: str) -> JoinRequest:
    join_request = JoinRequest.objects.select_for_update().select_related("organisation", "user").get(
        pk=join_request.pk
    )
    if to == JoinRequestStatus.WITHDRAWN:
        if join_request.user_id != actor.pk:
            raise NotAllowed("Only the person who asked can withdraw a request to join.")
    elif not permissions.can_manage_members(actor, join_request.organisation):
        raise NotAllowed("Only an admin of this organisation can decide requests to join it.")
    if to not in JOIN_REQUEST_TRANSITIONS[JoinRequestStatus(join_request.status)]:
        raise DomainError(f"This request has already been {join_request.get_status_display().lower()}")
    join_request.status = to
    join_request.decided_at = timezone.now()
    join_request.decided_by = actor
    join_request.save(update_fields=["status", "decided_at", "decided_by"])
    return join_request


@transaction.atomic
def join_request_approve(*, actor, join_request: JoinRequest, role: str = Role.MEMBER) -> Membership:
    join_request = _decide_join_request(actor, join_request, JoinRequestStatus.APPROVED)
    organisation = join_request.organisation
    if role not in dict(roles_for(organisation.kind)):
        raise DomainError("Select a role this organisation can give", field="role")
    if Membership.objects.filter(user=join_request.user).exists():
        raise DomainError("This person has joined another organisation since they asked")
    membership = Membership.objects.create(user=join_request.user, organisation=organisation, role=role)
    audit_record(
        stream=organisation.audit_stream,
        verb="membership.joined",
        actor=actor,
        target=membership,
        data={"user_id": join_request.user_id, "role": role, "how": "join request approved"},
        personal={"member": _personal(join_request.user), "admin": _personal(actor)},
    )
    send_email(
        to=[join_request.user.email],
        template="accounts/email/join_request_approved",
        context={"organisation": organisation, "role": membership.get_role_display()},
    )
    return membership


@transaction.atomic
def join_request_decline(*, actor, join_request: JoinRequest) -> JoinRequest:
    join_request = _decide_join_request(actor, join_request, JoinRequestStatus.REJECTED)
    audit_record(
        stream=join_request.organisation.audit_stream,
        verb="join_request.declined",
        actor=actor,
        target=join_request,
        data={"user_id": join_request.user_id},
        personal={"member": _personal(join_request.user), "admin": _personal(actor)},
    )
    send_email(
        to=[join_request.user.email],
        template="accounts/email/join_request_declined",
        context={"organisation": join_request.organisation},
    )
    return join_request


@transaction.atomic
def join_request_withdraw(*, actor, join_request: JoinRequest) -> JoinRequest:
    join_request = _decide_join_request(actor, join_request, JoinRequestStatus.WITHDRAWN)
    audit_record(
        stream=join_request.organisation.audit_stream,
        verb="join_request.withdrawn",
        actor=actor,
        target=join_request,
        data={"user_id": actor.pk},
        personal=_personal(actor),
    )
    return join_request


@transaction.atomic
def invitation_create(*, actor, organisation: Organisation, email: str, role: str) -> Invitation:
    """An admin invites a colleague by email. The invitation expires after a fortnight."""
    if not permissions.can_manage_members(actor, organisation):
        raise NotAllowed("Only an admin of this organisation can invite people to it.")
    email = email.strip().lower()
    if role not in dict(roles_for(organisation.kind)):
        raise DomainError("Select a role this organisation can give", field="role")
    existing = Membership.objects.filter(user__email__iexact=email).select_related("organisation").first()
    if existing is not None and existing.organisation_id == organisation.pk:
        raise DomainError("This person is already a member of your organisation", field="email")
    if existing is not None:
        raise DomainError(
            "This person already belongs to another organisation. A person can act for one organisation",
            field="email",
        )
    if Invitation.objects.filter(organisation=organisation, email=email, status=InvitationStatus.PENDING).exists():
        raise DomainError("You have already invited this person. Cancel that invitation to send a new one", field="email")
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.SPARK_INVITATION_EXPIRE_DAYS),
    )
    audit_record(
        stream=organisation.audit_stream,
        verb="invitation.sent",
        actor=actor,
        target=invitation,
        data={"role": role},
        personal={"invitee_email": email, "admin": _personal(actor)},
    )
    send_email(
        to=[email],
        template="accounts/email/invitation",
        context={"invitation": invitation, "organisation": organisation, "inviter": actor.get_full_name()},
    )
    return invitation


@transaction.atomic
def invitation_cancel(*, actor, invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    if not permissions.can_manage_members(actor, invitation.organisation):
        raise NotAllowed("Only an admin of this organisation can cancel its invitations.")
    if invitation.status != InvitationStatus.PENDING:
        raise DomainError("This invitation has already been accepted or cancelled")
    invitation.status = InvitationStatus.CANCELLED
    invitation.save(update_fields=["status"])
    audit_record(
        stream=invitation.organisation.audit_stream,
        verb="invitation.cancelled",
        actor=actor,
        target=invitation,
        personal={"invitee_email": invitation.email, "admin": _personal(actor)},
    )
    return invitation


def user_has_verified_email(user, email: str) -> bool:
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


@transaction.atomic
def invitation_accept(*, user, invitation: Invitation) -> Membership:
    """The invited person joins with the role they were invited to, once their email is verified."""
    invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    if invitation.status != InvitationStatus.PENDING:
        raise DomainError("This invitation has already been used or was cancelled. Ask the admin for a new one")
    if invitation.is_expired():
        raise DomainError("This invitation has expired. Ask the admin who invited you to send a new one")
    if not user_has_verified_email(user, invitation.email):
        raise NotAllowed(
            "This invitation was sent to a different email address. Sign in with the address it was sent to."
        )
    if Membership.objects.select_for_update().filter(user=user).exists():
        raise DomainError("You already belong to an organisation. A person can act for one organisation.")
    membership = Membership.objects.create(user=user, organisation=invitation.organisation, role=invitation.role)
    invitation.status = InvitationStatus.ACCEPTED
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["status", "accepted_at", "accepted_by"])
    JoinRequest.objects.filter(user=user, status=JoinRequestStatus.PENDING).update(
        status=JoinRequestStatus.WITHDRAWN, decided_at=timezone.now(), decided_by=user
    )
    permissions.forget_membership(user)
    audit_record(
        stream=invitation.organisation.audit_stream,
        verb="membership.joined",
        actor=user,
        target=membership,
        data={"user_id": user.pk, "role": invitation.role, "how": "invitation accepted", "invitation_id": invitation.pk},
        personal=_personal(user),
    )
    return membership


# Roles and removal.


def _lock_membership_for_admin(actor, membership: Membership) -> Membership:
    membership = Membership.objects.select_for_update().select_related("organisation", "user").get(pk=membership.pk)
    if not permissions.can_manage_members(actor, membership.organisation):
        raise NotAllowed("Only an admin of this organisation can change its members’ roles or remove them.")
    return membership


def _other_admins_exist(membership: Membership) -> bool:
    # Lock every admin row so two admins demoting each other cannot leave none.
    admins = list(
        Membership.objects.select_for_update()
        .filter(organisation=membership.organisation, role=Role.ADMIN)
        .exclude(pk=membership.pk)
        .values_list("pk", flat=True)
    )
    return bool(admins)


@transaction.atomic
def membership_change_role(*, actor, membership: Membership, role: str) -> Membership:
    membership = _lock_membership_for_admin(actor, membership)
    if role not in dict(roles_for(membership.organisation.kind)):
        raise DomainError("Select a role this organisation can give", field="role")
    if membership.role == role:
        return membership
    if membership.role == Role.ADMIN and not _other_admins_exist(membership):
        raise DomainError(
            "An organisation must always have an admin. Make someone else an admin first", field="role"
        )
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    permissions.forget_membership(membership.user)
    audit_record(
        stream=membership.organisation.audit_stream,
        verb="membership.role_changed",
        actor=actor,
        target=membership,
        data={"user_id": membership.user_id, "from": previous, "to": role},
        personal={"member": _personal(membership.user), "admin": _personal(actor)},
    )
    return membership


@transaction.atomic
def membership_remove(*, actor, membership: Membership) -> None:
    membership = _lock_membership_for_admin(actor, membership)
    if membership.role == Role.ADMIN and not _other_admins_exist(membership):
        raise DomainError("An organisation must always have an admin. Make someone else an admin first")
    audit_record(
        stream=membership.organisation.audit_stream,
        verb="membership.removed",
        actor=actor,
        target=membership,
        data={"user_id": membership.user_id, "role": membership.role},
        personal={"member": _personal(membership.user), "admin": _personal(actor)},
    )
    membership.delete()
    # Their API token spoke for the organisation: it goes with the membership.
    AuthToken.objects.filter(user=membership.user).delete()
    permissions.forget_membership(membership.user)


# API tokens (django-rest-knox's TokenAuthentication): one per person, for their organisation's own data. Only the
# key's digest is stored; the key itself exists once, in the answer to the request that created it.


@transaction.atomic
def api_token_create(*, user) -> tuple[AuthToken, str]:
    """Give a member a new API token: the stored token (its digest and expiry) and the key, to show them once."""
    membership = permissions.membership_of(user)
    if not permissions.can_hold_api_token(user):
        raise NotAllowed("Only members of a supplier or buyer organisation can create an API token.")
    # Lock the person's row so two clicks cannot make two tokens.
    User.objects.select_for_update().filter(pk=user.pk).first()
    # An expired token is gone already, as far as anyone can use it: it does not stand in the way of a new one.
    AuthToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
    if AuthToken.objects.filter(user=user).exists():
        raise DomainError(
            "You already have an API token. Revoke it before you create a new one", code="api_token_exists"
        )
    token, key = AuthToken.objects.create(user=user)
    # The target is the person, never the token: its primary key is the key's digest.
    audit_record(
        stream=membership.organisation.audit_stream,
        verb="api_token.created",
        actor=user,
        target=user,
        data={"user_id": user.pk, "expires_at": token.expiry.isoformat() if token.expiry else None},
        personal=_personal(user),
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, user) -> None:
    """Revoke the person's API token: requests carrying it are refused from now on."""
    deleted, _ = AuthToken.objects.filter(user=user).delete()
    if not deleted:
        raise DomainError("You have no API token to revoke", code="no_api_token")
    membership = permissions.membership_of(user)
    audit_record(
        stream=membership.organisation.audit_stream if membership else MARKETPLACE_STREAM,
        verb="api_token.revoked",
        actor=user,
        target=user,
        data={"user_id": user.pk},
        personal=_personal(user),
    )
