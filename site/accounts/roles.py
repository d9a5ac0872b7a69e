"""The association's roles as Django groups with their permissions (DESIGN §3).

`sync_roles()` is idempotent and additive: it creates missing groups and grants missing
permissions, and never removes what the secretariat granted by hand. It runs after every
`migrate`, so permissions of models added later are granted as soon as they exist.
A permission is named "app_label.codename"; "app_label.*" means every permission of that app.
"""

import logging
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction

logger = logging.getLogger(__name__)

MEMBERSHIP_STAFF = "秘书处·会员服务"
CERTIFICATION_STAFF = "秘书处·评价认证"
EVENTS_STAFF = "秘书处·会议展览"
EDITORS = "秘书处·网站编辑"
FINANCE_STAFF = "秘书处·财务"
BRANCH_SECRETARIES = "分支机构秘书"
EXPERTS = "专家"
MEMBER_CONTACTS = "会员单位联系人"
MEMBERS = "会员"

ADMIN_ACCESS = "wagtailadmin.access_admin"
PAGE_EDITING = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
PAGE_SUBMITTING = ("add_page", "change_page")
MEDIA = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
)


@dataclass
class Role:
    name: str
    permissions: list[str] = field(default_factory=list)
    # Wagtail page permissions granted on the root page (the whole site).
    site_page_permissions: tuple[str, ...] = ()


ROLES: list[Role] = [
    Role(MEMBERSHIP_STAFF, [ADMIN_ACCESS, "members.*", "wagtailcore.view_logentry"]),
    Role(CERTIFICATION_STAFF, [ADMIN_ACCESS, "certification.*", "members.view_organization"]),
    Role(EVENTS_STAFF, [ADMIN_ACCESS, "events.*", "members.view_organization"]),
    # The bank accounts, taxpayer number and seal that invoices print (website.core.payments).
    Role(
        FINANCE_STAFF,
        [
            ADMIN_ACCESS,
            "core.change_paymentsettings",
            "members.view_invoice",
            "members.view_payment",
            "events.view_order",
        ],
    ),
    Role(
        EDITORS,
        [ADMIN_ACCESS, "publications.*", "wagtailforms.*", *MEDIA],
        site_page_permissions=PAGE_EDITING,
    ),
    # Page permissions on a branch's own section and image and document permissions on its own
    # collection are granted per branch (publications.services.branches), never site-wide.
    Role(BRANCH_SECRETARIES, [ADMIN_ACCESS]),
    Role(EXPERTS),
    Role(MEMBER_CONTACTS),
    Role(MEMBERS),
]


def register_permissions(group_name: str, *permissions: str) -> None:
    """Let an app add permissions to a role from its AppConfig.ready()."""
    for role in ROLES:
        if role.name == group_name:
            for permission in permissions:
                if permission not in role.permissions:
                    role.permissions.append(permission)
            return
    raise KeyError(group_name)


def _resolve(spec: str) -> list[Permission]:
    app_label, _, codename = spec.partition(".")
    queryset = Permission.objects.filter(content_type__app_label=app_label)
    if codename != "*":
        queryset = queryset.filter(codename=codename)
    return list(queryset)


def _grant_site_page_permissions(group: Group, codenames: tuple[str, ...]) -> None:
    from wagtail.models import GroupPagePermission, Page

    root = Page.get_first_root_node()
    if root is None:
        return
    for codename in codenames:
        permission = Permission.objects.filter(
            content_type__app_label="wagtailcore", codename=codename
        ).first()
        if permission:
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)


def _grant_collection_permissions(group: Group, specs: list[str]) -> None:
    from wagtail.models import Collection, GroupCollectionPermission

    root = Collection.get_first_root_node()
    if root is None:
        return
    for spec in specs:
        if spec.split(".")[0] not in {"wagtailimages", "wagtaildocs"}:
            continue
        for permission in _resolve(spec):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


@transaction.atomic
def sync_roles() -> dict[str, Group]:
    groups = {}
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role.name)
        wanted: list[Permission] = []
        for spec in role.permissions:
            wanted.extend(_resolve(spec))
        if wanted:
            group.permissions.add(*wanted)
        _grant_collection_permissions(group, role.permissions)
        _grant_site_page_permissions(group, role.site_page_permissions)
        groups[role.name] = group
    return groups


def sync_roles_after_migrate(sender, app_config=None, using="default", **kwargs) -> None:
    # post_migrate fires once per app; sync once, after the last app.
    from django.apps import apps

    last = [config for config in apps.get_app_configs() if config.models_module][-1]
    if app_config is not None and app_config.label != last.label:
        return
    if using != "default":
        return
    sync_roles()
