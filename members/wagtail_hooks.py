from importlib import import_module

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

# Each module lists its viewsets in `viewsets`; they form one "Members" menu, in this order.
# records: organizations, persons, memberships, branches, experts, imports, reports.
# applications / dues: the join queue, fee schedules, invoices, proofs, change requests.
VIEWSET_MODULES = [
    "members.viewsets.applications",
    "members.viewsets.records",
    "members.viewsets.dues",
]


def collect_viewsets() -> list:
    items = []
    for name in VIEWSET_MODULES:
        try:
            module = import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        items.extend(getattr(module, "viewsets", []))
    return items


class MembersViewSetGroup(ViewSetGroup):
    menu_label = _("Members")
    menu_icon = "group"
    menu_order = 200


@hooks.register("register_admin_viewset")
def register_members_viewsets():
    items = collect_viewsets()
    if not items:
        return []
    MembersViewSetGroup.items = items
    return MembersViewSetGroup()


@hooks.register("register_log_actions")
def register_membership_log_actions(actions):
    actions.register_action(
        "members.membership.create", _("Create membership"), _("Membership created")
    )
    actions.register_action(
        "members.membership.status", _("Change membership status"), _("Membership status changed")
    )
