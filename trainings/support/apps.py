from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "trainings.support"
    label = "support"
    verbose_name = _("Support for teachers")

    def ready(self):
        from . import mail, privacy  # noqa: F401  (registers mail kinds and personal data)
