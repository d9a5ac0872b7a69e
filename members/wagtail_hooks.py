from importlib import import_module

from django.urls import include, path
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
    menu_label = _("Member management")
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


# Records (members-office): choosers, the secretaries' branch view, reports, dashboard ----------


@hooks.register("register_admin_viewset")
def register_record_choosers():
    from .viewsets.records import chooser_viewsets

    return chooser_viewsets


@hooks.register("register_admin_viewset")
def register_my_branches():
    from .viewsets.branch_office import my_branches_viewset

    return my_branches_viewset


@hooks.register("register_admin_urls")
def register_report_urls():
    from .viewsets.reports import report_urls

    return [path("reports/members/", include((report_urls(), "members_reports")))]


def _report_menu_item(index):
    def menu_item():
        from .viewsets.reports import report_menu_items

        return report_menu_items()[index]

    return menu_item


for _index in range(4):
    hooks.register("register_reports_menu_item", _report_menu_item(_index))


@hooks.register("construct_homepage_panels")
def add_membership_panel(request, panels):
    if request.user.has_perm("members.view_membership"):
        from .dashboard import MembershipPanel

        panels.append(MembershipPanel(request))


@hooks.register("register_log_actions")
def register_record_log_actions(actions):
    actions.register_action(
        "members.branch.position_add", _("Add branch position"), _("Branch position added")
    )
    actions.register_action(
        "members.branch.position_remove", _("Remove branch position"), _("Branch position removed")
    )
    actions.register_action(
        "members.branch.secretary_add", _("Add branch secretary"), _("Branch secretary added")
    )
    actions.register_action(
        "members.branch.secretary_remove",
        _("Remove branch secretary"),
        _("Branch secretary removed"),
    )
    actions.register_action(
        "members.expert.conflict", _("Declare conflict of interest"), _("Conflict declared")
    )
    actions.register_action(
        "members.import.run", _("Import spreadsheet"), _("Spreadsheet imported")
    )


# The join, dues and portal actions: (action, label, past-tense message).
JOIN_AND_DUES_ACTIONS = [
    ("members.application.create", _("Start application"), _("Application started")),
    ("members.application.submit", _("Submit application"), _("Application submitted")),
    ("members.application.review", _("Start review"), _("Review started")),
    ("members.application.return", _("Return application"), _("Application returned")),
    ("members.application.reject", _("Reject application"), _("Application rejected")),
    ("members.application.approve", _("Approve application"), _("Application approved")),
    ("members.invoice.issue", _("Issue invoice"), _("Invoice issued")),
    ("members.invoice.payment", _("Record payment"), _("Payment recorded")),
    ("members.invoice.proof", _("Upload proof of payment"), _("Proof of payment uploaded")),
    ("members.invoice.open", _("Reopen invoice"), _("Invoice reopened")),
    ("members.invoice.overdue", _("Mark invoice overdue"), _("Invoice overdue")),
    ("members.invoice.paid", _("Mark invoice paid"), _("Invoice paid")),
    ("members.invoice.cancelled", _("Cancel invoice"), _("Invoice cancelled")),
    ("members.proof.confirm", _("Confirm proof of payment"), _("Proof of payment confirmed")),
    ("members.proof.reject", _("Reject proof of payment"), _("Proof of payment rejected")),
    ("members.membership.reminder", _("Send renewal reminder"), _("Renewal reminder sent")),
    ("members.organization.profile", _("Edit profile"), _("Profile edited by the member")),
    ("members.organization.key_fields", _("Change key fields"), _("Key fields changed")),
    ("members.change_request.create", _("Request a change"), _("Change requested")),
    ("members.change_request.approve", _("Approve change"), _("Change approved")),
    ("members.change_request.reject", _("Reject change"), _("Change rejected")),
    ("members.contact.invite", _("Invite contact"), _("Contact invited")),
    ("members.contact.uninvite", _("Withdraw invitation"), _("Invitation withdrawn")),
    ("members.contact.add", _("Add contact"), _("Contact added")),
    ("members.contact.remove", _("Remove contact"), _("Contact removed")),
    ("members.contact.role", _("Change contact role"), _("Contact role changed")),
]


@hooks.register("register_log_actions")
def register_join_and_dues_log_actions(actions):
    for action, label, message in JOIN_AND_DUES_ACTIONS:
        actions.register_action(action, label, message)
