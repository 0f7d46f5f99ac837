from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = _("Trainings")

    def ready(self):
        # The API, personal data and import kinds register themselves when imported.
        from . import api, history, privacy, resources, search  # noqa: F401

        history.register()  # the history of trainings, kept by django-auditlog
        search.connect_signals(self)  # SQLite's search index follows saves and deletes
