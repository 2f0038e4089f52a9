"""Django admin (/django-admin/) for superusers: applications, admissions and the debarment list, read-only.

Operators work in the Wagtail admin (see wagtail_hooks.py), where every change
goes through a service that writes the audit event and tells the supplier; so
nothing changes here. Exclusion declarations (criminal-offence data) are not
shown here at all: operators read them on the application's page in the Wagtail admin.
"""

from django.contrib import admin

from marketplace.django_admin import ReadOnlyAdmin

from .models import Admission, Application, ApplicationCategory, DebarmentEntry


class ApplicationCategoryInline(admin.TabularInline):
    model = ApplicationCategory
    fields = ["category", "decision", "reason", "decided_at", "decided_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["reference", "organisation", "status", "submitted_at", "due_on", "extended_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["organisation__name", "organisation__companies_house_number"]
    list_select_related = ["organisation"]
    date_hierarchy = "created_at"
    # The timetable and the outcome; the answers themselves stay in the operators' screens.
    fields = [
        "organisation", "status", "created_at", "updated_at", "submitted_at", "due_on",
        "extended_at", "extension_justification", "decided_at",
    ]
    inlines = [ApplicationCategoryInline]


@admin.register(Admission)
class AdmissionAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "category", "status", "admitted_at", "status_changed_at"]
    list_filter = ["status", "category"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation", "category"]


@admin.register(DebarmentEntry)
class DebarmentEntryAdmin(ReadOnlyAdmin):
    list_display = ["organisation_name", "companies_house_number", "organisation", "starts_on", "ends_on", "added_at"]
    search_fields = ["organisation_name", "companies_house_number"]
    list_select_related = ["organisation"]
