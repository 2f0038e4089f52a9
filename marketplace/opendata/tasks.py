"""Background work for open data."""

from datetime import date

from django_tasks import task


@task()
def build_bulk_file(*, day: str) -> None:
    from .services import bulk_file_build

    bulk_file_build(day=date.fromisoformat(day))
