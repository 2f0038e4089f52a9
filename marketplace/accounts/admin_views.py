"""The operators' screens about organisations, inside the Wagtail admin.

Thin, like every view: they read what an operator may see, render Wagtail's
admin furniture, and hand every decision to `services`. The viewsets that wire
them up live in `wagtail_hooks.py`.
"""

import re

from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.functional import cached_property
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import HeaderButton

from marketplace.errors import DomainError, NotAllowed

from . import permissions, services
from .forms import VerificationForm, apply_domain_error
from .models import (
    VERIFICATION_TRANSITIONS,
    Membership,
    Organisation,
    PublicSectorDomain,
    Side,
    VerificationStatus,
)

# The hook other apps use to put their operator screens in the "Operations" menu.
OPERATIONS_MENU_HOOK = "register_operations_menu_item"

# Wagtail's permission policy action for `accounts.verify_organisation`.
VERIFY = "verify"


def uk_date(value) -> str:
    """A date as operators read it, in UK time: 3 Mar 2026."""
    return dateformat.format(timezone.localtime(value), "j M Y") if value else ""


def uk_datetime(value) -> str:
    """A time as operators read it, labelled: 3 Mar 2026, 14:05 (UK time)."""
    return f"{dateformat.format(timezone.localtime(value), 'j M Y, H:i')} (UK time)" if value else ""


def can_be_decided(organisation: Organisation) -> bool:
    """Whether the verification state machine lets an operator decide (again) on this organisation."""
    return bool(VERIFICATION_TRANSITIONS[VerificationStatus(organisation.verification_status)])


def domain_hint(organisation: Organisation) -> str:
    """The allow-list's opinion of the founding email domain: a hint for the operator, never a verification."""
    if not organisation.email_domain:
        return "No email domain recorded"
    if organisation.email_domain_recognised:
        return "On the allow-list (a hint only)"
    return "Not on the allow-list"


def buyer_organisations():
    """Every buyer organisation, the ones waiting for verification first, oldest first."""
    return Organisation.objects.filter(kind=Side.BUYER).annotate(
        queue_position=Case(
            When(verification_status=VerificationStatus.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )


QUEUE_ORDERING = ("queue_position", "created_at", "pk")


class BuyerOrganisationURLFinder(ModelAdminURLFinder):
    """Links to a buyer organisation in the admin go to its verification page; other kinds have none here."""

    def get_edit_url(self, instance):
        if instance.kind != Side.BUYER:
            return None
        if self.user is not None and not permissions.can_verify_organisations(self.user):
            return None
        return reverse("buyer_verification:inspect", args=(quote(instance.pk),))


class BuyerQueueIndexView(IndexView):
    """Buyer organisations, pending ones first, with the evidence an operator starts from."""

    any_permission_required = [VERIFY]
    verify_url_name = None
    page_title = "Buyer verification"

    def get_base_queryset(self):
        return buyer_organisations()

    def get_verify_url(self, instance):
        if self.verify_url_name and can_be_decided(instance) and self.user_has_permission(VERIFY):
            return reverse(self.verify_url_name, args=(quote(instance.pk),))

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if verify_url := self.get_verify_url(instance):
            buttons.append(MenuItem("Verify or reject", url=verify_url, icon_name="circle-check", priority=5))
        return buttons

    @cached_property
    def no_results_message(self):
        if self.is_searching or self.is_filtering:
            return "No buyer organisations match your search."
        return "No buyer organisations have registered yet."


class BuyerInspectView(InspectView):
    """One buyer organisation: its details, what the allow-list said, its decision so far, and its members."""

    any_permission_required = [VERIFY]
    template_name = "accounts/admin/organisation_inspect.html"
    page_title = "Buyer organisation"
    verify_url_name = None

    def get_object(self, queryset=None):
        return get_object_or_404(buyer_organisations(), pk=unquote(str(self.pk)))

    def get_verify_url(self):
        if self.verify_url_name and can_be_decided(self.object):
            return reverse(self.verify_url_name, args=(quote(self.object.pk),))

    @cached_property
    def header_buttons(self):
        if verify_url := self.get_verify_url():
            return [HeaderButton("Verify or reject", url=verify_url, icon_name="circle-check")]
        return []

    field_labels = {
        "email_domain": "Email domain of the person who registered it",
        "email_domain_recognised": "Allow-list",
        "created_at": "Registered",
        "verification_status": "Status",
        "verified_by": "Decided by",
        "verification_note": "Operator's note",
    }

    def get_field_label(self, field_name, field):
        return self.field_labels.get(field_name) or super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value in (None, "") else value

    def get_email_domain_recognised_display_value(self):
        return domain_hint(self.object)

    def get_created_at_display_value(self):
        return uk_datetime(self.object.created_at)

    def get_verified_at_display_value(self):
        return uk_datetime(self.object.verified_at)

    def get_verified_by_display_value(self):
        user = self.object.verified_by
        return f"{user.get_full_name() or user.email} <{user.email}>" if user else ""

    def get_verification_note_display_value(self):
        return self.object.verification_note or ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["memberships"] = (
            Membership.objects.filter(organisation=self.object)
            .select_related("user")
            .order_by("role", "user__last_name", "user__first_name", "user__email")
        )
        context["verify_url"] = self.get_verify_url()
        return context


class BuyerVerifyView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """The operator's decision: verify the organisation, or record why it cannot be verified."""

    model = Organisation
    permission_required = VERIFY
    form_class = VerificationForm
    template_name = "accounts/admin/organisation_verify.html"
    page_title = "Verify or reject"
    header_icon = "circle-check"
    index_url_name = None
    inspect_url_name = None
    verify_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(buyer_organisations(), pk=unquote(str(kwargs["pk"])))

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": "Buyer verification"},
            {"url": reverse(self.inspect_url_name, args=(quote(self.object.pk),)), "label": str(self.object)},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "object": self.object,
                "action_url": reverse(self.verify_url_name, args=(quote(self.object.pk),)),
                "inspect_url": reverse(self.inspect_url_name, args=(quote(self.object.pk),)),
                "can_be_decided": can_be_decided(self.object),
                "domain_hint": domain_hint(self.object),
                "registered": uk_datetime(self.object.created_at),
                "submit_button_label": "Save decision",
                "submit_button_active_label": "Saving…",
            }
        )
        return context

    def form_valid(self, form):
        decision = form.cleaned_data["decision"]
        note = form.cleaned_data["note"].strip()
        try:
            if decision == "verify":
                organisation = services.organisation_verify(
                    actor=self.request.user, organisation=self.object, note=note
                )
                message = f"{organisation} is verified. Its admins have been told by email."
            else:
                organisation = services.organisation_reject_verification(
                    actor=self.request.user, organisation=self.object, note=note
                )
                message = f"{organisation} is recorded as not verified. Its admins have been told by email."
        except NotAllowed as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            apply_domain_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            message,
            buttons=[messages.button(reverse(self.inspect_url_name, args=(quote(organisation.pk),)), "View")],
        )
        return redirect(self.index_url_name)

    def form_invalid(self, form):
        messages.validation_error(self.request, "The decision could not be saved. Check the errors below.", form)
        return super().form_invalid(form)


# The public-sector email domain allow-list.

DOMAIN_RE = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class PublicSectorDomainForm(WagtailAdminModelForm):
    class Meta:
        model = PublicSectorDomain
        fields = ["domain", "description"]
        help_texts = {
            "domain": (
                "For example nhs.uk. Subdomains match too, so add the shortest domain that only public "
                "bodies use. A domain only lets a buyer sign up: an operator still verifies every organisation."
            ),
            "description": "Who uses this domain, for example “NHS organisations”",
        }

    def clean_domain(self):
        # The model normalises on save too; doing it here keeps the uniqueness check honest.
        domain = self.cleaned_data["domain"].strip().lower().lstrip(".").removeprefix("@")
        if not DOMAIN_RE.match(domain):
            raise ValidationError("Enter a domain in the correct format, like council.gov.uk", code="invalid_domain")
        return domain
