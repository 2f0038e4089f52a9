"""Serving the images editors put in pages.

Uploaded files are otherwise served only through views that check a right (bid attachments, listing
documents). Image renditions, the resized copies Wagtail makes of the images in published content, are public
by nature, so this one view serves those and nothing else from the media directory.
"""

from django.conf import settings
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.static import serve

RENDITIONS = "images"  # Wagtail's folder for renditions (originals are in original_images/, never served)


@require_GET
@cache_control(public=True, max_age=24 * 60 * 60)
def image_rendition(request, path: str):
    # django.views.static.serve refuses paths that climb out of the folder it is given.
    return serve(request, path, document_root=settings.MEDIA_ROOT / RENDITIONS)
