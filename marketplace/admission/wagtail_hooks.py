"""Operator screens for applications, admissions and the debarment list, in the Wagtail admin's "Operations" menu.

Each needs its own permission, held by the Operators group (migration admission/0002):
`admission.decide_application` for applications, `admission.manage_admission` for
admissions, `admission.add_debarmententry` for the debarment list. Editors, buyers
and suppliers never see any of it: exclusion declarations are criminal-offence data.
Nothing is created, edited or deleted through Wagtail's generic views: every change
goes through a service, which writes the audit event and tells the supplier.
"""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import path
from wagtail import hooks
from wagtail.admin.admin_url_finder import register_admin_url_finder
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.viewsets.model import ModelViewSet

from marketplace.accounts.admin_views import OPERATIONS_MENU_HOOK

from . import admin_views
from .admin_views import DECIDE, KEEP_LIST, MANAGE
from .models import Admission, Application, ApplicationStatus, DebarmentEntry

# No generic add, edit, delete, copy, history or usage views: unset their URL names so nothing links to them.
NO_GENERIC_VIEWS = {
    "add_url_name": None,
    "edit_url_name": None,
    "delete_url_name": None,
    "history_url_name": None,
    "usage_url_name": None,
}


def _permissions(model, *codenames):
    content_type = ContentType.objects.get_for_model(model)
    return Permission.objects.filter(content_type=content_type, codename__in=codenames)


class ApplicationViewSet(ModelViewSet):
    """The queue of applications to join the marketplace, the answers of each, and the decisions (rules 2 and 3)."""

    model = Application
    name = "admission_applications"
    url_prefix = "applications"
    icon = "doc-full"
    menu_label = "Applications"
    menu_order = 5
    menu_hook = OPERATIONS_MENU_HOOK
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True

    index_view_class = admin_views.ApplicationQueueIndexView

    list_display = [
        "reference",
        Column("supplier", label="Supplier", accessor="organisation.name", sort_key="organisation__name"),
        Column("categories", label="Categories", accessor=admin_views.category_names),
        Column(
            "submitted_at",
            label="Submitted",
            accessor=lambda application: admin_views.uk_date(application.submitted_at),
            sort_key="submitted_at",
        ),
        admin_views.DueColumn("due_on", label="Decision due", sort_key="due_on"),
        StatusTagColumn(
            "status",
            label="Status",
            accessor="get_status_display",
            primary=lambda application: application.status == ApplicationStatus.SUBMITTED,
            sort_key="status",
        ),
    ]
    filterset_class = admin_views.ApplicationQueueFilterSet
    ordering = admin_views.QUEUE_ORDERING
    search_fields = ["organisation__name"]
    search_backend_name = None
    list_per_page = 50

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **NO_GENERIC_VIEWS,
            inspect_url_name=self.get_url_name("inspect"),
            decide_url_name=self.get_url_name("decide"),
            extend_url_name=self.get_url_name("extend"),
            **kwargs,
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.construct_view(admin_views.ApplicationDetailView), name="inspect"),
            path("<int:pk>/decide/", self.construct_view(admin_views.ApplicationDecideView), name="decide"),
            path("<int:pk>/extend/", self.construct_view(admin_views.ApplicationExtendView), name="extend"),
        ]

    def get_permissions_to_register(self):
        return _permissions(Application, f"{DECIDE}_application")

    def register_admin_url_finder(self):
        register_admin_url_finder(Application, admin_views.ApplicationURLFinder)


class AdmissionViewSet(ModelViewSet):
    """Admissions per category: suspend, reinstate or remove one, with a reason the supplier is told."""

    model = Admission
    name = "admission_admissions"
    url_prefix = "admissions"
    icon = "group"
    menu_label = "Admissions"
    menu_order = 6
    menu_hook = OPERATIONS_MENU_HOOK
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False

    index_view_class = admin_views.AdmissionIndexView
    filterset_class = admin_views.AdmissionFilterSet
    ordering = admin_views.ADMISSION_ORDERING
    search_fields = ["organisation__name"]
    search_backend_name = None
    list_per_page = 50

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **NO_GENERIC_VIEWS,
            action_url_names={action: self.get_url_name(action) for action in admin_views.ADMISSION_ACTIONS},
            **kwargs,
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            *[
                path(
                    f"<int:pk>/{action}/",
                    self.construct_view(admin_views.AdmissionChangeView, action=action),
                    name=action,
                )
                for action in admin_views.ADMISSION_ACTIONS
            ],
        ]

    def get_permissions_to_register(self):
        return _permissions(Admission, f"{MANAGE}_admission")

    def register_admin_url_finder(self):
        pass  # an admission has no page of its own


class DebarmentViewSet(ModelViewSet):
    """The debarment list operators keep: a supplier on it cannot be admitted (rule 3).

    Entries are added, never edited or deleted here: a change would need an audited service of its own.
    """

    model = DebarmentEntry
    name = "admission_debarment"
    url_prefix = "debarment-list"
    icon = "warning"
    menu_label = "Debarment list"
    menu_order = 7
    menu_hook = OPERATIONS_MENU_HOOK
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False

    index_view_class = admin_views.DebarmentIndexView
    ordering = ("-starts_on", "organisation_name", "pk")
    search_fields = ["organisation_name", "companies_house_number"]
    search_backend_name = None
    list_per_page = 50

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{**NO_GENERIC_VIEWS, "add_url_name": self.get_url_name("add")}, **kwargs
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", self.construct_view(admin_views.DebarmentAddView), name="add"),
        ]

    def get_permissions_to_register(self):
        return _permissions(DebarmentEntry, f"{KEEP_LIST}_debarmententry")

    def register_admin_url_finder(self):
        pass  # entries have no page of their own


@hooks.register("register_admin_viewset")
def register_admission_viewsets():
    return [ApplicationViewSet(), AdmissionViewSet(), DebarmentViewSet()]
