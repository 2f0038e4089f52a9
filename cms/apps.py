from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    label = "cms"
    verbose_name = "Content"

    def ready(self):
        # Guidance pages are findable through search/: Wagtail's publishing queues their index updates.
        from . import signal_handlers

        signal_handlers.connect()
