"""Contracts in the Wagtail admin.

* The call-off terms in Snippets: editors draft, publish and keep every revision as a version.
* The contract register in the "Operations" menu: every contract, read only, filtered and exported. It needs
  `contracts.view_contract`, which only the Operators group holds (reference_data.py); no add, edit or delete views.
"""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import path
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from marketplace.accounts.admin_views import OPERATIONS_MENU_HOOK

from . import admin_views
from .admin_views import VIEW
from .models import CallOffTerms, Contract


class CallOffTermsViewSet(SnippetViewSet):
    model = CallOffTerms
    icon = "doc-full-inverse"
    menu_label = "Call-off terms"
    add_to_admin_menu = False


register_snippet(CallOffTermsViewSet)


# The register is read with `contracts.view_contract` and nothing else: registered before anything asks for the
# policy (Wagtail would otherwise make a fallback one).
register_permission_policy(Contract, ModelPermissionPolicy(Contract), exact_class=True)

# No generic add, edit, delete, copy, history or usage views: unset their URL names so nothing links to them.
NO_GENERIC_VIEWS = {
    "add_url_name": None,
    "edit_url_name": None,
    "delete_url_name": None,
    "history_url_name": None,
    "usage_url_name": None,
}


class ContractRegisterViewSet(ModelViewSet):
    """Every contract on the marketplace: reference, title, parties, status, value and signed date."""

    model = Contract
    name = "contract_register"
    url_prefix = "contracts"
    icon = "doc-full"
    menu_label = "Contract register"
    menu_order = 12
    menu_hook = OPERATIONS_MENU_HOOK
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False

    index_view_class = admin_views.ContractRegisterIndexView
    filterset_class = admin_views.ContractRegisterFilterSet
    ordering = admin_views.REGISTER_ORDERING
    search_fields = ["reference"]  # searched by ContractRegisterIndexView.search_queryset
    search_backend_name = None
    list_per_page = 50
    list_export = admin_views.ContractRegisterIndexView.list_export
    export_filename = "contract-register"

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**NO_GENERIC_VIEWS, **kwargs)

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]

    def get_permissions_to_register(self):
        content_type = ContentType.objects.get_for_model(Contract)
        return Permission.objects.filter(content_type=content_type, codename=f"{VIEW}_contract")

    def register_admin_url_finder(self):
        pass  # a contract has no admin page of its own


@hooks.register("register_admin_viewset")
def register_contract_viewsets():
    return [ContractRegisterViewSet()]
