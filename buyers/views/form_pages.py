"""One page with something to type, and a service acting on it: shared by the award and contract pages."""

from django.contrib import messages
from django.shortcuts import redirect, render

from marketplace.errors import DomainError, NotAllowed, refuse


def form_page(request, form, *, template, act, success: str, done_url: str, context: dict):
    """On a valid POST the service acts (`act(cleaned_data)`): done, back to `done_url` with `success`; refused,
    the page again with the service's message on the field it names (403 if it is not allowed at all)."""
    if form.is_bound and form.is_valid():
        try:
            act(form.cleaned_data)
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            form.show(error)
        else:
            messages.success(request, success)
            return redirect(done_url)
    return render(
        request, template, {"form": form, "error_links": form.error_links() if form.is_bound else [], **context}
    )
