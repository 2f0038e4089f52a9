from django.db import migrations


def load(apps, schema_editor):
    from marketplace.taxonomy.reference_data import load as load_reference_data

    load_reference_data(
        apps.get_model("taxonomy", "Category"), apps.get_model("taxonomy", "Region"), apps.get_model("taxonomy", "Standard")
    )


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0003_standard")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
