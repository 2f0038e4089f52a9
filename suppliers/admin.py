"""Django admin (/django-admin/) for superusers: solution listings, their versions and documents, read-only.

Operators moderate in the Wagtail admin (see wagtail_hooks.py), where every change
goes through a service that writes the audit event and tells the supplier; so
nothing changes here. Documents are listed, never linked: they are downloaded only
through the view that checks who may have them.
"""

from django.contrib import admin

from marketplace.django_admin import ReadOnlyAdmin

from .models import Solution, SolutionDocument, SolutionRevision

CONTENT = [
    "title", "summary", "description", "readiness_level", "pricing_model", "price_min_pence", "price_max_pence",
    "deployment", "case_studies", "categories", "regions", "standards",
]


class RevisionInline(admin.TabularInline):
    model = SolutionRevision
    fields = ["number", "status", "title", "created_by", "submitted_at", "decided_at", "decided_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DocumentInline(admin.TabularInline):
    model = SolutionDocument
    fields = ["title", "original_name", "size", "sha256", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Solution)
class SolutionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "organisation", "status", "live_revision", "published_at", "archived_at"]
    list_filter = ["status", "categories"]
    search_fields = ["title", "organisation__name"]
    list_select_related = ["organisation", "live_revision"]
    date_hierarchy = "created_at"
    fields = [
        "organisation", "status", "live_revision", "created_by", "created_at", "first_published_at",
        "published_at", "archived_at", *CONTENT,
    ]
    inlines = [RevisionInline]


@admin.register(SolutionRevision)
class SolutionRevisionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "solution", "number", "status", "submitted_at", "decided_at", "decided_by"]
    list_filter = ["status"]
    search_fields = ["title", "solution__title", "solution__organisation__name"]
    list_select_related = ["solution", "decided_by"]
    fields = [
        "solution", "number", "status", "created_by", "created_at", "updated_at", "submitted_at", "submitted_by",
        "decided_at", "decided_by", "moderator_comments", *CONTENT,
    ]
    inlines = [DocumentInline]


@admin.register(SolutionDocument)
class SolutionDocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "revision", "original_name", "size", "uploaded_by", "uploaded_at"]
    search_fields = ["title", "original_name", "revision__solution__title"]
    list_select_related = ["revision", "revision__solution", "uploaded_by"]
    # The file itself is not shown: a link would bypass the download view's checks.
    fields = ["revision", "title", "original_name", "size", "sha256", "uploaded_by", "uploaded_at"]
