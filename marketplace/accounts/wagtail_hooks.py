"""Operator screens for organisations and the public-sector domain allow-list, in the Wagtail admin.

They sit in the admin's "Operations" menu. Other apps add their operator screens
to the same menu with `menu_hook = OPERATIONS_MENU_HOOK` on their viewsets.
"""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import path
from wagtail import hooks
from wagtail.admin.admin_url_finder import register_admin_url_finder
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from . import admin_views
from .admin_views import OPERATIONS_MENU_HOOK, VERIFY
from .models import Organisation, PublicSectorDomain, VerificationStatus


class BuyerVerificationViewSet(ModelViewSet):
    """The queue of buyer organisations waiting for an operator, and the decision on each.

    Read and decide only: organisations are never created, edited or deleted from here.
    Every view needs `accounts.verify_organisation`.
    """

    model = Organisation
    name = "buyer_verification"
    url_prefix = "buyer-verification"
    icon = "circle-check"
    menu_label = "Buyer verification"
    menu_order = 10

    index_view_class = admin_views.BuyerQueueIndexView
    inspect_view_class = admin_views.BuyerInspectView
    verify_view_class = admin_views.BuyerVerifyView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False

    list_display = [
        "name",
        Column("public_sector_type", label="Type", accessor="get_public_sector_type_display"),
        Column(
            "created_at",
            label="Registered",
            accessor=lambda organisation: admin_views.uk_date(organisation.created_at),
            sort_key="created_at",
        ),
        Column("email_domain", label="Email domain", sort_key="email_domain"),
        Column("email_domain_recognised", label="Allow-list", accessor=admin_views.domain_hint),
        StatusTagColumn(
            "verification_status",
            label="Status",
            accessor="get_verification_status_display",
            primary=lambda organisation: organisation.verification_status == VerificationStatus.PENDING,
            sort_key="verification_status",
        ),
    ]
    list_filter = ["verification_status", "email_domain_recognised", "public_sector_type"]
    ordering = admin_views.QUEUE_ORDERING
    search_fields = ["name", "email_domain"]
    search_backend_name = None
    list_per_page = 50

    inspect_view_fields = [
        "name",
        "public_sector_type",
        "address_line_1",
        "address_line_2",
        "town",
        "postcode",
        "email_domain",
        "email_domain_recognised",
        "created_at",
        "verification_status",
        "verified_at",
        "verified_by",
        "verification_note",
    ]

    def get_common_view_kwargs(self, **kwargs):
        # No add, edit, delete, copy, history or usage views: unset their URL names so no view links to them.
        return super().get_common_view_kwargs(
            add_url_name=None,
            edit_url_name=None,
            delete_url_name=None,
            history_url_name=None,
            usage_url_name=None,
            inspect_url_name=self.get_url_name("inspect"),
            verify_url_name=self.get_url_name("verify"),
            **kwargs,
        )

    @property
    def verify_view(self):
        return self.construct_view(self.verify_view_class)

    def get_urlpatterns(self):
        conv = self.pk_path_converter
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(f"inspect/<{conv}:pk>/", self.inspect_view, name="inspect"),
            path(f"verify/<{conv}:pk>/", self.verify_view, name="verify"),
        ]

    def get_permissions_to_register(self):
        # Only what this screen uses appears in the admin's group editor.
        content_type = ContentType.objects.get_for_model(Organisation)
        return Permission.objects.filter(
            content_type=content_type, codename__in=[f"{VERIFY}_organisation", "view_organisation"]
        )

    def register_admin_url_finder(self):
        register_admin_url_finder(Organisation, admin_views.BuyerOrganisationURLFinder)


class PublicSectorDomainViewSet(ModelViewSet):
    """The allow-list of public-sector email domains a buyer may sign up from."""

    model = PublicSectorDomain
    name = "public_sector_domains"
    url_prefix = "public-sector-domains"
    icon = "globe"
    menu_label = "Public sector domains"
    menu_order = 20
    add_to_reference_index = False
    copy_view_enabled = False

    list_display = [
        "domain",
        "description",
        Column(
            "created_at",
            label="Added",
            accessor=lambda domain: admin_views.uk_date(domain.created_at),
            sort_key="created_at",
        ),
    ]
    ordering = "domain"
    search_fields = ["domain", "description"]
    search_backend_name = None
    list_per_page = 50

    def get_form_class(self, for_update=False):
        return admin_views.PublicSectorDomainForm


class OperationsGroup(ViewSetGroup):
    """The "Operations" menu: the marketplace staff's screens, whichever app owns the objects."""

    menu_label = "Operations"
    menu_name = "operations"
    menu_icon = "cogs"
    menu_order = 250
    submenu_hook = OPERATIONS_MENU_HOOK
    items = (BuyerVerificationViewSet, PublicSectorDomainViewSet)


@hooks.register("register_admin_viewset")
def register_operations_viewsets():
    return OperationsGroup()
