"""Operators decide applications, manage admissions and keep the debarment list."""

from django.db import migrations


def forwards(apps, schema_editor):
    from marketplace.admission.reference_data import load

    load(apps)


class Migration(migrations.Migration):
    dependencies = [("admission", "0001_initial"), ("accounts", "0002_domains_and_groups")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
