"""Payment proofs uploaded by registrants, kept in private storage."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..models import Order, PaymentProof, RegistrationError
from ..models.files import validate_private_upload


def upload_proof(order: Order, *, user, file, note: str = "") -> PaymentProof:
    if order.is_cancelled:
        raise RegistrationError(_("This order is cancelled."))
    if order.status == Order.Status.CONFIRMED and order.amount_due() == 0:
        raise RegistrationError(_("This order is already paid."))
    if order.proofs.count() >= 10:
        raise RegistrationError(_("At most ten files can be uploaded per order."))
    try:
        content_type, name = validate_private_upload(file)
    except ValidationError as error:
        raise RegistrationError(" ".join(error.messages)) from error
    file.name = name
    with transaction.atomic():
        proof = PaymentProof.objects.create(
            order=order,
            file=file,
            original_name=name,
            content_type=content_type,
            size=file.size,
            uploaded_by=user,
            note=note.strip()[:200],
        )
        log(order, "events.order.proof", user=user, data={"file": name})
    return proof
