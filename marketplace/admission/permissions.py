"""Who may do what with applications and admissions."""

from marketplace.accounts import permissions as accounts

from .models import Application


def can_edit_application(user, application: Application) -> bool:
    """A supplier admin edits and submits their own organisation's draft."""
    return accounts.is_admin_of(user, application.organisation)


def can_start_application(user, organisation) -> bool:
    return organisation.kind == "supplier" and accounts.is_admin_of(user, organisation)


def can_decide_applications(user) -> bool:
    """Operators evaluate applications. Editors and buyers never see them: declarations are criminal-offence data."""
    return user.is_authenticated and user.is_active and user.has_perm("admission.decide_application")


def can_manage_admissions(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm("admission.manage_admission")


def can_keep_debarment_list(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm("admission.add_debarmententry")
