from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "website.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import roles

        post_migrate.connect(roles.sync_roles_after_migrate, dispatch_uid="accounts.sync_roles")
