from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    name = "marketplace.opendata"
    label = "opendata"
    verbose_name = "Open data"
