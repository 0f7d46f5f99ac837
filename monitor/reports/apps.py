from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "monitor.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from . import api, privacy  # noqa: F401  (registers the API, personal data)
