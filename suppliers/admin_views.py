"""The operators' moderation of solution listings, inside the Wagtail admin.

Thin, like every view: revisions are read through the operators' selectors
(`moderation_queue`, `revision_for_moderator`), every change goes through a
service (`revision_publish`, `revision_return`, `solution_archive`), whose
refusals come back as form errors. The viewsets that wire the views up live
in `wagtail_hooks.py`.

Every screen needs `suppliers.moderate_solution` (the Operators group; superusers).
Object views check it before they look anything up, so someone without it learns
nothing about which listings or versions exist.
"""

import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.admin.widgets.button import HeaderButton

from marketplace.admission.admin_views.common import ActionsTitleColumn, pounds, uk_date, uk_datetime
from marketplace.audit.models import AuditEvent
from marketplace.errors import DomainError, NotAllowed
from marketplace.sanitise import sanitise_html
from marketplace.taxonomy.models import Category, ReadinessLevel

from . import selectors, services
from .models import (
    SOLUTION_TRANSITIONS,
    Deployment,
    PricingModel,
    RevisionStatus,
    Solution,
    SolutionDocument,
    SolutionRevision,
    SolutionStatus,
)

# Wagtail permission-policy action: `suppliers.moderate_solution` (for revisions too: see wagtail_hooks.py).
MODERATE = "moderate"

# The two viewsets' URL namespaces (each screen links to the other's).
QUEUE = "listings_to_review"
LISTINGS = "published_listings"

QUEUE_ORDERING = ("submitted_at", "pk")
LISTING_ORDERING = ("title", "pk")


# Formatting, as operators read it.


def person(user) -> str:
    if user is None:
        return ""
    name = user.get_full_name()
    return f"{name} <{user.email}>" if name else user.email


def names(objects) -> str:
    return ", ".join(str(item) for item in objects)


def price_range(minimum, maximum) -> str:
    if minimum is None and maximum is None:
        return ""
    return f"{pounds(minimum) or '?'} to {pounds(maximum) or '?'}"


def is_change(revision: SolutionRevision) -> bool:
    """Whether the revision changes a listing that has a live version (rather than being a new listing)."""
    return revision.solution.live_revision_id is not None


def kind_label(revision: SolutionRevision) -> str:
    return "Change to a live listing" if is_change(revision) else "New listing"


def document_url(document: SolutionDocument) -> str | None:
    """The download link (operators may download any version's documents there), once the catalogue has it."""
    try:
        return reverse("catalogue:document", args=[document.pk])
    except NoReverseMatch:
        return None


def review_url(revision) -> str:
    return reverse(f"{QUEUE}:review", args=(quote(revision.pk),))


def listing_url(solution) -> str:
    return reverse(f"{LISTINGS}:inspect", args=(quote(solution.pk),))


def can_be_archived(solution: Solution) -> bool:
    return SolutionStatus.ARCHIVED in SOLUTION_TRANSITIONS[SolutionStatus(solution.status)]


# A listing's content, shown in full and compared field by field.


class Field:
    """One answer of a listing: what is compared (`value`) and what is shown (`shown`, safe HTML or text)."""

    def __init__(self, key, label, value, shown):
        self.key = key
        self.label = label
        self.value = value
        self.shown = shown


def _description(html: str):
    # Stored sanitised (revision_update); sanitised again here, so the admin never trusts stored HTML.
    return mark_safe(sanitise_html(html))  # noqa: S308 -- the output of the sanitiser


def _case_studies(case_studies):
    if not case_studies:
        return ""
    return format_html(
        '<ol class="spark-case-studies">{}</ol>',
        format_html_join(
            "",
            "<li><p><strong>Client sector:</strong> {}</p><p><strong>Problem:</strong> {}</p>"
            "<p><strong>Outcome:</strong> {}</p></li>",
            (
                (study.get("client_sector", ""), study.get("problem", ""), study.get("outcome", ""))
                for study in case_studies
            ),
        ),
    )


def _documents(documents):
    if not documents:
        return ""
    items = []
    for document in documents:
        url = document_url(document)
        size = f"PDF, {max(1, round(document.size / 1024)):,} KB"
        if url:
            items.append(format_html('<li><a href="{}" download>{}</a> ({})</li>', url, document.title, size))
        else:
            items.append(format_html("<li>{} ({})</li>", document.title, size))
    return format_html("<ul>{}</ul>", mark_safe("".join(items)))  # noqa: S308 -- each item is escaped above


def _display(choices, value) -> str:
    return choices(value).label if value not in (None, "") else ""


def listing_content(source, documents) -> list[Field]:
    """The content of a revision or of the live listing (a Solution), with its relations prefetched."""
    categories = list(source.categories.all())
    regions = list(source.regions.all())
    standards = list(source.standards.all())
    documents = list(documents)
    studies = list(source.case_studies or [])
    return [
        Field("title", "Title", source.title, source.title),
        Field("summary", "One-line summary", source.summary, source.summary),
        Field("description", "Description", source.description, _description(source.description)),
        Field("case_studies", "Case studies", studies, _case_studies(studies)),
        Field(
            "readiness_level",
            "Technology readiness level",
            source.readiness_level,
            _display(ReadinessLevel, source.readiness_level),
        ),
        Field("pricing_model", "Pricing model", source.pricing_model, _display(PricingModel, source.pricing_model)),
        Field(
            "price_range",
            "Price range",
            (source.price_min_pence, source.price_max_pence),
            price_range(source.price_min_pence, source.price_max_pence),
        ),
        Field("deployment", "Deployment", source.deployment, _display(Deployment, source.deployment)),
        Field("categories", "Categories", sorted(item.pk for item in categories), names(categories)),
        Field("regions", "Regions served", sorted(item.pk for item in regions), names(regions)),
        Field(
            "standards", "Standards and certifications", sorted(item.pk for item in standards), names(standards)
        ),
        Field(
            "documents",
            "Documents",
            sorted((document.title, document.sha256) for document in documents),
            _documents(documents),
        ),
    ]


def comparison(revision: SolutionRevision) -> dict | None:
    """What the revision changes compared with the live listing, field by field; None for a new listing."""
    solution = revision.solution
    live = solution.live_revision
    if live is None or live.pk == revision.pk:
        return None
    ours = listing_content(revision, revision.documents.all())
    theirs = {field.key: field for field in listing_content(solution, live.documents.all())}
    changed, unchanged = [], []
    for field in ours:
        before = theirs[field.key]
        if field.value != before.value:
            changed.append({"label": field.label, "key": field.key, "old": before.shown, "new": field.shown})
        else:
            unchanged.append(field.label)
    return {"live": live, "changed": changed, "unchanged": unchanged}


# A version's decision stamps describe its status only in these; a version sent back for review again keeps
# the stamps (not the comments) of its last return.
DECIDED = (RevisionStatus.RETURNED, RevisionStatus.PUBLISHED, RevisionStatus.SUPERSEDED)


def history(solution: Solution) -> list[dict]:
    """Every version of the listing, latest first, with who did what and when, and the moderator's comments."""
    revisions = solution.revisions.select_related("created_by", "submitted_by", "decided_by").order_by("-number")
    rows = []
    for revision in revisions:
        decided = revision.status in DECIDED
        rows.append(
            {
                "revision": revision,
                "live": revision.pk == solution.live_revision_id,
                "url": review_url(revision) if revision.status != RevisionStatus.DRAFT else None,
                "started": uk_datetime(revision.created_at),
                "started_by": person(revision.created_by),
                "submitted": uk_datetime(revision.submitted_at),
                "submitted_by": person(revision.submitted_by),
                "decided": uk_datetime(revision.decided_at) if decided else "",
                "decided_by": person(revision.decided_by) if decided else "",
            }
        )
    return rows


STEPS = {
    "solution.created": "Started the listing",
    "solution.submitted": "Sent version {revision} for review",
    "solution.returned": "Returned version {revision} with comments",
    "solution.published": "Published version {revision}",
    "solution.archived": "Archived the listing",
}


def steps(solution: Solution) -> list[dict]:
    """Every step of the listing's moderation from the audit log, oldest first: each return keeps its comments,
    which the version itself loses when it is sent for review again."""
    events = AuditEvent.objects.filter(
        stream__key=solution.audit_stream,
        object_type=Solution._meta.label_lower,
        object_id=str(solution.pk),
        verb__in=STEPS,
    ).select_related("actor").order_by("occurred_at", "seq")
    return [
        {
            "when": uk_datetime(event.occurred_at),
            "who": person(event.actor),
            "what": STEPS[event.verb].format(revision=event.data.get("revision", "")),
            "comments": event.data.get("comments", "") if event.verb == "solution.returned" else "",
            "verb": event.verb,
        }
        for event in events
    ]


def _refused(form, error: DomainError):
    """A service's refusal, on the form: on its field if the form has it, otherwise at the top."""
    if isinstance(error, NotAllowed):
        raise PermissionDenied(error.message) from error
    form.add_error(error.field if error.field in form.fields else None, error.message)


# The queue of listings to review.


class QueueFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label="New or change",
        choices=[("new", "New listings"), ("change", "Changes to live listings")],
        method="filter_kind",
        widget=forms.RadioSelect,
        empty_label="All",
    )

    class Meta:
        model = SolutionRevision
        fields = []

    def filter_kind(self, queryset, name, value):
        return queryset.filter(solution__live_revision__isnull=(value == "new"))


def category_names(revision_or_solution) -> str:
    return names(revision_or_solution.categories.all())


class QueueIndexView(IndexView):
    """Versions sent for review, the longest waiting first."""

    any_permission_required = [MODERATE]
    page_title = "Listings to review"
    publish_url_name = None
    return_url_name = None

    def get_base_queryset(self):
        return selectors.moderation_queue(viewer=self.request.user)

    def search_queryset(self, queryset):
        """By the version's or the live listing's title, or the supplier's name."""
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        return queryset.filter(
            Q(title__icontains=query) | Q(solution__title__icontains=query)
            | Q(solution__organisation__name__icontains=query)
        )

    @cached_property
    def columns(self):
        return [
            ActionsTitleColumn(
                "title",
                label="Listing",
                accessor=lambda revision: str(revision.title or revision.solution),
                get_url=review_url,
                get_buttons=self.get_list_buttons,
                sort_key="title",
            ),
            Column(
                "supplier",
                label="Supplier",
                accessor="solution.organisation.name",
                sort_key="solution__organisation__name",
            ),
            StatusTagColumn("kind", label="New or change", accessor=kind_label, primary=lambda r: not is_change(r)),
            Column("number", label="Version", accessor="number"),
            Column(
                "submitted_at",
                label="Submitted",
                accessor=lambda revision: uk_datetime(revision.submitted_at),
                sort_key="submitted_at",
            ),
            Column("categories", label="Categories", accessor=category_names),
        ]

    def get_list_more_buttons(self, instance):
        buttons = [MenuItem("Review", url=review_url(instance), icon_name="doc-full", priority=10)]
        if self.publish_url_name:
            url = reverse(self.publish_url_name, args=(quote(instance.pk),))
            buttons.append(MenuItem("Publish", url=url, icon_name="upload", priority=20))
        if self.return_url_name:
            url = reverse(self.return_url_name, args=(quote(instance.pk),))
            buttons.append(MenuItem("Return with comments", url=url, icon_name="undo", priority=30))
        return buttons

    @cached_property
    def no_results_message(self):
        if self.is_searching or self.is_filtering:
            return "No listings waiting for review match your search."
        return "No listings are waiting for review."


class RevisionObjectMixin:
    """Looks the version up through the operators' selector, in get() and post(): after the permission check."""

    model = SolutionRevision
    index_url_name = None
    review_url_name = None
    publish_url_name = None
    return_url_name = None

    def _load(self, pk) -> None:
        # PermissionCheckedMixin.dispatch reaches get() and post() only after its check: someone
        # without the permission learns nothing about which versions exist.
        try:
            self.object = selectors.revision_for_moderator(viewer=self.request.user, revision_id=pk)
        except SolutionRevision.DoesNotExist:
            raise Http404("No listing version matches the given query.") from None

    def get(self, request, *args, **kwargs):
        self._load(kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._load(kwargs["pk"])
        return super().post(request, *args, **kwargs)

    def url(self, name):
        return reverse(name, args=(quote(self.object.pk),))

    def get_page_subtitle(self):
        return f"{self.object.title or self.object.solution}, version {self.object.number}"

    breadcrumb_to_review = True  # the review page itself sets this to False

    def get_breadcrumbs_items(self):
        items = [{"url": reverse(self.index_url_name), "label": "Listings to review"}]
        if self.breadcrumb_to_review:
            items.append({"url": self.url(self.review_url_name), "label": f"Version {self.object.number}"})
        items.append({"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()})
        return self.breadcrumbs_items + items

    @property
    def in_review(self) -> bool:
        return self.object.status == RevisionStatus.IN_REVIEW

    def revision_context(self) -> dict:
        revision = self.object
        solution = revision.solution
        return {
            "revision": revision,
            "solution": solution,
            "organisation": solution.organisation,
            "is_change": is_change(revision),
            "kind": kind_label(revision),
            "in_review": self.in_review,
            "submitted": uk_datetime(revision.submitted_at),
            "listing_url": listing_url(solution),
            "review_url": self.url(self.review_url_name),
            "publish_url": self.url(self.publish_url_name),
            "return_url": self.url(self.return_url_name),
            "index_url": reverse(self.index_url_name),
        }


class RevisionReviewView(PermissionCheckedMixin, RevisionObjectMixin, WagtailAdminTemplateMixin, TemplateView):
    """A version's full content, what it changes in the live listing, the listing's history, and the actions."""

    permission_required = MODERATE
    template_name = "suppliers/admin/revision_review.html"
    page_title = "Review a listing"
    header_icon = "doc-full"
    breadcrumb_to_review = False

    @cached_property
    def header_buttons(self):
        if not self.in_review:
            return []
        return [HeaderButton("Return with comments", url=self.url(self.return_url_name), icon_name="undo")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.revision_context())
        revision = self.object
        context.update(
            {
                "content": listing_content(revision, revision.documents.all()),
                "comparison": comparison(revision),
                "history": history(revision.solution),
                "steps": steps(revision.solution),
                "decided": uk_datetime(revision.decided_at),
                "decided_by": person(revision.decided_by),
                "submitted_by": person(revision.submitted_by),
            }
        )
        return context


class RevisionFormView(PermissionCheckedMixin, RevisionObjectMixin, WagtailAdminTemplateMixin, FormView):
    """An operator's decision on a version: the service decides; its refusals show on the form."""

    permission_required = MODERATE
    submit_button_label = "Save"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.revision_context())
        context.update(
            {
                "action_url": self.request.path,
                "submit_button_label": self.submit_button_label,
                "submit_button_active_label": "Saving…",
            }
        )
        return context

    def refused(self, form, error: DomainError):
        _refused(form, error)
        return self.form_invalid(form)

    def form_invalid(self, form):
        messages.validation_error(self.request, "Nothing was changed. Check the errors below.", form)
        return super().form_invalid(form)


class PublishForm(forms.Form):
    """Nothing to fill in: publishing is the decision."""


class ReturnForm(forms.Form):
    comments = forms.CharField(
        label="Comments for the supplier",
        help_text="Say what to change. The supplier’s admins and the version’s author are sent these comments.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter comments for the supplier"},
    )

    def clean_comments(self):
        value = self.cleaned_data["comments"].strip()
        if not value:
            raise forms.ValidationError("Enter comments for the supplier", code="required")
        return value


class RevisionPublishView(RevisionFormView):
    """Publish a version: it becomes the live listing (the previous live version is kept in the history)."""

    form_class = PublishForm
    template_name = "suppliers/admin/revision_publish.html"
    page_title = "Publish"
    header_icon = "upload"
    submit_button_label = "Publish"

    def form_valid(self, form):
        try:
            solution = services.revision_publish(actor=self.request.user, revision=self.object)
        except DomainError as error:
            return self.refused(form, error)
        messages.success(
            self.request,
            f"“{solution.title}” from {solution.organisation.name} is published (version {self.object.number}). "
            "The supplier’s admins and the version’s author have been emailed.",
        )
        return redirect(self.index_url_name)


class RevisionReturnView(RevisionFormView):
    """Return a version to the supplier with comments; a live listing stays as it is."""

    form_class = ReturnForm
    template_name = "suppliers/admin/revision_return.html"
    page_title = "Return with comments"
    header_icon = "undo"
    submit_button_label = "Return with comments"

    def form_valid(self, form):
        try:
            revision = services.revision_return(
                actor=self.request.user, revision=self.object, comments=form.cleaned_data["comments"]
            )
        except DomainError as error:
            return self.refused(form, error)
        messages.success(
            self.request,
            f"“{revision.title}” from {revision.solution.organisation.name} (version {revision.number}) is returned "
            "with your comments. The supplier’s admins and the version’s author have been emailed.",
        )
        return redirect(self.index_url_name)


# Published listings.


def catalogue_state(solution: Solution) -> str:
    if solution.status != SolutionStatus.PUBLISHED:
        return "No: archived" if solution.status == SolutionStatus.ARCHIVED else "No"
    return "Yes" if solution.in_catalogue else "No: the supplier is not admitted to its categories now"


class ListingFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[(SolutionStatus.PUBLISHED, "Published"), (SolutionStatus.ARCHIVED, "Archived")],
        widget=forms.RadioSelect,
        empty_label="All",
    )
    category = django_filters.ModelChoiceFilter(
        label="Category", field_name="categories", queryset=Category.objects.all(), empty_label="All"
    )
    in_catalogue = django_filters.BooleanFilter(label="In the catalogue now", widget=BooleanRadioSelect)

    class Meta:
        model = Solution
        fields = []


class ListingIndexView(IndexView):
    """Listings that have been published, searched by title or supplier, with their actions."""

    any_permission_required = [MODERATE]
    page_title = "Published listings"
    archive_url_name = None

    def get_base_queryset(self):
        return selectors.listings_for_moderator(viewer=self.request.user)

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        return queryset.filter(Q(title__icontains=query) | Q(organisation__name__icontains=query))

    @cached_property
    def columns(self):
        return [
            ActionsTitleColumn(
                "title", label="Listing", get_url=listing_url, get_buttons=self.get_list_buttons, sort_key="title"
            ),
            Column("supplier", label="Supplier", accessor="organisation.name", sort_key="organisation__name"),
            Column("categories", label="Categories", accessor=category_names),
            StatusTagColumn(
                "status",
                label="Status",
                accessor="get_status_display",
                primary=lambda solution: solution.status == SolutionStatus.PUBLISHED,
                sort_key="status",
            ),
            Column("in_catalogue", label="In the catalogue", accessor=catalogue_state),
            Column(
                "live_version",
                label="Live version",
                accessor=lambda s: s.live_revision.number if s.live_revision else "",
            ),
            Column("published_at", label="Published", accessor=lambda s: uk_date(s.published_at),
                   sort_key="published_at"),
            Column(
                "review",
                label="Waiting for review",
                accessor=lambda s: f"Version {s.review_number}" if s.review_number else "",
            ),
        ]

    def get_list_more_buttons(self, instance):
        buttons = [MenuItem("View listing and history", url=listing_url(instance), icon_name="doc-full", priority=10)]
        if instance.review_pk:
            url = reverse(f"{QUEUE}:review", args=(quote(instance.review_pk),))
            buttons.append(MenuItem(f"Review version {instance.review_number}", url=url, icon_name="doc-full",
                                    priority=20))
        if can_be_archived(instance) and self.archive_url_name:
            url = reverse(self.archive_url_name, args=(quote(instance.pk),))
            buttons.append(MenuItem("Archive", url=url, icon_name="bin", priority=30))
        return buttons

    @cached_property
    def no_results_message(self):
        if self.is_searching or self.is_filtering:
            return "No listings match your search."
        return "No listing has been published yet."


class SolutionObjectMixin:
    """Looks the listing up in get() and post(), after PermissionCheckedMixin's check: only a listing that has been
    published (live or archived since); a supplier's never-published draft is its own business."""

    model = Solution
    index_url_name = None
    inspect_url_name = None
    archive_url_name = None

    def _load(self, pk) -> None:
        # Reached only after the permission check: see RevisionObjectMixin.
        try:
            self.object = selectors.listing_for_moderator(viewer=self.request.user, solution_id=pk)
        except Solution.DoesNotExist:
            raise Http404("No listing matches the given query.") from None

    def get(self, request, *args, **kwargs):
        self._load(kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._load(kwargs["pk"])
        return super().post(request, *args, **kwargs)

    def url(self, name):
        return reverse(name, args=(quote(self.object.pk),))

    def get_page_subtitle(self):
        return f"{self.object}, {self.object.organisation.name}"

    breadcrumb_to_listing = True

    def get_breadcrumbs_items(self):
        items = [{"url": reverse(self.index_url_name), "label": "Published listings"}]
        if self.breadcrumb_to_listing:
            items.append({"url": self.url(self.inspect_url_name), "label": str(self.object)})
        items.append({"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()})
        return self.breadcrumbs_items + items

    def solution_context(self) -> dict:
        solution = self.object
        return {
            "solution": solution,
            "organisation": solution.organisation,
            "catalogue_state": catalogue_state(solution),
            "published": uk_datetime(solution.published_at),
            "first_published": uk_datetime(solution.first_published_at),
            "archived": uk_datetime(solution.archived_at),
            "can_archive": can_be_archived(solution),
            "inspect_url": self.url(self.inspect_url_name),
            "archive_url": self.url(self.archive_url_name),
            "index_url": reverse(self.index_url_name),
        }


class ListingDetailView(PermissionCheckedMixin, SolutionObjectMixin, WagtailAdminTemplateMixin, TemplateView):
    """The live listing as the catalogue shows it, and every version with its decision."""

    permission_required = MODERATE
    template_name = "suppliers/admin/solution_detail.html"
    page_title = "Listing"
    header_icon = "doc-full"
    breadcrumb_to_listing = False

    @cached_property
    def header_buttons(self):
        if not can_be_archived(self.object):
            return []
        return [HeaderButton("Archive", url=self.url(self.archive_url_name), icon_name="bin")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.solution_context())
        solution = self.object
        live = solution.live_revision
        entries = history(solution)
        waiting = next((entry for entry in entries if entry["revision"].status == RevisionStatus.IN_REVIEW), None)
        context.update(
            {
                "content": listing_content(solution, live.documents.all()) if live else None,
                "history": entries,
                "steps": steps(solution),
                "waiting": waiting,
            }
        )
        return context


class ArchiveForm(forms.Form):
    """Nothing to fill in: the confirmation is the decision."""


class ListingArchiveView(PermissionCheckedMixin, SolutionObjectMixin, WagtailAdminTemplateMixin, FormView):
    """Take a listing out of the catalogue for good, after a confirmation."""

    permission_required = MODERATE
    form_class = ArchiveForm
    template_name = "suppliers/admin/solution_archive.html"
    page_title = "Archive"
    header_icon = "bin"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.solution_context())
        context.update(
            {
                "action_url": self.request.path,
                "submit_button_label": "Archive this listing",
                "submit_button_active_label": "Archiving…",
            }
        )
        return context

    def form_valid(self, form):
        try:
            solution = services.solution_archive(actor=self.request.user, solution=self.object)
        except DomainError as error:
            _refused(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, f"“{solution}” from {solution.organisation.name} is archived: it has left the catalogue."
        )
        return redirect(self.index_url_name)

    def form_invalid(self, form):
        messages.validation_error(self.request, "Nothing was changed. Check the errors below.", form)
        return super().form_invalid(form)
