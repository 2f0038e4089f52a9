from django.apps import AppConfig


class BuyersConfig(AppConfig):
    name = "buyers"
    label = "buyers"
    verbose_name = "Buyers"
