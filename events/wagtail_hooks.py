from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.ui.components import Component

from .viewsets import EventsViewSetGroup


@hooks.register("register_admin_viewset")
def register_events_viewsets():
    return EventsViewSetGroup()


class CapacityPanel(Component):
    """Admin home: registrations against capacity of the coming events."""

    name = "events_capacity"
    order = 150
    template_name = "events/admin/dashboard_panel.html"

    def get_context_data(self, parent_context=None):
        from .admin_views import dashboard_rows

        return {"rows": dashboard_rows()}


@hooks.register("construct_homepage_panels")
def add_capacity_panel(request, panels):
    if request.user.has_perm("events.view_order"):
        panels.append(CapacityPanel())


LOG_ACTIONS = [
    ("events.order.create", _("Place order"), _("Order placed")),
    ("events.order.approve", _("Approve order"), _("Order approved")),
    ("events.order.confirm", _("Confirm order"), _("Order confirmed")),
    (
        "events.order.payment",
        pgettext_lazy("events", "Record payment"),
        pgettext_lazy("events", "Payment recorded"),
    ),
    ("events.order.refund", _("Record refund"), _("Refund recorded")),
    ("events.order.proof", _("Upload transfer slip"), _("Transfer slip uploaded")),
    ("events.order.cancel", _("Cancel order"), _("Order cancelled")),
    ("events.order.cancellation_request", _("Request cancellation"), _("Cancellation requested")),
    ("events.order.cancellation_reject", _("Refuse cancellation"), _("Cancellation refused")),
    ("events.order.expire", _("Expire order"), _("Order expired")),
    ("events.order.release", _("Release held places"), _("Held places released")),
    ("events.attendee.replace", _("Replace attendee"), _("Attendee replaced")),
    ("events.attendee.checkin", _("Check in"), _("Attendee checked in")),
    ("events.invoice.request", _("Request invoice"), _("Invoice requested")),
    ("events.invoice.edit", _("Edit invoice request"), _("Invoice request edited")),
    (
        "events.invoice.issue",
        pgettext_lazy("events", "Issue invoice"),
        pgettext_lazy("events", "Invoice issued"),
    ),
    ("events.invoice.withdraw", _("Withdraw invoice request"), _("Invoice request withdrawn")),
    (
        "events.invoice.reversal_request",
        _("Request invoice reversal"),
        _("Invoice reversal requested"),
    ),
    ("events.invoice.reverse", _("Reverse invoice"), _("Invoice reversed")),
    ("events.waitinglist.join", _("Join waiting list"), _("Joined the waiting list")),
    ("events.waitinglist.offer", _("Offer place"), _("Place offered")),
    ("events.waitinglist.accept", _("Accept offer"), _("Offer accepted")),
    ("events.waitinglist.withdraw", _("Leave waiting list"), _("Left the waiting list")),
    ("events.waitinglist.expire", _("Expire offer"), _("Offer expired")),
    (
        "events.event.certificates",
        _("Issue training certificates"),
        _("Training certificates issued"),
    ),
    ("events.exhibitor.apply", _("Apply to exhibit"), _("Exhibitor application submitted")),
    ("events.exhibitor.approve", _("Approve exhibitor"), _("Exhibitor approved")),
    ("events.exhibitor.reject", _("Reject exhibitor"), _("Exhibitor rejected")),
    ("events.exhibitor.allocate", _("Allocate booth"), _("Booth allocated")),
    ("events.exhibitor.payment", _("Record booth payment"), _("Booth payment recorded")),
    ("events.exhibitor.release", _("Release booths"), _("Booths released")),
    ("events.exhibitor.withdraw", _("Withdraw exhibitor"), _("Exhibitor withdrawn")),
    ("events.exhibitor.catalogue", _("Edit catalogue entry"), _("Catalogue entry edited")),
    ("events.exhibitor.passes", _("Name exhibitor passes"), _("Exhibitor passes named")),
    ("events.booth.block", _("Hold back booth"), _("Booth held back")),
    ("events.booth.unblock", _("Make booth available"), _("Booth made available")),
]


@hooks.register("register_log_actions")
def register_events_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)
