"""The public-sector domain allow-list's first entries, and the Operators group with its permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DOMAINS = [
    ("gov.uk", "UK central and local government"),
    ("nhs.uk", "NHS organisations"),
    ("nhs.net", "NHSmail"),
    ("police.uk", "Police forces"),
    ("mod.uk", "Ministry of Defence"),
    ("gov.scot", "Scottish Government"),
    ("gov.wales", "Welsh Government"),
    ("llyw.cymru", "Llywodraeth Cymru"),
    ("parliament.uk", "UK Parliament"),
    ("ac.uk", "Universities and colleges (verify with care: students have these addresses too)"),
    ("sch.uk", "Schools"),
]

OPERATOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("accounts", "verify_organisation"),
    ("accounts", "view_organisation"),
    ("accounts", "add_publicsectordomain"),
    ("accounts", "change_publicsectordomain"),
    ("accounts", "delete_publicsectordomain"),
    ("accounts", "view_publicsectordomain"),
    ("taxonomy", "add_category"),
    ("taxonomy", "change_category"),
    ("taxonomy", "view_category"),
    ("taxonomy", "view_region"),
]


def forwards(apps, schema_editor):
    PublicSectorDomain = apps.get_model("accounts", "PublicSectorDomain")
    for domain, description in DOMAINS:
        PublicSectorDomain.objects.get_or_create(domain=domain, defaults={"description": description})

    # Permissions are normally created after all migrations; create them now so the group can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    operators, _ = Group.objects.get_or_create(name="Operators")
    for app_label, codename in OPERATOR_PERMISSIONS:
        operators.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    # Wagtail's own migrations create Editors and Moderators; make sure they exist whatever ran first.
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for name in ("Editors", "Moderators"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)


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
