"""The buyer's dashboard."""

from django.shortcuts import render

from marketplace.accounts import permissions
from marketplace.accounts.decorators import side_required
from marketplace.accounts.models import Side
from marketplace.competitions import permissions as competitions

from .. import permissions as shortlists


@side_required(Side.BUYER)
def dashboard(request):
    organisation = request.membership.organisation
    return render(
        request,
        "buyers/dashboard.html",
        {
            "organisation": organisation,
            "can_publish": permissions.can_publish(request.user, organisation),
            "needs_mfa": permissions.needs_mfa_setup(request.user),
            "can_shortlist": shortlists.can_use_shortlists(request.user, organisation),
            "is_evaluator": competitions.is_evaluator(request.user),
        },
    )
