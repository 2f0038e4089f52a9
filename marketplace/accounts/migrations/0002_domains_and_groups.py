"""The public-sector domain allow-list's first entries, and the Operators group with its permissions."""

from django.db import migrations


def forwards(apps, schema_editor):
    from marketplace.accounts.reference_data import load

    load(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("taxonomy", "0002_reference_data"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
