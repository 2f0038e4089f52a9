from django.apps import AppConfig


class CompetitionsConfig(AppConfig):
    name = "marketplace.competitions"
    label = "competitions"
    verbose_name = "Competitions"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy check)
