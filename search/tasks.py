"""Index updates, run in the background through Django's tasks framework."""

from django_tasks import task

from . import service


@task()
def update_index(kind: str, object_ids: list[int] | None = None, organisation_id: int | None = None) -> int:
    """Bring these objects (or all of an organisation's) up to date in every configured index."""
    return service.update(kind=kind, object_ids=object_ids or [], organisation_id=organisation_id)
