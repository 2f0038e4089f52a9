"""Django admin (/django-admin/) for superusers. Operators keep categories in the Wagtail admin."""

from django.contrib import admin

from marketplace.django_admin import ReadOnlyAdmin

from .models import Category, Region


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    """Categories can be edited but never deleted: admissions and competitions refer to them."""

    list_display = ["name", "slug", "active", "position"]
    list_filter = ["active"]
    search_fields = ["name", "slug"]
    ordering = ["position", "name"]

    def get_readonly_fields(self, request, obj=None):
        # Pages and records link to the slug; it is fixed once the category exists.
        return ["slug"] if obj is not None else []

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else {"slug": ["name"]}

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    """ITL1 regions are fixed reference data: read only."""

    list_display = ["code", "name"]
    ordering = ["code"]
