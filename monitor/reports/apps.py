from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "monitor.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from networks.comparison import register_reach_source

        from . import api, privacy  # noqa: F401  (registers the API, personal data)
        from .comparison import latest_reach

        register_reach_source(latest_reach)  # the home network's reach on the directory page
