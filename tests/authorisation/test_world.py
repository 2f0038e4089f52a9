"""The world the harness requests routes in is what it claims to be: otherwise every route test proves less."""

from allauth.mfa.utils import is_mfa_enabled

from marketplace.accounts import permissions
from marketplace.accounts.models import (
    InvitationStatus,
    JoinRequestStatus,
    Membership,
    Side,
    VerificationStatus,
    roles_for,
)

from .world import ACTORS, ORGS


def test_two_organisations_of_each_kind_have_every_role_their_kind_allows(world, db):
    for kind in (Side.SUPPLIER, Side.BUYER, Side.OPERATOR):
        keys = [key for key in ORGS if key.startswith(kind)]
        assert len(keys) == 2
        for key in keys:
            roles = {actor.role for actor in ACTORS if actor.org == key}
            allowed = {role for role, _label in roles_for(kind)}
            if kind == Side.OPERATOR:
                allowed = {"admin"}  # operators act through the Wagtail admin: the admin role is the one that counts
            assert roles == allowed, f"{key} has actors for {sorted(roles)}, its kind allows {sorted(allowed)}"
            for actor in ACTORS:
                if actor.org == key:
                    membership = Membership.objects.get(user=world.users[actor.key])
                    assert (membership.organisation_id, membership.role) == (
                        world.org(key).organisation.pk,
                        actor.role,
                    )


def test_everyone_who_needs_totp_has_it(world, db):
    for key, user in world.users.items():
        needs = permissions.mfa_required(user) or user.has_perm("wagtailadmin.access_admin")
        if needs:
            assert is_mfa_enabled(user), f"{key} needs TOTP and has none: they would be sent to set it up"


def test_groups_and_flags_match_the_actors(world, db):
    for actor in ACTORS:
        if actor.anonymous:
            continue
        user = world.users[actor.key]
        groups = set(user.groups.values_list("name", flat=True))
        assert ("Operators" in groups) == actor.is_operator, actor.key
        assert ("Editors" in groups) == actor.editor, actor.key
        assert user.is_superuser == actor.superuser, actor.key
        assert user.has_perm("wagtailadmin.access_admin") == actor.staff_admin, actor.key
        assert Membership.objects.filter(user=user).exists() == actor.has_org, actor.key


def test_each_organisation_has_the_objects_routes_name(world, db):
    for key in ORGS:
        objects = world.org(key)
        assert objects.join_request.organisation_id == objects.organisation.pk
        assert objects.join_request.status == JoinRequestStatus.PENDING
        assert objects.invitation.organisation_id == objects.organisation.pk
        assert objects.invitation.status == InvitationStatus.PENDING
        assert objects.member_membership.organisation_id == objects.organisation.pk
        assert objects.member_membership.pk != objects.admin_membership.pk
    assert world.org("buyer_a").organisation.verification_status == VerificationStatus.VERIFIED
    assert world.org("buyer_b").organisation.verification_status == VerificationStatus.PENDING
    applicant = world.users["applicant"]
    assert world.org("supplier_a").join_request.user_id == applicant.pk
    assert world.org("supplier_a").invitation.email == world.users["newcomer"].email
