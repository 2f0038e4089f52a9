"""Wagtail's read-only content API (v2): live public pages, images and documents, for other sites to reuse.

Mounted at /api/content/v2/. Pages are those the public can see (live, no view restriction); documents in
private collections are left out. Nothing here writes.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

router = WagtailAPIRouter("content_api")
router.register_endpoint("pages", PagesAPIViewSet)
router.register_endpoint("images", ImagesAPIViewSet)
router.register_endpoint("documents", DocumentsAPIViewSet)
