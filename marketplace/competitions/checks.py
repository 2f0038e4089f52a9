"""`manage.py check --deploy`: production must be given the bid-sealing master key; it never makes one."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def sealing_key_present(app_configs, **kwargs):
    if not settings.PRODUCTION:
        return []
    path = settings.SPARK_SEALING_KEY_FILE
    if not path.exists():
        return [
            checks.Error(
                f"The bid-sealing master key file {path} does not exist.",
                hint="Mount it from your secret store and set SPARK_SEALING_KEY_FILE (see the README).",
                id="spark.E010",
            )
        ]
    if path.stat().st_mode & 0o077:
        return [
            checks.Warning(
                f"The bid-sealing master key file {path} can be read by other users.",
                hint="chmod 600 it.",
                id="spark.W010",
            )
        ]
    return []
