"""manage.py search_index --rebuild | --update [--backend database|elasticsearch] [--kind solution]"""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from search import service
from search.sources import SOURCES


class Progress:
    """A one-line progress bar on a terminal; a line per kind otherwise."""

    def __init__(self, stdout, width: int = 30):
        self.stdout = stdout
        self.width = width
        self.tty = hasattr(stdout, "isatty") and stdout.isatty() or sys.stdout.isatty() and stdout is sys.stdout

    def __call__(self, label: str, done: int, total: int) -> None:
        total = max(total, done, 1)
        filled = int(self.width * done / total)
        line = f"{label:12} [{'#' * filled}{'.' * (self.width - filled)}] {done:,}/{total:,}"
        if self.tty:
            self.stdout.write(f"\r{line}", ending="")
            self.stdout.flush()
        elif done >= total:
            self.stdout.write(line)

    def finish(self) -> None:
        if self.tty:
            self.stdout.write("")


class Command(BaseCommand):
    help = "Build or bring up to date the search index (database backend, and Elasticsearch if configured)."

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--rebuild", action="store_true",
                            help="build a new index from the database (Elasticsearch: a new index, then the alias "
                                 "moves to it, so searches never stop)")
        action.add_argument("--update", action="store_true",
                            help="re-read every findable object and write it; remove what is no longer findable")
        parser.add_argument("--backend", choices=["database", "elasticsearch"],
                            help="only this backend (default: every configured one)")
        parser.add_argument("--kind", choices=sorted(SOURCES), action="append",
                            help="only this kind (default: all that have a source)")

    def handle(self, *args, rebuild, update, backend, kind, **options):
        try:
            backends = [service.backend_for(backend)] if backend else None
        except ValueError as error:
            raise CommandError(str(error)) from error
        kinds = kind or list(SOURCES)
        progress = Progress(self.stdout)
        started = time.monotonic()
        if rebuild:
            written = service.rebuild(kinds=kinds, backends=backends, progress=progress)
            progress.finish()
            for name, count in written.items():
                self.stdout.write(f"Rebuilt {name}: {count:,} entries in {time.monotonic() - started:.1f} s")
            return
        for name in kinds:
            source = SOURCES[name]
            total = source.count()
            done = 0
            ids = [document.object_id for document in source.documents()]
            indexed = {entry for entry in service.indexed_ids(name)}
            stale = sorted(indexed - set(ids))
            for start in range(0, len(ids), 1_000):
                chunk = ids[start:start + 1_000]
                service.update(kind=name, object_ids=chunk, backends=backends)
                done += len(chunk)
                progress(name, done, total)
            if stale:
                service.update(kind=name, object_ids=stale, backends=backends)
            progress.finish()
            self.stdout.write(f"Updated {name}: {len(ids):,} findable, {len(stale):,} removed "
                              f"in {time.monotonic() - started:.1f} s")
