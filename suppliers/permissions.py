"""Who may do what with solution listings."""

from marketplace.accounts import permissions as accounts
from marketplace.accounts.models import Side


def can_edit_solutions(user, organisation) -> bool:
    """Any member of the supplier creates and edits its listings."""
    membership = accounts.membership_of(user)
    return (
        membership is not None
        and membership.organisation_id == organisation.pk
        and organisation.kind == Side.SUPPLIER
    )


def can_moderate_solutions(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm("suppliers.moderate_solution")
