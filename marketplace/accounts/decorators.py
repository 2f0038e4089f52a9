"""View decorators for the front doors: the signed-in person must act for an organisation of one side."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect


def side_required(kind: str):
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            membership = request.membership
            if membership is None:
                return redirect("accounts:start")
            if membership.organisation.kind != kind:
                raise PermissionDenied(f"This part of Spark is for {kind}s.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
