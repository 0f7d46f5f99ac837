from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The coordinator workspace: pages only. It calls the trainings, evaluations and budget
    services and selectors and defines no rule of its own (no models)."""

    name = "trainings.workspace"
    label = "workspace"
    verbose_name = _("Coordinator workspace")
