"""The supplier's front door."""

from django.shortcuts import render

from marketplace.accounts import permissions
from marketplace.accounts.decorators import side_required
from marketplace.accounts.models import Side


@side_required(Side.SUPPLIER)
def dashboard(request):
    organisation = request.membership.organisation
    return render(
        request,
        "suppliers/dashboard.html",
        {
            "organisation": organisation,
            "is_admin": permissions.can_manage_members(request.user, organisation),
            "needs_mfa": permissions.needs_mfa_setup(request.user),
        },
    )
