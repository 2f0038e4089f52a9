from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "marketplace.contracts"
    label = "contracts"
    verbose_name = "Contracts"
