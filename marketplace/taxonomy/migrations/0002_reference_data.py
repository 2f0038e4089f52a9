from django.db import migrations


def load(apps, schema_editor):
    from marketplace.taxonomy.reference_data import load as load_reference_data

    load_reference_data(apps.get_model("taxonomy", "Category"), apps.get_model("taxonomy", "Region"))


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
