from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitorConfig(AppConfig):
    name = "monitor"
    verbose_name = _("STEM monitor")

    def ready(self):
        from . import api, resources  # noqa: F401  (registers the API, the import kinds)
