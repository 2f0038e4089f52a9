"""Telling search that something findable changed: an explicit call from the services that change it.

The update runs as a task (Django's tasks framework) queued when the transaction commits, so the
request never waits for the index and a rolled-back change is never indexed. The core names the
task by its path (`SEARCH_UPDATE_TASK`) because it imports nothing of `search/`.

Under test (`SEARCH_UPDATE_ON_COMMIT` false) the task is queued at once, inside the transaction, so
a test that runs in one transaction still sees its change in the index; tests of the on-commit path
switch it back on.
"""

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

# The kinds of thing search finds that the core's services change, and guidance (whose pages Wagtail publishes:
# cms/signal_handlers.py queues their updates).
SOLUTION = "solution"
GUIDANCE = "guidance"


def queue_search_update(*, kind: str, object_ids=(), organisation_id: int | None = None) -> None:
    """Refresh these objects (or every object of this organisation) in the search index."""
    arguments = {"kind": kind, "object_ids": sorted({int(pk) for pk in object_ids}),
                 "organisation_id": organisation_id}

    def enqueue():
        import_string(settings.SEARCH_UPDATE_TASK).enqueue(**arguments)

    if getattr(settings, "SEARCH_UPDATE_ON_COMMIT", True):
        transaction.on_commit(enqueue, robust=True)
    else:
        enqueue()
