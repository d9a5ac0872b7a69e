"""What the events app's records share: codes, money, the domain error and the state machine."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.utils.translation import gettext as _

from website.core import states

# Codes that people type at a check-in desk: no 0/O, 1/I/L confusion.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def money(value) -> Decimal:
    """Yuan with two decimals (SQLite's SUM drops the scale of a decimal column)."""
    return Decimal(value).quantize(Decimal("0.01"))


def random_code(length: int = 10, prefix: str = "") -> str:
    return prefix + "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def random_secret() -> str:
    return secrets.token_urlsafe(18)


class RegistrationError(Exception):
    """A user or staff member asked for something the event rules do not allow.

    The message is translated and shown to the person as it is.
    """


class CapacityError(RegistrationError):
    """An activity has no places left for this request. `counts` are the places counted when
    it was refused (activity id → Availability), for the form shown again."""

    def __init__(self, message, activities=(), counts=None):
        super().__init__(message)
        self.activities = list(activities)
        self.counts = dict(counts or {})


class AlreadyPlaced(RegistrationError):
    """The same registration form was sent again: `order` is the one its first sending placed."""

    def __init__(self, order):
        super().__init__(
            _("We had already received this registration: order %(code)s.") % {"code": order.code}
        )
        self.order = order


class StateMachine(states.StateMachine):
    """The shared state machine (website.core.states) raising the events app's error."""

    transition_error = RegistrationError

    class Meta:
        abstract = True
