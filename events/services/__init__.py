"""Business rules of the events app. Views, the admin, commands and tasks call these."""

from ..models import CapacityError, RegistrationError
from .capacity import Availability, availability
from .checkin import activity_counts, check_in, issue_training_certificates, normalize_code
from .expo import (
    ApplicationData,
    PassData,
    allocate_booth,
    apply_for_booth,
    approve_application,
    record_booth_payment,
    reject_application,
    release_application,
    release_unpaid_booths,
    save_catalogue_entry,
    set_exhibitor_passes,
    withdraw_application,
)
from .invoices import InvoiceData, complete_reversal, issue_invoice, save_invoice_request
from .orders import (
    AttendeeData,
    ContactData,
    approve_order,
    cancel_order,
    expire_overdue_orders,
    person_has_member_rights,
    place_order,
    record_payment,
    record_refund,
    reject_cancellation,
    replace_attendee,
)
from .proofs import upload_proof
from .sweep import sweep
from .waitinglist import (
    accept_offer,
    expire_offers,
    join_waiting_list,
    offer_all_free_places,
    offer_free_places,
    withdraw_entry,
)

__all__ = [
    "ApplicationData",
    "AttendeeData",
    "Availability",
    "CapacityError",
    "ContactData",
    "InvoiceData",
    "PassData",
    "RegistrationError",
    "accept_offer",
    "activity_counts",
    "allocate_booth",
    "apply_for_booth",
    "approve_application",
    "approve_order",
    "availability",
    "cancel_order",
    "check_in",
    "complete_reversal",
    "expire_offers",
    "expire_overdue_orders",
    "issue_invoice",
    "issue_training_certificates",
    "join_waiting_list",
    "normalize_code",
    "offer_all_free_places",
    "offer_free_places",
    "person_has_member_rights",
    "place_order",
    "record_booth_payment",
    "record_payment",
    "record_refund",
    "reject_application",
    "reject_cancellation",
    "release_application",
    "release_unpaid_booths",
    "replace_attendee",
    "save_catalogue_entry",
    "save_invoice_request",
    "set_exhibitor_passes",
    "sweep",
    "upload_proof",
    "withdraw_application",
    "withdraw_entry",
]
