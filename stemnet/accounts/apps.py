from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "stemnet.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import privacy  # noqa: F401  (registers the account's personal data)
