from django.db import models

from website.core.states import StateMachine, Transition


class TicketError(Exception):
    pass


def is_owner(ticket, user) -> bool:
    return user is not None and ticket.owner_id == user.pk


class Ticket(StateMachine):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        PAID = "paid", "Paid"
        CANCELLED = "cancelled", "Cancelled"
        USED = "used", "Used"

    transition_error = TicketError
    TRANSITIONS = (
        Transition("open", "paid", name="pay", permission="statemachine_tests.change_ticket"),
        Transition(("open", "paid"), "cancelled", name="cancel", guard=is_owner),
        Transition("paid", "used", name="check_in"),
    )

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    owner = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL)
    paid_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=50, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def on_status_change(self, previous: str):
        if self.status == self.Status.PAID:
            from django.utils import timezone

            self.paid_at = timezone.now()
            return ["paid_at"]
        return ()
