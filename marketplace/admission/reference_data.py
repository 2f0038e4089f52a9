"""The Operators group's rights over applications, admissions and the debarment list.

Granted by migration admission/0002 and restorable at any time (`load()` is idempotent).
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

OPERATOR_PERMISSIONS = [
    ("admission", "decide_application"),
    ("admission", "view_application"),
    ("admission", "manage_admission"),
    ("admission", "view_admission"),
    ("admission", "add_debarmententry"),
    ("admission", "change_debarmententry"),
    ("admission", "view_debarmententry"),
]


def load(apps=global_apps) -> None:
    app_config = apps.get_app_config("admission")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    operators, _ = Group.objects.get_or_create(name="Operators")
    for app_label, codename in OPERATOR_PERMISSIONS:
        operators.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
