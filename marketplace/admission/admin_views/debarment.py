"""The debarment list operators keep: the listing and the add form (rule 3)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from marketplace.errors import DomainError, NotAllowed

from .. import services
from ..forms import DebarmentForm, apply_domain_error
from ..models import DebarmentEntry
from .common import KEEP_LIST, today, uk_date

# The debarment list.


def debarment_status(entry: DebarmentEntry, on=None) -> str:
    on = on or today()
    if entry.is_in_force(on):
        return "In force"
    return "Not started yet" if entry.starts_on > on else "Ended"


class DebarmentIndexView(IndexView):
    """The debarment list: who, on what grounds, from when to when, and whether it is in force today."""

    any_permission_required = [KEEP_LIST]
    page_title = "Debarment list"

    def get_base_queryset(self):
        return DebarmentEntry.objects.select_related("organisation", "added_by")

    @cached_property
    def add_item_label(self):
        return "Add to the debarment list"

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "organisation_name", label="Organisation", sort_key="organisation_name", get_url=lambda entry: None
            ),
            Column("companies_house_number", label="Companies House number", sort_key="companies_house_number"),
            Column(
                "organisation", label="Spark supplier", accessor=lambda e: e.organisation.name if e.organisation else ""
            ),
            Column("grounds", label="Grounds", accessor=lambda e: "; ".join(e.ground_labels())),
            Column("starts_on", label="Starts", accessor=lambda e: uk_date(e.starts_on), sort_key="starts_on"),
            Column("ends_on", label="Ends", accessor=lambda e: uk_date(e.ends_on) or "No end date", sort_key="ends_on"),
            StatusTagColumn(
                "in_force", label="Status", accessor=debarment_status, primary=lambda e: e.is_in_force(today())
            ),
            Column(
                "added_by",
                label="Added by",
                accessor=lambda e: f"{e.added_by.get_full_name() or e.added_by.email}, {uk_date(e.added_at)}",
            ),
        ]

    @cached_property
    def no_results_message(self):
        if self.is_searching or self.is_filtering:
            return "No entries match your search."
        return "The debarment list is empty."


class DebarmentAddView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """A new debarment list entry; a Spark supplier with the same Companies House number has its admissions suspended.

    Entries are not edited here: a change would need its own audited service.
    """

    model = DebarmentEntry
    permission_required = KEEP_LIST
    form_class = DebarmentForm
    template_name = "admission/admin/debarment_add.html"
    page_title = "Add to the debarment list"
    header_icon = "warning"
    index_url_name = None

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": "Debarment list"},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "action_url": self.request.path,
                "submit_button_label": "Add to the debarment list",
                "submit_button_active_label": "Saving…",
            }
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            entry = services.debarment_add(
                actor=self.request.user,
                organisation_name=data["organisation_name"],
                companies_house_number=data["companies_house_number"],
                grounds=data["grounds"],
                details=data["details"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except NotAllowed as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            apply_domain_error(form, error)
            return self.form_invalid(form)
        message = f"{entry.organisation_name} is on the debarment list from {uk_date(entry.starts_on)}."
        if entry.organisation is not None:
            if entry.is_in_force(today()):
                message += (
                    f" It is the Spark supplier {entry.organisation.name}: its admissions are suspended "
                    "and its admins have been told by email."
                )
            else:
                message += (
                    f" It is the Spark supplier {entry.organisation.name}, which cannot be admitted once the entry starts."
                )
        messages.success(self.request, message)
        return redirect(self.index_url_name)

    def form_invalid(self, form):
        messages.validation_error(self.request, "The entry could not be added. Check the errors below.", form)
        return super().form_invalid(form)
