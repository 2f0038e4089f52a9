"""The Operators group's rights over applications, admissions and the debarment list.

Granted by migration admission/0002 and restorable at any time (`load()` is idempotent).
"""

from django.apps import apps as global_apps

from marketplace.accounts.reference_data import grant

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
    grant(apps, "Operators", OPERATOR_PERMISSIONS)
