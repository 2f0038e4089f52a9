"""Operators moderate solution listings: granted by migration suppliers/0002, restorable any time."""

from django.apps import apps as global_apps

from marketplace.accounts.reference_data import grant

OPERATOR_PERMISSIONS = [("suppliers", "moderate_solution"), ("suppliers", "view_solution")]


def load(apps=global_apps) -> None:
    grant(apps, "Operators", OPERATOR_PERMISSIONS)
