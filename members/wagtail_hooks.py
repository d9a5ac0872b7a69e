from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_membership_log_actions(actions):
    actions.register_action(
        "members.membership.create", _("Create membership"), _("Membership created")
    )
    actions.register_action(
        "members.membership.status", _("Change membership status"), _("Membership status changed")
    )
