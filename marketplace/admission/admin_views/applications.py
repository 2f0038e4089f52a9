"""The applications queue, an application's answers, and the operator's decisions and extension (rules 2, 3)."""

import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Case, DateField, F, IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.admin.widgets.button import HeaderButton

from marketplace.errors import DomainError, NotAllowed
from marketplace.taxonomy.models import Category

from .. import permissions, selectors, services
from ..forms import DecisionForm, ExtensionForm, apply_domain_error
from ..models import Application, ApplicationStatus, CategoryDecision, CyberEssentials, SubjectKind
from ..working_days import add_working_days
from .common import DECIDE, person, pounds, today, uk_date, uk_datetime, uk_today_of

# The applications queue.


def application_queue(viewer):
    """The operators' queue: waiting applications first, soonest due first, then decided ones, latest first."""
    return selectors.application_queue(viewer=viewer).annotate(
        queue_position=Case(
            When(status=ApplicationStatus.SUBMITTED, then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
        waiting_due_on=Case(
            When(status=ApplicationStatus.SUBMITTED, then=F("due_on")), default=None, output_field=DateField()
        ),
    )


QUEUE_ORDERING = ("queue_position", "waiting_due_on", "-decided_at", "-submitted_at", "pk")


def category_names(application: Application) -> str:
    return ", ".join(entry.category.name for entry in application.categories.all())


class DueColumn(Column):
    """The decision's due date, with an "Overdue" tag once it has passed without a decision (rule 2)."""

    cell_template_name = "admission/admin/due_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["value"] = uk_date(instance.due_on)
        context["overdue"] = instance.is_overdue()
        context["extended"] = instance.extended_at is not None
        return context


class ApplicationQueueFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[choice for choice in ApplicationStatus.choices if choice[0] != ApplicationStatus.DRAFT],
        widget=forms.RadioSelect,
        empty_label="All",
    )
    category = django_filters.ModelChoiceFilter(
        label="Category",
        field_name="categories__category",
        queryset=Category.objects.all(),
        empty_label="All",
    )
    overdue = django_filters.BooleanFilter(label="Overdue", method="filter_overdue", widget=BooleanRadioSelect)

    class Meta:
        model = Application
        fields = []

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status=ApplicationStatus.SUBMITTED, due_on__lt=today())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class ApplicationQueueIndexView(IndexView):
    """Submitted and decided applications (never drafts): the ones waiting first, soonest due first."""

    any_permission_required = [DECIDE]
    page_title = "Applications"
    decide_url_name = None
    extend_url_name = None

    def get_base_queryset(self):
        return application_queue(self.request.user)

    def search_queryset(self, queryset):
        """By supplier name, or by reference (APP-00012 or 12)."""
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        by_name = Q(organisation__name__icontains=query)
        number = query.upper().removeprefix("APP-").lstrip("0") or "0"
        if number.isdigit():
            by_name |= Q(pk=int(number))
        return queryset.filter(by_name)

    def get_inspect_url(self, instance):
        if self.inspect_url_name and self.user_has_permission(DECIDE):
            return reverse(self.inspect_url_name, args=(quote(instance.pk),))

    def get_list_more_buttons(self, instance):
        buttons = []
        if url := self.get_inspect_url(instance):
            buttons.append(MenuItem("View answers", url=url, icon_name="doc-full", priority=10))
        if instance.status == ApplicationStatus.SUBMITTED and self.decide_url_name:
            url = reverse(self.decide_url_name, args=(quote(instance.pk),))
            buttons.append(MenuItem("Decide", url=url, icon_name="circle-check", priority=20))
        if can_be_extended(instance) and self.extend_url_name:
            url = reverse(self.extend_url_name, args=(quote(instance.pk),))
            buttons.append(MenuItem("Extend the time to decide", url=url, icon_name="time", priority=30))
        return buttons

    @cached_property
    def no_results_message(self):
        if self.is_searching or self.is_filtering:
            return "No applications match your search."
        return "No applications have been submitted yet."


def can_be_extended(application: Application) -> bool:
    return application.status == ApplicationStatus.SUBMITTED and application.extended_at is None


def pending_entries(application: Application) -> list:
    return [entry for entry in application.categories.all() if entry.decision == CategoryDecision.PENDING]


class ApplicationURLFinder(ModelAdminURLFinder):
    """Links to an application in the admin go to its answers, for operators only; drafts have none."""

    def get_edit_url(self, instance):
        if instance.status == ApplicationStatus.DRAFT:
            return None
        if self.user is not None and not permissions.can_decide_applications(self.user):
            return None
        return reverse("admission_applications:inspect", args=(quote(instance.pk),))


class ApplicationObjectMixin:
    """Looks the application up through the operators' selector, after PermissionCheckedMixin's check."""

    model = Application
    index_url_name = None
    inspect_url_name = None
    decide_url_name = None
    extend_url_name = None

    def dispatch(self, request, *args, **kwargs):
        try:
            self.object = selectors.application_for_operator(viewer=request.user, application_id=kwargs["pk"])
        except Application.DoesNotExist:
            raise Http404("No application matches the given query.") from None
        return super().dispatch(request, *args, **kwargs)

    def url(self, name):
        return reverse(name, args=(quote(self.object.pk),))

    def get_page_subtitle(self):
        return f"{self.object.reference}, {self.object.organisation.name}"

    # The detail page itself sets this to False.
    breadcrumb_to_detail = True

    def get_breadcrumbs_items(self):
        items = [{"url": reverse(self.index_url_name), "label": "Applications"}]
        if self.breadcrumb_to_detail:
            items.append({"url": self.url(self.inspect_url_name), "label": self.object.reference})
        items.append({"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()})
        return self.breadcrumbs_items + items

    def application_context(self) -> dict:
        application = self.object
        debarments = list(selectors.debarment_entries_for(application.organisation).select_related("added_by"))
        pending = pending_entries(application)
        return {
            "application": application,
            "organisation": application.organisation,
            "categories": list(application.categories.all()),
            "pending": pending,
            "overdue": application.is_overdue(),
            "debarments": debarments,
            "submitted": uk_datetime(application.submitted_at),
            "due": uk_date(application.due_on),
            "extended": uk_datetime(application.extended_at),
            "decided": uk_datetime(application.decided_at),
            "can_decide": application.status == ApplicationStatus.SUBMITTED and bool(pending),
            "can_extend": can_be_extended(application),
            "inspect_url": self.url(self.inspect_url_name),
            "decide_url": self.url(self.decide_url_name),
            "extend_url": self.url(self.extend_url_name),
        }


class ApplicationDetailView(PermissionCheckedMixin, ApplicationObjectMixin, WagtailAdminTemplateMixin, TemplateView):
    """Every answer of one application, its timetable, its decisions, and the debarment list's say."""

    permission_required = DECIDE
    template_name = "admission/admin/application_detail.html"
    breadcrumb_to_detail = False
    page_title = "Application"
    header_icon = "doc-full"

    @cached_property
    def header_buttons(self):
        buttons = []
        if self.object.status == ApplicationStatus.SUBMITTED and pending_entries(self.object):
            buttons.append(HeaderButton("Decide", url=self.url(self.decide_url_name), icon_name="circle-check"))
        if can_be_extended(self.object):
            buttons.append(
                HeaderButton("Extend the time to decide", url=self.url(self.extend_url_name), icon_name="time")
            )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.application_context())
        application = self.object
        subjects = list(application.subjects.all())
        for subject in subjects:
            subject.grounds = list(subject.declarations.all())
        context.update(
            {
                "supplier_subjects": [subject for subject in subjects if subject.kind == SubjectKind.SUPPLIER],
                "connected_subjects": [
                    subject for subject in subjects if subject.kind == SubjectKind.CONNECTED_PERSON
                ],
                "subcontractor_subjects": [
                    subject for subject in subjects if subject.kind == SubjectKind.SUBCONTRACTOR
                ],
                "insurance": [
                    ("Employer’s liability", pounds(application.employers_liability_pence)),
                    ("Public liability", pounds(application.public_liability_pence)),
                    ("Professional indemnity", pounds(application.professional_indemnity_pence)),
                ],
                "holds_cyber_essentials": application.cyber_essentials
                not in ("", CyberEssentials.NONE),
                "cyber_expiry": uk_date(application.cyber_certificate_expiry),
                "cyber_expired": bool(
                    application.cyber_certificate_expiry and application.cyber_certificate_expiry < today()
                ),
                "submitted_by": person(application.submitted_by),
                "extended_by": person(application.extended_by),
                "decisions": [
                    {
                        "entry": entry,
                        "decided_at": uk_datetime(entry.decided_at),
                        "decided_by": person(entry.decided_by),
                    }
                    for entry in context["categories"]
                ],
            }
        )
        return context


class ApplicationFormView(PermissionCheckedMixin, ApplicationObjectMixin, WagtailAdminTemplateMixin, FormView):
    """An operator's act on an application: the service decides; its refusals show on the form."""

    permission_required = DECIDE
    submit_button_label = "Save"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.application_context())
        context.update(
            {
                "action_url": self.request.path,
                "submit_button_label": self.submit_button_label,
                "submit_button_active_label": "Saving…",
            }
        )
        return context

    def refused(self, form, error: DomainError):
        if isinstance(error, NotAllowed):
            raise PermissionDenied(error.message) from error
        apply_domain_error(form, error)
        return self.form_invalid(form)

    def form_invalid(self, form):
        messages.validation_error(self.request, "Nothing was saved. Check the errors below.", form)
        return super().form_invalid(form)


class ApplicationDecideView(ApplicationFormView):
    """Admit or reject one category (a rejection needs a reason); the last decision decides the application."""

    form_class = DecisionForm
    template_name = "admission/admin/application_decide.html"
    page_title = "Decide"
    header_icon = "circle-check"
    submit_button_label = "Save decision"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["pending"] = pending_entries(self.object)
        chosen = self.request.GET.get("category")
        if chosen and chosen.isdigit():
            kwargs.setdefault("initial", {})["category"] = int(chosen)
        return kwargs

    def form_valid(self, form):
        category = form.cleaned_data["category"]
        decision = form.cleaned_data["decision"]
        try:
            services.application_decide_category(
                actor=self.request.user,
                application=self.object,
                category=category,
                decision=decision,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            return self.refused(form, error)
        application = Application.objects.get(pk=self.object.pk)
        verdict = "admitted" if decision == CategoryDecision.ADMITTED else "rejected"
        message = f"{application.reference}: {category.name} {verdict}."
        if application.is_decided:
            message += (
                f" The application is decided ({application.get_status_display().lower()}) "
                "and the supplier’s admins have been emailed the decisions with the reasons."
            )
        else:
            message += " Decide the remaining categories to finish the application."
        messages.success(self.request, message)
        return redirect(self.url(self.inspect_url_name))


class ApplicationExtendView(ApplicationFormView):
    """Extend the time to decide, once, to 15 working days after submission, with a justification (rule 2)."""

    form_class = ExtensionForm
    template_name = "admission/admin/application_extend.html"
    page_title = "Extend the time to decide"
    header_icon = "time"
    submit_button_label = "Extend the time to decide"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object.submitted_at:
            context["extended_due"] = uk_date(
                add_working_days(uk_today_of(self.object.submitted_at), services.extended_decision_working_days())
            )
        context["working_days"] = services.decision_working_days()
        context["extended_working_days"] = services.extended_decision_working_days()
        return context

    def form_valid(self, form):
        try:
            application = services.application_extend(
                actor=self.request.user, application=self.object, justification=form.cleaned_data["justification"]
            )
        except DomainError as error:
            return self.refused(form, error)
        messages.success(
            self.request,
            f"{application.reference}: the decision is now due by {uk_date(application.due_on)}. "
            "The supplier’s admins have been told by email.",
        )
        return redirect(self.url(self.inspect_url_name))
