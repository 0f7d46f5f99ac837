from django.apps import AppConfig


class StemnetConfig(AppConfig):
    name = "stemnet"
    verbose_name = "STEMNET"

    def ready(self):
        from . import checks, lookups, scheduler  # noqa: F401  (system checks, the has_code lookup)

        if scheduler.should_start():  # runserver, embedded: run the beat schedule in-process
            scheduler.start()
