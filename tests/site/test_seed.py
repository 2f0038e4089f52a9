"""`manage.py seed` makes the demo data once, through the services, and the audit chain stays intact."""

import pytest
from django.core.management import call_command

from marketplace.accounts.models import Membership, Organisation, Side, User, VerificationStatus
from marketplace.audit.models import AuditEvent
from marketplace.audit.verification import verify_all
from marketplace.taxonomy.models import Category, Region


@pytest.mark.django_db
def test_seed_is_idempotent_and_leaves_an_intact_audit_chain(settings, tmp_path, capsys):
    settings.VAR_DIR = tmp_path
    call_command("seed")
    first_output = capsys.readouterr().out
    assert "Password for every demo account" in first_output
    counts = (User.objects.count(), Organisation.objects.count(), Membership.objects.count(), AuditEvent.objects.count())

    call_command("seed")
    assert "already in place" in capsys.readouterr().out
    assert (User.objects.count(), Organisation.objects.count(), Membership.objects.count(), AuditEvent.objects.count()) == counts

    assert Organisation.objects.filter(kind=Side.OPERATOR).count() == 1
    assert Organisation.objects.filter(kind=Side.BUYER).count() == 2
    suppliers = Organisation.objects.filter(kind=Side.SUPPLIER)
    assert suppliers.count() == 6
    assert set(suppliers.values_list("size", flat=True)) == {"micro", "small", "medium", "large"}
    assert Organisation.objects.filter(kind=Side.BUYER, verification_status=VerificationStatus.PENDING).exists()
    assert Category.objects.count() >= 10 and Region.objects.count() == 12
    assert verify_all().intact
    assert (tmp_path / "demo-credentials.txt").exists()
