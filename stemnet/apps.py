from django.apps import AppConfig


class StemnetConfig(AppConfig):
    name = "stemnet"
    verbose_name = "STEMNET"

    def ready(self):
        # System checks, the has_code lookup, the <token:…> URL converter.
        from . import checks, lookups, scheduler, tokens  # noqa: F401

        if scheduler.should_start():  # runserver, embedded: run the beat schedule in-process
            scheduler.start()
