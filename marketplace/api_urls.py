"""The public API, version 1. Apps contribute their viewsets to one router."""

from rest_framework.routers import DefaultRouter

from marketplace.taxonomy.api import CategoryViewSet, RegionViewSet

router = DefaultRouter()
router.register("categories", CategoryViewSet, basename="category")
router.register("regions", RegionViewSet, basename="region")

urlpatterns = router.urls
