from django.apps import AppConfig


class StemnetConfig(AppConfig):
    name = "stemnet"
    verbose_name = "STEMNET"

    def ready(self):
        from . import checks, lookups  # noqa: F401  (system checks, the has_code lookup)
