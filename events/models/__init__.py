"""Models of the events app (DESIGN §4 events, §5 expo)."""

from .base import AlreadyPlaced, CapacityError, RegistrationError, StateMachine
from .events import Activity, Event, TicketType
from .expo import Booth, ExhibitorApplication, ExhibitorPass, Hall
from .orders import (
    Attendee,
    AttendeeReplacement,
    CheckIn,
    InvoiceRequest,
    Order,
    Payment,
    PaymentProof,
    Place,
    Refund,
    TrainingCertificate,
    WaitingListEntry,
)
from .pages import EventIndexPage, EventPage

__all__ = [
    "Activity",
    "AlreadyPlaced",
    "Attendee",
    "AttendeeReplacement",
    "Booth",
    "CapacityError",
    "CheckIn",
    "Event",
    "EventIndexPage",
    "EventPage",
    "ExhibitorApplication",
    "ExhibitorPass",
    "Hall",
    "InvoiceRequest",
    "Order",
    "Payment",
    "PaymentProof",
    "Place",
    "Refund",
    "RegistrationError",
    "StateMachine",
    "TicketType",
    "TrainingCertificate",
    "WaitingListEntry",
]
