"""Operators read the marketplace fee's instalments and record transfers, waive and refund them."""

from django.db import migrations


def forwards(apps, schema_editor):
    from marketplace.payments.reference_data import load

    load(apps)


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial"), ("accounts", "0002_domains_and_groups")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
