"""`manage.py contract_verify REF`: recompute the hash of each stored PDF of a contract and compare it with the
audit log. Exits with status 1 if any file is missing or has changed."""

from django.core.management.base import BaseCommand, CommandError

from marketplace.audit.models import AuditStream
from marketplace.audit.services import audit_record
from marketplace.audit.verification import verify_stream
from marketplace.contracts.models import Contract
from marketplace.contracts.services import contract_verify


class Command(BaseCommand):
    help = "Check that a contract's stored PDFs are unchanged since they were stored (SHA-256 against the audit log)."

    def add_arguments(self, parser):
        parser.add_argument("reference", help="The contract reference, for example CON-SPK-2026-0001")

    def handle(self, *args, reference, **options):
        contract = Contract.objects.filter(reference__iexact=reference.strip()).first()
        if contract is None:
            raise CommandError(f"No contract has the reference {reference}")
        checks = contract_verify(contract)
        if not checks:
            self.stdout.write(f"{contract.reference} has no stored PDFs yet (status: {contract.get_status_display()}).")
        failed = 0
        for check in checks:
            label = f"{contract.reference} version {check.document.version} ({check.document.get_kind_display()})"
            if check.ok:
                self.stdout.write(f"OK       {label}  sha256 {check.file_sha256}")
            else:
                failed += 1
                self.stdout.write(f"CHANGED  {label}: {check.problem}")
                self.stdout.write(f"         audit log {check.logged_sha256 or '-'}; file {check.file_sha256 or '-'}")
        stream = AuditStream.objects.filter(key=contract.audit_stream).first()
        broken = None
        if stream is not None:
            _length, broken = verify_stream(stream)
            if broken is not None:
                failed += 1
                self.stdout.write(f"BROKEN   the contract's audit chain does not verify: {broken}")
        # The check itself is on the record (unless the records were purged after the retention period): a
        # tampered or missing file is evidence someone will need later.
        if stream is None or stream.purged_at is None:
            audit_record(
                stream=contract.audit_stream, target=contract,
                verb="contract.verified" if not failed else "contract.verification_failed",
                data={"documents": [{"version": c.document.version, "kind": c.document.kind, "ok": c.ok,
                                     "file_sha256": c.file_sha256, "logged_sha256": c.logged_sha256} for c in checks],
                      "chain_intact": broken is None if stream is not None else None},
            )
        if failed:
            raise CommandError(f"{failed} problem(s) found in {contract.reference}")
        self.stdout.write(self.style.SUCCESS(f"{contract.reference}: {len(checks)} PDF(s) match the audit log."))
