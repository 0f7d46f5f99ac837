from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "networks.schools"
    label = "schools"
    verbose_name = _("School register")

    def ready(self):
        from . import api, resources  # noqa: F401  (registers the API, the import kind)
