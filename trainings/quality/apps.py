from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "trainings.quality"
    label = "quality"
    verbose_name = _("Quality of the offer")

    def ready(self):
        from . import privacy  # noqa: F401  (registers personal data)
