"""Editors draft and submit; Moderators approve and publish; both edit the site settings (one row per site)."""

from django.db import migrations


def editorial_workflow(apps, schema_editor):
    from cms.reference_data import ensure_editorial_workflow

    ensure_editorial_workflow(apps)


def site_settings(apps, schema_editor):
    from cms.reference_data import ensure_site_settings

    ensure_site_settings(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_content_pages"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]
    operations = [
        migrations.RunPython(editorial_workflow, migrations.RunPython.noop),
        migrations.RunPython(site_settings, migrations.RunPython.noop),
    ]
