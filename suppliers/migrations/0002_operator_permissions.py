"""Operators moderate solution listings."""

from django.db import migrations


def forwards(apps, schema_editor):
    from suppliers.reference_data import load

    load(apps)


class Migration(migrations.Migration):
    dependencies = [("suppliers", "0001_initial"), ("accounts", "0002_domains_and_groups")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
