"""The one error type services raise when a rule or a permission says no."""


class DomainError(Exception):
    """A rule of the marketplace refused the action.

    `message` is written for the person on the page (GOV.UK style: what went
    wrong and how to fix it). `field` names the form field it belongs to, if any.
    """

    def __init__(self, message: str, *, field: str | None = None, code: str = "refused"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class NotAllowed(DomainError):
    """The actor has no right to do this (the view shows a 403 page)."""

    def __init__(self, message: str = "You do not have permission to do this.", **kwargs):
        super().__init__(message, code="not_allowed", **kwargs)


# For thin views: turn a selector's DoesNotExist into a 404, and a service's NotAllowed into a 403.


def or_404(fetch):
    """`fetch()`'s result, or Http404 if the selector found nothing the viewer may see."""
    from django.core.exceptions import ObjectDoesNotExist
    from django.http import Http404

    try:
        return fetch()
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def refuse(error: NotAllowed):
    """Raise the 403 that a service's NotAllowed means, with its message."""
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied(error.message) from error
