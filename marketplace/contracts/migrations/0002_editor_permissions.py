"""Editors draft the call-off terms; Moderators publish them."""

from django.db import migrations


def forwards(apps, schema_editor):
    from marketplace.contracts.reference_data import load

    load(apps)


class Migration(migrations.Migration):
    dependencies = [("contracts", "0001_initial"), ("accounts", "0002_domains_and_groups")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
