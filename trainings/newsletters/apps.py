from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    name = "trainings.newsletters"
    label = "newsletters"
    verbose_name = _("Newsletters")

    def ready(self):
        from . import privacy  # noqa: F401  (registers personal data)
