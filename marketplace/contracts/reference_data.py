"""Content editors keep the call-off terms: Editors draft them, Moderators (who approve content) publish them.
Operators read the contract register (`contracts.view_contract`) in the admin's "Operations" menu.

Granted by migration contracts/0002 and restorable at any time (`load()` is idempotent).
"""

from django.apps import apps as global_apps

from marketplace.accounts.reference_data import grant

EDITOR_PERMISSIONS = [("contracts", "add_calloffterms"), ("contracts", "change_calloffterms"),
                      ("contracts", "lock_calloffterms")]
MODERATOR_PERMISSIONS = [
    *EDITOR_PERMISSIONS, ("contracts", "publish_calloffterms"), ("contracts", "unlock_calloffterms"),
]
OPERATOR_PERMISSIONS = [("contracts", "view_contract")]
# Wagtail adds these to draftable and lockable snippets after migrating; a migration has to make them itself.
WAGTAIL_PERMISSIONS = {"publish": "publish", "lock": "lock", "unlock": "unlock"}


def load(apps=global_apps) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="contracts", model="calloffterms")
    for action in WAGTAIL_PERMISSIONS:
        Permission.objects.get_or_create(
            content_type=content_type, codename=f"{action}_calloffterms",
            defaults={"name": f"Can {action} call-off terms"},
        )
    grant(apps, "Editors", EDITOR_PERMISSIONS)
    grant(apps, "Moderators", MODERATOR_PERMISSIONS)
    grant(apps, "Operators", OPERATOR_PERMISSIONS)
