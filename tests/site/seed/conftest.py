"""The demo data, seeded once for every test of this package (on each xdist worker that runs any of them).

`manage.py seed` takes the better part of a minute, so it runs once, in a transaction that stays open while the
package's tests run and is rolled back when the last of them has: tests in other packages, run later by the same
worker, see the usual migrated database. Each test's own `db` transaction nests inside it (a savepoint), so what a
test changes (a second seed, the bulk bench data) is rolled back before the next test reads the seeded data.
The seed's files (var/: demo password and sign-ins; media/: the content's image and document) go to temporary
folders, kept as the package's settings while its tests run.
"""

from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@dataclass(frozen=True)
class DemoSeed:
    output: str  # what the first `manage.py seed` printed
    var_dir: Path  # settings.VAR_DIR while it ran, and while the package's tests run
    media_root: Path


@pytest.fixture(scope="package")
def demo_seed(django_db_setup, django_db_blocker, tmp_path_factory):
    var_dir, media_root = tmp_path_factory.mktemp("seed-var"), tmp_path_factory.mktemp("seed-media")
    with override_settings(VAR_DIR=var_dir, MEDIA_ROOT=media_root):
        with django_db_blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            try:
                output = StringIO()
                call_command("seed", stdout=output)
            except BaseException:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
                raise
        try:
            yield DemoSeed(output=output.getvalue(), var_dir=var_dir, media_root=media_root)
        finally:
            with django_db_blocker.unblock():
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
