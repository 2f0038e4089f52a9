"""Admissions per category: the listing, and suspending, reinstating or removing one with a reason (rule 3)."""

import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from marketplace.accounts.models import Organisation
from marketplace.errors import DomainError, NotAllowed
from marketplace.taxonomy.models import Category

from .. import selectors, services
from ..forms import AdmissionChangeForm, apply_domain_error
from ..models import ADMISSION_TRANSITIONS, Admission, AdmissionStatus
from .common import MANAGE, ActionsTitleColumn, uk_date, uk_datetime

# Admissions.


def admissions_for_operators():
    """Every admission, with whether its supplier is on the debarment list now (decided by the selectors)."""
    debarred = Organisation.objects.filter(selectors.debarred_organisations_q(), pk=OuterRef("organisation_id"))
    return Admission.objects.select_related("organisation", "category").annotate(debarred=Exists(debarred))


ADMISSION_ORDERING = ("organisation__name", "category__position", "category__name", "pk")


class AdmissionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=AdmissionStatus.choices, widget=forms.RadioSelect, empty_label="All"
    )
    category = django_filters.ModelChoiceFilter(label="Category", queryset=Category.objects.all(), empty_label="All")

    class Meta:
        model = Admission
        fields = []


class AdmissionAction:
    """Suspend, reinstate or remove: the service, the words on the screen, the state it needs."""

    def __init__(self, name, *, target, service, title, verb_past, label, required_message, icon):
        self.name = name
        self.target = target
        self.service = service
        self.title = title
        self.verb_past = verb_past
        self.label = label
        self.required_message = required_message
        self.icon = icon

    def allowed(self, admission: Admission) -> bool:
        """Whether the state machine lets this admission move to the action's state (as the service will check)."""
        if self.target == AdmissionStatus.ACTIVE and admission.status == AdmissionStatus.REMOVED:
            return False  # a removed supplier comes back only through a new application
        return self.target in ADMISSION_TRANSITIONS[AdmissionStatus(admission.status)]


ADMISSION_ACTIONS = {
    action.name: action
    for action in (
        AdmissionAction(
            "suspend",
            target=AdmissionStatus.SUSPENDED,
            service=services.admission_suspend,
            title="Suspend",
            verb_past="suspended",
            label="Why are you suspending this admission?",
            required_message="Enter the reason for suspending the admission",
            icon="pick",
        ),
        AdmissionAction(
            "reinstate",
            target=AdmissionStatus.ACTIVE,
            service=services.admission_reinstate,
            title="Reinstate",
            verb_past="reinstated",
            label="Why are you reinstating this admission?",
            required_message="Enter the reason for reinstating the admission",
            icon="rotate",
        ),
        AdmissionAction(
            "remove",
            target=AdmissionStatus.REMOVED,
            service=services.admission_remove,
            title="Remove",
            verb_past="removed",
            label="Why are you removing this admission?",
            required_message="Enter the reason for removing the admission",
            icon="bin",
        ),
    )
}


class AdmissionIndexView(IndexView):
    """Every admission, filtered by status and category, searched by supplier name, with its actions."""

    any_permission_required = [MANAGE]
    page_title = "Admissions"
    action_url_names = None  # {action name: URL name}

    def get_base_queryset(self):
        return admissions_for_operators()

    @cached_property
    def columns(self):
        return [
            ActionsTitleColumn(
                "supplier",
                label="Supplier",
                accessor="organisation.name",
                sort_key="organisation__name",
                get_buttons=self.get_list_buttons,
            ),
            Column("category", label="Category", accessor="category.name", sort_key="category__position"),
            StatusTagColumn(
                "status",
                label="Status",
                accessor="get_status_display",
                primary=lambda admission: admission.status == AdmissionStatus.ACTIVE,
                sort_key="status",
            ),
            Column("debarred", label="Debarment list", accessor=lambda a: "On the list now" if a.debarred else ""),
            Column("admitted_at", label="Admitted", accessor=lambda a: uk_date(a.admitted_at), sort_key="admitted_at"),
            Column(
                "status_changed_at",
                label="Status changed",
                accessor=lambda a: uk_date(a.status_changed_at),
                sort_key="status_changed_at",
            ),
            Column("status_reason", label="Reason", accessor="status_reason"),
        ]

    def get_list_more_buttons(self, instance):
        buttons = []
        for priority, action in enumerate(ADMISSION_ACTIONS.values()):
            if action.allowed(instance) and self.action_url_names:
                url = reverse(self.action_url_names[action.name], args=(quote(instance.pk),))
                buttons.append(MenuItem(action.title, url=url, icon_name=action.icon, priority=priority))
        return buttons

    @cached_property
    def no_results_message(self):
        if self.is_searching or self.is_filtering:
            return "No admissions match your search."
        return "No supplier has been admitted yet."


class AdmissionChangeView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Suspend, reinstate or remove one admission, with a reason the supplier is told."""

    model = Admission
    permission_required = MANAGE
    form_class = AdmissionChangeForm
    template_name = "admission/admin/admission_change.html"
    header_icon = "tick-inverse"
    index_url_name = None
    action = None  # a key of ADMISSION_ACTIONS

    def _load(self, pk) -> None:
        # Called from get() and post(), which PermissionCheckedMixin.dispatch reaches only after its
        # check: someone without the permission learns nothing about which admissions exist.
        self.action_spec = ADMISSION_ACTIONS[self.action]
        try:
            self.object = admissions_for_operators().get(pk=pk)
        except Admission.DoesNotExist:
            raise Http404("No admission matches the given query.") from None

    def get(self, request, *args, **kwargs):
        self._load(kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._load(kwargs["pk"])
        return super().post(request, *args, **kwargs)

    def get_page_title(self):
        return f"{self.action_spec.title} an admission"

    def get_page_subtitle(self):
        return f"{self.object.organisation.name} in {self.object.category.name}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": "Admissions"},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["label"] = self.action_spec.label
        kwargs["required_message"] = self.action_spec.required_message
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "admission": self.object,
                "action": self.action_spec,
                "allowed": self.action_spec.allowed(self.object),
                "admitted": uk_datetime(self.object.admitted_at),
                "status_changed": uk_datetime(self.object.status_changed_at),
                "index_url": reverse(self.index_url_name),
                "action_url": self.request.path,
                "submit_button_label": self.action_spec.title,
                "submit_button_active_label": "Saving…",
            }
        )
        return context

    def form_valid(self, form):
        try:
            admission = self.action_spec.service(
                actor=self.request.user, admission=self.object, reason=form.cleaned_data["reason"]
            )
        except NotAllowed as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            apply_domain_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"{admission.organisation.name}’s admission to {admission.category.name} is {self.action_spec.verb_past}. "
            "The supplier’s admins have been told by email.",
        )
        return redirect(self.index_url_name)

    def form_invalid(self, form):
        messages.validation_error(self.request, "Nothing was changed. Check the errors below.", form)
        return super().form_invalid(form)
