"""Keeping the search index in step with Wagtail's own publishing of guidance pages.

These are indexing side effects of what Wagtail does itself (publishing, unpublishing, scheduled
publishing and expiry, deletion, moving a page, adding or removing a view restriction), not domain
logic: there is no service of ours to make an explicit call from, which is why signals are used here
while the procurement core calls `queue_search_update()` from its services. Each handler only queues an
update of the pages concerned; the update reads them again and removes those no longer findable
(unpublished, deleted, restricted), so a handler never needs to know which way a change went.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from marketplace.search_updates import GUIDANCE, queue_search_update

from .models import GuidanceIndexPage, GuidancePage


def _queue(object_ids) -> None:
    object_ids = list(object_ids)
    if object_ids:
        queue_search_update(kind=GUIDANCE, object_ids=object_ids)


def _guidance_at_or_under(page_id: int) -> list[int]:
    """Guidance pages that are this page or below it (none once the page has gone)."""
    path = Page.objects.filter(pk=page_id).values_list("path", flat=True).first()
    if path is None:
        return []
    return list(GuidancePage.objects.filter(path__startswith=path).values_list("pk", flat=True))


def guidance_published_or_unpublished(sender, instance, **kwargs):
    """page_published / page_unpublished (the scheduled-publishing command sends them too)."""
    _queue([instance.pk])


def guidance_deleted(sender, instance, **kwargs):
    """post_delete: sent for each guidance page, including those deleted with the guide above them."""
    _queue([instance.pk])


def guide_or_guidance_moved(sender, instance, **kwargs):
    """post_page_move: below another page, a page may come under (or out from) a view restriction."""
    _queue(_guidance_at_or_under(instance.pk))


def view_restriction_changed(sender, instance, **kwargs):
    """A view restriction added, changed or removed hides or shows every guidance page at or below its page."""
    if kwargs.get("raw"):  # loading a fixture: the rebuild indexes what it loads
        return
    _queue(_guidance_at_or_under(instance.page_id))


def connect() -> None:
    for signal in (page_published, page_unpublished):
        signal.connect(guidance_published_or_unpublished, sender=GuidancePage,
                       dispatch_uid=f"cms.search.guidance_{'un' if signal is page_unpublished else ''}published")
    post_delete.connect(guidance_deleted, sender=GuidancePage, dispatch_uid="cms.search.guidance_deleted")
    for model in (GuidanceIndexPage, GuidancePage):
        post_page_move.connect(guide_or_guidance_moved, sender=model,
                               dispatch_uid=f"cms.search.moved_{model._meta.model_name}")
    post_save.connect(view_restriction_changed, sender=PageViewRestriction,
                      dispatch_uid="cms.search.view_restriction_saved")
    post_delete.connect(view_restriction_changed, sender=PageViewRestriction,
                        dispatch_uid="cms.search.view_restriction_deleted")
