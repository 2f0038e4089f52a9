"""Run the time-driven jobs that are due. Cron calls it every minute; `make run` loops it."""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from marketplace.scheduling.services import tick


class Command(BaseCommand):
    help = "Run every time-driven job that is due, once per (job, period)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep ticking, once a minute")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between ticks with --loop")
        parser.add_argument("--job", action="append", dest="jobs", help="Only run this job (repeatable)")

    def handle(self, *args, loop=False, interval=60, jobs=None, **options):
        while True:
            for outcome in tick(only=jobs):
                self.stdout.write(f"{outcome.job} {outcome.period.isoformat()} {outcome.status}")
            if not loop:
                return
            close_old_connections()
            time.sleep(interval)
