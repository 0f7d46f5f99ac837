from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "trainings.evaluations"
    label = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self):
        from . import privacy  # noqa: F401  (registers personal data)
