"""`manage.py contract_verify REF` recomputes each stored PDF's hash and compares it with the audit log."""

import pytest
from django.core.management import CommandError, call_command

from marketplace.audit.models import AuditEvent
from marketplace.contracts.services import contract_verify
from tests.contract_builder import drafted, issued, signed

from .helpers import verbs


@pytest.fixture
def contract(award, terms, buyer_admin, winner):
    return signed(issued(drafted(award), buyer_admin), winner[2], buyer_admin)


def test_untouched_pdfs_match_the_audit_log(contract, capsys):
    assert all(check.ok for check in contract_verify(contract)) and len(contract_verify(contract)) == 2
    call_command("contract_verify", contract.reference)
    out = capsys.readouterr().out
    assert out.count("OK ") == 2 and "2 PDF(s) match the audit log" in out
    assert verbs(contract)[-1] == "contract.verified"


def test_a_tampered_pdf_is_reported(contract, capsys):
    final = contract.documents.get(kind="signed")
    path = final.file.path
    with open(path, "r+b") as handle:
        data = handle.read()
        handle.seek(0)
        handle.write(data.replace(b"Director", b"Directer", 1) if b"Director" in data else data + b"%tampered")
    with pytest.raises(CommandError, match="1 problem"):
        call_command("contract_verify", contract.reference)
    out = capsys.readouterr().out
    assert "CHANGED" in out and "has changed since it was stored" in out
    # The failed check is on the record, with both hashes.
    event = AuditEvent.objects.filter(stream__key=contract.audit_stream).order_by("-seq").first()
    assert event.verb == "contract.verification_failed"
    assert [d["ok"] for d in event.data["documents"]] == [True, False]
    assert event.data["documents"][1]["logged_sha256"] == final.sha256 != event.data["documents"][1]["file_sha256"]
    assert [check.ok for check in contract_verify(contract)] == [True, False]


def test_a_missing_pdf_is_reported(contract, capsys):
    import os

    os.remove(contract.documents.get(kind="issued").file.path)
    with pytest.raises(CommandError):
        call_command("contract_verify", contract.reference)
    assert "the stored file is missing" in capsys.readouterr().out


def test_an_unknown_reference_is_an_error(db):
    with pytest.raises(CommandError, match="No contract has the reference CON-NOPE"):
        call_command("contract_verify", "CON-NOPE")
