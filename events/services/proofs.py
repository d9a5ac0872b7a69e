"""Payment proofs uploaded by registrants, kept in private storage."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from website.core.files import accept

from ..models import Order, PaymentProof, RegistrationError


def upload_proof(order: Order, *, user, file, note: str = "") -> PaymentProof:
    if order.is_cancelled:
        raise RegistrationError(_("This order is cancelled."))
    if order.status == Order.Status.CONFIRMED and order.amount_due() == 0:
        raise RegistrationError(_("This order is already paid."))
    if order.proofs.count() >= 10:
        raise RegistrationError(_("At most ten files can be uploaded per order."))
    try:
        kind = accept(file)
    except ValidationError as error:
        raise RegistrationError(" ".join(error.messages)) from error
    with transaction.atomic():
        proof = PaymentProof.objects.create(
            order=order,
            file=file,
            original_name=file.name,
            content_type=kind.content_type,
            size=file.size,
            uploaded_by=user,
            note=note.strip()[:200],
        )
        log(order, "events.order.proof", user=user, data={"file": file.name})
    return proof
