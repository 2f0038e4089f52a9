"""Operator screens for solution listings, in the Wagtail admin's "Operations" menu.

"Listings to review" is the moderation queue: each version sent for review, its
full content, what it changes in the live listing, and the decision (publish, or
return with comments). "Published listings" lists what has gone live, with each
listing's history and the archive action for taking one down.

Every screen needs `suppliers.moderate_solution`, which the Operators group holds
(migration suppliers/0002). Nothing is created, edited or deleted through Wagtail's
generic views: every change goes through a service, which writes the audit event.
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
from .admin_views import LISTINGS, MODERATE, QUEUE
from .models import Solution, SolutionRevision

# Versions are moderated with the listing's permission: "moderate" on a revision means `suppliers.moderate_solution`.
# Registered before anything asks for SolutionRevision's policy (Wagtail would otherwise make a fallback one).
register_permission_policy(SolutionRevision, ModelPermissionPolicy(SolutionRevision, auth_model=Solution),
                           exact_class=True)

# No generic add, edit, delete, copy, history or usage views: unset their URL names so nothing links to them.
NO_GENERIC_VIEWS = {
    "add_url_name": None,
    "edit_url_name": None,
    "delete_url_name": None,
    "history_url_name": None,
    "usage_url_name": None,
}


class ListingsToReviewViewSet(ModelViewSet):
    """The moderation queue: versions in review, the longest waiting first; publish or return each."""

    model = SolutionRevision
    name = QUEUE
    url_prefix = "listings-to-review"
    icon = "tasks"
    menu_label = "Listings to review"
    menu_order = 8
    menu_hook = OPERATIONS_MENU_HOOK
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False

    index_view_class = admin_views.QueueIndexView
    filterset_class = admin_views.QueueFilterSet
    ordering = admin_views.QUEUE_ORDERING
    search_fields = ["title"]  # searched by QueueIndexView.search_queryset (title or supplier)
    search_backend_name = None
    list_per_page = 50

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **NO_GENERIC_VIEWS,
            publish_url_name=self.get_url_name("publish"),
            return_url_name=self.get_url_name("return"),
            **kwargs,
        )

    def get_urlpatterns(self):
        object_kwargs = {"review_url_name": self.get_url_name("review")}
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(
                "<int:pk>/",
                self.construct_view(admin_views.RevisionReviewView, **object_kwargs),
                name="review",
            ),
            path(
                "<int:pk>/publish/",
                self.construct_view(admin_views.RevisionPublishView, **object_kwargs),
                name="publish",
            ),
            path(
                "<int:pk>/return/",
                self.construct_view(admin_views.RevisionReturnView, **object_kwargs),
                name="return",
            ),
        ]

    def get_permissions_to_register(self):
        content_type = ContentType.objects.get_for_model(Solution)
        return Permission.objects.filter(content_type=content_type, codename=f"{MODERATE}_solution")

    def register_admin_url_finder(self):
        pass  # versions are reached from the queue and from their listing's history


class PublishedListingsViewSet(ModelViewSet):
    """Listings that have gone live: each one's content and history, and archiving one."""

    model = Solution
    name = LISTINGS
    url_prefix = "listings"
    icon = "list-ul"
    menu_label = "Published listings"
    menu_order = 9
    menu_hook = OPERATIONS_MENU_HOOK
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False

    index_view_class = admin_views.ListingIndexView
    filterset_class = admin_views.ListingFilterSet
    ordering = admin_views.LISTING_ORDERING
    search_fields = ["title"]  # searched by ListingIndexView.search_queryset (title or supplier)
    search_backend_name = None
    list_per_page = 50

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **NO_GENERIC_VIEWS,
            archive_url_name=self.get_url_name("archive"),
            **kwargs,
        )

    def get_urlpatterns(self):
        object_kwargs = {"inspect_url_name": self.get_url_name("inspect")}
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.construct_view(admin_views.ListingDetailView, **object_kwargs), name="inspect"),
            path(
                "<int:pk>/archive/",
                self.construct_view(admin_views.ListingArchiveView, **object_kwargs),
                name="archive",
            ),
        ]

    def get_permissions_to_register(self):
        return Permission.objects.none()  # `suppliers.moderate_solution` is registered by the queue

    def register_admin_url_finder(self):
        pass  # listings are reached from this listing and from the queue


@hooks.register("register_admin_viewset")
def register_listing_viewsets():
    return [ListingsToReviewViewSet(), PublishedListingsViewSet()]
