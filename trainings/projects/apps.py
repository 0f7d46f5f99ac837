from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "trainings.projects"
    label = "projects"
    verbose_name = _("School development projects")

    def ready(self):
        from . import privacy  # noqa: F401  (registers its personal data)
