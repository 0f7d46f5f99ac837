from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "trainings.library"
    label = "library"
    verbose_name = _("Library")

    def ready(self):
        from . import privacy, search  # noqa: F401  (privacy registers the reservations)

        search.connect_signals(self)
