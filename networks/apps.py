from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Networks and centres")

    def ready(self):
        from stemnet import access

        from . import privacy, resources  # noqa: F401  (registers personal data, import kinds)
        from .selectors import memberships_of

        access.register_membership_source(memberships_of)
