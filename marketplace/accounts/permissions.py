"""Predicates about who may do what. Views call them to decide what to show; services call them again to enforce."""

from allauth.mfa.utils import is_mfa_enabled

from .models import Membership, Role, Side

_CACHE_ATTR = "_spark_membership"


def membership_of(user) -> Membership | None:
    """The user's membership (with its organisation), cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, _CACHE_ATTR):
        membership = Membership.objects.select_related("organisation").filter(user=user).first()
        setattr(user, _CACHE_ATTR, membership)
    return getattr(user, _CACHE_ATTR)


def forget_membership(user) -> None:
    """Drop the cached membership after a service changed it."""
    if user is not None and hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_member_of(user, organisation) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.organisation_id == organisation.pk


def is_admin_of(user, organisation) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.organisation_id == organisation.pk and membership.role == Role.ADMIN


def can_manage_members(user, organisation) -> bool:
    """Invite colleagues, approve join requests, change roles and remove members."""
    return is_admin_of(user, organisation)


def is_operator(user) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.organisation.kind == Side.OPERATOR


def can_verify_organisations(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm("accounts.verify_organisation")


def can_publish(user, organisation) -> bool:
    """A buyer may publish only for a buyer organisation an operator has verified.

    Competitions add their own conditions (the owner, a complete competition) on top of this one.
    """
    membership = membership_of(user)
    return (
        membership is not None
        and membership.organisation_id == organisation.pk
        and organisation.kind == Side.BUYER
        and organisation.is_verified
        and membership.role in (Role.ADMIN, Role.MEMBER)
    )


def mfa_required(user) -> bool:
    """Buyers, operators, supplier admins and admin-site staff must use TOTP."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    membership = membership_of(user)
    if membership is None:
        return False
    kind = membership.organisation.kind
    return kind in (Side.BUYER, Side.OPERATOR) or (kind == Side.SUPPLIER and membership.role == Role.ADMIN)


def needs_mfa_setup(user) -> bool:
    """True when the user must set up TOTP before a sensitive action."""
    return user.is_authenticated and mfa_required(user) and not is_mfa_enabled(user)


def may_use_wagtail_admin(user) -> bool:
    return user.is_authenticated and user.is_active and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


def needs_mfa_for_admin(user) -> bool:
    """True when someone who may use the Wagtail or Django admin has not set up TOTP yet."""
    may_use_admin = user.is_authenticated and (
        user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")
    )
    return may_use_admin and not is_mfa_enabled(user)


def can_hold_api_token(user) -> bool:
    """Members of supplier and buyer organisations may have an API token for their organisation's own data.

    Operators work in the admin, behind two-factor sign-in; the API has nothing of their own to read.
    """
    membership = membership_of(user)
    return membership is not None and membership.organisation.kind in (Side.SUPPLIER, Side.BUYER)
