from django.apps import AppConfig


class StemnetConfig(AppConfig):
    name = "stemnet"
    verbose_name = "STEMNET"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
