from django.apps import AppConfig


class AdmissionConfig(AppConfig):
    name = "marketplace.admission"
    label = "admission"
    verbose_name = "Admission"
