from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and bench data (`manage.py seed`). Sits above the core and the front doors, so it may use both."""

    name = "demo"
    label = "demo"
    verbose_name = "Demo data"
