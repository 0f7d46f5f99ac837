from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "trainings.teams"
    label = "teams"
    verbose_name = _("School teams")

    def ready(self):
        from . import privacy  # noqa: F401  (registers personal data)
