"""Onboarding (register or join an organisation) and the organisation's team pages. Thin: services do the work."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from marketplace.errors import DomainError, NotAllowed, or_404, refuse

from . import permissions, selectors, services
from .forms import (
    ApproveForm,
    InvitationForm,
    JoinRequestForm,
    JoinSearchForm,
    OrganisationForm,
    RoleForm,
    StartForm,
    VatNumberForm,
    apply_domain_error,
)
from .models import Invitation, Organisation, Side


def organisation_required(view):
    """The person must belong to an organisation; otherwise they finish onboarding first."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if request.membership is None:
            return redirect("accounts:start")
        return view(request, *args, **kwargs)

    return wrapper


def admin_required(view):
    """Only the organisation's admins, and only once they have set up TOTP."""

    @wraps(view)
    @organisation_required
    def wrapper(request, *args, **kwargs):
        organisation = request.membership.organisation
        if not permissions.can_manage_members(request.user, organisation):
            raise PermissionDenied(
                f"Only an admin of {organisation.name} can manage its team: invite people, "
                "approve requests to join, change roles or remove members."
            )
        if permissions.needs_mfa_setup(request.user):
            messages.info(request, "Set up two-factor authentication before you manage your organisation’s team.")
            return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapper



# Onboarding.


@login_required
def start(request):
    if request.membership is not None:
        return redirect("dashboard")
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return redirect("accounts:organisation_new" if form.cleaned_data["choice"] == "new" else "accounts:join")
    return render(
        request,
        "accounts/start.html",
        {
            "form": form,
            "invitations": selectors.invitations_for_user(request.user),
            "join_request": selectors.pending_join_request_of(request.user),
        },
    )


@login_required
def organisation_new(request):
    if request.membership is not None:
        return redirect("dashboard")
    kind = request.user.intended_side if request.user.intended_side in (Side.SUPPLIER, Side.BUYER) else Side.SUPPLIER
    form = OrganisationForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(user=request.user, kind=kind, **form.cleaned_data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            if kind == Side.BUYER:
                messages.success(
                    request,
                    f"{organisation.name} is registered. The Spark team will verify it before it can publish competitions.",
                )
            else:
                messages.success(request, f"{organisation.name} is registered. You are its admin.")
            return redirect("dashboard")
    return render(request, "accounts/organisation_new.html", {"form": form, "kind": kind})


@login_required
def join(request):
    if request.membership is not None:
        return redirect("dashboard")
    form = JoinSearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        results = selectors.organisations_to_join(form.cleaned_data["q"])
    return render(request, "accounts/join.html", {"form": form, "results": results})


@login_required
def join_request_new(request, organisation_id):
    if request.membership is not None:
        return redirect("dashboard")
    organisation = get_object_or_404(Organisation.objects.exclude(kind=Side.OPERATOR), pk=organisation_id)
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.join_request_create(user=request.user, organisation=organisation, **form.cleaned_data)
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, f"Your request has been sent to the admins of {organisation.name}.")
            return redirect("accounts:start")
    return render(request, "accounts/join_request_new.html", {"form": form, "organisation": organisation})


@login_required
@require_POST
def join_request_withdraw(request):
    join_request = selectors.pending_join_request_of(request.user)
    if join_request is None:
        raise Http404
    try:
        services.join_request_withdraw(actor=request.user, join_request=join_request)
    except DomainError as error:
        messages.info(request, error.message)
    else:
        messages.success(request, f"You have withdrawn your request to join {join_request.organisation.name}.")
    return redirect("accounts:start")


@login_required
def invitation(request, token):
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    if request.method == "POST":
        try:
            services.invitation_accept(user=request.user, invitation=invitation)
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            messages.info(request, error.message)
            return redirect("dashboard")
        messages.success(request, f"You have joined {invitation.organisation.name}.")
        return redirect("dashboard")
    addressed_to_you = services.user_has_verified_email(request.user, invitation.email)
    return render(
        request,
        "accounts/invitation.html",
        {"invitation": invitation, "addressed_to_you": addressed_to_you, "expired": invitation.is_expired()},
    )


# The team.


@organisation_required
def team(request):
    organisation = request.membership.organisation
    return render(
        request,
        "accounts/team.html",
        {
            "organisation": organisation,
            "members": selectors.members_of(organisation, viewer=request.user),
            "join_requests": selectors.pending_join_requests(organisation, viewer=request.user),
            "invitations": selectors.pending_invitations(organisation, viewer=request.user),
            "is_admin": permissions.can_manage_members(request.user, organisation),
        },
    )


@admin_required
def invite(request):
    organisation = request.membership.organisation
    form = InvitationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(actor=request.user, organisation=organisation, **form.cleaned_data)
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
            return redirect("accounts:team")
    return render(request, "accounts/invite.html", {"form": form, "organisation": organisation})


@admin_required
@require_POST
def invitation_cancel(request, invitation_id):
    invitation = or_404(lambda: selectors.invitation_for_admin(viewer=request.user, invitation_id=invitation_id))
    try:
        services.invitation_cancel(actor=request.user, invitation=invitation)
    except NotAllowed as error:
        refuse(error)
    except DomainError as error:
        messages.info(request, error.message)
    else:
        messages.success(request, f"Invitation to {invitation.email} cancelled.")
    return redirect("accounts:team")


@organisation_required
def member_role(request, membership_id):
    membership = or_404(lambda: selectors.membership_in_own_organisation(viewer=request.user, membership_id=membership_id))
    return _admin_member_role(request, membership)


@admin_required
def _admin_member_role(request, membership):
    form = RoleForm(request.POST or None, organisation=membership.organisation, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_change_role(actor=request.user, membership=membership, role=form.cleaned_data["role"])
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, f"{membership.user} is now {dict(form.fields['role'].choices)[form.cleaned_data['role']].lower()}.")
            return redirect("accounts:team")
    return render(request, "accounts/member_role.html", {"form": form, "membership": membership})


@organisation_required
def member_remove(request, membership_id):
    membership = or_404(lambda: selectors.membership_in_own_organisation(viewer=request.user, membership_id=membership_id))
    return _admin_member_remove(request, membership)


@admin_required
def _admin_member_remove(request, membership):
    error_message = None
    if request.method == "POST":
        try:
            services.membership_remove(actor=request.user, membership=membership)
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            error_message = error.message
        else:
            messages.success(request, f"{membership.user} has been removed from {membership.organisation.name}.")
            if membership.user_id == request.user.pk:
                return redirect("dashboard")
            return redirect("accounts:team")
    return render(
        request,
        "accounts/member_remove.html",
        {"membership": membership, "error_message": error_message, "has_errors": bool(error_message)},
        status=400 if error_message else 200,
    )


@organisation_required
def join_request_decide(request, join_request_id):
    join_request = or_404(lambda: selectors.join_request_for_admin(viewer=request.user, join_request_id=join_request_id))
    return _admin_join_request_decide(request, join_request)


@admin_required
def _admin_join_request_decide(request, join_request):
    form = ApproveForm(request.POST or None, organisation=join_request.organisation)
    if request.method == "POST" and request.POST.get("decision") == "decline":
        try:
            services.join_request_decline(actor=request.user, join_request=join_request)
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            messages.info(request, error.message)
        else:
            messages.success(request, f"You declined {join_request.user}’s request to join.")
        return redirect("accounts:team")
    if request.method == "POST" and form.is_valid():
        try:
            services.join_request_approve(actor=request.user, join_request=join_request, role=form.cleaned_data["role"])
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, f"{join_request.user} has joined {join_request.organisation.name}.")
            return redirect("accounts:team")
    return render(request, "accounts/join_request_decide.html", {"form": form, "join_request": join_request})


# The organisation's VAT registration number, printed on a supplier's invoices.


def _safe_next(request) -> str | None:
    """Where to go back to after the form (the invoice being raised): only an address on this site."""
    url = request.POST.get("next") if request.method == "POST" else request.GET.get("next")
    if url and url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


@never_cache
@admin_required
def vat_number(request):
    organisation = request.membership.organisation
    if organisation.kind != Side.SUPPLIER:
        raise PermissionDenied("Only supplier organisations record a VAT registration number on Spark.")
    next_url = _safe_next(request)
    form = VatNumberForm(
        request.POST if request.method == "POST" else None, initial={"vat_number": organisation.vat_number}
    )
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_vat_number_set(
                actor=request.user, organisation=organisation, vat_number=form.cleaned_data["vat_number"]
            )
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            if organisation.vat_number:
                messages.success(
                    request, f"{organisation.name}’s VAT registration number is {organisation.vat_number}."
                )
            else:
                messages.success(request, f"{organisation.name} has no VAT registration number on Spark.")
            return redirect(next_url or "accounts:team")
    return render(
        request,
        "accounts/vat_number.html",
        {"form": form, "organisation": organisation, "next_url": next_url,
         "back_url": next_url or reverse("accounts:team")},
    )


# API tokens: a member's own key to the API (Authorization: Token <key>), for their organisation's own data.


def api_token_holder_required(view):
    """Members of supplier and buyer organisations, with two-factor sign-in set up where their role needs it."""

    @wraps(view)
    @organisation_required
    def wrapper(request, *args, **kwargs):
        if not permissions.can_hold_api_token(request.user):
            raise PermissionDenied("API tokens are for members of supplier and buyer organisations.")
        if permissions.needs_mfa_setup(request.user):
            messages.info(request, "Set up two-factor authentication before you create or revoke an API token.")
            return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': reverse('accounts:api_token')})}")
        return view(request, *args, **kwargs)

    return wrapper


def _api_token_page(request, *, token=None, new_key=None, error_message=None):
    return render(
        request,
        "accounts/api_token.html",
        {
            "organisation": request.membership.organisation,
            "token": token if token is not None else selectors.api_token_of(request.user),
            "new_key": new_key,
            "error_message": error_message,
            "has_errors": bool(error_message),
        },
        status=400 if error_message else 200,
    )


@never_cache
@api_token_holder_required
def api_token(request):
    return _api_token_page(request)


@never_cache
@require_POST
@api_token_holder_required
def api_token_create(request):
    try:
        token, key = services.api_token_create(user=request.user)
    except NotAllowed as error:
        refuse(error)
    except DomainError as error:
        return _api_token_page(request, error_message=error.message)
    # Shown once, in this answer only: it is never put in a message, the session or a later page.
    return _api_token_page(request, token=token, new_key=key)


@api_token_holder_required
def api_token_revoke(request):
    token = selectors.api_token_of(request.user)
    if token is None:
        if request.method == "POST":
            messages.info(request, "You have no API token to revoke.")
        return redirect("accounts:api_token")
    if request.method == "POST":
        try:
            services.api_token_revoke(user=request.user)
        except DomainError as error:
            messages.info(request, error.message)
        else:
            messages.success(request, "Your API token is revoked. Requests that use it are now refused.")
        return redirect("accounts:api_token")
    return render(request, "accounts/api_token_revoke.html", {"token": token})
