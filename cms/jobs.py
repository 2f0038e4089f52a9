"""Time-driven work for content, run by `manage.py tick`."""

from django.core.management import call_command

from marketplace.scheduling.registry import job


@job("cms.publish_scheduled", every="minute")
def publish_scheduled(*, period_start, period_end):
    # Wagtail's own command: publishes pages and snippets whose go-live time has come (approved and scheduled
    # by a moderator), and unpublishes those whose expiry time has passed.
    call_command("publish_scheduled", verbosity=0)
