"""Walk every audit chain and every digest; report the first broken link of each."""

from django.core.management.base import BaseCommand, CommandError

from marketplace.audit.verification import verify_all


class Command(BaseCommand):
    help = "Verify the audit log's hash chains and published digests. Exits non-zero if anything is broken."

    def handle(self, *args, **options):
        report = verify_all()
        if report.intact:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Audit log intact: {report.streams} streams, {report.events} events, {report.digests} digests."
                )
            )
            return
        for link in report.broken:
            self.stderr.write(f"Broken: {link}")
        raise CommandError(
            f"Audit log broken in {len(report.broken)} place(s); first: {report.broken[0]}"
        )
