"""Payments in the Wagtail admin: the operators' "Marketplace fees" screens in the "Operations" menu (rule 13).

Every fee instalment, a page for each, and its actions (record a bank transfer, waive, refund by card): see
admin_views.py. Reading needs `payments.view_feeinstalment` and acting `payments.change_feeinstalment`, which only
the Operators group holds (reference_data.py, migration payments/0002); the services check the operator again. No
generic add, edit, delete, copy, history or usage views: every change goes through a service.
"""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import path
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from marketplace.accounts.admin_views import OPERATIONS_MENU_HOOK

from . import admin_views
from .admin_views import FEE_ACTIONS, MANAGE, VIEW
from .models import FeeInstalment

# Read and changed with the model's own permissions and nothing else: registered before anything asks for the policy.
register_permission_policy(FeeInstalment, ModelPermissionPolicy(FeeInstalment), exact_class=True)

# No generic add, edit, delete, copy, history or usage views: unset their URL names so nothing links to them.
NO_GENERIC_VIEWS = {
    "add_url_name": None,
    "edit_url_name": None,
    "delete_url_name": None,
    "history_url_name": None,
    "usage_url_name": None,
}


class FeeInstalmentViewSet(ModelViewSet):
    """The marketplace fee's instalments: the list, a page per instalment, and its actions."""

    model = FeeInstalment
    name = "fee_instalments"
    url_prefix = "fees"
    icon = "doc-full"
    menu_label = "Marketplace fees"
    menu_order = 13
    menu_hook = OPERATIONS_MENU_HOOK
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False  # its own page instead: admin_views.FeeInstalmentDetailView

    index_view_class = admin_views.FeeInstalmentIndexView
    filterset_class = admin_views.FeeInstalmentFilterSet
    ordering = admin_views.ORDERING
    search_fields = ["contract__reference"]  # searched by FeeInstalmentIndexView.search_queryset
    search_backend_name = None
    list_per_page = 50
    list_export = admin_views.FeeInstalmentIndexView.list_export
    export_filename = "marketplace-fees"

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **NO_GENERIC_VIEWS,
            inspect_url_name=self.get_url_name("inspect"),
            action_url_names={name: self.get_url_name(name) for name in FEE_ACTIONS},
            **kwargs,
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.construct_view(admin_views.FeeInstalmentDetailView), name="inspect"),
            *[
                path(
                    f"<int:pk>/{name.replace('_', '-')}/",
                    self.construct_view(admin_views.FeeInstalmentActionView, action=name),
                    name=name,
                )
                for name in FEE_ACTIONS
            ],
        ]

    def get_permissions_to_register(self):
        content_type = ContentType.objects.get_for_model(FeeInstalment)
        return Permission.objects.filter(
            content_type=content_type, codename__in=[f"{VIEW}_feeinstalment", f"{MANAGE}_feeinstalment"]
        )

    def register_admin_url_finder(self):
        pass  # links to an instalment come from these screens only


@hooks.register("register_admin_viewset")
def register_payments_viewsets():
    return [FeeInstalmentViewSet()]
