"""Replace Wagtail's welcome page with Spark's home page and make it the default site's root."""

from django.db import migrations


def create_home_page(apps, schema_editor):
    from cms.reference_data import ensure_home_page

    ensure_home_page(apps)


class Migration(migrations.Migration):
    dependencies = [("cms", "0001_initial")]
    operations = [migrations.RunPython(create_home_page, migrations.RunPython.noop)]
