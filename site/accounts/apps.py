from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "website.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group, Permission
        from django.db.models.signals import post_migrate
        from wagtail.models import GroupCollectionPermission, GroupPagePermission

        from website.core.cache import cache_areas

        from . import roles
        from .access import PERMISSIONS

        post_migrate.connect(roles.sync_roles_after_migrate, dispatch_uid="accounts.sync_roles")
        # Who may open the back office (website.accounts.access) and the admin's sidebar
        # (website.core.templatetags.kept_wagtailadmin) follow these rows.
        User = get_user_model()
        cache_areas.watch(
            Group,
            Permission,
            Group.permissions.through,
            User.groups.through,
            User.user_permissions.through,
            GroupPagePermission,
            GroupCollectionPermission,
            areas=[PERMISSIONS],
        )
