from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitorConfig(AppConfig):
    name = "monitor"
    verbose_name = _("STEM monitor")

    def ready(self):
        from . import privacy, resources  # noqa: F401  (registers personal data, import kinds)
