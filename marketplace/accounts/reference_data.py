"""The accounts data every installation starts with: the public-sector domain allow-list and the groups.

Loaded by migration accounts/0002 and restorable at any time (`load()` is idempotent).
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

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


def grant(apps, group_name: str, permissions: list[tuple[str, str]], app_labels: list[str] | None = None) -> None:
    """Give a group permissions, creating the group, and the permissions if they do not exist yet.

    During migrations permissions do not exist yet (Django creates them after
    the last migration), so they are created here for the apps concerned.
    """
    wanted = set(app_labels or {app_label for app_label, _ in permissions})
    for app_config in apps.get_app_configs():
        if app_config.label not in wanted:
            continue
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    for app_label, codename in permissions:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def load(apps=global_apps) -> None:
    """Create what is missing; change nothing an operator has edited."""
    PublicSectorDomain = apps.get_model("accounts", "PublicSectorDomain")
    for domain, description in DOMAINS:
        PublicSectorDomain.objects.get_or_create(domain=domain, defaults={"description": description})

    grant(apps, "Operators", OPERATOR_PERMISSIONS)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # Wagtail's own migrations create Editors and Moderators; make sure they exist whatever ran first.
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for name in ("Editors", "Moderators"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
