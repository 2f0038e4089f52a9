"""The Operators group's rights over the marketplace fee: the "Marketplace fees" screens in the admin's "Operations"
menu read instalments with `payments.view_feeinstalment` and act on them (record a bank transfer, waive, refund)
with `payments.change_feeinstalment`. The services check that the person is an operator again.

Granted by migration payments/0002 and restorable at any time (`load()` is idempotent).
"""

from django.apps import apps as global_apps

from marketplace.accounts.reference_data import grant

OPERATOR_PERMISSIONS = [("payments", "view_feeinstalment"), ("payments", "change_feeinstalment")]


def load(apps=global_apps) -> None:
    grant(apps, "Operators", OPERATOR_PERMISSIONS)
