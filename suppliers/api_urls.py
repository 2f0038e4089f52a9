"""The catalogue's API under /api/v1/ (included before the core's router, so both answer there)."""

from rest_framework.routers import SimpleRouter

from .api import SolutionViewSet

router = SimpleRouter()
router.register("solutions", SolutionViewSet, basename="solution")

urlpatterns = router.urls
