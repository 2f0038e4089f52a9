"""Operator screens for the marketplace's categories (lots) and regions, in the Wagtail admin's "Operations" menu."""

from django.urls import path
from wagtail import hooks
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Category, Region

# The "Operations" menu's hook (defined with the menu in marketplace.accounts.wagtail_hooks).
OPERATIONS_MENU_HOOK = "register_operations_menu_item"


class CategoryForm(WagtailAdminModelForm):
    class Meta:
        model = Category
        fields = ["name", "slug", "description", "active", "position"]
        help_texts = {
            "slug": (
                "Used in web addresses, like artificial-intelligence. "
                "It cannot be changed once the category exists."
            ),
            "position": "Categories are listed in this order, lowest first",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Admissions, competitions and pages link to the slug: changing it would break their addresses.
            self.fields["slug"].disabled = True


class CategoryViewSet(ModelViewSet):
    """Categories: list, add and edit. Never deleted here: admissions and competitions refer to them."""

    model = Category
    name = "taxonomy_categories"
    url_prefix = "categories"
    icon = "tag"
    menu_label = "Categories"
    menu_order = 30
    menu_hook = OPERATIONS_MENU_HOOK
    add_to_reference_index = False
    copy_view_enabled = False
    sort_order_field = None

    list_display = [
        "name",
        Column("slug", label="Slug", sort_key="slug"),
        BooleanColumn("active", label="Active", sort_key="active"),
        Column("position", label="Position", sort_key="position"),
    ]
    list_filter = ["active"]
    ordering = ("position", "name")
    search_fields = ["name", "slug"]
    search_backend_name = None

    def get_form_class(self, for_update=False):
        return CategoryForm

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(delete_url_name=None, **kwargs)

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name != "delete"]


class RegionViewSet(ModelViewSet):
    """The UK's ITL1 regions: reference data, read only."""

    model = Region
    name = "taxonomy_regions"
    url_prefix = "regions"
    icon = "site"
    menu_label = "Regions"
    menu_order = 40
    menu_hook = OPERATIONS_MENU_HOOK
    add_to_reference_index = False
    copy_view_enabled = False

    list_display = ["name", Column("code", label="ITL1 code", sort_key="code")]
    ordering = "code"
    list_per_page = 50

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            add_url_name=None, edit_url_name=None, delete_url_name=None, history_url_name=None, usage_url_name=None,
            **kwargs,
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]

    def register_admin_url_finder(self):
        pass  # there is no edit page for a region


@hooks.register("register_admin_viewset")
def register_taxonomy_viewsets():
    return [CategoryViewSet(), RegionViewSet()]
